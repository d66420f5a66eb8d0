using Microsoft.Extensions.Configuration;

namespace Governance.ServiceDefaults.Hosting;

/// <summary>Which services this process runs: <c>Governance:Services</c>, a comma-separated list or an
/// array of names; empty means all of them.</summary>
public static class ServiceSelection
{
    public const string Section = "Governance:Services";

    /// <summary>The configured names, trimmed, lower-case and distinct; empty when none are named (all run).</summary>
    public static IReadOnlyList<string> Named(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        return [.. (section.Value is { } list ? list.Split(',') : section.GetChildren().Select(c => c.Value ?? ""))
            .Select(n => n.Trim().ToLowerInvariant()).Where(n => n.Length > 0).Distinct()];
    }

    /// <summary>Whether <paramref name="service"/> runs in this process.</summary>
    public static bool Runs(IConfiguration configuration, string service)
    {
        var named = Named(configuration);
        return named.Count == 0 || named.Contains(service.ToLowerInvariant());
    }

    /// <summary>This process's own gRPC address for calls to a service it runs itself: the Kestrel
    /// <c>Grpc</c> endpoint, with a wildcard host (0.0.0.0, *, +, [::]) replaced by localhost.</summary>
    public static string? OwnGrpcAddress(IConfiguration configuration)
    {
        var url = configuration["Kestrel:Endpoints:Grpc:Url"];
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }
        foreach (var wildcard in new[] { "://0.0.0.0", "://*", "://+", "://[::]" })
        {
            url = url.Replace(wildcard, "://localhost", StringComparison.Ordinal);
        }
        return url;
    }
}
