using Governance.Meetings.Domain;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Grpc;

namespace Governance.Meetings.Grpc;

/// <summary>
/// Validation of what callers send, with the limits the protos document. Each check names the
/// field path it failed on, so one answer lists every bad field.
/// </summary>
internal static class Input
{
    public const int NameMax = 200;
    public const int TitleMax = 500;
    public const int LongTextMax = 100_000;
    public const int TextMax = 10_000;
    public const int ShortTextMax = 2_000;
    public const int UnitMax = 50;
    public const int PeopleMax = 100;

    public static void People(Validator v, string field, ICollection<BodyMember> people)
    {
        if (!v.MaxCount(field, people, PeopleMax))
        {
            return;
        }
        var i = 0;
        foreach (var p in people)
        {
            v.Required($"{field}[{i}].display_name", p.DisplayName, NameMax);
            v.MaxLength($"{field}[{i}].unit", p.Unit, UnitMax);
            if (!System.Enum.IsDefined(p.Role))
            {
                v.Add($"{field}[{i}].role", "is not a known role");
            }
            i++;
        }
    }

    public static IReadOnlyList<BodyMember> NormalizePeople(IEnumerable<BodyMember> people) =>
        [.. people.Select(p => new BodyMember
        {
            DisplayName = p.DisplayName.Trim(),
            Role = p.Role == MemberRole.Unspecified ? MemberRole.Member : p.Role,
            Unit = p.Unit.Trim(),
        })];

    public static void JournalNumber(Validator v, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            v.Add(field, "is required (journal number YY/NNNNN, e.g. 16/26813)");
        }
        else if (!Kernel.JournalNumber.IsWellFormed(value))
        {
            v.Add(field, $"{CallerValue.Quote(value)} is not a journal number of the form YY/NNNNN, e.g. 16/26813");
        }
    }

    public static void Body(Validator v, string prefix, Body body, IReadOnlySet<string> paths)
    {
        if (paths.Contains("display_name")) v.Required($"{prefix}.display_name", body.DisplayName, NameMax);
        if (paths.Contains("short_name")) v.MaxLength($"{prefix}.short_name", body.ShortName, 20);
        if (paths.Contains("members")) People(v, $"{prefix}.members", body.Members);
        if (paths.Contains("usual_room")) v.MaxLength($"{prefix}.usual_room", body.UsualRoom, NameMax);
        if (paths.Contains("agenda_template") && v.MaxCount($"{prefix}.agenda_template", body.AgendaTemplate, 30))
        {
            for (var i = 0; i < body.AgendaTemplate.Count; i++)
            {
                v.Required($"{prefix}.agenda_template[{i}].title", body.AgendaTemplate[i].Title, TitleMax);
                JournalNumber(v, $"{prefix}.agenda_template[{i}].journal_number", body.AgendaTemplate[i].JournalNumber);
                // One list per body: a second item would print the same Huskeliste twice.
                if (body.AgendaTemplate[i].ReminderList && body.AgendaTemplate.Take(i).Any(t => t.ReminderList))
                {
                    v.Add($"{prefix}.agenda_template[{i}].reminder_list", "only one standing item of a template can be the reminder list");
                }
            }
        }
    }

    /// <summary>The local start (Europe/Copenhagen) and its UTC instant, or a violation.</summary>
    public static (DateTime Local, DateTime Utc)? Start(Validator v, string field, Google.Type.DateTime? start)
    {
        if (start is null)
        {
            v.Add(field, "is required: the local start in Europe/Copenhagen, e.g. 2017-03-09 08:30");
            return null;
        }
        if (start.UtcOffset is not null)
        {
            v.Add($"{field}.utc_offset", "is not accepted; give the local time with time_zone Europe/Copenhagen or none");
            return null;
        }
        if (start.TimeZone is { Id.Length: > 0 } zone && zone.Id != CopenhagenTime.ZoneId)
        {
            v.Add($"{field}.time_zone", $"must be {CopenhagenTime.ZoneId} or empty (was {CallerValue.Quote(zone.Id)})");
            return null;
        }
        if (ProtoTime.ToLocalDateTime(v, field, start) is not { } local)
        {
            return null;
        }
        // Meetings are planned within these years, to the whole second.
        if (local.Year is < 2000 or > 2200 || start.Nanos != 0)
        {
            v.Add(field, "is not a valid date and time (year 2000-2200, whole seconds)");
            return null;
        }
        var utc = CopenhagenTime.ToUtc(local);
        if (utc is null)
        {
            v.Add(field, $"{local.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)} does not exist in Europe/Copenhagen (clocks move forward); choose another time");
            return null;
        }
        return (local, utc.Value);
    }

    public static DateOnly? Date(Validator v, string field, Google.Type.Date? date) => ProtoTime.ToDateOnly(v, field, date);

    /// <summary>An item's fields. <paramref name="imported"/>: an item of ImportMeeting, the only one that
    /// may hold a section of kind UNCLASSIFIED (lines the importer did not understand).</summary>
    public static void Item(Validator v, string prefix, AgendaItem item, IReadOnlySet<string> paths, bool imported = false)
    {
        if (paths.Contains("journal_number")) JournalNumber(v, $"{prefix}.journal_number", item.JournalNumber);
        if (paths.Contains("title")) v.Required($"{prefix}.title", item.Title, TitleMax);
        if (paths.Contains("kind") && (item.Kind == ItemKind.Unspecified || !System.Enum.IsDefined(item.Kind)))
        {
            v.Add($"{prefix}.kind", "is required: ORDINARY, STANDING or CLOSED");
        }
        if (paths.Contains("sections") && v.MaxCount($"{prefix}.sections", item.Sections, 30))
        {
            for (var i = 0; i < item.Sections.Count; i++)
            {
                var s = item.Sections[i];
                var f = $"{prefix}.sections[{i}]";
                if (s.Kind == SectionKind.Unspecified || !System.Enum.IsDefined(s.Kind))
                {
                    v.Add($"{f}.kind", "is required (BAGGRUND, SAGSFREMSTILLING, OKONOMI, ..., OTHER)");
                }
                if (s.Kind == SectionKind.Unclassified && !imported)
                {
                    v.Add($"{f}.kind", "UNCLASSIFIED is only for imported minutes (ImportMeeting); choose a kind, or OTHER with a heading");
                }
                if (s.Kind == SectionKind.Other)
                {
                    v.Required($"{f}.heading", s.Heading, NameMax);
                }
                else
                {
                    v.MaxLength($"{f}.heading", s.Heading, NameMax);
                }
                v.MaxLength($"{f}.text", s.Text, LongTextMax);
            }
        }
        if (paths.Contains("recommendation") && item.Recommendation is { } r)
        {
            var f = $"{prefix}.recommendation";
            v.MaxLength($"{f}.unit", r.Unit, NameMax);
            v.MaxLength($"{f}.text", r.Text, TextMax);
            if (v.MaxCount($"{f}.points", r.Points, 50))
            {
                var labels = new HashSet<string>();
                for (var i = 0; i < r.Points.Count; i++)
                {
                    if (v.Required($"{f}.points[{i}].label", r.Points[i].Label, 10) && !labels.Add(r.Points[i].Label))
                    {
                        v.Add($"{f}.points[{i}].label", $"{CallerValue.Quote(r.Points[i].Label)} is used by an earlier point; labels must be unique");
                    }
                    v.Required($"{f}.points[{i}].text", r.Points[i].Text, TextMax);
                }
            }
        }
        if (paths.Contains("guests") && v.MaxCount($"{prefix}.guests", item.Guests, 50))
        {
            for (var i = 0; i < item.Guests.Count; i++)
            {
                var g = item.Guests[i];
                v.Required($"{prefix}.guests[{i}].display_name", g.DisplayName, NameMax);
                v.MaxLength($"{prefix}.guests[{i}].affiliation", g.Affiliation, NameMax);
                if (g.JoinsAt is { } t && (t.Hours is < 0 or > 23 || t.Minutes is < 0 or > 59 || t.Seconds is < 0 or > 59 || t.Nanos != 0))
                {
                    v.Add($"{prefix}.guests[{i}].joins_at", "is not a valid time of day (00:00-23:59)");
                }
            }
        }
        if (paths.Contains("attachments") && v.MaxCount($"{prefix}.attachments", item.Attachments, 100))
        {
            for (var i = 0; i < item.Attachments.Count; i++)
            {
                var a = item.Attachments[i];
                v.Required($"{prefix}.attachments[{i}].title", a.Title, TitleMax);
                if (a.DocumentNumber.Length > 0 && !Identifiers.DocumentNumber().IsMatch(a.DocumentNumber))
                {
                    v.Add($"{prefix}.attachments[{i}].document_number",
                        $"{CallerValue.Quote(a.DocumentNumber)} is not a document number of the form NNNNNN/YY, e.g. 177144/12");
                }
            }
        }
    }

    /// <summary>An imported decision with its dates parsed.</summary>
    public sealed record ImportedDecisionInput(ImportedDecision Decision, DateOnly MeetingDate, DateOnly? PostponedTo);

    /// <summary>What ImportMeeting needs of a valid request: the body, the start and each item's decisions with their dates.</summary>
    public sealed record ImportInput(string BodyId, DateTime StartLocal, DateTime StartUtc, IReadOnlyList<IReadOnlyList<ImportedDecisionInput>> Decisions);

    /// <summary>Every field of an imported item is checked (an import sets them all).</summary>
    private static readonly IReadOnlySet<string> ImportedItemPaths =
        new HashSet<string> { "journal_number", "title", "kind", "sections", "recommendation", "guests", "attachments" };

    public const int ImportItemsMax = 200;
    public const int ImportDecisionsMax = 50;
    public const int UnclassifiedLinesMax = 1000;
    public const int SourceMax = 500;

    /// <summary>Checks an ImportMeeting request against the limits of its proto, every bad field at
    /// once. The item fields are checked by <see cref="Item"/>, as AddAgendaItem checks them.</summary>
    public static ImportInput Import(ImportMeetingRequest request, DateTime nowUtc)
    {
        var v = new Validator();
        string? bodyId = null;
        try
        {
            bodyId = Identifiers.ParseBody(request.Body, "body");
        }
        catch (ValidationException ex)
        {
            v.Add(ex.Violations[0].Field, ex.Violations[0].Description);
        }
        var start = Start(v, "start", request.Start);
        if (start is { } st && st.Utc >= nowUtc)
        {
            v.Add("start", "must be in the past: only the minutes of a meeting that was held can be imported");
        }
        var date = start is { } sd ? DateOnly.FromDateTime(sd.Local) : (DateOnly?)null;
        v.MaxLength("room", request.Room, NameMax);
        People(v, "participants", request.Participants);
        v.MaxLength("source", request.Source, SourceMax);
        if (v.MaxCount("unclassified_lines", request.UnclassifiedLines, UnclassifiedLinesMax))
        {
            for (var i = 0; i < request.UnclassifiedLines.Count; i++)
            {
                v.MaxLength($"unclassified_lines[{i}]", request.UnclassifiedLines[i], TextMax);
            }
        }
        var decisions = new List<IReadOnlyList<ImportedDecisionInput>>();
        if (request.Items.Count == 0)
        {
            v.Add("items", $"is required: the meeting's items in agenda order (1-{ImportItemsMax})");
        }
        else if (v.MaxCount("items", request.Items, ImportItemsMax))
        {
            for (var i = 0; i < request.Items.Count; i++)
            {
                decisions.Add(ImportedItem(v, $"items[{i}]", request.Items[i], date));
                // One list per meeting, as one per agenda template: a second would print the same Huskeliste twice.
                if (request.Items[i].Kind == ItemKind.ReminderList && request.Items.Take(i).Any(t => t.Kind == ItemKind.ReminderList))
                {
                    v.Add($"items[{i}].kind", "only one item of the minutes can be the reminder list (REMINDER_LIST)");
                }
            }
        }
        v.ThrowIfInvalid();
        return new ImportInput(bodyId!, start!.Value.Local, start.Value.Utc, decisions);
    }

    /// <summary>The fields of an item as on the agenda (<see cref="Item"/>), then its reminder list and decisions.</summary>
    private static IReadOnlyList<ImportedDecisionInput> ImportedItem(Validator v, string prefix, ImportedItem item, DateOnly? importedDate)
    {
        var asAgendaItem = new AgendaItem
        {
            Title = item.Title,
            JournalNumber = item.JournalNumber,
            Kind = item.Kind == ItemKind.Unspecified ? ItemKind.Ordinary : item.Kind,
            Recommendation = item.Recommendation,
            Sections = { item.Sections },
            Guests = { item.Guests },
            Attachments = { item.Attachments },
        };
        Item(v, prefix, asAgendaItem, ImportedItemPaths, imported: true);
        if (item.ReminderList is { } list)
        {
            var f = $"{prefix}.reminder_list";
            if (item.Kind != ItemKind.ReminderList)
            {
                v.Add(f, "is only for an item of kind REMINDER_LIST");
            }
            v.MaxLength($"{f}.subject_heading", list.SubjectHeading, NameMax);
            v.MaxLength($"{f}.time_heading", list.TimeHeading, NameMax);
            v.MaxLength($"{f}.responsible_heading", list.ResponsibleHeading, NameMax);
            v.MaxLength($"{f}.text", list.Text, LongTextMax);
            if (v.MaxCount($"{f}.rows", list.Rows, 500))
            {
                for (var i = 0; i < list.Rows.Count; i++)
                {
                    var r = list.Rows[i];
                    v.MaxLength($"{f}.rows[{i}].group", r.Group, NameMax);
                    v.MaxLength($"{f}.rows[{i}].subject", r.Subject, TitleMax);
                    v.MaxLength($"{f}.rows[{i}].time_text", r.TimeText, NameMax);
                    v.MaxLength($"{f}.rows[{i}].responsible_text", r.ResponsibleText, NameMax);
                }
            }
        }
        var decisions = new List<ImportedDecisionInput>();
        if (!v.MaxCount($"{prefix}.decisions", item.Decisions, ImportDecisionsMax))
        {
            return decisions;
        }
        for (var i = 0; i < item.Decisions.Count; i++)
        {
            var d = item.Decisions[i];
            var f = $"{prefix}.decisions[{i}]";
            if (d.Outcome == DecisionOutcome.Unspecified || !System.Enum.IsDefined(d.Outcome))
            {
                v.Add($"{f}.outcome", "is required: APPROVED, NOTED, DISCUSSED, APPROVED_WITH_REMARKS, REJECTED or POSTPONED");
            }
            v.MaxLength($"{f}.text", d.Text, LongTextMax);
            var meetingDate = Date(v, $"{f}.meeting_date", d.MeetingDate);
            if (d.MeetingDate is null)
            {
                v.Add($"{f}.meeting_date", "is required: the date of the meeting the decision was made at");
            }
            else if (meetingDate is { } md && importedDate is { } id && md > id)
            {
                v.Add($"{f}.meeting_date", "must not be after the imported meeting's date");
            }
            var postponedTo = Date(v, $"{f}.postponed_to_date", d.PostponedToDate);
            if (postponedTo is { } p && meetingDate is { } m && importedDate is { } imported)
            {
                if (m >= imported)
                {
                    v.Add($"{f}.postponed_to_date", "is only for a decision of an earlier meeting (one of the imported meeting is this meeting's own)");
                }
                else if (p <= m || p > imported)
                {
                    v.Add($"{f}.postponed_to_date", "must be after the decision's meeting_date and not after the imported meeting's date");
                }
                else if (d.Outcome != DecisionOutcome.Postponed)
                {
                    v.Add($"{f}.postponed_to_date", "is only for a decision with outcome POSTPONED");
                }
            }
            if (meetingDate is not null)
            {
                decisions.Add(new ImportedDecisionInput(d, meetingDate.Value, postponedTo));
            }
        }
        return decisions;
    }

    /// <summary>Sections with their printed heading filled in.</summary>
    public static IReadOnlyList<Section> NormalizeSections(IEnumerable<Section> sections) =>
        [.. sections.Select(s => new Section
        {
            Kind = s.Kind,
            // Lines the importer did not understand are printed as written, without a heading.
            Heading = s.Kind == SectionKind.Unclassified ? ""
                : string.IsNullOrWhiteSpace(s.Heading) ? Wording.SectionHeading(s.Kind) : s.Heading.Trim(),
            Text = s.Text,
        })];

    public static void Decision(Validator v, string prefix, Decision d, IReadOnlySet<string> paths)
    {
        if (paths.Contains("outcome") && (d.Outcome == DecisionOutcome.Unspecified || !System.Enum.IsDefined(d.Outcome)))
        {
            v.Add($"{prefix}.outcome", "is required: APPROVED, NOTED, DISCUSSED, APPROVED_WITH_REMARKS, REJECTED or POSTPONED");
        }
        if (paths.Contains("text")) v.MaxLength($"{prefix}.text", d.Text, LongTextMax);
        if (paths.Contains("point_outcomes") && v.MaxCount($"{prefix}.point_outcomes", d.PointOutcomes, 50))
        {
            for (var i = 0; i < d.PointOutcomes.Count; i++)
            {
                var p = d.PointOutcomes[i];
                v.Required($"{prefix}.point_outcomes[{i}].label", p.Label, 10);
                if (p.Outcome == DecisionOutcome.Unspecified || !System.Enum.IsDefined(p.Outcome))
                {
                    v.Add($"{prefix}.point_outcomes[{i}].outcome", "is required");
                }
                v.MaxLength($"{prefix}.point_outcomes[{i}].text", p.Text, TextMax);
            }
        }
        if (paths.Contains("follow_ups") && v.MaxCount($"{prefix}.follow_ups", d.FollowUps, 50))
        {
            for (var i = 0; i < d.FollowUps.Count; i++)
            {
                v.Required($"{prefix}.follow_ups[{i}].description", d.FollowUps[i].Description, ShortTextMax);
                v.Required($"{prefix}.follow_ups[{i}].unit", d.FollowUps[i].Unit, UnitMax);
                Date(v, $"{prefix}.follow_ups[{i}].due_date", d.FollowUps[i].DueDate);
            }
        }
        if (paths.Contains("referrals") && v.MaxCount($"{prefix}.referrals", d.Referrals, 20))
        {
            for (var i = 0; i < d.Referrals.Count; i++)
            {
                v.Required($"{prefix}.referrals[{i}].body_display_name", d.Referrals[i].BodyDisplayName, NameMax);
                Date(v, $"{prefix}.referrals[{i}].expected_date", d.Referrals[i].ExpectedDate);
                v.MaxLength($"{prefix}.referrals[{i}].text", d.Referrals[i].Text, ShortTextMax);
            }
        }
    }

    /// <summary>The ids a new decision links to: the meeting a postponement goes to, and the decision a
    /// correction corrects (which must be of the same item).</summary>
    public static (string? PostponeTo, string? Corrects) DecisionLinks(Validator v, Decision d, string meetingId, string itemId)
    {
        string? postponeTo = null;
        if (d.PostponedTo.Length > 0)
        {
            postponeTo = Identifiers.ParseMeeting(d.PostponedTo, "decision.postponed_to");
            if (d.Outcome != DecisionOutcome.Postponed)
            {
                v.Add("decision.postponed_to", "is only for a decision with outcome POSTPONED");
            }
        }
        string? corrects = null;
        if (d.Corrects.Length > 0)
        {
            var target = Identifiers.ParseDecision(d.Corrects, "decision.corrects");
            if (target.MeetingId != meetingId || target.ItemId != itemId)
            {
                v.Add("decision.corrects", $"must be a decision of {Identifiers.ItemName(meetingId, itemId)}");
            }
            corrects = target.DecisionId;
        }
        return (postponeTo, corrects);
    }
}
