using Dapper;
using Google.Protobuf.WellKnownTypes;
using Governance.Surveys.Domain;
using Governance.Surveys.V1;
using MimeKit;

namespace Governance.Surveys.Tests.Api;

/// <summary>What the survey e-mail tests share: a round opened for some addresses, its mail counts as every
/// read answers them, and its invitations' attempts as stored.</summary>
public abstract class MailTestBase(MailHost host)
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The waits after the 1st to 4th failed attempt by default; the 5th gives up.</summary>
    protected static readonly TimeSpan[] Backoff = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2)];

    protected MailHost Host => host;

    protected SurveysService.SurveysServiceClient Client => host.Client;

    protected string StoreSuffix => host.Store.ToLowerInvariant();

    protected DateTime Now => host.Clock.GetUtcNow().UtcDateTime;

    protected IReadOnlyList<string> Addresses(string prefix, int count) =>
        [.. Enumerable.Range(1, count).Select(i => $"{prefix}-{i:D2}-{StoreSuffix}-{Guid.NewGuid():N}"[..40] + "@kommune.test")];

    /// <summary>A round for ØDC with an APV copied from the template, opened for <paramref name="addresses"/>.</summary>
    protected async Task<Round> OpenAsync(string id, IReadOnlyList<string> addresses, params int[] reminderDays)
    {
        await Client.ImportOrganisationAsync(Sample.Of(2).Request(), cancellationToken: Ct);
        var apv = await Client.CreateInstrumentAsync(new CreateInstrumentRequest
        {
            Instrument = new Instrument { DisplayName = "APV" }, SourceInstrument = "instruments/apv-trivsel-skabelon",
        }, cancellationToken: Ct);
        var draft = await Client.CreateRoundAsync(new CreateRoundRequest
        {
            RoundId = id,
            Round = new Round
            {
                DisplayName = "APV 2026",
                Instruments = { apv.Name },
                TargetUnits = { "odc" },
                PlannedOpenTime = Timestamp.FromDateTime(Now.AddDays(1)),
                ReleaseTime = Timestamp.FromDateTime(Now.AddDays(20)),
                ReminderDays = { reminderDays },
            },
        }, cancellationToken: Ct);
        Assert.Equal((0, 0, 0), Counts(draft));
        var scheduled = await Client.ScheduleRoundAsync(new ScheduleRoundRequest { Name = draft.Name, Etag = draft.Etag }, cancellationToken: Ct);
        return await Client.OpenRoundAsync(new OpenRoundRequest
        {
            Name = draft.Name, Etag = scheduled.Etag, Invitees = { addresses.Select((a, i) => new Invitee { Unit = i % 2 == 0 ? "odc-1" : "odc-2", Email = a }) },
        }, cancellationToken: Ct);
    }

    protected static string RoundId(Round round) => round.Name["rounds/".Length..];

    protected static (int Sent, int Pending, int Failed) Counts(Round round) => (round.MailCounts.Sent, round.MailCounts.Pending, round.MailCounts.Failed);

    /// <summary>The round's mail counts as GetRound and ListRounds both answer them (they must agree).</summary>
    protected async Task<(int Sent, int Pending, int Failed)> CountsAsync(Round round)
    {
        var got = Counts(await Client.GetRoundAsync(new GetRoundRequest { Name = round.Name }, cancellationToken: Ct));
        var request = new ListRoundsRequest { PageSize = 2 };
        Round? listed = null;
        do
        {
            var page = await Client.ListRoundsAsync(request, cancellationToken: Ct);
            listed ??= page.Rounds.SingleOrDefault(r => r.Name == round.Name);
            request.PageToken = page.NextPageToken;
        }
        while (listed is null && request.PageToken.Length > 0);
        Assert.NotNull(listed);
        Assert.Equal(got, Counts(listed));
        return got;
    }

    protected sealed class InvitationMail
    {
        public string Email { get; set; } = "";
        public int MailsSent { get; set; }
        public int MailsGivenUp { get; set; }
        public int MailAttempts { get; set; }
        public DateTime? MailNotBefore { get; set; }
    }

    /// <summary>The round's invitations as stored: e-mails sent and given up, attempts, and when the next may be tried.</summary>
    protected async Task<IReadOnlyList<InvitationMail>> InvitationsAsync(Round round)
    {
        await using var s = await host.SurveysStore.BeginAsync(write: false, Ct);
        return [.. (await s.Connection.QueryAsync<InvitationMail>(
                "SELECT email, mails_sent, mails_given_up, mail_attempts, mail_not_before FROM invitations WHERE round_id = @id",
                new { id = RoundId(round) }, s.Transaction))
            .OrderBy(i => i.Email, StringComparer.Ordinal)];
    }

    /// <summary>Waits (up to 30 s) for <paramref name="count"/> messages to <paramref name="addresses"/>, then a
    /// moment more so a message sent twice would show.</summary>
    protected async Task<IReadOnlyList<MimeMessage>> MailsAsync(IReadOnlyCollection<string> addresses, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (host.MailsTo(addresses).Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, Ct);
        }
        await Task.Delay(500, Ct);
        return host.MailsTo(addresses);
    }
}

/// <summary>A mail server that refuses every connection: the e-mails stay pending and each is tried again
/// after its backoff (one attempt a sweep: the batch stops when the server cannot be reached), given up
/// after the fifth, then due again on the next reminder day; the counts outlive the closing; the log says
/// which round and why, never to whom.</summary>
public abstract class UnreachableMailTests(MailHost host) : MailTestBase(host)
{
    private async Task<int[]> AttemptsAsync(Round round) => [.. (await InvitationsAsync(round)).Select(i => i.MailAttempts).Order()];

    [Fact]
    public async Task Unreachable_the_mails_stay_pending_are_tried_again_after_their_backoff_then_count_failed()
    {
        var addresses = Addresses("nede", 3);
        var round = await OpenAsync($"nede-{StoreSuffix}", addresses, 2);
        var opened = Now;
        Assert.Equal((0, 3, 0), Counts(round));
        Assert.Equal((0, 3, 0), await CountsAsync(round));

        // One attempt a sweep: the server cannot be reached, so the round's other e-mails wait.
        await Host.SweepAsync(Ct);
        Assert.Equal(new[] { 0, 0, 1 }, await AttemptsAsync(round));
        await Host.SweepAsync(Ct);
        await Host.SweepAsync(Ct);
        Assert.Equal(new[] { 1, 1, 1 }, await AttemptsAsync(round));
        foreach (var i in await InvitationsAsync(round))
        {
            Assert.InRange(i.MailNotBefore!.Value - Now, TimeSpan.FromSeconds(45), Backoff[0]);
        }

        // Not before the backoff has passed.
        await Host.SweepAsync(Ct);
        Host.Clock.Advance(TimeSpan.FromSeconds(45));
        await Host.SweepAsync(Ct);
        Assert.Equal(new[] { 1, 1, 1 }, await AttemptsAsync(round));
        Assert.Equal((0, 3, 0), await CountsAsync(round));

        // Then each once more, and the next wait is the schedule's second.
        Host.Clock.Advance(TimeSpan.FromSeconds(16));
        for (var n = 0; n < 3; n++)
        {
            await Host.SweepAsync(Ct);
        }
        Assert.Equal(new[] { 2, 2, 2 }, await AttemptsAsync(round));
        foreach (var i in await InvitationsAsync(round))
        {
            Assert.InRange(i.MailNotBefore!.Value - Now, Backoff[1] - TimeSpan.FromSeconds(15), Backoff[1]);
        }

        // On until the fifth attempt fails: each wait is the schedule's next step, then the e-mail is given up.
        var waits = new List<TimeSpan>();
        for (var sweeps = 0; (await InvitationsAsync(round)).Any(i => i.MailsGivenUp == 0); sweeps++)
        {
            Assert.True(sweeps < 60, "The e-mails were not given up after 60 sweeps.");
            var before = await InvitationsAsync(round);
            await Host.SweepAsync(Ct);
            var after = await InvitationsAsync(round);
            if (after[0].MailAttempts > before[0].MailAttempts)
            {
                waits.Add(after[0].MailNotBefore!.Value - Now);
            }
            if (after.Select(i => (i.MailAttempts, i.MailsGivenUp)).SequenceEqual(before.Select(i => (i.MailAttempts, i.MailsGivenUp))))
            {
                Host.Clock.Advance(TimeSpan.FromMinutes(10));
            }
            var givenUp = after.Count(i => i.MailsGivenUp == 1);
            Assert.Equal((0, 3 - givenUp, givenUp), await CountsAsync(round));
        }
        Assert.Equal(2, waits.Count);
        Assert.InRange(waits[0], Backoff[2] - TimeSpan.FromSeconds(15), Backoff[2]);
        Assert.InRange(waits[1], Backoff[3] - TimeSpan.FromSeconds(15), Backoff[3]);
        Assert.All(await InvitationsAsync(round), i => Assert.Equal((0, 1, 0, null), (i.MailsSent, i.MailsGivenUp, i.MailAttempts, i.MailNotBefore)));
        Assert.Equal((0, 0, 3), await CountsAsync(round));

        // Nothing is due any more until the next reminder day: not tried again however long one waits.
        Assert.True(Now < opened.AddDays(2).AddHours(-13), "The test's clock ran past the reminder day too early.");
        Host.Clock.Advance(TimeSpan.FromHours(12));
        await Host.SweepAsync(Ct);
        Assert.Equal(new[] { 0, 0, 0 }, await AttemptsAsync(round));
        Assert.Equal((0, 0, 3), await CountsAsync(round));

        // The reminder day makes each due again.
        Host.Clock.Advance(opened.AddDays(2).AddMinutes(1) - Now);
        await Host.SweepAsync(Ct);
        Assert.Equal(new[] { 0, 0, 1 }, await AttemptsAsync(round));
        Assert.Equal((0, 3, 3), await CountsAsync(round));

        // Closed, the counts stay; nothing is pending any more.
        var current = await Client.GetRoundAsync(new GetRoundRequest { Name = round.Name }, cancellationToken: Ct);
        var closed = await Client.CloseRoundAsync(new CloseRoundRequest { Name = round.Name, Etag = current.Etag }, cancellationToken: Ct);
        Assert.Equal((0, 0, 3), Counts(closed));
        Assert.Equal((0, 0, 3), await CountsAsync(round));

        // Each failure is a warning naming the round and what failed; never an address or a link.
        var warnings = Host.LogLines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains(round.Name, StringComparison.Ordinal)).ToList();
        Assert.Equal(3 * 5 + 1, warnings.Count);
        Assert.All(warnings, w => Assert.Contains("SocketException", w, StringComparison.Ordinal));
        Assert.Equal(3, warnings.Count(w => w.Contains("given up", StringComparison.Ordinal)));
        Assert.DoesNotContain(Host.LogLines, l => addresses.Any(a => l.Contains(a, StringComparison.OrdinalIgnoreCase)) || l.Contains("/survey/", StringComparison.Ordinal));
        Assert.Empty(Host.MailsTo(addresses));
    }
}

public sealed class UnreachableMailSqliteTests(UnreachableSqliteMailHost host) : UnreachableMailTests(host), IClassFixture<UnreachableSqliteMailHost>;

public sealed class UnreachableMailPostgresTests(UnreachablePostgresMailHost host) : UnreachableMailTests(host), IClassFixture<UnreachablePostgresMailHost>;

/// <summary>A mail server that refuses one address (a bounce at the door): the batch goes on with the
/// others, the refused e-mail is tried again after each backoff and given up after the fifth attempt,
/// and the log gives the server's code, not its text (which quotes the address).</summary>
public abstract class RefusedMailTests(MailHost host, RefusingSmtpServer smtpd) : MailTestBase(host)
{
    [Fact]
    public async Task A_refused_address_is_tried_again_then_given_up_while_the_others_go_out()
    {
        var taken = Addresses("modtaget", 3);
        // Two refused: whatever the order, the batch must go on past the first to try the second.
        var refused = Addresses("afvist", 2);
        var round = await OpenAsync($"afvist-{StoreSuffix}", [.. taken, .. refused]);

        await Host.SweepAsync(Ct);
        Assert.Equal(taken.Order(StringComparer.Ordinal), smtpd.Taken.Where(taken.Contains).Order(StringComparer.Ordinal));
        Assert.Equal((3, 2, 0), await CountsAsync(round));
        Assert.Equal([(0, 0, 1), (0, 0, 1)], await RefusedAsync());

        // Each backoff, one more attempt; the fifth gives it up.
        for (var n = 0; n < Backoff.Length; n++)
        {
            await Host.SweepAsync(Ct);
            Assert.Equal([(0, 0, n + 1), (0, 0, n + 1)], await RefusedAsync());
            Host.Clock.Advance(Backoff[n] + TimeSpan.FromSeconds(1));
            await Host.SweepAsync(Ct);
        }
        Assert.Equal([(0, 1, 0), (0, 1, 0)], await RefusedAsync());
        Assert.All(await InvitationsAsync(round), i => Assert.Null(i.MailNotBefore));
        Assert.Equal((3, 0, 2), await CountsAsync(round));
        Assert.Equal(3, smtpd.Taken.Count(taken.Contains));
        Assert.DoesNotContain(smtpd.Taken, refused.Contains);

        var warnings = Host.LogLines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains(round.Name, StringComparison.Ordinal)).ToList();
        Assert.Equal(2 * 5, warnings.Count);
        Assert.All(warnings, w => Assert.Contains("SmtpCommandException: RecipientNotAccepted, SMTP 550", w, StringComparison.Ordinal));
        Assert.DoesNotContain(Host.LogLines, l => refused.Any(a => l.Contains(a, StringComparison.OrdinalIgnoreCase)) || l.Contains("/survey/", StringComparison.Ordinal));

        async Task<(int Sent, int GivenUp, int Attempts)[]> RefusedAsync() =>
            [.. (await InvitationsAsync(round)).Where(i => refused.Contains(i.Email)).Select(i => (i.MailsSent, i.MailsGivenUp, i.MailAttempts))];
    }
}

public sealed class RefusedMailSqliteTests(RefusingSqliteMailHost host) : RefusedMailTests(host, host.Smtpd), IClassFixture<RefusingSqliteMailHost>;

public sealed class RefusedMailPostgresTests(RefusingPostgresMailHost host) : RefusedMailTests(host, host.Smtpd), IClassFixture<RefusingPostgresMailHost>;

/// <summary>A working mail server: every e-mail it takes is counted sent, once, and the counts outlive the
/// closing; a replica that died after its claim leaves the e-mail to be sent when the lease runs out; and
/// replicas sweeping at once never send one e-mail twice.</summary>
public abstract class MailOutboxTests(MailHost host) : MailTestBase(host)
{
    [Fact]
    public async Task Each_mail_the_server_takes_is_counted_sent_and_the_counts_outlive_the_closing()
    {
        var addresses = Addresses("sendt", 4);
        var round = await OpenAsync($"sendt-{StoreSuffix}", addresses, 2);
        var opened = Now;
        Assert.Equal((0, 4, 0), await CountsAsync(round));

        await Host.SweepAsync(Ct);
        var mails = await MailsAsync(addresses, 4);
        Assert.Equal(addresses.Order(StringComparer.Ordinal), mails.Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal));
        Assert.Equal((4, 0, 0), await CountsAsync(round));
        Assert.All(await InvitationsAsync(round), i => Assert.Equal((1, 0, 0, null), (i.MailsSent, i.MailsGivenUp, i.MailAttempts, i.MailNotBefore)));

        // The reminder day: one more each, counted as they go.
        Host.Clock.Advance(opened.AddDays(2).AddMinutes(1) - Now);
        await Host.SweepAsync(Ct);
        mails = await MailsAsync(addresses, 8);
        Assert.Equal(8, mails.Count);
        Assert.All(addresses, a => Assert.Equal(2, mails.Count(m => m.To.Mailboxes.Single().Address == a)));
        Assert.Equal((8, 0, 0), await CountsAsync(round));

        var current = await Client.GetRoundAsync(new GetRoundRequest { Name = round.Name }, cancellationToken: Ct);
        var closed = await Client.CloseRoundAsync(new CloseRoundRequest { Name = round.Name, Etag = current.Etag }, cancellationToken: Ct);
        Assert.Equal((8, 0, 0), Counts(closed));
        Assert.Equal((8, 0, 0), await CountsAsync(round));
        await Host.SweepAsync(Ct);
        Assert.Equal(8, (await MailsAsync(addresses, 8)).Count);
    }

    [Fact]
    public async Task A_claim_whose_replica_died_before_the_send_is_sent_once_when_its_lease_runs_out()
    {
        var addresses = Addresses("lease", 2);
        var (dead, alive) = (addresses[0], addresses[1]);
        var round = await OpenAsync($"lease-{StoreSuffix}", addresses);

        // A replica claims the e-mail to the first address, and dies before it sends.
        var claimed = Now;
        await using (var s = await Host.SurveysStore.BeginAsync(write: true, Ct))
        {
            var due = await s.MailsDueAsync(RoundId(round), MailAttempts.MailsDue(0), claimed, 10);
            Assert.Equal(2, due.Count);
            Assert.True(await s.ClaimMailAsync(due.Single(d => d.Email == dead), 1, Invitations.NewToken().Hash, claimed, claimed + MailRetryPolicy.DefaultLease));
            await s.CommitAsync(Ct);
        }

        // While its lease runs, no other sweep takes it.
        await Host.SweepAsync(Ct);
        Host.Clock.Advance(MailRetryPolicy.DefaultLease - TimeSpan.FromSeconds(30));
        await Host.SweepAsync(Ct);
        Assert.Single(await MailsAsync([alive], 1));
        Assert.Empty(Host.MailsTo([dead]));
        Assert.Equal((1, 1, 0), await CountsAsync(round));
        Assert.Equal(1, (await InvitationsAsync(round)).Single(i => i.Email == dead).MailAttempts);

        // Then the next sweep tries it again (a second attempt), and it goes out once.
        Host.Clock.Advance(TimeSpan.FromSeconds(31));
        await Host.SweepAsync(Ct);
        await Host.SweepAsync(Ct);
        Assert.Single(await MailsAsync([dead], 1));
        Assert.Single(Host.MailsTo([alive]));
        Assert.Equal((2, 0, 0), await CountsAsync(round));
        Assert.All(await InvitationsAsync(round), i => Assert.Equal((1, 0, 0, null), (i.MailsSent, i.MailsGivenUp, i.MailAttempts, i.MailNotBefore)));
    }

    [Fact]
    public async Task Replicas_sweeping_at_once_send_each_mail_once()
    {
        var addresses = Addresses("samtidig", 40);
        var round = await OpenAsync($"samtidig-{StoreSuffix}", addresses);
        var replicas = new[] { Host.Sweep, Host.NewReplica(), Host.NewReplica(), Host.NewReplica() };

        await Task.WhenAll(replicas.Select(r => Task.Run(() => r.SweepAsync(Ct), Ct)));

        var mails = await MailsAsync(addresses, 40);
        Assert.Equal(40, mails.Count);
        Assert.All(addresses, a => Assert.Single(mails, m => m.To.Mailboxes.Single().Address == a));
        Assert.Equal((40, 0, 0), await CountsAsync(round));
        Assert.All(await InvitationsAsync(round), i => Assert.Equal((1, 0, 0), (i.MailsSent, i.MailsGivenUp, i.MailAttempts)));
    }
}

public sealed class MailOutboxSqliteTests(WorkingSqliteMailHost host) : MailOutboxTests(host), IClassFixture<WorkingSqliteMailHost>;

public sealed class MailOutboxPostgresTests(WorkingPostgresMailHost host) : MailOutboxTests(host), IClassFixture<WorkingPostgresMailHost>;
