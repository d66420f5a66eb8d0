using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Governance.Messaging.Outbox;
using Governance.Surveys.Data;
using Governance.Surveys.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Governance.Surveys.Tests.Api;

/// <summary>
/// The real host for the survey e-mail tests (<see cref="SurveysHost"/>) and one mail server: a closed loopback
/// port (a server that cannot be reached), or a working one (.eml files with SQLite, smtp-sink with PostgreSQL).
/// Its background round sweep is stopped: the tests sweep (<see cref="SweepAsync"/>), as one replica or
/// several at once (<see cref="NewReplica"/>), and move the clock (<see cref="SurveysHost.Clock"/>) past backoffs
/// and leases. What the host logs is kept (<see cref="LogLines"/>).
/// </summary>
public abstract class MailHost(HostStore store) : SurveysHost(store)
{
    /// <summary>Everything the host logs, an entry's exception whole (the sweep's warnings attach none: they
    /// carry what they say in the message).</summary>
    private readonly LogCapture logs = new(e => e.ToString());

    public IReadOnlyList<string> LogLines => logs.Lines;

    /// <summary>The host's <c>Governance:Surveys:Mail:Smtp</c>, or null for .eml files.</summary>
    protected abstract string? Smtp { get; }

    public override async ValueTask InitializeAsync()
    {
        var started = await StartHostAsync(new Dictionary<string, string?>
        {
            ["Governance:Meetings:VerifyJournalNumbers"] = "false",
            // The background sweep runs at the start and when a round opens; it is stopped below.
            ["Governance:Surveys:SweepInterval"] = "01:00:00",
            ["Governance:Surveys:AnswerUrl"] = "https://trivsel.kommune.test/survey",
            ["Governance:Surveys:Mail:Smtp"] = Smtp,
            ["Logging:LogLevel:Governance.Surveys"] = "Information",
        }, logs);
        if (started)
        {
            foreach (var sweep in Server.App.Services.GetServices<IHostedService>().OfType<RoundSweepService>())
            {
                await sweep.StopAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>The host's own round sweep.</summary>
    public RoundSweep Sweep => Server.App.Services.GetRequiredService<RoundSweep>();

    /// <summary>One sweep of the host's own round sweep.</summary>
    public Task<MailRun> SweepAsync(CancellationToken ct) => Sweep.SweepAsync(ct);

    /// <summary>A round sweep of its own on the same database and settings: another replica; with
    /// <paramref name="smtpPort"/>, its mail server is that port on loopback (the host's stays as it is).</summary>
    public RoundSweep NewReplica(int? smtpPort = null)
    {
        var services = Server.App.Services;
        var options = services.GetRequiredService<SurveysOptions>();
        if (smtpPort is { } port)
        {
            options = options with { Mail = options.Mail with { SmtpHost = "127.0.0.1", SmtpPort = port } };
        }
        return new RoundSweep(services.GetRequiredService<SurveysStore>(), services.GetRequiredService<OutboxSignals>().For(SurveysServiceRegistration.ServiceName),
            options, Clock, services.GetRequiredService<ILogger<RoundSweep>>());
    }

    public SurveysStore SurveysStore => Server.App.Services.GetRequiredService<SurveysStore>();

    /// <summary>The messages the mail server has taken for <paramref name="addresses"/>: the .eml files of the
    /// embedded default unless the host says otherwise.</summary>
    public virtual IReadOnlyList<MimeMessage> MailsTo(IReadOnlyCollection<string> addresses) => Read(Path.Combine(DataDirectory, "mail"), addresses);

    /// <summary>A loopback port nothing listens on: connections to it are refused (a server that cannot be reached).</summary>
    public static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    protected static IReadOnlyList<MimeMessage> Read(string folder, IReadOnlyCollection<string> addresses)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }
        var found = new List<MimeMessage>();
        foreach (var file in Directory.EnumerateFiles(folder).Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal)))
        {
            MimeMessage message;
            try
            {
                message = MimeMessage.Load(file);
            }
            catch (FormatException)
            {
                continue;
            }
            if (message.To.Mailboxes.Any(m => addresses.Contains(m.Address)))
            {
                found.Add(message);
            }
        }
        return found;
    }
}

/// <summary>An SMTP server that refuses every connection.</summary>
public abstract class UnreachableMailHost(HostStore store) : MailHost(store)
{
    private readonly int port = ClosedPort();

    protected override string? Smtp => $"127.0.0.1:{port}";
}

public sealed class UnreachableSqliteMailHost() : UnreachableMailHost(new SqliteHostStore());

public sealed class UnreachablePostgresMailHost() : UnreachableMailHost(new PostgresHostStore());

/// <summary>SQLite, with the embedded default's .eml files as the mail server.</summary>
public sealed class WorkingSqliteMailHost() : MailHost(new SqliteHostStore())
{
    protected override string? Smtp => null;
}

/// <summary>PostgreSQL and RabbitMQ, with the test script's smtp-sink (<c>GOVERNANCE_TEST_SMTP</c>, writing
/// each message it takes under <c>GOVERNANCE_TEST_SMTP_DIR</c>).</summary>
public sealed class WorkingPostgresMailHost() : MailHost(new PostgresHostStore())
{
    private const string AddressVariable = "GOVERNANCE_TEST_SMTP";
    private const string DirectoryVariable = "GOVERNANCE_TEST_SMTP_DIR";

    private readonly string? smtp = Environment.GetEnvironmentVariable(AddressVariable);
    private readonly string? sink = Environment.GetEnvironmentVariable(DirectoryVariable);

    protected override string? Smtp => smtp;

    public override async ValueTask InitializeAsync()
    {
        if (HasSink)
        {
            await base.InitializeAsync();
        }
    }

    private bool HasSink => !string.IsNullOrWhiteSpace(smtp) && !string.IsNullOrWhiteSpace(sink) && Directory.Exists(sink);

    protected override void RequireServers()
    {
        if (!HasSink)
        {
            TestEnvironment.FailOrSkip($"No SMTP test server: {AddressVariable} and {DirectoryVariable} are not set " +
                "(./scripts/test.sh starts smtp-sink from Debian's postfix package and sets them).");
        }
        base.RequireServers();
    }

    public override IReadOnlyList<MimeMessage> MailsTo(IReadOnlyCollection<string> addresses) => Read(sink!, addresses);
}

/// <summary>A small SMTP server of the test's own that takes every message but refuses recipients whose
/// address starts with <c>afvist</c> (550, the address quoted in the reply as real servers do): a bounce
/// at the door. It keeps the recipients of what it took.</summary>
public sealed class RefusingSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _taken = new();
    private readonly Task _accepting;

    public RefusingSmtpServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The recipient of each message taken, in order.</summary>
    public IReadOnlyList<string> Taken => [.. _taken];

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, System.Text.Encoding.ASCII);
            await using var writer = new StreamWriter(stream, System.Text.Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 test.kommune.test ESMTP");
            var recipients = new List<string>();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var command = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                switch (command)
                {
                    case "EHLO" or "HELO":
                        await writer.WriteLineAsync("250 test.kommune.test");
                        break;
                    case "MAIL":
                        recipients.Clear();
                        await writer.WriteLineAsync("250 2.1.0 Ok");
                        break;
                    case "RCPT":
                        var address = line[(line.IndexOf('<', StringComparison.Ordinal) + 1)..line.IndexOf('>', StringComparison.Ordinal)];
                        if (address.StartsWith("afvist", StringComparison.Ordinal))
                        {
                            await writer.WriteLineAsync($"550 5.1.1 <{address}>: Recipient address rejected: User unknown");
                        }
                        else
                        {
                            recipients.Add(address);
                            await writer.WriteLineAsync("250 2.1.5 Ok");
                        }
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        while (await reader.ReadLineAsync(_stop.Token) is { } data && data != ".")
                        {
                        }
                        foreach (var recipient in recipients)
                        {
                            _taken.Enqueue(recipient);
                        }
                        await writer.WriteLineAsync("250 2.0.0 Ok: queued");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 2.0.0 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("250 Ok");
                        break;
                }
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
            // The client went away: its session ends.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}

/// <summary>An SMTP server that refuses some recipients (<see cref="RefusingSmtpServer"/>).</summary>
public abstract class RefusingMailHost(HostStore store) : MailHost(store)
{
    public RefusingSmtpServer Smtpd { get; } = new();

    protected override string? Smtp => $"127.0.0.1:{Smtpd.Port}";

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtpd.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class RefusingSqliteMailHost() : RefusingMailHost(new SqliteHostStore());

public sealed class RefusingPostgresMailHost() : RefusingMailHost(new PostgresHostStore());
