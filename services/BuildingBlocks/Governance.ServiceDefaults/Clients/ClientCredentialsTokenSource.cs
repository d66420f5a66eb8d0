using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace Governance.ServiceDefaults.Clients;

/// <summary>
/// This service's token from the OIDC provider by the client-credentials grant (client_secret_post).
/// The token is cached until shortly before <c>expires_in</c> runs out; one caller refreshes while
/// the others wait for its result.
/// </summary>
public sealed class ClientCredentialsTokenSource : IServiceTokenSource, IDisposable
{
    /// <summary>Tokens are renewed this long before they expire, or at half their life when that is shorter.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(5);

    /// <summary>The named HttpClient for the token endpoint, created per refresh so DNS changes are seen.</summary>
    public const string HttpClientName = "Governance.ClientCredentials";

    private readonly IHttpClientFactory _httpClients;
    private readonly ClientCredentialsOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Cached? _cached;

    public ClientCredentialsTokenSource(IHttpClientFactory httpClients, ClientCredentialsOptions options, TimeProvider time)
    {
        if (!options.IsConfigured || string.IsNullOrWhiteSpace(options.ClientId) || string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            throw new InvalidOperationException(
                $"{ClientCredentialsOptions.Section} needs TokenEndpoint, ClientId and ClientSecret for this service's own tokens.");
        }
        _httpClients = httpClients;
        _options = options;
        _time = time;
    }

    public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        var cached = _cached;
        return cached is not null && _time.GetUtcNow() < cached.RenewAt
            ? ValueTask.FromResult(cached.Token)
            : new ValueTask<string>(RefreshAsync(cancellationToken));
    }

    private async Task<string> RefreshAsync(CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            // Someone else may have refreshed while this caller waited.
            if (_cached is { } fresh && _time.GetUtcNow() < fresh.RenewAt)
            {
                return fresh.Token;
            }
            var form = new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = _options.ClientId!,
                ["client_secret"] = _options.ClientSecret!,
            };
            if (!string.IsNullOrWhiteSpace(_options.Scope))
            {
                form["scope"] = _options.Scope;
            }
            var requestedAt = _time.GetUtcNow();
            using var content = new FormUrlEncodedContent(form);
            using var http = _httpClients.CreateClient(HttpClientName);
            using var response = await http.PostAsync(new Uri(_options.TokenEndpoint!), content, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                // The body may echo the request; the status is enough to act on.
                throw new InvalidOperationException(
                    $"The token endpoint {_options.TokenEndpoint} refused this service's client credentials ({(int)response.StatusCode} {response.ReasonPhrase}).");
            }
            var token = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken);
            if (string.IsNullOrEmpty(token?.AccessToken))
            {
                throw new InvalidOperationException($"The token endpoint {_options.TokenEndpoint} answered without an access_token.");
            }
            var lifetime = token.ExpiresIn is > 0 ? TimeSpan.FromSeconds(token.ExpiresIn.Value) : DefaultLifetime;
            var margin = lifetime / 2 < RenewBefore ? lifetime / 2 : RenewBefore;
            _cached = new Cached(token.AccessToken, requestedAt + lifetime - margin);
            return token.AccessToken;
        }
        finally
        {
            _refresh.Release();
        }
    }

    public void Dispose() => _refresh.Dispose();

    private sealed record Cached(string Token, DateTimeOffset RenewAt);

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        // Some providers send expires_in as a string.
        [property: JsonPropertyName("expires_in"), JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] int? ExpiresIn);
}
