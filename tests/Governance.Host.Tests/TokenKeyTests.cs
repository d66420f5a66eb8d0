using Governance.Meetings.Security;
using Governance.ServiceDefaults.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Governance.Host.Tests;

/// <summary>
/// The development key the <c>token</c> command signs with is the host's when both resolve the same
/// data directory, from whatever working directory; and when a host refuses a token, its log says
/// why (another data directory's key, expired, audience, issuer) without the token.
/// </summary>
public sealed class TokenKeyTests : IDisposable
{
    private readonly SqliteDatabase _hostData = new();
    private readonly SqliteDatabase _elsewhere = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Token_minted_from_another_working_directory_for_the_hosts_data_directory_is_accepted(bool asArgument)
    {
        var (host, _) = await StartHostAsync();
        await using var running = host;
        var keyFile = Path.Combine(_hostData.DirectoryPath, TokenIssuer.DevelopmentKeyFile);

        var environment = new Dictionary<string, string>();
        string[] args = ["token", "--subject", "alice", "--roles", "secretariat"];
        if (asArgument)
        {
            args = [.. args, "--data-directory", _hostData.DirectoryPath];
        }
        else
        {
            environment["Governance__DataDirectory"] = _hostData.DirectoryPath;
        }
        var result = await HostProcess.RunAsync(_elsewhere.DirectoryPath, environment, Ct, args);

        Assert.True(result.ExitCode == 0, $"token exited with {result.ExitCode}: {result.Error}");
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains(keyFile, line, StringComparison.Ordinal);
        Assert.DoesNotContain("NEW", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_elsewhere.DirectoryPath, "data")), "The token command made ./data in its working directory.");
        Assert.NotNull(await HostCalls.ListBodiesAsync(host, result.Output.Trim(), Ct));
    }

    [Fact]
    public async Task Token_minted_on_another_data_directory_is_refused_and_the_log_says_why_without_the_token()
    {
        var (host, logs) = await StartHostAsync();
        await using var running = host;

        // From another working directory without naming the data directory: ./data there, a new key.
        var result = await HostProcess.RunAsync(_elsewhere.DirectoryPath, new Dictionary<string, string>(), Ct,
            "token", "--subject", "alice", "--roles", "secretariat");
        Assert.Equal(0, result.ExitCode);
        var notice = Assert.Single(result.ErrorLines);
        Assert.Contains("NEW", notice, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_elsewhere.DirectoryPath, "data", TokenIssuer.DevelopmentKeyFile), notice, StringComparison.Ordinal);
        Assert.Contains("Governance__DataDirectory", notice, StringComparison.Ordinal);
        var token = result.Output.Trim();

        await HostCalls.Unauthenticated(() => HostCalls.ListBodiesAsync(host, token, Ct));

        var refusal = await RefusalAsync(logs);
        Assert.Contains("signature key not known to this host (was the token minted for another data directory?", refusal, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_hostData.DirectoryPath, TokenIssuer.DevelopmentKeyFile), refusal, StringComparison.Ordinal);
        AssertNoTokenIn(logs, token);
    }

    [Fact]
    public async Task Expired_wrong_audience_and_wrong_issuer_tokens_are_logged_with_their_reason()
    {
        var (host, logs) = await StartHostAsync();
        await using var running = host;
        var tokens = host.Tokens!;
        var key = ((RsaSecurityKey)tokens.SigningKey).Rsa;

        var expired = tokens.Issue("alice", [MeetingsRoles.Secretariat], now: DateTime.UtcNow.AddHours(-3), lifetime: TimeSpan.FromHours(1));
        await HostCalls.Unauthenticated(() => HostCalls.ListBodiesAsync(host, expired, Ct));
        Assert.Contains("expired", await RefusalAsync(logs), StringComparison.Ordinal);

        var otherAudience = tokens.Issue("alice", [MeetingsRoles.Secretariat], audience: "api://another-system");
        await HostCalls.Unauthenticated(() => HostCalls.ListBodiesAsync(host, otherAudience, Ct));
        var audience = await RefusalAsync(logs, "wrong audience");
        Assert.Contains("'governance'", audience, StringComparison.Ordinal);
        Assert.DoesNotContain("another-system", audience, StringComparison.Ordinal);

        var otherIssuer = new TokenIssuer("urn:another-issuer", key, "governance").Issue("alice", [MeetingsRoles.Secretariat]);
        await HostCalls.Unauthenticated(() => HostCalls.ListBodiesAsync(host, otherIssuer, Ct));
        var issuer = await RefusalAsync(logs, "wrong issuer");
        Assert.Contains(TokenIssuer.DevelopmentIssuer, issuer, StringComparison.Ordinal);
        Assert.DoesNotContain("another-issuer", issuer, StringComparison.Ordinal);

        foreach (var token in new[] { expired, otherAudience, otherIssuer })
        {
            AssertNoTokenIn(logs, token);
        }
    }

    [Fact]
    public async Task A_token_without_a_subject_is_unauthenticated_and_the_log_says_why()
    {
        var (host, logs) = await StartHostAsync();
        await using var running = host;
        var tokens = host.Tokens!;

        foreach (var subject in new[] { null, "", "  " })
        {
            var claims = new Dictionary<string, object> { ["roles"] = new[] { MeetingsRoles.Secretariat } };
            if (subject is not null)
            {
                claims["sub"] = subject;
            }
            // Signed with the host's own key, by the host's issuer, for its audience: only the subject is missing.
            var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = tokens.Issuer,
                Audience = tokens.Audience,
                Claims = claims,
                Expires = DateTime.UtcNow.AddHours(1),
                SigningCredentials = new SigningCredentials(tokens.SigningKey, SecurityAlgorithms.RsaSha256),
            });
            await HostCalls.Unauthenticated(() => HostCalls.ListBodiesAsync(host, token, Ct));
            Assert.Contains(TokenRefusalLog.NoSubject, await RefusalAsync(logs, "no subject"), StringComparison.Ordinal);
            AssertNoTokenIn(logs, token);
        }
        Assert.Equal(3, logs.Lines.Count(l => l.Contains(TokenRefusalLog.NoSubject, StringComparison.Ordinal)));

        // The issuers the platform ships never mint one.
        Assert.Throws<ArgumentException>(() => tokens.Issue(" ", [MeetingsRoles.Secretariat]));
        var command = await HostProcess.RunAsync(_elsewhere.DirectoryPath, new Dictionary<string, string>(), Ct,
            "token", "--data-directory", _hostData.DirectoryPath, "--subject", " ", "--roles", "secretariat");
        Assert.Equal(2, command.ExitCode);
        Assert.Contains("--subject", command.Error, StringComparison.Ordinal);
        Assert.Equal("", command.Output.Trim());
    }

    [Fact]
    public async Task A_garbage_token_is_logged_as_malformed_and_bounded()
    {
        var (host, logs) = await StartHostAsync();
        await using var running = host;
        var garbage = "x" + new string('A', 20_000);
        await HostCalls.Unauthenticated(() => HostCalls.ListBodiesAsync(host, garbage, Ct));
        var refusal = await RefusalAsync(logs);
        Assert.True(refusal.Length < 600, $"{refusal.Length} characters");
        Assert.DoesNotContain(new string('A', 32), string.Join('\n', logs.Lines), StringComparison.Ordinal);
    }

    /// <summary>The embedded default on the host's data directory, its log captured with the
    /// authentication category at Information.</summary>
    private async Task<(GovernanceTestHost Host, LogCapture Logs)> StartHostAsync()
    {
        var host = await GovernanceTestHost.StartAsync(null, _hostData.DirectoryPath, new Dictionary<string, string?>
        {
            [$"Logging:LogLevel:{TokenRefusalLog.Category}"] = "Information",
        });
        var logs = new LogCapture();
        host.App.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        return (host, logs);
    }

    /// <summary>The next refusal line in the log (containing <paramref name="containing"/>, when given).</summary>
    private static async Task<string> RefusalAsync(LogCapture logs, string containing = "")
    {
        for (var i = 0; i < 50; i++)
        {
            var line = logs.Lines.LastOrDefault(l => l.Contains($"{TokenRefusalLog.Category}: Refused a bearer token", StringComparison.Ordinal)
                && l.Contains(containing, StringComparison.Ordinal));
            if (line is not null)
            {
                return line;
            }
            await Task.Delay(100, Ct);
        }
        Assert.Fail($"No refusal{(containing.Length > 0 ? $" with '{containing}'" : "")} in the log: {string.Join(" / ", logs.Lines)}");
        return "";
    }

    private static void AssertNoTokenIn(LogCapture logs, string token)
    {
        var all = string.Join('\n', logs.Lines);
        var parts = token.Split('.');
        Assert.DoesNotContain(token, all, StringComparison.Ordinal);
        Assert.All(parts.Where(p => p.Length > 0), part => Assert.DoesNotContain(part, all, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _hostData.Dispose();
        _elsewhere.Dispose();
    }
}
