using Governance.Meetings.V1;
using Governance.ServiceDefaults.Clients;
using Governance.ServiceDefaults.Security;
using Grpc.Core;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Governance.BuildingBlocks.Tests;

/// <summary>Every outgoing call carries the caller's token or the service's own, never nothing.</summary>
public sealed class IdentityTests(HostFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Not the embedded default (a database server), and no client credentials.</summary>
    private static readonly Dictionary<string, string?> Production = new()
    {
        ["ConnectionStrings:Meetings"] = "Host=db.internal;Database=meetings",
    };

    [Fact]
    public async Task While_serving_a_request_the_callers_token_is_forwarded()
    {
        await using var gate = fixture.Gate();
        using var caller = new CallingService(gate.Port, null, fixture.Tokens, Serving.Request($"Bearer {fixture.ReaderToken()}"));

        await caller.Client.ListBodiesAsync(new ListBodiesRequest(), cancellationToken: Cancel);
    }

    [Fact]
    public async Task A_forwarded_invalid_token_is_unauthenticated()
    {
        await using var gate = fixture.Gate();
        using var caller = new CallingService(gate.Port, null, fixture.Tokens, Serving.Request("Bearer forged"));

        var ex = await Assert.ThrowsAsync<RpcException>(() => caller.Client.ListBodiesAsync(new ListBodiesRequest(), cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }

    [Fact]
    public async Task The_callers_rights_apply_not_the_services()
    {
        // The service token may read; an auditor may not. Denied proves the auditor's token was sent.
        await using var gate = fixture.Gate();
        var auditor = fixture.Tokens.Issue("audrey", [PlatformRoles.Auditor]);
        using var caller = new CallingService(gate.Port, null, fixture.Tokens, Serving.Request($"Bearer {auditor}"));

        var ex = await Assert.ThrowsAsync<RpcException>(() => caller.Client.ListBodiesAsync(new ListBodiesRequest(), cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
    }

    [Fact]
    public async Task Outside_a_request_the_service_token_is_sent()
    {
        await using var gate = fixture.Gate();
        using var caller = new CallingService(gate.Port, null, fixture.Tokens, Serving.Nothing());

        await caller.Client.ListBodiesAsync(new ListBodiesRequest(), cancellationToken: Cancel);
        Assert.Equal(1, caller.Requests.Count);
    }

    [Fact]
    public async Task The_development_service_token_names_the_service_and_is_cached_until_shortly_before_expiry()
    {
        var time = new ManualTime();
        using var caller = new CallingService(1, new Dictionary<string, string?> { ["Governance:ServiceName"] = "meetings" },
            fixture.Tokens, time: time);
        var source = caller.Get<IServiceTokenSource>();

        var token = await source.GetTokenAsync(Cancel);
        var jwt = new JsonWebToken(token);
        Assert.Equal("service:meetings", jwt.Subject);
        Assert.Equal([PlatformRoles.Service], jwt.Claims.Where(c => c.Type == "roles").Select(c => c.Value));
        Assert.Equal(TokenIssuer.DevelopmentIssuer, jwt.Issuer);

        time.Now += TimeSpan.FromMinutes(50);
        Assert.Same(token, await source.GetTokenAsync(Cancel));

        time.Now += TimeSpan.FromMinutes(6);
        var renewed = await source.GetTokenAsync(Cancel);
        Assert.NotEqual(token, renewed);
        Assert.True(new JsonWebToken(renewed).ValidTo > jwt.ValidTo);
    }

    [Fact]
    public async Task Without_a_request_or_a_service_identity_the_call_is_refused_before_anything_is_sent()
    {
        await using var gate = fixture.Gate();
        using var caller = new CallingService(gate.Port, Production, httpContext: Serving.Nothing());

        var ex = Assert.Throws<InvalidOperationException>(() => caller.Client.ListBodiesAsync(new ListBodiesRequest(), cancellationToken: Cancel));
        Assert.Contains("Governance:Auth:ClientCredentials", ex.Message);
        Assert.Throws<InvalidOperationException>(() => caller.Client.ListBodies(new ListBodiesRequest(), cancellationToken: Cancel));
        Assert.Equal(0, caller.Requests.Count);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Without_a_service_identity_calls_for_a_user_still_carry_the_users_token()
    {
        await using var gate = fixture.Gate();
        using var caller = new CallingService(gate.Port, Production, httpContext: Serving.Request($"Bearer {fixture.ReaderToken()}"));

        await caller.Client.ListBodiesAsync(new ListBodiesRequest(), cancellationToken: Cancel);
    }

    [Fact]
    public async Task A_request_without_a_bearer_token_is_not_given_the_services_identity()
    {
        await using var gate = fixture.Gate();
        using var caller = new CallingService(gate.Port, null, fixture.Tokens, Serving.Request(null));

        var ex = Assert.Throws<InvalidOperationException>(() => caller.Client.ListBodiesAsync(new ListBodiesRequest(), cancellationToken: Cancel));
        Assert.Contains("without a bearer token", ex.Message);
        Assert.Equal(0, caller.Requests.Count);
        await Task.CompletedTask;
    }
}
