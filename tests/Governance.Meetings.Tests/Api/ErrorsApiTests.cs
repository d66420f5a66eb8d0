using Google.Protobuf.WellKnownTypes;
using Governance.Meetings.V1;
using Grpc.Core;

namespace Governance.Meetings.Tests.Api;

/// <summary>NOT_FOUND, ABORTED, FAILED_PRECONDITION (with a message that says why) and ALREADY_EXISTS;
/// never INTERNAL. The failed call changes nothing.</summary>
public abstract class ErrorsApiTests(IApiHost host) : ApiTestBase(host)
{
    private const string UnknownId = "0123456789abcdef0123456789abcdef";

    // ---- NOT_FOUND ----

    [Fact]
    public async Task An_unknown_body_is_NOT_FOUND()
    {
        var name = $"bodies/{UniqueId("ukendt")}";

        await ApiAssert.NotFound(() => Client.GetBodyAsync(new GetBodyRequest { Name = name }, cancellationToken: Ct), name);
        await ApiAssert.NotFound(() => Client.UpdateBodyAsync(new UpdateBodyRequest { Body = new Body { Name = name, DisplayName = "X" } }, cancellationToken: Ct),
            name);
        await ApiAssert.NotFound(() => Client.ScheduleMeetingAsync(new ScheduleMeetingRequest { Meeting = new Meeting { Body = name, Start = Local(2017, 3, 9) } },
            cancellationToken: Ct), name);
    }

    [Fact]
    public async Task An_unknown_meeting_is_NOT_FOUND()
    {
        var name = $"meetings/{UnknownId}";

        await ApiAssert.NotFound(() => Client.GetMeetingAsync(new GetMeetingRequest { Name = name }, cancellationToken: Ct), name);
        await ApiAssert.NotFound(() => Client.UpdateMeetingAsync(new UpdateMeetingRequest
        {
            Meeting = new Meeting { Name = name, Room = "B105" },
            UpdateMask = new FieldMask { Paths = { "room" } },
        }, cancellationToken: Ct), name);
        await ApiAssert.NotFound(() => Client.CancelMeetingAsync(new CancelMeetingRequest { Name = name }, cancellationToken: Ct), name);
        await ApiAssert.NotFound(() => Client.PublishAgendaAsync(new PublishAgendaRequest { Name = name }, cancellationToken: Ct), name);
        await ApiAssert.NotFound(() => Client.MarkMeetingHeldAsync(new MarkMeetingHeldRequest { Name = name }, cancellationToken: Ct), name);
        await ApiAssert.NotFound(() => Client.ApproveMinutesAsync(new ApproveMinutesRequest { Name = name }, cancellationToken: Ct), name);
        await ApiAssert.NotFound(() => Client.GetMinutesAsync(new GetMinutesRequest { Meeting = name }, cancellationToken: Ct), name);
        await ApiAssert.NotFound(() => Client.AddAgendaItemAsync(new AddAgendaItemRequest { Parent = name, Item = NewItem() }, cancellationToken: Ct), name);
        await ApiAssert.NotFound(() => Client.ListAgendaItemsAsync(new ListAgendaItemsRequest { Parent = name }, cancellationToken: Ct), name);
        await ApiAssert.NotFound(() => Client.ReorderAgendaItemsAsync(new ReorderAgendaItemsRequest { Parent = name }, cancellationToken: Ct), name);
    }

    [Fact]
    public async Task Postponing_to_an_unknown_meeting_is_NOT_FOUND_and_records_nothing()
    {
        var (_, _, item) = await MeetingInStateAsync(MeetingState.AgendaPublished);
        var name = $"meetings/{UnknownId}";

        await ApiAssert.NotFound(() => Client.RecordDecisionAsync(new RecordDecisionRequest
        {
            Parent = item.Name,
            Decision = new Decision { Outcome = DecisionOutcome.Postponed, PostponedTo = name },
        }, cancellationToken: Ct), name);
        Assert.Empty(await ListDecisionsAsync(item));
    }

    [Fact]
    public async Task An_unknown_item_is_NOT_FOUND_also_when_it_belongs_to_another_meeting()
    {
        var (body, meeting, item) = await MeetingInStateAsync(MeetingState.Planned);
        var other = await ScheduleAsync(body);
        var unknown = $"{meeting.Name}/items/{UnknownId}";
        var misplaced = $"{other.Name}/items/{item.Name.Split('/')[^1]}";

        foreach (var name in new[] { unknown, misplaced })
        {
            await ApiAssert.NotFound(() => Client.GetAgendaItemAsync(new GetAgendaItemRequest { Name = name }, cancellationToken: Ct), name);
            await ApiAssert.NotFound(() => Client.UpdateAgendaItemAsync(new UpdateAgendaItemRequest
            {
                Item = new AgendaItem { Name = name, Title = "X" },
                UpdateMask = new FieldMask { Paths = { "title" } },
            }, cancellationToken: Ct), name);
            await ApiAssert.NotFound(() => Client.RemoveAgendaItemAsync(new RemoveAgendaItemRequest { Name = name }, cancellationToken: Ct), name);
            await ApiAssert.NotFound(() => Client.RecordDecisionAsync(new RecordDecisionRequest
            {
                Parent = name,
                Decision = new Decision { Outcome = DecisionOutcome.Approved },
            }, cancellationToken: Ct), name);
            await ApiAssert.NotFound(() => Client.ListDecisionsAsync(new ListDecisionsRequest { Parent = name }, cancellationToken: Ct), name);
        }
        Assert.Equal(item.Title, (await GetItemAsync(item.Name)).Title);
    }

    [Fact]
    public async Task An_unknown_decision_is_NOT_FOUND()
    {
        var (_, meeting, item) = await MeetingInStateAsync(MeetingState.AgendaPublished);
        var decision = await DecideAsync(item);
        var other = await AddItemAsync(meeting, "Andet punkt");
        var unknown = $"{item.Name}/decisions/{UnknownId}";
        var misplaced = $"{other.Name}/decisions/{decision.Name.Split('/')[^1]}";

        foreach (var name in new[] { unknown, misplaced })
        {
            await ApiAssert.NotFound(() => Client.GetDecisionAsync(new GetDecisionRequest { Name = name }, cancellationToken: Ct), name);
            await ApiAssert.NotFound(() => Client.UpdateDecisionAsync(new UpdateDecisionRequest
            {
                Decision = new Decision { Name = name, Text = "X" },
                UpdateMask = new FieldMask { Paths = { "text" } },
            }, cancellationToken: Ct), name);
        }
        await ApiAssert.NotFound(() => Client.RecordDecisionAsync(new RecordDecisionRequest
        {
            Parent = item.Name,
            Decision = new Decision { Outcome = DecisionOutcome.Approved, Corrects = unknown },
        }, cancellationToken: Ct), unknown);
        Assert.Equal([decision.Name], (await ListDecisionsAsync(item)).Select(d => d.Name));
    }

    // ---- ABORTED ----

    [Fact]
    public async Task UpdateBody_with_a_stale_etag_is_ABORTED()
    {
        var body = await CreateBodyAsync();
        var current = await Client.UpdateBodyAsync(new UpdateBodyRequest
        {
            Body = new Body { Name = body.Name, UsualRoom = "Byrådssalen" },
            UpdateMask = new FieldMask { Paths = { "usual_room" } },
            Etag = body.Etag,
        }, cancellationToken: Ct);

        await ApiAssert.Aborted(() => Client.UpdateBodyAsync(new UpdateBodyRequest
        {
            Body = new Body { Name = body.Name, DisplayName = "Forældet" },
            UpdateMask = new FieldMask { Paths = { "display_name" } },
            Etag = body.Etag,
        }, cancellationToken: Ct));
        Assert.Equal(current, await Client.GetBodyAsync(new GetBodyRequest { Name = body.Name }, cancellationToken: Ct));
    }

    [Fact]
    public async Task UpdateMeeting_and_the_lifecycle_steps_with_a_stale_etag_are_ABORTED()
    {
        var (_, meeting, _) = await MeetingInStateAsync(MeetingState.Planned);
        var stale = meeting.Etag;
        var current = await Client.UpdateMeetingAsync(new UpdateMeetingRequest
        {
            Meeting = new Meeting { Name = meeting.Name, Title = "Temamøde" },
            UpdateMask = new FieldMask { Paths = { "title" } },
            Etag = stale,
        }, cancellationToken: Ct);

        await ApiAssert.Aborted(() => Client.UpdateMeetingAsync(new UpdateMeetingRequest
        {
            Meeting = new Meeting { Name = meeting.Name, Title = "Forældet" },
            UpdateMask = new FieldMask { Paths = { "title" } },
            Etag = stale,
        }, cancellationToken: Ct));
        await ApiAssert.Aborted(() => Client.PublishAgendaAsync(new PublishAgendaRequest { Name = meeting.Name, Etag = stale }, cancellationToken: Ct));
        await ApiAssert.Aborted(() => Client.CancelMeetingAsync(new CancelMeetingRequest { Name = meeting.Name, Etag = stale }, cancellationToken: Ct));
        Assert.Equal(current, await GetMeetingAsync(meeting.Name));
    }

    [Fact]
    public async Task UpdateAgendaItem_and_RemoveAgendaItem_with_a_stale_etag_are_ABORTED()
    {
        var (_, meeting, item) = await MeetingInStateAsync(MeetingState.Planned);
        var current = await Client.UpdateAgendaItemAsync(new UpdateAgendaItemRequest
        {
            Item = new AgendaItem { Name = item.Name, Title = "Ny titel" },
            UpdateMask = new FieldMask { Paths = { "title" } },
            Etag = item.Etag,
        }, cancellationToken: Ct);

        await ApiAssert.Aborted(() => Client.UpdateAgendaItemAsync(new UpdateAgendaItemRequest
        {
            Item = new AgendaItem { Name = item.Name, Title = "Forældet" },
            UpdateMask = new FieldMask { Paths = { "title" } },
            Etag = item.Etag,
        }, cancellationToken: Ct));
        await ApiAssert.Aborted(() => Client.RemoveAgendaItemAsync(new RemoveAgendaItemRequest { Name = item.Name, Etag = item.Etag }, cancellationToken: Ct));
        Assert.Equal(current, await GetItemAsync(item.Name));
        Assert.Equal(1, (await GetMeetingAsync(meeting.Name)).ItemCount);
    }

    [Fact]
    public async Task UpdateDecision_with_a_stale_etag_is_ABORTED()
    {
        var (_, _, item) = await MeetingInStateAsync(MeetingState.AgendaPublished);
        var decision = await DecideAsync(item, DecisionOutcome.Discussed, "Drøftet.");
        var current = await Client.UpdateDecisionAsync(new UpdateDecisionRequest
        {
            Decision = new Decision { Name = decision.Name, Text = "Sagen blev drøftet." },
            UpdateMask = new FieldMask { Paths = { "text" } },
            Etag = decision.Etag,
        }, cancellationToken: Ct);

        await ApiAssert.Aborted(() => Client.UpdateDecisionAsync(new UpdateDecisionRequest
        {
            Decision = new Decision { Name = decision.Name, Text = "Forældet." },
            UpdateMask = new FieldMask { Paths = { "text" } },
            Etag = decision.Etag,
        }, cancellationToken: Ct));
        Assert.Equal(current, await GetDecisionAsync(decision.Name));
    }

    // ---- FAILED_PRECONDITION ----

    [Fact]
    public async Task Publishing_an_empty_agenda_fails_and_says_why()
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body);

        await ApiAssert.FailedPrecondition(() => Client.PublishAgendaAsync(new PublishAgendaRequest { Name = meeting.Name }, cancellationToken: Ct),
            "AGENDA_EMPTY", "no items");
        Assert.Equal(MeetingState.Planned, (await GetMeetingAsync(meeting.Name)).State);
    }

    [Fact]
    public async Task Publishing_twice_fails_and_says_why()
    {
        var (_, meeting, _) = await MeetingInStateAsync(MeetingState.AgendaPublished);

        var error = await ApiAssert.FailedPrecondition(() => Client.PublishAgendaAsync(new PublishAgendaRequest { Name = meeting.Name }, cancellationToken: Ct),
            "MEETING_STATE", "publish the agenda", "agenda published");
        Assert.Equal("AgendaPublished", error.Info.Metadata["state"]);
        Assert.Equal(meeting.Name, error.Info.Metadata["meeting"]);
        Assert.Equal(meeting.AgendaPublishTime, (await GetMeetingAsync(meeting.Name)).AgendaPublishTime);
    }

    [Fact]
    public async Task Holding_before_publication_fails_and_says_why()
    {
        var (_, meeting, _) = await MeetingInStateAsync(MeetingState.Planned);

        await ApiAssert.FailedPrecondition(() => Client.MarkMeetingHeldAsync(new MarkMeetingHeldRequest { Name = meeting.Name }, cancellationToken: Ct),
            "MEETING_STATE", "mark the meeting held", "planned");
        Assert.Equal(MeetingState.Planned, (await GetMeetingAsync(meeting.Name)).State);
    }

    [Theory]
    [InlineData(MeetingState.Planned)]
    [InlineData(MeetingState.AgendaPublished)]
    [InlineData(MeetingState.MinutesApproved)]
    public async Task Approving_minutes_of_a_meeting_that_is_not_held_fails_and_says_why(MeetingState state)
    {
        var (_, meeting, _) = await MeetingInStateAsync(state);

        await ApiAssert.FailedPrecondition(() => Client.ApproveMinutesAsync(new ApproveMinutesRequest { Name = meeting.Name }, cancellationToken: Ct),
            "MEETING_STATE", "approve the minutes", "held");
        Assert.Equal(state, (await GetMeetingAsync(meeting.Name)).State);
    }

    [Fact]
    public async Task A_decision_before_publication_fails_and_says_why()
    {
        var (_, _, item) = await MeetingInStateAsync(MeetingState.Planned);

        await ApiAssert.FailedPrecondition(() => Client.RecordDecisionAsync(new RecordDecisionRequest
        {
            Parent = item.Name,
            Decision = new Decision { Outcome = DecisionOutcome.Approved },
        }, cancellationToken: Ct), "MEETING_STATE", "record a decision", "planned");
        Assert.Empty(await ListDecisionsAsync(item));
    }

    [Fact]
    public async Task Reordering_or_removing_after_publication_fails_and_says_why()
    {
        var (_, meeting, item) = await MeetingInStateAsync(MeetingState.AgendaPublished);
        var second = await AddItemAsync(meeting, "Tillægssag");

        await ApiAssert.FailedPrecondition(() => Client.ReorderAgendaItemsAsync(new ReorderAgendaItemsRequest
        {
            Parent = meeting.Name,
            Items = { second.Name, item.Name },
        }, cancellationToken: Ct), "MEETING_STATE", "reorder the agenda", "agenda published");
        await ApiAssert.FailedPrecondition(() => Client.RemoveAgendaItemAsync(new RemoveAgendaItemRequest { Name = item.Name }, cancellationToken: Ct),
            "MEETING_STATE", "remove an item", "agenda published");
        Assert.Equal([item.Name, second.Name], (await ListItemsAsync(meeting)).Select(i => i.Name));
    }

    [Fact]
    public async Task Editing_a_decision_after_approval_fails_and_points_to_a_correction()
    {
        var (_, meeting, item) = await MeetingInStateAsync(MeetingState.AgendaPublished);
        var decision = await DecideAsync(item);
        await AdvanceAsync(meeting, MeetingState.MinutesApproved);

        await ApiAssert.FailedPrecondition(() => Client.UpdateDecisionAsync(new UpdateDecisionRequest
        {
            Decision = new Decision { Name = decision.Name, Text = "Ændret i det stille." },
            UpdateMask = new FieldMask { Paths = { "text" } },
        }, cancellationToken: Ct), "MINUTES_APPROVED", "approved", "corrects");
        Assert.Equal(decision, await GetDecisionAsync(decision.Name));
    }

    [Fact]
    public async Task A_plain_decision_after_approval_fails_and_points_to_a_correction()
    {
        var (_, meeting, item) = await MeetingInStateAsync(MeetingState.AgendaPublished);
        var decision = await DecideAsync(item);
        await AdvanceAsync(meeting, MeetingState.MinutesApproved);

        await ApiAssert.FailedPrecondition(() => Client.RecordDecisionAsync(new RecordDecisionRequest
        {
            Parent = item.Name,
            Decision = new Decision { Outcome = DecisionOutcome.Rejected, Text = "Afvist." },
        }, cancellationToken: Ct), "MINUTES_APPROVED", "approved", "corrects");
        Assert.Equal([decision.Name], (await ListDecisionsAsync(item)).Select(d => d.Name));
    }

    [Fact]
    public async Task Postponing_to_an_earlier_or_the_same_meeting_fails_and_says_why()
    {
        var body = await CreateBodyAsync();
        var earlier = await ScheduleAsync(body, Local(2017, 2, 27));
        var meeting = await ScheduleAsync(body, Local(2017, 3, 9));
        var item = await AddItemAsync(meeting);
        await PublishAsync(meeting);

        await ApiAssert.FailedPrecondition(() => Client.RecordDecisionAsync(new RecordDecisionRequest
        {
            Parent = item.Name,
            Decision = new Decision { Outcome = DecisionOutcome.Postponed, Text = "Udskudt.", PostponedTo = earlier.Name },
        }, cancellationToken: Ct), "POSTPONE_TARGET_INVALID", "later meeting");
        await ApiAssert.FailedPrecondition(() => Client.RecordDecisionAsync(new RecordDecisionRequest
        {
            Parent = item.Name,
            Decision = new Decision { Outcome = DecisionOutcome.Postponed, Text = "Udskudt.", PostponedTo = meeting.Name },
        }, cancellationToken: Ct), "POSTPONE_TARGET_INVALID", "later meeting");
        Assert.Empty(await ListDecisionsAsync(item));
        Assert.Equal(0, (await GetMeetingAsync(earlier.Name)).ItemCount);
        Assert.Equal(1, (await GetMeetingAsync(meeting.Name)).ItemCount);
    }

    [Fact]
    public async Task Postponing_to_a_meeting_of_another_body_fails_and_says_it_is_a_referral()
    {
        var body = await CreateBodyAsync();
        var other = await CreateBodyAsync("Hovedudvalget", bodyId: UniqueId("hovedudvalget"));
        var meeting = await ScheduleAsync(body, Local(2017, 3, 9));
        var item = await AddItemAsync(meeting);
        await PublishAsync(meeting);
        var otherMeeting = await ScheduleAsync(other, Local(2017, 3, 16));

        var error = await ApiAssert.FailedPrecondition(() => Client.RecordDecisionAsync(new RecordDecisionRequest
        {
            Parent = item.Name,
            Decision = new Decision { Outcome = DecisionOutcome.Postponed, Text = "Udskudt.", PostponedTo = otherMeeting.Name },
        }, cancellationToken: Ct), "POSTPONEMENT_OTHER_BODY", otherMeeting.Name, other.Name, "own body", "referral", "referrals");

        Assert.Empty(await ListDecisionsAsync(item));
        Assert.Equal(0, (await GetMeetingAsync(otherMeeting.Name)).ItemCount);
        // The same matter can go to the other body as a referral.
        var referred = await DecideAsync(item, DecisionOutcome.Approved, "Godkendt.",
            d => d.Referrals.Add(new Referral { BodyDisplayName = "Hovedudvalget", ExpectedDate = Date(2017, 3, 16) }));
        Assert.Equal("Hovedudvalget", Assert.Single(referred.Referrals).BodyDisplayName);
        Assert.Equal(other.Name, error.Info.Metadata["target_body"]);
    }

    [Fact]
    public async Task Postponing_to_a_meeting_that_was_held_or_cancelled_fails_and_says_why()
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body, Local(2017, 3, 9));
        var item = await AddItemAsync(meeting);
        await PublishAsync(meeting);
        var held = await ScheduleAsync(body, Local(2017, 3, 16));
        await AddItemAsync(held);
        await AdvanceAsync(held, MeetingState.Held);
        var cancelled = await AdvanceAsync(await ScheduleAsync(body, Local(2017, 3, 23)), MeetingState.Cancelled);

        await ApiAssert.FailedPrecondition(() => Client.RecordDecisionAsync(new RecordDecisionRequest
        {
            Parent = item.Name,
            Decision = new Decision { Outcome = DecisionOutcome.Postponed, PostponedTo = held.Name },
        }, cancellationToken: Ct), "MEETING_STATE", "carry a postponed item", "held");
        await ApiAssert.FailedPrecondition(() => Client.RecordDecisionAsync(new RecordDecisionRequest
        {
            Parent = item.Name,
            Decision = new Decision { Outcome = DecisionOutcome.Postponed, PostponedTo = cancelled.Name },
        }, cancellationToken: Ct), "MEETING_STATE", "carry a postponed item", "cancelled");
        Assert.Empty(await ListDecisionsAsync(item));
    }

    [Theory]
    [InlineData(MeetingState.Planned)]
    [InlineData(MeetingState.Cancelled)]
    public async Task GetMinutes_before_the_agenda_is_published_fails_and_says_why(MeetingState state)
    {
        var (_, meeting, _) = await MeetingInStateAsync(state);

        await ApiAssert.FailedPrecondition(() => Client.GetMinutesAsync(new GetMinutesRequest { Meeting = meeting.Name }, cancellationToken: Ct),
            "MINUTES_NOT_AVAILABLE", "agenda is published");
    }

    [Theory]
    [InlineData(MeetingState.Held)]
    [InlineData(MeetingState.MinutesApproved)]
    [InlineData(MeetingState.Cancelled)]
    public async Task Changing_or_cancelling_a_meeting_that_was_held_or_cancelled_fails(MeetingState state)
    {
        var (_, meeting, _) = await MeetingInStateAsync(state);

        await ApiAssert.FailedPrecondition(() => Client.UpdateMeetingAsync(new UpdateMeetingRequest
        {
            Meeting = new Meeting { Name = meeting.Name, Room = "Byrådssalen" },
            UpdateMask = new FieldMask { Paths = { "room" } },
        }, cancellationToken: Ct), "MEETING_STATE", "change the meeting");
        await ApiAssert.FailedPrecondition(() => Client.CancelMeetingAsync(new CancelMeetingRequest { Name = meeting.Name }, cancellationToken: Ct),
            "MEETING_STATE", "cancel the meeting");
        await ApiAssert.FailedPrecondition(() => Client.AddAgendaItemAsync(new AddAgendaItemRequest { Parent = meeting.Name, Item = NewItem() }, cancellationToken: Ct),
            "MEETING_STATE", "change the agenda");
        var after = await GetMeetingAsync(meeting.Name);
        Assert.Equal(meeting.Room, after.Room);
        Assert.Equal(state, after.State);
    }

    [Fact]
    public async Task Changing_the_outcome_of_a_postponement_that_carried_the_item_fails_and_says_why()
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body, Local(2017, 2, 27));
        var item = await AddItemAsync(meeting);
        await PublishAsync(meeting);
        var later = await ScheduleAsync(body, Local(2017, 3, 9));
        var postponed = await DecideAsync(item, DecisionOutcome.Postponed, "Udskudt.", d => d.PostponedTo = later.Name);

        await ApiAssert.FailedPrecondition(() => Client.UpdateDecisionAsync(new UpdateDecisionRequest
        {
            Decision = new Decision { Name = postponed.Name, Outcome = DecisionOutcome.Approved },
            UpdateMask = new FieldMask { Paths = { "outcome" } },
        }, cancellationToken: Ct), "POSTPONEMENT_CARRIED", "remove the carried item");
        Assert.Equal(postponed, await GetDecisionAsync(postponed.Name));
    }

    // ---- ALREADY_EXISTS ----

    [Fact]
    public async Task A_duplicate_body_id_is_ALREADY_EXISTS()
    {
        var id = UniqueId("direktionen");
        var body = await CreateBodyAsync("Direktionen", bodyId: id);

        var error = await ApiAssert.RpcError(StatusCode.AlreadyExists, () => Client.CreateBodyAsync(new CreateBodyRequest
        {
            BodyId = id,
            Body = new Body { DisplayName = "Anden direktion" },
        }, cancellationToken: Ct), "ALREADY_EXISTS");

        Assert.Equal(body.Name, error.Info.Metadata["resource"]);
        Assert.Contains(body.Name, error.Message, StringComparison.Ordinal);
        Assert.Equal(body, await Client.GetBodyAsync(new GetBodyRequest { Name = body.Name }, cancellationToken: Ct));
    }

    [Fact]
    public async Task Of_concurrent_creates_with_the_same_body_id_one_wins_and_the_rest_are_ALREADY_EXISTS()
    {
        var id = UniqueId("samtidig");

        var codes = await Task.WhenAll(Enumerable.Range(1, 5).Select(i => Task.Run(async () =>
        {
            try
            {
                await Client.CreateBodyAsync(new CreateBodyRequest { BodyId = id, Body = new Body { DisplayName = $"Udvalg {i}" } }, cancellationToken: Ct);
                return StatusCode.OK;
            }
            catch (RpcException ex)
            {
                return ex.StatusCode;
            }
        }, Ct)));

        Assert.Single(codes, c => c == StatusCode.OK);
        Assert.All(codes.Where(c => c != StatusCode.OK), c => Assert.Equal(StatusCode.AlreadyExists, c));
        Assert.Equal($"bodies/{id}", (await Client.GetBodyAsync(new GetBodyRequest { Name = $"bodies/{id}" }, cancellationToken: Ct)).Name);
    }

    [Fact]
    public async Task Of_concurrent_publications_one_wins_and_the_rest_fail_the_precondition()
    {
        var (_, meeting, _) = await PlannedMeetingAsync();

        var codes = await Task.WhenAll(Enumerable.Range(1, 5).Select(_ => Task.Run(async () =>
        {
            try
            {
                await Client.PublishAgendaAsync(new PublishAgendaRequest { Name = meeting.Name }, cancellationToken: Ct);
                return StatusCode.OK;
            }
            catch (RpcException ex)
            {
                return ex.StatusCode;
            }
        }, Ct)));

        Assert.Single(codes, c => c == StatusCode.OK);
        Assert.All(codes.Where(c => c != StatusCode.OK), c => Assert.Equal(StatusCode.FailedPrecondition, c));
        Assert.Equal(MeetingState.AgendaPublished, (await GetMeetingAsync(meeting.Name)).State);
    }

    [Fact]
    public async Task A_request_id_reused_for_a_different_request_is_ALREADY_EXISTS()
    {
        var requestId = NewRequestId();
        var body = await Client.CreateBodyAsync(new CreateBodyRequest { Body = new Body { DisplayName = "Direktionen" }, RequestId = requestId },
            cancellationToken: Ct);

        var error = await ApiAssert.RpcError(StatusCode.AlreadyExists, () => Client.CreateBodyAsync(new CreateBodyRequest
        {
            Body = new Body { DisplayName = "Chefforum" },
            RequestId = requestId,
        }, cancellationToken: Ct), "REQUEST_ID_REUSED");
        Assert.Equal(body.Name, error.Info.Metadata["resource"]);
        Assert.Contains(requestId, error.Message, StringComparison.Ordinal);

        // Another operation with the same id is a different request too.
        await ApiAssert.RpcError(StatusCode.AlreadyExists, () => Client.ScheduleMeetingAsync(new ScheduleMeetingRequest
        {
            Meeting = new Meeting { Body = body.Name, Start = Local(2017, 3, 9) },
            RequestId = requestId,
        }, cancellationToken: Ct), "REQUEST_ID_REUSED");
        Assert.Empty((await Client.ListMeetingsAsync(new ListMeetingsRequest { Body = body.Name, ShowCancelled = true }, cancellationToken: Ct)).Meetings);
    }
}

public sealed class ErrorsApiSqliteTests(SqliteApiHost host) : ErrorsApiTests(host), IClassFixture<SqliteApiHost>;

public sealed class ErrorsApiPostgresTests(PostgresApiHost host) : ErrorsApiTests(host), IClassFixture<PostgresApiHost>;
