using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Governance.ServiceDefaults.Security;

namespace Governance.Host.Tests;

/// <summary>
/// The host run as a process with one bad setting: it stops with exit code 2 and one line on stderr
/// that names the setting to change, and no stack trace anywhere. A failure that is not a setting
/// (a database server that is down) keeps its ordinary treatment.
/// </summary>
public sealed class StartupConfigurationTests : IDisposable
{
    private readonly SqliteDatabase _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Data => _directory.DirectoryPath;

    public static TheoryData<string, string[]> BadSettings => new()
    {
        // Outside the embedded default (here: a non-loopback endpoint) without a token authority.
        { "non-loopback", ["Governance__Auth__Authority"] },
        // A path where a connection string belongs: named as such, not as a missing token authority.
        { "path-as-connection-string", ["ConnectionStrings__Meetings", "Data Source="] },
        // A keyword PostgreSQL does not know; the password in it is never echoed.
        { "misspelt-postgres-keyword", ["ConnectionStrings__Meetings", "databse"] },
        { "broker-not-a-uri", ["ConnectionStrings__RabbitMq", "amqp://"] },
        { "sqlite-directory-missing", ["Cases", "unable to open database file", "missing-directory"] },
        { "data-directory-not-creatable", ["Governance__DataDirectory"] },
        { "split-without-cases-address", ["Governance__Clients__Cases__Address"] },
        { "split-without-broker", ["ConnectionStrings__RabbitMq", "Governance__Services"] },
        { "cases-alone-without-broker", ["ConnectionStrings__RabbitMq", "Governance__Services"] },
        { "unknown-service", ["Governance__Services", "payroll"] },
        { "signing-keys-without-issuer", ["Governance__Auth__Issuer"] },
        { "signing-keys-file-missing", ["Governance__Auth__SigningKeysFile"] },
        { "authority-not-a-url", ["Governance__Auth__Authority"] },
        { "client-address-not-a-url", ["Governance__Clients__Cases__Address"] },
        { "drain-delay-not-a-duration", ["Governance__Shutdown__DrainDelay"] },
        { "shutdown-timeout-within-drain-delay", ["Governance__Shutdown__Timeout"] },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task Bad_setting_stops_the_host_with_one_line_naming_it(string mistake, string[] expected)
    {
        var result = await HostProcess.RunAsync(Data, Settings(mistake), Ct);

        AssertOneLineConfigurationError(result, expected);
        Assert.DoesNotContain("hemmelig", result.Error + result.Output, StringComparison.Ordinal);
        if (mistake == "path-as-connection-string")
        {
            Assert.DoesNotContain("Authority", result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Migrate_command_reports_a_bad_setting_the_same_way()
    {
        var result = await HostProcess.RunAsync(Data, Settings("sqlite-directory-missing"), Ct, "migrate");
        AssertOneLineConfigurationError(result, ["Cases", "unable to open database file"]);
    }

    [Fact]
    public async Task Token_command_reports_a_bad_setting_the_same_way()
    {
        var result = await HostProcess.RunAsync(Data, Settings("path-as-connection-string"), Ct, "token", "--subject", "alice");
        AssertOneLineConfigurationError(result, ["ConnectionStrings__Meetings"]);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task A_database_server_that_is_down_is_not_a_configuration_error()
    {
        // Nothing listens on the port: an outage, not a setting, so the ordinary unhandled exception.
        var settings = Settings("none");
        settings["ConnectionStrings__Meetings"] = $"Host=127.0.0.1;Port={FreePort()};Database=x;Username=x;Password=x;Timeout=3";
        settings["ConnectionStrings__RabbitMq"] = $"amqp://127.0.0.1:{FreePort()}";
        settings["Governance__Auth__Authority"] = "https://idp.example.dk/realms/kommune";
        var result = await HostProcess.RunAsync(Data, settings, Ct);
        Assert.NotEqual(0, result.ExitCode);
        Assert.NotEqual(2, result.ExitCode);
        Assert.DoesNotContain("configuration error", result.Error, StringComparison.Ordinal);
        Assert.Contains("Unhandled exception", result.Error, StringComparison.Ordinal);
    }

    private static void AssertOneLineConfigurationError(HostProcess.Result result, string[] expected)
    {
        Assert.True(result.ExitCode == 2, $"exit code {result.ExitCode}; stderr: {result.Error}; stdout: {result.Output}");
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("Governance.Host: configuration error: ", line, StringComparison.Ordinal);
        foreach (var text in expected)
        {
            Assert.Contains(text, line, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("   at ", result.Error + result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.Error + result.Output, StringComparison.Ordinal);
    }

    /// <summary>An otherwise good embedded default on free loopback ports, with <paramref name="mistake"/> made.</summary>
    private Dictionary<string, string> Settings(string mistake)
    {
        var settings = new Dictionary<string, string>
        {
            ["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{FreePort()}",
            ["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{FreePort()}",
            ["Governance__DataDirectory"] = Data,
        };
        switch (mistake)
        {
            case "non-loopback":
                settings["Kestrel__Endpoints__Grpc__Url"] = $"http://0.0.0.0:{FreePort()}";
                break;
            case "path-as-connection-string":
                settings["ConnectionStrings__Meetings"] = Path.Combine(Data, "meetings.db");
                break;
            case "misspelt-postgres-keyword":
                settings["ConnectionStrings__Meetings"] = "Host=db;Databse=governance;Username=governance;Password=hemmelig";
                settings["Governance__Auth__Authority"] = "https://idp.example.dk/realms/kommune";
                break;
            case "broker-not-a-uri":
                settings["ConnectionStrings__RabbitMq"] = "rabbitmq:5672";
                break;
            case "sqlite-directory-missing":
                settings["ConnectionStrings__Cases"] = $"Data Source={Path.Combine(Data, "missing-directory", "cases.db")}";
                break;
            case "data-directory-not-creatable":
                var file = Path.Combine(Data, "a-file");
                File.WriteAllText(file, "");
                settings["Governance__DataDirectory"] = Path.Combine(file, "data");
                break;
            case "split-without-cases-address":
                settings["Governance__Services"] = "meetings";
                break;
            case "split-without-broker":
                settings["Governance__Services"] = "meetings";
                settings["Governance__Clients__Cases__Address"] = "http://127.0.0.1:5080";
                break;
            case "cases-alone-without-broker":
                settings["Governance__Services"] = "cases";
                break;
            case "unknown-service":
                settings["Governance__Services"] = "meetings,payroll";
                break;
            case "signing-keys-without-issuer":
                settings["Governance__Auth__SigningKeysFile"] = WriteJwks();
                break;
            case "signing-keys-file-missing":
                settings["Governance__Auth__SigningKeysFile"] = Path.Combine(Data, "no-such-jwks.json");
                settings["Governance__Auth__Issuer"] = "https://idp.example.dk/realms/kommune";
                break;
            case "authority-not-a-url":
                settings["Governance__Auth__Authority"] = "idp.example.dk";
                break;
            case "drain-delay-not-a-duration":
                settings["Governance__Shutdown__DrainDelay"] = "5s";
                break;
            case "shutdown-timeout-within-drain-delay":
                settings["Governance__Shutdown__DrainDelay"] = "00:00:10";
                settings["Governance__Shutdown__Timeout"] = "00:00:05";
                break;
            case "client-address-not-a-url":
                settings["Governance__Clients__Cases__Address"] = "cases:5080";
                break;
        }
        return settings;
    }

    private string WriteJwks()
    {
        var jwks = Path.Combine(Data, "jwks.json");
        File.WriteAllText(jwks, new TokenIssuer("urn:x", RSA.Create(2048), "governance").PublicJwks());
        return jwks;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => _directory.Dispose();
}
