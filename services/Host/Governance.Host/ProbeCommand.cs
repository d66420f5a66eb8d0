namespace Governance.Host;

/// <summary>
/// <c>Governance.Host probe [PATH]</c>: GETs PATH (default <c>/readyz</c>) on this host's own HTTP
/// endpoint (<c>Kestrel:Endpoints:Http:Url</c>, a wildcard address asked on loopback) and exits 0 when
/// the answer is 2xx, 1 otherwise with one line on stderr. The image's HEALTHCHECK: the runtime image
/// has no curl or wget, and the host already knows its own address.
/// </summary>
internal static class ProbeCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(string[] args, IConfiguration configuration)
    {
        if (args.Length > 1 || (args.Length == 1 && !args[0].StartsWith('/')))
        {
            await Console.Error.WriteLineAsync("usage: probe [/PATH] (default /readyz; /healthz for liveness only)");
            return 2;
        }
        var configured = configuration["Kestrel:Endpoints:Http:Url"];
        if (Local(configured) is not { } baseAddress)
        {
            await Console.Error.WriteLineAsync($"probe: Kestrel:Endpoints:Http:Url ({configured}) is not an http:// URL");
            return 2;
        }
        var target = new Uri(baseAddress, args.Length == 1 ? args[0] : "/readyz");
        using var http = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await http.GetAsync(target);
            if (response.IsSuccessStatusCode)
            {
                return 0;
            }
            var body = await response.Content.ReadAsStringAsync();
            await Console.Error.WriteLineAsync($"probe: {target} answered {(int)response.StatusCode} {body.Trim()[..Math.Min(body.Trim().Length, 200)]}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"probe: {target} did not answer ({ex.GetType().Name}: {ex.Message})");
        }
        return 1;
    }

    /// <summary>The endpoint's base address as this machine reaches it: a wildcard host
    /// (<c>0.0.0.0</c>, <c>[::]</c>, <c>*</c>, <c>+</c>) becomes the loopback address.</summary>
    internal static Uri? Local(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }
        var wildcard = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(wildcard, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            return null;
        }
        var host = uri.Host switch
        {
            "0.0.0.0" => "127.0.0.1",
            "[::]" => "[::1]",
            _ => uri.Host,
        };
        return new UriBuilder(uri) { Host = host, Path = "/" }.Uri;
    }
}
