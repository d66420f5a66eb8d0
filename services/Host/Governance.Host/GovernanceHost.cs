using Governance.Messaging.Hosting;
using Governance.ServiceDefaults.Hosting;
using Microsoft.Extensions.Configuration.Memory;

namespace Governance.Host;

/// <summary>
/// Composes the host: shared defaults, the selected services, migrations. Commands: none (serve),
/// <c>migrate</c> (run migrations and exit), <c>token</c> (a development token; see TokenCommand),
/// <c>signing-key</c> (a key and its JWKS for a development identity; SigningKeyCommand), <c>probe</c>
/// (the container's health check; ProbeCommand) and <c>outbox</c> (a service's parked outbox rows and
/// replays; see OutboxCommand). Tests build the same host
/// through <see cref="BuildAsync"/>, so what they exercise is what runs.
/// </summary>
public static partial class GovernanceHost
{
    /// <summary>Lowest-precedence defaults: h2c gRPC on :5080, HTTP/1.1 health on :5081, both on
    /// localhost. <c>Kestrel__Endpoints__Grpc__Url</c> and friends override them.</summary>
    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["Kestrel:Endpoints:Grpc:Url"] = "http://localhost:5080",
        ["Kestrel:Endpoints:Grpc:Protocols"] = "Http2",
        ["Kestrel:Endpoints:Http:Url"] = "http://localhost:5081",
        ["Kestrel:Endpoints:Http:Protocols"] = "Http1",
    };

    /// <summary>The services this host can run (its catalog), by the names used in
    /// <c>Governance:Services</c>; each keeps its store under <c>ConnectionStrings:{name}</c>.</summary>
    public static IReadOnlyCollection<string> ServiceNames => ServiceCatalog.Known;

    /// <summary>Runs the command. A configuration error ends it with one line on stderr naming the
    /// setting, and exit code <see cref="StartupConfigurationException.ExitCode"/>; anything else
    /// keeps its ordinary treatment (a stack trace).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            return await RunCommandAsync(args);
        }
        catch (Exception ex) when (StartupConfigurationException.Find(ex) is { } configuration)
        {
            await Console.Error.WriteLineAsync($"Governance.Host: configuration error: {configuration.Message}");
            return StartupConfigurationException.ExitCode;
        }
    }

    private static async Task<int> RunCommandAsync(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "token":
                return TokenCommand.Run(args[1..], CommandConfiguration());
            case "signing-key":
                return SigningKeyCommand.Run(args[1..]);
            case "probe":
                return await ProbeCommand.RunAsync(args[1..], CommandConfiguration());
            case "outbox":
                return await OutboxCommand.RunAsync(args[1..]);
        }
        var migrateOnly = args.Length > 0 && args[0] == "migrate";
        await using var app = await BuildAsync(migrateOnly ? args[1..] : args, migrateOnly);
        if (migrateOnly)
        {
            return 0;
        }
        await app.StartAsync();
        LogListening(app);
        await app.WaitForShutdownAsync();
        return 0;
    }

    /// <summary>The configuration a command that serves nothing reads: the host's defaults, appsettings.json
    /// and the environment, as the host itself would see them.</summary>
    private static IConfiguration CommandConfiguration() => new ConfigurationBuilder()
        .Add(new MemoryConfigurationSource { InitialData = Defaults })
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .Build();

    /// <summary>Builds the host; <c>forceMigrations</c> runs migrations whatever
    /// <c>Governance:Migrations:RunAtStartup</c> says, <c>configure</c> adds to the builder first.</summary>
    public static async Task<WebApplication> BuildAsync(string[] args, bool forceMigrations = false, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // appsettings.json ships next to the binary; data paths are relative to the working directory.
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
        configure?.Invoke(builder);
        var services = ServiceCatalog.Selected(builder.Configuration);
        builder.AddGovernanceDefaults();
        foreach (var service in services)
        {
            ServiceCatalog.Add(builder, service);
        }
        // One bus for the process, after every service has added its consumers and events.
        builder.AddGovernanceBus(servicesElsewhere: ServiceCatalog.NotSelected(builder.Configuration));

        var app = builder.Build();
        try
        {
            await MapAndMigrateAsync(app, services, forceMigrations);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    private static async Task MapAndMigrateAsync(WebApplication app, IReadOnlyList<string> services, bool forceMigrations)
    {
        app.MapGovernanceDefaults();
        foreach (var service in services)
        {
            ServiceCatalog.Map(app, service);
        }

        // Embedded default: migrate at start. Production sets RunAtStartup=false and runs `migrate`
        // as its own step, so replicas never race (PostgreSQL migrations also hold an advisory lock).
        if (forceMigrations || app.Configuration.GetValue("Governance:Migrations:RunAtStartup", true))
        {
            foreach (var migration in app.Services.GetServices<IStartupMigration>())
            {
                await migration.MigrateAsync(app.Lifetime.ApplicationStopping);
            }
        }
        foreach (var migration in app.Services.GetServices<IStartupMigration>())
        {
            LogStore(app.Logger, migration.Service);
        }
    }

    private static void LogListening(WebApplication app)
    {
        var grpc = app.Configuration["Kestrel:Endpoints:Grpc:Url"];
        var http = app.Configuration["Kestrel:Endpoints:Http:Url"];
        LogEndpoints(app.Logger, grpc, http, string.Join(", ", ServiceCatalog.Selected(app.Configuration)));
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Governance Platform serving {Services}: gRPC (HTTP/2, reflection on) at {Grpc}; health and readiness (HTTP/1.1) at {Http}/healthz and {Http}/readyz; the RPCs as HTTP/JSON at {Http}/v1/…, described at {Http}/openapi/v1.json")]
    private static partial void LogEndpoints(ILogger logger, string? grpc, string? http, string services);

    [LoggerMessage(Level = LogLevel.Information, Message = "Store: {Service}")]
    private static partial void LogStore(ILogger logger, string service);
}
