using System.Text;
using Governance.Cases.Domain;
using Governance.Cases.V1;
using Governance.Integration.Tests.Support;
using Governance.Meetings.Events;
using MassTransit;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Governance.Integration.Tests.Cases;

/// <summary>
/// A Cases consumer that throws (a journal number that is not one) on RabbitMQ: the message is
/// retried the configured number of times, then parked in the consumer's _error queue with
/// MassTransit's fault headers, never dropped; it leaves nothing on any timeline.
/// </summary>
public sealed class CasesErrorQueueTests : IAsyncLifetime
{
    private const int RetryLimit = 2;

    private readonly ServerHost _host = ServerHost.With(new Dictionary<string, string?>
    {
        ["Governance:Messaging:ConsumerRetryLimit"] = RetryLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Governance:Messaging:ConsumerRetryMinInterval"] = "00:00:00.050",
        ["Governance:Messaging:ConsumerRetryMaxInterval"] = "00:00:00.200",
    });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => _host.InitializeAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task A_malformed_journal_number_is_retried_then_parked_in_the_error_queue()
    {
        var cases = CasesDriver.For(_host);
        var c = await cases.CreateAsync("Budget 2028-31");
        var queue = CasesDriver.QueueOf(_host, "cases-decision-recorded");
        using var watch = new ConsumeWatch(_host.Bus);
        // The case's number with a trailing blank, as a sloppy import might send it: not a journal number.
        var malformed = c.JournalNumber + " ";
        var message = new DecisionRecorded($"meetings/m-{Guid.NewGuid():N}/items/i1/decisions/d1", "meetings/m1", "bodies/direktionen", "Direktionen",
            new DateTimeOffset(2027, 3, 9, 7, 30, 0, TimeSpan.Zero), new AgendaEntry("meetings/m1/items/i1", 1, malformed, false, "Budget 2028-31"),
            "APPROVED", "Godkendt", "Godkendt.", [], [], null, DateTimeOffset.UtcNow, 1);
        var messageId = NewId.NextGuid();

        await _host.Bus.Publish(message, ctx => ctx.MessageId = messageId, Ct);

        var parked = await GetFromQueueAsync(new Uri(_host.Server.App.Configuration["ConnectionStrings:RabbitMq"]!), $"{queue}_error");
        Assert.Equal(messageId.ToString(), parked.BasicProperties.MessageId);
        var headers = parked.BasicProperties.Headers ?? new Dictionary<string, object?>();
        Assert.Equal(typeof(MalformedJournalNumberException).FullName, Text(headers, "MT-Fault-ExceptionType"));
        Assert.Contains($"'{malformed}'", Text(headers, "MT-Fault-Message"), StringComparison.Ordinal);
        Assert.Equal(queue, new Uri(Text(headers, "MT-Fault-InputAddress")).AbsolutePath.Split('/').Last());
        // MT-Fault-RetryCount: the retries after the first delivery, as configured.
        Assert.Equal(RetryLimit.ToString(System.Globalization.CultureInfo.InvariantCulture), Text(headers, "MT-Fault-RetryCount"));
        // The message itself, whole, for someone to look at and move back.
        var body = Encoding.UTF8.GetString(parked.Body.Span);
        Assert.Contains("governance:meetings:decision-recorded:v1", body, StringComparison.Ordinal);
        Assert.Contains(message.Decision, body, StringComparison.Ordinal);
        // The endpoint reports one fault once the retries (inside its pipe) are spent, and never a success.
        var fault = Assert.Single(watch.Of(queue, messageId));
        Assert.IsType<MalformedJournalNumberException>(fault.Fault);

        // Nothing from it anywhere: not on the case whose number it almost named, not in the database, not in the inbox.
        Assert.DoesNotContain(await cases.TimelineAsync(c), e => e.Kind == TimelineEntryKind.DecisionRecorded);
        Assert.Equal(0, await cases.TimelineRowsOfAsync(message.Decision));
        Assert.False(await cases.HandledAsync(CasesDriver.DecisionRecordedConsumer, messageId));
    }

    /// <summary>A header as text: AMQP carries strings as bytes, numbers as numbers.</summary>
    private static string Text(IDictionary<string, object?> headers, string name) =>
        Assert.Contains(name, headers) switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            { } value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
            null => "",
        };

    /// <summary>Takes one message from <paramref name="queue"/>, polling until it is there (MassTransit
    /// declares an error queue when it first moves a message to it).</summary>
    private static async Task<BasicGetResult> GetFromQueueAsync(Uri broker, string queue)
    {
        var factory = new ConnectionFactory { Uri = broker };
        await using var connection = await factory.CreateConnectionAsync(Ct);
        var taken = await Eventually.UntilAsync(async () =>
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: Ct);
            try
            {
                return await channel.BasicGetAsync(queue, autoAck: true, Ct);
            }
            catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
            {
                // Not declared yet: the message is still being retried.
                return null;
            }
        }, result => result is not null, _ => $"No message arrived in {queue}.");
        return taken!;
    }
}
