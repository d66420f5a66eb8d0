using Google.Protobuf.WellKnownTypes;
using Governance.Meetings.V1;

namespace Governance.Meetings.Tests.Api;

/// <summary>RecordDecision, GetDecision, ListDecisions, UpdateDecision: several decisions per item,
/// point outcomes, follow-ups, referrals, postponement to another meeting, corrections after approval.</summary>
public abstract class DecisionsApiTests(IApiHost host) : ApiTestBase(host)
{
    private async Task<(Body Body, Meeting Meeting, AgendaItem Item)> PublishedItemWithPointsAsync()
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body, Local(2017, 3, 9));
        var item = await AddItemAsync(meeting, "APV/Trivselsmåling og måling af Social Kapital", journalNumber: "16/21627", configure: i =>
            i.Recommendation = new Recommendation
            {
                Unit = "HR-Centret",
                Text = "HR-Centret indstiller at direktionen beslutter",
                Points =
                {
                    new RecommendationPoint { Label = "1", Text = "at målingen af Social Kapital sammenlægges med APV/Trivselsmåling" },
                    new RecommendationPoint { Label = "2", Text = "at næste måling også måler på tværs af arbejdspladserne" },
                    new RecommendationPoint { Label = "a", Text = "at planen drøftes med Chefforum" },
                },
            });
        return (body, await PublishAsync(meeting), item);
    }

    [Fact]
    public async Task RecordDecision_returns_the_decision_with_its_meeting_body_date_and_heading()
    {
        var (body, meeting, item) = await PublishedItemWithPointsAsync();

        var decision = await DecideAsync(item, DecisionOutcome.Approved, "Godkendt.");

        Assert.StartsWith($"{item.Name}/decisions/", decision.Name, StringComparison.Ordinal);
        Assert.Equal(DecisionOutcome.Approved, decision.Outcome);
        Assert.Equal("Godkendt.", decision.Text);
        Assert.Equal(meeting.Name, decision.Meeting);
        Assert.Equal(body.DisplayName, decision.BodyDisplayName);
        Assert.Equal(Date(2017, 3, 9), decision.MeetingDate);
        Assert.Equal("Beslutning Direktionen den 09-03-2017", decision.Heading);
        Assert.False(decision.Corrected);
        Assert.Equal("", decision.Corrects);
        Assert.Equal("", decision.PostponedTo);
        Assert.Equal("", decision.CarriedItem);
        Assert.False(string.IsNullOrEmpty(decision.Etag));
        Assert.Equal(decision, await GetDecisionAsync(decision.Name));
        Assert.Equal(1, (await GetItemAsync(item.Name)).DecisionCount);
    }

    [Fact]
    public async Task An_item_can_have_several_decisions_listed_newest_first()
    {
        var (_, _, item) = await PublishedItemWithPointsAsync();

        var first = await DecideAsync(item, DecisionOutcome.Discussed, "Drøftet; sagen genoptages.");
        var second = await DecideAsync(item, DecisionOutcome.Approved, "Godkendt.");
        var third = await DecideAsync(item, DecisionOutcome.ApprovedWithRemarks, "Godkendt med bemærkninger.");

        Assert.Equal([third.Name, second.Name, first.Name], (await ListDecisionsAsync(item)).Select(d => d.Name));
        Assert.Equal(3, (await GetItemAsync(item.Name)).DecisionCount);
    }

    [Fact]
    public async Task Point_outcomes_follow_ups_and_referrals_round_trip_and_show_in_the_minutes()
    {
        var (_, meeting, item) = await PublishedItemWithPointsAsync();

        var decision = await DecideAsync(item, DecisionOutcome.ApprovedWithRemarks, "Pind 1 og 2 blev godkendt. Pind a blev drøftet.", d =>
        {
            d.PointOutcomes.Add(new PointOutcome { Label = "1", Outcome = DecisionOutcome.Approved });
            d.PointOutcomes.Add(new PointOutcome { Label = "2", Outcome = DecisionOutcome.Approved });
            d.PointOutcomes.Add(new PointOutcome { Label = "a", Outcome = DecisionOutcome.Discussed, Text = "Drøftes med chefforum." });
            d.FollowUps.Add(new FollowUp { Description = "Direktionen bestilte et notat fra ØDC", Unit = "ØDC", DueDate = Date(2017, 4, 1) });
            d.FollowUps.Add(new FollowUp { Description = "Oversigt over deltagere", Unit = "BYC" });
            d.Referrals.Add(new Referral { BodyDisplayName = "Hovedudvalget", ExpectedDate = Date(2017, 9, 19), Text = "til orientering" });
            d.Referrals.Add(new Referral { BodyDisplayName = "Økonomiudvalget" });
        });

        var read = await GetDecisionAsync(decision.Name);
        Assert.Equal(decision, read);
        Assert.Equal(["1", "2", "a"], read.PointOutcomes.Select(p => p.Label));
        Assert.Equal("Drøftes med chefforum.", read.PointOutcomes[2].Text);
        Assert.Equal(Date(2017, 4, 1), read.FollowUps[0].DueDate);
        Assert.Null(read.FollowUps[1].DueDate);
        Assert.Equal(Date(2017, 9, 19), read.Referrals[0].ExpectedDate);
        Assert.Equal("Økonomiudvalget", read.Referrals[1].BodyDisplayName);

        var minutes = await GetMinutesAsync(meeting);
        Assert.Equal(read, Assert.Single(Assert.Single(minutes.Items).Decisions));
        Assert.Contains("Pind a: Drøftet. Drøftes med chefforum.", minutes.Text, StringComparison.Ordinal);
        Assert.Contains("Opfølgning (ØDC, senest 01-04-2017): Direktionen bestilte et notat fra ØDC", minutes.Text, StringComparison.Ordinal);
        Assert.Contains("Forelægges Hovedudvalget 19-09-2017: til orientering", minutes.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateDecision_changes_the_masked_fields_before_approval()
    {
        var (_, meeting, item) = await PublishedItemWithPointsAsync();
        var decision = await DecideAsync(item, DecisionOutcome.Discussed, "Drøftet.");
        await HoldAsync(meeting);

        var updated = await Client.UpdateDecisionAsync(new UpdateDecisionRequest
        {
            Decision = new Decision
            {
                Name = decision.Name,
                Outcome = DecisionOutcome.Approved,
                Text = "Godkendt.",
                PointOutcomes = { new PointOutcome { Label = "1", Outcome = DecisionOutcome.Approved } },
            },
            UpdateMask = new FieldMask { Paths = { "text", "point_outcomes" } },
            Etag = decision.Etag,
        }, cancellationToken: Ct);

        Assert.Equal("Godkendt.", updated.Text);
        Assert.Equal(DecisionOutcome.Discussed, updated.Outcome);
        Assert.Equal("1", Assert.Single(updated.PointOutcomes).Label);
        Assert.NotEqual(decision.Etag, updated.Etag);
        Assert.Equal(decision.CreateTime, updated.CreateTime);
        Assert.Equal(updated, await GetDecisionAsync(decision.Name));
    }

    [Theory]
    [InlineData(MeetingState.Planned, false)]
    [InlineData(MeetingState.AgendaPublished, true)]
    public async Task Postponement_carries_the_item_to_the_end_of_the_later_meeting(MeetingState targetState, bool supplement)
    {
        var body = await CreateBodyAsync();
        var source = await ScheduleAsync(body, Local(2017, 2, 27));
        var item = await AddItemAsync(source, "Forslag om sporskifte i Nye Rammer -Ny Administration", journalNumber: "16/2219",
            configure: i => i.Sections.Add(new Section { Kind = SectionKind.Baggrund, Text = "Ultimo 2016 behandlede Direktionen en statussag." }));
        source = await PublishAsync(source);
        var target = await ScheduleAsync(body, Local(2017, 3, 9));
        await AddItemAsync(target, "Økonomiopfølgning - 09-03-2017", ItemKind.Standing, "16/26813");
        target = await AdvanceAsync(target, targetState);

        var postponed = await DecideAsync(item, DecisionOutcome.Postponed, "Udskudt.", d => d.PostponedTo = target.Name);

        Assert.Equal(target.Name, postponed.PostponedTo);
        Assert.StartsWith($"{target.Name}/items/", postponed.CarriedItem, StringComparison.Ordinal);
        var carried = await GetItemAsync(postponed.CarriedItem);
        Assert.Equal(2, carried.Number);
        Assert.Equal(item.Name, carried.OriginItem);
        Assert.Equal(supplement, carried.Supplement);
        Assert.Equal(item.Title, carried.Title);
        Assert.Equal(item.JournalNumber, carried.JournalNumber);
        Assert.Equal(item.Sections, carried.Sections);
        Assert.Equal(0, carried.DecisionCount);
        Assert.Equal(["Økonomiopfølgning - 09-03-2017", item.Title], (await ListItemsAsync(target)).Select(i => i.Title));
        Assert.Equal(2, (await GetMeetingAsync(target.Name)).ItemCount);
        Assert.Equal(postponed, await GetDecisionAsync(postponed.Name));
        // The item stays on the first meeting's agenda with its decision.
        Assert.Equal(1, (await GetItemAsync(item.Name)).DecisionCount);
        Assert.Equal(source.Name, postponed.Meeting);
    }

    [Fact]
    public async Task Removing_the_carried_item_from_the_planned_agenda_frees_the_postponement_to_change()
    {
        var body = await CreateBodyAsync();
        var source = await ScheduleAsync(body, Local(2017, 2, 27));
        var item = await AddItemAsync(source);
        await PublishAsync(source);
        var target = await ScheduleAsync(body, Local(2017, 3, 9));
        var postponed = await DecideAsync(item, DecisionOutcome.Postponed, "Udskudt.", d => d.PostponedTo = target.Name);

        await Client.RemoveAgendaItemAsync(new RemoveAgendaItemRequest { Name = postponed.CarriedItem }, cancellationToken: Ct);
        var afterRemoval = await GetDecisionAsync(postponed.Name);
        var changed = await Client.UpdateDecisionAsync(new UpdateDecisionRequest
        {
            Decision = new Decision { Name = postponed.Name, Outcome = DecisionOutcome.Approved, Text = "Godkendt alligevel." },
            UpdateMask = new FieldMask { Paths = { "outcome", "text" } },
            Etag = afterRemoval.Etag,
        }, cancellationToken: Ct);

        Assert.Equal("", afterRemoval.CarriedItem);
        Assert.Equal("", afterRemoval.PostponedTo);
        Assert.Equal(DecisionOutcome.Postponed, afterRemoval.Outcome);
        Assert.NotEqual(postponed.Etag, afterRemoval.Etag);
        Assert.Empty(await ListItemsAsync(target));
        Assert.Equal(DecisionOutcome.Approved, changed.Outcome);
        Assert.Equal("Godkendt alligevel.", changed.Text);
        await ApiAssert.NotFound(() => Client.ListDecisionsAsync(new ListDecisionsRequest { Parent = postponed.CarriedItem }, cancellationToken: Ct),
            postponed.CarriedItem);
    }

    [Fact]
    public async Task ListDecisions_on_a_carried_item_shows_its_whole_history_newest_first()
    {
        var body = await CreateBodyAsync();
        var first = await ScheduleAsync(body, Local(2017, 2, 13));
        var second = await ScheduleAsync(body, Local(2017, 2, 27));
        var third = await ScheduleAsync(body, Local(2017, 3, 9));
        var item = await AddItemAsync(first, "Forslag om sporskifte i Nye Rammer -Ny Administration", journalNumber: "16/2219");
        await PublishAsync(first);
        var postponedOnce = await DecideAsync(item, DecisionOutcome.Postponed, "Udsat til direktionsmødet 27/2.", d => d.PostponedTo = second.Name);
        await PublishAsync(second);
        var postponedTwice = await DecideAsync(await GetItemAsync(postponedOnce.CarriedItem), DecisionOutcome.Postponed, "Udskudt.",
            d => d.PostponedTo = third.Name);
        var carried = await GetItemAsync(postponedTwice.CarriedItem);
        Assert.False(carried.Supplement);
        await PublishAsync(third);
        var decided = await DecideAsync(carried, DecisionOutcome.Approved, "Godkendt.");

        var history = await ListDecisionsAsync(carried);

        Assert.Equal([decided.Name, postponedTwice.Name, postponedOnce.Name], history.Select(d => d.Name));
        Assert.Equal(
            ["Beslutning Direktionen den 09-03-2017", "Beslutning Direktionen den 27-02-2017", "Beslutning Direktionen den 13-02-2017"],
            history.Select(d => d.Heading));
        Assert.All(history, d => Assert.Equal("Direktionen", d.BodyDisplayName));
        Assert.Equal([Date(2017, 3, 9), Date(2017, 2, 27), Date(2017, 2, 13)], history.Select(d => d.MeetingDate));
        Assert.Equal([third.Name, second.Name, first.Name], history.Select(d => d.Meeting));
        Assert.Equal(["Godkendt.", "Udskudt.", "Udsat til direktionsmødet 27/2."], history.Select(d => d.Text));
        // Each item counts only its own decisions; the history of the middle item stops at itself.
        Assert.Equal(1, (await GetItemAsync(carried.Name)).DecisionCount);
        Assert.Equal([postponedTwice.Name, postponedOnce.Name], (await ListDecisionsAsync(await GetItemAsync(postponedOnce.CarriedItem))).Select(d => d.Name));
        Assert.Equal([postponedOnce.Name], (await ListDecisionsAsync(item)).Select(d => d.Name));
    }

    [Fact]
    public async Task After_approval_a_correction_is_a_new_visible_decision_and_the_original_is_marked_corrected()
    {
        var (_, meeting, item) = await PublishedItemWithPointsAsync();
        var original = await DecideAsync(item, DecisionOutcome.Approved, "Godkendt.");
        await HoldAsync(meeting);
        meeting = await ApproveAsync(meeting);

        var correction = await DecideAsync(item, DecisionOutcome.ApprovedWithRemarks, "Godkendt, dog ikke pind 2.", d => d.Corrects = original.Name);

        Assert.Equal(original.Name, correction.Corrects);
        Assert.False(correction.Corrected);
        var originalNow = await GetDecisionAsync(original.Name);
        Assert.True(originalNow.Corrected);
        Assert.Equal("Godkendt.", originalNow.Text);
        Assert.Equal(DecisionOutcome.Approved, originalNow.Outcome);
        Assert.Equal(original.Etag, originalNow.Etag);

        var history = await ListDecisionsAsync(item);
        Assert.Equal([correction.Name, original.Name], history.Select(d => d.Name));
        Assert.Equal([false, true], history.Select(d => d.Corrected));

        // The approved minutes stay as approved; the correction follows them in a part of its own.
        var minutes = await GetMinutesAsync(meeting);
        Assert.Equal(MinutesStatus.Approved, minutes.Status);
        var approved = Assert.Single(Assert.Single(minutes.Items).Decisions);
        Assert.Equal(original.Name, approved.Name);
        Assert.False(approved.Corrected);
        Assert.Equal(correction.Name, Assert.Single(Assert.Single(minutes.CorrectionsAfterApproval).Decisions).Name);
        var text = minutes.Text;
        var partAt = text.IndexOf("\nRettelser efter godkendelse\n", StringComparison.Ordinal);
        var correctionAt = text.IndexOf("Rettelse af en tidligere beslutning:", StringComparison.Ordinal);
        Assert.True(partAt > text.IndexOf("Godkendt.", StringComparison.Ordinal) && correctionAt > partAt, text);
        Assert.DoesNotContain("(Rettet ved en senere beslutning.)", text, StringComparison.Ordinal);
    }
}

public sealed class DecisionsApiSqliteTests(SqliteApiHost host) : DecisionsApiTests(host), IClassFixture<SqliteApiHost>;

public sealed class DecisionsApiPostgresTests(PostgresApiHost host) : DecisionsApiTests(host), IClassFixture<PostgresApiHost>;
