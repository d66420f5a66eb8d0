using System.Collections.Concurrent;
using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Governance.Meetings.V1;
using Governance.Testing;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Governance.BuildingBlocks.Tests.Errors;

/// <summary>What a caller gets for a malformed or oversized request, through the real host: a short
/// INVALID_ARGUMENT with ErrorInfo, a channel that keeps working, and brief log lines.</summary>
public sealed class CallerInputTests : IAsyncLifetime
{
    private const int MaxLogLine = 2048;
    private const int MaxHeaderChars = 4096;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly CapturedLogs _logs = new();
    private GovernanceTestHost _host = null!;

    public async ValueTask InitializeAsync() =>
        _host = await GovernanceTestHost.StartAsync(null, settings: new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Information" },
            logs: _logs);

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private MeetingsService.MeetingsServiceClient Meetings => new(_host.Channel);

    public static TheoryData<string, byte[]> Malformed => new()
    {
        // Field 1 (body), length 5, but only one byte follows.
        { "/governance.meetings.v1.MeetingsService/CreateBody", [0x0A, 0x05, 0x01] },
        // Tag zero is never valid.
        { "/governance.meetings.v1.MeetingsService/GetBody", [0x00, 0x00, 0xFF, 0xFF] },
        // body_id = "a" + a lone surrogate (U+D800) as a JavaScript client may encode it: not UTF-8.
        { "/governance.meetings.v1.MeetingsService/CreateBody", [0x12, 0x04, 0x61, 0xED, 0xA0, 0x80] },
        // The Cases service gets the same guard without code of its own.
        { "/governance.cases.v1.CasesService/GetCase", [0x0A, 0x03, 0x61, 0xC3, 0x28] },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task Bytes_that_are_not_a_valid_request_are_invalid_argument_and_the_channel_keeps_working(string method, byte[] payload)
    {
        var raw = new Method<byte[], byte[]>(MethodType.Unary, method.Split('/')[1], method.Split('/')[2], Bytes, Bytes);

        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            _host.Channel.CreateCallInvoker().AsyncUnaryCall(raw, null, new CallOptions(deadline: DateTime.UtcNow.Add(Deadline), cancellationToken: TestContext.Current.CancellationToken), payload).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains("could not be parsed", ex.Status.Detail, StringComparison.Ordinal);
        var info = ex.GetRpcStatus()!.GetDetail<ErrorInfo>()!;
        Assert.Equal("MALFORMED_REQUEST", info.Reason);
        Assert.Equal(method.Contains("cases", StringComparison.Ordinal) ? "governance.cases" : "governance.meetings", info.Domain);
        await Meetings.ListBodiesAsync(new ListBodiesRequest(), deadline: DateTime.UtcNow.Add(Deadline), cancellationToken: TestContext.Current.CancellationToken);
        AssertLogsBrief();
        Assert.Contains(_logs.Lines, l => l.Contains("MALFORMED_REQUEST", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_huge_update_mask_path_is_answered_quickly_with_a_short_message()
    {
        var path = new string('x', 32_000);
        var watch = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<RpcException>(() => Meetings.UpdateBodyAsync(new UpdateBodyRequest
        {
            Body = new Body { Name = "bodies/direktionen", DisplayName = "Direktionen" },
            UpdateMask = new FieldMask { Paths = { path } },
        }, deadline: DateTime.UtcNow.Add(Deadline), cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        AssertShortInvalidArgument(ex, watch, "update_mask");
        await Meetings.ListBodiesAsync(new ListBodiesRequest(), deadline: DateTime.UtcNow.Add(Deadline), cancellationToken: TestContext.Current.CancellationToken);
        AssertLogsBrief();
    }

    [Fact]
    public async Task A_huge_journal_number_is_answered_quickly_with_a_short_message()
    {
        var watch = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<RpcException>(() => Meetings.CreateBodyAsync(new CreateBodyRequest
        {
            Body = new Body
            {
                DisplayName = "Direktionen",
                AgendaTemplate = { new StandingItemTemplate { Title = "Øvrige sager", JournalNumber = new string('9', 100_000) } },
            },
        }, deadline: DateTime.UtcNow.Add(Deadline), cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        AssertShortInvalidArgument(ex, watch, "journal_number");
        await Meetings.ListBodiesAsync(new ListBodiesRequest(), deadline: DateTime.UtcNow.Add(Deadline), cancellationToken: TestContext.Current.CancellationToken);
        AssertLogsBrief();
    }

    [Fact]
    public async Task Many_huge_violations_still_fit_in_small_headers()
    {
        var mask = new FieldMask();
        for (var i = 0; i < 200; i++)
        {
            mask.Paths.Add($"{i}{new string('\u0001', 5_000)}");
        }

        var ex = await Assert.ThrowsAsync<RpcException>(() => Meetings.UpdateBodyAsync(new UpdateBodyRequest
        {
            Body = new Body { Name = "bodies/direktionen" },
            UpdateMask = mask,
        }, deadline: DateTime.UtcNow.Add(Deadline), cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        AssertShortInvalidArgument(ex, Stopwatch.StartNew(), "update_mask");
        Assert.DoesNotContain('\u0001', ex.Status.Detail);
    }

    private static void AssertShortInvalidArgument(RpcException ex, Stopwatch watch, string field)
    {
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.True(watch.Elapsed < Deadline / 2, $"took {watch.Elapsed}");
        Assert.InRange(ex.Status.Detail.Length, 1, 500);
        Assert.Contains("…", ex.Status.Detail, StringComparison.Ordinal);
        var details = ex.Trailers.GetValueBytes("grpc-status-details-bin");
        Assert.NotNull(details);
        Assert.InRange(details.Length * 4 / 3, 1, MaxHeaderChars);
        var status = ex.GetRpcStatus()!;
        Assert.Equal("FIELD_VIOLATION", status.GetDetail<ErrorInfo>()!.Reason);
        var violation = Assert.Single(status.GetDetail<BadRequest>()!.FieldViolations, v => v.Field.EndsWith(field, StringComparison.Ordinal));
        Assert.InRange(violation.Description.Length, 1, 300);
    }

    private void AssertLogsBrief()
    {
        Assert.All(_logs.Lines, l => Assert.InRange(l.Length, 0, MaxLogLine));
        Assert.DoesNotContain(_logs.Lines, l => l.Contains("   at ", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal));
    }

    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    /// <summary>Every entry the host logs, rendered as a line with its exception (stack trace included).</summary>
    private sealed class CapturedLogs : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturedLogs logs, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logs.Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : Environment.NewLine + exception)}");
        }
    }
}
