using Google.Protobuf;
using Governance.Meetings.V1;

namespace Governance.Meetings.Tests.Api;

/// <summary>GetMinutes: header, table of contents, items with their content and decisions, draft and
/// approved status, and the redaction of closed items for the public.</summary>
public abstract class MinutesApiTests(IApiHost host) : ApiTestBase(host)
{
    /// <summary>Every piece of content of the closed item: none may reach the public.</summary>
    private static readonly string[] ClosedSecrets =
    [
        "Fortrolig personalesag Kbx7Qz",
        "Sektionstekst om medarbejderen Vw3Lp9",
        "Egen overskrift Hd5Rt2",
        "Indstillingens tekst Jq8Nm4",
        "Pindens tekst Zt6Cx1",
        "Enheden Pf2Wy5",
        "Beslutningens tekst Mr4Gs7",
        "Bemærkning til pinden Ye9Ka3",
        "Opfølgningen Ud1Bv8",
        "Henvisningens tekst Xo5Ri2",
        "Gæsten Lc7Te6",
        "Gæstens tilknytning Qa3Hn0",
        "Bilagets titel Fs8Dw4",
    ];

    private const string ClosedJournalNumber = "16/26739";
    private const string ClosedDocumentNumber = "314159/16";

    private async Task<(Meeting Meeting, AgendaItem Open, AgendaItem Closed)> MeetingWithClosedItemAsync()
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body, Local(2017, 3, 9));
        var open = await AddItemAsync(meeting, "Befolkningsprognose 2017-29", journalNumber: "16/26764",
            configure: i => i.Sections.Add(new Section { Kind = SectionKind.Baggrund, Text = "Hvert år udarbejdes en befolkningsprognose." }));
        var closed = await AddItemAsync(meeting, ClosedSecrets[0], ItemKind.Closed, ClosedJournalNumber, i =>
        {
            i.Sections.Add(new Section { Kind = SectionKind.Baggrund, Text = ClosedSecrets[1] });
            i.Sections.Add(new Section { Kind = SectionKind.Other, Heading = ClosedSecrets[2], Text = "Ingen." });
            i.Recommendation = new Recommendation
            {
                Unit = ClosedSecrets[5],
                Text = ClosedSecrets[3],
                Points = { new RecommendationPoint { Label = "1", Text = ClosedSecrets[4] } },
            };
            i.Guests.Add(new Guest { DisplayName = ClosedSecrets[10], Affiliation = ClosedSecrets[11] });
            i.Attachments.Add(new Attachment { Title = ClosedSecrets[12], DocumentNumber = ClosedDocumentNumber });
        });
        meeting = await PublishAsync(meeting);
        await DecideAsync(open, DecisionOutcome.Noted, "Taget til efterretning.");
        await DecideAsync(closed, DecisionOutcome.Approved, ClosedSecrets[6], d =>
        {
            d.PointOutcomes.Add(new PointOutcome { Label = "1", Outcome = DecisionOutcome.Approved, Text = ClosedSecrets[7] });
            d.FollowUps.Add(new FollowUp { Description = ClosedSecrets[8], Unit = "HRC" });
            d.Referrals.Add(new Referral { BodyDisplayName = "Hovedudvalget", Text = ClosedSecrets[9] });
        });
        return (meeting, open, closed);
    }

    [Fact]
    public async Task Minutes_have_the_header_of_the_published_referat()
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body, Local(2017, 3, 9, 8, 30), configure: m => m.Title = "Ordinært møde");
        await AddItemAsync(meeting);
        meeting = await PublishAsync(meeting);

        var minutes = await GetMinutesAsync(meeting);

        Assert.Equal($"{meeting.Name}/minutes", minutes.Name);
        Assert.Equal(meeting.Name, minutes.Meeting);
        Assert.Equal(Audience.Members, minutes.Audience);
        Assert.Equal("UDKAST – REFERAT Direktionen d. 09-03-2017", minutes.Title);
        var header = minutes.Header;
        Assert.Equal(body.Name, header.Body);
        Assert.Equal("Direktionen", header.BodyDisplayName);
        Assert.Equal(meeting.Start, header.Start);
        Assert.Equal("Torsdag d. 09. marts 2017 kl. 08:30", header.MeetingDateText);
        Assert.Equal("Mødelokale B105", header.Room);
        Assert.Equal(DirektionenMembers, header.Participants);
        Assert.Equal("Lars Holte, Jørgen Lerhard, Per Aalbæk Nielsen, Charlotte Markussen, Kathrine Seier Skastrup (sekretær)", header.ParticipantsText);
        Assert.Equal("Kathrine Seier Skastrup", header.Secretary);
        Assert.Equal("Ordinært møde", header.Title);
        Assert.StartsWith(
            "UDKAST – REFERAT Direktionen d. 09-03-2017\n\nMødedato Torsdag d. 09. marts 2017 kl. 08:30\n\nMødested Mødelokale B105\n\n" +
            "Mødedeltagere Lars Holte, Jørgen Lerhard, Per Aalbæk Nielsen, Charlotte Markussen, Kathrine Seier Skastrup (sekretær)\n\n" +
            "Indholdsfortegnelse\n\n", minutes.Text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Minutes_are_a_draft_until_approved_and_then_approved()
    {
        var (_, meeting, item) = await MeetingInStateAsync(MeetingState.AgendaPublished);
        await DecideAsync(item);

        var published = await GetMinutesAsync(meeting);
        meeting = await HoldAsync(meeting);
        var held = await GetMinutesAsync(meeting);
        meeting = await ApproveAsync(meeting);
        var approved = await GetMinutesAsync(meeting);

        Assert.Equal(MinutesStatus.Draft, published.Status);
        Assert.Equal(MinutesStatus.Draft, held.Status);
        Assert.Null(held.ApproveTime);
        Assert.Equal(MinutesStatus.Approved, approved.Status);
        Assert.Equal(meeting.MinutesApproveTime, approved.ApproveTime);
        // The draft is marked in its title and text, in both audiences; the approved minutes are not.
        foreach (var draft in new[] { published, held, await DraftOfAsync(Audience.Public) })
        {
            Assert.Equal(MinutesStatus.Draft, draft.Status);
            Assert.Equal("UDKAST – REFERAT Direktionen d. 09-03-2017", draft.Title);
            Assert.StartsWith("UDKAST – REFERAT Direktionen d. 09-03-2017\n", draft.Text, StringComparison.Ordinal);
        }
        foreach (var audience in new[] { Audience.Members, Audience.Public })
        {
            var minutes = await GetMinutesAsync(meeting, audience);
            Assert.Equal("REFERAT Direktionen d. 09-03-2017", minutes.Title);
            Assert.StartsWith("REFERAT Direktionen d. 09-03-2017\n", minutes.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("UDKAST", minutes.Text, StringComparison.Ordinal);
        }
    }

    private async Task<V1.Minutes> DraftOfAsync(Audience audience)
    {
        var (_, meeting, _) = await MeetingInStateAsync(MeetingState.Held);
        return await GetMinutesAsync(meeting, audience);
    }

    [Fact]
    public async Task Approved_minutes_stay_as_approved_when_the_body_is_renamed_and_its_members_room_and_template_change()
    {
        var (meeting, open, closed) = await MeetingWithClosedItemAsync();
        meeting = await HoldAsync(meeting);
        meeting = await ApproveAsync(meeting);
        var members = await GetMinutesAsync(meeting, Audience.Members);
        var public_ = await GetMinutesAsync(meeting, Audience.Public);
        Assert.Equal("REFERAT Direktionen d. 09-03-2017", members.Title);

        var body = await Client.GetBodyAsync(new GetBodyRequest { Name = meeting.Body }, cancellationToken: Ct);
        var renamed = await Client.UpdateBodyAsync(new UpdateBodyRequest
        {
            Body = new Body
            {
                Name = body.Name,
                DisplayName = "Direktionen (omdøbt)",
                UsualRoom = "Byrådssalen",
                Members = { new BodyMember { DisplayName = "Ny Direktør", Role = MemberRole.Chair } },
                AgendaTemplate = { new StandingItemTemplate { Title = "Nyt fast punkt", JournalNumber = "16/26813", AppendMeetingDate = true } },
            },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "display_name", "usual_room", "members", "agenda_template" } },
            Etag = body.Etag,
        }, cancellationToken: Ct);
        Assert.Equal("Direktionen (omdøbt)", renamed.DisplayName);
        // The live views follow the body; the approved minutes do not.
        Assert.Equal("Beslutning Direktionen (omdøbt) den 09-03-2017", Assert.Single(await ListDecisionsAsync(open)).Heading);

        var membersAfter = await GetMinutesAsync(meeting, Audience.Members);
        var publicAfter = await GetMinutesAsync(meeting, Audience.Public);

        Assert.Equal(members.Text, membersAfter.Text);
        Assert.Equal(public_.Text, publicAfter.Text);
        Assert.Equal(members, membersAfter);
        Assert.Equal(public_, publicAfter);
        Assert.Equal("REFERAT Direktionen d. 09-03-2017", membersAfter.Title);
        Assert.Equal("Direktionen", membersAfter.Header.BodyDisplayName);
        Assert.Equal("Mødelokale B105", membersAfter.Header.Room);
        Assert.DoesNotContain("omdøbt", membersAfter.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Ny Direktør", membersAfter.Text, StringComparison.Ordinal);
        Assert.Empty(membersAfter.CorrectionsAfterApproval);
        // The closed item is still only "Lukket" for the public, in full for the members.
        Assert.True(publicAfter.Items.Single(i => i.Item == closed.Name).Redacted);
        AssertNoClosedContent(publicAfter);
        Assert.Contains(ClosedSecrets[6], membersAfter.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_correction_after_approval_is_a_separate_part_after_the_unchanged_record()
    {
        var (meeting, open, closed) = await MeetingWithClosedItemAsync();
        meeting = await HoldAsync(meeting);
        meeting = await ApproveAsync(meeting);
        var members = await GetMinutesAsync(meeting, Audience.Members);
        var public_ = await GetMinutesAsync(meeting, Audience.Public);
        var original = Assert.Single(await ListDecisionsAsync(open));
        var closedOriginal = Assert.Single(await ListDecisionsAsync(closed));

        var correction = await DecideAsync(open, DecisionOutcome.Noted, "Rettelse: sagen blev alene taget til efterretning.",
            d => d.Corrects = original.Name);
        await DecideAsync(closed, DecisionOutcome.Approved, "Rettelse til den lukkede sag Wq2Zp8.", d => d.Corrects = closedOriginal.Name);

        // ListDecisions and GetDecision show the correction as a new record and the original as corrected.
        Assert.Equal([correction.Name, original.Name], (await ListDecisionsAsync(open)).Select(d => d.Name));
        Assert.True((await GetDecisionAsync(original.Name)).Corrected);

        var membersAfter = await GetMinutesAsync(meeting, Audience.Members);
        var publicAfter = await GetMinutesAsync(meeting, Audience.Public);

        // The approved part is byte-for-byte the same, fields and text.
        Assert.StartsWith(members.Text, membersAfter.Text, StringComparison.Ordinal);
        Assert.StartsWith(public_.Text, publicAfter.Text, StringComparison.Ordinal);
        Assert.Equal(members.Items, membersAfter.Items);
        Assert.Equal(public_.Items, publicAfter.Items);
        Assert.False(membersAfter.Items.Single(i => i.Item == open.Name).Decisions.Single().Corrected);
        Assert.Equal(MinutesStatus.Approved, membersAfter.Status);

        // After it, a part of its own with the correction under its item.
        var appended = publicAfter.Text[public_.Text.Length..];
        Assert.StartsWith("\nRettelser efter godkendelse\n\nPunkt 1: Befolkningsprognose 2017-29\n\n16/26764\n\n" +
            "Beslutning Direktionen den 09-03-2017\n\nRettelse af en tidligere beslutning:\n\nRettelse: sagen blev alene taget til efterretning.",
            appended, StringComparison.Ordinal);
        var entry = Assert.Single(publicAfter.CorrectionsAfterApproval);
        Assert.Equal(open.Name, entry.Item);
        Assert.Equal(correction.Name, Assert.Single(entry.Decisions).Name);
        Assert.Equal(original.Name, entry.Decisions[0].Corrects);

        // The correction on the closed item is closed content: the members see it, the public does not.
        Assert.DoesNotContain("Wq2Zp8", publicAfter.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Wq2Zp8", JsonFormatter.Default.Format(publicAfter), StringComparison.Ordinal);
        AssertNoClosedContent(publicAfter);
        Assert.Equal([open.Name, closed.Name], membersAfter.CorrectionsAfterApproval.Select(i => i.Item));
        Assert.Contains("Wq2Zp8", membersAfter.Text[members.Text.Length..], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Minutes_list_the_items_in_order_with_content_and_decisions()
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body, Local(2017, 3, 9));
        var standing = await AddItemAsync(meeting, "Økonomiopfølgning - 09-03-2017", ItemKind.Standing, "16/26813");
        var full = await Client.AddAgendaItemAsync(new AddAgendaItemRequest { Parent = meeting.Name, Item = AgendaItemsApiTests.FullItem() },
            cancellationToken: Ct);
        var empty = await AddItemAsync(meeting, "Befolkningsprognose 2017-29", journalNumber: "16/26764",
            configure: i => i.Sections.Add(new Section { Kind = SectionKind.Vurdering }));
        await Client.ReorderAgendaItemsAsync(new ReorderAgendaItemsRequest { Parent = meeting.Name, Items = { standing.Name, empty.Name, full.Name } },
            cancellationToken: Ct);
        meeting = await PublishAsync(meeting);
        var decision = await DecideAsync(full, DecisionOutcome.ApprovedWithRemarks,
            "Direktionen godkendte regnskabet og understregede, at fortællingen skal tydeliggøres.");

        var minutes = await GetMinutesAsync(meeting);

        Assert.Equal([1, 2, 3], minutes.TableOfContents.Select(t => t.Number));
        Assert.Equal(["Økonomiopfølgning - 09-03-2017", "Befolkningsprognose 2017-29", "Regnskab 2016 (Direktionen)"],
            minutes.TableOfContents.Select(t => t.Title));
        Assert.Equal(["Punkt 1: Økonomiopfølgning - 09-03-2017", "Punkt 2: Befolkningsprognose 2017-29", "Punkt 3: Regnskab 2016 (Direktionen)"],
            minutes.Items.Select(i => i.Heading));
        Assert.Equal([standing.Name, empty.Name, full.Name], minutes.Items.Select(i => i.Item));
        Assert.All(minutes.Items, i => Assert.False(i.Redacted));

        var item = minutes.Items[2];
        var stored = await GetItemAsync(full.Name);
        Assert.Equal(3, item.Number);
        Assert.Equal(stored.Title, item.Title);
        Assert.Equal("16/25345", item.JournalNumber);
        Assert.Equal(ItemKind.Ordinary, item.Kind);
        Assert.Equal(stored.Sections, item.Sections);
        Assert.Equal(stored.Recommendation, item.Recommendation);
        Assert.Equal(stored.Guests, item.Guests);
        Assert.Equal(stored.Attachments, item.Attachments);
        Assert.Equal(decision, Assert.Single(item.Decisions));
        Assert.Equal("Ingen bemærkninger.", Assert.Single(minutes.Items[1].Sections).Text);
        Assert.Equal("Vurdering", minutes.Items[1].Sections[0].Heading);

        // The text follows the referat: Baggrund, Indstilling, Beslutning, the other sections, guests, Bilag.
        var text = minutes.Text;
        string[] order =
        [
            "Indholdsfortegnelse",
            "Punkt 1: Økonomiopfølgning - 09-03-2017",
            "Punkt 2: Befolkningsprognose 2017-29",
            "Vurdering\n\nIngen bemærkninger.",
            "Punkt 3: Regnskab 2016 (Direktionen)\n\n16/25345",
            "Baggrund\n\nI henhold til den kommunale styrelseslov",
            "Indstilling\n\nØDC indstiller, at Direktionen\n\n1) godkender årsregnskab 2016\n2) oversender regnskabet",
            "Beslutning Direktionen den 09-03-2017\n\nDirektionen godkendte regnskabet",
            "Sagsfremstilling\n\nHøje-Taastrup Kommune",
            "Økonomi\n\n| År | Mio. kr. |",
            "Anvendelse af investeringsmidler\n\nI budget 2015",
            "Deltagere under punktet\n\nJesper Andersen, Chefrevisor, KPMG, kl. 10.00\nEva Dammas, BYC",
            "Bilag\n\nSammenfatning af Regnskab 2016 (dok.nr. 177144/12)\n\nRegnskab 2016",
        ];
        AssertInOrder(text.ReplaceLineEndings("\n"), order);
    }

    [Theory]
    [InlineData(Audience.Public)]
    [InlineData(Audience.Unspecified)]
    public async Task Public_minutes_show_a_closed_item_only_as_Lukket_with_its_journal_number(Audience audience)
    {
        var (meeting, open, closed) = await MeetingWithClosedItemAsync();

        var minutes = await GetMinutesAsync(meeting, audience);

        Assert.Equal(Audience.Public, minutes.Audience);
        Assert.Equal(["Befolkningsprognose 2017-29", "Lukket"], minutes.TableOfContents.Select(t => t.Title));
        var item = minutes.Items[1];
        Assert.True(item.Redacted);
        Assert.Equal("Punkt 2: Lukket", item.Heading);
        Assert.Equal("Lukket", item.Title);
        Assert.Equal(ClosedJournalNumber, item.JournalNumber);
        Assert.Equal(closed.Name, item.Item);
        Assert.Empty(item.Sections);
        Assert.Null(item.Recommendation);
        Assert.Empty(item.Decisions);
        Assert.Empty(item.Guests);
        Assert.Empty(item.Attachments);
        Assert.Contains("Punkt 2: Lukket\n\n16/26739", minutes.Text.ReplaceLineEndings("\n"), StringComparison.Ordinal);

        // Nothing of the closed item anywhere in the response: not in a field, not in the text.
        AssertNoClosedContent(minutes);
        // The open item is shown in full.
        Assert.False(minutes.Items[0].Redacted);
        Assert.Equal(open.Title, minutes.Items[0].Title);
        Assert.Equal("Taget til efterretning.", Assert.Single(minutes.Items[0].Decisions).Text);
    }

    [Fact]
    public async Task Members_minutes_show_a_closed_item_in_full()
    {
        var (meeting, _, closed) = await MeetingWithClosedItemAsync();

        var minutes = await GetMinutesAsync(meeting, Audience.Members);

        Assert.Equal(Audience.Members, minutes.Audience);
        var item = minutes.Items[1];
        Assert.False(item.Redacted);
        Assert.Equal(ItemKind.Closed, item.Kind);
        Assert.Equal(closed.Title, item.Title);
        Assert.Equal($"Punkt 2: {closed.Title}", item.Heading);
        Assert.Equal(closed.Title, minutes.TableOfContents[1].Title);
        Assert.Equal(closed.Sections, item.Sections);
        Assert.Equal(closed.Recommendation, item.Recommendation);
        Assert.Equal(closed.Guests, item.Guests);
        Assert.Equal(closed.Attachments, item.Attachments);
        Assert.Equal(ClosedSecrets[6], Assert.Single(item.Decisions).Text);
        var json = JsonFormatter.Default.Format(minutes);
        foreach (var secret in ClosedSecrets.Append(ClosedDocumentNumber))
        {
            Assert.Contains(Token(secret), json, StringComparison.Ordinal);
        }
        // The text shows all of it but the recommending unit, which the referat does not print.
        foreach (var secret in ClosedSecrets.Append(ClosedDocumentNumber).Where(s => s != ClosedSecrets[5]))
        {
            Assert.Contains(secret, minutes.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_closed_item_carried_to_a_later_meeting_stays_closed_there()
    {
        var (meeting, _, closed) = await MeetingWithClosedItemAsync();
        var later = await ScheduleAsync(await Client.GetBodyAsync(new GetBodyRequest { Name = (await GetMeetingAsync(meeting.Name)).Body }, cancellationToken: Ct),
            Local(2017, 3, 16));
        var postponed = await DecideAsync(closed, DecisionOutcome.Postponed, "Udskudt.", d => d.PostponedTo = later.Name);
        later = await PublishAsync(later);

        var minutes = await GetMinutesAsync(later, Audience.Public);

        var item = Assert.Single(minutes.Items);
        Assert.Equal(postponed.CarriedItem, item.Item);
        Assert.True(item.Redacted);
        Assert.Empty(item.Decisions);
        AssertNoClosedContent(minutes);
    }

    [Fact]
    public async Task Decisions_on_a_closed_item_stay_hidden_in_the_history_of_an_open_item_that_continues_it()
    {
        var (meeting, _, closed) = await MeetingWithClosedItemAsync();
        var body = await Client.GetBodyAsync(new GetBodyRequest { Name = meeting.Body }, cancellationToken: Ct);
        var later = await ScheduleAsync(body, Local(2017, 3, 16));
        var open = await AddItemAsync(later, "Orientering om personalesagen", journalNumber: ClosedJournalNumber, configure: i => i.OriginItem = closed.Name);
        later = await PublishAsync(later);
        var decision = await DecideAsync(open, DecisionOutcome.Noted, "Orienteringen blev taget til efterretning.");

        var members = await GetMinutesAsync(later, Audience.Members);
        var minutes = await GetMinutesAsync(later, Audience.Public);

        Assert.Equal(closed.Name, open.OriginItem);
        Assert.Equal(2, Assert.Single(members.Items).Decisions.Count);
        var item = Assert.Single(minutes.Items);
        Assert.False(item.Redacted);
        Assert.Equal(decision.Name, Assert.Single(item.Decisions).Name);
        AssertNoClosedContent(minutes);
    }

    /// <summary>The ASCII token that makes a secret unique (safe from JSON escaping of Danish letters).</summary>
    private static string Token(string secret) => secret.Split(' ')[^1];

    /// <summary>No piece of the closed item in the serialized response (JSON and wire bytes) nor in its text.</summary>
    private static void AssertNoClosedContent(V1.Minutes minutes)
    {
        var json = JsonFormatter.Default.Format(minutes);
        var wire = System.Text.Encoding.UTF8.GetString(minutes.ToByteArray());
        foreach (var secret in ClosedSecrets.Append(ClosedDocumentNumber))
        {
            foreach (var needle in new[] { secret, Token(secret) })
            {
                Assert.DoesNotContain(needle, json, StringComparison.Ordinal);
                Assert.DoesNotContain(needle, wire, StringComparison.Ordinal);
                Assert.DoesNotContain(needle, minutes.Text, StringComparison.Ordinal);
            }
        }
    }

    private static void AssertInOrder(string text, IEnumerable<string> parts)
    {
        var at = 0;
        foreach (var part in parts)
        {
            var found = text.IndexOf(part, at, StringComparison.Ordinal);
            Assert.True(found >= 0, $"'{part}' does not follow position {at} in the minutes text:\n{text}");
            at = found + part.Length;
        }
    }
}

public sealed class MinutesApiSqliteTests(SqliteApiHost host) : MinutesApiTests(host), IClassFixture<SqliteApiHost>;

public sealed class MinutesApiPostgresTests(PostgresApiHost host) : MinutesApiTests(host), IClassFixture<PostgresApiHost>;
