using Dapper;
using Governance.Data.Connections;
using Governance.Messaging.Outbox;
using Governance.Reminders.Data;
using Governance.Reminders.Due;
using Governance.Reminders.Events;
using Governance.Reminders.Tests.Api;
using Governance.Reminders.V1;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Reminders.Tests.Due;

/// <summary>The due sweep through the real host's store and outbox: reminders are made through the
/// API, the sweep is run on given instants (years ahead, so the host's own sweep on the real clock
/// never reaches them), and what it published is read back from the outbox.</summary>
public abstract class DueSweepTests(IApiHost host) : RemindersApiTestBase(host)
{
    private static DateTime Utc(int y, int mo, int d, int h = 0, int mi = 0) => new(y, mo, d, h, mi, 0, DateTimeKind.Utc);

    private IServiceProvider Services => Host.Server.App.Services;

    private DueSweep Sweep => Services.GetRequiredService<DueSweep>();

    private Task SweepAtAsync(DateTime utc) => Sweep.SweepAsync(utc, Ct);

    /// <summary>The events the outbox holds for <paramref name="reminder"/>, in the order written.</summary>
    protected async Task<IReadOnlyList<(string Kind, string Key, IReminderEvent Event)>> EventsOfAsync(string reminder)
    {
        var store = Services.GetRequiredService<RemindersStore>();
        await using var connection = await store.Database.OpenAsync(Ct);
        var rows = await connection.QueryAsync<(string Type, string Body)>(
            $"SELECT message_type, body FROM {Outbox.Table} WHERE body LIKE @like ORDER BY sequence",
            new { like = $"%\"reminder\":\"{reminder}\"%" });
        return [.. rows.Select(r => r.Type.Contains("reminder-due", StringComparison.Ordinal)
            ? Read<ReminderDue>(r.Body, "due", e => e.OccurrenceKey)
            : Read<ReminderOverdue>(r.Body, "overdue", e => e.OccurrenceKey))];

        static (string, string, IReminderEvent) Read<T>(string body, string kind, Func<T, string> key) where T : IReminderEvent
        {
            var e = System.Text.Json.JsonSerializer.Deserialize<T>(body, Outbox.Json)!;
            return (kind, key(e), e);
        }
    }

    [Fact]
    public async Task A_date_is_published_due_at_eight_and_overdue_the_next_morning_once_each()
    {
        var body = UniqueBody();
        var r = await CreateAsync(body, NewReminder("Budgetopfølgning pr. 31. marts", OnDate(2031, 3, 10), ["ØDC", "BYC/AM"]));

        await SweepAtAsync(Utc(2031, 3, 10, 6, 59));
        Assert.Empty(await EventsOfAsync(r.Name));

        await SweepAtAsync(Utc(2031, 3, 10, 7));
        await SweepAtAsync(Utc(2031, 3, 10, 7, 1));
        await SweepAtAsync(Utc(2031, 3, 10, 12));
        var due = Assert.IsType<ReminderDue>(Assert.Single(await EventsOfAsync(r.Name)).Event);
        Assert.Equal(r.Name, due.Reminder);
        Assert.Equal(body, due.Body);
        Assert.Equal("Budgetopfølgning pr. 31. marts", due.Subject);
        Assert.False(due.Closed);
        Assert.Equal("2031-03-10", due.OccurrenceKey);
        Assert.Equal(Utc(2031, 3, 10, 7), due.DueAt.UtcDateTime);
        Assert.Equal(Utc(2031, 3, 11, 7), due.OverdueAt.UtcDateTime);
        Assert.Equal(["ØDC", "BYC"], due.Responsible);
        Assert.Equal(Utc(2031, 3, 10, 7), due.OccurredAt.UtcDateTime);
        Assert.Equal(1, due.Version);

        await SweepAtAsync(Utc(2031, 3, 11, 7));
        await SweepAtAsync(Utc(2031, 4, 1));
        Assert.Equal([("due", "2031-03-10"), ("overdue", "2031-03-10")], (await EventsOfAsync(r.Name)).Select(e => (e.Kind, e.Key)));
        // The sweep is not a change of the reminder: its etag stays.
        Assert.Equal(r.Etag, (await GetAsync(r.Name)).Etag);
    }

    [Fact]
    public async Task A_reminder_done_before_its_overdue_time_is_not_published_overdue()
    {
        var r = await CreateAsync(UniqueBody(), NewReminder("Kvalitetsrapport", OnDate(2031, 5, 5)));
        await SweepAtAsync(Utc(2031, 5, 5, 6));
        await ChangeStateAsync(await GetAsync(r.Name), ReminderState.Done);
        await SweepAtAsync(Utc(2031, 5, 7));
        Assert.Equal([("due", "2031-05-05")], (await EventsOfAsync(r.Name)).Select(e => (e.Kind, e.Key)));
    }

    [Fact]
    public async Task An_occurrence_marked_skipped_or_done_is_not_published_overdue_nor_due_once_marked()
    {
        // Weekly from a day about 400 days ahead: within the 731 days marks reach, far beyond the host's own sweep.
        var copenhagen = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");
        var start = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(400);
        DateTime DueOf(int week) => TimeZoneInfo.ConvertTimeToUtc(start.AddDays(7 * week).ToDateTime(new TimeOnly(8, 0)), copenhagen);
        string KeyOf(int week) => $"{start.AddDays(7 * week):yyyy-MM-dd}T08:00";
        var r = await CreateAsync(UniqueBody(), NewReminder("Ugentlig driftsstatus", Rule("FREQ=WEEKLY", start.Year, start.Month, start.Day), ["IT"]));
        Assert.Equal(DueOf(0), r.NextDueTime.ToDateTime());

        // The second week is skipped before it falls due; the first is marked done once announced due.
        await Client.MarkOccurrenceAsync(new MarkOccurrenceRequest
            { Name = r.Name, OccurrenceTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DueOf(1)), State = OccurrenceState.Skipped }, cancellationToken: Ct);
        await SweepAtAsync(DueOf(0));
        await Client.MarkOccurrenceAsync(new MarkOccurrenceRequest
            { Name = r.Name, OccurrenceTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DueOf(0)), State = OccurrenceState.Done }, cancellationToken: Ct);
        Assert.Equal(DueOf(2), (await GetAsync(r.Name)).NextDueTime.ToDateTime());
        foreach (var at in new[] { DueOf(0).AddDays(1), DueOf(0).AddDays(3), DueOf(1), DueOf(1).AddDays(1), DueOf(2), DueOf(2).AddDays(1) })
        {
            await SweepAtAsync(at);
        }
        Assert.Equal([("due", KeyOf(0)), ("due", KeyOf(2)), ("overdue", KeyOf(2))], (await EventsOfAsync(r.Name)).Select(e => (e.Kind, e.Key)));
        Assert.Equal(DueOf(3), (await GetAsync(r.Name)).NextDueTime.ToDateTime());
    }

    [Fact]
    public async Task A_closed_reminders_events_carry_no_subject()
    {
        var r = await CreateAsync(UniqueBody(), NewReminder("Personalesag vedr. afskedigelse", OnDate(2031, 6, 2), configure: x => x.Closed = true));
        await SweepAtAsync(Utc(2031, 6, 4));
        var events = await EventsOfAsync(r.Name);
        Assert.Equal(["due", "overdue"], events.Select(e => e.Kind));
        var due = Assert.IsType<ReminderDue>(events[0].Event);
        var overdue = Assert.IsType<ReminderOverdue>(events[1].Event);
        Assert.True(due.Closed);
        Assert.Null(due.Subject);
        Assert.Null(overdue.Subject);
    }

    [Fact]
    public async Task After_a_gap_a_recurrence_catches_up_with_one_notice_per_missed_occurrence_and_no_more()
    {
        var r = await CreateAsync(UniqueBody(), NewReminder("ØKO-LIS", Rule("FREQ=MONTHLY", 2032, 1, 10), ["ØDC"]));
        await SweepAtAsync(Utc(2032, 1, 10, 7));
        // Down until 20 June; then the sweep every hour for a day.
        for (var t = Utc(2032, 6, 20); t <= Utc(2032, 6, 21); t = t.AddHours(1))
        {
            await SweepAtAsync(t);
        }
        Assert.Equal(
        [
            ("due", "2032-01-10T08:00"),
            ("overdue", "2032-01-10T08:00"), ("overdue", "2032-02-10T08:00"), ("overdue", "2032-03-10T08:00"),
            ("overdue", "2032-04-10T08:00"), ("overdue", "2032-05-10T08:00"),
            ("due", "2032-06-10T08:00"), ("overdue", "2032-06-10T08:00"),
        ], (await EventsOfAsync(r.Name)).Select(e => (e.Kind, e.Key)));
        Assert.Equal(Utc(2032, 7, 10, 6), (await GetAsync(r.Name)).NextDueTime.ToDateTime());
    }

    [Fact]
    public async Task A_daily_rule_is_due_at_eight_Copenhagen_time_on_each_side_of_the_change_to_summer_time()
    {
        // Summer time from Sunday 27 March 2033.
        var r = await CreateAsync(UniqueBody(), NewReminder("Dagligt tjek", Rule("FREQ=DAILY", 2033, 3, 25), ["PA"]));
        for (var t = Utc(2033, 3, 25); t < Utc(2033, 3, 29); t = t.AddHours(1))
        {
            await SweepAtAsync(t);
        }
        var due = (await EventsOfAsync(r.Name)).Where(e => e.Kind == "due").Select(e => (ReminderDue)e.Event).ToList();
        Assert.Equal(["2033-03-25T08:00", "2033-03-26T08:00", "2033-03-27T08:00", "2033-03-28T08:00"], due.Select(e => e.OccurrenceKey));
        Assert.Equal([Utc(2033, 3, 25, 7), Utc(2033, 3, 26, 7), Utc(2033, 3, 27, 6), Utc(2033, 3, 28, 6)], due.Select(e => e.DueAt.UtcDateTime));
    }

    [Fact]
    public async Task Sweepers_running_side_by_side_on_one_store_publish_each_due_notice_once()
    {
        var body = UniqueBody();
        var names = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            names.Add((await CreateAsync(body, NewReminder($"Punkt {i}", OnDate(2034, 1, 2)))).Name);
        }
        // A second sweeper with its own connections to the same database, as another replica has.
        var database = Services.GetRequiredService<RemindersStore>().Database;
        await using var other = new ServiceDatabase(database.Service, database.Dialect, database.ConnectionString);
        using var signal = new OutboxSignal();
        var sweepers = new[]
        {
            Sweep,
            new DueSweep(new RemindersStore(other), signal, new DueSweepOptions { BatchSize = 4 }),
            new DueSweep(new RemindersStore(other), signal, new DueSweepOptions { BatchSize = 7 }),
            new DueSweep(new RemindersStore(database), signal, new DueSweepOptions { BatchSize = 3 }),
        };
        var at = Utc(2034, 1, 2, 8);
        await Task.WhenAll(sweepers.Select(s => Task.Run(() => s.SweepAsync(at, Ct), Ct)));
        await Task.WhenAll(sweepers.Select(s => Task.Run(() => s.SweepAsync(at.AddMinutes(1), Ct), Ct)));

        foreach (var name in names)
        {
            Assert.Equal([("due", "2034-01-02")], (await EventsOfAsync(name)).Select(e => (e.Kind, e.Key)));
        }
    }
}

public sealed class DueSweepSqliteTests(SqliteApiHost host) : DueSweepTests(host), IClassFixture<SqliteApiHost>;

public sealed class DueSweepPostgresTests(PostgresApiHost host) : DueSweepTests(host), IClassFixture<PostgresApiHost>;
