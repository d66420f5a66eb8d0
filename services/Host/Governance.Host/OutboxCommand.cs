using System.Globalization;
using Governance.Messaging.Hosting;
using Governance.Messaging.Outbox;
using Governance.ServiceDefaults.Security;
using MassTransit;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Governance.Host;

/// <summary>
/// <c>Governance.Host outbox list|retry|drop|replay --service NAME ...</c>: what operations do with a
/// service's outbox (docs/operations.md, "Messaging"). It runs with the service's own configuration, as
/// <c>migrate</c> does (the same environment, e.g. <c>kubectl exec</c> into the service's pod), and works on
/// the database of the service named. Every change is audited in that service's audit log, as the operator
/// <c>--actor</c> names, or else as the OS user running the command. Exit codes: 0 done; 1 nothing done
/// (no parked row with that id, a replay that stopped part way); 2 a usage error or a refusal.
/// </summary>
internal static class OutboxCommand
{
    private const string Usage = """
        usage: outbox list   --service NAME
               outbox retry  --service NAME (--id N | --all) [--actor NAME]
               outbox drop   --service NAME --id N [--actor NAME]
               outbox replay --service NAME --since 2026-01-01T00:00:00Z --queue QUEUE [--type URN] [--actor NAME]
        """;

    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["list"] = ["service"],
        ["retry"] = ["service", "id", "all", "actor"],
        ["drop"] = ["service", "id", "actor"],
        ["replay"] = ["service", "since", "queue", "type", "actor"],
    };

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || !Allowed.TryGetValue(args[0], out var allowed))
        {
            return Refuse(Usage);
        }
        var verb = args[0];
        if (Options(args[1..], allowed) is not { } options)
        {
            return Refuse(Usage);
        }
        if (!options.TryGetValue("service", out var serviceName))
        {
            return Refuse($"--service is required: one of {string.Join(", ", GovernanceHost.ServiceNames)}\n{Usage}");
        }
        long? id = null;
        if (options.TryGetValue("id", out var idText))
        {
            if (!long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return Refuse($"--id must be the sequence number of an outbox row, as `outbox list` shows it (not {idText})");
            }
            id = parsed;
        }
        if (verb == "drop" && id is null)
        {
            return Refuse("drop needs --id N: parked rows are dropped one at a time");
        }
        if (verb == "retry" && (id is null) == !options.ContainsKey("all"))
        {
            return Refuse("retry needs either --id N (one parked row) or --all (every parked row)");
        }
        DateTime since = default;
        if (verb == "replay")
        {
            if (!options.TryGetValue("since", out var sinceText) || !DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var sinceOffset))
            {
                return Refuse("replay needs --since, an instant such as 2026-01-01T00:00:00Z (UTC unless it names an offset)");
            }
            since = sinceOffset.UtcDateTime;
            if (!options.TryGetValue("queue", out var queueName) || string.IsNullOrWhiteSpace(queueName))
            {
                return Refuse("replay needs --queue, the name of the one subscriber's queue in RabbitMQ (as the broker shows it)");
            }
        }

        await using var app = await GovernanceHost.BuildAsync([]);
        var outbox = app.Services.GetServices<ServiceOutbox>().FirstOrDefault(o =>
            string.Equals(o.Service, serviceName, StringComparison.OrdinalIgnoreCase)
            || string.Equals(o.Database.Service, serviceName, StringComparison.OrdinalIgnoreCase));
        if (outbox is null)
        {
            return Refuse($"this configuration does not run a service named {serviceName} (Governance__Services): run the command with the " +
                "configuration of the service whose outbox it is");
        }
        var by = Operator(options);
        var ct = app.Lifetime.ApplicationStopping;
        switch (verb)
        {
            case "list":
                return await ListAsync(outbox, ct);
            case "retry":
            {
                var rows = await OutboxOperations.RetryAsync(outbox.Database, id, by, ct);
                if (rows.Count == 0)
                {
                    await Console.Error.WriteLineAsync(id is null ? $"No parked outbox rows in {outbox.Service}." : $"No parked outbox row {id} in {outbox.Service}.");
                    return id is null ? 0 : 1;
                }
                foreach (var row in rows)
                {
                    Console.WriteLine($"Retrying outbox row {row.Sequence} ({row.MessageType}, event {row.MessageId}): the relay takes it at its next look.");
                }
                Console.WriteLine($"Retried {rows.Count} parked row(s) of {outbox.Service}; audited as {by.Subject}.");
                return 0;
            }
            case "drop":
            {
                var row = await OutboxOperations.DropAsync(outbox.Database, id!.Value, by, ct);
                if (row is null)
                {
                    await Console.Error.WriteLineAsync($"No parked outbox row {id} in {outbox.Service}: only parked rows can be dropped (see `outbox list`).");
                    return 1;
                }
                Console.WriteLine($"Dropped outbox row {row.Sequence} ({row.MessageType}, event {row.MessageId}) of {outbox.Service}: " +
                    $"it is never published; audited as {by.Subject}.");
                return 0;
            }
            default:
                return await ReplayAsync(app, outbox, since, options["queue"].Trim(), options.GetValueOrDefault("type"), by, ct);
        }
    }

    private static async Task<int> ListAsync(ServiceOutbox outbox, CancellationToken ct)
    {
        var rows = await OutboxOperations.ListParkedAsync(outbox.Database, ct);
        if (rows.Count == 0)
        {
            Console.WriteLine($"No parked outbox rows in {outbox.Service}.");
            return 0;
        }
        Console.WriteLine("id\tparked_at\tattempts\tmessage_type\tmessage_id\tordering_key\tcreated_at\tlast_error");
        foreach (var r in rows)
        {
            Console.WriteLine($"{r.Sequence}\t{OutboxOperations.Iso(r.ParkedAt)}\t{r.Attempts}\t{r.MessageType}\t{r.MessageId}\t{r.OrderingKey}\t" +
                $"{OutboxOperations.Iso(r.CreatedAt)}\t{r.LastError}");
        }
        Console.WriteLine($"{rows.Count} parked row(s) in {outbox.Service}.");
        return 0;
    }

    private static async Task<int> ReplayAsync(WebApplication app, ServiceOutbox outbox, DateTime since, string queue, string? type,
        OutboxOperator by, CancellationToken ct)
    {
        var broker = app.Configuration.GetConnectionString(EmbeddedMode.BrokerConnectionName);
        if (string.IsNullOrWhiteSpace(broker))
        {
            return Refuse("replay needs RabbitMQ (ConnectionStrings__RabbitMq): the embedded default's in-memory bus reaches only the consumers " +
                "of its own process, which had every event already");
        }
        var uri = new Uri(broker);
        // A queue that does not exist would be created by the send and filled for no one (a typo): refuse instead.
        if (await QueueMissingAsync(uri, queue, ct) is { } missing)
        {
            return Refuse(missing);
        }
        var options = app.Services.GetRequiredService<IOptions<MessagingOptions>>().Value;
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(uri, h => h.PublisherConfirmation = true));
        await bus.StartAsync(ct);
        try
        {
            // queue:NAME sends to that queue alone (through the exchange of its name, bound to it, as MassTransit's
            // receive endpoints have): the other subscribers of the service's events get no duplicates.
            var endpoint = await bus.GetSendEndpoint(new Uri($"queue:{queue}"));
            var result = await OutboxOperations.ReplayAsync(outbox.Database, app.Services.GetRequiredService<OutboxMessageTypes>(), endpoint,
                queue, since, type, by, ct);
            Console.WriteLine($"Replayed {result.Sent} of {result.Matched} sent events of {outbox.Service} created since {OutboxOperations.Iso(since)}" +
                (type is null ? "" : $" of type {type}") + $" to queue {queue}" +
                (result.Skipped > 0 ? $"; skipped {result.Skipped} of types this build does not know" : "") + $"; audited as {by.Subject}.");
            if (options.SentRetention < DateTime.UtcNow - since)
            {
                await Console.Error.WriteLineAsync($"Sent events are kept {options.SentRetention.TotalDays:0.#} days " +
                    "(Governance__Messaging__SentRetention): older ones were purged and could not be replayed.");
            }
            return 0;
        }
        catch (OutboxReplayException stopped)
        {
            await Console.Error.WriteLineAsync(stopped.Message);
            Console.WriteLine($"Replayed {stopped.Result.Sent} of {stopped.Result.Matched} sent events to queue {queue} before it stopped; audited as {by.Subject}.");
            return 1;
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Why the queue cannot take the replay (it does not exist), or null.</summary>
    private static async Task<string?> QueueMissingAsync(Uri broker, string queue, CancellationToken ct)
    {
        var factory = new ConnectionFactory { Uri = broker, ClientProvidedName = "Governance.Host outbox replay" };
        await using var connection = await factory.CreateConnectionAsync(ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        try
        {
            await channel.QueueDeclarePassiveAsync(queue, ct);
            return null;
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            return $"RabbitMQ has no queue {queue}: the subscriber must have declared and bound its queue first (check the name with rabbitmqctl list_queues)";
        }
    }

    /// <summary>The operator the audit entries name: --actor, else the OS user running the command.</summary>
    private static OutboxOperator Operator(Dictionary<string, string> options)
    {
        var actor = options.GetValueOrDefault("actor")?.Trim();
        if (string.IsNullOrEmpty(actor))
        {
            actor = Environment.UserName;
        }
        return new OutboxOperator(actor.Length <= 200 ? actor : actor[..200], Guid.CreateVersion7().ToString("N"));
    }

    /// <summary>--name value pairs (--all takes none); null on anything else or an option the verb does not take.</summary>
    private static Dictionary<string, string>? Options(string[] args, string[] allowed)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || !allowed.Contains(args[i][2..]))
            {
                return null;
            }
            var name = args[i][2..];
            if (name == "all")
            {
                options[name] = "";
                continue;
            }
            if (i + 1 >= args.Length)
            {
                return null;
            }
            options[name] = args[++i];
        }
        return options;
    }

    private static int Refuse(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }
}
