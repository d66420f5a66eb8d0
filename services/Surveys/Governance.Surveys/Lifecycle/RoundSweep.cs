using Governance.Messaging.Outbox;
using Governance.ServiceDefaults.Hosting;
using Governance.ServiceDefaults.Mail;
using Governance.Surveys.Data;
using Governance.Surveys.Domain;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Governance.Surveys.Lifecycle;

/// <summary>
/// What happens to rounds by the clock, every <see cref="SurveysOptions.SweepInterval"/> and whenever a
/// round opens: a round closes at its close time and is released at its release time (the same steps as
/// HR's RPCs, <see cref="RoundSteps"/>); on a reminder day NonRespondentReminderDue is published; and the
/// invitation e-mails that are due go out (the invitation, then one per reminder day, to those who have
/// not answered). Each step is its own transaction; a round read under lock is checked again, so two
/// replicas never take one step twice.
/// </summary>
public sealed class RoundSweep(SurveysStore store, OutboxSignal outbox, SurveysOptions options, TimeProvider clock)
{
    private const int MailBatch = 100;
    private readonly MailTransport _mail = new(options.Mail);

    /// <summary>One sweep as of now; returns the e-mails sent.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<RoundRecord> active;
        await using (var s = await store.BeginAsync(write: false, cancellationToken))
        {
            active = await s.ActiveRoundsAsync();
        }
        var sent = 0;
        foreach (var round in active)
        {
            await StepAsync(round.Id, cancellationToken);
            sent += await SendMailsAsync(round.Id, cancellationToken);
        }
        return sent;
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

    /// <summary>The e-mails due for an open round, a batch at a time: each unanswered invitation of the
    /// batch gets a new token (committed first, in one transaction: a crash after it leaves only links
    /// nobody received), then the e-mails go out, then their count is kept (one transaction). A failed send
    /// keeps the count of those sent and stops the round's mail until the next sweep; nothing is lost,
    /// the next token is new.</summary>
    private async Task<int> SendMailsAsync(string roundId, CancellationToken cancellationToken)
    {
        var sent = 0;
        while (true)
        {
            RoundRecord? round;
            IReadOnlyList<InvitationRecord> due;
            await using (var s = await store.BeginAsync(write: false, cancellationToken))
            {
                round = await s.GetRoundAsync(roundId);
                if (round is not { State: V1.RoundState.Open })
                {
                    return sent;
                }
                due = await s.InvitationsToMailAsync(roundId, mails: 1 + round.RemindersSent, MailBatch);
            }
            if (due.Count == 0)
            {
                return sent;
            }
            var tokens = new List<(InvitationRecord Invitation, string Token)>(due.Count);
            await using (var s = await store.BeginAsync(write: true, cancellationToken))
            {
                foreach (var invitation in due)
                {
                    var (token, hash) = Invitations.NewToken();
                    // Not 1: answered meanwhile, or another replica took it.
                    if (await s.SetTokenAsync(invitation.Id, hash, invitation.MailsSent) == 1)
                    {
                        tokens.Add((invitation, token));
                    }
                }
                await s.CommitAsync(cancellationToken);
            }
            var mailed = new List<InvitationRecord>(tokens.Count);
            try
            {
                foreach (var (invitation, token) in tokens)
                {
                    var letter = InvitationLetters.Compose(round.DisplayName, round.CloseTime!.Value, options.LinkFor(token), invitation.MailsSent);
                    await _mail.SendAsync(_mail.Compose(letter.Subject, letter.Text, [invitation.Email],
                        $"{invitation.Id}-{invitation.MailsSent}@surveys.governance", Now, letter.Html), cancellationToken);
                    mailed.Add(invitation);
                }
            }
            finally
            {
                await using var s = await store.BeginAsync(write: true, CancellationToken.None);
                foreach (var invitation in mailed)
                {
                    await s.MarkMailedAsync(invitation.Id, invitation.MailsSent);
                }
                await s.CommitAsync(CancellationToken.None);
            }
            sent += mailed.Count;
        }
    }

    private DateTime Now
    {
        get
        {
            var now = clock.GetUtcNow().UtcDateTime;
            return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
        }
    }
}

/// <summary>Runs the round sweep in the background, and at once when a round opens (<see cref="RoundSweepSignal"/>).</summary>
public sealed partial class RoundSweepService(RoundSweep sweep, SurveysOptions options, RoundSweepSignal signal, TimeProvider clock,
    ILogger<RoundSweepService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        BackgroundRounds.RunAsync(options.SweepInterval, clock, async ct =>
        {
            var sent = await sweep.SweepAsync(ct);
            if (sent > 0)
            {
                LogSent(logger, sent);
            }
        }, ex => LogFailed(logger, ex), stoppingToken, signal.WaitAsync);

    [LoggerMessage(Level = LogLevel.Information, Message = "Round sweep sent {Count} survey e-mails")]
    private static partial void LogSent(ILogger logger, int count);

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
