using System.Globalization;
using System.Text;

namespace Governance.Reminders.Domain;

/// <summary>A due notice as people read it, in Danish.</summary>
public sealed record NoticeLetter(string Subject, string Body);

/// <summary>One line of a unit's weekly digest: a reminder's occurrence due in the week.</summary>
public sealed record DigestRow(string Reminder, string Body, string? Subject, DateTime DueAtUtc, string Responsible);

/// <summary>The Danish text of the e-mail notices: a notice when a reminder falls due, and a unit's
/// weekly digest. A closed (lukket) reminder is shown as "Lukket punkt": e-mail reaches people outside
/// the body's members, so its subject never goes out.</summary>
public static class NoticeText
{
    public const string ClosedSubject = "Lukket punkt";

    private static readonly string[] DayNames = ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"];

    /// <summary>"Huskeliste: Budgetopfølgning forfalder mandag 14. september 2026 kl. 08.00".</summary>
    public static NoticeLetter Due(string reminder, string body, string? subject, DateTime dueAtUtc, DateTime overdueAtUtc, IReadOnlyList<string> units)
    {
        var what = subject ?? ClosedSubject;
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Punktet \"{what}\" på huskelisten for {body} forfalder {When(dueAtUtc)}.\n")
            .Append(CultureInfo.InvariantCulture, $"Det er overskredet fra {When(overdueAtUtc)}, hvis det ikke er klaret inden.\n")
            .Append(CultureInfo.InvariantCulture, $"Ansvarlig: {string.Join(", ", units)}\n\n")
            .Append(CultureInfo.InvariantCulture, $"Reference: {reminder}\n")
            .ToString();
        return new NoticeLetter($"Huskeliste: {what} forfalder {When(dueAtUtc)}", text);
    }

    /// <summary>"Huskeliste for ØDC, uge 37 2026": the unit's occurrences due that week, by time.</summary>
    public static NoticeLetter Digest(string unit, WeekOf week, IReadOnlyList<DigestRow> rows)
    {
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Punkter på huskelisterne med {unit} som ansvarlig, der forfalder i uge {week.Week} {week.Year}:\n\n");
        foreach (var row in rows.OrderBy(r => r.DueAtUtc).ThenBy(r => r.Reminder, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"- {When(row.DueAtUtc)}: {row.Subject ?? ClosedSubject} ({row.Body}; ansvarlig: {row.Responsible})\n");
        }
        return new NoticeLetter($"Huskeliste for {unit}, uge {week.Week} {week.Year}", text.ToString());
    }

    /// <summary>"mandag 14. september 2026 kl. 08.00", Copenhagen time.</summary>
    public static string When(DateTime utc)
    {
        var local = CopenhagenTime.ToLocal(utc);
        return string.Create(CultureInfo.InvariantCulture,
            $"{DayNames[(int)local.DayOfWeek]} {local.Day}. {ExpectedTimeText.MonthName(local.Month)} {local.Year} kl. {local:HH.mm}");
    }
}

/// <summary>An ISO week in Copenhagen: the digest's period, from Monday 00:00 to the next Monday.</summary>
public sealed record WeekOf(int Year, int Week, DateTime StartUtc, DateTime EndUtc)
{
    /// <summary>"2026-W37": the digest's key.</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{Year:0000}-W{Week:00}");
}

/// <summary>The weekly digest of a unit: which reminders it lists, and when it is sent.</summary>
public static class WeeklyDigest
{
    /// <summary>When in its week a digest goes out: Monday 07:00 Copenhagen time, before the day's
    /// first reminders fall due at 08:00.</summary>
    public static readonly TimeOnly SendTime = new(7, 0);

    /// <summary>The Copenhagen ISO week that contains <paramref name="utc"/>.</summary>
    public static WeekOf WeekContaining(DateTime utc)
    {
        var local = CopenhagenTime.ToLocal(utc);
        var monday = DateOnly.FromDateTime(local).AddDays(-(((int)local.DayOfWeek + 6) % 7));
        var mondayTime = monday.ToDateTime(TimeOnly.MinValue);
        return new WeekOf(ISOWeek.GetYear(mondayTime), ISOWeek.GetWeekOfYear(mondayTime),
            ReminderSchedule.LocalToUtc(mondayTime), ReminderSchedule.LocalToUtc(mondayTime.AddDays(7)));
    }

    /// <summary>Whether the digest of the week containing <paramref name="utc"/> is due to be sent:
    /// from Monday 07:00 on. After downtime the current week's digest goes out late, once; weeks missed
    /// entirely are not sent (they are past).</summary>
    public static bool IsSendTime(DateTime utc)
    {
        var week = WeekContaining(utc);
        return utc >= ReminderSchedule.LocalToUtc(CopenhagenTime.ToLocal(week.StartUtc).Date.Add(SendTime.ToTimeSpan()));
    }

    /// <summary>The occurrences due in <paramref name="week"/> of the open reminders that name
    /// <paramref name="unit"/> among their responsible units, less those marked done or skipped
    /// (<paramref name="marked"/>: the marked keys by reminder id).</summary>
    public static IReadOnlyList<DigestRow> Rows(string unit, WeekOf week, IEnumerable<ReminderRecord> reminders,
        IReadOnlyDictionary<string, IReadOnlySet<string>>? marked = null) =>
        [.. from r in reminders
            where r.State == V1.ReminderState.Open && r.Responsible.Units().Contains(unit, StringComparer.Ordinal)
            from o in ReminderSchedule.Between(r.ExpectedTime, week.StartUtc, week.EndUtc)
            where marked?.GetValueOrDefault(r.Id)?.Contains(o.Key) != true
            orderby o.DueAtUtc
            select new DigestRow(r.Name, ReminderNames.Body(r.BodyId), r.Closed ? null : r.Subject, o.DueAtUtc, r.Responsible.Render())];
}
