using System.Diagnostics.CodeAnalysis;
using Xunit;

namespace Governance.Testing;

/// <summary>Facts about the environment the tests run in.</summary>
public static class TestEnvironment
{
    /// <summary>
    /// True when the environment variable <c>CI</c> is <c>true</c> (any case). In CI a test whose server
    /// is missing fails instead of being skipped, so a broken setup cannot pass silently.
    /// </summary>
    public static bool IsCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI")?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Fails the current test when running in CI, otherwise skips it with <paramref name="reason"/>.
    /// Always throws.
    /// </summary>
    [DoesNotReturn]
    public static void FailOrSkip(string reason)
    {
        if (IsCi)
        {
            throw new InvalidOperationException($"{reason} (CI=true: a missing test server is a failure, not a skip)");
        }

        Assert.Skip(reason);
    }
}
