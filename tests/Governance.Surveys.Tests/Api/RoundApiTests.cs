using System.Text.RegularExpressions;
using Dapper;
using Google.Protobuf.WellKnownTypes;
using Governance.Surveys.V1;
using Grpc.Core;
using MimeKit;

namespace Governance.Surveys.Tests.Api;

/// <summary>Rounds through the API: the lifecycle and its refusals, invitations by e-mail, answering with
/// the token from the e-mail (part-way, resumed, submitted once), the clock's steps (reminders to those
/// who have not answered, closing, release), and what is stored of an answer: nothing that leads back.</summary>
public abstract partial class RoundApiTests(RoundHost host)
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SurveysService.SurveysServiceClient Client => host.Client;

    [GeneratedRegex(@"https://trivsel\.kommune\.test/survey/([A-Za-z0-9_-]{43})")]
    private static partial Regex LinkPattern();

    /// <summary>The token of the link in an e-mail.</summary>
    protected static string TokenOf(MimeMessage mail) => LinkPattern().Match(mail.TextBody ?? "").Groups[1].Value;

    /// <summary>Imports the sample organisation, copies the APV and social capital templates, and creates a
    /// draft round for ØDC; the instruments' names are returned with it.</summary>
    private async Task<(Round Round, Instrument Apv, Instrument Social)> DraftAsync(string id, params int[] reminderDays)
    {
        await Client.ImportOrganisationAsync(Sample.Of(2).Request(), cancellationToken: Ct);
        var apv = await Client.CreateInstrumentAsync(new CreateInstrumentRequest
        {
            Instrument = new Instrument { DisplayName = "APV 2017" }, SourceInstrument = "instruments/apv-trivsel-skabelon",
        }, cancellationToken: Ct);
        var social = await Client.CreateInstrumentAsync(new CreateInstrumentRequest
        {
            Instrument = new Instrument { DisplayName = "Social kapital 2017" }, SourceInstrument = "instruments/social-kapital-skabelon",
        }, cancellationToken: Ct);
        var now = host.Clock.GetUtcNow().UtcDateTime;
        var round = new Round
        {
            DisplayName = "APV og social kapital 2017",
            Instruments = { apv.Name, social.Name },
            TargetUnits = { "odc" },
            PlannedOpenTime = Timestamp.FromDateTime(now.AddDays(1)),
            ReleaseTime = Timestamp.FromDateTime(now.AddDays(20)),
            ReminderDays = { reminderDays },
        };
        var created = await Client.CreateRoundAsync(new CreateRoundRequest { Round = round, RoundId = id }, cancellationToken: Ct);
        return (created, apv, social);
    }

    private static Invitee Invitee(string unit, string email) => new() { Unit = unit, Email = email };

    private async Task<Round> ScheduleAndOpenAsync(Round round, params Invitee[] invitees)
    {
        var scheduled = await Client.ScheduleRoundAsync(new ScheduleRoundRequest { Name = round.Name, Etag = round.Etag }, cancellationToken: Ct);
        return await Client.OpenRoundAsync(new OpenRoundRequest { Name = round.Name, Etag = scheduled.Etag, Invitees = { invitees } }, cancellationToken: Ct);
    }

    /// <summary>The newest e-mail to <paramref name="address"/> whose subject starts with <paramref name="subjectStart"/>, waiting for <paramref name="count"/> of them.</summary>
    private async Task<MimeMessage> MailToAsync(string address, string subjectStart, int count = 1)
    {
        var mails = await host.WaitForMailsAsync(m => m.Count(x => IsTo(x, address) && (x.Subject ?? "").StartsWith(subjectStart, StringComparison.Ordinal)) >= count, Ct);
        return mails.Last(x => IsTo(x, address) && (x.Subject ?? "").StartsWith(subjectStart, StringComparison.Ordinal));
    }

    private static bool IsTo(MimeMessage mail, string address) => mail.To.Mailboxes.Any(m => m.Address == address);

    private static Answer Scale(Instrument instrument, int theme, int item, int point) =>
        new() { Instrument = instrument.Name, ItemId = instrument.Themes[theme].Items[item].ItemId, Scale = point };

    [Fact]
    public async Task Each_step_out_of_order_is_refused_with_its_reason()
    {
        var (round, apv, _) = await DraftAsync($"orden-{host.Store.ToLowerInvariant()}");
        Assert.Equal((RoundState.Draft, 14, "W/\"1\""), (round.State, round.AnswerDays, round.Etag));

        await ApiAssert.FailedPrecondition(() => Client.OpenRoundAsync(new OpenRoundRequest { Name = round.Name, Invitees = { Invitee("odc-1", "a@kommune.test") } },
            cancellationToken: Ct), "ROUND_NOT_SCHEDULED");
        await ApiAssert.FailedPrecondition(() => Client.CloseRoundAsync(new CloseRoundRequest { Name = round.Name }, cancellationToken: Ct), "ROUND_NOT_OPEN");
        await ApiAssert.FailedPrecondition(() => Client.ReleaseRoundAsync(new ReleaseRoundRequest { Name = round.Name }, cancellationToken: Ct), "ROUND_NOT_CLOSED");

        // What is missing to schedule is said all at once.
        var bare = await Client.CreateRoundAsync(new CreateRoundRequest { Round = new Round { DisplayName = "Tom runde" } }, cancellationToken: Ct);
        var incomplete = await ApiAssert.FailedPrecondition(() => Client.ScheduleRoundAsync(new ScheduleRoundRequest { Name = bare.Name }, cancellationToken: Ct),
            "ROUND_INCOMPLETE");
        foreach (var field in new[] { "instruments", "target_units", "planned_open_time", "release_time" })
        {
            Assert.Contains(field, incomplete.Message, StringComparison.Ordinal);
        }

        // Scheduled, it can still change; open, it cannot, and its instruments are frozen.
        var scheduled = await Client.ScheduleRoundAsync(new ScheduleRoundRequest { Name = round.Name, Etag = round.Etag }, cancellationToken: Ct);
        await ApiAssert.FailedPrecondition(() => Client.ScheduleRoundAsync(new ScheduleRoundRequest { Name = round.Name }, cancellationToken: Ct), "ROUND_NOT_DRAFT");
        var renamed = await Client.UpdateRoundAsync(new UpdateRoundRequest
        {
            Round = new Round { Name = round.Name, DisplayName = "APV 2017 (rettet)" }, UpdateMask = new FieldMask { Paths = { "display_name" } }, Etag = scheduled.Etag,
        }, cancellationToken: Ct);
        Assert.Equal((RoundState.Scheduled, "APV 2017 (rettet)"), (renamed.State, renamed.DisplayName));
        await ApiAssert.Aborted(() => Client.OpenRoundAsync(new OpenRoundRequest { Name = round.Name, Etag = scheduled.Etag, Invitees = { Invitee("odc-1", "a@kommune.test") } },
            cancellationToken: Ct));
        var opened = await Client.OpenRoundAsync(new OpenRoundRequest { Name = round.Name, Etag = renamed.Etag, Invitees = { Invitee("odc-1", "a@kommune.test") } },
            cancellationToken: Ct);
        Assert.Equal((RoundState.Open, 1), (opened.State, opened.InvitedCount));
        Assert.StartsWith("organisationVersions/", opened.OrganisationVersion, StringComparison.Ordinal);
        Assert.Equal(opened.OpenTime.ToDateTime().AddDays(14), opened.CloseTime.ToDateTime());
        await ApiAssert.FailedPrecondition(() => Client.UpdateRoundAsync(new UpdateRoundRequest
        {
            Round = new Round { Name = round.Name, DisplayName = "For sent" }, UpdateMask = new FieldMask { Paths = { "display_name" } },
        }, cancellationToken: Ct), "ROUND_NOT_EDITABLE");
        await ApiAssert.FailedPrecondition(() => Client.UpdateInstrumentAsync(new UpdateInstrumentRequest
        {
            Instrument = new Instrument { Name = apv.Name, DisplayName = "Ændret" }, UpdateMask = new FieldMask { Paths = { "display_name" } },
        }, cancellationToken: Ct), "INSTRUMENT_IN_USE");
        await ApiAssert.FailedPrecondition(() => Client.ReleaseRoundAsync(new ReleaseRoundRequest { Name = round.Name }, cancellationToken: Ct), "ROUND_NOT_CLOSED");

        // Closed before its release time: not released until then.
        var closed = await Client.CloseRoundAsync(new CloseRoundRequest { Name = round.Name, Etag = opened.Etag }, cancellationToken: Ct);
        Assert.Equal(RoundState.Closed, closed.State);
        await ApiAssert.FailedPrecondition(() => Client.ReleaseRoundAsync(new ReleaseRoundRequest { Name = round.Name }, cancellationToken: Ct), "RELEASE_TIME_NOT_REACHED");
        await ApiAssert.FailedPrecondition(() => Client.CloseRoundAsync(new CloseRoundRequest { Name = round.Name }, cancellationToken: Ct), "ROUND_NOT_OPEN");
    }

    [Fact]
    public async Task Bad_rounds_and_invitees_are_refused_field_by_field()
    {
        await ApiAssert.InvalidArgument(() => Client.CreateRoundAsync(new CreateRoundRequest
        {
            Round = new Round
            {
                DisplayName = "",
                Instruments = { "instrumenter/x", "instruments/a", "instruments/b", "instruments/c" },
                TargetUnits = { "Ikke et id" },
                AnswerDays = 61,
                ReminderDays = { 0, 3, 3 },
                PreviousRound = "runde",
                ReleaseTime = new Timestamp { Seconds = -62135596801 },
            },
            RoundId = "Ugyldigt id",
        }, cancellationToken: Ct),
            "round_id", "round.display_name", "round.instruments[0]", "round.instruments", "round.target_units[0]", "round.answer_days",
            "round.reminder_days[0]", "round.reminder_days", "round.previous_round", "round.release_time");

        var (round, _, _) = await DraftAsync($"inviterede-{host.Store.ToLowerInvariant()}");
        var scheduled = await Client.ScheduleRoundAsync(new ScheduleRoundRequest { Name = round.Name }, cancellationToken: Ct);
        var tooLong = new string('a', 250) + "@kommune.test";
        await ApiAssert.InvalidArgument(() => Client.OpenRoundAsync(new OpenRoundRequest
        {
            Name = round.Name,
            Invitees =
            {
                Invitee("byc-1", "uden-for@kommune.test"), Invitee("odc-1", "ikke en adresse"), Invitee("odc-1", "a@kommune.test"),
                Invitee("odc-2", "A@kommune.test"), Invitee("odc-1", tooLong), new Invitee { Unit = "odc-1", Email = "b@kommune.test", Manager = "ukendt" },
            },
        }, cancellationToken: Ct), "invitees[0].unit", "invitees[1].email", "invitees[3].email", "invitees[4].email", "invitees[5].manager");
        await ApiAssert.InvalidArgument(() => Client.OpenRoundAsync(new OpenRoundRequest { Name = round.Name }, cancellationToken: Ct), "invitees");
        Assert.Equal(RoundState.Scheduled, (await Client.GetRoundAsync(new GetRoundRequest { Name = round.Name }, cancellationToken: Ct)).State);
        await ApiAssert.NotFound(() => Client.GetRoundAsync(new GetRoundRequest { Name = "rounds/findes-ikke" }, cancellationToken: Ct), "rounds/findes-ikke");
        _ = scheduled;
    }

    [Fact]
    public async Task An_invitee_answers_with_the_link_from_the_email_part_way_resumed_and_once()
    {
        var store = host.Store.ToLowerInvariant();
        var (round, apv, social) = await DraftAsync($"svar-{store}");
        var (anne, bo) = ($"anne-{store}@kommune.test", $"bo-{store}@kommune.test");
        var opened = await ScheduleAndOpenAsync(round, Invitee("odc-1", anne), Invitee("odc-2", bo));

        var mail = await MailToAsync(anne, "Invitation:");
        Assert.Contains("APV og social kapital 2017", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("Svarfrist", mail.TextBody, StringComparison.Ordinal);
        var token = TokenOf(mail);
        Assert.Equal(43, token.Length);
        // Plain text and HTML, the same link in both; nothing fetched from elsewhere (no images, no tracking).
        Assert.Contains("lang=\"da\"", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"href=\"https://trivsel.kommune.test/survey/{token}\"", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", mail.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", mail.HtmlBody, StringComparison.OrdinalIgnoreCase);

        var questionnaire = await host.Answering.GetQuestionnaireAsync(new GetQuestionnaireRequest { InvitationToken = token }, cancellationToken: Ct);
        Assert.Equal((round.Name, "ØDC afdeling 1", 2), (questionnaire.Round, questionnaire.UnitDisplayName, questionnaire.Instruments.Count));
        Assert.Equal(apv.Themes, questionnaire.Instruments[0].Themes);
        Assert.Empty(questionnaire.Answers);

        // Part-way, then resumed: the saved answers come back, and a later save replaces one.
        var saved = await host.Answering.SaveAnswersAsync(new SaveAnswersRequest
        {
            InvitationToken = token, Answers = { Scale(apv, 0, 0, 4), Scale(apv, 0, 1, 2), Scale(social, 0, 0, 5) },
        }, cancellationToken: Ct);
        Assert.Equal((3, false), (saved.AnswerCount, saved.Submitted));
        await host.Answering.SaveAnswersAsync(new SaveAnswersRequest
        {
            InvitationToken = token, Answers = { Scale(apv, 0, 1, 3), new Answer { Instrument = social.Name, ItemId = social.Themes[0].Items[0].ItemId } },
        }, cancellationToken: Ct);
        var resumed = await host.Answering.GetQuestionnaireAsync(new GetQuestionnaireRequest { InvitationToken = token }, cancellationToken: Ct);
        Assert.Equal([4, 3], resumed.Answers.Select(a => a.Scale).Order().Reverse());

        // Answers that do not fit are refused, each by its place.
        await ApiAssert.InvalidArgument(() => host.Answering.SaveAnswersAsync(new SaveAnswersRequest
        {
            InvitationToken = token,
            Answers =
            {
                Scale(apv, 0, 0, 6), new Answer { Instrument = "instruments/apv-trivsel-skabelon", ItemId = apv.Themes[0].Items[0].ItemId, Scale = 3 },
                new Answer { Instrument = apv.Name, ItemId = "findes-ikke", Scale = 3 }, new Answer { Instrument = apv.Name, ItemId = apv.Themes[0].Items[0].ItemId, Text = "tekst" },
            },
        }, cancellationToken: Ct), "answers[0].scale", "answers[1].instrument", "answers[2].item_id", "answers[3].text");

        var submitted = await host.Answering.SaveAnswersAsync(new SaveAnswersRequest { InvitationToken = token, Submit = true }, cancellationToken: Ct);
        Assert.Equal((2, true), (submitted.AnswerCount, submitted.Submitted));
        Assert.Equal(1, (await Client.GetRoundAsync(new GetRoundRequest { Name = round.Name }, cancellationToken: Ct)).ResponseCount);

        // Once only.
        await ApiAssert.FailedPrecondition(() => host.Answering.SaveAnswersAsync(new SaveAnswersRequest { InvitationToken = token, Answers = { Scale(apv, 0, 0, 1) } },
            cancellationToken: Ct), "ALREADY_SUBMITTED");
        await ApiAssert.FailedPrecondition(() => host.Answering.GetQuestionnaireAsync(new GetQuestionnaireRequest { InvitationToken = token }, cancellationToken: Ct),
            "ALREADY_SUBMITTED");
        // A token guessed, or not a token at all: nothing about anyone, and never echoed.
        var guessed = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');
        var unknown = await ApiAssert.RpcError(StatusCode.NotFound, () => host.Answering.GetQuestionnaireAsync(new GetQuestionnaireRequest { InvitationToken = guessed },
            cancellationToken: Ct), "INVITATION_NOT_FOUND");
        Assert.DoesNotContain(guessed, unknown.Message, StringComparison.Ordinal);
        await ApiAssert.InvalidArgument(() => host.Answering.GetQuestionnaireAsync(new GetQuestionnaireRequest { InvitationToken = "kort" }, cancellationToken: Ct),
            "invitation_token");
        var boToken = TokenOf(await MailToAsync(bo, "Invitation:"));
        await ApiAssert.InvalidArgument(() => host.Answering.SaveAnswersAsync(new SaveAnswersRequest { InvitationToken = boToken, Submit = true }, cancellationToken: Ct),
            "answers");
        _ = opened;
    }

    [Fact]
    public async Task The_clock_reminds_those_who_have_not_answered_then_closes_and_releases_the_round()
    {
        var store = host.Store.ToLowerInvariant();
        var (round, apv, _) = await DraftAsync($"uret-{store}", 7);
        var (anne, bo, carl) = ($"anne-uret-{store}@kommune.test", $"bo-uret-{store}@kommune.test", $"carl-uret-{store}@kommune.test");
        await ScheduleAndOpenAsync(round, Invitee("odc-1", anne), Invitee("odc-1", bo), Invitee("odc", carl));
        var anneToken = TokenOf(await MailToAsync(anne, "Invitation:"));
        var boFirst = TokenOf(await MailToAsync(bo, "Invitation:"));
        await host.Answering.SaveAnswersAsync(new SaveAnswersRequest { InvitationToken = anneToken, Answers = { Scale(apv, 0, 0, 5) }, Submit = true }, cancellationToken: Ct);
        await host.Answering.SaveAnswersAsync(new SaveAnswersRequest { InvitationToken = boFirst, Answers = { Scale(apv, 0, 0, 2) } }, cancellationToken: Ct);

        // Day 7: a reminder to Bo and Carl, not to Anne, each with a new link; Bo's saved answer is kept.
        host.Clock.Advance(TimeSpan.FromDays(7.1));
        var boReminder = await MailToAsync(bo, "Påmindelse:");
        await MailToAsync(carl, "Påmindelse:");
        Assert.DoesNotContain(host.Mails(), m => IsTo(m, anne) && (m.Subject ?? "").StartsWith("Påmindelse:", StringComparison.Ordinal));
        await ApiAssert.RpcError(StatusCode.NotFound, () => host.Answering.GetQuestionnaireAsync(new GetQuestionnaireRequest { InvitationToken = boFirst }, cancellationToken: Ct),
            "INVITATION_NOT_FOUND");
        var boToken = TokenOf(boReminder);
        var resumed = await host.Answering.GetQuestionnaireAsync(new GetQuestionnaireRequest { InvitationToken = boToken }, cancellationToken: Ct);
        Assert.Equal(2, Assert.Single(resumed.Answers).Scale);
        Assert.Equal(1, (await Client.GetRoundAsync(new GetRoundRequest { Name = round.Name }, cancellationToken: Ct)).ResponseCount);

        // Day 14: closed by the clock; the links are dead; day 20: released.
        host.Clock.Advance(TimeSpan.FromDays(7));
        var closed = await host.WaitForStateAsync(round.Name, RoundState.Closed, Ct);
        Assert.Equal((3, 1), (closed.InvitedCount, closed.ResponseCount));
        await ApiAssert.RpcError(StatusCode.NotFound, () => host.Answering.GetQuestionnaireAsync(new GetQuestionnaireRequest { InvitationToken = boToken }, cancellationToken: Ct),
            "INVITATION_NOT_FOUND");
        host.Clock.Advance(TimeSpan.FromDays(6));
        var released = await host.WaitForStateAsync(round.Name, RoundState.Released, Ct);
        Assert.NotNull(released.ReleasedTime);

        // The events of the round, in order, and none with an address in it.
        var events = await OutboxAsync(round.Name);
        Assert.Equal(["round-opened", "non-respondent-reminder-due", "round-closed", "results-released", "next-round-due"], events.Select(e => e.Type));
        Assert.All(events, e => Assert.DoesNotContain("@kommune.test", e.Body, StringComparison.Ordinal));
        Assert.Contains("\"nonRespondentCount\":2", events[1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_stored_leads_from_a_response_back_to_an_invitation()
    {
        var store = host.Store.ToLowerInvariant();
        var (round, apv, social) = await DraftAsync($"anonym-{store}");
        var addresses = Enumerable.Range(1, 6).Select(i => $"person{i}-anonym-{store}@kommune.test").ToList();
        await ScheduleAndOpenAsync(round, [.. addresses.Select(a => Invitee("odc-1", a))]);
        var mails = await host.WaitForMailsAsync(m => addresses.All(a => m.Any(x => IsTo(x, a))), Ct);
        foreach (var (address, i) in addresses.Select((a, i) => (a, i)))
        {
            var token = TokenOf(mails.Last(m => IsTo(m, address)));
            await host.Answering.SaveAnswersAsync(new SaveAnswersRequest
            {
                InvitationToken = token, Answers = { Scale(apv, 0, 0, 1 + (i % 5)), Scale(social, 0, 0, 5 - (i % 5)) }, Submit = true,
            }, cancellationToken: Ct);
        }

        await using var db = await host.OpenStoreAsync();
        var roundId = round.Name["rounds/".Length..];
        // The columns of a response and its answers: where it counts, and what was answered; no time, no token, no person.
        var columns = (await db.QueryAsync<string>(host.Store == "SQLite"
            ? "SELECT name FROM pragma_table_info('responses') UNION ALL SELECT name FROM pragma_table_info('response_answers')"
            : "SELECT column_name FROM information_schema.columns WHERE table_name IN ('responses', 'response_answers')")).Order().ToList();
        Assert.Equal(["id", "instrument_id", "item_id", "manager_id", "point", "response_id", "round_id", "text", "unit_id"], columns);
        // Ids are random (UUID version 4), not made in time order.
        var ids = (await db.QueryAsync<string>("SELECT id FROM responses WHERE round_id = @roundId", new { roundId })).ToList();
        Assert.Equal(6, ids.Count);
        Assert.All(ids, id => Assert.Equal('4', id[12]));
        // The invitations hold no time (but when an e-mail may next be tried, only while it is claimed or
        // waits after a failure: none is left once it is sent, nor a claimed e-mail's token), and go when the
        // round closes; the counts stay.
        var invitationColumns = (await db.QueryAsync<string>(host.Store == "SQLite"
            ? "SELECT name FROM pragma_table_info('invitations')"
            : "SELECT column_name FROM information_schema.columns WHERE table_name = 'invitations'")).Order().ToList();
        Assert.Equal(["answered", "email", "id", "mail_attempts", "mail_not_before", "mails_given_up", "mails_sent", "manager_id", "next_token_hash", "round_id",
            "token_hash", "unit_id"], invitationColumns);
        Assert.Equal(0, await db.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM invitations WHERE round_id = @roundId AND (mail_not_before IS NOT NULL OR next_token_hash IS NOT NULL)", new { roundId }));
        var hashes = (await db.QueryAsync<string>("SELECT token_hash FROM invitations WHERE round_id = @roundId", new { roundId })).ToList();
        Assert.All(hashes, h => Assert.Matches("^[0-9a-f]{64}$", h));
        Assert.DoesNotContain(hashes, h => mails.Any(m => (m.TextBody ?? "").Contains(h, StringComparison.Ordinal)));

        await Client.CloseRoundAsync(new CloseRoundRequest { Name = round.Name }, cancellationToken: Ct);
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM invitations WHERE round_id = @roundId", new { roundId }));
        Assert.Equal((6, 6), await db.QuerySingleAsync<(int, int)>(
            "SELECT invited_count, response_count FROM round_unit_counts WHERE round_id = @roundId AND unit_id = 'odc-1'", new { roundId }));
        Assert.Equal(12, await db.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM response_answers a JOIN responses r ON r.id = a.response_id WHERE r.round_id = @roundId", new { roundId }));
    }

    [Fact]
    public async Task Submissions_racing_the_closing_are_each_counted_or_refused_never_lost_or_an_error()
    {
        var store = host.Store.ToLowerInvariant();
        var (round, apv, _) = await DraftAsync($"kaplob-{store}");
        var addresses = Enumerable.Range(1, 24).Select(i => $"p{i}-kaplob-{store}@kommune.test").ToList();
        await ScheduleAndOpenAsync(round, [.. addresses.Select(a => Invitee(a.EndsWith("2@kommune.test", StringComparison.Ordinal) ? "odc-2" : "odc-1", a))]);
        var mails = await host.WaitForMailsAsync(m => addresses.All(a => m.Any(x => IsTo(x, a))), Ct);
        var tokens = addresses.Select(a => TokenOf(mails.Last(m => IsTo(m, a)))).ToList();

        var submissions = tokens.Select(async token =>
        {
            try
            {
                await host.Answering.SaveAnswersAsync(new SaveAnswersRequest { InvitationToken = token, Answers = { Scale(apv, 0, 0, 4) }, Submit = true },
                    cancellationToken: Ct);
                return StatusCode.OK;
            }
            catch (RpcException ex)
            {
                return ex.StatusCode;
            }
        }).ToList();
        await Task.Delay(20, Ct);
        var closed = await Client.CloseRoundAsync(new CloseRoundRequest { Name = round.Name }, cancellationToken: Ct);
        var outcomes = await Task.WhenAll(submissions);

        // Each one either went in before the closing or was told the survey is closed; none failed otherwise.
        Assert.All(outcomes, o => Assert.Contains(o, new[] { StatusCode.OK, StatusCode.FailedPrecondition, StatusCode.NotFound }));
        var accepted = outcomes.Count(o => o == StatusCode.OK);
        var after = await Client.GetRoundAsync(new GetRoundRequest { Name = round.Name }, cancellationToken: Ct);
        Assert.Equal((accepted, accepted), (closed.ResponseCount, after.ResponseCount));
        await using var db = await host.OpenStoreAsync();
        Assert.Equal(accepted, await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM responses WHERE round_id = @id", new { id = round.Name["rounds/".Length..] }));
    }

    /// <summary>The round's events in the outbox, oldest first: their type (from the URN) and JSON.</summary>
    private async Task<IReadOnlyList<(string Type, string Body)>> OutboxAsync(string round)
    {
        await using var db = await host.OpenStoreAsync();
        var rows = await db.QueryAsync<(string MessageType, string Body)>(
            "SELECT message_type, body FROM outbox_messages WHERE ordering_key = @round ORDER BY sequence", new { round });
        return [.. rows.Select(r => (Type: r.MessageType.Split(':')[^2], r.Body))];
    }
}

public sealed class RoundApiSqliteTests(SqliteRoundHost host) : RoundApiTests(host), IClassFixture<SqliteRoundHost>;

public sealed class RoundApiPostgresTests(PostgresRoundHost host) : RoundApiTests(host), IClassFixture<PostgresRoundHost>;
