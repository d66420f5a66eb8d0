using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace Governance.ServiceDefaults.Telemetry;

/// <summary>Paths whose segments after a prefix are secrets (the survey pages' invitation token in
/// <c>/survey/{token}</c>): never exported in a span.</summary>
public sealed class SecretPathOptions
{
    /// <summary>Prefixes ending in '/', e.g. "/survey/".</summary>
    public List<string> Prefixes { get; } = [];
}

/// <summary>
/// Takes the secret out of every span before any exporter sees it: a tag value (url.path, url.full,
/// http.target, whatever an instrumentation calls it) or span name holding a secret path keeps the prefix
/// and says <see cref="Redacted"/> for the rest, query included. http.route is left alone: it is the
/// route's template (<c>/survey/{token}</c>), never the value. Added first, so it runs before the exporters.
/// </summary>
public sealed class SecretPathRedaction(IOptions<SecretPathOptions> options) : BaseProcessor<Activity>
{
    public const string Redacted = "{redacted}";

    public override void OnEnd(Activity data)
    {
        var prefixes = options.Value.Prefixes;
        if (prefixes.Count == 0)
        {
            return;
        }
        List<(string Key, string Value)>? redacted = null;
        foreach (var (key, value) in data.TagObjects)
        {
            if (key != "http.route" && value is string text && Redact(text, prefixes) is { } clean)
            {
                (redacted ??= []).Add((key, clean));
            }
        }
        foreach (var (key, value) in redacted ?? [])
        {
            data.SetTag(key, value);
        }
        // "GET /survey/{token}" names the route's template: only a name made of the path itself is redacted.
        if (data.GetTagItem("http.route") is not string route || !data.DisplayName.EndsWith(" " + route, StringComparison.Ordinal))
        {
            if (Redact(data.DisplayName, prefixes) is { } name)
            {
                data.DisplayName = name;
            }
        }
    }

    /// <summary><paramref name="value"/> with what follows a secret prefix replaced, or null when it holds none.</summary>
    public static string? Redact(string value, IReadOnlyList<string> prefixes)
    {
        foreach (var prefix in prefixes)
        {
            var at = value.IndexOf(prefix, StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                return string.Concat(value.AsSpan(0, at + prefix.Length), Redacted);
            }
        }
        return null;
    }
}

public static class SecretPathRegistration
{
    /// <summary>Declares the path segments after <paramref name="prefix"/> (ending in '/') a secret that no span may carry.</summary>
    public static IServiceCollection AddSecretPathPrefix(this IServiceCollection services, string prefix)
    {
        if (!prefix.StartsWith('/') || !prefix.EndsWith('/'))
        {
            throw new ArgumentException("A secret path prefix starts and ends with '/'.", nameof(prefix));
        }
        return services.Configure<SecretPathOptions>(o => o.Prefixes.Add(prefix));
    }
}
