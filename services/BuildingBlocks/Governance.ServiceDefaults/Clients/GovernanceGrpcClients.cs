using System.ComponentModel.DataAnnotations;
using Governance.ServiceDefaults.Hosting;
using Governance.ServiceDefaults.Security;
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
/// <c>Governance:Clients:{Name}</c> (<see cref="GovernanceClientOptions"/>).
/// </summary>
public static class GovernanceGrpcClients
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
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new StartupConfigurationException(
                $"{section}:Address must be an absolute http:// or https:// address: set Governance__Clients__{name}__Address, e.g. http://{name.ToLowerInvariant()}:5080.");
        }
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

        return services
            .AddGrpcClient<TClient>(o => o.Address = uri)
            .AddInterceptor(InterceptorScope.Client, sp => new CallerIdentityInterceptor(
                sp.GetRequiredService<IHttpContextAccessor>(), sp.GetService<IServiceTokenSource>(), name))
            .AddInterceptor(InterceptorScope.Client, sp => new ResilienceInterceptor(sp.GetRequiredKeyedService<ClientResilience>(name)));
    }

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
