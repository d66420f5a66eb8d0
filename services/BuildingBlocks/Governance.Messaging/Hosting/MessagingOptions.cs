namespace Governance.Messaging.Hosting;

/// <summary>Section <c>Governance:Messaging</c>. The broker itself is <c>ConnectionStrings:RabbitMq</c>
/// (an <c>amqp://</c> or <c>amqps://</c> URI); without it the bus is in-memory, which only the embedded
/// default may use.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Governance:Messaging";

    /// <summary>Put before every exchange and queue name, so several installations (or test runs) can
    /// share one broker without seeing each other's messages.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>How often an idle relay looks for new outbox rows.</summary>
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Rows a relay takes (and, on PostgreSQL, locks) at a time.</summary>
    public int OutboxBatchSize { get; set; } = 100;

    /// <summary>Batches a relay has out at once: it takes the next while earlier ones wait for their
    /// confirms (each key's rows still go out one after another, across batches too).</summary>
    public int OutboxBatchesInFlight { get; set; } = 4;

    /// <summary>How long one publish may wait for the broker's confirm before it counts as failed.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait between relay attempts while publishing fails (the wait doubles from
    /// the poll interval, with jitter).</summary>
    public TimeSpan RelayMaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of a failing message after its first attempt (so at most ConsumerRetryLimit + 1
    /// attempts, in the consuming process, waits growing from ConsumerRetryMinInterval to
    /// ConsumerRetryMaxInterval); then it goes to the endpoint's _error queue, its MT-Fault-RetryCount
    /// header saying how many retries were made.</summary>
    public int ConsumerRetryLimit { get; set; } = 5;

    public TimeSpan ConsumerRetryMinInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan ConsumerRetryMaxInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>In the embedded default (in-memory bus): how long the relay waits for the in-process
    /// consumers to handle an event before the row counts as not delivered (it then stays pending until
    /// the next start). Longer than a consumer's retries take.</summary>
    public TimeSpan InProcessDeliveryTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Tries of an outbox row that fails for a reason of its own (its event type unknown to this
    /// build, its body unreadable; in the embedded default, its in-process consumers not handling it)
    /// before the relay parks it and goes on with the rows after it. A broker that is away parks
    /// nothing. 0 or less: never park.</summary>
    public int ParkAfterAttempts { get; set; } = 10;

    /// <summary>Sent outbox rows are kept this long, then purged: the window an operator can replay a
    /// service's events from to a subscriber that came late (<c>Governance.Host outbox replay</c>). As
    /// long as the inbox retention, so a replay to a subscriber of ours is deduplicated all the way back.</summary>
    public TimeSpan SentRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Inbox rows are kept this long: longer than any redelivery can come late.</summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Host start waits until the bus is connected and its consumers listen.</summary>
    public bool WaitUntilStarted { get; set; } = true;
}
