using System.Net;
using Governance.ServiceDefaults.Hosting;
using Governance.Surveys.Web;
using Microsoft.Extensions.Configuration;

namespace Governance.Surveys.Tests.Web;

/// <summary>The count of unusable links per client address: refused once the window's failures are
/// used, free again when the window has passed; IPv6 counted by its /64, IPv4 whole (also when mapped
/// into IPv6).</summary>
public sealed class LinkFailuresTests
{
    [Fact]
    public async Task An_address_is_refused_after_its_failures_until_the_window_passes_and_others_are_not()
    {
        using var failures = new LinkFailures(new SurveyWebOptions(3, TimeSpan.FromMilliseconds(300), null));
        var guesser = IPAddress.Parse("192.0.2.7");
        var other = IPAddress.Parse("192.0.2.8");
        for (var i = 0; i < 3; i++)
        {
            Assert.False(failures.IsBlocked(guesser));
            Assert.True(failures.Count(guesser));
        }
        Assert.True(failures.IsBlocked(guesser));
        Assert.False(failures.Count(guesser));
        Assert.False(failures.IsBlocked(other));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (failures.IsBlocked(guesser) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        Assert.False(failures.IsBlocked(guesser));
    }

    [Theory]
    [InlineData("192.0.2.7", "192.0.2.7")]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    public void Addresses_count_by_ipv4_address_or_ipv6_64(string address, string key) =>
        Assert.Equal(key, LinkFailures.Key(IPAddress.Parse(address)));

    [Fact]
    public void Settings_are_checked_at_startup()
    {
        var defaults = SurveyWebOptions.From(new ConfigurationBuilder().Build());
        Assert.Equal(new SurveyWebOptions(5, TimeSpan.FromMinutes(1), null), defaults);
        foreach (var (key, value) in new[] { ("FailuresPerAddress", "0"), ("FailuresPerAddress", "fem"), ("FailureWindow", "-00:01:00") })
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { [$"{SurveyWebOptions.Section}:{key}"] = value }).Build();
            var error = Assert.Throws<StartupConfigurationException>(() => (object)SurveyWebOptions.From(configuration));
            Assert.Contains($"Governance__Surveys__Web__{key}", error.Message, StringComparison.Ordinal);
        }
    }
}
