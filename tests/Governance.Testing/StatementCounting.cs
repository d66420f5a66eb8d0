using System.Collections.Concurrent;
using Governance.Data.Connections;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Xunit;

namespace Governance.Testing;

/// <summary>
/// Counts the SQL statements a single RPC runs (see <see cref="StatementCount"/>), for tests that guard
/// a call's statement count. Opt-in per call: a call carrying the <see cref="Header"/> is counted, and
/// the test host keeps its statements under the header's value; other calls cost nothing.
/// </summary>
public sealed class StatementCounting : Interceptor
{
    public const string Header = "governance-test-count-statements";

    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _calls = new();

    /// <summary>Headers asking the host to count the call's statements under a new id.</summary>
    public static Metadata Request(out string id)
    {
        id = Guid.NewGuid().ToString("N");
        return new Metadata { { Header, id } };
    }

    /// <summary>The statements the call counted under <paramref name="id"/> ran (once the call ended).</summary>
    public IReadOnlyList<string> Take(string id) =>
        _calls.TryRemove(id, out var statements) ? statements : throw new InvalidOperationException($"No call was counted under {id}.");

    /// <summary>Counts each of <paramref name="reads"/> on the data <paramref name="arrange"/> makes at
    /// the <paramref name="small"/> and at the <paramref name="large"/> size (same shape, more rows);
    /// fails, naming every call whose count changed and the statements it ran, when the counts differ.</summary>
    public static async Task AssertFixedAsync<TData>(IApiHost host, int small, int large, Func<int, Task<TData>> arrange,
        params (string Rpc, Func<TData, Metadata, Task> Call)[] reads)
    {
        var counts = reads.ToDictionary(r => r.Rpc, _ => new List<IReadOnlyList<string>>());
        foreach (var size in new[] { small, large })
        {
            var data = await arrange(size);
            foreach (var (rpc, call) in reads)
            {
                await call(data, Request(out var id));
                counts[rpc].Add(host.Server.Statements.Take(id));
            }
        }
        var changed = new List<string>();
        foreach (var (rpc, runs) in counts)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"{rpc} on {host.Store}: {runs[0].Count} statements at {small}, {runs[1].Count} at {large}");
            if (runs[1].Count != runs[0].Count)
            {
                changed.Add($"{rpc}: {runs[0].Count} statements at {small}, {runs[1].Count} at {large}:\n  " + string.Join("\n  ", runs[1]));
            }
        }
        Assert.True(changed.Count == 0, $"On {host.Store} the statement count depends on the data:\n" + string.Join("\n", changed));
    }

    /// <summary>Runs <paramref name="call"/> once, counted, and fails unless it ran exactly the number of
    /// statements given for the host's store (SQLite counts BEGIN and COMMIT, PostgreSQL does not; see
    /// <see cref="StatementCount"/>), naming the statements it ran. A write's cost is pinned this way:
    /// a statement more (or fewer) is a change to review, not drift.</summary>
    public static async Task AssertCountAsync(IApiHost host, string rpc, (int Sqlite, int Postgres) expected, Func<Metadata, Task> call)
    {
        await call(Request(out var id));
        var statements = host.Server.Statements.Take(id);
        var want = host.Store == "SQLite" ? expected.Sqlite : expected.Postgres;
        var listing = string.Join("\n  ", statements);
        TestContext.Current.TestOutputHelper?.WriteLine($"{rpc} on {host.Store}: {statements.Count} statements:\n  {listing}");
        Assert.True(statements.Count == want, $"{rpc} on {host.Store} ran {statements.Count} statements, expected {want}:\n  {listing}");
    }

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var id = context.RequestHeaders.GetValue(Header);
        if (id is null)
        {
            return await continuation(request, context);
        }
        var count = StatementCount.Start();
        try
        {
            return await continuation(request, context);
        }
        finally
        {
            _calls[id] = count.Statements;
        }
    }
}
