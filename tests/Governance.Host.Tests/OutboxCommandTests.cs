using Dapper;
using Governance.Cases.Events;
using Governance.Cases.V1;
using Governance.Data.Connections;
using Governance.Host.Tests.Telemetry;
using Governance.Messaging.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Host.Tests;

/// <summary>
/// A poison outbox row (an event type this build does not know, as after a rollback) in a running host:
/// the relay parks it after Governance:Messaging:ParkAfterAttempts tries while the rows after it, of its own
/// case too, go out; /metrics shows it parked; <c>Governance.Host outbox list</c> (its own process, with the
/// service's configuration) shows it, <c>retry</c> puts it back in line and, the cause fixed, it goes out;
/// <c>drop</c> deletes another; each change is in the Cases audit log under the operator's name. On
/// PostgreSQL with RabbitMQ, and in the embedded default (SQLite, in-memory bus), where <c>replay</c> is refused.
/// </summary>
public sealed class OutboxCommandTests : IAsyncLifetime
{
    private const string UnknownType = "urn:message:governance:cases:case-archived:v9";
    private static readonly (string, string) Cases = ("governance_service", "Cases");

    private readonly ServerBackends _backends = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => _backends.InitializeAsync();

    public ValueTask DisposeAsync() => _backends.DisposeAsync();

    private static readonly Dictionary<string, string?> ParkAfterThree = new()
    {
        ["Governance:Messaging:ParkAfterAttempts"] = "3",
        ["Governance:Messaging:RelayMaxBackoff"] = "00:00:00.500",
    };

    [Fact]
    public async Task Postgres_and_RabbitMq_park_a_poison_row_and_the_command_lists_retries_and_drops_it_audited()
    {
        var broker = await _backends.RequireServersAsync();
        await using var host = await GovernanceTestHost.StartAsync(_backends.Stores.ConnectionStrings, _backends.DataDirectory, ParkAfterThree);
        // The command runs as an operator runs it: with the Cases service's own configuration.
        var command = await ServerHostEnvironment.CommandAsync("cases", _backends, Ct);
        await ParkListRetryDropAsync(host, command);
    }

    [Fact]
    public async Task Embedded_default_parks_a_poison_row_and_the_command_lists_retries_and_drops_it_audited_and_refuses_replay()
    {
        await using var host = await GovernanceTestHost.StartAsync(null, _backends.DataDirectory, ParkAfterThree);
        var command = new Dictionary<string, string> { ["Governance__DataDirectory"] = _backends.DataDirectory };
        await ParkListRetryDropAsync(host, command);

        var replay = await OutboxAsync(command, "replay", "--service", "cases", "--since", "2026-01-01T00:00:00Z", "--queue", "anything");
        Assert.Equal(2, replay.ExitCode);
        Assert.Contains("replay needs RabbitMQ (ConnectionStrings__RabbitMq)", replay.Error, StringComparison.Ordinal);
    }

    private static async Task ParkListRetryDropAsync(GovernanceTestHost host, Dictionary<string, string> command)
    {
        var database = host.App.Services.GetServices<ServiceOutbox>().Single(o => o.Service == "cases").Database;
        var cases = new CasesService.CasesServiceClient(host.Channel);

        // A poison row, and after it a good row of the same case and a case created through the API.
        var poisonKey = $"cases/poison-{Guid.NewGuid():N}"[..24];
        var poison = await AppendAsync(database, poisonKey, UnknownType);
        var sameKeyAfter = await AppendAsync(database, poisonKey, null);
        var created = await cases.CreateCaseAsync(new CreateCaseRequest { Case = new Case { Title = "Budget 2028-31", Unit = "ØDC" } },
            cancellationToken: Ct);

        // The relay parks the poison row after 3 tries; the rest, of its own case too, go out.
        await UntilAsync(database, $"SELECT count(*) FROM {Outbox.Table} WHERE sequence = {poison} AND parked_at IS NOT NULL AND attempts = 3",
            "the poison row parked after 3 attempts");
        await UntilAsync(database, $"SELECT count(*) FROM {Outbox.Table} WHERE sequence = {sameKeyAfter} AND sent_at IS NOT NULL",
            "the row of the same case after it sent");
        await UntilAsync(database, $"SELECT count(*) FROM {Outbox.Table} WHERE ordering_key = '{created.Name}' AND sent_at IS NOT NULL",
            "the new case's event sent");
        await Scrape.UntilAsync(host, s => s.Sum("governance_outbox_parked", Cases) == 1, "one parked row in Cases", Ct);
        var parkedHelp = (await Scrape.GetAsync(host, Ct)).Help["governance_outbox_parked"];
        Assert.Contains("parked", parkedHelp, StringComparison.Ordinal);
        // The backlog and its age leave the parked row out: it has its own alert.
        await Scrape.UntilAsync(host, s => s.Sum("governance_outbox_pending", Cases) == 0, "no pending rows besides the parked one", Ct);

        var list = await OutboxAsync(command, "list", "--service", "cases");
        Assert.Equal(0, list.ExitCode);
        var line = Assert.Single(list.Output.Split('\n'), l => l.StartsWith($"{poison}\t", StringComparison.Ordinal));
        Assert.Contains(UnknownType, line, StringComparison.Ordinal);
        Assert.Contains("which this build does not know", line, StringComparison.Ordinal);
        Assert.Contains("1 parked row(s) in cases.", list.Output, StringComparison.Ordinal);

        // Retried while the cause remains, it is parked again after its tries.
        var retry = await OutboxAsync(command, "retry", "--service", "cases", "--all", "--actor", "ops-anna");
        Assert.Equal(0, retry.ExitCode);
        Assert.Contains("Retried 1 parked row(s) of cases; audited as ops-anna.", retry.Output, StringComparison.Ordinal);
        await UntilAsync(database, $"SELECT count(*) FROM {Outbox.Table} WHERE sequence = {poison} AND parked_at IS NOT NULL AND attempts = 3",
            "the poison row parked again after another 3 attempts");

        // The cause fixed (the build knows the type again), a retry sends it.
        await using (var connection = await database.OpenAsync(Ct))
        {
            await connection.ExecuteAsync($"UPDATE {Outbox.Table} SET message_type = @type WHERE sequence = @poison",
                new { type = Outbox.UrnOf(typeof(CaseOpened)), poison });
        }
        retry = await OutboxAsync(command, "retry", "--service", "cases", "--id", poison.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--actor", "ops-anna");
        Assert.Equal(0, retry.ExitCode);
        await UntilAsync(database, $"SELECT count(*) FROM {Outbox.Table} WHERE sequence = {poison} AND sent_at IS NOT NULL AND parked_at IS NULL",
            "the retried row sent");

        // Another poison row is dropped: gone, never published.
        var dropped = await AppendAsync(database, poisonKey, UnknownType);
        await UntilAsync(database, $"SELECT count(*) FROM {Outbox.Table} WHERE sequence = {dropped} AND parked_at IS NOT NULL",
            "the second poison row parked");
        var id = dropped.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var notParked = await OutboxAsync(command, "drop", "--service", "cases", "--id", poison.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, notParked.ExitCode);
        Assert.Contains("only parked rows can be dropped", notParked.Error, StringComparison.Ordinal);
        var drop = await OutboxAsync(command, "drop", "--service", "cases", "--id", id, "--actor", "ops-bo");
        Assert.Equal(0, drop.ExitCode);
        Assert.Contains($"Dropped outbox row {dropped}", drop.Output, StringComparison.Ordinal);
        await using (var connection = await database.OpenAsync(Ct))
        {
            Assert.Equal(0L, await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {Outbox.Table} WHERE sequence = @dropped", new { dropped }));
        }
        await Scrape.UntilAsync(host, s => s.Sum("governance_outbox_parked", Cases) == 0, "no parked row in Cases", Ct);
        Assert.Equal(0, (await OutboxAsync(command, "list", "--service", "cases")).ExitCode);

        // Each change is audited, in the Cases audit log, as the operator who made it.
        await using (var connection = await database.OpenAsync(Ct))
        {
            var entries = (await connection.QueryAsync<(string Subject, string Method, string Resource, string Action, string Detail)>(
                "SELECT subject, method, resource, action, detail FROM audit_entries WHERE method LIKE 'Governance.Host outbox %' ORDER BY occurred_at, id")).ToList();
            Assert.Equal(3, entries.Count);
            Assert.All(entries.Take(2), e => Assert.Equal(("ops-anna", OutboxOperations.RetryMethod, $"outbox/{poison}", "Change"),
                (e.Subject, e.Method, e.Resource, e.Action)));
            Assert.Contains($"retried parked outbox row {poison}", entries[0].Detail, StringComparison.Ordinal);
            Assert.Equal(("ops-bo", OutboxOperations.DropMethod, $"outbox/{dropped}"), (entries[2].Subject, entries[2].Method, entries[2].Resource));
            Assert.Contains(UnknownType, entries[2].Detail, StringComparison.Ordinal);
        }
        // Usage errors are refused with exit code 2.
        Assert.Equal(2, (await OutboxAsync(command, "retry", "--service", "cases")).ExitCode);
        Assert.Equal(2, (await OutboxAsync(command, "list", "--service", "nowhere")).ExitCode);
    }

    /// <summary>Appends a CaseOpened row for <paramref name="key"/> straight to the outbox; with
    /// <paramref name="type"/>, under that event type instead. Returns its sequence.</summary>
    private static async Task<long> AppendAsync(ServiceDatabase database, string key, string? type)
    {
        await using var connection = await database.OpenAsync(Ct);
        await using var transaction = await connection.BeginTransactionAsync(Ct);
        var id = await Outbox.AppendAsync(connection, transaction,
            new CaseOpened(key, "26/00001", "ØDC", "Poison", false, false, null, DateTimeOffset.UtcNow, 1), key, DateTime.UtcNow);
        if (type is not null)
        {
            await connection.ExecuteAsync($"UPDATE {Outbox.Table} SET message_type = @type WHERE message_id = @id",
                new { type, id = id.ToString() }, transaction);
        }
        var sequence = await connection.ExecuteScalarAsync<long>($"SELECT sequence FROM {Outbox.Table} WHERE message_id = @id",
            new { id = id.ToString() }, transaction);
        await transaction.CommitAsync(Ct);
        return sequence;
    }

    private static async Task UntilAsync(ServiceDatabase database, string countSql, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        await using var connection = await database.OpenAsync(Ct);
        while (await connection.ExecuteScalarAsync<long>(countSql) == 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                var rows = await connection.QueryAsync<(long, string, int, string?, string?)>(
                    $"SELECT sequence, message_type, attempts, CAST(parked_at AS TEXT), last_error FROM {Outbox.Table} WHERE sent_at IS NULL");
                Assert.Fail($"Never saw {what}. Unsent rows: {string.Join("; ", rows)}");
            }
            await Task.Delay(100, Ct);
        }
    }

    internal static Task<HostProcess.Result> OutboxAsync(Dictionary<string, string> environment, params string[] args) =>
        HostProcess.RunAsync(Path.GetTempPath(), environment, Ct, ["outbox", .. args]);
}
