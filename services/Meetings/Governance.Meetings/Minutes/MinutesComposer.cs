using Governance.Meetings.Domain;
using Governance.Meetings.Grpc;
using Governance.Meetings.V1;

namespace Governance.Meetings.Minutes;

/// <summary>
/// Builds the structured minutes (referat) of a meeting for an audience. For the public a closed
/// item is "Lukket" and its journal number, and nothing of its content goes into the response: the
/// redaction happens here, before any field or the text rendering sees the item.
/// </summary>
internal static class MinutesComposer
{
    public static V1.Minutes Compose(MeetingRecord meeting, BodyRecord body, IReadOnlyList<(ItemRecord Item, IReadOnlyList<DecisionView> History)> items,
        Audience audience)
    {
        var minutes = new V1.Minutes
        {
            Name = $"{Identifiers.MeetingName(meeting.Id)}/minutes",
            Meeting = Identifiers.MeetingName(meeting.Id),
            Status = meeting.State == MeetingState.MinutesApproved ? MinutesStatus.Approved : MinutesStatus.Draft,
            Audience = audience,
            Title = Wording.MinutesTitle(body.DisplayName, meeting.StartLocal),
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
            },
            ApproveTime = Mapping.Ts(meeting.MinutesApprovedAt),
        };
        foreach (var (item, history) in items)
        {
            var redacted = item.Kind == ItemKind.Closed && audience != Audience.Members;
            var title = redacted ? Wording.Closed : item.Title;
            minutes.TableOfContents.Add(new TableOfContentsEntry { Number = item.Position, Title = title, Supplement = item.Supplement });
            var entry = new MinutesItem
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
            if (!redacted)
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
            }
            minutes.Items.Add(entry);
        }
        minutes.Text = MinutesText.Render(minutes);
        return minutes;
    }
}
