using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Governance.Meetings;
using Governance.Meetings.Security;
using Governance.ServiceDefaults.Hosting;
using Governance.ServiceDefaults.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Governance.Host.Tests;

/// <summary>
/// How the host sets up authentication: the development issuer's key in the data directory, a
/// configured authority instead of it, and refusing to start unprotected outside the embedded default.
/// </summary>
public sealed class AuthenticationHostTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Development_key_is_created_owner_only_in_the_data_directory_and_survives_a_restart()
    {
        using var directory = new SqliteDatabase();
        var keyFile = Path.Combine(directory.DirectoryPath, TokenIssuer.DevelopmentKeyFile);
        Assert.False(File.Exists(keyFile));

        string token;
        string keyId;
        await using (var first = await GovernanceTestHost.StartAsync(null, directory.DirectoryPath))
        {
            Assert.True(File.Exists(keyFile), $"No {TokenIssuer.DevelopmentKeyFile} in the data directory.");
            AssertOwnerOnly(keyFile);
            Assert.NotNull(first.Tokens);
            Assert.Equal(TokenIssuer.DevelopmentIssuer, first.Tokens.Issuer);
            token = first.Tokens.Issue("alice", [MeetingsRoles.Secretariat], [MeetingsClaims.ForBodies("direktionen")]);
            keyId = first.Tokens.SigningKey.KeyId;
            Assert.NotNull(await HostCalls.ListBodiesAsync(first, token, Ct));
        }
        var pem = await File.ReadAllTextAsync(keyFile, Ct);

        await using var second = await GovernanceTestHost.StartAsync(null, directory.DirectoryPath);
        Assert.Equal(pem, await File.ReadAllTextAsync(keyFile, Ct));
        AssertOwnerOnly(keyFile);
        Assert.Equal(keyId, second.Tokens!.SigningKey.KeyId);
        Assert.NotNull(await HostCalls.ListBodiesAsync(second, token, Ct));
    }

    [Fact]
    public async Task Hosts_on_different_data_directories_do_not_accept_each_others_tokens()
    {
        using var one = new SqliteDatabase();
        using var two = new SqliteDatabase();
        await using var first = await GovernanceTestHost.StartAsync(null, one.DirectoryPath);
        await using var second = await GovernanceTestHost.StartAsync(null, two.DirectoryPath);
        await HostCalls.Unauthenticated(() => HostCalls.ListBodiesAsync(second, first.Tokens!.Issue("alice", MeetingsRoles.All), Ct));
    }

    [Fact]
    public async Task Configured_signing_keys_replace_the_development_issuer()
    {
        using var directory = new SqliteDatabase();
        var authority = new TokenIssuer("https://idp.example.dk/realms/kommune", RSA.Create(2048), "governance");
        await using var host = await StartWithAuthorityAsync(directory, authority);

        var keyFile = Path.Combine(directory.DirectoryPath, TokenIssuer.DevelopmentKeyFile);
        Assert.Null(host.App.Services.GetService<TokenIssuer>());
        Assert.Null(host.Tokens);
        Assert.False(File.Exists(keyFile), "The development key was created although an authority is configured.");

        Assert.NotNull(await HostCalls.ListBodiesAsync(host, authority.Issue("alice", [MeetingsRoles.Secretariat]), Ct));
        await HostCalls.Unauthenticated(() => HostCalls.ListBodiesAsync(host, null, Ct));

        // A development token minted on the very data directory the host uses is still refused.
        var development = TokenIssuer.LoadOrCreateDevelopment(directory.DirectoryPath, "governance");
        await HostCalls.Unauthenticated(() => HostCalls.ListBodiesAsync(host, development.Issue("alice", MeetingsRoles.All), Ct));

        // So is a token with the authority's issuer name and another key.
        var impostor = new TokenIssuer(authority.Issuer, RSA.Create(2048), "governance");
        await HostCalls.Unauthenticated(() => HostCalls.ListBodiesAsync(host, impostor.Issue("alice", MeetingsRoles.All), Ct));

        // And one signed with the authority's key under another issuer.
        var otherIssuer = new TokenIssuer("https://idp.example.dk/realms/other", ((RsaSecurityKey)authority.SigningKey).Rsa, "governance");
        await HostCalls.Unauthenticated(() => HostCalls.ListBodiesAsync(host, otherIssuer.Issue("alice", MeetingsRoles.All), Ct));
    }

    [Fact]
    public async Task Configured_audience_is_required()
    {
        using var directory = new SqliteDatabase();
        var authority = new TokenIssuer("https://idp.example.dk/realms/kommune", RSA.Create(2048), "api://governance");
        await using var host = await StartWithAuthorityAsync(directory, authority, ("Governance:Auth:Audience", "api://governance"));

        Assert.NotNull(await HostCalls.ListBodiesAsync(host, authority.Issue("alice", [MeetingsRoles.Secretariat]), Ct));
        await HostCalls.Unauthenticated(() =>
            HostCalls.ListBodiesAsync(host, authority.Issue("alice", [MeetingsRoles.Secretariat], audience: "governance"), Ct));
    }

    [Fact]
    public async Task Signing_keys_without_an_issuer_refuse_to_start()
    {
        using var directory = new SqliteDatabase();
        var jwks = Path.Combine(directory.DirectoryPath, "jwks.json");
        await File.WriteAllTextAsync(jwks, new TokenIssuer("urn:x", RSA.Create(2048), "governance").PublicJwks(), Ct);
        var error = await Assert.ThrowsAsync<StartupConfigurationException>(() => GovernanceTestHost.StartAsync(null, directory.DirectoryPath,
            new Dictionary<string, string?> { ["Governance:Auth:SigningKeysFile"] = jwks }));
        Assert.Contains("Governance__Auth__Issuer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_on_a_non_loopback_address_without_an_authority_refuses_to_start()
    {
        using var directory = new SqliteDatabase();
        var url = $"http://0.0.0.0:{FreePort()}";
        var error = await Assert.ThrowsAsync<StartupConfigurationException>(() => GovernanceTestHost.StartAsync(null, directory.DirectoryPath,
            new Dictionary<string, string?> { ["Kestrel:Endpoints:Grpc:Url"] = url }));
        Assert.Contains("Governance__Auth__Authority", error.Message, StringComparison.Ordinal);
        Assert.Contains(url, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory.DirectoryPath, TokenIssuer.DevelopmentKeyFile)),
            "The development key was created for a host that refused to start.");
    }

    [Fact]
    public async Task Host_on_a_database_server_without_an_authority_refuses_to_start_before_connecting()
    {
        using var directory = new SqliteDatabase();
        // A "database server" that records whether anyone connected.
        using var database = new TcpListener(IPAddress.Loopback, 0);
        database.Start();
        var port = ((IPEndPoint)database.LocalEndpoint).Port;
        var settings = new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Grpc:Url"] = $"http://127.0.0.1:{FreePort()}",
            ["Kestrel:Endpoints:Http:Url"] = $"http://127.0.0.1:{FreePort()}",
            ["ConnectionStrings:Meetings"] = $"Host=127.0.0.1;Port={port};Database=x;Username=x;Password=x;Timeout=2",
            ["Governance:DataDirectory"] = directory.DirectoryPath,
            ["Governance:Auth:Authority"] = "",
            ["Governance:Auth:SigningKeysFile"] = "",
        };
        var error = await Assert.ThrowsAsync<StartupConfigurationException>(() =>
            GovernanceHost.BuildAsync([], configure: b => b.Configuration.AddInMemoryCollection(settings)));
        Assert.Contains("Governance__Auth__Authority", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:Meetings", error.Message, StringComparison.Ordinal);
        Assert.False(database.Pending(), "The host connected to the database before checking its authentication settings.");
        Assert.False(File.Exists(Path.Combine(directory.DirectoryPath, TokenIssuer.DevelopmentKeyFile)));
    }

    [Fact]
    public async Task Postgres_looking_connection_string_without_an_authority_refuses_to_start()
    {
        using var directory = new SqliteDatabase();
        var error = await Assert.ThrowsAsync<StartupConfigurationException>(() => GovernanceTestHost.StartAsync(new Dictionary<string, string> { [MeetingsServiceRegistration.ServiceName] = "Host=127.0.0.1;Database=x" },
            directory.DirectoryPath, new Dictionary<string, string?> { ["Governance:Auth:Authority"] = "" }));
        Assert.Contains("Governance__Auth__Authority", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The embedded default's SQLite store, with a JWKS file of <paramref name="authority"/> as the configured keys.</summary>
    private static async Task<GovernanceTestHost> StartWithAuthorityAsync(SqliteDatabase directory, TokenIssuer authority,
        params (string Key, string Value)[] more)
    {
        var jwks = Path.Combine(directory.DirectoryPath, "jwks.json");
        await File.WriteAllTextAsync(jwks, authority.PublicJwks(), Ct);
        var settings = new Dictionary<string, string?>
        {
            ["Governance:Auth:SigningKeysFile"] = jwks,
            ["Governance:Auth:Issuer"] = authority.Issuer,
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }
        return await GovernanceTestHost.StartAsync(null, directory.DirectoryPath, settings);
    }

    internal static void AssertOwnerOnly(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>What counts as the embedded default: SQLite stores only and every endpoint on loopback.</summary>
public sealed class AuthenticationEmbeddedModeTests
{
    private static IConfiguration Config(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value))).Build();

    [Fact]
    public void Empty_configuration_is_embedded() => Assert.True(EmbeddedMode.IsEmbedded(Config()));

    [Theory]
    [InlineData("http://localhost:5080")]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://[::1]:5080")]
    [InlineData("https://localhost:5443")]
    [InlineData("http://LOCALHOST:5080")]
    public void Loopback_endpoint_is_embedded(string url)
    {
        var configuration = Config(("Kestrel:Endpoints:Grpc:Url", url), ("Kestrel:Endpoints:Http:Url", "http://localhost:5081"));
        Assert.Null(EmbeddedMode.Reason(configuration));
        Assert.True(EmbeddedMode.IsEmbedded(configuration));
    }

    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://*:5080")]
    [InlineData("http://+:5080")]
    [InlineData("http://[::]:5080")]
    [InlineData("http://192.168.1.20:5080")]
    [InlineData("http://10.0.0.5:5080")]
    [InlineData("http://governance.kommune.dk:5080")]
    [InlineData("http://localhost.example.com:5080")]
    [InlineData("not a url")]
    public void Non_loopback_endpoint_is_not_embedded(string url)
    {
        var configuration = Config(("Kestrel:Endpoints:Grpc:Url", "http://localhost:5080"), ("Kestrel:Endpoints:Http:Url", url));
        Assert.False(EmbeddedMode.IsEmbedded(configuration));
        var reason = EmbeddedMode.Reason(configuration);
        Assert.NotNull(reason);
        Assert.Contains("Kestrel:Endpoints:Http:Url", reason, StringComparison.Ordinal);
        Assert.Contains(url, reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://127.0.0.1:5000;http://[::1]:5001", true)]
    [InlineData("http://localhost:5000;http://0.0.0.0:5001", false)]
    [InlineData("http://*:5000", false)]
    [InlineData("http://+:5000", false)]
    [InlineData("http://192.168.1.20:5000", false)]
    public void Urls_setting_is_considered(string urls, bool embedded)
    {
        var configuration = Config(("urls", urls));
        Assert.Equal(embedded, EmbeddedMode.IsEmbedded(configuration));
        if (!embedded)
        {
            Assert.Contains("urls", EmbeddedMode.Reason(configuration), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Data Source=/var/lib/governance/meetings.db")]
    [InlineData("DataSource=meetings.db")]
    [InlineData("Filename=meetings.db")]
    [InlineData("")]
    public void Sqlite_connection_string_is_embedded(string connectionString)
    {
        var configuration = Config(("ConnectionStrings:Meetings", connectionString), ("Kestrel:Endpoints:Grpc:Url", "http://localhost:5080"));
        Assert.True(EmbeddedMode.IsEmbedded(configuration));
        if (connectionString.Length > 0)
        {
            Assert.True(EmbeddedMode.IsSqlite(connectionString));
        }
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Database=x")]
    [InlineData("Host=db.kommune.local;Port=5432;Database=governance;Username=governance;Password=secret")]
    [InlineData("Server=db;Database=governance")]
    public void Database_server_connection_string_is_not_embedded(string connectionString)
    {
        var configuration = Config(("ConnectionStrings:Meetings", connectionString), ("Kestrel:Endpoints:Grpc:Url", "http://localhost:5080"));
        Assert.False(EmbeddedMode.IsSqlite(connectionString));
        Assert.False(EmbeddedMode.IsEmbedded(configuration));
        Assert.Contains("ConnectionStrings:Meetings", EmbeddedMode.Reason(configuration), StringComparison.Ordinal);
    }

    [Fact]
    public void Any_database_server_connection_string_makes_it_not_embedded()
    {
        var configuration = Config(("ConnectionStrings:Meetings", "Data Source=meetings.db"), ("ConnectionStrings:Surveys", "Host=db;Database=surveys"));
        Assert.False(EmbeddedMode.IsEmbedded(configuration));
        Assert.Contains("ConnectionStrings:Surveys", EmbeddedMode.Reason(configuration), StringComparison.Ordinal);
    }
}

/// <summary>
/// The <c>token</c> command of the built host, run as its own process (TokenCommand is internal to
/// Governance.Host), on a temporary data directory.
/// </summary>
public sealed class AuthenticationTokenCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Token_command_prints_a_development_token_the_host_accepts()
    {
        using var directory = new SqliteDatabase();
        var result = await RunTokenCommandAsync(directory.DirectoryPath, [], "--subject", "alice", "--roles", "secretariat", "--bodies", "direktionen");
        Assert.True(result.ExitCode == 0, $"token exited with {result.ExitCode}: {result.Error}");
        var token = result.Output.Trim();
        Assert.Matches("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$", token);

        Assert.Equal("RS256", HostCalls.Header(token).GetProperty("alg").GetString());
        var claims = HostCalls.Payload(token);
        Assert.Equal("alice", claims.GetProperty("sub").GetString());
        Assert.Equal(["secretariat"], claims.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["direktionen"], claims.GetProperty("bodies").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(TokenIssuer.DevelopmentIssuer, claims.GetProperty("iss").GetString());
        Assert.Equal("governance", claims.GetProperty("aud").GetString());
        Assert.Equal(8 * 3600, claims.GetProperty("exp").GetInt64() - claims.GetProperty("nbf").GetInt64());
        var keyFile = Path.Combine(directory.DirectoryPath, TokenIssuer.DevelopmentKeyFile);
        Assert.True(File.Exists(keyFile));
        AuthenticationHostTests.AssertOwnerOnly(keyFile);

        await using var host = await GovernanceTestHost.StartAsync(null, directory.DirectoryPath);
        Assert.NotNull(await HostCalls.ListBodiesAsync(host, token, Ct));
    }

    [Fact]
    public async Task Token_command_says_which_manager_and_which_units_of_a_working_environment_group()
    {
        using var directory = new SqliteDatabase();
        var result = await RunTokenCommandAsync(directory.DirectoryPath, [], "--subject", "leder", "--roles", "manager,work_environment_group",
            "--manager", "odc-chef", "--work-environment-units", "odc-1, odc-2");
        Assert.True(result.ExitCode == 0, $"token exited with {result.ExitCode}: {result.Error}");
        var claims = HostCalls.Payload(result.Output.Trim());
        Assert.Equal(["odc-chef"], claims.GetProperty("manager_id").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["odc-1", "odc-2"], claims.GetProperty("work_environment_units").EnumerateArray().Select(r => r.GetString()));
        var plain = HostCalls.Payload((await RunTokenCommandAsync(directory.DirectoryPath, [], "--subject", "hr", "--roles", "hr")).Output.Trim());
        Assert.False(plain.TryGetProperty("manager_id", out _));
    }

    [Fact]
    public async Task Token_command_rejects_an_unknown_role()
    {
        using var directory = new SqliteDatabase();
        var result = await RunTokenCommandAsync(directory.DirectoryPath, [], "--subject", "alice", "--roles", "nonsense");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Output.Trim());
        Assert.Contains("nonsense", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Governance__Auth__Authority", "https://idp.example.dk/realms/kommune")]
    [InlineData("ConnectionStrings__Meetings", "Host=db;Database=governance")]
    [InlineData("Kestrel__Endpoints__Grpc__Url", "http://0.0.0.0:5080")]
    public async Task Token_command_refuses_outside_the_embedded_default(string variable, string value)
    {
        using var directory = new SqliteDatabase();
        var result = await RunTokenCommandAsync(directory.DirectoryPath, new() { [variable] = value }, "--subject", "alice", "--roles", "secretariat");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Output.Trim());
        Assert.False(File.Exists(Path.Combine(directory.DirectoryPath, TokenIssuer.DevelopmentKeyFile)));
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunTokenCommandAsync(string dataDirectory,
        Dictionary<string, string> environment, params string[] args)
    {
        var settings = new Dictionary<string, string>(environment) { ["Governance__DataDirectory"] = dataDirectory };
        var result = await HostProcess.RunAsync(dataDirectory, settings, Ct, ["token", .. args]);
        return (result.ExitCode, result.Output, result.Error);
    }
}
