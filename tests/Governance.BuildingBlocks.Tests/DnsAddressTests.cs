using Governance.Meetings.V1;
using Governance.ServiceDefaults.Clients;
using Governance.ServiceDefaults.Hosting;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Governance.BuildingBlocks.Tests;

/// <summary><c>dns:///host:port</c> addresses (Kubernetes headless Services): calls reach the real host
/// through the DNS resolver with round_robin, and an address the client cannot use stops start-up.</summary>
public sealed class DnsAddressTests(HostFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_dns_address_reaches_the_real_host_through_the_resolver_with_round_robin()
    {
        await using var gate = fixture.Gate();
        using var caller = new CallingService(gate.Port, new Dictionary<string, string?>
        {
            ["Governance:Clients:Meetings:Address"] = $"dns:///localhost:{gate.Port}",
        }, fixture.Tokens);

        for (var i = 0; i < 3; i++)
        {
            await caller.Client.ListBodiesAsync(new ListBodiesRequest(), cancellationToken: Cancel);
        }

        Assert.True(gate.Attempts >= 1, "the calls did not go through the gate at localhost");
        Assert.Equal(3, caller.Requests.Count);
        var resolver = Assert.Single(caller.Get<IEnumerable<ResolverFactory>>());
        Assert.Equal("dns", resolver.Name);
        var channel = ChannelOptions(caller.Get<IOptionsMonitor<GrpcClientFactoryOptions>>());
        Assert.Same(ChannelCredentials.Insecure, channel.Credentials);
        Assert.IsType<RoundRobinConfig>(Assert.Single(channel.ServiceConfig!.LoadBalancingConfigs));

        // The connection drops (a pod goes away): the channel resolves again and the next calls get through.
        gate.Close();
        gate.Open();
        await caller.Client.ListBodiesAsync(new ListBodiesRequest(), cancellationToken: Cancel);
    }

    [Fact]
    public void An_http_address_keeps_the_default_channel_without_a_resolver()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddGovernanceGrpcClient<MeetingsService.MeetingsServiceClient>(Configuration("http://cases.internal:5080"), "Cases");
        using var provider = services.BuildServiceProvider();
        Assert.Empty(provider.GetServices<ResolverFactory>());
        var channel = ChannelOptions(provider.GetRequiredService<IOptionsMonitor<GrpcClientFactoryOptions>>());
        Assert.Null(channel.ServiceConfig);
        Assert.Null(channel.Credentials);
    }

    [Fact]
    public void Two_dns_clients_share_one_resolver()
    {
        var services = new ServiceCollection().AddLogging();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Governance:Clients:Cases:Address"] = "dns:///cases:8080",
            ["Governance:Clients:Reminders:Address"] = "dns:///reminders:8080",
        }).Build();
        services.AddGovernanceGrpcClient<MeetingsService.MeetingsServiceClient>(configuration, "Cases");
        services.AddGovernanceGrpcClient<Governance.Reminders.V1.RemindersService.RemindersServiceClient>(configuration, "Reminders");
        using var provider = services.BuildServiceProvider();
        Assert.Single(provider.GetServices<ResolverFactory>());
    }

    [Theory]
    [InlineData("ftp://cases:5080")]
    [InlineData("cases:8080")]
    [InlineData("dns:///")]
    [InlineData("dns:///cases")]
    [InlineData("dns://8.8.8.8/cases:8080")]
    [InlineData("dns:///cases:8080/extra")]
    [InlineData("dns:cases:8080")]
    public void An_address_the_client_cannot_use_fails_at_startup_naming_the_setting(string address)
    {
        var ex = Assert.Throws<StartupConfigurationException>(() =>
            new ServiceCollection().AddGovernanceGrpcClient<MeetingsService.MeetingsServiceClient>(Configuration(address), "Cases"));
        Assert.Equal(
            "Governance:Clients:Cases:Address must be an absolute http:// or https:// address, or dns:///host:port: " +
            "set Governance__Clients__Cases__Address, e.g. http://cases:5080 or dns:///cases:8080.", ex.Message);
    }

    private static IConfiguration Configuration(string address) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Governance:Clients:Cases:Address"] = address,
        }).Build();

    /// <summary>The channel options the client factory builds the client's channel with.</summary>
    private static GrpcChannelOptions ChannelOptions(IOptionsMonitor<GrpcClientFactoryOptions> monitor)
    {
        var factoryOptions = monitor.Get(nameof(MeetingsService.MeetingsServiceClient));
        var channel = new GrpcChannelOptions();
        foreach (var configure in factoryOptions.ChannelOptionsActions)
        {
            configure(channel);
        }
        return channel;
    }
}
