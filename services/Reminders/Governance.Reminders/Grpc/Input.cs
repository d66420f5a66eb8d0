using System.Text.RegularExpressions;
using Governance.Reminders.Domain;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Grpc;
using static Governance.Reminders.Domain.ExpectedTime;

namespace Governance.Reminders.Grpc;

/// <summary>Validation of what callers send, with the limits the protos document. Each check names
/// the field path it failed on, so one answer lists every bad field.</summary>
internal static partial class Input
{
    public const int SubjectMax = 500;
    public const int NotesMax = 2_000;
    public const int TitleMax = 200;
    public const int ParagraphMax = 2_000;
    public const int ParagraphsMax = 20;
    public const int EntriesMax = 100;
    public const int EntryNoteMax = 200;
    public const int TopicMax = 500;
    public const int HeadingMax = 100;
    public const int ResourceNameMax = 300;
    public const int RRuleMax = 500;
    public const int TextMax = 200;
    public const int MinYear = 2000;
    public const int MaxYear = 2200;
    public const int HorizonDefault = 120;
    public const int HorizonMax = 730;

    /// <summary>The fields UpdateReminder may change (its update mask's paths).</summary>
    public static readonly string[] ReminderPaths =
        ["subject", "responsible", "responsible_and_others", "expected_time", "notes", "closed", "position", "journal_number", "meeting", "decision"];

    /// <summary>The fields UpdateCalendarSection may change.</summary>
    public static readonly string[] SectionPaths = ["title", "position", "lead_paragraphs", "entries", "trailing_paragraphs", "followed_body"];

    /// <summary>The fields UpdateReminderListSettings may change.</summary>
    public static readonly string[] SettingsPaths = ["subject_heading", "time_heading", "responsible_heading", "group_by_month"];

    // ---- names ----

    /// <summary>The body id of <c>bodies/{body}</c>.</summary>
    public static string Body(string name, string field)
    {
        if (name.StartsWith("bodies/", StringComparison.Ordinal) && ReminderNames.IsBodyId(name["bodies/".Length..]))
        {
            return name["bodies/".Length..];
        }
        throw new ValidationException(field, "must be a body name bodies/{body} ({body}: 1-100 lower-case letters, digits or '-')");
    }

    /// <summary>The body and id of <c>bodies/{body}/{collection}/{id}</c>.</summary>
    public static (string BodyId, string Id) Child(string name, string collection, string field)
    {
        var parts = name.Split('/');
        if (parts is ["bodies", var body, var c, var id] && c == collection && ReminderNames.IsBodyId(body) && ReminderNames.IsResourceId(id))
        {
            return (body, id);
        }
        throw new ValidationException(field, $"must be a name bodies/{{body}}/{collection}/{{id}}");
    }

    /// <summary>The body of <c>bodies/{body}/reminderListSettings</c>.</summary>
    public static string Settings(string name, string field)
    {
        const string suffix = "/reminderListSettings";
        if (name.EndsWith(suffix, StringComparison.Ordinal))
        {
            var body = name[..^suffix.Length];
            if (body.StartsWith("bodies/", StringComparison.Ordinal) && ReminderNames.IsBodyId(body["bodies/".Length..]))
            {
                return body["bodies/".Length..];
            }
        }
        throw new ValidationException(field, "must be a name bodies/{body}/reminderListSettings");
    }

    // ---- reminders ----

    /// <summary>CreateReminder's reminder as a draft; every bad field is added to <paramref name="v"/>.</summary>
    public static ReminderDraft Draft(Validator v, V1.Reminder r)
    {
        v.Required("reminder.subject", r.Subject, SubjectMax);
        var responsible = Responsibles(v, "reminder.responsible", r.Responsible, r.ResponsibleAndOthers);
        var time = Time(v, "reminder.expected_time", r.ExpectedTime);
        v.MaxLength("reminder.notes", r.Notes, NotesMax);
        Position(v, "reminder.position", r.Position);
        JournalNumberField(v, "reminder.journal_number", r.JournalNumber);
        MeetingField(v, "reminder.meeting", r.Meeting);
        DecisionField(v, "reminder.decision", r.Decision);
        return new ReminderDraft(r.Subject, responsible, time ?? new FreeText(""), r.Notes, r.Closed, r.Position, r.JournalNumber,
            r.Meeting, r.Decision);
    }

    /// <summary>UpdateReminder's changes: the fields in <paramref name="paths"/>.</summary>
    public static ReminderChanges Changes(Validator v, V1.Reminder r, IReadOnlySet<string> paths)
    {
        if (paths.Contains("subject")) v.Required("reminder.subject", r.Subject, SubjectMax);
        var parties = paths.Contains("responsible") ? Responsibles(v, "reminder.responsible", r.Responsible, r.ResponsibleAndOthers).Parties : null;
        var time = paths.Contains("expected_time") ? Time(v, "reminder.expected_time", r.ExpectedTime) : null;
        if (paths.Contains("notes")) v.MaxLength("reminder.notes", r.Notes, NotesMax);
        if (paths.Contains("position") && r.Position < 1)
        {
            v.Add("reminder.position", "must be 1 or more (1 = first on the list)");
        }
        if (paths.Contains("journal_number")) JournalNumberField(v, "reminder.journal_number", r.JournalNumber);
        if (paths.Contains("meeting")) MeetingField(v, "reminder.meeting", r.Meeting);
        if (paths.Contains("decision")) DecisionField(v, "reminder.decision", r.Decision);
        return new ReminderChanges(
            Subject: paths.Contains("subject") ? r.Subject : null,
            Parties: parties,
            AndOthers: paths.Contains("responsible_and_others") ? r.ResponsibleAndOthers : null,
            ExpectedTime: time,
            Notes: paths.Contains("notes") ? r.Notes : null,
            Closed: paths.Contains("closed") ? r.Closed : null,
            Position: paths.Contains("position") ? r.Position : null,
            JournalNumber: paths.Contains("journal_number") ? r.JournalNumber : null,
            Meeting: paths.Contains("meeting") ? r.Meeting : null,
            Decision: paths.Contains("decision") ? r.Decision : null);
    }

    public static Responsible Responsibles(Validator v, string field, IReadOnlyList<string> parties, bool andOthers)
    {
        var responsible = new Responsible([.. parties.Select(p => p.Trim())], andOthers);
        foreach (var violation in Responsible.Validate(responsible, field))
        {
            v.Add(violation.Field, violation.Description);
        }
        return responsible;
    }

    /// <summary>An expected time from its proto: exactly one value, each in range, and a rule the
    /// domain accepts (<see cref="ExpectedTimeText.Validate"/>). Null when missing or invalid.</summary>
    public static ExpectedTime? Time(Validator v, string field, V1.ExpectedTime? time)
    {
        if (time is null || time.ValueCase == V1.ExpectedTime.ValueOneofCase.None)
        {
            v.Add(field, "is required: one of date, month, recurrence or free_text");
            return null;
        }
        var label = time.Label.Length > 0 ? time.Label : null;
        var before = v.Violations.Count;
        if (label is not null && time.ValueCase == V1.ExpectedTime.ValueOneofCase.FreeText)
        {
            v.Add($"{field}.label", "must be empty with free_text (the free text is what is shown)");
        }
        ExpectedTime? value = time.ValueCase switch
        {
            V1.ExpectedTime.ValueOneofCase.Date => ProtoTime.ToDateOnly(v, $"{field}.date", time.Date) is { } date
                ? InYears(v, $"{field}.date", date.Year) ? new OnDate(date, label) : null
                : null,
            V1.ExpectedTime.ValueOneofCase.Month => MonthOf(v, $"{field}.month", time.Month, label),
            V1.ExpectedTime.ValueOneofCase.Recurrence => RecurrenceOf(v, $"{field}.recurrence", time.Recurrence, label),
            _ => new FreeText(time.FreeText),
        };
        if (value is null || v.Violations.Count > before)
        {
            return null;
        }
        foreach (var violation in ExpectedTimeText.Validate(value, field))
        {
            v.Add(violation.Field, violation.Description);
        }
        return v.Violations.Count > before ? null : value;
    }

    private static InMonth? MonthOf(Validator v, string field, V1.YearMonth month, string? label)
    {
        var ok = InYears(v, $"{field}.year", month.Year);
        if (month.Month is < 1 or > 12)
        {
            v.Add($"{field}.month", "must be 1-12");
            ok = false;
        }
        return ok ? new InMonth(month.Year, month.Month, label) : null;
    }

    private static Recurring? RecurrenceOf(Validator v, string field, V1.Recurrence recurrence, string? label)
    {
        var ok = v.Required($"{field}.rrule", recurrence.Rrule, RRuleMax);
        if (recurrence.Start is null)
        {
            v.Add($"{field}.start", "is required (the first occurrence, a local time in Europe/Copenhagen)");
            return null;
        }
        if (recurrence.Start.TimeZone is { } zone && zone.Id is { Length: > 0 } id && id != CopenhagenTime.ZoneId
            || recurrence.Start.UtcOffset is not null)
        {
            v.Add($"{field}.start", $"must be a wall-clock time in {CopenhagenTime.ZoneId} (time_zone empty or {CopenhagenTime.ZoneId}, no utc_offset)");
            return null;
        }
        var start = ProtoTime.ToLocalDateTime(v, $"{field}.start", recurrence.Start);
        if (start is null || !InYears(v, $"{field}.start", start.Value.Year) || !ok)
        {
            return null;
        }
        return new Recurring(recurrence.Rrule.Trim(), start.Value, label);
    }

    private static bool InYears(Validator v, string field, int year)
    {
        if (year is < MinYear or > MaxYear)
        {
            v.Add(field, $"must be in the years {MinYear}-{MaxYear}");
            return false;
        }
        return true;
    }

    private static void Position(Validator v, string field, int position)
    {
        if (position < 0)
        {
            v.Add(field, "must be 0 (last) or a place on the list, 1 = first");
        }
    }

    public static void JournalNumberField(Validator v, string field, string value)
    {
        if (value.Length > 0 && !JournalNumber.IsWellFormed(value))
        {
            v.Add(field, "must be a journal number YY/NNNNN, e.g. 12/32140");
        }
    }

    [GeneratedRegex(@"^meetings/[A-Za-z0-9_-]{1,100}\z")]
    private static partial Regex MeetingName();

    [GeneratedRegex(@"^meetings/[A-Za-z0-9_-]{1,100}/items/[A-Za-z0-9_-]{1,100}/decisions/[A-Za-z0-9_-]{1,100}\z")]
    private static partial Regex DecisionName();

    private static void MeetingField(Validator v, string field, string value)
    {
        if (value.Length > 0 && !MeetingName().IsMatch(value))
        {
            v.Add(field, "must be a meeting name meetings/{meeting}");
        }
    }

    private static void DecisionField(Validator v, string field, string value)
    {
        if (value.Length > 0 && !DecisionName().IsMatch(value))
        {
            v.Add(field, "must be a decision name meetings/{meeting}/items/{item}/decisions/{decision}");
        }
    }

    public static V1.ReminderState? StateFilter(Validator v, string field, V1.ReminderState state)
    {
        if (state == V1.ReminderState.Unspecified)
        {
            return null;
        }
        if (!Enum.IsDefined(state))
        {
            v.Add(field, "is not a known state");
            return null;
        }
        return state;
    }

    // ---- calendar sections ----

    /// <summary>A section's content from its proto, the fields in <paramref name="paths"/> (all for a create).</summary>
    public static SectionContent Section(Validator v, V1.CalendarSection c, IReadOnlySet<string>? paths)
    {
        bool Has(string path) => paths is null || paths.Contains(path);
        const string f = "calendar_section";
        if (Has("title")) v.Required($"{f}.title", c.Title, TitleMax);
        if (Has("position"))
        {
            if (paths is null) Position(v, $"{f}.position", c.Position);
            else if (c.Position < 1) v.Add($"{f}.position", "must be 1 or more (1 = first)");
        }
        if (Has("lead_paragraphs")) Paragraphs(v, $"{f}.lead_paragraphs", c.LeadParagraphs);
        if (Has("trailing_paragraphs")) Paragraphs(v, $"{f}.trailing_paragraphs", c.TrailingParagraphs);
        List<CalendarEntryRecord>? entries = null;
        if (Has("entries"))
        {
            entries = [];
            if (v.MaxCount($"{f}.entries", c.Entries, EntriesMax))
            {
                for (var i = 0; i < c.Entries.Count; i++)
                {
                    var e = c.Entries[i];
                    var at = $"{f}.entries[{i}]";
                    if (e.Date is null)
                    {
                        v.Add($"{at}.date", "is required");
                        continue;
                    }
                    var date = ProtoTime.ToDateOnly(v, $"{at}.date", e.Date);
                    v.MaxLength($"{at}.note", e.Note, EntryNoteMax);
                    if (e.HasTopic) v.MaxLength($"{at}.topic", e.Topic, TopicMax);
                    if (date is { } d && InYears(v, $"{at}.date", d.Year))
                    {
                        entries.Add(new CalendarEntryRecord(d, e.Note.Trim(), e.HasTopic ? e.Topic.Trim() : null));
                    }
                }
            }
        }
        string? followed = null;
        if (Has("followed_body"))
        {
            followed = "";
            if (c.FollowedBody.Length > 0)
            {
                if (c.FollowedBody.StartsWith("bodies/", StringComparison.Ordinal) && ReminderNames.IsBodyId(c.FollowedBody["bodies/".Length..]))
                {
                    followed = c.FollowedBody["bodies/".Length..];
                }
                else
                {
                    v.Add($"{f}.followed_body", "must be a body name bodies/{body}");
                }
            }
        }
        return new SectionContent(
            Title: Has("title") ? c.Title.Trim() : null,
            Position: Has("position") ? c.Position : null,
            LeadParagraphs: Has("lead_paragraphs") ? [.. c.LeadParagraphs] : null,
            Entries: entries,
            TrailingParagraphs: Has("trailing_paragraphs") ? [.. c.TrailingParagraphs] : null,
            FollowedBody: followed);
    }

    private static void Paragraphs(Validator v, string field, IList<string> paragraphs)
    {
        if (!v.MaxCount(field, paragraphs, ParagraphsMax))
        {
            return;
        }
        for (var i = 0; i < paragraphs.Count; i++)
        {
            v.Required($"{field}[{i}]", paragraphs[i], ParagraphMax);
        }
    }

    // ---- settings ----

    public static ListSettingsChanges SettingsChanges(Validator v, V1.ReminderListSettings s, IReadOnlySet<string> paths)
    {
        if (paths.Contains("subject_heading")) v.Required("settings.subject_heading", s.SubjectHeading, HeadingMax);
        if (paths.Contains("time_heading")) v.Required("settings.time_heading", s.TimeHeading, HeadingMax);
        if (paths.Contains("responsible_heading")) v.Required("settings.responsible_heading", s.ResponsibleHeading, HeadingMax);
        return new ListSettingsChanges(
            paths.Contains("subject_heading") ? s.SubjectHeading.Trim() : null,
            paths.Contains("time_heading") ? s.TimeHeading.Trim() : null,
            paths.Contains("responsible_heading") ? s.ResponsibleHeading.Trim() : null,
            paths.Contains("group_by_month") ? s.GroupByMonth : null);
    }

    // ---- the printed list and the parser ----

    /// <summary>A date of a list (as_of, reference_date): today in Copenhagen when absent.</summary>
    public static DateOnly? ListDate(Validator v, string field, Google.Type.Date? date, DateTime now)
    {
        if (date is null)
        {
            return DateOnly.FromDateTime(CopenhagenTime.ToLocal(now));
        }
        var d = ProtoTime.ToDateOnly(v, field, date);
        return d is { } value && InYears(v, field, value.Year) ? value : null;
    }

    public static int Horizon(Validator v, string field, int days)
    {
        if (days == 0)
        {
            return HorizonDefault;
        }
        if (days is < 1 or > HorizonMax)
        {
            v.Add(field, $"must be 1-{HorizonMax} days (0 means {HorizonDefault})");
        }
        return days;
    }

    // ---- the statutory catalogue ----

    /// <summary>The fields UpdateStatutoryDeadline may change.</summary>
    public static readonly string[] DeadlinePaths = ["subject", "expected_time", "responsible", "legal_basis"];

    public const int LegalBasisMax = 2_000;

    /// <summary>The key of <c>statutoryDeadlines/{key}</c>.</summary>
    public static string DeadlineKey(string name, string field)
    {
        const string prefix = StatutoryDeadlines.Collection + "/";
        if (name.StartsWith(prefix, StringComparison.Ordinal) && ReminderNames.IsBodyId(name[prefix.Length..]))
        {
            return name[prefix.Length..];
        }
        throw new ValidationException(field, "must be a name statutoryDeadlines/{key} ({key}: lower-case letters, digits or '-')");
    }

    public static StatutoryDeadlineChanges DeadlineChanges(Validator v, V1.StatutoryDeadline d, IReadOnlySet<string> paths)
    {
        const string f = "statutory_deadline";
        if (paths.Contains("subject")) v.Required($"{f}.subject", d.Subject, SubjectMax);
        Recurring? time = null;
        if (paths.Contains("expected_time"))
        {
            if (d.ExpectedTime is { ValueCase: not V1.ExpectedTime.ValueOneofCase.Recurrence and not V1.ExpectedTime.ValueOneofCase.None })
            {
                v.Add($"{f}.expected_time", "must be a recurrence: a statutory deadline comes back every year or every few years");
            }
            else
            {
                time = Time(v, $"{f}.expected_time", d.ExpectedTime) as Recurring;
            }
        }
        var parties = paths.Contains("responsible") ? Responsibles(v, $"{f}.responsible", d.Responsible, false).Parties : null;
        if (paths.Contains("legal_basis")) v.MaxLength($"{f}.legal_basis", d.LegalBasis, LegalBasisMax);
        return new StatutoryDeadlineChanges(
            paths.Contains("subject") ? d.Subject : null, time, parties, paths.Contains("legal_basis") ? d.LegalBasis : null);
    }
}
