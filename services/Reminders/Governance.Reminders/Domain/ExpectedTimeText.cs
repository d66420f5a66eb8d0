using System.Globalization;
using System.Text.RegularExpressions;
using Governance.ServiceDefaults.Errors;
using Ical.Net;
using Ical.Net.DataTypes;

namespace Governance.Reminders.Domain;

/// <summary>The Danish wording of an <see cref="ExpectedTime"/> as the minutes print it, the parser for
/// the reverse (the minutes import reads the secretary's text with it), and the validation of a time
/// a caller sends.
/// <para>Standard wordings of rules (anything else needs a Label):
/// FREQ=DAILY "Dagligt"; FREQ=WEEKLY "Ugentligt"; FREQ=WEEKLY;INTERVAL=n "Hver n. uge";
/// FREQ=MONTHLY "Månedligt"; FREQ=MONTHLY;INTERVAL=3 "Kvartalsvis"; FREQ=MONTHLY;INTERVAL=n "Hver n. måned";
/// FREQ=MONTHLY;BYDAY=nMO (n 1-4) "(n. uge månedligt)"; FREQ=YEARLY (in the start's month) or
/// FREQ=YEARLY;BYMONTH=m "Årligt i marts"; FREQ=YEARLY;BYMONTH=m;BYMONTHDAY=d "Årligt 1. maj";
/// FREQ=YEARLY;INTERVAL=n "Hvert n. år" (from the start's month), with " i marts" / " 1. maj" when BYMONTH (and
/// BYMONTHDAY) is given.
/// COUNT, UNTIL and other parts have no wording.</para></summary>
public static partial class ExpectedTimeText
{
    /// <summary>08:00: the time of day of a rule whose text gives none, and of a date's due notice.</summary>
    public static readonly TimeOnly DefaultTimeOfDay = new(8, 0);

    /// <summary>Most characters of a Label or a free text.</summary>
    public const int MaxTextLength = 200;

    /// <summary>Most characters of an RRULE.</summary>
    public const int MaxRuleLength = 300;

    /// <summary>Most occurrences a COUNT may ask for: a counted rule is enumerated from its start, so
    /// its size bounds the work of finding a next occurrence.</summary>
    public const int MaxCount = 1000;

    /// <summary>The years a date, a month or a rule's start may lie in.</summary>
    public const int MinYear = 2000, MaxYear = 2200;

    private static readonly string[] MonthNames =
        ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"];

    // Abbreviations the secretaries use, with or without the full stop ("aug.", "sept.").
    private static readonly Dictionary<string, int> MonthWords = BuildMonthWords();

    /// <summary>The Danish name of a month, lower case: 3 → "marts".</summary>
    public static string MonthName(int month) => MonthNames[month - 1];

    /// <summary>"September": the month name as the list's month headings and month times print it.</summary>
    public static string MonthHeading(int month) => Capitalised(MonthName(month));

    /// <summary>"28. august", with " 2014" when the year is not <paramref name="listYear"/>.</summary>
    public static string DateText(DateOnly date, int listYear) =>
        $"{date.Day}. {MonthName(date.Month)}" + (date.Year != listYear ? $" {date.Year}" : "");

    /// <summary>The text the list prints for a time: its Label when set, else its standard wording.
    /// <paramref name="groupMonth"/> is the month of the group the row stands under ("13." for the 13th
    /// of that month in <paramref name="listYear"/>).</summary>
    public static string Render(ExpectedTime time, int listYear, int? groupMonth = null) => time switch
    {
        ExpectedTime.OnDate { Label: { } label } => label,
        ExpectedTime.InMonth { Label: { } label } => label,
        ExpectedTime.Recurring { Label: { } label } => label,
        ExpectedTime.OnDate d => StandardWording(d, listYear, groupMonth),
        ExpectedTime.InMonth m => StandardWording(m, listYear),
        ExpectedTime.Recurring r => RuleWording(r.RRule, r.Start) ?? r.RRule,
        ExpectedTime.FreeText f => f.Text,
        _ => throw new ArgumentOutOfRangeException(nameof(time)),
    };

    /// <summary>The standard Danish wording of a rule, or null when this function cannot word it (then
    /// the time needs a Label). <paramref name="start"/> gives the month of a yearly rule without BYMONTH.</summary>
    public static string? RuleWording(string rrule, DateTime start)
    {
        if (ReadRule(rrule) is not { } rule || rule.Count is not null || rule.Until is not null || rule.FirstDayOfWeek != DayOfWeek.Monday ||
            rule.BySecond.Count + rule.ByMinute.Count + rule.ByHour.Count + rule.ByYearDay.Count + rule.ByWeekNo.Count + rule.BySetPosition.Count > 0)
        {
            return null;
        }
        var interval = rule.Interval;
        return rule.Frequency switch
        {
            FrequencyType.Daily when rule.ByDay.Count + rule.ByMonth.Count + rule.ByMonthDay.Count == 0 && interval == 1 => "Dagligt",
            FrequencyType.Weekly when rule.ByDay.Count + rule.ByMonth.Count + rule.ByMonthDay.Count == 0 =>
                interval == 1 ? "Ugentligt" : $"Hver {interval}. uge",
            FrequencyType.Monthly when rule.ByMonth.Count + rule.ByMonthDay.Count == 0 => rule.ByDay switch
            {
                [] => interval switch { 1 => "Månedligt", 3 => "Kvartalsvis", _ => $"Hver {interval}. måned" },
                [{ DayOfWeek: DayOfWeek.Monday, Offset: >= 1 and <= 4 and var week }] when interval == 1 => $"({week}. uge månedligt)",
                _ => null,
            },
            FrequencyType.Yearly when rule.ByDay.Count == 0 => (rule.ByMonth, rule.ByMonthDay) switch
            {
                ([], []) => interval == 1 ? $"Årligt i {MonthName(start.Month)}" : $"Hvert {interval}. år",
                ([var month], []) => YearlyPrefix(interval) + $" i {MonthName(month)}",
                ([var month], [var day]) when day >= 1 && day <= DateTime.DaysInMonth(2000, month) =>
                    YearlyPrefix(interval) + $" {day}. {MonthName(month)}",
                _ => null,
            },
            _ => null,
        };
    }

    /// <summary>The time a text names, never throwing: a date ("28. august", "28/8", "13." under
    /// <paramref name="groupMonth"/>), a month ("September", "Aug."), a rule ("Månedligt", "(2. uge
    /// månedligt)", "Hvert 3. år") or else the text verbatim as <see cref="ExpectedTime.FreeText"/>. A
    /// year left out is the one that puts the time nearest <paramref name="reference"/>, within
    /// (reference − 6 months, reference + 6 months]. The Label is the text when it differs from the
    /// standard wording of what it was read as.</summary>
    public static ExpectedTime Parse(string text, DateOnly reference, int? groupMonth = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = Read(text.Trim(), reference, groupMonth);
        if (value is null)
        {
            return new ExpectedTime.FreeText(text);
        }
        return Render(value, reference.Year, groupMonth) == text ? value : WithLabel(value, text);
    }

    /// <summary>The DTSTART of a rule read without a date: its first occurrence on or after the first
    /// day of the reference date's month, at 08:00 ("Månedligt" read on 9 September 2013 starts 1
    /// September 2013 08:00; "(2. uge månedligt)" on 9 September 2013, the second Monday of that month;
    /// "Hvert 3. år i marts" on 1 March 2014, the interval counting from there). Null when the rule
    /// cannot be read or has no occurrence.</summary>
    public static DateTime? DefaultStart(string rrule, DateOnly reference)
    {
        ArgumentNullException.ThrowIfNull(rrule);
        var monthStart = new DateTime(reference.Year, reference.Month, 1, DefaultTimeOfDay.Hour, DefaultTimeOfDay.Minute, 0);
        // Without INTERVAL: the first matching day starts the series, rather than the first one an
        // interval counted from the month start reaches (67 years on for "every 67th year in March").
        var everyPeriod = string.Join(';', rrule.Split(';').Where(part => !part.StartsWith("INTERVAL=", StringComparison.OrdinalIgnoreCase)));
        return ReminderSchedule.FirstLocalStart(everyPeriod, monthStart);
    }

    /// <summary>What is wrong with a time a caller sends, as field violations under
    /// <paramref name="fieldPrefix"/> ("expected_time.rrule"); empty when it is valid.</summary>
    public static IReadOnlyList<FieldViolation> Validate(ExpectedTime time, string fieldPrefix)
    {
        ArgumentNullException.ThrowIfNull(time);
        var violations = new List<FieldViolation>();
        switch (time)
        {
            case ExpectedTime.OnDate d:
                CheckYear(d.Date.Year, $"{fieldPrefix}.date", violations);
                CheckLabel(d.Label, fieldPrefix, violations);
                break;
            case ExpectedTime.InMonth m:
                CheckYear(m.Year, $"{fieldPrefix}.year", violations);
                if (m.Month is < 1 or > 12)
                {
                    violations.Add(new($"{fieldPrefix}.month", $"The month must be 1-12, not {m.Month}."));
                }
                CheckLabel(m.Label, fieldPrefix, violations);
                break;
            case ExpectedTime.Recurring r:
                CheckRule(r, fieldPrefix, violations);
                CheckLabel(r.Label, fieldPrefix, violations);
                break;
            case ExpectedTime.FreeText f:
                CheckText(f.Text, $"{fieldPrefix}.text", "The free text", violations);
                break;
        }
        return violations;
    }

    private static void CheckRule(ExpectedTime.Recurring r, string fieldPrefix, List<FieldViolation> violations)
    {
        var field = $"{fieldPrefix}.rrule";
        CheckYear(r.Start.Year, $"{fieldPrefix}.start", violations);
        if (string.IsNullOrWhiteSpace(r.RRule) || r.RRule.Length > MaxRuleLength)
        {
            violations.Add(new(field, $"The recurrence rule must be 1-{MaxRuleLength} characters."));
            return;
        }
        if (r.RRule.StartsWith("RRULE:", StringComparison.OrdinalIgnoreCase))
        {
            violations.Add(new(field, "The recurrence rule is given without the \"RRULE:\" prefix."));
            return;
        }
        if (ReadRule(r.RRule) is not { } rule || !r.RRule.Contains("FREQ=", StringComparison.OrdinalIgnoreCase))
        {
            violations.Add(new(field, $"The recurrence rule {CallerValue.Quote(r.RRule)} is not an RFC 5545 RRULE."));
            return;
        }
        if (rule.Frequency is not (FrequencyType.Daily or FrequencyType.Weekly or FrequencyType.Monthly or FrequencyType.Yearly))
        {
            violations.Add(new(field, "FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY."));
            return;
        }
        if (rule.Interval is < 1 or > 99)
        {
            violations.Add(new(field, "INTERVAL must be 1-99."));
            return;
        }
        if (rule.Count is < 1 or > MaxCount)
        {
            violations.Add(new(field, $"COUNT must be 1-{MaxCount}."));
            return;
        }
        if (rule.Count is not null && rule.Until is not null)
        {
            violations.Add(new(field, "A rule has COUNT or UNTIL, not both."));
            return;
        }
        if (r.Start.Year is >= MinYear and <= MaxYear && ReminderSchedule.FirstLocalStart(r.RRule, r.Start) is null)
        {
            violations.Add(new(field, "The recurrence rule has no occurrence after its start."));
            return;
        }
        if (r.Label is null && RuleWording(r.RRule, r.Start) is null)
        {
            violations.Add(new($"{fieldPrefix}.label", "This recurrence rule has no standard Danish wording: give it a label."));
        }
    }

    private static void CheckYear(int year, string field, List<FieldViolation> violations)
    {
        if (year is < MinYear or > MaxYear)
        {
            violations.Add(new(field, $"The year must be {MinYear}-{MaxYear}, not {year}."));
        }
    }

    private static void CheckLabel(string? label, string fieldPrefix, List<FieldViolation> violations)
    {
        if (label is not null)
        {
            CheckText(label, $"{fieldPrefix}.label", "The label", violations);
        }
    }

    private static void CheckText(string text, string field, string what, List<FieldViolation> violations)
    {
        if (text.Length is < 1 or > MaxTextLength || string.IsNullOrWhiteSpace(text))
        {
            violations.Add(new(field, $"{what} must be 1-{MaxTextLength} characters."));
        }
        else if (text.Any(char.IsControl))
        {
            violations.Add(new(field, $"{what} {CallerValue.Quote(text)} contains control characters."));
        }
    }

    /// <summary>The rule as Ical.Net reads it, or null when it cannot.</summary>
    internal static RecurrenceRule? ReadRule(string rrule)
    {
        try
        {
            return new RecurrenceRule(rrule);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or OverflowException)
        {
            return null;
        }
    }

    private static string StandardWording(ExpectedTime.OnDate d, int listYear, int? groupMonth) =>
        groupMonth == d.Date.Month && d.Date.Year == listYear ? $"{d.Date.Day}." : DateText(d.Date, listYear);

    private static string StandardWording(ExpectedTime.InMonth m, int listYear) =>
        MonthHeading(m.Month) + (m.Year != listYear ? $" {m.Year}" : "");

    private static string YearlyPrefix(int interval) => interval == 1 ? "Årligt" : $"Hvert {interval}. år";

    private static ExpectedTime WithLabel(ExpectedTime value, string label) => value switch
    {
        ExpectedTime.OnDate d => d with { Label = label },
        ExpectedTime.InMonth m => m with { Label = label },
        ExpectedTime.Recurring r => r with { Label = label },
        _ => value,
    };

    private static ExpectedTime? Read(string text, DateOnly reference, int? groupMonth)
    {
        if (text.Length is 0 or > MaxTextLength)
        {
            return null;
        }
        if (DayOnly().Match(text) is { Success: true } dayOnly)
        {
            return groupMonth is { } gm && gm is >= 1 and <= 12 ? DateNear(int.Parse(dayOnly.Groups["day"].Value, CultureInfo.InvariantCulture), gm, null, reference) : null;
        }
        if (DayAndMonthName().Match(text) is { Success: true } named && MonthWords.TryGetValue(named.Groups["month"].Value.ToLowerInvariant(), out var namedMonth))
        {
            return DateNear(Number(named, "day"), namedMonth, OptionalNumber(named, "year"), reference);
        }
        if (DaySlashMonth().Match(text) is { Success: true } slashed)
        {
            return DateNear(Number(slashed, "day"), Number(slashed, "month"), OptionalNumber(slashed, "year"), reference);
        }
        if (MonthAlone().Match(text) is { Success: true } alone && MonthWords.TryGetValue(alone.Groups["month"].Value.ToLowerInvariant(), out var month))
        {
            var year = OptionalNumber(alone, "year") ?? NearestYear(y => new DateOnly(y, month, 1), reference);
            return year is { } y && y is >= 1 and <= 9999 ? new ExpectedTime.InMonth(y, month) : null;
        }
        return ReadRuleText(text, reference);
    }

    private static ExpectedTime? ReadRuleText(string text, DateOnly reference)
    {
        // "(Kvartalsvis)" is "Kvartalsvis" in parentheses; "(2. uge månedligt)" keeps them as its standard wording.
        var words = text.ToLowerInvariant();
        if (words.StartsWith('(') && words.EndsWith(')'))
        {
            words = words[1..^1].Trim();
        }
        words = Spaces().Replace(words, " ");
        string? rule = words switch
        {
            "dagligt" or "daglig" or "hver dag" => "FREQ=DAILY",
            "ugentligt" or "ugentlig" or "hver uge" => "FREQ=WEEKLY",
            "månedligt" or "månedlig" or "hver måned" => "FREQ=MONTHLY",
            "kvartalsvis" or "hvert kvartal" => "FREQ=MONTHLY;INTERVAL=3",
            _ when words.StartsWith("kvartalsmøde", StringComparison.Ordinal) => "FREQ=MONTHLY;INTERVAL=3",
            _ => null,
        };
        if (rule is null && EveryNth().Match(words) is { Success: true } nth)
        {
            var n = Number(nth, "n");
            rule = n is >= 1 and <= 99 ? nth.Groups["unit"].Value == "uge" ? WithInterval("FREQ=WEEKLY", n) : WithInterval("FREQ=MONTHLY", n) : null;
        }
        if (rule is null && WeekOfMonth().Match(words) is { Success: true } week)
        {
            rule = $"FREQ=MONTHLY;BYDAY={week.Groups["week"].Value}MO";
        }
        if (rule is null && Yearly().Match(words) is { Success: true } yearly)
        {
            var interval = yearly.Groups["n"].Success ? Number(yearly, "n") : yearly.Groups["other"].Success ? 2 : yearly.Groups["third"].Success ? 3 : 1;
            int? month = yearly.Groups["month"].Success && MonthWords.TryGetValue(yearly.Groups["month"].Value, out var m) ? m : null;
            int? day = yearly.Groups["day"].Success ? Number(yearly, "day") : null;
            var valid = interval is >= 1 and <= 99 && (yearly.Groups["month"].Success == month.HasValue) &&
                (day is null || (month is { } dm && day >= 1 && day <= DateTime.DaysInMonth(2000, dm)));
            rule = !valid ? null : WithInterval("FREQ=YEARLY", interval) + (month is { } bm ? $";BYMONTH={bm}" : "") + (day is { } bd ? $";BYMONTHDAY={bd}" : "");
        }
        return rule is not null && DefaultStart(rule, reference) is { } start ? new ExpectedTime.Recurring(rule, start) : null;
    }

    private static string WithInterval(string rule, int interval) => interval == 1 ? rule : $"{rule};INTERVAL={interval}";

    private static ExpectedTime.OnDate? DateNear(int day, int month, int? year, DateOnly reference)
    {
        if (month is < 1 or > 12 || day < 1 || day > 31)
        {
            return null;
        }
        if (year is { } y)
        {
            return y is >= 1 and <= 9999 && day <= DateTime.DaysInMonth(y, month) ? new(new DateOnly(y, month, day)) : null;
        }
        var nearest = NearestYear(candidate => day <= DateTime.DaysInMonth(candidate, month) ? new DateOnly(candidate, month, day) : null, reference);
        return nearest is { } ny ? new(new DateOnly(ny, month, day)) : null;
    }

    // The year (of reference.Year − 1 .. + 1) whose date lies in (reference − 6 months, reference + 6
    // months], nearest the reference when the window's edges let two in; else the nearest at all.
    private static int? NearestYear(Func<int, DateOnly?> dateIn, DateOnly reference)
    {
        if (reference.Year is < 2 or > 9998)
        {
            return null;
        }
        var from = reference.AddMonths(-6);
        var to = reference.AddMonths(6);
        var candidates = new[] { reference.Year - 1, reference.Year, reference.Year + 1 }
            .Select(y => (Year: y, Date: dateIn(y)))
            .Where(c => c.Date is not null)
            .Select(c => (c.Year, Distance: Math.Abs(c.Date!.Value.DayNumber - reference.DayNumber), Inside: c.Date > from && c.Date <= to))
            .OrderByDescending(c => c.Inside).ThenBy(c => c.Distance)
            .ToList();
        return candidates.Count > 0 ? candidates[0].Year : null;
    }

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    private static int? OptionalNumber(Match match, string group) => match.Groups[group].Success ? Number(match, group) : null;

    private static string Capitalised(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    private static Dictionary<string, int> BuildMonthWords()
    {
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var m = 1; m <= 12; m++)
        {
            words[MonthNames[m - 1]] = m;
            words[MonthNames[m - 1][..3]] = m;
        }
        words["sept"] = 9;
        return words;
    }

    [GeneratedRegex(@"^(?<day>[0-9]{1,2})\.$")]
    private static partial Regex DayOnly();

    [GeneratedRegex(@"^(?:d\.\s*)?(?<day>[0-9]{1,2})\.\s*(?<month>\p{L}+)\.?(?:\s+(?<year>[0-9]{4}))?$", RegexOptions.IgnoreCase)]
    private static partial Regex DayAndMonthName();

    [GeneratedRegex(@"^(?<day>[0-9]{1,2})/(?<month>[0-9]{1,2})(?:[-\s](?<year>[0-9]{4}))?$")]
    private static partial Regex DaySlashMonth();

    [GeneratedRegex(@"^(?<month>\p{L}+)\.?(?:\s+(?<year>[0-9]{4}))?$", RegexOptions.IgnoreCase)]
    private static partial Regex MonthAlone();

    [GeneratedRegex(@"^hver (?<n>[0-9]{1,2})\. (?<unit>uge|måned)$")]
    private static partial Regex EveryNth();

    [GeneratedRegex(@"^(?<week>[1-4])\. uge månedligt$")]
    private static partial Regex WeekOfMonth();

    [GeneratedRegex(@"^(?:årligt?|hvert år|hvert (?<n>[0-9]{1,2})\. år|(?<other>hvert andet år)|(?<third>hvert tredje år))(?: i (?<month>\p{L}+)| (?:d\. )?(?<day>[0-9]{1,2})\. (?<month>\p{L}+))?$")]
    private static partial Regex Yearly();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
