using Governance.Meetings.V1;

namespace Governance.Meetings.Tests.Api;

/// <summary>
/// Replays item 7 of the 2017-03-09 sample referat of Direktionen through the API: the item is on the
/// agenda of 27-02-2017, postponed ("Udskudt.") to 09-03-2017, decided there point by point, and the
/// approved minutes of 09-03-2017 show both decisions, newest first, as the sample does. The rest of
/// the 09-03-2017 agenda is built from the sample too, so the table of contents can be compared.
/// </summary>
public abstract class SampleReplayApiTests(IApiHost host) : ApiTestBase(host)
{
    private const string Item7Title = "Forslag om sporskifte i Nye Rammer -Ny Administration";
    private const string Heading0903 = "Beslutning Direktionen den 09-03-2017";
    private const string Heading2702 = "Beslutning Direktionen den 27-02-2017";

    private static readonly SampleMinutes Sample = SampleMinutes.Load();

    private sealed record Replay(Body Body, Meeting Meeting2702, Meeting Meeting0903, AgendaItem Original, AgendaItem Carried,
        Decision Postponed, Decision Decided);

    /// <summary>The sample's participants: "Name, ..., Name (sekretær)".</summary>
    private static IEnumerable<BodyMember> SampleParticipants() =>
        Sample.ParticipantsText.Split(", ").Select(name => name.EndsWith(" (sekretær)", StringComparison.Ordinal)
            ? new BodyMember { DisplayName = name[..^" (sekretær)".Length], Role = MemberRole.Secretary }
            : new BodyMember { DisplayName = name, Role = MemberRole.Member });

    /// <summary>Item 7 as the sample has it: Baggrund, Indstilling with its six points, Sagsfremstilling,
    /// Økonomi, "Anvendelse af investeringsmidler" and the attachments.</summary>
    private static AgendaItem Item7()
    {
        var sample = Sample.Item(7);
        var recommendation = sample.Under("Indstilling", Heading0903);
        var item = new AgendaItem
        {
            Title = sample.Title,
            JournalNumber = sample.JournalNumber,
            Kind = ItemKind.Ordinary,
            Sections =
            {
                new Section { Kind = SectionKind.Baggrund, Text = sample.Text("Baggrund", "Indstilling") },
                new Section { Kind = SectionKind.Sagsfremstilling, Text = sample.Text("Sagsfremstilling", "Økonomi") },
                new Section { Kind = SectionKind.Okonomi, Text = sample.Text("Økonomi", "Anvendelse af investeringsmidler") },
                new Section
                {
                    Kind = SectionKind.Other,
                    Heading = "Anvendelse af investeringsmidler",
                    Text = sample.Text("Anvendelse af investeringsmidler", "Bilag"),
                },
            },
            Recommendation = new Recommendation
            {
                Unit = "Administrationen",
                Text = recommendation[0],
                Points = { sample.Points("Indstilling", Heading0903).Select(p => new RecommendationPoint { Label = p.Label, Text = p.Text }) },
            },
            Attachments = { sample.Under("Bilag").Select(title => new Attachment { Title = title }) },
        };
        return item;
    }

    private async Task<Replay> ReplayAsync()
    {
        Assert.Equal(Item7Title, Sample.Item(7).Title);
        Assert.Equal("16/2219", Sample.Item(7).JournalNumber);
        Assert.Equal(6, Sample.Item(7).Points("Indstilling", Heading0903).Count);

        var body = await CreateBodyAsync("Direktionen", b =>
        {
            b.ShortName = "DIR";
            b.UsualRoom = Sample.Room;
            b.Members.Clear();
            b.Members.Add(SampleParticipants());
            b.AgendaTemplate.Add(new StandingItemTemplate { Title = "Økonomiopfølgning", JournalNumber = "16/26813", AppendMeetingDate = true });
            b.AgendaTemplate.Add(new StandingItemTemplate { Title = "Øvrige sager", JournalNumber = "16/26813", AppendMeetingDate = true });
        });

        // 09-03-2017 08:30: the standing items, then the sample's items 2-6.
        var meeting0903 = await ScheduleAsync(body, Local(2017, 3, 9, 8, 30), applyTemplate: true);
        Assert.Equal(Sample.Room, meeting0903.Room);
        var standing = await ListItemsAsync(meeting0903);
        Assert.Equal([Sample.TableOfContents[0], Sample.TableOfContents[7]], standing.Select(i => i.Title));
        var agenda = new List<string> { standing[0].Name };
        for (var number = 2; number <= 6; number++)
        {
            agenda.Add((await AddSampleItemAsync(meeting0903, number)).Name);
        }

        // 27-02-2017: item 7 is on the agenda and postponed to 09-03-2017.
        var meeting2702 = await ScheduleAsync(body, Local(2017, 2, 27, 8, 30), applyTemplate: true);
        var original = await Client.AddAgendaItemAsync(new AddAgendaItemRequest { Parent = meeting2702.Name, Item = Item7() }, cancellationToken: Ct);
        Assert.Equal(3, original.Number);
        meeting2702 = await PublishAsync(meeting2702);
        var postponed = await DecideAsync(original, DecisionOutcome.Postponed, Sample.Item(7).Text(Heading2702, "Sagsfremstilling"),
            d => d.PostponedTo = meeting0903.Name);
        Assert.Equal("Udskudt.", postponed.Text);
        Assert.Equal(Heading2702, postponed.Heading);
        meeting2702 = await AdvanceAsync(meeting2702, MeetingState.MinutesApproved);

        // 09-03-2017: the carried item is there; the agenda is put in the sample's order and published.
        var carried = await GetItemAsync(postponed.CarriedItem);
        Assert.Equal(original.Name, carried.OriginItem);
        Assert.Equal(8, carried.Number);
        Assert.False(carried.Supplement);
        agenda.Add(carried.Name);
        agenda.Add(standing[1].Name);
        agenda.Add((await AddSampleItemAsync(meeting0903, 9)).Name);
        var ordered = await Client.ReorderAgendaItemsAsync(new ReorderAgendaItemsRequest { Parent = meeting0903.Name, Items = { agenda } }, cancellationToken: Ct);
        Assert.Equal(7, ordered.Items.Single(i => i.Name == carried.Name).Number);
        meeting0903 = await PublishAsync(meeting0903);

        var decisionText = Sample.Item(7).Text(Heading0903, Heading2702);
        var decided = await DecideAsync(carried, DecisionOutcome.ApprovedWithRemarks, decisionText, d =>
        {
            DecisionOutcome[] outcomes =
            [
                DecisionOutcome.Approved, DecisionOutcome.Discussed, DecisionOutcome.Noted,
                DecisionOutcome.Noted, DecisionOutcome.Discussed, DecisionOutcome.Postponed,
            ];
            var points = Sample.Item(7).Points(Heading0903, Heading2702);
            Assert.Equal(6, points.Count);
            d.PointOutcomes.Add(points.Select((p, i) => new PointOutcome { Label = p.Label, Outcome = outcomes[i], Text = p.Text }));
        });
        await HoldAsync(meeting0903);
        meeting0903 = await ApproveAsync(meeting0903);
        return new Replay(body, meeting2702, meeting0903, original, await GetItemAsync(carried.Name), postponed, decided);
    }

    /// <summary>Adds the sample's item <paramref name="number"/> with its table-of-contents title and
    /// journal number; the closed items (the sample shows only "Lukket") get a title of their own.</summary>
    private async Task<AgendaItem> AddSampleItemAsync(Meeting meeting, int number)
    {
        var sample = Sample.Item(number);
        var closed = sample.Title == "Lukket";
        return await AddItemAsync(meeting,
            closed ? $"Personalesag nr. {number} (fortrolig)" : Sample.TableOfContents[number - 1],
            closed ? ItemKind.Closed : ItemKind.Ordinary,
            sample.JournalNumber,
            i =>
            {
                if (sample.Under("Baggrund", "Indstilling") is { Count: > 0 } background)
                {
                    i.Sections.Add(new Section { Kind = SectionKind.Baggrund, Text = string.Join("\n\n", background) });
                }
            });
    }

    [Fact]
    public async Task Approved_minutes_of_09_03_show_both_decisions_of_item_7_newest_first()
    {
        var replay = await ReplayAsync();

        var minutes = await GetMinutesAsync(replay.Meeting0903, Audience.Members);

        Assert.Equal(MinutesStatus.Approved, minutes.Status);
        var item = minutes.Items.Single(i => i.Number == 7);
        Assert.Equal($"Punkt 7: {Item7Title}", item.Heading);
        Assert.Equal("16/2219", item.JournalNumber);
        Assert.Equal(replay.Carried.Name, item.Item);
        Assert.Equal([Heading0903, Heading2702], item.Decisions.Select(d => d.Heading));
        Assert.Equal([replay.Decided.Name, replay.Postponed.Name], item.Decisions.Select(d => d.Name));
        Assert.Equal(Sample.Item(7).Text(Heading0903, Heading2702), item.Decisions[0].Text);
        Assert.Equal(["1", "2", "3", "4", "5", "6"], item.Decisions[0].PointOutcomes.Select(p => p.Label));
        Assert.Equal("Godkendt.", item.Decisions[0].PointOutcomes[0].Text);
        Assert.Equal("Udskudt.", item.Decisions[1].Text);
        Assert.Equal(DecisionOutcome.Postponed, item.Decisions[1].Outcome);
        Assert.Equal(replay.Meeting0903.Name, item.Decisions[1].PostponedTo);
        Assert.Equal(replay.Carried.Name, item.Decisions[1].CarriedItem);
        Assert.Equal(replay.Meeting2702.Name, item.Decisions[1].Meeting);
        Assert.Equal(Item7().Recommendation, item.Recommendation);
        Assert.Equal(Item7().Attachments, item.Attachments);

        // The text has the item as in the sample: Baggrund, Indstilling, both decisions (newest first), the rest.
        var text = minutes.Text.ReplaceLineEndings("\n");
        var from = text.LastIndexOf($"Punkt 7: {Item7Title}", StringComparison.Ordinal);
        var to = text.LastIndexOf("Punkt 8: ", StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, text);
        var section = text[from..to];
        var sample = Sample.Item(7);
        string[] order =
        [
            $"Punkt 7: {Item7Title}\n\n16/2219",
            "Baggrund", sample.Text("Baggrund", "Indstilling"),
            "Indstilling", "Direktionen bedes behandle og beslutte:", "1) At omstillingsinitiativerne", "6) At Direktionen tager stilling",
            Heading0903, sample.Text(Heading0903, Heading2702),
            Heading2702, "Udskudt.",
            "Sagsfremstilling", sample.Text("Sagsfremstilling", "Økonomi"),
            "Økonomi", "Anvendelse af investeringsmidler",
            "Bilag", "Økonomioversigt og centervis fordeling", "it-styringsregime - forslag",
        ];
        var at = 0;
        foreach (var part in order)
        {
            var found = section.IndexOf(part, at, StringComparison.Ordinal);
            Assert.True(found >= 0, $"'{part}' does not follow position {at} in item 7 of the minutes:\n{section}");
            at = found + part.Length;
        }
        Assert.True(text.IndexOf(Heading0903, StringComparison.Ordinal) < text.IndexOf(Heading2702, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_header_and_the_public_table_of_contents_match_the_sample()
    {
        var replay = await ReplayAsync();

        var members = await GetMinutesAsync(replay.Meeting0903, Audience.Members);
        var public_ = await GetMinutesAsync(replay.Meeting0903, Audience.Public);

        Assert.Equal(Sample.Title, members.Title);
        Assert.Equal("REFERAT Direktionen d. 09-03-2017", members.Title);
        Assert.Equal("Torsdag d. 09. marts 2017 kl. 08:30", members.Header.MeetingDateText);
        Assert.Equal("Mødelokale B105", members.Header.Room);
        Assert.Equal(Sample.ParticipantsText, members.Header.ParticipantsText);
        Assert.Equal("Kathrine Seier Skastrup", members.Header.Secretary);
        // The first paragraphs of the text are the sample's header, word for word.
        Assert.Equal(Sample.Header, SampleMinutes.Paragraphs(members.Text).Take(Sample.Header.Count));
        Assert.Equal(Sample.Header, SampleMinutes.Paragraphs(public_.Text).Take(Sample.Header.Count));

        Assert.Equal(Sample.TableOfContents, public_.TableOfContents.Select(t => t.Title));
        Assert.Equal(Enumerable.Range(1, 9), public_.TableOfContents.Select(t => t.Number));
        Assert.All(public_.TableOfContents, t => Assert.False(t.Supplement));
        Assert.Equal([6, 9], public_.Items.Where(i => i.Redacted).Select(i => i.Number));
        Assert.Equal(["16/26739", "16/26813"], public_.Items.Where(i => i.Redacted).Select(i => i.JournalNumber));
        Assert.DoesNotContain("Personalesag", public_.Text, StringComparison.Ordinal);
        Assert.Contains("Personalesag nr. 6 (fortrolig)", members.Text, StringComparison.Ordinal);
        Assert.Equal([Heading0903, Heading2702], public_.Items.Single(i => i.Number == 7).Decisions.Select(d => d.Heading));
    }

    [Fact]
    public async Task The_carried_item_lists_its_history_and_the_27_02_minutes_show_the_postponement()
    {
        var replay = await ReplayAsync();

        var history = await ListDecisionsAsync(replay.Carried);
        var minutes2702 = await GetMinutesAsync(replay.Meeting2702);

        Assert.Equal([replay.Decided.Name, replay.Postponed.Name], history.Select(d => d.Name));
        Assert.Equal([Heading0903, Heading2702], history.Select(d => d.Heading));
        Assert.All(history, d => Assert.Equal("Direktionen", d.BodyDisplayName));
        Assert.Equal(1, replay.Carried.DecisionCount);
        Assert.Equal([replay.Postponed.Name], (await ListDecisionsAsync(replay.Original)).Select(d => d.Name));
        var item = minutes2702.Items.Single(i => i.Item == replay.Original.Name);
        Assert.Equal($"Punkt 3: {Item7Title}", item.Heading);
        Assert.Equal("Udskudt.", Assert.Single(item.Decisions).Text);
        Assert.Equal("REFERAT Direktionen d. 27-02-2017", minutes2702.Title);
        Assert.Equal("Mandag d. 27. februar 2017 kl. 08:30", minutes2702.Header.MeetingDateText);
    }
}

public sealed class SampleReplayApiSqliteTests(SqliteApiHost host) : SampleReplayApiTests(host), IClassFixture<SqliteApiHost>;

public sealed class SampleReplayApiPostgresTests(PostgresApiHost host) : SampleReplayApiTests(host), IClassFixture<PostgresApiHost>;
