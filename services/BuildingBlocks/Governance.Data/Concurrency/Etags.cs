using Governance.ServiceDefaults.Errors;

namespace Governance.Data.Concurrency;

/// <summary>Etags are opaque renderings of a row's version counter (AIP-154).</summary>
public static class Etags
{
    public static string Format(long version) => $"W/\"{version}\"";

    /// <summary>Throws ABORTED when the caller sent an etag that is not the current one. An empty
    /// etag means an unconditional write.</summary>
    public static void Check(string? provided, long currentVersion, string resourceName)
    {
        if (!string.IsNullOrEmpty(provided) && provided != Format(currentVersion))
        {
            throw new EtagMismatchException(resourceName);
        }
    }
}
