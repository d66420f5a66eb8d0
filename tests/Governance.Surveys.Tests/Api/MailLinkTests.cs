using System.Text.RegularExpressions;
using Dapper;
using Governance.Surveys.Domain;
using Governance.Surveys.V1;
using Grpc.Core;

namespace Governance.Surveys.Tests.Api;

/// <summary>The link an invitee holds works until a newer e-mail has gone out. While a reminder cannot be
/// sent (tried again, then given up) the link sent before still opens the questionnaire with what was
/// saved; once a reminder is sent its link works and the one before is NOT_FOUND; a replica that dies
/// after its claim leaves the link sent before working until the e-mail is sent when the lease runs out.
/// Each link as the invitee has it: from the e-mail the mail server took, through SurveyAnsweringService.</summary>
public abstract partial class MailLinkTests(MailHost host) : MailTestBase(host)
{
    [GeneratedRegex(@"https://trivsel\.kommune\.test/survey/([A-Za-z0-9_-]{43})")]
    private static partial Regex LinkPattern();

    [Fact]
    public async Task While_a_reminder_cannot_be_sent_the_link_sent_before_works_until_a_later_reminder_goes_out()
    {
        var addresses = Addresses("nede-link", 2);
        var round = await OpenAsync($"nede-link-{StoreSuffix}", addresses, 2, 4);
        var opened = Now;
        await Host.SweepAsync(Ct);
        var invitation = await LinksAsync(addresses, "Invitation:", 2);
        // The first is halfway through answering.
        var halfway = await SaveHalfwayAsync(invitation[addresses[0]]);

        // Day 2, the mail server down: the first reminder attempt fails (and stops the round's batch).
        Host.Clock.Advance(opened.AddDays(2).AddMinutes(1) - Now);
        var down = Host.NewReplica(MailHost.ClosedPort());
        await down.SweepAsync(Ct);
        Assert.Equal(new[] { 0, 1 }, (await InvitationsAsync(round)).Select(i => i.MailAttempts).Order());
        await OpensAsync(round, invitation[addresses[0]], halfway);
        await OpensAsync(round, invitation[addresses[1]]);
        Assert.Equal(0, await ClaimedAsync(round));

        // Tried again after each backoff until given up (one attempt a sweep): the invitation's links work all along.
        var attempts = 1;
        for (var sweeps = 0; (await InvitationsAsync(round)).Any(i => i.MailsGivenUp == 0); sweeps++)
        {
            Assert.True(sweeps < 60, "The reminders were not given up after 60 sweeps.");
            var before = await InvitationsAsync(round);
            await down.SweepAsync(Ct);
            var after = await InvitationsAsync(round);
            if (after.Select(i => (i.MailAttempts, i.MailsGivenUp)).SequenceEqual(before.Select(i => (i.MailAttempts, i.MailsGivenUp))))
            {
                Host.Clock.Advance(TimeSpan.FromMinutes(10));
                continue;
            }
            attempts++;
            await OpensAsync(round, invitation[addresses[0]], halfway);
            await OpensAsync(round, invitation[addresses[1]]);
        }
        Assert.Equal(2 * 5, attempts);
        Assert.True(Now < opened.AddDays(4), "The test's clock ran past the second reminder day.");
        Assert.All(await InvitationsAsync(round), i => Assert.Equal((1, 1, 0), (i.MailsSent, i.MailsGivenUp, i.MailAttempts)));
        Assert.Equal((2, 0, 2), await CountsAsync(round));
        Assert.Equal(0, await ClaimedAsync(round));
        await OpensAsync(round, invitation[addresses[0]], halfway);
        await OpensAsync(round, invitation[addresses[1]]);
        Assert.Equal(2, (await MailsAsync(addresses, 2)).Count);

        // Day 4, the server up again: the reminders go out; their links work, the invitation's no longer.
        Host.Clock.Advance(opened.AddDays(4).AddMinutes(1) - Now);
        await Host.SweepAsync(Ct);
        var reminder = await LinksAsync(addresses, "Påmindelse:", 4);
        Assert.Equal((4, 0, 2), await CountsAsync(round));
        foreach (var address in addresses)
        {
            await GoneAsync(invitation[address]);
        }
        await OpensAsync(round, reminder[addresses[0]], halfway);
        await OpensAsync(round, reminder[addresses[1]]);
    }

    [Fact]
    public async Task Once_a_reminder_is_sent_its_link_works_and_the_one_before_is_not_found()
    {
        var addresses = Addresses("ny-link", 2);
        var round = await OpenAsync($"ny-link-{StoreSuffix}", addresses, 2);
        var opened = Now;
        await Host.SweepAsync(Ct);
        var invitation = await LinksAsync(addresses, "Invitation:", 2);
        var halfway = await SaveHalfwayAsync(invitation[addresses[0]]);

        // The reminder day has come, its e-mails not yet sent: the invitation's links still work.
        Host.Clock.Advance(opened.AddDays(2).AddMinutes(1) - Now);
        await OpensAsync(round, invitation[addresses[0]], halfway);

        await Host.SweepAsync(Ct);
        var reminder = await LinksAsync(addresses, "Påmindelse:", 4);
        Assert.Equal((4, 0, 0), await CountsAsync(round));
        foreach (var address in addresses)
        {
            Assert.NotEqual(invitation[address], reminder[address]);
            await GoneAsync(invitation[address]);
        }
        // The answers saved under the old link are there under the new.
        await OpensAsync(round, reminder[addresses[0]], halfway);
        await OpensAsync(round, reminder[addresses[1]]);
        Assert.Equal(0, await ClaimedAsync(round));
    }

    [Fact]
    public async Task A_claim_whose_replica_died_before_the_send_leaves_the_link_sent_before_working_until_the_reminder_goes_out()
    {
        var addresses = Addresses("stop-link", 2);
        var round = await OpenAsync($"stop-link-{StoreSuffix}", addresses, 2);
        var opened = Now;
        await Host.SweepAsync(Ct);
        var invitation = await LinksAsync(addresses, "Invitation:", 2);
        var halfway = await SaveHalfwayAsync(invitation[addresses[0]]);
        Assert.Equal(halfway, await SaveHalfwayAsync(invitation[addresses[1]]));

        // Day 2: a replica whose mail server is down takes the reminder step and fails one reminder (tried
        // again in a minute); another replica claims the other and dies before it sends.
        Host.Clock.Advance(opened.AddDays(2).AddMinutes(1) - Now);
        await Host.NewReplica(MailHost.ClosedPort()).SweepAsync(Ct);
        var failed = (await InvitationsAsync(round)).Single(i => i.MailAttempts == 1).Email;
        var dead = addresses.Single(a => a != failed);
        var (claimedToken, claimedHash) = Invitations.NewToken();
        var claimed = Now;
        await using (var s = await Host.SurveysStore.BeginAsync(write: true, Ct))
        {
            var due = Assert.Single(await s.MailsDueAsync(RoundId(round), MailAttempts.MailsDue(1), claimed, 10));
            Assert.Equal(dead, due.Email);
            Assert.True(await s.ClaimMailAsync(due, MailAttempts.MailsDue(1), claimedHash, claimed, claimed + MailRetryPolicy.DefaultLease));
            await s.CommitAsync(Ct);
        }
        await OpensAsync(round, invitation[dead], halfway);
        await OpensAsync(round, invitation[failed], halfway);
        // The claimed token opens the same questionnaire: had the replica died just after the server took
        // the e-mail, its link works until the e-mail is sent again.
        await OpensAsync(round, claimedToken, halfway);

        // While its lease runs, the failed reminder goes out after its backoff; the claimed one's invitee
        // keeps the link they have.
        Host.Clock.Advance(MailRetryPolicy.DefaultLease - TimeSpan.FromSeconds(30));
        await Host.SweepAsync(Ct);
        var reminder = await LinksAsync([failed], "Påmindelse:", 2);
        await GoneAsync(invitation[failed]);
        await OpensAsync(round, reminder[failed], halfway);
        Assert.Single(await MailsAsync([dead], 1));
        await OpensAsync(round, invitation[dead], halfway);
        await OpensAsync(round, claimedToken, halfway);
        Assert.Equal(1, await ClaimedAsync(round));

        // The lease runs out: the reminder is sent with a token of its own, and only now does the old link stop working.
        Host.Clock.Advance(TimeSpan.FromSeconds(31));
        await Host.SweepAsync(Ct);
        reminder = await LinksAsync([dead], "Påmindelse:", 2);
        await GoneAsync(invitation[dead]);
        await GoneAsync(claimedToken);
        await OpensAsync(round, reminder[dead], halfway);
        Assert.Equal(0, await ClaimedAsync(round));
        Assert.Equal((4, 0, 0), await CountsAsync(round));
    }

    /// <summary>The link of the one e-mail whose subject starts with <paramref name="subjectStart"/> to each of
    /// <paramref name="addresses"/>, once <paramref name="total"/> e-mails to them have arrived.</summary>
    private async Task<IReadOnlyDictionary<string, string>> LinksAsync(IReadOnlyCollection<string> addresses, string subjectStart, int total)
    {
        var mails = await MailsAsync(addresses, total);
        Assert.Equal(total, mails.Count);
        return addresses.ToDictionary(a => a, a =>
        {
            var mail = Assert.Single(mails, m => m.To.Mailboxes.Single().Address == a && (m.Subject ?? "").StartsWith(subjectStart, StringComparison.Ordinal));
            var token = LinkPattern().Match(mail.TextBody ?? "").Groups[1].Value;
            Assert.Equal(43, token.Length);
            return token;
        });
    }

    /// <summary>Saves one answer (not submitted) with the link, as someone halfway through would.</summary>
    private async Task<Answer> SaveHalfwayAsync(string token)
    {
        var questionnaire = await Host.Answering.GetQuestionnaireAsync(new GetQuestionnaireRequest { InvitationToken = token }, cancellationToken: Ct);
        var instrument = questionnaire.Instruments[0];
        var answer = new Answer { Instrument = instrument.Instrument, ItemId = instrument.Themes[0].Items[0].ItemId, Scale = 4 };
        var saved = await Host.Answering.SaveAnswersAsync(new SaveAnswersRequest { InvitationToken = token, Answers = { answer } }, cancellationToken: Ct);
        Assert.Equal((1, false), (saved.AnswerCount, saved.Submitted));
        return answer;
    }

    /// <summary>The link opens the round's questionnaire, with <paramref name="saved"/> when given.</summary>
    private async Task OpensAsync(Round round, string token, Answer? saved = null)
    {
        var questionnaire = await Host.Answering.GetQuestionnaireAsync(new GetQuestionnaireRequest { InvitationToken = token }, cancellationToken: Ct);
        Assert.Equal(round.Name, questionnaire.Round);
        if (saved is not null)
        {
            Assert.Equal(saved, Assert.Single(questionnaire.Answers));
        }
    }

    /// <summary>The link opens nothing: NOT_FOUND, as a link never sent.</summary>
    private async Task GoneAsync(string token) =>
        await ApiAssert.RpcError(StatusCode.NotFound, () => Host.Answering.GetQuestionnaireAsync(new GetQuestionnaireRequest { InvitationToken = token },
            cancellationToken: Ct), "INVITATION_NOT_FOUND");

    /// <summary>The round's invitations holding a claimed e-mail's token (next_token_hash): none once each
    /// e-mail is sent, tried again later or given up.</summary>
    private async Task<int> ClaimedAsync(Round round)
    {
        await using var s = await Host.SurveysStore.BeginAsync(write: false, Ct);
        return await s.Connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM invitations WHERE round_id = @id AND next_token_hash IS NOT NULL",
            new { id = RoundId(round) }, s.Transaction);
    }
}

public sealed class MailLinkSqliteTests(WorkingSqliteMailHost host) : MailLinkTests(host), IClassFixture<WorkingSqliteMailHost>;

public sealed class MailLinkPostgresTests(WorkingPostgresMailHost host) : MailLinkTests(host), IClassFixture<WorkingPostgresMailHost>;
