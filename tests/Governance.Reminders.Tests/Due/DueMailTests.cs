using Governance.Kernel;
using Governance.Reminders.Notices;
using Governance.Reminders.V1;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Governance.Reminders.Tests.Due;

/// <summary>The SMTP server the test script starts: Debian's <c>smtp-sink</c>, listening at
/// <c>GOVERNANCE_TEST_SMTP</c> (host:port) and writing each message it receives to a file under
/// <c>GOVERNANCE_TEST_SMTP_DIR</c>. Missing, a test that needs it fails in CI and is skipped elsewhere.</summary>
public static class SmtpSink
{
    public const string AddressVariable = "GOVERNANCE_TEST_SMTP";
    public const string DirectoryVariable = "GOVERNANCE_TEST_SMTP_DIR";

    public static (string Address, string Directory) Require()
    {
        var address = Environment.GetEnvironmentVariable(AddressVariable);
        var directory = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (string.IsNullOrWhiteSpace(address) || string.IsNullOrWhiteSpace(directory) || !System.IO.Directory.Exists(directory))
        {
            TestEnvironment.FailOrSkip($"No SMTP test server: {AddressVariable} and {DirectoryVariable} are not set " +
                "(./scripts/test.sh starts smtp-sink from Debian's postfix package and sets them).");
        }
        return (address, directory);
    }
}

/// <summary>Notices by e-mail through the real host: a reminder that falls due is mailed to its units'
/// addresses, as a .eml file in the embedded default and through a real SMTP server with PostgreSQL
/// and RabbitMQ; and a unit's weekly digest.</summary>
public sealed class DueMailTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly SqliteDatabase directory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        directory.Dispose();
        return ValueTask.CompletedTask;
    }

    private static Dictionary<string, string?> MailSettings(string? smtp = null) => new()
    {
        ["Governance:Meetings:VerifyJournalNumbers"] = "false",
        ["Governance:Reminders:Due:Interval"] = "00:00:01",
        ["Governance:Reminders:Mail:From"] = "Huskelisten <huskeliste@kommune.test>",
        ["Governance:Reminders:Mail:Units:ØDC"] = "oekonomi@kommune.test",
        ["Governance:Reminders:Mail:Units:BYC"] = "by-og-kultur@kommune.test",
        ["Governance:Reminders:Mail:Smtp"] = smtp,
    };

    /// <summary>A reminder due yesterday (Copenhagen) for ØDC and BYC/AM, with a token to find its mail by.</summary>
    private static async Task<(Reminder Reminder, string Token)> CreateDueReminderAsync(GovernanceTestHost host)
    {
        var token = $"T{Guid.NewGuid():N}"[..13];
        var yesterday = DateOnly.FromDateTime(CopenhagenTime.ToLocal(DateTime.UtcNow)).AddDays(-1);
        var reminder = new Reminder
        {
            Subject = $"Årsregnskab til revisionen {token}",
            ExpectedTime = new ExpectedTime { Date = new Google.Type.Date { Year = yesterday.Year, Month = yesterday.Month, Day = yesterday.Day } },
        };
        reminder.Responsible.AddRange(["ØDC", "BYC/AM"]);
        var client = new RemindersService.RemindersServiceClient(host.Channel);
        var created = await client.CreateReminderAsync(new CreateReminderRequest { Parent = $"bodies/direktionen-{token.ToLowerInvariant()}", Reminder = reminder },
            cancellationToken: Ct);
        return (created, token);
    }

    /// <summary>Waits (up to a minute) for a file under <paramref name="folder"/> that contains <paramref name="token"/>.</summary>
    private static async Task<MimeMessage> WaitForMessageAsync(string folder, string token)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            if (Directory.Exists(folder))
            {
                foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal)))
                {
                    if (File.GetLastWriteTimeUtc(file) > DateTime.UtcNow.AddSeconds(-1))
                    {
                        // smtp-sink writes a message as it receives it: read it once it has rested.
                        continue;
                    }
                    MimeMessage message;
                    try
                    {
                        message = await MimeMessage.LoadAsync(file, Ct);
                    }
                    catch (FormatException)
                    {
                        continue;
                    }
                    if (message.Subject?.Contains(token, StringComparison.Ordinal) == true)
                    {
                        return message;
                    }
                }
            }
            await Task.Delay(250, Ct);
        }
        throw new TimeoutException($"No message with {token} arrived in {folder} within a minute.");
    }

    private static void AssertDueNotice(MimeMessage message, Reminder reminder, string token)
    {
        Assert.Equal("huskeliste@kommune.test", message.From.Mailboxes.Single().Address);
        Assert.Equal(["oekonomi@kommune.test", "by-og-kultur@kommune.test"], message.To.Mailboxes.Select(m => m.Address));
        Assert.StartsWith($"Huskeliste: Årsregnskab til revisionen {token} forfalder ", message.Subject);
        Assert.EndsWith(" kl. 08.00", message.Subject);
        Assert.Contains("på huskelisten for bodies/direktionen-", message.TextBody);
        Assert.Contains("Ansvarlig: ØDC, BYC", message.TextBody);
        Assert.Contains(reminder.Name, message.TextBody);
        Assert.Equal("utf-8", message.BodyParts.OfType<TextPart>().Single().ContentType.Charset, ignoreCase: true);
    }

    [Fact]
    public async Task In_the_embedded_default_a_due_notice_is_written_as_an_eml_file_under_the_data_directory()
    {
        await using var host = await GovernanceTestHost.StartAsync(null, directory.DirectoryPath, MailSettings());
        var (reminder, token) = await CreateDueReminderAsync(host);
        var message = await WaitForMessageAsync(Path.Combine(directory.DirectoryPath, "mail"), token);
        AssertDueNotice(message, reminder, token);
    }

    [Fact]
    public async Task With_PostgreSQL_and_RabbitMQ_a_due_notice_reaches_a_real_SMTP_server()
    {
        var (address, dumps) = SmtpSink.Require();
        await using var stores = new PostgresStores();
        await stores.InitializeAsync();
        await using var host = await GovernanceTestHost.StartAsync(stores.ConnectionStrings, settings: MailSettings(address));
        var (reminder, token) = await CreateDueReminderAsync(host);
        var message = await WaitForMessageAsync(dumps, token);
        AssertDueNotice(message, reminder, token);
        Assert.False(Directory.Exists(Path.Combine(directory.DirectoryPath, "mail")));
    }

    [Fact]
    public async Task A_send_that_fails_is_retried_until_the_SMTP_server_answers()
    {
        var (address, dumps) = SmtpSink.Require();
        var colon = address.LastIndexOf(':');
        await using var gate = new TcpGate(address[..colon], int.Parse(address[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture), open: false);
        var settings = MailSettings($"127.0.0.1:{gate.Port}");
        settings["Governance:Messaging:ConsumerRetryLimit"] = "30";
        settings["Governance:Messaging:ConsumerRetryMaxInterval"] = "00:00:01";
        await using var host = await GovernanceTestHost.StartAsync(null, directory.DirectoryPath, settings);
        var (reminder, token) = await CreateDueReminderAsync(host);

        // The server is away: the consumer's sends fail and are tried again.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (gate.Attempts < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, Ct);
        }
        Assert.True(gate.Attempts >= 2, $"the notice was tried {gate.Attempts} times while the server was away");
        gate.Open();
        AssertDueNotice(await WaitForMessageAsync(dumps, token), reminder, token);
    }

    [Fact]
    public async Task A_units_weekly_digest_lists_its_reminders_due_that_week_once()
    {
        await using var host = await GovernanceTestHost.StartAsync(null, directory.DirectoryPath, MailSettings());
        var client = new RemindersService.RemindersServiceClient(host.Channel);
        var token = $"D{Guid.NewGuid():N}"[..13];
        var body = $"bodies/direktionen-{token.ToLowerInvariant()}";
        foreach (var (subject, day, unit) in new[] { ($"Revisionsberetning {token}", 10, "ØDC"), ("Anden uge", 17, "ØDC"), ("Andet kontor", 11, "PA") })
        {
            var r = new Reminder { Subject = subject, ExpectedTime = new ExpectedTime { Date = new Google.Type.Date { Year = 2035, Month = 1, Day = day } } };
            r.Responsible.Add(unit);
            await client.CreateReminderAsync(new CreateReminderRequest { Parent = body, Reminder = r }, cancellationToken: Ct);
        }
        var closed = new Reminder { Subject = "Personalesag", Closed = true, ExpectedTime = new ExpectedTime { Date = new Google.Type.Date { Year = 2035, Month = 1, Day = 12 } } };
        closed.Responsible.Add("ØDC/JH");
        await client.CreateReminderAsync(new CreateReminderRequest { Parent = body, Reminder = closed }, cancellationToken: Ct);

        var digests = host.App.Services.GetRequiredService<WeeklyDigestSender>();
        // Monday 8 January 2035, 06:59 and 07:00 Copenhagen time (winter: UTC+1).
        Assert.Equal(0, await digests.SendDueAsync(new DateTime(2035, 1, 8, 5, 59, 0, DateTimeKind.Utc), Ct));
        Assert.Equal(1, await digests.SendDueAsync(new DateTime(2035, 1, 8, 6, 0, 0, DateTimeKind.Utc), Ct));
        Assert.Equal(0, await digests.SendDueAsync(new DateTime(2035, 1, 10, 12, 0, 0, DateTimeKind.Utc), Ct));

        var message = await WaitForMessageAsync(Path.Combine(directory.DirectoryPath, "mail"), "uge 2 2035");
        Assert.Equal("Huskeliste for ØDC, uge 2 2035", message.Subject);
        Assert.Equal("oekonomi@kommune.test", message.To.Mailboxes.Single().Address);
        var lines = (message.TextBody ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"- onsdag 10. januar 2035 kl. 08.00: Revisionsberetning {token} ({body}; ansvarlig: ØDC)", lines[1]);
        Assert.Equal($"- fredag 12. januar 2035 kl. 08.00: Lukket punkt ({body}; ansvarlig: ØDC/JH)", lines[2]);
        Assert.Equal(3, lines.Length);
    }
}
