using Governance.ServiceDefaults.Hosting;
using Governance.Surveys.Domain;
using Governance.Surveys.Lifecycle;
using Microsoft.Extensions.Configuration;

namespace Governance.Surveys.Tests.Domain;

/// <summary>The survey e-mails' retry rule (<see cref="MailAttempts"/>) and its settings (<c>Governance:Surveys:Mail</c>).</summary>
public sealed class MailAttemptsTests
{
    private static readonly DateTime At = new(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Each_failed_attempt_waits_the_next_step_and_the_fifth_gives_the_mail_up()
    {
        var policy = MailRetryPolicy.Default;
        Assert.Equal(
            [At.AddMinutes(1), At.AddMinutes(5), At.AddMinutes(30), At.AddHours(2)],
            Enumerable.Range(1, 4).Select(n => MailAttempts.AfterFailure(n, MailFailure.Message, At, policy)).Select(o => Assert.IsType<DateTime>(o.RetryAt)));
        Assert.All(Enumerable.Range(1, 4), n => Assert.False(MailAttempts.AfterFailure(n, MailFailure.Message, At, policy).GiveUp));
        Assert.Equal(new MailFailureOutcome(GiveUp: true, RetryAt: null, StopBatch: false), MailAttempts.AfterFailure(5, MailFailure.Message, At, policy));
        Assert.True(MailAttempts.AfterFailure(6, MailFailure.Message, At, policy).GiveUp);
        Assert.Throws<ArgumentOutOfRangeException>(() => MailAttempts.AfterFailure(0, MailFailure.Message, At, policy));
    }

    [Fact]
    public void A_server_that_cannot_be_reached_stops_the_batch_a_refused_message_does_not()
    {
        var policy = MailRetryPolicy.Default;
        Assert.True(MailAttempts.AfterFailure(1, MailFailure.Server, At, policy).StopBatch);
        Assert.True(MailAttempts.AfterFailure(5, MailFailure.Server, At, policy).StopBatch);
        Assert.False(MailAttempts.AfterFailure(1, MailFailure.Message, At, policy).StopBatch);
        // The wait is the same either way: the attempt counts.
        Assert.Equal(MailAttempts.AfterFailure(2, MailFailure.Message, At, policy).RetryAt, MailAttempts.AfterFailure(2, MailFailure.Server, At, policy).RetryAt);
    }

    [Fact]
    public void The_last_step_of_a_short_schedule_repeats_up_to_the_limit()
    {
        var policy = new MailRetryPolicy([TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10)], AttemptLimit: 6, Lease: TimeSpan.FromMinutes(1));
        Assert.Equal(
            [At.AddMinutes(2), At.AddMinutes(10), At.AddMinutes(10), At.AddMinutes(10), At.AddMinutes(10)],
            Enumerable.Range(1, 5).Select(n => MailAttempts.AfterFailure(n, MailFailure.Message, At, policy).RetryAt!.Value));
        Assert.True(MailAttempts.AfterFailure(6, MailFailure.Message, At, policy).GiveUp);
        var once = policy with { AttemptLimit = 1 };
        Assert.True(MailAttempts.AfterFailure(1, MailFailure.Message, At, once).GiveUp);
    }

    [Fact]
    public void A_claim_at_the_last_attempt_whose_lease_ran_out_is_not_tried_again()
    {
        var policy = MailRetryPolicy.Default;
        Assert.True(MailAttempts.MayTry(0, policy));
        Assert.True(MailAttempts.MayTry(4, policy));
        Assert.False(MailAttempts.MayTry(5, policy));
    }

    [Fact]
    public void An_invitation_is_due_the_invitation_and_one_mail_per_reminder_day_passed()
    {
        Assert.Equal([1, 2, 4], new[] { 0, 1, 3 }.Select(MailAttempts.MailsDue));
        Assert.Equal(new MailTally(0, 12, 0), MailTally.Opened(12));
        Assert.Equal(new MailTally(7, 0, 2), new MailTally(7, 3, 2).Closed());
    }

    private static SurveysOptions Options(params (string Key, string Value)[] settings) =>
        SurveysOptions.From(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create($"Governance:Surveys:Mail:{s.Key}", (string?)s.Value)))
            .Build());

    [Fact]
    public void The_settings_default_to_five_attempts_the_schedule_and_a_ten_minute_lease()
    {
        var policy = Options().MailRetry;
        Assert.Equal((5, TimeSpan.FromMinutes(10)), (policy.AttemptLimit, policy.Lease));
        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2)], policy.Backoff);

        var set = Options(("Attempts", "3"), ("Backoff", "00:00:30, 00:10:00"), ("Lease", "00:02:00")).MailRetry;
        Assert.Equal((3, TimeSpan.FromMinutes(2)), (set.AttemptLimit, set.Lease));
        Assert.Equal([TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10)], set.Backoff);
    }

    [Theory]
    [InlineData("Attempts", "0", "Governance__Surveys__Mail__Attempts")]
    [InlineData("Attempts", "21", "Governance__Surveys__Mail__Attempts")]
    [InlineData("Attempts", "fem", "Governance__Surveys__Mail__Attempts")]
    [InlineData("Backoff", "00:01:00,,00:05:00", "Governance__Surveys__Mail__Backoff")]
    [InlineData("Backoff", "00:01:00,-00:05:00", "Governance__Surveys__Mail__Backoff")]
    [InlineData("Lease", "00:00:00", "Governance__Surveys__Mail__Lease")]
    [InlineData("Lease", "ti minutter", "Governance__Surveys__Mail__Lease")]
    public void A_wrong_setting_stops_the_start_naming_the_variable_to_correct(string key, string value, string variable)
    {
        var refused = Assert.Throws<StartupConfigurationException>(() => Options((key, value)));
        Assert.Contains(variable, refused.Message, StringComparison.Ordinal);
    }
}
