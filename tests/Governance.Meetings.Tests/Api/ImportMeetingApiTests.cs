using DocumentFormat.OpenXml.Packaging;
using Governance.Audit.V1;
using Governance.Meetings.Security;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Security;

namespace Governance.Meetings.Tests.Api;

/// <summary>
/// ImportMeeting against the real host: a past meeting's minutes as one record, held and approved at
/// its historical start; the same content again changes nothing; other content replaces the import
/// under the same name; a meeting no import made is never touched; the chain of earlier decisions
/// becomes historical meetings (or links to the body's own meeting of that date); validation, access,
/// closed items and the unclassified lines.
/// </summary>
public abstract class ImportMeetingApiTests(IApiHost host) : ApiTestBase(host)
{
    private const string Secret = "Fortrolig personalesag om Jens Hansen";
    private const string JournalNumber = "16/25345";

    private static ImportMeetingRequest Request(Body body, string decisionText = "Godkendt.", Action<ImportMeetingRequest>? configure = null)
    {
        var request = new ImportMeetingRequest
        {
            Body = body.Name,
            Start = Local(2017, 3, 9),
            Room = "Mødelokale B105",
            Participants = { DirektionenMembers },
            Items =
            {
                new ImportedItem
                {
                    Title = "Regnskab 2016 (Direktionen)",
                    JournalNumber = JournalNumber,
                    Sections = { new Section { Kind = SectionKind.Baggrund, Text = "Regnskabet for 2016 foreligger." } },
                    Decisions = { new ImportedDecision { MeetingDate = Date(2017, 3, 9), Outcome = DecisionOutcome.Approved, Text = decisionText } },
                },
                new ImportedItem { Title = "Befolkningsprognose 2017-29", JournalNumber = "16/26764", Kind = ItemKind.Ordinary },
            },
            Source = "direktionen-2017-03-09.txt",
        };
        configure?.Invoke(request);
        return request;
    }

    private async Task<ImportMeetingResponse> ImportAsync(ImportMeetingRequest request, MeetingsService.MeetingsServiceClient? client = null) =>
        await (client ?? Client).ImportMeetingAsync(request, cancellationToken: Ct);

    private MeetingsService.MeetingsServiceClient As(string subject, string[] roles, params string[] bodies) =>
        new(Host.Server.CreateChannel(Host.Server.Tokens!.Issue(subject, roles, [MeetingsClaims.ForBodies(bodies)])));

    private async Task<IReadOnlyList<AuditEntry>> AuditOfAsync(string resource) =>
        (await As($"auditor-{Guid.NewGuid():N}"[..20], [PlatformRoles.Auditor]).ListAuditEntriesAsync(
            new ListAuditEntriesRequest { Resource = resource, PageSize = 100 }, cancellationToken: Ct)).Entries;

    [Fact]
    public async Task An_import_creates_the_meeting_held_and_approved_at_its_historical_start()
    {
        var body = await CreateBodyAsync();
        var before = DateTime.UtcNow.AddMinutes(-1);

        var response = await ImportAsync(Request(body));

        Assert.Equal(ImportOutcome.Created, response.Outcome);
        Assert.Empty(response.HistoricalMeetings);
        Assert.Equal((2, 1, 1, 0), (response.ItemCount, response.DecisionCount, response.SectionCount, response.UnclassifiedCount));
        var meeting = await GetMeetingAsync(response.Meeting.Name);
        Assert.Equal(MeetingState.MinutesApproved, meeting.State);
        Assert.Equal(new DateTime(2017, 3, 9, 7, 30, 0, DateTimeKind.Utc), meeting.StartTime.ToDateTime());
        Assert.Equal(meeting.StartTime, meeting.AgendaPublishTime);
        Assert.Equal(meeting.StartTime, meeting.HeldTime);
        Assert.Equal(meeting.StartTime, meeting.MinutesApproveTime);
        Assert.True(meeting.CreateTime.ToDateTime() > before, "the record is created now, not at the historical date");
        Assert.Equal("Mødelokale B105", meeting.Room);

        var items = await ListItemsAsync(meeting);
        Assert.Equal([(1, "Regnskab 2016 (Direktionen)", ItemKind.Ordinary), (2, "Befolkningsprognose 2017-29", ItemKind.Ordinary)],
            items.Select(i => (i.Number, i.Title, i.Kind)));
        var minutes = await GetMinutesAsync(meeting);
        Assert.Equal(MinutesStatus.Approved, minutes.Status);
        Assert.Contains("REFERAT Direktionen d. 09-03-2017", minutes.Text, StringComparison.Ordinal);
        Assert.Contains("Beslutning Direktionen den 09-03-2017", minutes.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("UDKAST", minutes.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_content_again_is_unchanged_and_changes_nothing()
    {
        var body = await CreateBodyAsync();
        var first = await ImportAsync(Request(body));
        var item = (await ListItemsAsync(first.Meeting))[0];

        // Another source is not other content.
        var again = await ImportAsync(Request(body, configure: r => r.Source = "kopi/direktionen-2017-03-09.txt"));

        Assert.Equal(ImportOutcome.Unchanged, again.Outcome);
        Assert.Equal(first.Meeting.Name, again.Meeting.Name);
        var meeting = await GetMeetingAsync(first.Meeting.Name);
        Assert.Equal((first.Meeting.Etag, first.Meeting.UpdateTime), (meeting.Etag, meeting.UpdateTime));
        Assert.Single(await ListDecisionsAsync(item));
        Assert.Equal(item.Etag, (await GetItemAsync(item.Name)).Etag);
        var audit = await AuditOfAsync(first.Meeting.Name);
        Assert.Equal(2, audit.Count(e => e.Method.EndsWith("/ImportMeeting", StringComparison.Ordinal)));
        Assert.Contains(audit, e => e.Detail.StartsWith("unchanged", StringComparison.Ordinal) && e.Detail.Contains("kopi/direktionen-2017-03-09.txt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Other_content_replaces_the_import_under_the_same_name_and_is_audited()
    {
        var body = await CreateBodyAsync();
        var first = await ImportAsync(Request(body, "Godkendt."));
        var item = (await ListItemsAsync(first.Meeting))[0];

        var replaced = await ImportAsync(Request(body, "Godkendt med den bemærkning, at regnskabet sendes til revisionen."));

        Assert.Equal(ImportOutcome.Replaced, replaced.Outcome);
        Assert.Equal(first.Meeting.Name, replaced.Meeting.Name);
        Assert.NotEqual(first.Meeting.Etag, replaced.Meeting.Etag);
        var minutes = await GetMinutesAsync(replaced.Meeting);
        Assert.Contains("sendes til revisionen", minutes.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Godkendt.\n", minutes.Text, StringComparison.Ordinal);
        // Same position and journal number: the same item.
        var items = await ListItemsAsync(replaced.Meeting);
        Assert.Equal(item.Name, items[0].Name);
        Assert.Equal("Godkendt med den bemærkning, at regnskabet sendes til revisionen.", Assert.Single(await ListDecisionsAsync(items[0])).Text);

        var audit = await AuditOfAsync(first.Meeting.Name);
        var imports = audit.Where(e => e.Method.EndsWith("/ImportMeeting", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, imports.Count);
        Assert.All(imports, e => Assert.Equal(AuditAction.Change, e.Action));
        Assert.Contains(imports, e => e.Detail.StartsWith("replaced the earlier import", StringComparison.Ordinal) && e.Detail.Contains("1 decisions", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_corrected_import_is_not_replaced_so_the_correction_is_never_lost()
    {
        var body = await CreateBodyAsync();
        var first = await ImportAsync(Request(body, "Godkendt."));
        var item = (await ListItemsAsync(first.Meeting))[0];
        var original = Assert.Single(await ListDecisionsAsync(item));
        await DecideAsync(item, DecisionOutcome.Approved, "Rettelse: godkendt med bemærkninger Kw7.", d => d.Corrects = original.Name);

        var error = await ApiAssert.FailedPrecondition(
            () => Client.ImportMeetingAsync(Request(body, "Godkendt med en anden tekst."), cancellationToken: Ct), "CORRECTED_AFTER_IMPORT");

        Assert.Contains(first.Meeting.Name, error.Message, StringComparison.Ordinal);
        var minutes = await GetMinutesAsync(first.Meeting);
        Assert.Contains("Rettelse: godkendt med bemærkninger Kw7.", minutes.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("en anden tekst", minutes.Text, StringComparison.Ordinal);
        Assert.Equal(2, (await ListDecisionsAsync(item)).Count);
        // The same content again still changes nothing and says so.
        Assert.Equal(ImportOutcome.Unchanged, (await ImportAsync(Request(body, "Godkendt."))).Outcome);
    }

    [Fact]
    public async Task A_meeting_no_import_made_at_that_start_is_never_touched()
    {
        var body = await CreateBodyAsync();
        var scheduled = await ScheduleAsync(body, Local(2017, 3, 9));

        var error = await ApiAssert.FailedPrecondition(() => Client.ImportMeetingAsync(Request(body), cancellationToken: Ct), "NOT_IMPORTED");

        Assert.Contains(scheduled.Name, error.Message, StringComparison.Ordinal);
        var after = await GetMeetingAsync(scheduled.Name);
        Assert.Equal((scheduled.Etag, MeetingState.Planned, 0), (after.Etag, after.State, after.ItemCount));
        Assert.Single((await Client.ListMeetingsAsync(new ListMeetingsRequest { Body = body.Name }, cancellationToken: Ct)).Meetings);
    }

    /// <summary>The referat prints three decisions on the matter: postponed on 13-02, postponed again on
    /// 27-02, approved on 09-03.</summary>
    private static ImportMeetingRequest ChainRequest(Body body) => Request(body, configure: r =>
    {
        r.Items[0].Decisions.Add(new ImportedDecision
        {
            MeetingDate = Date(2017, 2, 27), Outcome = DecisionOutcome.Postponed, Text = "Udskudt.", PostponedToDate = Date(2017, 3, 9),
        });
        r.Items[0].Decisions.Add(new ImportedDecision
        {
            MeetingDate = Date(2017, 2, 13), Outcome = DecisionOutcome.Postponed, Text = "Udskudt til næste møde.", PostponedToDate = Date(2017, 2, 27),
        });
    });

    [Fact]
    public async Task Earlier_decisions_become_historical_meetings_chained_by_postponement()
    {
        var body = await CreateBodyAsync();

        var response = await ImportAsync(ChainRequest(body));

        Assert.Equal(2, response.HistoricalMeetings.Count);
        Assert.Equal(3, response.DecisionCount);
        var historical = new List<Meeting>();
        foreach (var name in response.HistoricalMeetings)
        {
            historical.Add(await GetMeetingAsync(name));
        }
        Assert.Equal([new DateTime(2017, 2, 13, 7, 30, 0, DateTimeKind.Utc), new DateTime(2017, 2, 27, 7, 30, 0, DateTimeKind.Utc)],
            historical.Select(m => m.StartTime.ToDateTime()));
        Assert.All(historical, m =>
        {
            Assert.Equal(MeetingState.MinutesApproved, m.State);
            Assert.Equal(m.StartTime, m.AgendaPublishTime);
            Assert.Equal(m.StartTime, m.HeldTime);
            Assert.Equal(m.StartTime, m.MinutesApproveTime);
            Assert.Equal(1, m.ItemCount);
        });

        var item = (await ListItemsAsync(response.Meeting))[0];
        var history = await ListDecisionsAsync(item);
        Assert.Equal([DecisionOutcome.Approved, DecisionOutcome.Postponed, DecisionOutcome.Postponed], history.Select(d => d.Outcome));
        var minutes = await GetMinutesAsync(response.Meeting);
        var newest = minutes.Text.IndexOf("Beslutning Direktionen den 09-03-2017", StringComparison.Ordinal);
        var middle = minutes.Text.IndexOf("Beslutning Direktionen den 27-02-2017", StringComparison.Ordinal);
        var oldest = minutes.Text.IndexOf("Beslutning Direktionen den 13-02-2017", StringComparison.Ordinal);
        Assert.True(newest >= 0 && newest < middle && middle < oldest, $"decision headings not newest first:\n{minutes.Text}");

        var onFeb27 = (await ListItemsAsync(historical[1]))[0];
        var onFeb13 = (await ListItemsAsync(historical[0]))[0];
        Assert.Equal((JournalNumber, onFeb13.Name), (onFeb27.JournalNumber, onFeb27.OriginItem));
        Assert.Equal(onFeb27.Name, item.OriginItem);
        var feb27 = await GetDecisionAsync(history[1].Name);
        Assert.Equal((response.Meeting.Name, item.Name), (feb27.PostponedTo, feb27.CarriedItem));
        var feb13 = await GetDecisionAsync(history[2].Name);
        Assert.Equal((historical[1].Name, onFeb27.Name), (feb13.PostponedTo, feb13.CarriedItem));
        // The historical meeting's own approved minutes hold its decision.
        Assert.Contains("Udskudt til næste møde.", (await GetMinutesAsync(historical[0])).Text, StringComparison.Ordinal);

        // Importing it again reuses the historical meetings.
        var again = await ImportAsync(ChainRequest(body));
        Assert.Equal(ImportOutcome.Unchanged, again.Outcome);
        Assert.Equal(response.HistoricalMeetings, again.HistoricalMeetings);
        var changed = ChainRequest(body);
        changed.Items[0].Decisions[1].Text = "Udskudt, da sagen mangler bilag.";
        var replaced = await ImportAsync(changed);
        Assert.Equal(ImportOutcome.Replaced, replaced.Outcome);
        Assert.Equal(response.HistoricalMeetings, replaced.HistoricalMeetings);
        Assert.Equal(3, (await Client.ListMeetingsAsync(new ListMeetingsRequest { Body = body.Name }, cancellationToken: Ct)).Meetings.Count);
        Assert.Contains("Udskudt, da sagen mangler bilag.", (await GetMinutesAsync(replaced.Meeting)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_earlier_meeting_of_the_body_with_the_matter_is_linked_not_duplicated()
    {
        var body = await CreateBodyAsync();
        var existing = await ScheduleAsync(body, Local(2017, 2, 27, 9, 0));
        var existingItem = await AddItemAsync(existing, journalNumber: JournalNumber);
        await PublishAsync(existing);
        await DecideAsync(existingItem, DecisionOutcome.Discussed, "Drøftet i Direktionen.");

        var response = await ImportAsync(Request(body, configure: r => r.Items[0].Decisions.Add(new ImportedDecision
        {
            MeetingDate = Date(2017, 2, 27), Outcome = DecisionOutcome.Discussed, Text = "Drøftet.",
        })));

        Assert.Empty(response.HistoricalMeetings);
        Assert.Equal(2, (await Client.ListMeetingsAsync(new ListMeetingsRequest { Body = body.Name }, cancellationToken: Ct)).Meetings.Count);
        var item = (await ListItemsAsync(response.Meeting))[0];
        Assert.Equal(existingItem.Name, item.OriginItem);
        Assert.Single(await ListDecisionsAsync(existingItem));
        var history = await ListDecisionsAsync(item);
        Assert.Equal(["Godkendt.", "Drøftet i Direktionen."], history.Select(d => d.Text));
    }

    /// <summary>The minutes of 09-03 record the matter's postponement on 27-02 (a historical meeting
    /// when those minutes are not imported yet).</summary>
    private static ImportMeetingRequest LaterRequest(Body body, string decisionText = "Godkendt.") => Request(body, decisionText, r =>
        r.Items[0].Decisions.Add(new ImportedDecision
        {
            MeetingDate = Date(2017, 2, 27), Outcome = DecisionOutcome.Postponed, Text = "Udskudt.", PostponedToDate = Date(2017, 3, 9),
        }));

    /// <summary>The full minutes of 27-02: the matter (postponed there) and another item.</summary>
    private static ImportMeetingRequest EarlierRequest(Body body, int hours = 8, int minutes = 30) => new()
    {
        Body = body.Name,
        Start = Local(2017, 2, 27, hours, minutes),
        Room = "Mødelokale A1",
        Participants = { DirektionenMembers },
        Items =
        {
            new ImportedItem { Title = "Orientering om budget 2018", JournalNumber = "17/1234",
                Decisions = { new ImportedDecision { MeetingDate = Date(2017, 2, 27), Outcome = DecisionOutcome.Noted, Text = "Taget til efterretning." } } },
            new ImportedItem
            {
                Title = "Regnskab 2016 (Direktionen)",
                JournalNumber = JournalNumber,
                Sections = { new Section { Kind = SectionKind.Baggrund, Text = "Regnskabet mangler revisionens påtegning." } },
                Decisions = { new ImportedDecision { MeetingDate = Date(2017, 2, 27), Outcome = DecisionOutcome.Postponed, Text = "Udskudt til revisionen har påtegnet." } },
            },
        },
        Source = "direktionen-2017-02-27.txt",
    };

    private async Task<IReadOnlyList<Meeting>> MeetingsOnAsync(Body body, Google.Type.Date day) =>
        (await Client.ListMeetingsAsync(new ListMeetingsRequest { Body = body.Name, StartDate = day, EndDate = day }, cancellationToken: Ct)).Meetings;

    [Fact]
    public async Task Earlier_minutes_imported_after_later_ones_adopt_the_historical_meeting_and_keep_the_chain()
    {
        var body = await CreateBodyAsync();
        var later = await ImportAsync(LaterRequest(body));
        var placeholderName = Assert.Single(later.HistoricalMeetings);
        var placeholderItem = Assert.Single(await ListItemsAsync(await GetMeetingAsync(placeholderName)));
        var laterItem = (await ListItemsAsync(later.Meeting))[0];

        var earlier = await ImportAsync(EarlierRequest(body));

        Assert.Equal(ImportOutcome.Adopted, earlier.Outcome);
        Assert.Equal(placeholderName, earlier.Meeting.Name);
        Assert.Empty(earlier.HistoricalMeetings);
        Assert.Equal(2, (await Client.ListMeetingsAsync(new ListMeetingsRequest { Body = body.Name }, cancellationToken: Ct)).Meetings.Count);
        // Its full content; the matter keeps the placeholder's item (the later item still continues it).
        var adopted = await GetMeetingAsync(placeholderName);
        Assert.Equal(("Mødelokale A1", MeetingState.MinutesApproved, 2), (adopted.Room, adopted.State, adopted.ItemCount));
        var items = await ListItemsAsync(adopted);
        Assert.Equal(["Orientering om budget 2018", "Regnskab 2016 (Direktionen)"], items.Select(i => i.Title));
        Assert.Equal(placeholderItem.Name, items[1].Name);
        Assert.Equal(placeholderItem.Name, (await GetItemAsync(laterItem.Name)).OriginItem);
        var postponed = Assert.Single(await ListDecisionsAsync(items[1]));
        Assert.Equal((DecisionOutcome.Postponed, "Udskudt til revisionen har påtegnet.", later.Meeting.Name, laterItem.Name),
            (postponed.Outcome, postponed.Text, postponed.PostponedTo, postponed.CarriedItem));
        var adoptedMinutes = await GetMinutesAsync(adopted);
        Assert.Contains("REFERAT Direktionen d. 27-02-2017", adoptedMinutes.Text, StringComparison.Ordinal);
        Assert.Contains("Regnskabet mangler revisionens påtegning.", adoptedMinutes.Text, StringComparison.Ordinal);
        Assert.Contains("Taget til efterretning.", adoptedMinutes.Text, StringComparison.Ordinal);
        // The later minutes still show the chain, newest first; the history has the adopted decision.
        var laterMinutes = await GetMinutesAsync(later.Meeting);
        var newest = laterMinutes.Text.IndexOf("Beslutning Direktionen den 09-03-2017", StringComparison.Ordinal);
        var older = laterMinutes.Text.IndexOf("Beslutning Direktionen den 27-02-2017", StringComparison.Ordinal);
        Assert.True(newest >= 0 && newest < older, laterMinutes.Text);
        Assert.Equal(["Godkendt.", "Udskudt til revisionen har påtegnet."], (await ListDecisionsAsync(laterItem)).Select(d => d.Text));
        Assert.Contains(await AuditOfAsync(placeholderName), e => e.Method.EndsWith("/ImportMeeting", StringComparison.Ordinal)
            && e.Detail.StartsWith($"imported, adopting the historical meeting of the import of {later.Meeting.Name}", StringComparison.Ordinal));

        // The earlier minutes again: unchanged.
        var again = await ImportAsync(EarlierRequest(body));
        Assert.Equal((ImportOutcome.Unchanged, placeholderName), (again.Outcome, again.Meeting.Name));

        // The later minutes replaced: the adopted meeting is no longer theirs, so it stays, and is linked.
        var replaced = await ImportAsync(LaterRequest(body, "Godkendt med bemærkninger."));
        Assert.Equal(ImportOutcome.Replaced, replaced.Outcome);
        Assert.Empty(replaced.HistoricalMeetings);
        Assert.Equal(2, (await Client.ListMeetingsAsync(new ListMeetingsRequest { Body = body.Name }, cancellationToken: Ct)).Meetings.Count);
        var after = await GetMeetingAsync(placeholderName);
        Assert.Equal((adopted.Etag, 2), (after.Etag, after.ItemCount));
        var replacedItem = (await ListItemsAsync(replaced.Meeting))[0];
        Assert.Equal((laterItem.Name, placeholderItem.Name), (replacedItem.Name, replacedItem.OriginItem));
        var link = await GetDecisionAsync(postponed.Name);
        Assert.Equal((replaced.Meeting.Name, replacedItem.Name), (link.PostponedTo, link.CarriedItem));
        Assert.Equal(["Godkendt med bemærkninger.", "Udskudt til revisionen har påtegnet."], (await ListDecisionsAsync(replacedItem)).Select(d => d.Text));
        Assert.Contains("Regnskabet mangler revisionens påtegning.", (await GetMinutesAsync(after)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Earlier_minutes_at_another_time_of_day_adopt_the_historical_meeting_rather_than_add_one()
    {
        var body = await CreateBodyAsync();
        var later = await ImportAsync(LaterRequest(body));
        var placeholderName = Assert.Single(later.HistoricalMeetings);

        var earlier = await ImportAsync(EarlierRequest(body, 10, 0));

        Assert.Equal((ImportOutcome.Adopted, placeholderName), (earlier.Outcome, earlier.Meeting.Name));
        var onThatDay = Assert.Single(await MeetingsOnAsync(body, Date(2017, 2, 27)));
        Assert.Equal(placeholderName, onThatDay.Name);
        Assert.Equal(new DateTime(2017, 2, 27, 9, 0, 0, DateTimeKind.Utc), onThatDay.StartTime.ToDateTime());
        Assert.Equal(onThatDay.StartTime, onThatDay.MinutesApproveTime);
        // Now it is this import's: the same content again at 10:00 is unchanged, and 08:30 adopts nothing more.
        Assert.Equal(ImportOutcome.Unchanged, (await ImportAsync(EarlierRequest(body, 10, 0))).Outcome);
        var laterItem = (await ListItemsAsync(later.Meeting))[0];
        Assert.Equal((await ListItemsAsync(onThatDay))[1].Name, laterItem.OriginItem);
    }

    [Fact]
    public async Task Bad_fields_are_each_named_at_once()
    {
        var body = await CreateBodyAsync();
        var request = new ImportMeetingRequest
        {
            Body = "Direktionen",
            Start = Local(2099, 1, 1),
            Items =
            {
                new ImportedItem
                {
                    Title = "",
                    JournalNumber = "2017-25345",
                    Sections = { new Section { Kind = SectionKind.Other, Text = "Uden overskrift" } },
                    ReminderList = new ReminderListContent { Text = "Huskeliste" },
                    Decisions =
                    {
                        new ImportedDecision { MeetingDate = Date(2017, 3, 9) },
                        new ImportedDecision { Outcome = DecisionOutcome.Approved },
                        new ImportedDecision { MeetingDate = Date(2017, 2, 27), Outcome = DecisionOutcome.Postponed, PostponedToDate = Date(2017, 2, 20) },
                    },
                },
            },
            UnclassifiedLines = { new string('x', 10_001) },
            Source = new string('s', 501),
        };

        await ApiAssert.InvalidArgument(() => Client.ImportMeetingAsync(request, cancellationToken: Ct),
            "body", "start", "items[0].title", "items[0].journal_number", "items[0].sections[0].heading", "items[0].reminder_list",
            "items[0].decisions[0].outcome", "items[0].decisions[1].meeting_date", "items[0].decisions[2].postponed_to_date",
            "unclassified_lines[0]", "source");

        var valid = Request(body);
        valid.Items.Clear();
        await ApiAssert.InvalidArgument(() => Client.ImportMeetingAsync(valid, cancellationToken: Ct), "items");
        var late = Request(body, configure: r => r.Items[0].Decisions.Add(new ImportedDecision { MeetingDate = Date(2017, 3, 10), Outcome = DecisionOutcome.Noted }));
        await ApiAssert.InvalidArgument(() => Client.ImportMeetingAsync(late, cancellationToken: Ct), "items[0].decisions[1].meeting_date");
        var ownPostponed = Request(body, configure: r => r.Items[0].Decisions[0].PostponedToDate = Date(2017, 3, 9));
        await ApiAssert.InvalidArgument(() => Client.ImportMeetingAsync(ownPostponed, cancellationToken: Ct), "items[0].decisions[0].postponed_to_date");
        Assert.Empty((await Client.ListMeetingsAsync(new ListMeetingsRequest { Body = body.Name }, cancellationToken: Ct)).Meetings);
    }

    [Fact]
    public async Task An_unclassified_section_is_refused_on_the_agenda()
    {
        var (_, meeting, item) = await PlannedMeetingAsync();
        var unclassified = new Section { Kind = SectionKind.Unclassified, Text = "Linje" };

        await ApiAssert.InvalidArgument(() => Client.AddAgendaItemAsync(new AddAgendaItemRequest
        {
            Parent = meeting.Name,
            Item = new AgendaItem { Title = "Regnskab 2016", JournalNumber = JournalNumber, Kind = ItemKind.Ordinary, Sections = { unclassified } },
        }, cancellationToken: Ct), "item.sections[0].kind");
        await ApiAssert.InvalidArgument(() => Client.UpdateAgendaItemAsync(new UpdateAgendaItemRequest
        {
            Item = new AgendaItem { Name = item.Name, Sections = { unclassified } },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "sections" } },
        }, cancellationToken: Ct), "item.sections[0].kind");
    }

    [Fact]
    public async Task Only_an_importer_of_the_body_may_import_and_a_refusal_is_audited()
    {
        var body = await CreateBodyAsync();
        var bodyId = body.Name["bodies/".Length..];

        var secretariat = As("import-secretariat", [MeetingsRoles.Secretariat], bodyId);
        await AuthorizationAssert.PermissionDenied(() => secretariat.ImportMeetingAsync(Request(body), cancellationToken: Ct).ResponseAsync,
            AuthorizationAssert.SecurityDomain, "ROLE_REQUIRED", "ImportMeeting as secretariat");
        var elsewhere = As($"importer-{Guid.NewGuid():N}"[..21], [MeetingsRoles.Importer], "another-body");
        var (refusal, info) = await AuthorizationAssert.PermissionDenied(() => elsewhere.ImportMeetingAsync(Request(body), cancellationToken: Ct).ResponseAsync,
            ApiAssert.Domain, "BODY_NOT_SERVED", "ImportMeeting as importer of another body");
        Assert.Equal(body.Name, info.Metadata["body"]);
        Assert.Empty((await Client.ListMeetingsAsync(new ListMeetingsRequest { Body = body.Name }, cancellationToken: Ct)).Meetings);
        Assert.Contains(await AuditOfAsync(body.Name), e => e.Action == AuditAction.Denied && e.Method.EndsWith("/ImportMeeting", StringComparison.Ordinal));

        var importer = As($"importer-{Guid.NewGuid():N}"[..21], [MeetingsRoles.Importer], bodyId);
        var created = await ImportAsync(Request(body), importer);
        var entry = Assert.Single(await AuditOfAsync(created.Meeting.Name));
        Assert.Equal((AuditAction.Change, "importer"), (entry.Action, string.Join(",", entry.Roles)));
        Assert.Contains("direktionen-2017-03-09.txt", entry.Detail, StringComparison.Ordinal);
        // The importer changes nothing else.
        await AuthorizationAssert.PermissionDenied(() => importer.ScheduleMeetingAsync(new ScheduleMeetingRequest
        {
            Meeting = new Meeting { Body = body.Name, Start = Local(2017, 4, 6) },
        }, cancellationToken: Ct).ResponseAsync, AuthorizationAssert.SecurityDomain, "ROLE_REQUIRED", "ScheduleMeeting as importer");
    }

    [Fact]
    public async Task A_closed_imported_item_is_Lukket_for_the_public_and_seen_by_the_members()
    {
        var body = await CreateBodyAsync();
        var response = await ImportAsync(Request(body, configure: r => r.Items.Add(new ImportedItem
        {
            Title = Secret,
            JournalNumber = "16/26739",
            Kind = ItemKind.Closed,
            Sections = { new Section { Kind = SectionKind.Baggrund, Text = Secret + " (baggrund)" } },
            Decisions = { new ImportedDecision { MeetingDate = Date(2017, 3, 9), Outcome = DecisionOutcome.Approved, Text = Secret + " (beslutning)" } },
        })));

        var publicMinutes = await GetMinutesAsync(response.Meeting, Audience.Public);
        Assert.DoesNotContain("Jens Hansen", publicMinutes.ToString(), StringComparison.Ordinal);
        var entry = publicMinutes.Items[2];
        Assert.Equal(("Lukket", "16/26739", true), (entry.Title, entry.JournalNumber, entry.Redacted));
        var text = (await Client.RenderMinutesAsync(new RenderMinutesRequest { Meeting = response.Meeting.Name, Audience = Audience.Public, Format = MinutesFormat.Text },
            cancellationToken: Ct)).Data.ToStringUtf8();
        Assert.Contains("Punkt 3: Lukket", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Jens Hansen", text, StringComparison.Ordinal);
        var reader = As("import-reader", [MeetingsRoles.EmployeeReader]);
        var closedName = (await ListItemsAsync(response.Meeting))[2].Name;
        var seenByReader = await reader.GetAgendaItemAsync(new GetAgendaItemRequest { Name = closedName }, cancellationToken: Ct);
        Assert.Equal(("Lukket", "16/26739"), (seenByReader.Title, seenByReader.JournalNumber));
        Assert.Empty(seenByReader.Sections);

        var members = await GetMinutesAsync(response.Meeting, Audience.Members);
        Assert.Contains(Secret + " (beslutning)", members.Text, StringComparison.Ordinal);
        Assert.Equal(Secret, (await GetItemAsync(closedName)).Title);
    }

    [Fact]
    public async Task Unclassified_lines_and_sections_are_printed_without_a_heading_in_every_format()
    {
        var body = await CreateBodyAsync();
        var response = await ImportAsync(Request(body, configure: r =>
        {
            r.UnclassifiedLines.Add("Afbud: Lars Holte");
            r.UnclassifiedLines.Add("Mødet hævet kl. 10.15");
            r.Items[0].Sections.Add(new Section { Kind = SectionKind.Unclassified, Text = "Side 3 af 7 <ulæselig>" });
        }));
        Assert.Equal(3, response.UnclassifiedCount);

        var minutes = await GetMinutesAsync(response.Meeting);
        Assert.Equal(["Afbud: Lars Holte", "Mødet hævet kl. 10.15"], minutes.Header.UnclassifiedLines);
        var section = Assert.Single(minutes.Items[0].Sections, s => s.Kind == SectionKind.Unclassified);
        Assert.Equal("", section.Heading);
        // After the header, each line as its own line, before the contents.
        var header = minutes.Text.IndexOf("Mødedeltagere", StringComparison.Ordinal);
        var lines = minutes.Text.IndexOf("\nAfbud: Lars Holte\nMødet hævet kl. 10.15\n", StringComparison.Ordinal);
        var contents = minutes.Text.IndexOf("Indholdsfortegnelse", StringComparison.Ordinal);
        Assert.True(header >= 0 && header < lines && lines < contents, minutes.Text);
        Assert.Contains("Side 3 af 7 <ulæselig>", minutes.Text, StringComparison.Ordinal);

        var markdown = (await Client.RenderMinutesAsync(new RenderMinutesRequest { Meeting = response.Meeting.Name, Format = MinutesFormat.Markdown },
            cancellationToken: Ct)).Data.ToStringUtf8();
        Assert.Contains("\nAfbud: Lars Holte\n\nMødet hævet kl. 10.15\n", markdown, StringComparison.Ordinal);
        Assert.Contains("Side 3 af 7 \\<ulæselig\\>", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("### \n", markdown, StringComparison.Ordinal);
        var html = (await Client.RenderMinutesAsync(new RenderMinutesRequest { Meeting = response.Meeting.Name, Format = MinutesFormat.Html },
            cancellationToken: Ct)).Data.ToStringUtf8();
        Assert.Contains("<p>Afbud: Lars Holte</p>\n<p>Mødet hævet kl. 10.15</p>", html, StringComparison.Ordinal);
        Assert.Contains("<p>Side 3 af 7 &lt;ulæselig&gt;</p>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<h3></h3>", html, StringComparison.Ordinal);
        var word = await Client.RenderMinutesAsync(new RenderMinutesRequest { Meeting = response.Meeting.Name, Format = MinutesFormat.Docx }, cancellationToken: Ct);
        using var docx = WordprocessingDocument.Open(new MemoryStream(word.Data.ToByteArray()), false);
        var paragraphs = docx.MainDocumentPart!.Document.Body!.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText).ToList();
        Assert.Contains("Afbud: Lars Holte", paragraphs);
        Assert.Contains("Mødet hævet kl. 10.15", paragraphs);
        Assert.Contains("Side 3 af 7 <ulæselig>", paragraphs);
        // No empty heading stands where the unclassified section is.
        Assert.DoesNotContain(docx.MainDocumentPart.Document.Body.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>(),
            p => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value?.StartsWith("Heading", StringComparison.Ordinal) == true && p.InnerText.Length == 0);
    }
}

public sealed class ImportMeetingApiSqliteTests(SqliteApiHost host) : ImportMeetingApiTests(host), IClassFixture<SqliteApiHost>;

public sealed class ImportMeetingApiPostgresTests(PostgresApiHost host) : ImportMeetingApiTests(host), IClassFixture<PostgresApiHost>;
