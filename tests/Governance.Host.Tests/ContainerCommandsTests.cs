namespace Governance.Host.Tests;

/// <summary>
/// The host's commands for containers, run as their own processes: <c>probe</c> (the image's
/// HEALTHCHECK, with no curl in the image) and the compose file's development identity,
/// <c>signing-key</c> and <c>token --signing-key</c>.
/// </summary>
public sealed class ContainerCommandsTests : IDisposable
{
    private const string Issuer = "urn:governance:compose";
    private const string Audience = "governance-compose";
    private readonly SqliteDatabase _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Probe_answers_0_for_a_ready_host_on_a_wildcard_address_and_1_with_a_reason_otherwise()
    {
        await using var host = await GovernanceTestHost.StartAsync(null, _directory.DirectoryPath);
        // The image listens on 0.0.0.0: the probe asks loopback on that port.
        var wildcard = $"http://0.0.0.0:{host.HttpAddress.Port}";

        Assert.Equal(0, (await ProbeAsync(wildcard)).ExitCode);
        Assert.Equal(0, (await ProbeAsync($"http://+:{host.HttpAddress.Port}", "/healthz")).ExitCode);

        var missing = await ProbeAsync(wildcard, "/no-such-page");
        Assert.Equal(1, missing.ExitCode);
        Assert.Matches("answered 4[0-9][0-9]", Assert.Single(missing.ErrorLines)); // 401 or 404: not a health answer

        var nobody = await ProbeAsync($"http://0.0.0.0:{GovernanceTestHost.FreePort()}");
        Assert.Equal(1, nobody.ExitCode);
        Assert.Contains("did not answer", Assert.Single(nobody.ErrorLines), StringComparison.Ordinal);

        Assert.Equal(2, (await ProbeAsync(wildcard, "readyz")).ExitCode);
        Assert.Equal(2, (await ProbeAsync("https://0.0.0.0:1")).ExitCode);
    }

    [Fact]
    public async Task Signing_key_makes_a_key_once_and_the_hosts_trusting_its_jwks_accept_its_tokens_and_no_other()
    {
        var key = Path.Combine(_directory.DirectoryPath, "signing-key.pem");
        var jwks = Path.Combine(_directory.DirectoryPath, "jwks.json");
        var made = await RunAsync("signing-key", "--key", key, "--jwks", jwks);
        Assert.True(made.ExitCode == 0, made.Error);
        Assert.Contains("NEW", made.Error, StringComparison.Ordinal);
        AuthenticationHostTests.AssertOwnerOnly(key);
        var publicKeys = await File.ReadAllTextAsync(jwks, Ct);
        Assert.DoesNotContain("\"d\"", publicKeys, StringComparison.Ordinal); // no private exponent

        // A second run (compose up again) keeps the key, so earlier tokens stay good.
        var kept = await RunAsync("signing-key", "--key", key, "--jwks", jwks);
        Assert.Equal(0, kept.ExitCode);
        Assert.Contains("Kept", kept.Error, StringComparison.Ordinal);
        Assert.Equal(publicKeys, await File.ReadAllTextAsync(jwks, Ct));

        // The token service mounts the key read-only: minting only reads it.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(key, UnixFileMode.UserRead);
        }
        var minted = await RunAsync("token", "--signing-key", key, "--issuer", Issuer, "--audience", Audience,
            "--subject", "alice", "--roles", "secretariat");
        Assert.True(minted.ExitCode == 0, minted.Error);
        var token = minted.Output.Trim();
        Assert.Equal(Issuer, HostCalls.Payload(token).GetProperty("iss").GetString());
        Assert.Equal(Audience, HostCalls.Payload(token).GetProperty("aud").GetString());

        await using var host = await GovernanceTestHost.StartAsync(null, _directory.DirectoryPath, new Dictionary<string, string?>
        {
            ["Governance:Auth:SigningKeysFile"] = jwks,
            ["Governance:Auth:Issuer"] = Issuer,
            ["Governance:Auth:Audience"] = Audience,
        });
        Assert.NotNull(await HostCalls.ListBodiesAsync(host, token, Ct));

        // The embedded default's development token (same data directory) is not trusted there,
        var development = await RunAsync("token", "--data-directory", _directory.DirectoryPath, "--subject", "alice", "--roles", "secretariat");
        Assert.Equal(0, development.ExitCode);
        await HostCalls.Unauthenticated(() => HostCalls.ListBodiesAsync(host, development.Output.Trim(), Ct));
        // nor a token of the same key for the production audience.
        var otherAudience = await RunAsync("token", "--signing-key", key, "--issuer", Issuer, "--subject", "alice", "--roles", "secretariat");
        Assert.Equal("governance", HostCalls.Payload(otherAudience.Output.Trim()).GetProperty("aud").GetString());
        await HostCalls.Unauthenticated(() => HostCalls.ListBodiesAsync(host, otherAudience.Output.Trim(), Ct));
    }

    [Fact]
    public async Task Token_with_a_signing_key_needs_an_issuer_and_an_existing_key_and_never_makes_one()
    {
        var key = Path.Combine(_directory.DirectoryPath, "signing-key.pem");
        var noKey = await RunAsync("token", "--signing-key", key, "--issuer", Issuer, "--subject", "alice", "--roles", "secretariat");
        Assert.Equal(2, noKey.ExitCode);
        Assert.Equal("", noKey.Output.Trim());
        Assert.Contains("signing-key command", noKey.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(key));

        Assert.Equal(0, (await RunAsync("signing-key", "--key", key, "--jwks", Path.Combine(_directory.DirectoryPath, "jwks.json"))).ExitCode);
        var noIssuer = await RunAsync("token", "--signing-key", key, "--subject", "alice", "--roles", "secretariat");
        Assert.Equal(2, noIssuer.ExitCode);
        Assert.Equal("", noIssuer.Output.Trim());
        Assert.Equal(2, (await RunAsync("signing-key", "--key", key)).ExitCode);

        await File.WriteAllTextAsync(key, "not a key", Ct);
        var notAKey = await RunAsync("token", "--signing-key", key, "--issuer", Issuer, "--subject", "alice", "--roles", "secretariat");
        Assert.Equal(2, notAKey.ExitCode);
        Assert.Contains("cannot be read as a PEM RSA key", Assert.Single(notAKey.ErrorLines), StringComparison.Ordinal);
    }

    private Task<HostProcess.Result> ProbeAsync(string httpUrl, params string[] args) =>
        HostProcess.RunAsync(_directory.DirectoryPath, new Dictionary<string, string> { ["Kestrel__Endpoints__Http__Url"] = httpUrl }, Ct, ["probe", .. args]);

    private Task<HostProcess.Result> RunAsync(params string[] args) =>
        HostProcess.RunAsync(_directory.DirectoryPath, new Dictionary<string, string>(), Ct, args);
}
