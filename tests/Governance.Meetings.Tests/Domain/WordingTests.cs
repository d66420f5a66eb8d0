using Governance.Meetings.Domain;
using Governance.Meetings.V1;

namespace Governance.Meetings.Tests.Domain;

public sealed class WordingTests
{
    private static readonly DateTime MeetingStart = new(2017, 3, 9, 8, 30, 0);

    [Fact]
    public void Standing_item_title_carries_the_meeting_date_when_asked()
    {
        var template = new StandingItemTemplate { Title = "Økonomiopfølgning", JournalNumber = "16/26813", AppendMeetingDate = true };
        Assert.Equal("Økonomiopfølgning - 09-03-2017", Wording.StandingItemTitle(template, MeetingStart));
    }

    [Fact]
    public void Standing_item_title_is_the_plain_title_otherwise()
    {
        var template = new StandingItemTemplate { Title = "Øvrige sager", JournalNumber = "16/26813" };
        Assert.Equal("Øvrige sager", Wording.StandingItemTitle(template, MeetingStart));
    }

    [Fact]
    public void Decision_heading_names_body_and_date() =>
        Assert.Equal("Beslutning Direktionen den 09-03-2017", Wording.DecisionHeading("Direktionen", MeetingStart));

    [Fact]
    public void Minutes_title_names_body_and_date() =>
        Assert.Equal("REFERAT Økonomiudvalget d. 14-08-2012", Wording.MinutesTitle("Økonomiudvalget", new DateTime(2012, 8, 14, 10, 0, 0)));

    [Fact]
    public void Draft_minutes_title_begins_UDKAST() =>
        Assert.Equal("UDKAST – REFERAT Økonomiudvalget d. 14-08-2012",
            Wording.MinutesTitle("Økonomiudvalget", new DateTime(2012, 8, 14, 10, 0, 0), draft: true));

    [Fact]
    public void Item_heading_is_punkt_number_and_title() =>
        Assert.Equal("Punkt 6: Lukket", Wording.ItemHeading(6, Wording.Closed));

    [Fact]
    public void Participants_are_listed_in_order_with_the_secretary_marked()
    {
        BodyMember[] people =
        [
            new() { DisplayName = "Lars Holte", Role = MemberRole.Member },
            new() { DisplayName = "Jørgen Lerhard" },
            new() { DisplayName = "Per Aalbæk Nielsen", Role = MemberRole.Member },
            new() { DisplayName = "Charlotte Markussen", Role = MemberRole.Member },
            new() { DisplayName = "Kathrine Seier Skastrup", Role = MemberRole.Secretary },
        ];
        Assert.Equal(
            "Lars Holte, Jørgen Lerhard, Per Aalbæk Nielsen, Charlotte Markussen, Kathrine Seier Skastrup (sekretær)",
            Wording.Participants(people));
    }

    [Fact]
    public void The_chair_is_marked_formand()
    {
        BodyMember[] people = [new() { DisplayName = "Åse Ørum", Role = MemberRole.Chair }, new() { DisplayName = "Bo Æbelø" }];
        Assert.Equal("Åse Ørum (formand), Bo Æbelø", Wording.Participants(people));
    }

    [Fact]
    public void Every_outcome_of_the_contract_has_a_danish_word()
    {
        // Events carry this word too (DecisionRecorded.OutcomeText): Cases shows it on the case timeline.
        foreach (var outcome in Enum.GetValues<DecisionOutcome>().Where(o => o != DecisionOutcome.Unspecified))
        {
            Assert.NotEqual("", Wording.Outcome(outcome));
        }
        Assert.Equal(("Godkendt", "Udsat"), (Wording.Outcome(DecisionOutcome.Approved), Wording.Outcome(DecisionOutcome.Postponed)));
        Assert.Equal("", Wording.Outcome(DecisionOutcome.Unspecified));
    }

    [Fact]
    public void No_participants_is_empty() => Assert.Equal("", Wording.Participants([]));

    [Theory]
    [InlineData(SectionKind.Baggrund, "Baggrund")]
    [InlineData(SectionKind.Sagsfremstilling, "Sagsfremstilling")]
    [InlineData(SectionKind.Okonomi, "Økonomi")]
    [InlineData(SectionKind.Retsgrundlag, "Retsgrundlag")]
    [InlineData(SectionKind.PolitikPlan, "Politik/Plan")]
    [InlineData(SectionKind.Information, "Information")]
    [InlineData(SectionKind.Horing, "Høring")]
    [InlineData(SectionKind.Vurdering, "Vurdering")]
    [InlineData(SectionKind.AndreRelevanteDokumenter, "Andre relevante dokumenter")]
    [InlineData(SectionKind.Other, "")]
    [InlineData(SectionKind.Unspecified, "")]
    public void Section_headings_are_the_danish_names(SectionKind kind, string heading) =>
        Assert.Equal(heading, Wording.SectionHeading(kind));

    [Fact]
    public void Fixed_words()
    {
        Assert.Equal("Lukket", Wording.Closed);
        Assert.Equal("Ingen bemærkninger.", Wording.NoRemarks);
        Assert.Equal("Indstilling", Wording.Recommendation);
        Assert.Equal("Bilag", Wording.Attachments);
        Assert.Equal("Indholdsfortegnelse", Wording.Contents);
        Assert.Equal("Tillæg", Wording.Supplement);
    }

    [Fact]
    public void The_lines_of_a_decision_and_an_item_in_the_minutes()
    {
        Assert.Equal("Pind a: Godkendt med bemærkninger. Dog ikke i 2018.",
            Wording.PointOutcomeLine(new PointOutcome { Label = "a", Outcome = DecisionOutcome.ApprovedWithRemarks, Text = "Dog ikke i 2018." }));
        Assert.Equal("Pind 2: Afvist.", Wording.PointOutcomeLine(new PointOutcome { Label = "2", Outcome = DecisionOutcome.Rejected }));
        Assert.Equal("Opfølgning (ØDC, senest 05-01-2018): Ny prognose",
            Wording.FollowUpLine(new FollowUp { Unit = "ØDC", Description = "Ny prognose", DueDate = new Google.Type.Date { Year = 2018, Month = 1, Day = 5 } }));
        Assert.Equal("Opfølgning (HR): Plan", Wording.FollowUpLine(new FollowUp { Unit = "HR", Description = "Plan" }));
        Assert.Equal("Forelægges Økonomiudvalget 31-01-2018: Til orientering",
            Wording.ReferralLine(new Referral { BodyDisplayName = "Økonomiudvalget", Text = "Til orientering", ExpectedDate = new Google.Type.Date { Year = 2018, Month = 1, Day = 31 } }));
        Assert.Equal("Forelægges Borgerrepræsentationen", Wording.ReferralLine(new Referral { BodyDisplayName = "Borgerrepræsentationen" }));
        Assert.Equal("Jens Hansen, ØDC, kl. 09.05",
            Wording.GuestLine(new Guest { DisplayName = "Jens Hansen", Affiliation = "ØDC", JoinsAt = new Google.Type.TimeOfDay { Hours = 9, Minutes = 5 } }));
        Assert.Equal("Jens Hansen", Wording.GuestLine(new Guest { DisplayName = "Jens Hansen" }));
        Assert.Equal("Budget 2018 (dok.nr. 177144/12)", Wording.AttachmentLine(new Attachment { Title = "Budget 2018", DocumentNumber = "177144/12" }));
        Assert.Equal("Budget 2018", Wording.AttachmentLine(new Attachment { Title = "Budget 2018" }));
        Assert.Equal(["Mødedato", "Mødested", "Mødedeltagere", "Deltagere under punktet"],
            [Wording.MeetingDateLabel, Wording.MeetingPlaceLabel, Wording.ParticipantsLabel, Wording.ItemGuests]);
    }
}
