using Google.Protobuf.WellKnownTypes;
using Governance.Meetings.V1;

namespace Governance.Meetings.Tests.Api;

/// <summary>INVALID_ARGUMENT: every bad field is named by a BadRequest field violation, and nothing is written.</summary>
public abstract class ValidationApiTests(IApiHost host) : ApiTestBase(host)
{
    [Theory]
    [InlineData("2016/1")]
    [InlineData("16-26813")]
    [InlineData("16/")]
    [InlineData("")]
    public async Task A_bad_journal_number_is_rejected(string journalNumber)
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body);

        var error = await ApiAssert.InvalidArgument(() => Client.AddAgendaItemAsync(new AddAgendaItemRequest
        {
            Parent = meeting.Name,
            Item = NewItem(journalNumber: journalNumber),
        }, cancellationToken: Ct), "item.journal_number");

        Assert.Contains("YY/NNNNN", error.BadRequest!.FieldViolations[0].Description, StringComparison.Ordinal);
        Assert.Equal(0, (await GetMeetingAsync(meeting.Name)).ItemCount);
    }

    [Fact]
    public async Task A_bad_journal_number_in_the_agenda_template_is_rejected()
    {
        await ApiAssert.InvalidArgument(() => Client.CreateBodyAsync(new CreateBodyRequest
        {
            Body = new Body
            {
                DisplayName = "Direktionen",
                AgendaTemplate = { new StandingItemTemplate { Title = "Øvrige sager", JournalNumber = "2016/1" } },
            },
        }, cancellationToken: Ct), "body.agenda_template[0].journal_number");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_missing_title_is_rejected(string title)
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body);

        await ApiAssert.InvalidArgument(() => Client.AddAgendaItemAsync(new AddAgendaItemRequest { Parent = meeting.Name, Item = NewItem(title) },
            cancellationToken: Ct), "item.title");
    }

    [Fact]
    public async Task A_title_longer_than_500_characters_is_rejected()
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body);

        await ApiAssert.InvalidArgument(() => Client.AddAgendaItemAsync(new AddAgendaItemRequest { Parent = meeting.Name, Item = NewItem(new string('ø', 501)) },
            cancellationToken: Ct), "item.title");
    }

    [Fact]
    public async Task Text_with_a_NUL_character_is_rejected_on_every_store()
    {
        await ApiAssert.InvalidArgument(() => Client.CreateBodyAsync(new CreateBodyRequest { Body = new Body { DisplayName = "Direk\0tionen", UsualRoom = "B\0105" } },
            cancellationToken: Ct), "body.display_name", "body.usual_room");
        var (_, meeting, item) = await MeetingInStateAsync(MeetingState.AgendaPublished);
        await ApiAssert.InvalidArgument(() => Client.AddAgendaItemAsync(new AddAgendaItemRequest { Parent = meeting.Name, Item = NewItem("Regnskab\0") },
            cancellationToken: Ct), "item.title");
        await ApiAssert.InvalidArgument(() => Client.RecordDecisionAsync(new RecordDecisionRequest
        {
            Parent = item.Name,
            Decision = new Decision { Outcome = DecisionOutcome.Approved, Text = "Godkendt.\0" },
        }, cancellationToken: Ct), "decision.text");
        await ApiAssert.InvalidArgument(() => Client.CancelMeetingAsync(new CancelMeetingRequest { Name = meeting.Name, Reason = "\0" }, cancellationToken: Ct),
            "reason");
        Assert.Equal(MeetingState.AgendaPublished, (await GetMeetingAsync(meeting.Name)).State);
    }

    [Theory]
    [InlineData(ItemKind.Unspecified)]
    [InlineData((ItemKind)42)]
    public async Task An_unknown_item_kind_is_rejected(ItemKind kind)
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body);

        await ApiAssert.InvalidArgument(() => Client.AddAgendaItemAsync(new AddAgendaItemRequest { Parent = meeting.Name, Item = NewItem(kind: kind) },
            cancellationToken: Ct), "item.kind");
    }

    [Theory]
    [InlineData("177144-12")]
    [InlineData("177144/2012")]
    [InlineData("dok.nr. 177144/12")]
    public async Task A_bad_document_number_is_rejected(string documentNumber)
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body);
        var item = NewItem();
        item.Attachments.Add(new Attachment { Title = "Regnskab 2016", DocumentNumber = "177144/12" });
        item.Attachments.Add(new Attachment { Title = "Sammenfatning", DocumentNumber = documentNumber });

        await ApiAssert.InvalidArgument(() => Client.AddAgendaItemAsync(new AddAgendaItemRequest { Parent = meeting.Name, Item = item }, cancellationToken: Ct),
            "item.attachments[1].document_number");
    }

    [Theory]
    [InlineData("Direktionen")]
    [InlineData("1direktion")]
    [InlineData("direktion-")]
    [InlineData("direktion_en")]
    [InlineData("direktionen-er-et-meget-langt-navn-som-ikke-er-tilladt-fordi-det-er-for-langt")]
    public async Task A_bad_body_id_is_rejected(string bodyId)
    {
        await ApiAssert.InvalidArgument(() => Client.CreateBodyAsync(new CreateBodyRequest { BodyId = bodyId, Body = new Body { DisplayName = "Direktionen" } },
            cancellationToken: Ct), "body_id");
    }

    [Fact]
    public async Task A_request_with_several_bad_fields_gets_a_violation_for_each()
    {
        var error = await ApiAssert.InvalidArgument(() => Client.CreateBodyAsync(new CreateBodyRequest
        {
            BodyId = "Direktionen",
            Body = new Body
            {
                DisplayName = "",
                ShortName = new string('x', 21),
                Members = { new BodyMember { DisplayName = "" } },
                AgendaTemplate = { new StandingItemTemplate { Title = "", JournalNumber = "2016/1" } },
            },
        }, cancellationToken: Ct),
            "body_id", "body.display_name", "body.short_name", "body.members[0].display_name",
            "body.agenda_template[0].title", "body.agenda_template[0].journal_number");

        Assert.Contains("6 invalid fields", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_item_with_several_bad_fields_gets_a_violation_for_each()
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body);
        var item = new AgendaItem
        {
            JournalNumber = "2016/1",
            Title = "",
            Kind = ItemKind.Unspecified,
            Sections = { new Section { Kind = SectionKind.Other, Text = "Uden overskrift" } },
            Recommendation = new Recommendation
            {
                Points = { new RecommendationPoint { Label = "1", Text = "a" }, new RecommendationPoint { Label = "1", Text = "b" } },
            },
            Guests = { new Guest { DisplayName = "Eva", JoinsAt = new Google.Type.TimeOfDay { Hours = 25 } } },
        };

        await ApiAssert.InvalidArgument(() => Client.AddAgendaItemAsync(new AddAgendaItemRequest { Parent = meeting.Name, Item = item }, cancellationToken: Ct),
            "item.journal_number", "item.title", "item.kind", "item.sections[0].heading", "item.recommendation.points[1].label",
            "item.guests[0].joins_at");
    }

    public static TheoryData<string, string> BadResourceNames => new()
    {
        { "GetBody", "" },
        { "GetBody", "direktionen" },
        { "GetBody", "bodies/" },
        { "GetBody", "bodies/Direktionen" },
        { "GetBody", "meetings/abc" },
        { "GetMeeting", "meetings" },
        { "GetMeeting", "meetings/abc/items/def" },
        { "GetMeeting", "bodies/abc" },
        { "GetAgendaItem", "meetings/abc" },
        { "GetAgendaItem", "meetings/abc/items/" },
        { "GetAgendaItem", "meetings/abc/decisions/def" },
        { "GetDecision", "meetings/abc/items/def" },
        { "GetDecision", "meetings/abc/items/def/decisions/G H" },
        { "ListAgendaItems", "bodies/abc" },
        { "ListDecisions", "meetings/abc" },
        { "GetMinutes", "meetings/../etc" },
        { "RenderMinutes", "meetings/abc/minutes" },
        { "ListMeetings", "Direktionen" },
        { "UpdateBody", "bodies/Direktionen" },
        { "UpdateMeeting", "" },
        { "UpdateAgendaItem", "meetings/abc/items/d_e" },
        { "UpdateDecision", "meetings/abc/items/def" },
        { "RemoveAgendaItem", "items/abc" },
        { "CancelMeeting", "meetings/abc/" },
    };

    [Theory]
    [MemberData(nameof(BadResourceNames))]
    public async Task A_bad_resource_name_is_rejected(string rpc, string name)
    {
        switch (rpc)
        {
            case "GetBody":
                await ApiAssert.InvalidArgument(() => Client.GetBodyAsync(new GetBodyRequest { Name = name }, cancellationToken: Ct), "name");
                break;
            case "GetMeeting":
                await ApiAssert.InvalidArgument(() => Client.GetMeetingAsync(new GetMeetingRequest { Name = name }, cancellationToken: Ct), "name");
                break;
            case "GetAgendaItem":
                await ApiAssert.InvalidArgument(() => Client.GetAgendaItemAsync(new GetAgendaItemRequest { Name = name }, cancellationToken: Ct), "name");
                break;
            case "GetDecision":
                await ApiAssert.InvalidArgument(() => Client.GetDecisionAsync(new GetDecisionRequest { Name = name }, cancellationToken: Ct), "name");
                break;
            case "ListAgendaItems":
                await ApiAssert.InvalidArgument(() => Client.ListAgendaItemsAsync(new ListAgendaItemsRequest { Parent = name }, cancellationToken: Ct), "parent");
                break;
            case "ListDecisions":
                await ApiAssert.InvalidArgument(() => Client.ListDecisionsAsync(new ListDecisionsRequest { Parent = name }, cancellationToken: Ct), "parent");
                break;
            case "GetMinutes":
                await ApiAssert.InvalidArgument(() => Client.GetMinutesAsync(new GetMinutesRequest { Meeting = name }, cancellationToken: Ct), "meeting");
                break;
            case "RenderMinutes":
                await ApiAssert.InvalidArgument(() => Client.RenderMinutesAsync(new RenderMinutesRequest { Meeting = name }, cancellationToken: Ct), "meeting");
                break;
            case "ListMeetings":
                await ApiAssert.InvalidArgument(() => Client.ListMeetingsAsync(new ListMeetingsRequest { Body = name }, cancellationToken: Ct), "body");
                break;
            case "UpdateBody":
                await ApiAssert.InvalidArgument(() => Client.UpdateBodyAsync(new UpdateBodyRequest { Body = new Body { Name = name, DisplayName = "X" } },
                    cancellationToken: Ct), "body.name");
                break;
            case "UpdateMeeting":
                await ApiAssert.InvalidArgument(() => Client.UpdateMeetingAsync(new UpdateMeetingRequest { Meeting = new Meeting { Name = name } },
                    cancellationToken: Ct), "meeting.name");
                break;
            case "UpdateAgendaItem":
                await ApiAssert.InvalidArgument(() => Client.UpdateAgendaItemAsync(new UpdateAgendaItemRequest { Item = new AgendaItem { Name = name } },
                    cancellationToken: Ct), "item.name");
                break;
            case "UpdateDecision":
                await ApiAssert.InvalidArgument(() => Client.UpdateDecisionAsync(new UpdateDecisionRequest { Decision = new Decision { Name = name } },
                    cancellationToken: Ct), "decision.name");
                break;
            case "RemoveAgendaItem":
                await ApiAssert.InvalidArgument(() => Client.RemoveAgendaItemAsync(new RemoveAgendaItemRequest { Name = name }, cancellationToken: Ct), "name");
                break;
            case "CancelMeeting":
                await ApiAssert.InvalidArgument(() => Client.CancelMeetingAsync(new CancelMeetingRequest { Name = name }, cancellationToken: Ct), "name");
                break;
            default:
                Assert.Fail($"unknown rpc {rpc}");
                break;
        }
    }

    [Fact]
    public async Task A_bad_body_reference_of_a_meeting_is_rejected()
    {
        await ApiAssert.InvalidArgument(() => Client.ScheduleMeetingAsync(new ScheduleMeetingRequest
        {
            Meeting = new Meeting { Body = "Direktionen", Start = Local(2017, 3, 9) },
        }, cancellationToken: Ct), "meeting.body");
    }

    [Fact]
    public async Task A_negative_page_size_is_rejected()
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body);

        await ApiAssert.InvalidArgument(() => Client.ListBodiesAsync(new ListBodiesRequest { PageSize = -1 }, cancellationToken: Ct), "page_size");
        await ApiAssert.InvalidArgument(() => Client.ListMeetingsAsync(new ListMeetingsRequest { PageSize = -1 }, cancellationToken: Ct), "page_size");
        await ApiAssert.InvalidArgument(() => Client.ListAgendaItemsAsync(new ListAgendaItemsRequest { Parent = meeting.Name, PageSize = -5 }, cancellationToken: Ct),
            "page_size");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("eyJ4IjoxfQ")]
    [InlineData("!!!")]
    public async Task A_page_token_not_issued_by_the_service_is_rejected(string token)
    {
        var (_, meeting, item) = await MeetingInStateAsync(MeetingState.AgendaPublished);

        await ApiAssert.InvalidArgument(() => Client.ListBodiesAsync(new ListBodiesRequest { PageToken = token }, cancellationToken: Ct), "page_token");
        await ApiAssert.InvalidArgument(() => Client.ListMeetingsAsync(new ListMeetingsRequest { PageToken = token }, cancellationToken: Ct), "page_token");
        await ApiAssert.InvalidArgument(() => Client.ListAgendaItemsAsync(new ListAgendaItemsRequest { Parent = meeting.Name, PageToken = token },
            cancellationToken: Ct), "page_token");
        await ApiAssert.InvalidArgument(() => Client.ListDecisionsAsync(new ListDecisionsRequest { Parent = item.Name, PageToken = token },
            cancellationToken: Ct), "page_token");
    }

    [Fact]
    public async Task A_tampered_page_token_is_rejected()
    {
        // The tokens are base64url JSON today; a client that edits the position in one must get
        // INVALID_ARGUMENT, never INTERNAL.
        static string Tamper(string token)
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            var json = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')));
            var tampered = System.Text.RegularExpressions.Regex.Replace(json, @"(?<=:)-?\d+", "9000000000000000000");
            Assert.NotEqual(json, tampered);
            return Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(tampered)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body, Local(2017, 5, 1));
        await ScheduleAsync(body, Local(2017, 5, 2));
        var item = await AddItemAsync(meeting, "A");
        await AddItemAsync(meeting, "B");
        await PublishAsync(meeting);
        await DecideAsync(item);
        await DecideAsync(item);

        var meetings = await Client.ListMeetingsAsync(new ListMeetingsRequest { Body = body.Name, PageSize = 1 }, cancellationToken: Ct);
        await ApiAssert.InvalidArgument(() => Client.ListMeetingsAsync(new ListMeetingsRequest
        {
            Body = body.Name, PageSize = 1, PageToken = Tamper(meetings.NextPageToken),
        }, cancellationToken: Ct), "page_token");
        var items = await Client.ListAgendaItemsAsync(new ListAgendaItemsRequest { Parent = meeting.Name, PageSize = 1 }, cancellationToken: Ct);
        await ApiAssert.InvalidArgument(() => Client.ListAgendaItemsAsync(new ListAgendaItemsRequest
        {
            Parent = meeting.Name, PageSize = 1, PageToken = Tamper(items.NextPageToken),
        }, cancellationToken: Ct), "page_token");
        var decisions = await Client.ListDecisionsAsync(new ListDecisionsRequest { Parent = item.Name, PageSize = 1 }, cancellationToken: Ct);
        await ApiAssert.InvalidArgument(() => Client.ListDecisionsAsync(new ListDecisionsRequest
        {
            Parent = item.Name, PageSize = 1, PageToken = Tamper(decisions.NextPageToken),
        }, cancellationToken: Ct), "page_token");
    }

    [Fact]
    public async Task A_page_token_is_only_valid_with_the_filter_it_was_issued_for()
    {
        var body = await CreateBodyAsync();
        var other = await CreateBodyAsync("Chefforum");
        for (var day = 1; day <= 3; day++)
        {
            await ScheduleAsync(body, Local(2017, 5, day));
        }
        var first = await Client.ListMeetingsAsync(new ListMeetingsRequest { Body = body.Name, PageSize = 2 }, cancellationToken: Ct);
        Assert.NotEqual("", first.NextPageToken);

        await ApiAssert.InvalidArgument(() => Client.ListMeetingsAsync(new ListMeetingsRequest { Body = other.Name, PageSize = 2, PageToken = first.NextPageToken },
            cancellationToken: Ct), "page_token");
        await ApiAssert.InvalidArgument(() => Client.ListMeetingsAsync(new ListMeetingsRequest
        {
            Body = body.Name, PageSize = 2, PageToken = first.NextPageToken, ShowCancelled = true,
        }, cancellationToken: Ct), "page_token");
        await ApiAssert.InvalidArgument(() => Client.ListMeetingsAsync(new ListMeetingsRequest
        {
            Body = body.Name, PageSize = 2, PageToken = first.NextPageToken, StartDate = Date(2017, 5, 1),
        }, cancellationToken: Ct), "page_token");
        // A token of one list is not a token of another.
        var meeting = await ScheduleAsync(other);
        await ApiAssert.InvalidArgument(() => Client.ListAgendaItemsAsync(new ListAgendaItemsRequest { Parent = meeting.Name, PageToken = first.NextPageToken },
            cancellationToken: Ct), "page_token");
        // With the same filter it goes on.
        var second = await Client.ListMeetingsAsync(new ListMeetingsRequest { Body = body.Name, PageSize = 2, PageToken = first.NextPageToken }, cancellationToken: Ct);
        Assert.Equal(3, Assert.Single(second.Meetings).Start.Day);
        Assert.Equal("", second.NextPageToken);
    }

    [Fact]
    public async Task An_agenda_page_token_of_one_meeting_is_rejected_for_another()
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body);
        var other = await ScheduleAsync(body);
        for (var i = 0; i < 3; i++)
        {
            await AddItemAsync(meeting, $"Punkt {i}");
            await AddItemAsync(other, $"Punkt {i}");
        }
        var page = await Client.ListAgendaItemsAsync(new ListAgendaItemsRequest { Parent = meeting.Name, PageSize = 1 }, cancellationToken: Ct);

        await ApiAssert.InvalidArgument(() => Client.ListAgendaItemsAsync(new ListAgendaItemsRequest { Parent = other.Name, PageSize = 1, PageToken = page.NextPageToken },
            cancellationToken: Ct), "page_token");
    }

    [Fact]
    public async Task An_unknown_update_mask_path_is_rejected()
    {
        var (body, meeting, item) = await MeetingInStateAsync(MeetingState.AgendaPublished);
        var decision = await DecideAsync(item);

        var error = await ApiAssert.InvalidArgument(() => Client.UpdateBodyAsync(new UpdateBodyRequest
        {
            Body = new Body { Name = body.Name, DisplayName = "Ny" },
            UpdateMask = new FieldMask { Paths = { "display_name", "etag" } },
        }, cancellationToken: Ct), "update_mask");
        Assert.Contains("etag", error.BadRequest!.FieldViolations[0].Description, StringComparison.Ordinal);
        await ApiAssert.InvalidArgument(() => Client.UpdateMeetingAsync(new UpdateMeetingRequest
        {
            Meeting = new Meeting { Name = meeting.Name },
            UpdateMask = new FieldMask { Paths = { "state" } },
        }, cancellationToken: Ct), "update_mask");
        await ApiAssert.InvalidArgument(() => Client.UpdateAgendaItemAsync(new UpdateAgendaItemRequest
        {
            Item = new AgendaItem { Name = item.Name },
            UpdateMask = new FieldMask { Paths = { "number" } },
        }, cancellationToken: Ct), "update_mask");
        await ApiAssert.InvalidArgument(() => Client.UpdateDecisionAsync(new UpdateDecisionRequest
        {
            Decision = new Decision { Name = decision.Name },
            UpdateMask = new FieldMask { Paths = { "corrects" } },
        }, cancellationToken: Ct), "update_mask");
        Assert.Equal(body.DisplayName, (await Client.GetBodyAsync(new GetBodyRequest { Name = body.Name }, cancellationToken: Ct)).DisplayName);
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("12345")]
    [InlineData("3f2c7a9e-1b4d-4c8e-9f00-5d6e7a8b9c0")]
    public async Task A_request_id_that_is_not_a_UUID_is_rejected(string requestId)
    {
        var (body, meeting, item) = await MeetingInStateAsync(MeetingState.AgendaPublished);

        await ApiAssert.InvalidArgument(() => Client.CreateBodyAsync(new CreateBodyRequest { Body = new Body { DisplayName = "X" }, RequestId = requestId },
            cancellationToken: Ct), "request_id");
        await ApiAssert.InvalidArgument(() => Client.ScheduleMeetingAsync(new ScheduleMeetingRequest
        {
            Meeting = new Meeting { Body = body.Name, Start = Local(2017, 3, 9) },
            RequestId = requestId,
        }, cancellationToken: Ct), "request_id");
        await ApiAssert.InvalidArgument(() => Client.AddAgendaItemAsync(new AddAgendaItemRequest { Parent = meeting.Name, Item = NewItem(), RequestId = requestId },
            cancellationToken: Ct), "request_id");
        await ApiAssert.InvalidArgument(() => Client.RecordDecisionAsync(new RecordDecisionRequest
        {
            Parent = item.Name,
            Decision = new Decision { Outcome = DecisionOutcome.Approved },
            RequestId = requestId,
        }, cancellationToken: Ct), "request_id");
        Assert.Equal(1, (await GetMeetingAsync(meeting.Name)).ItemCount);
        Assert.Empty(await ListDecisionsAsync(item));
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("Europe/Berlin")]
    [InlineData("europe/copenhagen")]
    public async Task A_start_in_another_time_zone_is_rejected(string zone)
    {
        var body = await CreateBodyAsync();
        var start = Local(2017, 3, 9);
        start.TimeZone = new Google.Type.TimeZone { Id = zone };

        var error = await ApiAssert.InvalidArgument(() => Client.ScheduleMeetingAsync(new ScheduleMeetingRequest
        {
            Meeting = new Meeting { Body = body.Name, Start = start },
        }, cancellationToken: Ct), "meeting.start.time_zone");
        Assert.Contains("Europe/Copenhagen", error.BadRequest!.FieldViolations[0].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_start_with_a_utc_offset_is_rejected()
    {
        var body = await CreateBodyAsync();
        var start = Local(2017, 3, 9);
        start.UtcOffset = Duration.FromTimeSpan(TimeSpan.FromHours(1));

        await ApiAssert.InvalidArgument(() => Client.ScheduleMeetingAsync(new ScheduleMeetingRequest { Meeting = new Meeting { Body = body.Name, Start = start } },
            cancellationToken: Ct), "meeting.start.utc_offset");
    }

    [Fact]
    public async Task A_local_time_that_does_not_exist_is_rejected()
    {
        var body = await CreateBodyAsync();

        var error = await ApiAssert.InvalidArgument(() => Client.ScheduleMeetingAsync(new ScheduleMeetingRequest
        {
            Meeting = new Meeting { Body = body.Name, Start = Local(2026, 3, 29, 2, 30) },
        }, cancellationToken: Ct), "meeting.start");
        Assert.Contains("does not exist", error.BadRequest!.FieldViolations[0].Description, StringComparison.Ordinal);

        var meeting = await ScheduleAsync(body);
        await ApiAssert.InvalidArgument(() => Client.UpdateMeetingAsync(new UpdateMeetingRequest
        {
            Meeting = new Meeting { Name = meeting.Name, Start = Local(2026, 3, 29, 2, 30) },
            UpdateMask = new FieldMask { Paths = { "start" } },
        }, cancellationToken: Ct), "meeting.start");
        Assert.Equal(meeting.Start, (await GetMeetingAsync(meeting.Name)).Start);
    }

    [Theory]
    [InlineData(2017, 2, 30)]
    [InlineData(1999, 3, 9)]
    [InlineData(2017, 0, 9)]
    public async Task An_invalid_start_date_is_rejected(int year, int month, int day)
    {
        var body = await CreateBodyAsync();

        await ApiAssert.InvalidArgument(() => Client.ScheduleMeetingAsync(new ScheduleMeetingRequest
        {
            Meeting = new Meeting { Body = body.Name, Start = Local(year, month, day) },
        }, cancellationToken: Ct), "meeting.start");
    }

    [Fact]
    public async Task A_meeting_without_a_start_is_rejected()
    {
        var body = await CreateBodyAsync();

        await ApiAssert.InvalidArgument(() => Client.ScheduleMeetingAsync(new ScheduleMeetingRequest { Meeting = new Meeting { Body = body.Name } },
            cancellationToken: Ct), "meeting.start");
    }

    [Fact]
    public async Task A_list_date_range_that_ends_before_it_starts_is_rejected()
    {
        await ApiAssert.InvalidArgument(() => Client.ListMeetingsAsync(new ListMeetingsRequest { StartDate = Date(2017, 3, 9), EndDate = Date(2017, 3, 8) },
            cancellationToken: Ct), "end_date");
        await ApiAssert.InvalidArgument(() => Client.ListMeetingsAsync(new ListMeetingsRequest { StartDate = Date(2017, 2, 30) },
            cancellationToken: Ct), "start_date");
    }

    [Fact]
    public async Task A_point_outcome_for_a_label_not_in_the_recommendation_is_rejected()
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body);
        var item = await AddItemAsync(meeting, configure: i => i.Recommendation = new Recommendation
        {
            Points = { new RecommendationPoint { Label = "1", Text = "godkender" }, new RecommendationPoint { Label = "2", Text = "oversender" } },
        });
        var bare = await AddItemAsync(meeting, "Uden indstilling");
        await PublishAsync(meeting);

        var error = await ApiAssert.InvalidArgument(() => Client.RecordDecisionAsync(new RecordDecisionRequest
        {
            Parent = item.Name,
            Decision = new Decision
            {
                Outcome = DecisionOutcome.Approved,
                PointOutcomes =
                {
                    new PointOutcome { Label = "1", Outcome = DecisionOutcome.Approved },
                    new PointOutcome { Label = "3", Outcome = DecisionOutcome.Approved },
                },
            },
        }, cancellationToken: Ct), "decision.point_outcomes[1].label");
        Assert.Contains("'3'", error.BadRequest!.FieldViolations[0].Description, StringComparison.Ordinal);
        await ApiAssert.InvalidArgument(() => Client.RecordDecisionAsync(new RecordDecisionRequest
        {
            Parent = bare.Name,
            Decision = new Decision { Outcome = DecisionOutcome.Approved, PointOutcomes = { new PointOutcome { Label = "1", Outcome = DecisionOutcome.Approved } } },
        }, cancellationToken: Ct), "decision.point_outcomes[0].label");

        var decision = await DecideAsync(item);
        await ApiAssert.InvalidArgument(() => Client.UpdateDecisionAsync(new UpdateDecisionRequest
        {
            Decision = new Decision { Name = decision.Name, PointOutcomes = { new PointOutcome { Label = "a", Outcome = DecisionOutcome.Approved } } },
            UpdateMask = new FieldMask { Paths = { "point_outcomes" } },
        }, cancellationToken: Ct), "decision.point_outcomes[0].label");
        Assert.Equal([decision.Name], (await ListDecisionsAsync(item)).Select(d => d.Name));
        Assert.Empty(await ListDecisionsAsync(bare));
    }

    [Fact]
    public async Task A_decision_needs_an_outcome_and_postponed_to_only_goes_with_POSTPONED()
    {
        var (body, _, item) = await MeetingInStateAsync(MeetingState.AgendaPublished);
        var later = await ScheduleAsync(body, Local(2017, 3, 16));

        await ApiAssert.InvalidArgument(() => Client.RecordDecisionAsync(new RecordDecisionRequest
        {
            Parent = item.Name,
            Decision = new Decision { Text = "Godkendt." },
        }, cancellationToken: Ct), "decision.outcome");
        await ApiAssert.InvalidArgument(() => Client.RecordDecisionAsync(new RecordDecisionRequest
        {
            Parent = item.Name,
            Decision = new Decision { Outcome = DecisionOutcome.Approved, PostponedTo = later.Name },
        }, cancellationToken: Ct), "decision.postponed_to");
        await ApiAssert.InvalidArgument(() => Client.RecordDecisionAsync(new RecordDecisionRequest
        {
            Parent = item.Name,
            Decision = new Decision
            {
                Outcome = DecisionOutcome.Approved,
                FollowUps = { new FollowUp { Description = "", Unit = "" } },
                Referrals = { new Referral { BodyDisplayName = "", ExpectedDate = Date(2017, 13, 1) } },
            },
        }, cancellationToken: Ct), "decision.follow_ups[0].description", "decision.follow_ups[0].unit",
            "decision.referrals[0].body_display_name", "decision.referrals[0].expected_date");
        Assert.Empty(await ListDecisionsAsync(item));
        Assert.Equal(0, (await GetMeetingAsync(later.Name)).ItemCount);
    }

    [Fact]
    public async Task A_correction_must_name_a_decision_of_the_same_item()
    {
        var (_, meeting, item) = await MeetingInStateAsync(MeetingState.AgendaPublished);
        var other = await AddItemAsync(meeting, "Andet punkt");
        var decision = await DecideAsync(other);

        await ApiAssert.InvalidArgument(() => Client.RecordDecisionAsync(new RecordDecisionRequest
        {
            Parent = item.Name,
            Decision = new Decision { Outcome = DecisionOutcome.Approved, Corrects = decision.Name },
        }, cancellationToken: Ct), "decision.corrects");
        await ApiAssert.InvalidArgument(() => Client.RecordDecisionAsync(new RecordDecisionRequest
        {
            Parent = item.Name,
            Decision = new Decision { Outcome = DecisionOutcome.Approved, Corrects = "beslutning-1" },
        }, cancellationToken: Ct), "decision.corrects");
    }

    [Fact]
    public async Task Reorder_must_list_every_item_exactly_once()
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body);
        var a = await AddItemAsync(meeting, "A");
        var b = await AddItemAsync(meeting, "B");
        var elsewhere = await AddItemAsync(await ScheduleAsync(body), "C");

        await ApiAssert.InvalidArgument(() => Client.ReorderAgendaItemsAsync(new ReorderAgendaItemsRequest { Parent = meeting.Name, Items = { b.Name } },
            cancellationToken: Ct), "items");
        await ApiAssert.InvalidArgument(() => Client.ReorderAgendaItemsAsync(new ReorderAgendaItemsRequest { Parent = meeting.Name, Items = { b.Name, b.Name } },
            cancellationToken: Ct), "items");
        await ApiAssert.InvalidArgument(() => Client.ReorderAgendaItemsAsync(new ReorderAgendaItemsRequest
        {
            Parent = meeting.Name,
            Items = { b.Name, a.Name, elsewhere.Name },
        }, cancellationToken: Ct), "items[2]");
        Assert.Equal([a.Name, b.Name], (await ListItemsAsync(meeting)).Select(i => i.Name));
    }

    [Fact]
    public async Task An_unknown_audience_is_rejected()
    {
        var (_, meeting, _) = await MeetingInStateAsync(MeetingState.AgendaPublished);

        await ApiAssert.InvalidArgument(() => Client.GetMinutesAsync(new GetMinutesRequest { Meeting = meeting.Name, Audience = (Audience)7 }, cancellationToken: Ct),
            "audience");
    }

    [Fact]
    public async Task A_missing_message_is_rejected()
    {
        var (body, meeting, item) = await MeetingInStateAsync(MeetingState.AgendaPublished);

        await ApiAssert.InvalidArgument(() => Client.CreateBodyAsync(new CreateBodyRequest(), cancellationToken: Ct), "body");
        await ApiAssert.InvalidArgument(() => Client.UpdateBodyAsync(new UpdateBodyRequest(), cancellationToken: Ct), "body");
        await ApiAssert.InvalidArgument(() => Client.ScheduleMeetingAsync(new ScheduleMeetingRequest(), cancellationToken: Ct), "meeting");
        await ApiAssert.InvalidArgument(() => Client.AddAgendaItemAsync(new AddAgendaItemRequest { Parent = meeting.Name }, cancellationToken: Ct), "item");
        await ApiAssert.InvalidArgument(() => Client.RecordDecisionAsync(new RecordDecisionRequest { Parent = item.Name }, cancellationToken: Ct), "decision");
        Assert.Equal(body.Name, (await GetMeetingAsync(meeting.Name)).Body);
    }
}

public sealed class ValidationApiSqliteTests(SqliteApiHost host) : ValidationApiTests(host), IClassFixture<SqliteApiHost>;

public sealed class ValidationApiPostgresTests(PostgresApiHost host) : ValidationApiTests(host), IClassFixture<PostgresApiHost>;
