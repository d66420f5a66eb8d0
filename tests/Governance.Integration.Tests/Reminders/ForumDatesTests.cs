using Governance.Integration.Tests.Support;
using Governance.Meetings.Events;
using Governance.Meetings.V1;
using Governance.Reminders.V1;

namespace Governance.Integration.Tests.Reminders;

/// <summary>
/// The calendar sections of a reminder list show the coming meetings of the body they follow, from
/// Meetings' MeetingScheduled and MeetingCancelled events (in-memory bus on the embedded host,
/// RabbitMQ on the server host): the meeting's title as the topic ("25. september: Vækst- og
/// Erhvervspolitik"), gone once the meeting is cancelled, and no meeting of a body not followed.
/// </summary>
public abstract class ForumDatesTests(IIntegrationHost host)
{
    private static readonly DateOnly ListDate = new(2027, 9, 1);

    private MeetingsDriver Meetings => new(host.Server.Channel);

    private RemindersDriver Reminders => new(host.Server.Channel);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<Meeting> ScheduleAsync(Body body, int month, int day, string title) =>
        await Meetings.Client.ScheduleMeetingAsync(new ScheduleMeetingRequest
        {
            Meeting = new Meeting
            {
                Body = body.Name,
                Title = title,
                Start = new Google.Type.DateTime { Year = 2027, Month = month, Day = day, Hours = 16, Minutes = 0 },
            },
        }, cancellationToken: Ct);

    private static ReminderListSection SectionOf(ReminderList list, CalendarSection section) =>
        Assert.Single(list.Sections, s => s.CalendarSection == section.Name);

    [Fact]
    public async Task A_followed_bodys_meetings_appear_in_the_section_with_their_titles_and_leave_when_cancelled()
    {
        var direktionen = await Meetings.BodyAsync("Direktionen");
        var byraadet = await Meetings.BodyAsync("Byrådet");
        var other = await Meetings.BodyAsync("Hovedudvalget");
        var section = await Reminders.Client.CreateCalendarSectionAsync(new CreateCalendarSectionRequest
        {
            Parent = direktionen.Name,
            CalendarSection = new CalendarSection { Title = "Byrådets temamøder", FollowedBody = byraadet.Name },
        }, cancellationToken: Ct);
        await using var probe = await EventProbe.ConnectAsync(host.Bus, typeof(MeetingScheduled));
        using var watch = new ConsumeWatch(host.Bus);

        var notFollowed = await ScheduleAsync(other, 9, 20, "HU-møde");
        var growth = await ScheduleAsync(byraadet, 9, 25, "Vækst- og Erhvervspolitik");
        var climate = await ScheduleAsync(byraadet, 10, 30, "Klima og bæredygtighed");

        var list = await Reminders.WaitForListAsync(direktionen.Name, ListDate, l => SectionOf(l, section).Entries.Count == 2, "Byrådet's two meetings");
        var entries = SectionOf(list, section).Entries;
        Assert.Equal(["25. september: Vækst- og Erhvervspolitik", "30. oktober: Klima og bæredygtighed"], entries.Select(e => e.Text));
        Assert.Equal([growth.Name, climate.Name], entries.Select(e => e.Meeting));
        Assert.Equal("Vækst- og Erhvervspolitik", entries[0].Topic);
        Assert.Equal(new Google.Type.Date { Year = 2027, Month = 9, Day = 25 }, entries[0].Date);
        Assert.Contains("Byrådets temamøder", list.Text, StringComparison.Ordinal);
        Assert.Contains("25. september: Vækst- og Erhvervspolitik", list.Text, StringComparison.Ordinal);

        // The meeting of a body the section does not follow was handled by Reminders, and is not shown.
        await probe.WaitForAsync<MeetingScheduled>(all => all.Any(m => m.Meeting == notFollowed.Name));
        var notFollowedId = probe.All.Single(r => r.Message is MeetingScheduled m && m.Meeting == notFollowed.Name).MessageId!.Value;
        await watch.WaitAsync(CasesDriver.QueueOf(host, RemindersDriver.MeetingScheduledQueue), notFollowedId, seen => seen.Any(s => s.Fault is null));
        Assert.DoesNotContain(SectionOf(await Reminders.ListAsync(direktionen.Name, ListDate), section).Entries, e => e.Meeting == notFollowed.Name);

        await Meetings.Client.CancelMeetingAsync(new CancelMeetingRequest { Name = climate.Name, Reason = "Aflyst pga. budgetforhandlinger" }, cancellationToken: Ct);

        list = await Reminders.WaitForListAsync(direktionen.Name, ListDate, l => SectionOf(l, section).Entries.Count == 1, "the cancellation");
        var left = Assert.Single(SectionOf(list, section).Entries);
        Assert.Equal(growth.Name, left.Meeting);
        Assert.Equal("25. september: Vækst- og Erhvervspolitik", left.Text);
        Assert.DoesNotContain("Klima og bæredygtighed", list.Text, StringComparison.Ordinal);
    }
}

public sealed class EmbeddedForumDatesTests(EmbeddedHost host) : ForumDatesTests(host), IClassFixture<EmbeddedHost>;

public sealed class ServerForumDatesTests(ServerHost host) : ForumDatesTests(host), IClassFixture<ServerHost>;
