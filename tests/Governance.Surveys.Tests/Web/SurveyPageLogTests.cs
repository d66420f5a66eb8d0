using System.Net;
using Governance.Surveys.Domain;
using Governance.Surveys.Tests.Api;
using Governance.Surveys.V1;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Governance.Surveys.Tests.Web;

/// <summary>The round host with every log category at Trace and every entry captured whole (scopes too).</summary>
public sealed class TracedRoundHost() : RoundHost(new SqliteHostStore())
{
    public TraceCapture Logs { get; } = new();

    public override async ValueTask InitializeAsync() => await StartAsync(TraceCapture.EveryLevel(), Logs);
}

/// <summary>
/// No log line, at any level, holds a survey token (or its hash, or a part of it long enough to narrow
/// it down): the pages walked whole with every category at Trace — each page, a save, a refused answer, a
/// form without its antiforgery token, the summary, the submission, the used link, unknown and malformed
/// links until the address is refused, a request line the server refuses — and the gRPC answering
/// service's calls beside them.
/// </summary>
public sealed class SurveyPageLogTests(TracedRoundHost host) : IClassFixture<TracedRoundHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task No_log_line_at_any_level_holds_a_token()
    {
        var r = await PageRounds.OpenAsync(host, "logget", 2);
        var token = r.Tokens[0];
        var start = host.Logs.Entries.Count;
        using var browser = PageRounds.Client(host, 21);

        var page = await browser.GetAsync($"/survey/{token}", Ct);
        var radios = page.RadioFields;
        Assert.Equal(HttpStatusCode.SeeOther, (await browser.PostAsync($"/survey/{token}", PageRounds.Form(page, "1", "naeste", [.. radios.Select(f => (f, "4"))]), Ct)).Status);
        var seven = await browser.GetAsync($"/survey/{token}?side=7", Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity,
            (await browser.PostAsync($"/survey/{token}", PageRounds.Form(seven, "7", "naeste", (seven.TextFields[0], new string('x', 2_001))), Ct)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.PostAsync($"/survey/{token}", [new("side", "1"), new("handling", "gem")], Ct)).Status);
        Assert.Equal(HttpStatusCode.SeeOther, (await browser.PostAsync($"/survey/{token}", PageRounds.Form(page, "1", "gem", (radios[0], "2")), Ct)).Status);
        var summary = await browser.GetAsync($"/survey/{token}?side=opsummering", Ct);
        Assert.Equal(HttpStatusCode.SeeOther, (await browser.PostAsync($"/survey/{token}", PageRounds.Form(summary, "opsummering", "indsend"), Ct)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/survey/{token}", Ct)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.PostAsync($"/survey/{token}", PageRounds.Form(summary, "opsummering", "indsend"), Ct)).Status);

        // The gRPC answering service with the other invitation's token, and with the used one.
        var other = r.Tokens[1];
        await host.Answering.GetQuestionnaireAsync(new GetQuestionnaireRequest { InvitationToken = other }, cancellationToken: Ct);
        await Assert.ThrowsAsync<RpcException>(async () => await host.Answering.SaveAnswersAsync(new SaveAnswersRequest
        {
            InvitationToken = other, Answers = { new Answer { Instrument = r.Apv.Name, ItemId = "findes-ikke", Scale = 3 } },
        }, cancellationToken: Ct));
        await Assert.ThrowsAsync<RpcException>(async () =>
            await host.Answering.GetQuestionnaireAsync(new GetQuestionnaireRequest { InvitationToken = token }, cancellationToken: Ct));

        // Unknown and malformed links from one address until it is refused.
        using var guesser = PageRounds.Client(host, 22);
        var guesses = Enumerable.Range(0, 4).Select(i => Invitations.NewToken().Token).Append("ikke-et-link").Append(Invitations.NewToken().Token).ToList();
        foreach (var guess in guesses)
        {
            await guesser.GetAsync($"/survey/{guess}", Ct);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.GetAsync($"/survey/{other}", Ct)).Status);

        // A request line the server refuses, with a token in it (Kestrel writes the line it refused at Debug).
        using (var raw = new System.Net.Sockets.TcpClient())
        {
            await raw.ConnectAsync(host.Server.HttpAddress.Host, host.Server.HttpAddress.Port, Ct);
            var stream = raw.GetStream();
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"GET /survey/{other}\u0000 HTTP/1.1\r\nHost: x\r\n\r\n"), Ct);
            var buffer = new byte[1024];
            var read = await stream.ReadAsync(buffer, Ct);
            Assert.StartsWith("HTTP/1.1 400", System.Text.Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
        }

        var lines = host.Logs.Entries.Skip(start).ToList();
        // The capture does see what the walk logs at the lowest levels (it can fail).
        Assert.Contains(lines, l => l.Level is LogLevel.Trace or LogLevel.Debug);
        string[] secrets = [.. r.Tokens, .. guesses.Where(Invitations.IsTokenForm)];
        var leaks = lines.Where(l => secrets.Any(s => l.Line.Contains(s[..16], StringComparison.Ordinal)
            || l.Line.Contains(s[^16..], StringComparison.Ordinal) || l.Line.Contains(Invitations.Hash(s)[..16], StringComparison.Ordinal))).ToList();
        Assert.True(leaks.Count == 0, $"Log lines with a token:\n{string.Join("\n", leaks.Select(l => l.Line))}");
        Assert.DoesNotContain(lines, l => l.Line.Contains("/survey/ikke-et-link", StringComparison.Ordinal));
    }
}
