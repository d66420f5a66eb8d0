using System.Diagnostics;
using CsCheck;
using Google.Protobuf.Reflection;
using Governance.ServiceDefaults.Hosting;
using Grpc.Core;

namespace Governance.Fuzz.Tests;

/// <summary>Calls each RPC with the requests <see cref="RequestGenerator"/> makes, through a dynamic
/// client (raw bytes both ways), and checks each answer: never INTERNAL, UNKNOWN, UNAVAILABLE or
/// DEADLINE_EXCEEDED (no caller input may make a healthy host answer one), RESOURCE_EXHAUSTED only
/// for a request over the documented 4 MiB, an OK response that parses as the RPC's output, no log line over
/// <see cref="FuzzSettings.MaxLogLineLength"/>, and the channel still answering afterwards.
/// CsCheck shrinks a failure to a small case and reports the seed that replays it.</summary>
public sealed partial class ContractFuzzer(CallInvoker invoker, LogCapture logs, FuzzSettings settings, Action<string> writeLine)
{
    private static readonly Marshaller<byte[]> PassThrough = Marshallers.Create(b => b, b => b);

    private static readonly StatusCode[] Forbidden = [StatusCode.Internal, StatusCode.Unknown, StatusCode.Unavailable, StatusCode.DeadlineExceeded];

    /// <summary>Every failing answer seen (not only the smallest CsCheck keeps): RPC, kind of
    /// request, what was broken, and the status, once each.</summary>
    public SortedSet<string> Seen { get; } = new(StringComparer.Ordinal);

    /// <summary>How many answers of each status each RPC and kind of request got: how deep the run reached.</summary>
    public SortedDictionary<string, int> Statuses { get; } = new(StringComparer.Ordinal);

    /// <summary>Fuzzes every method, each kind of request in turn; returns one entry per RPC and kind
    /// that failed (the run goes on, so one report lists every RPC with a problem).</summary>
    public async Task<IReadOnlyList<string>> RunAsync(IReadOnlyList<MethodDescriptor> methods, string caller)
    {
        var selected = methods.Where(m => settings.RpcFilter is null || m.FullName.Contains(settings.RpcFilter, StringComparison.Ordinal)).ToList();
        var runClock = Stopwatch.StartNew();
        var resources = new ResourceCatalog(methods);
        await CreateResourcesAsync(methods, resources);
        var failures = new List<string>();
        for (var m = 0; m < selected.Count; m++)
        {
            var method = selected[m];
            // Each RPC gets an even share of what is left of the budget: one slowed down by a loaded
            // machine takes time from the ones after it, not from the bound on the whole run.
            var share = settings.Budget is { } budget ? (budget - runClock.Elapsed) / (selected.Count - m) : (TimeSpan?)null;
            var families = new RequestGenerator(resources, method).Families();
            var weights = families.Sum(f => f.Weight);
            var calls = 0;
            var methodClock = Stopwatch.StartNew();
            foreach (var family in families)
            {
                var familyShare = share * family.Weight / weights;
                var clock = Stopwatch.StartNew();
                var familyCalls = 0;
                // Past its share of the short run's budget a kind stops generating (a request of
                // megabytes takes long to build and serialize) and calling, after one call at least:
                // the rest of the cases pass, what already failed stays failed and shrinks no further.
                // A replayed seed runs first, so it generates the same request.
                var cases = familyShare is { } limit
                    ? Gen.Const(0).SelectMany(_ => familyCalls > 0 && clock.Elapsed > limit ? Gen.Const(BudgetSpent) : family.Cases)
                    : family.Cases;
                try
                {
                    await cases.SampleAsync(async fuzzCase =>
                    {
                        if (ReferenceEquals(fuzzCase, BudgetSpent))
                        {
                            return;
                        }
                        calls++;
                        familyCalls++;
                        await CheckAsync(method, fuzzCase, caller);
                    }, seed: settings.Seed, iter: Math.Max(1, settings.Iterations * family.Weight / weights), threads: 1, print: c => c.ToString());
                }
                catch (Exception e)
                {
                    // CsCheck's message names the seed and the smallest failing case; the inner one says what was wrong.
                    failures.Add($"{method.FullName} as {caller}, {family.Name}: {e.InnerException?.Message ?? "(no detail)"}\n    {e.Message.Trim()}" +
                        $"\n    (replay: GOVERNANCE_FUZZ_RPC={method.FullName} GOVERNANCE_FUZZ_SEED=<the seed above>)");
                }
            }
            writeLine($"{method.FullName} as {caller}: {calls} calls in {methodClock.Elapsed.TotalSeconds:F1} s");
        }
        // Whatever the run did, the channel still answers.
        var probe = await CallAsync(HealthCheck, []);
        if (probe.Status.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.DeadlineExceeded or StatusCode.Cancelled)
        {
            failures.Add($"after the run as {caller} the channel no longer answers: {probe.Status}");
        }
        return failures;
    }

    /// <summary>Before fuzzing, valid-looking calls of the RPCs that create (Create, Schedule, Add,
    /// Record) and publish (Publish: decisions are recorded on a published agenda), in rounds so that
    /// a round can use what the one before created (cases and bodies, then meetings and the cases'
    /// documents and notes, then agenda items naming the cases' journal numbers, then published
    /// agendas and their decisions): valid-looking requests then name resources that exist. An
    /// anonymous caller creates nothing, and its valid-looking names lead nowhere either.</summary>
    private async Task CreateResourcesAsync(IReadOnlyList<MethodDescriptor> methods, ResourceCatalog resources)
    {
        var creators = methods.Where(m => m.Name.StartsWith("Create", StringComparison.Ordinal) || m.Name.StartsWith("Schedule", StringComparison.Ordinal)
            || m.Name.StartsWith("Add", StringComparison.Ordinal) || m.Name.StartsWith("Record", StringComparison.Ordinal)
            || m.Name.StartsWith("Publish", StringComparison.Ordinal)).ToList();
        var created = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var refusals = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (var round = 0; round < 5; round++)
        {
            foreach (var method in creators)
            {
                var valid = new RequestGenerator(resources, method).Families().Single(f => f.Name == "valid-looking");
                var call = new Method<byte[], byte[]>(MethodType.Unary, method.Service.FullName, method.Name, PassThrough, PassThrough);
                await valid.Cases.SampleAsync(async fuzzCase =>
                {
                    var (status, response) = await CallAsync(call, fuzzCase.Payload);
                    if (status.StatusCode == StatusCode.OK)
                    {
                        resources.Harvest(method.OutputType.Parser.ParseFrom(response));
                        created[method.Name] = created.GetValueOrDefault(method.Name) + 1;
                    }
                    else
                    {
                        refusals.TryAdd(method.Name, $"{status.StatusCode} {RequestGenerator.Printable(status.Detail)}");
                    }
                }, seed: settings.Seed, iter: 12, threads: 1);
            }
        }
        writeLine($"created resources to aim at: {string.Join(", ", created.Select(c => $"{c.Key} {c.Value}"))}; " +
            $"{resources.JournalNumbers.Count} journal numbers; a refusal of each on the way:\n  {string.Join("\n  ", refusals.Select(r => $"{r.Key}: {r.Value}"))}");
    }

    /// <summary>Stands for the cases of a kind whose share of the time budget is spent.</summary>
    private static readonly FuzzCase BudgetSpent = new("budget-spent", "not generated: the time budget is spent", []);

    private static readonly Method<byte[], byte[]> HealthCheck = new(MethodType.Unary, "grpc.health.v1.Health", "Check", PassThrough, PassThrough);

    private async Task CheckAsync(MethodDescriptor method, FuzzCase fuzzCase, string caller)
    {
        try
        {
            await CheckAnswerAsync(method, fuzzCase);
        }
        catch (FuzzFailureException e)
        {
            lock (Seen)
            {
                // Byte positions and counts make every mutated case distinct; the kind is what matters there.
                var what = fuzzCase.Kind is "raw-bytes" or "mutated-bytes" ? Digits().Replace(fuzzCase.Description, "#") : fuzzCase.Description;
                Seen.Add($"{method.Name} as {caller} | {fuzzCase.Kind} | {Truncate(what)} | {Truncate(e.Message)}");
            }
            throw;
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("[0-9]+")]
    private static partial System.Text.RegularExpressions.Regex Digits();

    private static string Truncate(string text) => text.Length > 120 ? $"{text[..120]}…" : text;

    private async Task CheckAnswerAsync(MethodDescriptor method, FuzzCase fuzzCase)
    {
        var logsBefore = logs.Count;
        var call = new Method<byte[], byte[]>(MethodType.Unary, method.Service.FullName, method.Name, PassThrough, PassThrough);
        var (status, response) = await CallAsync(call, fuzzCase.Payload);
        if (status.StatusCode == StatusCode.Unavailable)
        {
            // A dependency slow to answer on a loaded machine (Meetings' journal-number check has a 3 s
            // deadline) says "try again shortly"; the input's fault is UNAVAILABLE again.
            await Task.Delay(500);
            (status, response) = await CallAsync(call, fuzzCase.Payload);
        }
        lock (Statuses)
        {
            var key = $"{method.Name} {fuzzCase.Kind} {status.StatusCode}";
            Statuses[key] = Statuses.GetValueOrDefault(key) + 1;
        }
        if (Forbidden.Contains(status.StatusCode))
        {
            throw new FuzzFailureException($"{status.StatusCode} \"{RequestGenerator.Printable(status.Detail)}\"");
        }
        // The one documented limit that answers RESOURCE_EXHAUSTED (docs/operations.md, "Limits").
        if (status.StatusCode == StatusCode.ResourceExhausted && fuzzCase.Payload.Length <= GovernanceDefaults.MaxReceiveMessageBytes)
        {
            throw new FuzzFailureException($"RESOURCE_EXHAUSTED for a request of {fuzzCase.Payload.Length} bytes (the limit is " +
                $"{GovernanceDefaults.MaxReceiveMessageBytes}): \"{RequestGenerator.Printable(status.Detail)}\"");
        }
        if (status.StatusCode == StatusCode.OK)
        {
            try
            {
                method.OutputType.Parser.ParseFrom(response);
            }
            catch (Exception e)
            {
                throw new FuzzFailureException($"OK with a response that is not a {method.OutputType.FullName}: {e.Message}");
            }
        }
        var longLine = logs.Since(logsBefore).FirstOrDefault(l => l.Length > FuzzSettings.MaxLogLineLength);
        if (longLine is not null)
        {
            throw new FuzzFailureException($"a log line of {longLine.Length} characters (bound {FuzzSettings.MaxLogLineLength}): {RequestGenerator.Printable(longLine)}");
        }
        if (status.StatusCode is StatusCode.Cancelled or StatusCode.ResourceExhausted)
        {
            var probe = await CallAsync(HealthCheck, []);
            if (probe.Status.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.DeadlineExceeded)
            {
                throw new FuzzFailureException($"{status.StatusCode}, and then the channel no longer answers: {probe.Status}");
            }
        }
    }

    private async Task<(Status Status, byte[] Response)> CallAsync(Method<byte[], byte[]> method, byte[] payload)
    {
        try
        {
            using var call = invoker.AsyncUnaryCall(method, null, new CallOptions(deadline: DateTime.UtcNow + FuzzSettings.Deadline), payload);
            return (Status.DefaultSuccess, await call.ResponseAsync);
        }
        catch (RpcException e)
        {
            return (e.Status, []);
        }
    }
}

/// <summary>What the fuzzer found wrong with one answer.</summary>
public sealed class FuzzFailureException(string message) : Exception(message);
