using System.Net.Sockets;
using Governance.Messaging.Outbox;
using Governance.ServiceDefaults.Hosting;
using Governance.ServiceDefaults.Mail;
using Governance.Surveys.Data;
using Governance.Surveys.Domain;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Governance.Surveys.Lifecycle;

/// <summary>
/// What happens to rounds by the clock, every <see cref="SurveysOptions.SweepInterval"/> and whenever a
/// round opens: a round closes at its close time and is released at its release time (the same steps as
/// HR's RPCs, <see cref="RoundSteps"/>); on a reminder day NonRespondentReminderDue is published; and the
/// invitation e-mails that are due go out (the invitation, then one per reminder day, to those who have
/// not answered). Each step is its own transaction; a round read under lock is checked again, so two
/// replicas never take one step twice. At its end it counts the open rounds' e-mails for <paramref name="metrics"/>.
/// </summary>
public sealed partial class RoundSweep(SurveysStore store, OutboxSignal outbox, SurveysOptions options, TimeProvider clock, ILogger<RoundSweep> logger,
    RoundSweepMetrics? metrics = null)
{
    private const int MailBatch = 100;
    private readonly MailTransport _mail = new(options.Mail);

    /// <summary>One sweep as of now: the e-mails sent, the attempts that failed and the e-mails given up.</summary>
    public async Task<MailRun> SweepAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<RoundRecord> active;
        await using (var s = await store.BeginAsync(write: false, cancellationToken))
        {
            active = await s.ActiveRoundsAsync();
        }
        var run = new MailRun();
        foreach (var round in active)
        {
            await StepAsync(round.Id, cancellationToken);
            run += await SendMailsAsync(round.Id, cancellationToken);
        }
        if (metrics is not null)
        {
            await CountMailsAsync(metrics, cancellationToken);
        }
        return run;
    }

    /// <summary>The open rounds' e-mails as they stand after the sweep (one statement per sweep, none per scrape).</summary>
    private async Task CountMailsAsync(RoundSweepMetrics metrics, CancellationToken cancellationToken)
    {
        await using var s = await store.BeginAsync(write: false, cancellationToken);
        var open = (await s.ActiveRoundsAsync()).Where(r => r.State == V1.RoundState.Open).ToList();
        metrics.Counted(open.Sum(r => (long)r.Mails.Pending), open.Sum(r => (long)r.Mails.Failed));
    }

    /// <summary>The step the clock takes for one round, if any, under the round's lock.</summary>
    private async Task StepAsync(string roundId, CancellationToken cancellationToken)
    {
        await using var s = await store.BeginAsync(write: true, cancellationToken);
        var now = Now;
        if (await s.GetRoundAsync(roundId, forUpdate: true) is not { } round)
        {
            return;
        }
        if (Rounds.CloseIsDue(round, now))
        {
            await RoundSteps.CloseAsync(s, round, now);
        }
        else if (Rounds.ReleaseIsDue(round, now))
        {
            await RoundSteps.ReleaseAsync(s, round, now);
        }
        else if (Rounds.ReminderDue(round, now) is var (day, handled))
        {
            await RoundSteps.RemindAsync(s, round, day, handled, now);
        }
        else
        {
            return;
        }
        await s.CommitAsync(cancellationToken);
        outbox.Notify();
    }

    /// <summary>The e-mails due for an open round, a batch at a time, each on its own like an outbox:
    /// claimed (<see cref="SurveysSession.ClaimMailAsync"/>: a new token kept beside the one sent before,
    /// the attempt counted, a lease; committed before the send, so a crash leaves the link sent before
    /// working, a token nobody received and a lease that runs out), sent, and its outcome recorded. Only a
    /// sent e-mail's token replaces the one before: whoever is halfway through answering keeps a working
    /// link however long the mail server is down. A failure is tried again after its backoff and given up
    /// after the last attempt (<see cref="MailAttempts"/>); the batch goes on after a refused e-mail, but
    /// stops when the server cannot be reached at all. An e-mail another replica claimed is left to it.</summary>
    private async Task<MailRun> SendMailsAsync(string roundId, CancellationToken cancellationToken)
    {
        var run = new MailRun();
        while (true)
        {
            RoundRecord? round;
            IReadOnlyList<DueMail> due;
            await using (var s = await store.BeginAsync(write: false, cancellationToken))
            {
                round = await s.GetRoundAsync(roundId);
                if (round is not { State: V1.RoundState.Open })
                {
                    return run;
                }
                due = await s.MailsDueAsync(roundId, MailAttempts.MailsDue(round.RemindersSent), Now, MailBatch);
            }
            var progressed = false;
            foreach (var mail in due)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (outcome, stop) = await SendOneAsync(round, mail, cancellationToken);
                run += outcome;
                progressed |= outcome != MailRun.None;
                if (stop)
                {
                    return run;
                }
            }
            // Nothing due, or every claim lost: the other replica has them.
            if (!progressed)
            {
                return run;
            }
        }
    }

    /// <summary>One e-mail: claimed, sent, recorded; and whether the round's batch stops here.</summary>
    private async Task<(MailRun Outcome, bool Stop)> SendOneAsync(RoundRecord round, DueMail mail, CancellationToken cancellationToken)
    {
        var policy = options.MailRetry;
        var mails = MailAttempts.MailsDue(round.RemindersSent);
        if (!MailAttempts.MayTry(mail.Attempts, policy))
        {
            // The last attempt's claim ran out (its replica died mid-send): given up as a failed one would be.
            await using var s = await store.BeginAsync(write: true, cancellationToken);
            if (!await s.GiveUpMailAsync(round.Id, mail, tokenHash: null, Now))
            {
                return (MailRun.None, false);
            }
            await s.CommitAsync(cancellationToken);
            LogGivenUp(logger, round.Name, mail.Attempts);
            return (MailRun.OneGivenUp, false);
        }

        var (token, hash) = Invitations.NewToken();
        await using (var s = await store.BeginAsync(write: true, cancellationToken))
        {
            var now = Now;
            if (!await s.ClaimMailAsync(mail, mails, hash, now, now + policy.Lease))
            {
                return (MailRun.None, false);
            }
            await s.CommitAsync(cancellationToken);
        }

        var attempt = mail.Attempts + 1;
        try
        {
            var letter = InvitationLetters.Compose(round.DisplayName, round.CloseTime!.Value, options.LinkFor(token), mail.MailsSent);
            await _mail.SendAsync(_mail.Compose(letter.Subject, letter.Text, [mail.Email],
                $"{mail.InvitationId}-{mail.MailsSent}@surveys.governance", Now, letter.Html), cancellationToken);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            var failure = Classify(ex);
            var outcome = MailAttempts.AfterFailure(attempt, failure, Now, policy);
            // The type and what the server said, never the address or the link: a log is no place for either.
            var reason = Describe(ex, mail.Email, token);
            await using var s = await store.BeginAsync(write: true, CancellationToken.None);
            if (outcome.GiveUp)
            {
                var recorded = await s.GiveUpMailAsync(round.Id, mail, hash, Now);
                if (recorded)
                {
                    await s.CommitAsync(CancellationToken.None);
                }
                LogFailedGivenUp(logger, round.Name, attempt, ex.GetType().Name, reason);
                return (recorded ? MailRun.OneFailed + MailRun.OneGivenUp : MailRun.OneFailed, outcome.StopBatch);
            }
            await s.PostponeMailAsync(mail.InvitationId, hash, outcome.RetryAt!.Value);
            await s.CommitAsync(CancellationToken.None);
            LogFailed(logger, round.Name, attempt, policy.AttemptLimit, ex.GetType().Name, reason, outcome.RetryAt.Value);
            return (MailRun.OneFailed, outcome.StopBatch);
        }

        // Sent: recorded whatever happens to the sweep now (the server has it); the new link replaces the old.
        await using (var s = await store.BeginAsync(write: true, CancellationToken.None))
        {
            await s.MarkMailedAsync(round.Id, mail.InvitationId, hash);
            await s.CommitAsync(CancellationToken.None);
        }
        return (MailRun.OneSent, false);
    }

    /// <summary>Whether the server took no message at all (so the round's other e-mails would fail alike)
    /// or refused this one. A 421 is the server closing for now: all alike.</summary>
    private static MailFailure Classify(Exception ex) => ex switch
    {
        SmtpCommandException { StatusCode: SmtpStatusCode.ServiceNotAvailable } => MailFailure.Server,
        SmtpCommandException => MailFailure.Message,
        SocketException or TimeoutException or IOException or OperationCanceledException or SmtpProtocolException
            or MailKit.ServiceNotConnectedException or SslHandshakeException => MailFailure.Server,
        _ => MailFailure.Message,
    };

    /// <summary>What to log of a failure: the server's reply code when it refused (its text may quote the
    /// address), else the message with the address and token taken out should they appear.</summary>
    private static string Describe(Exception ex, string email, string token) => ex switch
    {
        SmtpCommandException c => $"{c.ErrorCode}, SMTP {(int)c.StatusCode}",
        _ => ex.Message.Replace(email, "[adresse]", StringComparison.OrdinalIgnoreCase).Replace(token, "[token]", StringComparison.Ordinal),
    };

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "A survey e-mail of {Round} failed (attempt {Attempt} of {Limit}): {ExceptionType}: {Reason}; tried again from {RetryAt:u}")]
    private static partial void LogFailed(ILogger logger, string round, int attempt, int limit, string exceptionType, string reason, DateTime retryAt);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "A survey e-mail of {Round} failed (attempt {Attempt}, the last): {ExceptionType}: {Reason}; given up")]
    private static partial void LogFailedGivenUp(ILogger logger, string round, int attempt, string exceptionType, string reason);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "A survey e-mail of {Round} was given up: its last attempt ({Attempts}) never finished (the replica stopped mid-send)")]
    private static partial void LogGivenUp(ILogger logger, string round, int attempts);

    private DateTime Now
    {
        get
        {
            var now = clock.GetUtcNow().UtcDateTime;
            return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
        }
    }
}

/// <summary>What a sweep did with the e-mails: sent, attempts failed, e-mails given up.</summary>
public readonly record struct MailRun(int Sent, int Failed, int GivenUp)
{
    /// <summary>Nothing done: the e-mail was claimed by another replica, or moved on before it was given up.</summary>
    public static MailRun None => default;
    public static readonly MailRun OneSent = new(1, 0, 0);
    public static readonly MailRun OneFailed = new(0, 1, 0);
    public static readonly MailRun OneGivenUp = new(0, 0, 1);

    public static MailRun operator +(MailRun a, MailRun b) => new(a.Sent + b.Sent, a.Failed + b.Failed, a.GivenUp + b.GivenUp);
}

/// <summary>Runs the round sweep in the background, and at once when a round opens (<see cref="RoundSweepSignal"/>).</summary>
public sealed partial class RoundSweepService(RoundSweep sweep, SurveysOptions options, RoundSweepSignal signal, TimeProvider clock,
    ILogger<RoundSweepService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        BackgroundRounds.RunAsync(options.SweepInterval, clock, async ct =>
        {
            var run = await sweep.SweepAsync(ct);
            if (run != MailRun.None)
            {
                LogSent(logger, run.Sent, run.Failed, run.GivenUp);
            }
        }, ex => LogFailed(logger, ex), stoppingToken, signal.WaitAsync);

    [LoggerMessage(Level = LogLevel.Information, Message = "Round sweep sent {Count} survey e-mails ({Failed} attempts failed, {GivenUp} e-mails given up)")]
    private static partial void LogSent(ILogger logger, int count, int failed, int givenUp);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Round sweep failed; trying again next round")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

/// <summary>Wakes the round sweep before its interval (a round opened: its invitations are due now).</summary>
public sealed class RoundSweepSignal : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Notify()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken: one sweep serves every signal before it.
        }
    }

    public void Dispose() => _wake.Dispose();

    /// <summary>Waits for the interval or a signal, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan interval, CancellationToken cancellationToken) => await _wake.WaitAsync(interval, cancellationToken);
}
