using Governance.Meetings.Domain;
using Governance.Meetings.Grpc;
using Governance.Meetings.Security;
using Governance.Meetings.V1;

namespace Governance.Meetings.Minutes;

/// <summary>
/// Builds the structured minutes (referat) of a meeting for an audience. What the audience sees of a
/// closed item is <see cref="MeetingsConfidentiality.ForMinutes"/>: for the public it is "Lukket" and
/// its journal number, and nothing of its content goes into the response: the redaction happens here,
/// before any field or the text rendering sees the item. The decisions come already filtered.
/// </summary>
internal static class MinutesComposer
{
    /// <summary>The minutes of <paramref name="meeting"/> for <paramref name="audience"/>. The body's
    /// reminder list goes into an item of kind REMINDER_LIST: <paramref name="reminderList"/> (kept
    /// content, at approval) or, for a draft, filled in after the read (<see cref="WithReminderList"/>),
    /// not while the store is open. <paramref name="unclassifiedLines"/>: of imported minutes, the
    /// document's lines outside any item that the importer did not understand.</summary>
    public static V1.Minutes Compose(MeetingRecord meeting, BodyRecord body, IReadOnlyList<(ItemRecord Item, IReadOnlyList<DecisionView> History)> items,
        Audience audience, ReminderListContent? reminderList = null, IReadOnlyList<string>? unclassifiedLines = null)
    {
        var approved = meeting.State == MeetingState.MinutesApproved;
        var minutes = new V1.Minutes
        {
            Name = $"{Identifiers.MeetingName(meeting.Id)}/minutes",
            Meeting = Identifiers.MeetingName(meeting.Id),
            Status = approved ? MinutesStatus.Approved : MinutesStatus.Draft,
            Audience = audience,
            Title = Wording.MinutesTitle(body.DisplayName, meeting.StartLocal, draft: !approved),
            Header = new MinutesHeader
            {
                Body = Identifiers.BodyName(body.Id),
                BodyDisplayName = body.DisplayName,
                Start = Mapping.LocalDateTime(meeting.StartLocal),
                MeetingDateText = CopenhagenTime.LongDateTime(meeting.StartLocal),
                Room = meeting.Room,
                Participants = { meeting.Participants },
                ParticipantsText = Wording.Participants(meeting.Participants),
                Secretary = meeting.Participants.FirstOrDefault(p => p.Role == MemberRole.Secretary)?.DisplayName ?? "",
                Title = meeting.Title,
                UnclassifiedLines = { unclassifiedLines ?? [] },
            },
            ApproveTime = Mapping.Ts(meeting.MinutesApprovedAt),
        };
        var readers = MeetingsConfidentiality.ForMinutes(audience, meeting.BodyId);
        foreach (var (item, history) in items)
        {
            var entry = ItemEntry(item, readers, meeting.BodyId);
            minutes.TableOfContents.Add(new TableOfContentsEntry { Number = item.Position, Title = entry.Title, Supplement = item.Supplement });
            if (!entry.Redacted)
            {
                entry.Sections.AddRange(item.Sections.Select(s => new Section
                {
                    Kind = s.Kind,
                    Heading = s.Heading,
                    Text = string.IsNullOrWhiteSpace(s.Text) ? Wording.NoRemarks : s.Text,
                }));
                entry.Recommendation = item.Recommendation;
                entry.Decisions.AddRange(history.Select(Mapping.ToProto));
                entry.Guests.AddRange(item.Guests);
                entry.Attachments.AddRange(item.Attachments);
                if (item.Kind == ItemKind.ReminderList && reminderList is not null)
                {
                    entry.ReminderList = reminderList.Clone();
                }
            }
            minutes.Items.Add(entry);
        }
        minutes.Text = MinutesText.Render(minutes);
        return minutes;
    }

    /// <summary>Whether a minutes entry shows the body's reminder list (an item of that kind whose
    /// content the audience sees).</summary>
    public static bool ShowsReminderList(MinutesItem entry) => entry.Kind == ItemKind.ReminderList && !entry.Redacted;

    /// <summary>Draft minutes with the body's reminder list as read now, in each entry that shows it,
    /// and the text printed again with it.</summary>
    public static V1.Minutes WithReminderList(V1.Minutes draft, ReminderListContent reminderList)
    {
        var minutes = draft.Clone();
        foreach (var entry in minutes.Items.Where(ShowsReminderList))
        {
            entry.ReminderList = reminderList.Clone();
        }
        minutes.Text = MinutesText.Render(minutes);
        return minutes;
    }

    /// <summary>Approved minutes as kept at approval, followed by the corrections recorded since (each
    /// under its item, already filtered for the audience): the record itself, fields and text, is
    /// unchanged; the corrections are a separate part after it.</summary>
    public static V1.Minutes WithCorrections(V1.Minutes record, IReadOnlyList<(ItemRecord Item, IReadOnlyList<DecisionView> Corrections)> corrections)
    {
        var minutes = record.Clone();
        var bodyId = Identifiers.ParseBody(record.Header.Body, "header.body");
        var readers = MeetingsConfidentiality.ForMinutes(record.Audience, bodyId);
        foreach (var (item, decisions) in corrections)
        {
            var entry = ItemEntry(item, readers, bodyId);
            // Closed content never reaches the public, also not a correction's.
            if (decisions.Count == 0 || entry.Redacted)
            {
                continue;
            }
            entry.Decisions.AddRange(decisions.Select(Mapping.ToProto));
            minutes.CorrectionsAfterApproval.Add(entry);
        }
        if (minutes.CorrectionsAfterApproval.Count > 0)
        {
            minutes.Text = record.Text + "\n" + MinutesText.RenderCorrections(minutes.CorrectionsAfterApproval);
        }
        return minutes;
    }

    /// <summary>An item's line in the minutes, without content: for readers who may not see a closed
    /// item, "Lukket" and its journal number.</summary>
    private static MinutesItem ItemEntry(ItemRecord item, MeetingsConfidentiality readers, string bodyId)
    {
        var redacted = !readers.SeesContent(item, bodyId);
        var title = readers.TitleOf(item, bodyId);
        return new MinutesItem
        {
            Number = item.Position,
            Heading = Wording.ItemHeading(item.Position, title),
            Title = title,
            JournalNumber = item.JournalNumber,
            Kind = item.Kind,
            Redacted = redacted,
            Supplement = item.Supplement,
            Item = Identifiers.ItemName(item.MeetingId, item.Id),
        };
    }
}
