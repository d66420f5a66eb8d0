using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Governance.ServiceDefaults.Hosting;
using Governance.ServiceDefaults.Security;
using Grpc.Core;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Grpc.Net.ClientFactory;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Governance.ServiceDefaults.Clients;

/// <summary>
/// Typed gRPC clients for calls to another service of the platform, e.g.
/// <c>services.AddGovernanceGrpcClient&lt;CasesService.CasesServiceClient&gt;(configuration, "Cases", "http://localhost:5080")</c>.
/// Every call carries an identity (<see cref="CallerIdentityInterceptor"/>); unary calls get a deadline
/// per attempt, retries and a circuit breaker (<see cref="ResilienceInterceptor"/>), from
/// <c>Governance:Clients:{Name}</c> (<see cref="GovernanceClientOptions"/>). The address is http(s)://host:port
/// (one connection), or dns:///host:port for a Kubernetes headless Service: every address the name
/// resolves to, calls spread round robin.
/// </summary>
public static partial class GovernanceGrpcClients
{
    public const string ServiceNameSetting = "Governance:ServiceName";
    public const string DefaultServiceName = "governance";

    /// <summary>Registers <typeparamref name="TClient"/> for the service called <paramref name="name"/>. Throws at
    /// startup when neither <c>Governance:Clients:{name}:Address</c> nor <paramref name="defaultAddress"/> is set.
    /// The returned builder takes further interceptors or handlers, which run inside these.</summary>
    public static IHttpClientBuilder AddGovernanceGrpcClient<TClient>(this IServiceCollection services, IConfiguration configuration,
        string name, string? defaultAddress = null)
        where TClient : class
    {
        var section = GovernanceClientOptions.SectionFor(name);
        var options = configuration.GetSection(section).Get<GovernanceClientOptions>() ?? new GovernanceClientOptions();
        var address = string.IsNullOrWhiteSpace(options.Address) ? defaultAddress : options.Address;
        if (string.IsNullOrWhiteSpace(address))
        {
            throw new StartupConfigurationException(
                $"The address of {name} is not configured: set {section}:Address (Governance__Clients__{name}__Address), e.g. http://{name.ToLowerInvariant()}:5080.");
        }
        var uri = ParseAddress(address, name, section);
        if (options.Deadline <= TimeSpan.Zero || options.RetryAttempts < 0)
        {
            throw new StartupConfigurationException($"{section}: Deadline must be positive and RetryAttempts zero or more (Governance__Clients__{name}__Deadline, __RetryAttempts).");
        }
        options.Address = uri.ToString();

        services.AddHttpContextAccessor();
        services.TryAddSingleton(TimeProvider.System);
        AddServiceIdentity(services, configuration);
        try
        {
            // Built once here so bad retry or breaker settings fail at startup, not on the first call.
            _ = new ClientResilience(name, options, NullLogger<ClientResilience>.Instance);
        }
        catch (ValidationException ex)
        {
            throw new StartupConfigurationException($"{section} is invalid: {ex.Message}", ex);
        }
        // One pipeline per client name, so the breaker sees every call to that service.
        services.AddKeyedSingleton(name, (sp, _) => new ClientResilience(name, options, sp.GetRequiredService<ILogger<ClientResilience>>()));

        var client = services.AddGrpcClient<TClient>(o => o.Address = uri);
        if (uri.Scheme == DnsScheme)
        {
            // One HTTP/2 connection carries every call, so behind a ClusterIP they would all go to one
            // pod. dns:/// (a headless Service) resolves every pod, and round_robin spreads the calls
            // over a connection to each, re-resolving every DnsRefreshInterval as pods come and go.
            services.TryAddEnumerable(ServiceDescriptor.Singleton<ResolverFactory>(new DnsResolverFactory(DnsRefreshInterval)));
            client.ConfigureChannel(channel =>
            {
                // h2c inside the cluster, as with http://; the scheme says nothing about TLS here.
                channel.Credentials = ChannelCredentials.Insecure;
                channel.ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { new RoundRobinConfig() } };
            });
        }
        return client
            .AddInterceptor(InterceptorScope.Client, sp => new CallerIdentityInterceptor(
                sp.GetRequiredService<IHttpContextAccessor>(), sp.GetService<IServiceTokenSource>(), name))
            .AddInterceptor(InterceptorScope.Client, sp => new ResilienceInterceptor(sp.GetRequiredKeyedService<ClientResilience>(name)));
    }

    /// <summary>How often a <c>dns:///</c> address is resolved again (pods started or gone since), besides
    /// whenever a connection fails.</summary>
    public static readonly TimeSpan DnsRefreshInterval = TimeSpan.FromSeconds(30);

    private const string DnsScheme = "dns";

    /// <summary>http(s)://host:port, or dns:///host:port (every address of the name, round robin).</summary>
    private static Uri ParseAddress(string address, string name, string section)
    {
        var valid = Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme switch
        {
            "http" or "https" => true,
            // No DNS server in the authority (dns://8.8.8.8/...): the resolver uses the system's.
            DnsScheme => address.StartsWith("dns:///", StringComparison.Ordinal) && DnsTarget().IsMatch(address["dns:///".Length..]),
            _ => false,
        };
        if (!valid)
        {
            throw new StartupConfigurationException(
                $"{section}:Address must be an absolute http:// or https:// address, or dns:///host:port: set Governance__Clients__{name}__Address, " +
                $"e.g. http://{name.ToLowerInvariant()}:5080 or dns:///{name.ToLowerInvariant()}:8080.");
        }
        return uri!;
    }

    /// <summary>host:port, the host a DNS name or IPv4 address (the port is required: there is no default for h2c).</summary>
    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?:[0-9]{1,5}$")]
    private static partial Regex DnsTarget();

    /// <summary>This service's own identity for background calls: client credentials when configured, else
    /// the development issuer in the embedded default, else none (such calls are refused).</summary>
    private static void AddServiceIdentity(IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(s => s.ServiceType == typeof(IServiceTokenSource)))
        {
            return;
        }
        var credentials = configuration.GetSection(ClientCredentialsOptions.Section).Get<ClientCredentialsOptions>() ?? new ClientCredentialsOptions();
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        if (credentials.IsConfigured)
        {
            if (string.IsNullOrWhiteSpace(credentials.ClientId) || string.IsNullOrWhiteSpace(credentials.ClientSecret))
            {
                throw new StartupConfigurationException(
                    $"{ClientCredentialsOptions.Section}:TokenEndpoint is set, so ClientId and ClientSecret are needed too (Governance__Auth__ClientCredentials__ClientId, __ClientSecret).");
            }
            services.AddHttpClient(ClientCredentialsTokenSource.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(10));
            services.AddSingleton<IServiceTokenSource>(sp => new ClientCredentialsTokenSource(
                sp.GetRequiredService<IHttpClientFactory>(), credentials, sp.GetRequiredService<TimeProvider>()));
        }
        else if (!auth.IsConfigured && EmbeddedMode.IsEmbedded(configuration))
        {
            var serviceName = configuration[ServiceNameSetting] ?? DefaultServiceName;
            services.AddSingleton<IServiceTokenSource>(sp => new DevelopmentServiceTokenSource(
                sp.GetService<TokenIssuer>() ?? throw new InvalidOperationException(
                    "The embedded default signs service tokens with the development issuer, but none is registered: call AddGovernanceAuthentication first."),
                serviceName, sp.GetRequiredService<TimeProvider>()));
        }
    }
}
