using System.Collections.Concurrent;
using System.Text.Json;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Clients;
using Governance.ServiceDefaults.Hosting;
using Governance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Governance.BuildingBlocks.Tests;

/// <summary>The service's own token from an OIDC provider's token endpoint (client-credentials grant).</summary>
public sealed class ClientCredentialsTests(HostFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A token endpoint that mints tokens the host accepts and records each request's form.</summary>
    private sealed class TokenEndpoint : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private TokenEndpoint(WebApplication app) => _app = app;

        public ConcurrentQueue<Dictionary<string, string>> Requests { get; } = new();

        public string Url { get; private set; } = "";

        public static async Task<TokenEndpoint> StartAsync(TokenIssuer issuer, int expiresIn)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var endpoint = new TokenEndpoint(app);
            app.MapPost("/oauth2/token", async (HttpContext http) =>
            {
                var form = (await http.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString());
                endpoint.Requests.Enqueue(form);
                if (form.GetValueOrDefault("client_secret") != "s3cret")
                {
                    http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }
                var token = issuer.Issue($"service:{form["client_id"]}", [PlatformRoles.Service], lifetime: TimeSpan.FromSeconds(expiresIn));
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["access_token"] = token,
                    ["token_type"] = "Bearer",
                    ["expires_in"] = expiresIn,
                }));
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            endpoint.Url = $"{address}/oauth2/token";
            return endpoint;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private static Dictionary<string, string?> Settings(TokenEndpoint endpoint, string secret = "s3cret") => new()
    {
        ["Governance:Auth:ClientCredentials:TokenEndpoint"] = endpoint.Url,
        ["Governance:Auth:ClientCredentials:ClientId"] = "meetings",
        ["Governance:Auth:ClientCredentials:ClientSecret"] = secret,
        ["Governance:Auth:ClientCredentials:Scope"] = "api://governance/.default",
    };

    [Fact]
    public async Task The_token_is_fetched_once_cached_and_refreshed_before_it_expires()
    {
        // The stand-in provider signs with the host's development key, so the host accepts its tokens.
        var issuer = TokenIssuer.LoadOrCreateDevelopment(fixture.DataDirectory, "governance");
        await using var endpoint = await TokenEndpoint.StartAsync(issuer, expiresIn: 3600);
        await using var gate = fixture.Gate();
        var time = new ManualTime();
        using var caller = new CallingService(gate.Port, Settings(endpoint), httpContext: Serving.Nothing(), time: time);
        Assert.IsType<ClientCredentialsTokenSource>(caller.Get<IServiceTokenSource>());

        // Concurrent first calls share one fetch.
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            caller.Client.ListBodiesAsync(new ListBodiesRequest(), cancellationToken: Cancel).ResponseAsync));
        await caller.Client.ListBodiesAsync(new ListBodiesRequest(), cancellationToken: Cancel);
        var form = Assert.Single(endpoint.Requests);
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal("meetings", form["client_id"]);
        Assert.Equal("s3cret", form["client_secret"]);
        Assert.Equal("api://governance/.default", form["scope"]);

        time.Now += TimeSpan.FromSeconds(3600 - 61);
        await caller.Client.ListBodiesAsync(new ListBodiesRequest(), cancellationToken: Cancel);
        Assert.Single(endpoint.Requests);

        time.Now += TimeSpan.FromSeconds(2);
        await caller.Client.ListBodiesAsync(new ListBodiesRequest(), cancellationToken: Cancel);
        Assert.Equal(2, endpoint.Requests.Count);
        Assert.Equal(5 + 3, caller.Requests.Count);
    }

    [Fact]
    public void A_token_endpoint_without_a_client_fails_at_startup()
    {
        var ex = Assert.Throws<StartupConfigurationException>(() => new CallingService(1, new Dictionary<string, string?>
        {
            ["Governance:Auth:ClientCredentials:TokenEndpoint"] = "https://idp.example/token",
            ["Governance:Auth:ClientCredentials:ClientId"] = "meetings",
        }));
        Assert.Contains("ClientSecret", ex.Message);
    }

    [Fact]
    public async Task A_refused_client_is_a_clear_error_and_the_call_is_not_sent()
    {
        var issuer = TokenIssuer.LoadOrCreateDevelopment(fixture.DataDirectory, "governance");
        await using var endpoint = await TokenEndpoint.StartAsync(issuer, expiresIn: 3600);
        await using var gate = fixture.Gate();
        using var caller = new CallingService(gate.Port, Settings(endpoint, secret: "wrong"), httpContext: Serving.Nothing());

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            caller.Client.ListBodiesAsync(new ListBodiesRequest(), cancellationToken: Cancel).ResponseAsync);
        Assert.Contains("refused", ex.Message);
        Assert.Contains("401", ex.Message);
        Assert.Equal(0, caller.Requests.Count);
    }
}
