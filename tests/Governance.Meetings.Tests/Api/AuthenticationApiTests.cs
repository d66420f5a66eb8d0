using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Rpc;
using Governance.Meetings.Security;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Security;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;
using Microsoft.IdentityModel.Tokens;

namespace Governance.Meetings.Tests.Api;

/// <summary>Calls and assertions shared by the authentication tests.</summary>
public static class AuthenticationAssert
{
    /// <summary>The ErrorInfo domain of refusals by the authentication layer (see GrpcAuthorizationResultHandler).</summary>
    public const string Domain = "governance.security";

    /// <summary>
    /// Asserts that <paramref name="call"/> fails with UNAUTHENTICATED (never INTERNAL, never success),
    /// with a google.rpc.Status that has a message and an ErrorInfo (reason UNAUTHENTICATED).
    /// </summary>
    public static async Task<RpcException> Unauthenticated(Func<Task> call)
    {
        RpcException? caught = null;
        try
        {
            await call();
        }
        catch (RpcException ex)
        {
            caught = ex;
        }
        Assert.True(caught is not null, "Expected UNAUTHENTICATED, but the call succeeded.");
        Assert.True(caught.StatusCode != StatusCode.Internal, $"The call failed with INTERNAL (expected UNAUTHENTICATED): {caught.Status.Detail}");
        Assert.True(caught.StatusCode == StatusCode.Unauthenticated, $"Expected UNAUTHENTICATED but got {caught.StatusCode}: {caught.Status.Detail}");
        var status = caught.GetRpcStatus();
        Assert.NotNull(status);
        Assert.Equal((int)Code.Unauthenticated, status.Code);
        Assert.False(string.IsNullOrWhiteSpace(status.Message), "The status has no message.");
        var info = status.GetDetail<ErrorInfo>();
        Assert.NotNull(info);
        Assert.Equal("UNAUTHENTICATED", info.Reason);
        Assert.Equal(Domain, info.Domain);
        return caught;
    }

    /// <summary>An ordinary read of the Meetings API on a channel with <paramref name="token"/> (or none).</summary>
    public static async Task<ListBodiesResponse> ListBodiesAsync(GovernanceTestHost host, string? token, CancellationToken ct)
    {
        using var channel = host.CreateChannel(token);
        return await new MeetingsService.MeetingsServiceClient(channel).ListBodiesAsync(new ListBodiesRequest(), cancellationToken: ct);
    }

    /// <summary>Server reflection's ListServices on <paramref name="channel"/>.</summary>
    public static async Task<IReadOnlyList<string>> ListServicesAsync(GrpcChannel channel, CancellationToken ct)
    {
        var reflection = new ServerReflection.ServerReflectionClient(channel);
        using var call = reflection.ServerReflectionInfo(cancellationToken: ct);
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" }, ct);
        Assert.True(await call.ResponseStream.MoveNext(ct), "Reflection answered nothing.");
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(ct));
        return services;
    }

    /// <summary>grpc.health.v1 Check of the overall status (or of <paramref name="service"/>) without a token.</summary>
    public static async Task<HealthCheckResponse.Types.ServingStatus> AnonymousHealthAsync(GovernanceTestHost host, string service, CancellationToken ct)
    {
        using var channel = host.CreateChannel(null);
        var response = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = service }, cancellationToken: ct);
        return response.Status;
    }

    /// <summary>GET on the HTTP/1.1 endpoint without a token.</summary>
    public static async Task<HttpStatusCode> AnonymousGetAsync(GovernanceTestHost host, string path, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = host.HttpAddress };
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), ct);
        return response.StatusCode;
    }

    /// <summary>The claims of a JWT, decoded from its middle part (no validation).</summary>
    public static JsonElement Payload(string jwt)
    {
        var parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);
        using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        return document.RootElement.Clone();
    }

    /// <summary>The header of a JWT (no validation).</summary>
    public static JsonElement Header(string jwt)
    {
        using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(jwt.Split('.')[0]));
        return document.RootElement.Clone();
    }

    /// <summary>A JWT with the given header and payload, signed by <paramref name="sign"/> (empty signature when null).</summary>
    public static string Forge(JsonObject header, string payloadPart, Func<byte[], byte[]>? sign)
    {
        var headerPart = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToJsonString()));
        var signingInput = $"{headerPart}.{payloadPart}";
        var signature = sign is null ? "" : Base64Url.EncodeToString(sign(Encoding.ASCII.GetBytes(signingInput)));
        return $"{signingInput}.{signature}";
    }
}

/// <summary>The embedded default (SQLite under a temporary data directory, development issuer), once per class.</summary>
public sealed class EmbeddedAuthenticationHost : IAsyncLifetime
{
    private readonly SqliteDatabase directory = new();
    private GovernanceTestHost? host;

    public string DataDirectory => directory.DirectoryPath;

    public GovernanceTestHost Host => host ?? throw new InvalidOperationException("The host is not started.");

    /// <summary>The host's own development issuer.</summary>
    public TokenIssuer Tokens => Host.Tokens ?? throw new InvalidOperationException("The embedded host has no development issuer.");

    public async ValueTask InitializeAsync() => host = await GovernanceTestHost.StartAsync(null, directory.DirectoryPath);

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
        directory.Dispose();
    }
}

/// <summary>
/// Bearer tokens on the embedded default: every API call needs a valid token from the development
/// issuer; a missing, expired, not-yet-valid, wrong-audience, wrong-issuer, badly signed, tampered or
/// unsigned one is UNAUTHENTICATED. Health, readiness and (here) reflection answer without one.
/// </summary>
public sealed class AuthenticationApiEmbeddedTests(EmbeddedAuthenticationHost fixture) : IClassFixture<EmbeddedAuthenticationHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private GovernanceTestHost Host => fixture.Host;

    private Task<ListBodiesResponse> ListBodies(string? token) => AuthenticationAssert.ListBodiesAsync(Host, token, Ct);

    private string ValidToken() => fixture.Tokens.Issue("alice", [MeetingsRoles.Secretariat], [MeetingsClaims.ForBodies("direktionen")]);

    [Fact]
    public async Task Valid_development_token_is_accepted()
    {
        var response = await ListBodies(ValidToken());
        Assert.NotNull(response);
    }

    [Fact]
    public async Task Call_without_a_token_is_unauthenticated()
    {
        var error = await AuthenticationAssert.Unauthenticated(() => ListBodies(null));
        Assert.Contains("bearer token", error.Status.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Call_with_a_write_rpc_without_a_token_is_unauthenticated_and_changes_nothing()
    {
        var bodyId = $"auth-{Guid.NewGuid():N}"[..17];
        using (var anonymous = Host.CreateChannel(null))
        {
            var client = new MeetingsService.MeetingsServiceClient(anonymous);
            await AuthenticationAssert.Unauthenticated(() => client.CreateBodyAsync(
                new CreateBodyRequest { BodyId = bodyId, Body = new Body { DisplayName = "Direktionen", ShortName = "DIR" } }, cancellationToken: Ct).ResponseAsync);
        }
        var client2 = new MeetingsService.MeetingsServiceClient(Host.Channel);
        var missing = await Assert.ThrowsAsync<RpcException>(() => client2.GetBodyAsync(new GetBodyRequest { Name = $"bodies/{bodyId}" }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Expired_token_is_unauthenticated()
    {
        var token = fixture.Tokens.Issue("alice", [MeetingsRoles.Secretariat], lifetime: TimeSpan.FromHours(1), now: DateTime.UtcNow.AddHours(-10));
        await AuthenticationAssert.Unauthenticated(() => ListBodies(token));
    }

    [Fact]
    public async Task Token_that_expired_a_minute_ago_is_unauthenticated_despite_clock_skew()
    {
        // Clock skew is 30 s: a minute past exp is past it.
        var token = fixture.Tokens.Issue("alice", [MeetingsRoles.Secretariat], lifetime: TimeSpan.FromMinutes(10), now: DateTime.UtcNow.AddMinutes(-11));
        await AuthenticationAssert.Unauthenticated(() => ListBodies(token));
    }

    [Fact]
    public async Task Not_yet_valid_token_is_unauthenticated()
    {
        var token = fixture.Tokens.Issue("alice", [MeetingsRoles.Secretariat], now: DateTime.UtcNow.AddHours(1));
        await AuthenticationAssert.Unauthenticated(() => ListBodies(token));
    }

    [Fact]
    public async Task Token_for_another_audience_is_unauthenticated()
    {
        var token = fixture.Tokens.Issue("alice", [MeetingsRoles.Secretariat], audience: "someone-else");
        await AuthenticationAssert.Unauthenticated(() => ListBodies(token));
    }

    [Fact]
    public async Task Token_from_another_issuer_is_unauthenticated()
    {
        var evil = new TokenIssuer("urn:evil", RSA.Create(2048), "governance");
        await AuthenticationAssert.Unauthenticated(() => ListBodies(evil.Issue("alice", [MeetingsRoles.Secretariat])));
    }

    [Fact]
    public async Task Token_signed_with_the_hosts_key_but_another_issuer_is_unauthenticated()
    {
        // The issuer is checked on its own, not only through the key.
        var sameKey = new TokenIssuer("urn:evil", ((RsaSecurityKey)fixture.Tokens.SigningKey).Rsa, "governance");
        await AuthenticationAssert.Unauthenticated(() => ListBodies(sameKey.Issue("alice", [MeetingsRoles.Secretariat])));
    }

    [Fact]
    public async Task Token_with_the_development_issuer_name_but_another_key_is_unauthenticated()
    {
        var impostor = new TokenIssuer(TokenIssuer.DevelopmentIssuer, RSA.Create(2048), "governance");
        await AuthenticationAssert.Unauthenticated(() => ListBodies(impostor.Issue("alice", MeetingsRoles.All)));
    }

    [Fact]
    public async Task Token_signed_by_another_key_under_the_hosts_key_id_is_unauthenticated()
    {
        // Same kid as the host's key, so the validator picks that key and must reject the signature.
        using var other = RSA.Create(2048);
        var header = new JsonObject { ["alg"] = "RS256", ["kid"] = fixture.Tokens.SigningKey.KeyId, ["typ"] = "JWT" };
        var token = AuthenticationAssert.Forge(header, ValidToken().Split('.')[1],
            data => other.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        await AuthenticationAssert.Unauthenticated(() => ListBodies(token));
    }

    [Fact]
    public async Task Forged_token_signed_with_the_hosts_key_is_accepted()
    {
        // The control for the forgeries here: built the same way, with the right key, the host takes it,
        // so their refusal is the signature's doing and not a malformed token's.
        var parts = ValidToken().Split('.');
        var claims = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!.AsObject();
        claims["sub"] = "mallory";
        var key = ((RsaSecurityKey)fixture.Tokens.SigningKey).Rsa;
        var header = new JsonObject { ["alg"] = "RS256", ["kid"] = fixture.Tokens.SigningKey.KeyId, ["typ"] = "JWT" };
        var token = AuthenticationAssert.Forge(header, Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims.ToJsonString())),
            data => key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.NotNull(await ListBodies(token));
    }

    [Fact]
    public async Task Tampered_token_is_unauthenticated()
    {
        var parts = ValidToken().Split('.');
        var payload = parts[1].ToCharArray();
        var middle = payload.Length / 2;
        payload[middle] = payload[middle] == 'A' ? 'B' : 'A';
        var token = $"{parts[0]}.{new string(payload)}.{parts[2]}";
        await AuthenticationAssert.Unauthenticated(() => ListBodies(token));
    }

    [Fact]
    public async Task Token_whose_claims_were_rewritten_is_unauthenticated()
    {
        // Well-formed JSON with another subject, every role and a later expiry, under the original signature.
        var parts = ValidToken().Split('.');
        var claims = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!.AsObject();
        claims["sub"] = "mallory";
        claims["roles"] = new JsonArray([.. MeetingsRoles.All.Select(r => JsonValue.Create(r))]);
        claims["exp"] = claims["exp"]!.GetValue<long>() + 86_400;
        var token = $"{parts[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims.ToJsonString()))}.{parts[2]}";
        await AuthenticationAssert.Unauthenticated(() => ListBodies(token));
    }

    [Fact]
    public async Task Unsigned_token_is_unauthenticated()
    {
        var token = AuthenticationAssert.Forge(new JsonObject { ["alg"] = "none", ["typ"] = "JWT" }, ValidToken().Split('.')[1], sign: null);
        await AuthenticationAssert.Unauthenticated(() => ListBodies(token));
    }

    [Fact]
    public async Task Token_signed_with_hmac_over_the_public_key_is_unauthenticated()
    {
        // The algorithm-confusion attack: HS256 keyed with the (public) RSA key.
        var publicKey = ((RsaSecurityKey)fixture.Tokens.SigningKey).Rsa.ExportSubjectPublicKeyInfoPem();
        var header = new JsonObject { ["alg"] = "HS256", ["kid"] = fixture.Tokens.SigningKey.KeyId, ["typ"] = "JWT" };
        var token = AuthenticationAssert.Forge(header, ValidToken().Split('.')[1],
            data => HMACSHA256.HashData(Encoding.ASCII.GetBytes(publicKey), data));
        await AuthenticationAssert.Unauthenticated(() => ListBodies(token));
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.b.c")]
    [InlineData("")]
    public async Task Garbage_token_is_unauthenticated(string token) =>
        await AuthenticationAssert.Unauthenticated(() => ListBodies(token));

    [Theory]
    [InlineData("")]
    [InlineData("governance.meetings.v1.MeetingsService")]
    public async Task Health_check_answers_without_a_token(string service) =>
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await AuthenticationAssert.AnonymousHealthAsync(Host, service, Ct));

    [Fact]
    public async Task Reflection_answers_without_a_token_in_the_embedded_default()
    {
        using var anonymous = Host.CreateChannel(null);
        var services = await AuthenticationAssert.ListServicesAsync(anonymous, Ct);
        Assert.Contains("governance.meetings.v1.MeetingsService", services);
        Assert.Contains("grpc.health.v1.Health", services);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Http_health_answers_without_a_token(string path) =>
        Assert.Equal(HttpStatusCode.OK, await AuthenticationAssert.AnonymousGetAsync(Host, path, Ct));
}

/// <summary>
/// Outside the embedded default (PostgreSQL store, stand-in authority configured by the test host):
/// reflection needs a token too; health and readiness still answer without one.
/// </summary>
public sealed class AuthenticationApiPostgresTests(PostgresStores stores) : IClassFixture<PostgresStores>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<GovernanceTestHost> StartAsync()
    {
        stores.RequireServer();
        var host = await GovernanceTestHost.StartAsync(stores.ConnectionStrings);
        Assert.NotNull(host.Tokens);
        Assert.Equal(GovernanceTestHost.TestAuthorityIssuer, host.Tokens.Issuer);
        return host;
    }

    [Fact]
    public async Task Reflection_needs_a_token_outside_the_embedded_default()
    {
        await using var host = await StartAsync();
        using var anonymous = host.CreateChannel(null);
        await AuthenticationAssert.Unauthenticated(() => AuthenticationAssert.ListServicesAsync(anonymous, Ct));

        var services = await AuthenticationAssert.ListServicesAsync(host.Channel, Ct);
        Assert.Contains("governance.meetings.v1.MeetingsService", services);
    }

    [Fact]
    public async Task Api_needs_a_token_from_the_configured_authority()
    {
        await using var host = await StartAsync();
        await AuthenticationAssert.Unauthenticated(() => AuthenticationAssert.ListBodiesAsync(host, null, Ct));
        var impostor = new TokenIssuer(GovernanceTestHost.TestAuthorityIssuer, RSA.Create(2048), "governance");
        await AuthenticationAssert.Unauthenticated(() => AuthenticationAssert.ListBodiesAsync(host, impostor.Issue("alice", MeetingsRoles.All), Ct));
        var development = new TokenIssuer(TokenIssuer.DevelopmentIssuer, RSA.Create(2048), "governance");
        await AuthenticationAssert.Unauthenticated(() => AuthenticationAssert.ListBodiesAsync(host, development.Issue("alice", MeetingsRoles.All), Ct));

        Assert.NotNull(await AuthenticationAssert.ListBodiesAsync(host, host.Tokens!.Issue("alice", [MeetingsRoles.Secretariat]), Ct));
    }

    [Fact]
    public async Task Health_answers_without_a_token_outside_the_embedded_default()
    {
        await using var host = await StartAsync();
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await AuthenticationAssert.AnonymousHealthAsync(host, "", Ct));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving,
            await AuthenticationAssert.AnonymousHealthAsync(host, "governance.meetings.v1.MeetingsService", Ct));
        Assert.Equal(HttpStatusCode.OK, await AuthenticationAssert.AnonymousGetAsync(host, "/healthz", Ct));
        Assert.Equal(HttpStatusCode.OK, await AuthenticationAssert.AnonymousGetAsync(host, "/readyz", Ct));
    }
}
