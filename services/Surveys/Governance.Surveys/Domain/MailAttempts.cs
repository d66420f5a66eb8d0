namespace Governance.Surveys.Domain;

/// <summary>A round's e-mails to the invited (the contract's MailCounts): taken by the mail server,
/// due and not yet sent, and given up after every attempt failed.</summary>
public readonly record struct MailTally(int Sent, int Pending, int Failed)
{
    /// <summary>A round that has just opened: every invitation is due its first e-mail.</summary>
    public static MailTally Opened(int invited) => new(0, invited, 0);

    /// <summary>Once a round is closed nothing more is sent: what is left is no longer pending.</summary>
    public MailTally Closed() => this with { Pending = 0 };
}

/// <summary>How the e-mails are tried: each failed attempt waits the next step of <see cref="Backoff"/>
/// (the last step repeats) before the next; the <see cref="AttemptLimit"/>th failure gives the e-mail up.
/// A claimed e-mail is held for <see cref="Lease"/>: long enough for one send, so that a replica that
/// dies after its claim leaves the e-mail to be tried again when the lease runs out.</summary>
public sealed record MailRetryPolicy(IReadOnlyList<TimeSpan> Backoff, int AttemptLimit, TimeSpan Lease)
{
    public const int DefaultAttemptLimit = 5;

    public const int MaxAttemptLimit = 20;

    public static readonly IReadOnlyList<TimeSpan> DefaultBackoff =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2)];

    public static readonly TimeSpan DefaultLease = TimeSpan.FromMinutes(10);

    public static MailRetryPolicy Default { get; } = new(DefaultBackoff, DefaultAttemptLimit, DefaultLease);
}

/// <summary>Why an attempt failed: the server took no message at all (refused the connection, timed out,
/// dropped it), or it answered and refused this one (an address, the message).</summary>
public enum MailFailure
{
    Message,
    Server,
}

/// <summary>What follows a failed attempt: the e-mail is given up, or tried again at <see cref="RetryAt"/>;
/// and whether the rest of the round's e-mails wait for the next sweep (<see cref="StopBatch"/>).</summary>
public readonly record struct MailFailureOutcome(bool GiveUp, DateTime? RetryAt, bool StopBatch);

/// <summary>An e-mail the sweep may try: the invitation's address, the e-mails it has had and given up
/// (which e-mail this is) and the attempts already made at it.</summary>
public sealed record DueMail(string InvitationId, string Email, int MailsSent, int GivenUp, int Attempts);

/// <summary>
/// The rules of the survey e-mails as an outbox. An unanswered invitation is due the invitation and one
/// e-mail per reminder day passed; an e-mail given up counts against that, so it is not tried again, but
/// the next reminder day makes another due. A failed attempt is tried again after a backoff, and the
/// e-mail is given up after the attempt limit. When the server cannot be reached at all, one attempt is
/// enough to know: the round's other e-mails wait rather than each spending an attempt.
/// </summary>
public static class MailAttempts
{
    /// <summary>The e-mails an unanswered invitation is due in all once <paramref name="remindersSent"/>
    /// reminder days have passed: it is due one more while its e-mails sent and given up are fewer (the
    /// store's pending count says the same in SQL: 1 + reminders_sent).</summary>
    public static int MailsDue(int remindersSent) => 1 + remindersSent;

    /// <summary>Whether an e-mail with <paramref name="attempts"/> failed or unfinished attempts may be
    /// tried once more. No: a claim at the last attempt whose lease ran out (its replica died) is given up
    /// like a failed one.</summary>
    public static bool MayTry(int attempts, MailRetryPolicy policy) => attempts < policy.AttemptLimit;

    /// <summary>After the <paramref name="attempt"/>th attempt (1 for the first) failed at <paramref name="now"/>.</summary>
    public static MailFailureOutcome AfterFailure(int attempt, MailFailure failure, DateTime now, MailRetryPolicy policy)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var stop = failure == MailFailure.Server;
        if (attempt >= policy.AttemptLimit)
        {
            return new MailFailureOutcome(GiveUp: true, RetryAt: null, stop);
        }
        return new MailFailureOutcome(GiveUp: false, now + policy.Backoff[Math.Min(attempt, policy.Backoff.Count) - 1], stop);
    }
}
