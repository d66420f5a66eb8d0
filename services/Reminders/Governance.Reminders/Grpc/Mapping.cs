using Google.Protobuf.WellKnownTypes;
using Governance.Reminders.Domain;
using Governance.Reminders.Security;
using static Governance.Reminders.Domain.ExpectedTime;

namespace Governance.Reminders.Grpc;

/// <summary>Records to protos. Reminders arrive as <see cref="Seen{T}"/>: only what passed the
/// confidentiality policy is mapped. Danish texts (the time as printed, "PA, BYC") come from the
/// domain's one wording.</summary>
internal static class Mapping
{
    public static V1.Reminder ToProto(Seen<ReminderRecord> seen, int listYear)
    {
        var r = seen.Record;
        var proto = new V1.Reminder
        {
            Name = r.Name,
            Subject = r.Subject,
            ResponsibleAndOthers = r.Responsible.AndOthers,
            ResponsibleText = r.Responsible.Render(),
            ExpectedTime = ToProto(r.ExpectedTime, listYear),
            Notes = r.Notes,
            Closed = r.Closed,
            State = r.State,
            StateChangedBy = r.StateChangedBy,
            Position = r.Position,
            JournalNumber = r.JournalNumber,
            Meeting = r.Meeting,
            Decision = r.Decision,
            Origin = r.Origin,
            Redacted = seen.Redacted,
            Etag = Governance.Data.Concurrency.Etags.Format(r.Version),
            CreateTime = Timestamp.FromDateTime(r.CreatedAt),
            UpdateTime = Timestamp.FromDateTime(r.UpdatedAt),
        };
        proto.Responsible.AddRange(r.Responsible.Parties);
        if (r.Origin == V1.ReminderOrigin.StatutoryDeadline && r.Source is { } deadline) proto.StatutoryDeadline = deadline;
        if (r.Origin == V1.ReminderOrigin.SurveyNextRound && r.Source is { } round) proto.SurveyRound = round;
        if (r.Origin == V1.ReminderOrigin.SurveyActionPlan && r.Source is { } item)
        {
            proto.ActionPlanItem = item;
            proto.SurveyRound = SurveysNames.RoundOfItem(item);
        }
        if (r.StateChangedAt is { } changed) proto.StateChangeTime = Timestamp.FromDateTime(changed);
        if (r.State == V1.ReminderState.Open && r.NextDueAt is { } due) proto.NextDueTime = Timestamp.FromDateTime(due);
        return proto;
    }

    /// <summary>A mark of an occurrence, as the policy let it through (<see cref="RemindersConfidentiality.OccurrenceMarks"/>).</summary>
    public static V1.OccurrenceMark ToProto(Seen<OccurrenceMarkRecord> seen)
    {
        var m = seen.Record;
        return new V1.OccurrenceMark
        {
            Name = m.Name,
            OccurrenceTime = Timestamp.FromDateTime(m.OccurrenceAtUtc),
            State = m.State,
            MarkedBy = m.MarkedBy,
            MarkTime = Timestamp.FromDateTime(m.MarkedAt),
        };
    }

    /// <summary>An expected time with its Danish text as a list of <paramref name="listYear"/> prints it.</summary>
    public static V1.ExpectedTime ToProto(ExpectedTime time, int listYear, int? groupMonth = null)
    {
        var proto = new V1.ExpectedTime { Text = ExpectedTimeText.Render(time, listYear, groupMonth) };
        switch (time)
        {
            case OnDate d:
                proto.Date = Date(d.Date);
                proto.Label = d.Label ?? "";
                break;
            case InMonth m:
                proto.Month = new V1.YearMonth { Year = m.Year, Month = m.Month };
                proto.Label = m.Label ?? "";
                break;
            case Recurring rule:
                proto.Recurrence = new V1.Recurrence
                {
                    Rrule = rule.RRule,
                    Start = new Google.Type.DateTime
                    {
                        Year = rule.Start.Year, Month = rule.Start.Month, Day = rule.Start.Day,
                        Hours = rule.Start.Hour, Minutes = rule.Start.Minute, Seconds = rule.Start.Second,
                        TimeZone = new Google.Type.TimeZone { Id = CopenhagenTime.ZoneId },
                    },
                };
                proto.Label = rule.Label ?? "";
                break;
            case FreeText t:
                proto.FreeText = t.Text;
                break;
        }
        return proto;
    }

    public static V1.CalendarSection ToProto(CalendarSectionRecord c, int listYear)
    {
        var proto = new V1.CalendarSection
        {
            Name = c.Name,
            Title = c.Title,
            Position = c.Position,
            FollowedBody = c.FollowedBody.Length > 0 ? ReminderNames.Body(c.FollowedBody) : "",
            Etag = Governance.Data.Concurrency.Etags.Format(c.Version),
            CreateTime = Timestamp.FromDateTime(c.CreatedAt),
            UpdateTime = Timestamp.FromDateTime(c.UpdatedAt),
        };
        proto.LeadParagraphs.AddRange(c.LeadParagraphs);
        proto.Entries.AddRange(c.Entries.Select(e => ToProto(e, listYear)));
        proto.TrailingParagraphs.AddRange(c.TrailingParagraphs);
        return proto;
    }

    public static V1.CalendarEntry ToProto(CalendarEntryRecord e, int listYear)
    {
        var proto = new V1.CalendarEntry
        {
            Date = Date(e.Date),
            Note = e.Note,
            Meeting = e.Meeting,
            Text = ReminderListLayout.EntryText(e, listYear),
        };
        if (e.Topic is not null) proto.Topic = e.Topic;
        return proto;
    }

    public static V1.ReminderListSettings ToProto(ListSettingsRecord s)
    {
        var proto = new V1.ReminderListSettings
        {
            Name = s.Name,
            SubjectHeading = s.SubjectHeading,
            TimeHeading = s.TimeHeading,
            ResponsibleHeading = s.ResponsibleHeading,
            GroupByMonth = s.GroupByMonth,
            Etag = Governance.Data.Concurrency.Etags.Format(s.Version),
        };
        if (s.UpdatedAt is { } at) proto.UpdateTime = Timestamp.FromDateTime(at);
        return proto;
    }

    /// <summary>The printed list: its groups of rows (each row's reminder found by its place on the
    /// list), its sections and its text.</summary>
    public static V1.ReminderList ToProto(ComposedReminderList list, string bodyId, DateOnly asOf,
        IReadOnlyDictionary<int, ReminderRecord> byPosition, IReadOnlyList<string> sectionNames)
    {
        var proto = new V1.ReminderList
        {
            Body = ReminderNames.Body(bodyId),
            AsOf = Date(asOf),
            SubjectHeading = list.Settings.SubjectHeading,
            TimeHeading = list.Settings.TimeHeading,
            ResponsibleHeading = list.Settings.ResponsibleHeading,
            Text = list.Text,
        };
        foreach (var group in list.Groups)
        {
            var g = new V1.ReminderListGroup { Heading = group.Heading ?? "" };
            foreach (var row in group.Rows)
            {
                var r = byPosition[row.Reminder.Position];
                var protoRow = new V1.ReminderListRow
                {
                    Reminder = r.Name,
                    Subject = row.Reminder.Subject,
                    TimeText = row.TimeText,
                    ExpectedTime = ToProto(row.Reminder.Time, asOf.Year),
                    ResponsibleText = row.ResponsibleText,
                };
                if (r.NextDueAt is { } due) protoRow.NextDueTime = Timestamp.FromDateTime(due);
                g.Rows.Add(protoRow);
            }
            proto.Groups.Add(g);
        }
        for (var i = 0; i < list.Sections.Count; i++)
        {
            var section = list.Sections[i];
            var s = new V1.ReminderListSection { CalendarSection = sectionNames[i], Title = section.Title };
            s.LeadParagraphs.AddRange(section.LeadParagraphs);
            s.Entries.AddRange(section.Lines.Select(l => ToProto(l.Entry, asOf.Year)));
            s.TrailingParagraphs.AddRange(section.TrailingParagraphs);
            proto.Sections.Add(s);
        }
        return proto;
    }

    public static V1.StatutoryDeadline ToProto(StatutoryDeadline d, int listYear)
    {
        var proto = new V1.StatutoryDeadline
        {
            Name = d.Name,
            Subject = d.Subject,
            ExpectedTime = ToProto(d.Time, listYear),
            LegalBasis = d.LegalBasis,
            Etag = Governance.Data.Concurrency.Etags.Format(d.Version),
        };
        proto.Responsible.AddRange(d.DefaultResponsible.Parties);
        if (d.UpdatedAt is { } at) proto.UpdateTime = Timestamp.FromDateTime(at);
        return proto;
    }

    public static Google.Type.Date Date(DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };
}
