using Google.Protobuf.WellKnownTypes;
using Governance.Meetings.V1;

namespace Governance.Meetings.Tests.Api;

/// <summary>ScheduleMeeting, GetMeeting, ListMeetings, UpdateMeeting, CancelMeeting and the lifecycle
/// PublishAgenda → MarkMeetingHeld → ApproveMinutes.</summary>
public abstract class MeetingsApiTests(IApiHost host) : ApiTestBase(host)
{
    [Fact]
    public async Task ScheduleMeeting_defaults_room_and_participants_from_the_body()
    {
        var body = await CreateBodyAsync();

        var meeting = await ScheduleAsync(body, Local(2017, 3, 9, 8, 30), configure: m => m.Title = "Heldagsmøde");

        Assert.Matches("^meetings/[a-z0-9][a-z0-9-]*$", meeting.Name);
        Assert.Equal(body.Name, meeting.Body);
        Assert.Equal("Direktionen", meeting.BodyDisplayName);
        Assert.Equal("Heldagsmøde", meeting.Title);
        Assert.Equal("Mødelokale B105", meeting.Room);
        Assert.Equal(DirektionenMembers, meeting.Participants);
        Assert.Equal(MeetingState.Planned, meeting.State);
        Assert.Equal(0, meeting.ItemCount);
        Assert.Null(meeting.AgendaPublishTime);
        Assert.Null(meeting.HeldTime);
        Assert.Null(meeting.MinutesApproveTime);
        Assert.False(string.IsNullOrEmpty(meeting.Etag));
        Assert.Equal(meeting, await GetMeetingAsync(meeting.Name));
    }

    [Fact]
    public async Task ScheduleMeeting_keeps_an_explicit_room_and_participants()
    {
        var body = await CreateBodyAsync();
        BodyMember[] participants = [new() { DisplayName = "Lars Holte" }, new() { DisplayName = "Eva Dammas", Role = MemberRole.Secretary, Unit = "BYC" }];

        var meeting = await ScheduleAsync(body, configure: m =>
        {
            m.Room = "Byrådssalen";
            m.Participants.Add(participants);
        });

        Assert.Equal("Byrådssalen", meeting.Room);
        Assert.Equal(["Lars Holte", "Eva Dammas"], meeting.Participants.Select(p => p.DisplayName));
        Assert.Equal([MemberRole.Member, MemberRole.Secretary], meeting.Participants.Select(p => p.Role));
    }

    [Theory]
    // Winter time (UTC+1), summer time (UTC+2), and the ambiguous fall-back hour: its first occurrence (summer time).
    [InlineData(2017, 3, 9, 8, 30, "2017-03-09T07:30:00Z")]
    [InlineData(2017, 6, 15, 8, 30, "2017-06-15T06:30:00Z")]
    [InlineData(2017, 10, 29, 2, 30, "2017-10-29T00:30:00Z")]
    [InlineData(2026, 3, 29, 3, 0, "2026-03-29T01:00:00Z")]
    public async Task ScheduleMeeting_reads_the_start_as_Copenhagen_local_time(int year, int month, int day, int hours, int minutes, string utc)
    {
        var body = await CreateBodyAsync();

        var meeting = await ScheduleAsync(body, Local(year, month, day, hours, minutes));

        Assert.Equal(DateTime.Parse(utc, null, System.Globalization.DateTimeStyles.AdjustToUniversal), meeting.StartTime.ToDateTime());
        Assert.Equal(new Google.Type.DateTime
        {
            Year = year, Month = month, Day = day, Hours = hours, Minutes = minutes,
            TimeZone = new Google.Type.TimeZone { Id = "Europe/Copenhagen" },
        }, meeting.Start);
        Assert.Equal(meeting.Start, (await GetMeetingAsync(meeting.Name)).Start);
    }

    [Fact]
    public async Task ScheduleMeeting_accepts_the_start_with_time_zone_Europe_Copenhagen()
    {
        var body = await CreateBodyAsync();
        var start = Local(2017, 3, 9);
        start.TimeZone = new Google.Type.TimeZone { Id = "Europe/Copenhagen" };

        var meeting = await ScheduleAsync(body, start);

        Assert.Equal(start, meeting.Start);
    }

    [Fact]
    public async Task ScheduleMeeting_applies_the_agenda_template_as_dated_standing_items()
    {
        var body = await CreateBodyAsync(configure: b => b.AgendaTemplate.Add(
        [
            new StandingItemTemplate { Title = "Økonomiopfølgning", JournalNumber = "16/26813", AppendMeetingDate = true },
            new StandingItemTemplate { Title = "Huskeliste", JournalNumber = "16/26814" },
            new StandingItemTemplate { Title = "Øvrige sager", JournalNumber = "16/26813", AppendMeetingDate = true },
        ]));

        var meeting = await ScheduleAsync(body, Local(2017, 3, 9), applyTemplate: true);

        Assert.Equal(3, meeting.ItemCount);
        var items = await ListItemsAsync(meeting);
        Assert.Equal(["Økonomiopfølgning - 09-03-2017", "Huskeliste", "Øvrige sager - 09-03-2017"], items.Select(i => i.Title));
        Assert.Equal([1, 2, 3], items.Select(i => i.Number));
        Assert.Equal(["16/26813", "16/26814", "16/26813"], items.Select(i => i.JournalNumber));
        Assert.All(items, i => Assert.Equal(ItemKind.Standing, i.Kind));
        Assert.All(items, i => Assert.False(i.Supplement));
    }

    [Fact]
    public async Task ScheduleMeeting_without_apply_agenda_template_starts_with_an_empty_agenda()
    {
        var body = await CreateBodyAsync(configure: b => b.AgendaTemplate.Add(
            new StandingItemTemplate { Title = "Øvrige sager", JournalNumber = "16/26813", AppendMeetingDate = true }));

        var meeting = await ScheduleAsync(body);

        Assert.Equal(0, meeting.ItemCount);
        Assert.Empty(await ListItemsAsync(meeting));
    }

    [Fact]
    public async Task ListMeetings_of_a_body_lists_its_meetings_in_start_order()
    {
        var body = await CreateBodyAsync();
        var other = await CreateBodyAsync("Chefforum");
        var third = await ScheduleAsync(body, Local(2017, 3, 16));
        var first = await ScheduleAsync(body, Local(2017, 2, 27));
        var second = await ScheduleAsync(body, Local(2017, 3, 9));
        await ScheduleAsync(other, Local(2017, 3, 1));

        var listed = await Client.ListMeetingsAsync(new ListMeetingsRequest { Body = body.Name }, cancellationToken: Ct);

        Assert.Equal([first.Name, second.Name, third.Name], listed.Meetings.Select(m => m.Name));
        Assert.Equal(second, listed.Meetings[1]);
        Assert.Equal("", listed.NextPageToken);
    }

    [Fact]
    public async Task ListMeetings_without_a_body_lists_meetings_of_every_body()
    {
        var body = await CreateBodyAsync();
        var other = await CreateBodyAsync("Chefforum");
        var mine = await ScheduleAsync(body, Local(2031, 5, 5));
        var theirs = await ScheduleAsync(other, Local(2031, 5, 5, 10, 0));

        var listed = await Client.ListMeetingsAsync(new ListMeetingsRequest { StartDate = Date(2031, 5, 5), EndDate = Date(2031, 5, 5) }, cancellationToken: Ct);

        Assert.Equal([mine.Name, theirs.Name], listed.Meetings.Where(m => m.Body == body.Name || m.Body == other.Name).Select(m => m.Name));
    }

    [Fact]
    public async Task ListMeetings_filters_by_local_Copenhagen_dates()
    {
        var body = await CreateBodyAsync();
        // 00:30 local on 9 March is 23:30 UTC on 8 March; 23:30 local on 9 March is 22:30 UTC the same day.
        var early = await ScheduleAsync(body, Local(2017, 3, 9, 0, 30));
        var late = await ScheduleAsync(body, Local(2017, 3, 9, 23, 30));
        var dayBefore = await ScheduleAsync(body, Local(2017, 3, 8, 23, 59));
        var dayAfter = await ScheduleAsync(body, Local(2017, 3, 10, 0, 0));

        async Task<IEnumerable<string>> Between(Google.Type.Date? from, Google.Type.Date? to)
        {
            var request = new ListMeetingsRequest { Body = body.Name, StartDate = from, EndDate = to };
            return (await Client.ListMeetingsAsync(request, cancellationToken: Ct)).Meetings.Select(m => m.Name);
        }

        Assert.Equal([early.Name, late.Name], await Between(Date(2017, 3, 9), Date(2017, 3, 9)));
        Assert.Equal([dayBefore.Name], await Between(Date(2017, 3, 8), Date(2017, 3, 8)));
        Assert.Equal([early.Name, late.Name, dayAfter.Name], await Between(Date(2017, 3, 9), null));
        Assert.Equal([dayBefore.Name, early.Name, late.Name], await Between(null, Date(2017, 3, 9)));
        Assert.Equal([dayBefore.Name, early.Name, late.Name, dayAfter.Name], await Between(null, null));
    }

    [Fact]
    public async Task ListMeetings_hides_cancelled_meetings_unless_show_cancelled()
    {
        var body = await CreateBodyAsync();
        var kept = await ScheduleAsync(body, Local(2017, 7, 3));
        var cancelled = await ScheduleAsync(body, Local(2017, 7, 10));
        await Client.CancelMeetingAsync(new CancelMeetingRequest { Name = cancelled.Name, Reason = "Aflyst pga. ferie" }, cancellationToken: Ct);

        var normal = await Client.ListMeetingsAsync(new ListMeetingsRequest { Body = body.Name }, cancellationToken: Ct);
        var all = await Client.ListMeetingsAsync(new ListMeetingsRequest { Body = body.Name, ShowCancelled = true }, cancellationToken: Ct);

        Assert.Equal([kept.Name], normal.Meetings.Select(m => m.Name));
        Assert.Equal([kept.Name, cancelled.Name], all.Meetings.Select(m => m.Name));
        Assert.Equal(MeetingState.Cancelled, all.Meetings[1].State);
    }

    [Fact]
    public async Task UpdateMeeting_changes_the_masked_fields_and_recomputes_the_start_instant()
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body, Local(2017, 3, 9, 8, 30));

        var updated = await Client.UpdateMeetingAsync(new UpdateMeetingRequest
        {
            Meeting = new Meeting
            {
                Name = meeting.Name,
                Start = Local(2017, 6, 15, 10, 0),
                Title = "Heldagsmøde",
                Room = "Byrådssalen",
                Participants = { new BodyMember { DisplayName = "Lars Holte", Role = MemberRole.Chair } },
            },
            UpdateMask = new FieldMask { Paths = { "start", "title", "room", "participants" } },
            Etag = meeting.Etag,
        }, cancellationToken: Ct);

        Assert.Equal(new DateTime(2017, 6, 15, 8, 0, 0, DateTimeKind.Utc), updated.StartTime.ToDateTime());
        Assert.Equal(15, updated.Start.Day);
        Assert.Equal("Heldagsmøde", updated.Title);
        Assert.Equal("Byrådssalen", updated.Room);
        Assert.Equal("Lars Holte", Assert.Single(updated.Participants).DisplayName);
        Assert.NotEqual(meeting.Etag, updated.Etag);
        Assert.Equal(updated, await GetMeetingAsync(meeting.Name));
    }

    [Fact]
    public async Task Moving_a_planned_meeting_re_dates_its_standing_items_until_the_agenda_is_published()
    {
        var body = await CreateBodyAsync(configure: b =>
        {
            b.AgendaTemplate.Add(new StandingItemTemplate { Title = "Økonomiopfølgning", JournalNumber = "16/26813", AppendMeetingDate = true });
            b.AgendaTemplate.Add(new StandingItemTemplate { Title = "Øvrige sager", JournalNumber = "16/26813" });
        });
        var meeting = await ScheduleAsync(body, Local(2017, 3, 9, 8, 30), applyTemplate: true);
        var ordinary = await AddItemAsync(meeting, "Regnskab - 09-03-2017");
        var before = await ListItemsAsync(meeting);
        Assert.Equal(["Økonomiopfølgning - 09-03-2017", "Øvrige sager", "Regnskab - 09-03-2017"], before.Select(i => i.Title));

        var moved = await MoveAsync(meeting, Local(2017, 3, 16, 10, 0));

        var after = await ListItemsAsync(moved);
        Assert.Equal(["Økonomiopfølgning - 16-03-2017", "Øvrige sager", "Regnskab - 09-03-2017"], after.Select(i => i.Title));
        // The re-dated item is changed (new etag); the others are not.
        Assert.NotEqual(before[0].Etag, after[0].Etag);
        Assert.Equal(before[1], after[1]);
        Assert.Equal(before[2], after[2]);
        Assert.Equal(after[0], await GetItemAsync(after[0].Name));

        // Once the agenda is published the titles stay, also when the meeting moves again.
        var published = await PublishAsync(moved);
        var movedAgain = await MoveAsync(published, Local(2017, 3, 23, 8, 30));

        Assert.Equal(23, movedAgain.Start.Day);
        Assert.Equal(after, await ListItemsAsync(movedAgain));
        Assert.Equal(ordinary.Name, after[2].Name);
    }

    private async Task<Meeting> MoveAsync(Meeting meeting, Google.Type.DateTime start) =>
        await Client.UpdateMeetingAsync(new UpdateMeetingRequest
        {
            Meeting = new Meeting { Name = meeting.Name, Start = start },
            UpdateMask = new FieldMask { Paths = { "start" } },
            Etag = meeting.Etag,
        }, cancellationToken: Ct);

    [Fact]
    public async Task UpdateMeeting_leaves_fields_outside_the_mask_alone()
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body, Local(2017, 3, 9, 8, 30), configure: m => m.Title = "Temamøde");

        var updated = await Client.UpdateMeetingAsync(new UpdateMeetingRequest
        {
            Meeting = new Meeting { Name = meeting.Name, Room = "Mødelokale A012" },
            UpdateMask = new FieldMask { Paths = { "room" } },
        }, cancellationToken: Ct);

        Assert.Equal("Mødelokale A012", updated.Room);
        Assert.Equal(meeting.Start, updated.Start);
        Assert.Equal(meeting.StartTime, updated.StartTime);
        Assert.Equal("Temamøde", updated.Title);
        Assert.Equal(meeting.Participants, updated.Participants);
    }

    [Fact]
    public async Task UpdateMeeting_is_allowed_after_the_agenda_is_published()
    {
        var (_, meeting, _) = await MeetingInStateAsync(MeetingState.AgendaPublished);

        var updated = await Client.UpdateMeetingAsync(new UpdateMeetingRequest
        {
            Meeting = new Meeting { Name = meeting.Name, Room = "Byrådssalen" },
            UpdateMask = new FieldMask { Paths = { "room" } },
            Etag = meeting.Etag,
        }, cancellationToken: Ct);

        Assert.Equal("Byrådssalen", updated.Room);
        Assert.Equal(MeetingState.AgendaPublished, updated.State);
    }

    [Theory]
    [InlineData(MeetingState.Planned)]
    [InlineData(MeetingState.AgendaPublished)]
    public async Task CancelMeeting_cancels_a_meeting_that_was_not_held(MeetingState state)
    {
        var (_, meeting, _) = await MeetingInStateAsync(state);

        var cancelled = await Client.CancelMeetingAsync(new CancelMeetingRequest { Name = meeting.Name, Reason = "Aflyst pga. ferie", Etag = meeting.Etag },
            cancellationToken: Ct);

        Assert.Equal(MeetingState.Cancelled, cancelled.State);
        Assert.Equal("Aflyst pga. ferie", cancelled.CancelReason);
        Assert.NotEqual(meeting.Etag, cancelled.Etag);
        Assert.Equal(cancelled, await GetMeetingAsync(meeting.Name));
    }

    [Fact]
    public async Task Lifecycle_goes_planned_published_held_approved_with_times()
    {
        var (_, planned, _) = await PlannedMeetingAsync();
        var before = DateTime.UtcNow.AddMinutes(-1);

        var published = await Client.PublishAgendaAsync(new PublishAgendaRequest { Name = planned.Name, Etag = planned.Etag }, cancellationToken: Ct);
        Assert.Equal(MeetingState.AgendaPublished, published.State);
        Assert.InRange(published.AgendaPublishTime.ToDateTime(), before, DateTime.UtcNow.AddMinutes(1));
        Assert.Equal(1, published.ItemCount);

        var held = await Client.MarkMeetingHeldAsync(new MarkMeetingHeldRequest { Name = planned.Name, Etag = published.Etag }, cancellationToken: Ct);
        Assert.Equal(MeetingState.Held, held.State);
        Assert.InRange(held.HeldTime.ToDateTime(), published.AgendaPublishTime.ToDateTime(), DateTime.UtcNow.AddMinutes(1));
        Assert.Equal(published.AgendaPublishTime, held.AgendaPublishTime);

        var approved = await Client.ApproveMinutesAsync(new ApproveMinutesRequest { Name = planned.Name, Etag = held.Etag }, cancellationToken: Ct);
        Assert.Equal(MeetingState.MinutesApproved, approved.State);
        Assert.InRange(approved.MinutesApproveTime.ToDateTime(), held.HeldTime.ToDateTime(), DateTime.UtcNow.AddMinutes(1));
        Assert.Equal(held.HeldTime, approved.HeldTime);

        Assert.Equal(approved, await GetMeetingAsync(planned.Name));
        Assert.Equal(4, new[] { planned.Etag, published.Etag, held.Etag, approved.Etag }.Distinct().Count());
    }
}

public sealed class MeetingsApiSqliteTests(SqliteApiHost host) : MeetingsApiTests(host), IClassFixture<SqliteApiHost>;

public sealed class MeetingsApiPostgresTests(PostgresApiHost host) : MeetingsApiTests(host), IClassFixture<PostgresApiHost>;
