using Governance.Meetings.Domain;
using Governance.Meetings.Minutes;
using Governance.Meetings.V1;

namespace Governance.Meetings.Tests.Domain;

public sealed class MinutesComposerTests
{
    private static readonly BodyRecord Body = new()
    {
        Id = "direktionen",
        DisplayName = "Direktionen",
        CreatedAt = new DateTime(2017, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        UpdatedAt = new DateTime(2017, 1, 1, 0, 0, 0, DateTimeKind.Utc),
    };

    private static readonly MeetingRecord HeldMeeting = new()
    {
        Id = "m1",
        BodyId = "direktionen",
        StartLocal = new DateTime(2017, 3, 9, 8, 30, 0),
        StartUtc = new DateTime(2017, 3, 9, 7, 30, 0, DateTimeKind.Utc),
        Title = "Heldagsmøde",
        Room = "Mødelokale B105",
        Participants =
        [
            new BodyMember { DisplayName = "Lars Holte", Role = MemberRole.Member },
            new BodyMember { DisplayName = "Kathrine Seier Skastrup", Role = MemberRole.Secretary, Unit = "BYC" },
        ],
        State = MeetingState.Held,
        AgendaPublishedAt = new DateTime(2017, 3, 2, 9, 0, 0, DateTimeKind.Utc),
        HeldAt = new DateTime(2017, 3, 9, 12, 0, 0, DateTimeKind.Utc),
    };

    private static readonly ItemRecord OpenItem = new()
    {
        Id = "i-open",
        MeetingId = "m1",
        Position = 2,
        JournalNumber = "16/25345",
        Title = "Regnskab 2016 (Direktionen)",
        Kind = ItemKind.Ordinary,
        // Sagsfremstilling first on purpose: the minutes put Baggrund, Indstilling and decisions first.
        Sections =
        [
            new Section { Kind = SectionKind.Sagsfremstilling, Heading = "Sagsfremstilling", Text = "SAGSFREMSTILLING-TEKST om servicerammen." },
            new Section { Kind = SectionKind.Baggrund, Heading = "Baggrund", Text = "BAGGRUND-TEKST om styrelsesloven." },
            new Section { Kind = SectionKind.Okonomi, Heading = "Økonomi", Text = "" },
        ],
        Recommendation = new Recommendation
        {
            Unit = "ØDC",
            Text = "ØDC indstiller, at Direktionen",
            Points =
            {
                new RecommendationPoint { Label = "1", Text = "godkender årsregnskab 2016" },
                new RecommendationPoint { Label = "2", Text = "oversender regnskabet til Økonomiudvalget" },
            },
        },
        Guests = [new Guest { DisplayName = "Jesper Andersen", Affiliation = "Chefrevisor, KPMG", JoinsAt = new Google.Type.TimeOfDay { Hours = 10 } }],
        Attachments = [new Attachment { Title = "Årsregnskab 2016", DocumentNumber = "177144/12" }],
    };

    private static readonly ItemRecord ClosedItem = new()
    {
        Id = "i-closed",
        MeetingId = "m1",
        Position = 6,
        JournalNumber = "17/4242",
        Title = "Personalesag vedrørende HEMMELIG-NAVN",
        Kind = ItemKind.Closed,
        Supplement = true,
        Sections = [new Section { Kind = SectionKind.Baggrund, Heading = "Baggrund", Text = "FORTROLIG-BAGGRUND" }],
        Recommendation = new Recommendation { Text = "FORTROLIG-INDSTILLING", Points = { new RecommendationPoint { Label = "a", Text = "FORTROLIG-PIND" } } },
        Guests = [new Guest { DisplayName = "FORTROLIG-GÆST" }],
        Attachments = [new Attachment { Title = "FORTROLIGT-BILAG", DocumentNumber = "999999/17" }],
    };

    private static readonly string[] Secrets =
        ["HEMMELIG", "FORTROLIG", "Personalesag", "999999/17", "FORTROLIG-BESLUTNING", "FORTROLIG-OPFØLGNING"];

    private static DecisionView View(DecisionRecord decision, bool corrected = false) => new(decision, HeldMeeting, Body, corrected, decision.ItemId == "i-closed");

    private static readonly DecisionRecord Original = new()
    {
        Id = "d1",
        ItemId = "i-open",
        MeetingId = "m1",
        Outcome = DecisionOutcome.ApprovedWithRemarks,
        Text = "Direktionen godkendte regnskabet.",
        PointOutcomes =
        [
            new PointOutcome { Label = "1", Outcome = DecisionOutcome.Approved },
            new PointOutcome { Label = "2", Outcome = DecisionOutcome.ApprovedWithRemarks, Text = "Med tilføjelser." },
        ],
        FollowUps = [new FollowUp { Description = "Notat om servicerammen", Unit = "ØDC", DueDate = new Google.Type.Date { Year = 2017, Month = 4, Day = 1 } }],
        Referrals = [new Referral { BodyDisplayName = "Økonomiudvalget", ExpectedDate = new Google.Type.Date { Year = 2017, Month = 9, Day = 19 }, Text = "Til orientering" }],
    };

    private static readonly DecisionRecord Correction = new()
    {
        Id = "d2",
        ItemId = "i-open",
        MeetingId = "m1",
        Outcome = DecisionOutcome.Approved,
        CorrectsDecisionId = "d1",
    };

    private static readonly DecisionRecord ClosedDecision = new()
    {
        Id = "d3",
        ItemId = "i-closed",
        MeetingId = "m1",
        Outcome = DecisionOutcome.Approved,
        Text = "FORTROLIG-BESLUTNING",
        FollowUps = [new FollowUp { Description = "FORTROLIG-OPFØLGNING", Unit = "HR" }],
    };

    private static V1.Minutes Compose(Audience audience, MeetingRecord? meeting = null) =>
        MinutesComposer.Compose(meeting ?? HeldMeeting, Body,
            [
                (OpenItem, [View(Correction), View(Original, corrected: true)]),
                (ClosedItem, [View(ClosedDecision)]),
            ],
            audience);

    private static string Text(V1.Minutes minutes) => minutes.Text.ReplaceLineEndings("\n");

    [Fact]
    public void Public_minutes_redact_the_closed_item_to_lukket_and_its_journal_number()
    {
        var minutes = Compose(Audience.Public);

        Assert.Equal(Audience.Public, minutes.Audience);
        var closed = minutes.Items[1];
        Assert.True(closed.Redacted);
        Assert.Equal(6, closed.Number);
        Assert.Equal("Lukket", closed.Title);
        Assert.Equal("Punkt 6: Lukket", closed.Heading);
        Assert.Equal("17/4242", closed.JournalNumber);
        Assert.Equal(ItemKind.Closed, closed.Kind);
        Assert.True(closed.Supplement);
        Assert.Empty(closed.Sections);
        Assert.Null(closed.Recommendation);
        Assert.Empty(closed.Decisions);
        Assert.Empty(closed.Guests);
        Assert.Empty(closed.Attachments);
        Assert.Equal("Lukket", minutes.TableOfContents[1].Title);

        // Nothing of the closed item anywhere: not in any field (the JSON rendering) nor in the text.
        var json = minutes.ToString();
        var text = minutes.Text;
        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(secret, json);
            Assert.DoesNotContain(secret, text);
        }
        Assert.Contains("Punkt 6: Lukket (Tillæg)", Text(minutes));
        Assert.Contains("17/4242", text);
    }

    [Fact]
    public void Public_minutes_show_open_items_in_full()
    {
        var open = Compose(Audience.Public).Items[0];
        Assert.False(open.Redacted);
        Assert.Equal("Regnskab 2016 (Direktionen)", open.Title);
        Assert.Equal(3, open.Sections.Count);
        Assert.Equal(OpenItem.Recommendation, open.Recommendation);
        Assert.Equal(2, open.Decisions.Count);
        Assert.Equal(OpenItem.Guests, open.Guests);
        Assert.Equal(OpenItem.Attachments, open.Attachments);
    }

    [Fact]
    public void Members_minutes_show_the_closed_item_in_full()
    {
        var minutes = Compose(Audience.Members);

        var closed = minutes.Items[1];
        Assert.False(closed.Redacted);
        Assert.Equal("Personalesag vedrørende HEMMELIG-NAVN", closed.Title);
        Assert.Equal("Punkt 6: Personalesag vedrørende HEMMELIG-NAVN", closed.Heading);
        Assert.Equal("Personalesag vedrørende HEMMELIG-NAVN", minutes.TableOfContents[1].Title);
        Assert.Equal(ClosedItem.Sections, closed.Sections);
        Assert.Equal(ClosedItem.Recommendation, closed.Recommendation);
        Assert.Equal("FORTROLIG-BESLUTNING", Assert.Single(closed.Decisions).Text);
        foreach (var secret in Secrets)
        {
            Assert.Contains(secret, minutes.Text);
            Assert.Contains(secret, minutes.ToString());
        }
    }

    [Fact]
    public void Text_puts_baggrund_indstilling_and_decisions_before_sagsfremstilling()
    {
        var text = Text(Compose(Audience.Members));
        var itemStart = text.IndexOf("Punkt 2: Regnskab 2016 (Direktionen)\n\n16/25345", StringComparison.Ordinal);
        Assert.True(itemStart > 0);

        int At(string s)
        {
            var i = text.IndexOf(s, itemStart, StringComparison.Ordinal);
            Assert.True(i > 0, $"'{s}' is missing from the minutes text");
            return i;
        }

        var order = new[]
        {
            At("Baggrund\n\nBAGGRUND-TEKST"),
            At("Indstilling\n\nØDC indstiller, at Direktionen"),
            At("1) godkender årsregnskab 2016"),
            At("Beslutning Direktionen den 09-03-2017"),
            At("Direktionen godkendte regnskabet."),
            At("Sagsfremstilling\n\nSAGSFREMSTILLING-TEKST"),
            At("Økonomi\n\nIngen bemærkninger."),
            At("Deltagere under punktet"),
            At("Bilag\n\nÅrsregnskab 2016 (dok.nr. 177144/12)"),
            At("Punkt 6: Personalesag"),
        };
        Assert.Equal(order.Order(), order);
    }

    [Fact]
    public void Empty_section_text_is_ingen_bemaerkninger()
    {
        var minutes = Compose(Audience.Public);
        var economy = minutes.Items[0].Sections.Single(s => s.Kind == SectionKind.Okonomi);
        Assert.Equal("Ingen bemærkninger.", economy.Text);
        Assert.Contains("Økonomi\n\nIngen bemærkninger.\n", Text(minutes));
        // The stored item is not changed by composing.
        Assert.Equal("", OpenItem.Sections[2].Text);
    }

    [Fact]
    public void Header_title_and_status_of_draft_minutes()
    {
        var minutes = Compose(Audience.Public);
        Assert.Equal("meetings/m1/minutes", minutes.Name);
        Assert.Equal("meetings/m1", minutes.Meeting);
        Assert.Equal(MinutesStatus.Draft, minutes.Status);
        Assert.Null(minutes.ApproveTime);
        Assert.Equal("UDKAST – REFERAT Direktionen d. 09-03-2017", minutes.Title);
        Assert.StartsWith("UDKAST – REFERAT Direktionen d. 09-03-2017\n\nMødedato", Text(minutes), StringComparison.Ordinal);
        var h = minutes.Header;
        Assert.Equal("bodies/direktionen", h.Body);
        Assert.Equal("Direktionen", h.BodyDisplayName);
        Assert.Equal("Torsdag d. 09. marts 2017 kl. 08:30", h.MeetingDateText);
        Assert.Equal("Mødelokale B105", h.Room);
        Assert.Equal("Lars Holte, Kathrine Seier Skastrup (sekretær)", h.ParticipantsText);
        Assert.Equal("Kathrine Seier Skastrup", h.Secretary);
        Assert.Equal("Heldagsmøde", h.Title);
        Assert.Equal(HeldMeeting.Participants, h.Participants);
        Assert.Equal(new Google.Type.DateTime { Year = 2017, Month = 3, Day = 9, Hours = 8, Minutes = 30, TimeZone = new Google.Type.TimeZone { Id = "Europe/Copenhagen" } }, h.Start);
        Assert.Equal([2, 6], minutes.TableOfContents.Select(e => e.Number));
        Assert.Equal([false, true], minutes.TableOfContents.Select(e => e.Supplement));
    }

    [Fact]
    public void Approved_minutes_carry_status_and_approval_time()
    {
        var approvedAt = new DateTime(2017, 3, 16, 9, 0, 0, DateTimeKind.Utc);
        var minutes = Compose(Audience.Members, HeldMeeting with { State = MeetingState.MinutesApproved, MinutesApprovedAt = approvedAt });
        Assert.Equal(MinutesStatus.Approved, minutes.Status);
        Assert.Equal(Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(approvedAt), minutes.ApproveTime);
        // No draft mark on approved minutes, neither in the title nor in the text.
        Assert.Equal("REFERAT Direktionen d. 09-03-2017", minutes.Title);
        Assert.StartsWith("REFERAT Direktionen d. 09-03-2017\n", Text(minutes), StringComparison.Ordinal);
        Assert.DoesNotContain("UDKAST", minutes.Text, StringComparison.Ordinal);
    }

    private static readonly MeetingRecord ApprovedMeeting =
        HeldMeeting with { State = MeetingState.MinutesApproved, MinutesApprovedAt = new DateTime(2017, 3, 16, 9, 0, 0, DateTimeKind.Utc) };

    private static readonly DecisionRecord LateCorrection = new()
    {
        Id = "d9",
        ItemId = "i-open",
        MeetingId = "m1",
        Outcome = DecisionOutcome.ApprovedWithRemarks,
        Text = "Beløbet i pind 2 rettes til 4,2 mio. kr.",
        CorrectsDecisionId = "d2",
    };

    [Fact]
    public void Corrections_after_approval_follow_the_unchanged_record_under_their_own_heading()
    {
        var record = Compose(Audience.Members, ApprovedMeeting);

        var minutes = MinutesComposer.WithCorrections(record, [(OpenItem, [View(LateCorrection)]), (ClosedItem, [])]);

        Assert.StartsWith(record.Text, minutes.Text, StringComparison.Ordinal);
        Assert.Equal(
            "\nRettelser efter godkendelse\n\nPunkt 2: Regnskab 2016 (Direktionen)\n\n16/25345\n\n" +
            "Beslutning Direktionen den 09-03-2017\n\nRettelse af en tidligere beslutning:\n\nBeløbet i pind 2 rettes til 4,2 mio. kr.\n",
            minutes.Text[record.Text.Length..]);
        Assert.Equal(record.Items, minutes.Items);
        Assert.Equal(record.TableOfContents, minutes.TableOfContents);
        var entry = Assert.Single(minutes.CorrectionsAfterApproval);
        Assert.Equal("meetings/m1/items/i-open", entry.Item);
        Assert.Equal("meetings/m1/items/i-open/decisions/d9", Assert.Single(entry.Decisions).Name);
        Assert.Empty(entry.Sections);
        // The record passed in is not changed.
        Assert.Empty(record.CorrectionsAfterApproval);
    }

    [Fact]
    public void Without_corrections_the_record_is_returned_as_it_is()
    {
        var record = Compose(Audience.Public, ApprovedMeeting);
        Assert.Equal(record, MinutesComposer.WithCorrections(record, [(OpenItem, [])]));
    }

    [Fact]
    public void A_correction_on_a_closed_item_never_reaches_the_public()
    {
        var record = Compose(Audience.Public, ApprovedMeeting);
        var minutes = MinutesComposer.WithCorrections(record, [(ClosedItem, [View(ClosedDecision with { Id = "d10", CorrectsDecisionId = "d3" })])]);
        Assert.Equal(record, minutes);
        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(secret, minutes.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Decisions_in_the_minutes_carry_names_headings_and_correction_links()
    {
        var decisions = Compose(Audience.Public).Items[0].Decisions;
        Assert.Equal(["meetings/m1/items/i-open/decisions/d2", "meetings/m1/items/i-open/decisions/d1"], decisions.Select(d => d.Name));
        Assert.Equal("meetings/m1/items/i-open/decisions/d1", decisions[0].Corrects);
        Assert.False(decisions[0].Corrected);
        Assert.True(decisions[1].Corrected);
        Assert.All(decisions, d => Assert.Equal("Beslutning Direktionen den 09-03-2017", d.Heading));
        Assert.Equal(Original.FollowUps, decisions[1].FollowUps);
    }

    [Fact]
    public void Public_text_is_laid_out_like_the_published_referat()
    {
        const string expected = """
            UDKAST – REFERAT Direktionen d. 09-03-2017

            Mødedato Torsdag d. 09. marts 2017 kl. 08:30

            Mødested Mødelokale B105

            Mødedeltagere Lars Holte, Kathrine Seier Skastrup (sekretær)

            Indholdsfortegnelse

            Punkt 2: Regnskab 2016 (Direktionen)
            Punkt 6: Lukket (Tillæg)

            Punkt 2: Regnskab 2016 (Direktionen)

            16/25345

            Baggrund

            BAGGRUND-TEKST om styrelsesloven.

            Indstilling

            ØDC indstiller, at Direktionen

            1) godkender årsregnskab 2016
            2) oversender regnskabet til Økonomiudvalget

            Beslutning Direktionen den 09-03-2017

            Rettelse af en tidligere beslutning:

            Godkendt.

            Beslutning Direktionen den 09-03-2017

            Direktionen godkendte regnskabet.

            Pind 1: Godkendt.
            Pind 2: Godkendt med bemærkninger. Med tilføjelser.
            Opfølgning (ØDC, senest 01-04-2017): Notat om servicerammen
            Forelægges Økonomiudvalget 19-09-2017: Til orientering
            (Rettet ved en senere beslutning.)

            Sagsfremstilling

            SAGSFREMSTILLING-TEKST om servicerammen.

            Økonomi

            Ingen bemærkninger.

            Deltagere under punktet

            Jesper Andersen, Chefrevisor, KPMG, kl. 10.00

            Bilag

            Årsregnskab 2016 (dok.nr. 177144/12)

            Punkt 6: Lukket (Tillæg)

            17/4242

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), Text(Compose(Audience.Public)));
    }

    [Theory]
    [InlineData(DecisionOutcome.Approved, "Godkendt")]
    [InlineData(DecisionOutcome.Noted, "Taget til efterretning")]
    [InlineData(DecisionOutcome.Discussed, "Drøftet")]
    [InlineData(DecisionOutcome.ApprovedWithRemarks, "Godkendt med bemærkninger")]
    [InlineData(DecisionOutcome.Rejected, "Afvist")]
    [InlineData(DecisionOutcome.Postponed, "Udsat")]
    [InlineData(DecisionOutcome.Unspecified, "")]
    public void Outcomes_are_written_in_danish(DecisionOutcome outcome, string text) =>
        Assert.Equal(text, Wording.Outcome(outcome));
}
