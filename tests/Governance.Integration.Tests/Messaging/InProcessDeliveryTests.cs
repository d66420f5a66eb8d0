using Dapper;
using Governance.Cases.V1;
using Governance.Integration.Tests.Support;
using Governance.Meetings.Events;
using Governance.Meetings.V1;
using Governance.Messaging.Outbox;
using Governance.Testing;
using Grpc.Core;
using Microsoft.Data.Sqlite;

namespace Governance.Integration.Tests.Messaging;

/// <summary>
/// The embedded default's in-memory bus keeps nothing when the process dies, so there an event counts
/// as sent only once its in-process consumers have committed its effect (docs/events.md): until then
/// its outbox row stays pending, and a start delivers whatever is pending. The Cases database is held
/// locked from outside to stand for a consumer that has not (yet) committed.
/// </summary>
public sealed class InProcessDeliveryTests : IDisposable
{
    private readonly SqliteDatabase _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Dictionary<string, string?> QuickRetries = new()
    {
        ["Governance:Messaging:ConsumerRetryLimit"] = "0",
    };

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task An_event_stays_pending_until_its_consumer_has_committed_its_effect()
    {
        await using var host = await GovernanceTestHost.StartAsync(null, _directory.DirectoryPath);
        var (cases, meetings, c, meeting) = await CaseAndMeetingAsync(host);

        AgendaItem item;
        await using (await HoldWriteLockAsync("cases.db"))
        {
            item = await meetings.ItemAsync(meeting, "Budget 2028-31", c.JournalNumber);
            // The consumer waits for the lock: the event has been handed to the in-memory queue, not handled.
            await Task.Delay(TimeSpan.FromSeconds(1.5), Ct);
            var (sentAt, _) = await OutboxRowOfAsync(item.Name);
            Assert.Null(sentAt);
        }

        await cases.WaitForTimelineAsync(c, t => t.Any(e => e.Kind == TimelineEntryKind.AgendaItemAdded && e.Resource == item.Name));
        await Eventually.UntilAsync(async () => (await OutboxRowOfAsync(item.Name)).SentAt is not null,
            "the outbox row to be marked sent once the consumer committed");
    }

    [Fact]
    public async Task An_event_its_consumer_could_not_handle_stays_pending_the_rest_go_on_and_the_next_start_delivers_it()
    {
        Case c;
        AgendaItem stuck;
        AgendaItem later;
        await using (var host = await GovernanceTestHost.StartAsync(null, _directory.DirectoryPath, QuickRetries))
        {
            var (cases, meetings, created, meeting) = await CaseAndMeetingAsync(host);
            c = created;
            await using (await HoldWriteLockAsync("cases.db"))
            {
                stuck = await meetings.ItemAsync(meeting, "Budget 2028-31", c.JournalNumber);
                // A write to the locked database meanwhile is UNAVAILABLE once the busy timeout has passed, not INTERNAL.
                var write = cases.Client.CreateCaseAsync(new CreateCaseRequest { Case = new Case { Title = "Låst", Unit = "ØDC" } },
                    cancellationToken: Ct).ResponseAsync;
                // The consumer gives up once SQLite's busy timeout (10 s) has passed, with no retries left.
                await Eventually.UntilAsync(async () => (await OutboxRowOfAsync(stuck.Name)).LastError is not null,
                    "the relay to record that the consumer could not handle the event", TimeSpan.FromSeconds(40));
                var refused = await Assert.ThrowsAsync<RpcException>(() => write);
                Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
            }
            var (sentAt, lastError) = await OutboxRowOfAsync(stuck.Name);
            Assert.Null(sentAt);
            Assert.True(lastError!.Contains(nameof(InProcessDeliveryException), StringComparison.Ordinal), lastError);

            // The relay goes on with the events after it.
            later = await meetings.ItemAsync(meeting, "Regnskab 2026", c.JournalNumber);
            var timeline = await cases.WaitForTimelineAsync(c, t => t.Any(e => e.Resource == later.Name));
            Assert.DoesNotContain(timeline, e => e.Resource == stuck.Name);
            Assert.Null((await OutboxRowOfAsync(stuck.Name)).SentAt);
        }

        // The next start delivers it, once.
        await using (var restarted = await GovernanceTestHost.StartAsync(null, _directory.DirectoryPath))
        {
            var cases = new CasesDriver(restarted.Channel, restarted.App.Services);
            var timeline = await cases.WaitForTimelineAsync(c, t => t.Any(e => e.Resource == stuck.Name));
            Assert.Single(timeline, e => e.Kind == TimelineEntryKind.AgendaItemAdded && e.Resource == stuck.Name);
            Assert.Single(timeline, e => e.Kind == TimelineEntryKind.AgendaItemAdded && e.Resource == later.Name);
            await Eventually.UntilAsync(async () => (await OutboxRowOfAsync(stuck.Name)).SentAt is not null,
                "the outbox row to be marked sent after the restart");
        }
    }

    private static async Task<(CasesDriver Cases, MeetingsDriver Meetings, Case Case, Meeting Meeting)> CaseAndMeetingAsync(
        GovernanceTestHost host)
    {
        var cases = new CasesDriver(host.Channel, host.App.Services);
        // The case exists: the driver need not register it (a write to the Cases database, which the tests lock).
        var meetings = new MeetingsDriver(host.Channel, withCases: false);
        var c = await cases.CreateAsync();
        var meeting = await meetings.MeetingAsync(await meetings.BodyAsync());
        return (cases, meetings, c, meeting);
    }

    /// <summary>A write transaction on one of the host's SQLite files, held until disposed.</summary>
    private async Task<IAsyncDisposable> HoldWriteLockAsync(string file)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(_directory.DirectoryPath, file),
            Pooling = false,
        }.ConnectionString);
        await connection.OpenAsync(Ct);
        await connection.ExecuteAsync("BEGIN IMMEDIATE");
        return new HeldLock(connection);
    }

    private sealed class HeldLock(SqliteConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await connection.ExecuteAsync("ROLLBACK");
            await connection.DisposeAsync();
        }
    }

    /// <summary>The AgendaItemAdded outbox row of <paramref name="item"/> in meetings.db.</summary>
    private async Task<(string? SentAt, string? LastError)> OutboxRowOfAsync(string item)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(_directory.DirectoryPath, "meetings.db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ConnectionString);
        await connection.OpenAsync(Ct);
        var row = await connection.QuerySingleAsync<(string?, string?)>(
            $"SELECT sent_at, last_error FROM {Outbox.Table} WHERE message_type = @type AND body LIKE @item",
            new { type = Outbox.UrnOf(typeof(AgendaItemAdded)), item = $"%\"{item}\"%" });
        return row;
    }
}
