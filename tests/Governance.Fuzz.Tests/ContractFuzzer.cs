using System.Diagnostics;
using CsCheck;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Governance.Fuzz.Tests;

/// <summary>Calls each RPC with the requests <see cref="RequestGenerator"/> makes, through a dynamic
/// client (raw bytes both ways), and checks each answer: never INTERNAL, UNKNOWN or
/// DEADLINE_EXCEEDED, an OK response that parses as the RPC's output, no log line over
/// <see cref="FuzzSettings.MaxLogLineLength"/>, and the channel still answering afterwards.
/// CsCheck shrinks a failure to a small case and reports the seed that replays it.</summary>
public sealed class ContractFuzzer(CallInvoker invoker, LogCapture logs, FuzzSettings settings, Action<string> writeLine)
{
    private static readonly Marshaller<byte[]> PassThrough = Marshallers.Create(b => b, b => b);

    private static readonly StatusCode[] Forbidden = [StatusCode.Internal, StatusCode.Unknown, StatusCode.DeadlineExceeded];

    /// <summary>Fuzzes every method in turn; returns one line per RPC that failed (the run goes on
    /// to the other RPCs, so one report lists every RPC with a problem).</summary>
    public async Task<IReadOnlyList<string>> RunAsync(IReadOnlyList<MethodDescriptor> methods, string caller)
    {
        var selected = methods.Where(m => settings.RpcFilter is null || m.FullName.Contains(settings.RpcFilter, StringComparison.Ordinal)).ToList();
        var share = settings.Budget is { } budget ? budget / Math.Max(1, selected.Count) : (TimeSpan?)null;
        var failures = new List<string>();
        foreach (var method in selected)
        {
            var clock = Stopwatch.StartNew();
            var calls = 0;
            try
            {
                await RequestGenerator.For(method).SampleAsync(async fuzzCase =>
                {
                    // Past its share of the short run's budget an RPC stops calling (the cases pass):
                    // what already failed stays failed and shrinks no further.
                    if (share is { } limit && clock.Elapsed > limit)
                    {
                        return;
                    }
                    calls++;
                    await CheckAsync(method, fuzzCase);
                }, seed: settings.Seed, iter: settings.Iterations, threads: 1, print: c => c.ToString());
            }
            catch (Exception e)
            {
                // CsCheck's message names the seed and the smallest failing case; the inner one says what was wrong.
                failures.Add($"{method.FullName} as {caller}: {e.InnerException?.Message ?? "(no detail)"}\n    {e.Message.Trim()}" +
                    $"\n    (replay: GOVERNANCE_FUZZ_RPC={method.FullName} GOVERNANCE_FUZZ_SEED=<the seed above>)");
            }
            writeLine($"{method.FullName} as {caller}: {calls} calls in {clock.Elapsed.TotalSeconds:F1} s");
        }
        // Whatever the run did, the channel still answers.
        var probe = await CallAsync(HealthCheck, []);
        if (probe.Status.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.DeadlineExceeded or StatusCode.Cancelled)
        {
            failures.Add($"after the run as {caller} the channel no longer answers: {probe.Status}");
        }
        return failures;
    }

    private static readonly Method<byte[], byte[]> HealthCheck = new(MethodType.Unary, "grpc.health.v1.Health", "Check", PassThrough, PassThrough);

    private async Task CheckAsync(MethodDescriptor method, FuzzCase fuzzCase)
    {
        var logsBefore = logs.Count;
        var call = new Method<byte[], byte[]>(MethodType.Unary, method.Service.FullName, method.Name, PassThrough, PassThrough);
        var (status, response) = await CallAsync(call, fuzzCase.Payload);
        if (Forbidden.Contains(status.StatusCode))
        {
            throw new FuzzFailureException($"{status.StatusCode} \"{RequestGenerator.Printable(status.Detail)}\"");
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
        if (status.StatusCode is StatusCode.Unavailable or StatusCode.Cancelled or StatusCode.ResourceExhausted)
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
