using System.Diagnostics.Metrics;
using System.Reflection;
using Governance.Data.Connections;
using Governance.Messaging.Consumers;
using Governance.Messaging.Outbox;
using Governance.Messaging.Tracing;
using Governance.ServiceDefaults.Hosting;
using Governance.ServiceDefaults.Security;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Governance.Messaging.Hosting;

/// <summary>
/// How services and the host take messaging in. Each service calls <see cref="AddServiceMessaging"/>
/// with its own database, the assembly of the events it publishes, and its consumers; the host then
/// calls <see cref="AddGovernanceBus"/> once, which builds the one MassTransit bus of the process.
/// </summary>
public static class MessagingRegistration
{
    /// <summary>A service's part: an outbox relay and housekeeping over its database, the event types
    /// its relay may publish (every [MessageUrn] record in <paramref name="events"/>), and its consumers,
    /// each with the definition that names its queue.</summary>
    public static WebApplicationBuilder AddServiceMessaging(this WebApplicationBuilder builder, string service, ServiceDatabase database,
        Assembly events, Action<ServiceConsumers>? consumers = null)
    {
        var parts = Parts(builder.Services);
        builder.Services.TryAddSingleton<OutboxSignals>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<OutboxMetrics>();
        parts.Services.Add(service);
        parts.EventAssemblies.Add(events);
        // For the host's `outbox` command (list, retry, drop, replay): which database is the service's.
        builder.Services.AddSingleton(new ServiceOutbox(service, database));
        consumers?.Invoke(parts.Consumers);
        builder.Services.AddSingleton<IHostedService>(sp => new OutboxRelay(database, sp.GetRequiredService<OutboxMessageTypes>(),
            sp.GetRequiredService<IBus>(), sp.GetRequiredService<IOptions<MessagingOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger($"Governance.Messaging.Outbox.{service}"),
            sp.GetRequiredService<OutboxSignals>().For(service), sp.GetService<InProcessDeliveries>(),
            sp.GetRequiredService<IHostApplicationLifetime>(), sp.GetRequiredService<OutboxMetrics>()));
        builder.Services.AddSingleton<IHostedService>(sp => new MessagingHousekeeping(database,
            sp.GetRequiredService<IOptions<MessagingOptions>>().Value, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger($"Governance.Messaging.Housekeeping.{service}")));
        return builder;
    }

    /// <summary>The bus: RabbitMQ when <c>ConnectionStrings:RabbitMq</c> is set, otherwise in-memory.
    /// In-memory only reaches this process, so it is allowed only in the one-process embedded default:
    /// <paramref name="servicesElsewhere"/> (the host's services this process does not run) is empty and
    /// the configuration is embedded (<see cref="EmbeddedMode"/>). Otherwise a process whose services
    /// publish or consume events refuses to start without a broker, instead of losing every event
    /// between processes. Failing messages are retried with exponential backoff, then moved to the
    /// endpoint's _error queue.</summary>
    public static WebApplicationBuilder AddGovernanceBus(this WebApplicationBuilder builder, IReadOnlyCollection<string> servicesElsewhere)
    {
        var parts = Parts(builder.Services);
        var options = builder.Configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions();
        builder.Services.Configure<MessagingOptions>(builder.Configuration.GetSection(MessagingOptions.Section));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new OutboxMessageTypes(parts.EventAssemblies));
        var broker = builder.Configuration.GetConnectionString(EmbeddedMode.BrokerConnectionName);
        if (string.IsNullOrWhiteSpace(broker))
        {
            if (InMemoryBusRefusal(builder.Configuration, parts.Services, servicesElsewhere) is { } refusal)
            {
                throw new StartupConfigurationException(refusal);
            }
        }
        else
        {
            EmbeddedMode.CheckConnectionString(EmbeddedMode.BrokerConnectionName, broker);
        }

        if (string.IsNullOrWhiteSpace(broker))
        {
            // The in-memory bus confirms nothing durable: the relays wait for the consumers' receipts.
            builder.Services.AddSingleton(sp => InProcessDeliveriesFor(sp, parts.Consumers));
        }
        builder.Services.AddSingleton(sp =>
        {
            var metrics = new ConsumerMetrics(sp.GetRequiredService<IMeterFactory>(), QueuesOf(sp, parts.Consumers, options.Prefix));
            // Once the host runs (and with it the meter's listeners), each consumer's series start at 0.
            sp.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(metrics.Started);
            return metrics;
        });

        builder.Services.AddMassTransit(x =>
        {
            x.DisableUsageTelemetry();
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(options.Prefix, includeNamespace: false));
            foreach (var (consumer, definition) in parts.Consumers.Registered)
            {
                x.AddConsumer(consumer, definition);
            }
            // The bus is not part of readiness: while the broker is away, changes still commit and their
            // events wait in the outbox. /readyz shows it as degraded.
            x.ConfigureHealthCheckOptions(h =>
            {
                h.Name = "message-bus";
                h.MinimalFailureStatus = HealthStatus.Degraded;
            });
            if (string.IsNullOrWhiteSpace(broker))
            {
                x.UsingInMemory((context, bus) =>
                {
                    bus.ConnectReceiveObserver(context.GetRequiredService<InProcessDeliveries>());
                    ConfigureBus(context, bus, options);
                });
            }
            else
            {
                x.UsingRabbitMq((context, bus) =>
                {
                    bus.Host(new Uri(broker), host => host.PublisherConfirmation = true);
                    ConfigureBus(context, bus, options);
                });
            }
        });
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = options.WaitUntilStarted;
            o.StartTimeout = TimeSpan.FromSeconds(60);
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });
        return builder;
    }


    /// <summary>Why this process may not use the in-memory bus, or null when it may.</summary>
    public static string? InMemoryBusRefusal(IConfiguration configuration, IReadOnlyCollection<string> servicesHere,
        IReadOnlyCollection<string> servicesElsewhere)
    {
        if (servicesHere.Count == 0)
        {
            return null;
        }
        const string Fix = "set ConnectionStrings__RabbitMq (e.g. amqp://user:password@rabbitmq:5672/governance)";
        if (servicesElsewhere.Count > 0)
        {
            return $"No message broker, and the events of {string.Join(", ", servicesHere)} must reach {string.Join(", ", servicesElsewhere)} " +
                $"in another process: {Fix}, or run every service in this one process (leave Governance__Services empty).";
        }
        return EmbeddedMode.Reason(configuration) is { } notEmbedded
            ? $"No message broker outside the embedded default ({notEmbedded}): {Fix}; the in-memory bus is for one process with every service (Governance__Services empty)."
            : null;
    }

    /// <summary>Each queue of this process (prefix included): its name as defined, and the message types its consumer takes.</summary>
    private static Dictionary<string, (string Queue, IReadOnlyList<Type> MessageTypes)> QueuesOf(IServiceProvider services,
        ServiceConsumers consumers, string prefix)
    {
        var queues = new Dictionary<string, (string, IReadOnlyList<Type>)>(StringComparer.Ordinal);
        foreach (var (consumer, definitionType) in consumers.Registered)
        {
            var definition = (IConsumerDefinition)ActivatorUtilities.CreateInstance(services, definitionType);
            var queue = definition.GetEndpointName(DefaultEndpointNameFormatter.Instance);
            queues[queue] = (queue.StartsWith(prefix, StringComparison.Ordinal) ? queue[prefix.Length..] : queue,
                [.. ServiceConsumers.MessageTypesOf(consumer)]);
        }
        return queues;
    }

    /// <summary>Which queues of this process consume each event type: the queues the consumers'
    /// definitions name.</summary>
    private static InProcessDeliveries InProcessDeliveriesFor(IServiceProvider services, ServiceConsumers consumers)
    {
        var queues = new Dictionary<Type, List<string>>();
        foreach (var (consumer, definitionType) in consumers.Registered)
        {
            var definition = (IConsumerDefinition)ActivatorUtilities.CreateInstance(services, definitionType);
            var queue = definition.GetEndpointName(DefaultEndpointNameFormatter.Instance);
            foreach (var messageType in ServiceConsumers.MessageTypesOf(consumer))
            {
                (queues.TryGetValue(messageType, out var list) ? list : queues[messageType] = []).Add(queue);
            }
        }
        return new InProcessDeliveries(queues.ToDictionary(q => q.Key, q => q.Value.ToArray()));
    }

    private static void ConfigureBus<TEndpoint>(IBusRegistrationContext context, IBusFactoryConfigurator<TEndpoint> bus, MessagingOptions options)
        where TEndpoint : IReceiveEndpointConfigurator
    {
        if (options.Prefix.Length > 0)
        {
            bus.MessageTopology.SetEntityNameFormatter(new PrefixEntityNameFormatter(bus.MessageTopology.EntityNameFormatter, options.Prefix));
        }
        bus.UseConsumeFilter(typeof(TraceContextConsumeFilter<>), context);
        var metrics = context.GetRequiredService<ConsumerMetrics>();
        bus.ConnectReceiveObserver(metrics);
        // No retries is no retry filter: MassTransit's exponential policy with a limit of 0 throws an
        // IndexOutOfRangeException of its own on the first failure (8.5.11), hiding the consumer's.
        if (options.ConsumerRetryLimit > 0)
        {
            bus.UseMessageRetry(r =>
            {
                r.Exponential(options.ConsumerRetryLimit, options.ConsumerRetryMinInterval, options.ConsumerRetryMaxInterval,
                    options.ConsumerRetryMinInterval);
                r.ConnectRetryObserver(metrics);
            });
        }
        bus.ConfigureEndpoints(context);
    }

    private static MessagingParts Parts(IServiceCollection services)
    {
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(MessagingParts))?.ImplementationInstance as MessagingParts;
        if (existing is not null)
        {
            return existing;
        }
        var parts = new MessagingParts();
        services.AddSingleton(parts);
        return parts;
    }

    /// <summary>What the services have added, collected until the host builds the bus.</summary>
    private sealed class MessagingParts
    {
        /// <summary>The services of this process that publish or consume events.</summary>
        public List<string> Services { get; } = [];

        public List<Assembly> EventAssemblies { get; } = [];
        public ServiceConsumers Consumers { get; } = new();
    }
}
