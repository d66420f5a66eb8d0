using Google.Protobuf.WellKnownTypes;
using Governance.Meetings.V1;

namespace Governance.Meetings.Tests.Api;

/// <summary>Danish UTF-8 text (æøåÆØÅ, "§ 5a", "–", emoji, line breaks) survives every path exactly:
/// create → get → list → update → minutes.</summary>
public abstract class DanishTextApiTests(IApiHost host) : ApiTestBase(host)
{
    private const string BodyName = "Økonomiudvalget – ÆØÅ æøå";
    private const string Room = "Mødelokale Ø-105 (Rådhuset, 1. sal) ☕";
    private const string Participant = "Søren Ærø Ågård-Østergaard";
    private const string Title = "Ligestillingslovens § 5a – ændring af ÆØÅ/æøå-reglerne 🇩🇰";
    private const string SectionText = "Retsgrundlaget er Ligestillingslovens § 5a, stk. 2 – jf. \"Planloven\" §§ 13-15.\n\n" +
        "| År | Beløb |\n|--|--|\n| 2017 | 1.827.356 kr. |\n\nÆndringen træder i kraft 1. maj 2017 😀";
    private const string Heading = "Særlige bemærkninger – høring";
    private const string PointText = "at årsregnskabet godkendes – med ændringer i § 5a";
    private const string DecisionText = "Godkendt – dog således at ØDC udarbejder et notat om § 5a før sommerferien. 👍\nÅbne spørgsmål: ingen.";
    private const string Guest = "Jørgen Ærlig Ågesen";
    private const string AttachmentTitle = "Bilag 1 – Økonomioversigt og centervis fordeling (ÆØÅ) 📎";

    [Fact]
    public async Task Danish_text_round_trips_through_every_path()
    {
        var body = await CreateBodyAsync(BodyName, b =>
        {
            b.ShortName = "ØU – ÆØÅ";
            b.UsualRoom = Room;
            b.Members.Clear();
            b.Members.Add(new BodyMember { DisplayName = Participant, Role = MemberRole.Secretary, Unit = "ØDC" });
            b.AgendaTemplate.Add(new StandingItemTemplate { Title = "Økonomiopfølgning – særlige forhold", JournalNumber = "16/26813", AppendMeetingDate = true });
        });
        Assert.Equal(BodyName, body.DisplayName);
        Assert.Equal(body, await Client.GetBodyAsync(new GetBodyRequest { Name = body.Name }, cancellationToken: Ct));
        Assert.Contains(body, (await Client.ListBodiesAsync(new ListBodiesRequest { PageSize = 200 }, cancellationToken: Ct)).Bodies);

        var meeting = await ScheduleAsync(body, Local(2017, 3, 9), applyTemplate: true, configure: m => m.Title = "Temamøde om § 5a – ÆØÅ");
        Assert.Equal(Room, meeting.Room);
        Assert.Equal(BodyName, meeting.BodyDisplayName);
        Assert.Equal("Temamøde om § 5a – ÆØÅ", meeting.Title);
        Assert.Equal(meeting, (await Client.ListMeetingsAsync(new ListMeetingsRequest { Body = body.Name }, cancellationToken: Ct)).Meetings.Single());

        var item = await AddItemAsync(meeting, Title, configure: i =>
        {
            i.Sections.Add(new Section { Kind = SectionKind.Retsgrundlag, Text = SectionText });
            i.Sections.Add(new Section { Kind = SectionKind.Other, Heading = Heading, Text = "Høringssvar fra MED-udvalget – se bilag." });
            i.Sections.Add(new Section { Kind = SectionKind.PolitikPlan, Text = "" });
            i.Recommendation = new Recommendation
            {
                Unit = "ØDC",
                Text = "ØDC indstiller, at Økonomiudvalget",
                Points = { new RecommendationPoint { Label = "æ", Text = PointText } },
            };
            i.Guests.Add(new Guest { DisplayName = Guest, Affiliation = "Revisor – KPMG Ålborg" });
            i.Attachments.Add(new Attachment { Title = AttachmentTitle, DocumentNumber = "177144/12" });
        });
        Assert.Equal(Title, item.Title);
        Assert.Equal(["Retsgrundlag", Heading, "Politik/Plan"], item.Sections.Select(s => s.Heading));
        Assert.Equal(SectionText, item.Sections[0].Text);
        Assert.Equal(item, await GetItemAsync(item.Name));
        Assert.Equal(item, (await ListItemsAsync(meeting))[1]);
        Assert.Equal("Økonomiopfølgning – særlige forhold - 09-03-2017", (await ListItemsAsync(meeting))[0].Title);

        meeting = await PublishAsync(meeting);
        var decision = await DecideAsync(item, DecisionOutcome.ApprovedWithRemarks, DecisionText, d =>
        {
            d.PointOutcomes.Add(new PointOutcome { Label = "æ", Outcome = DecisionOutcome.Approved, Text = "Godkendt – uden ændringer ✔" });
            d.FollowUps.Add(new FollowUp { Description = "Notat om § 5a til Økonomiudvalget", Unit = "ØDC" });
            d.Referrals.Add(new Referral { BodyDisplayName = "Byrådet – ÆØÅ", Text = "på oktober møderækken" });
        });
        Assert.Equal(DecisionText, decision.Text);
        Assert.Equal($"Beslutning {BodyName} den 09-03-2017", decision.Heading);
        Assert.Equal(decision, await GetDecisionAsync(decision.Name));
        Assert.Equal(decision, Assert.Single(await ListDecisionsAsync(item)));

        var minutes = await GetMinutesAsync(meeting);
        Assert.Equal($"UDKAST – REFERAT {BodyName} d. 09-03-2017", minutes.Title);
        Assert.Equal($"{Participant} (sekretær)", minutes.Header.ParticipantsText);
        Assert.Equal(Room, minutes.Header.Room);
        Assert.Equal(Title, minutes.TableOfContents[1].Title);
        var minutesItem = minutes.Items[1];
        Assert.Equal($"Punkt 2: {Title}", minutesItem.Heading);
        Assert.Equal(SectionText, minutesItem.Sections[0].Text);
        Assert.Equal(item.Recommendation, minutesItem.Recommendation);
        Assert.Equal(decision, Assert.Single(minutesItem.Decisions));
        Assert.Equal(item.Guests, minutesItem.Guests);
        Assert.Equal(item.Attachments, minutesItem.Attachments);
        var text = minutes.Text;
        foreach (var expected in new[]
        {
            $"REFERAT {BodyName} d. 09-03-2017", $"Mødested {Room}", Title, SectionText, Heading, $"æ) {PointText}", DecisionText,
            "Pind æ: Godkendt. Godkendt – uden ændringer ✔", "Opfølgning (ØDC): Notat om § 5a til Økonomiudvalget",
            "Forelægges Byrådet – ÆØÅ: på oktober møderækken", $"{Guest}, Revisor – KPMG Ålborg", $"{AttachmentTitle} (dok.nr. 177144/12)",
            "Politik/Plan\n\nIngen bemærkninger.",
        })
        {
            Assert.Contains(expected, text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Danish_text_survives_updates()
    {
        var body = await CreateBodyAsync("Direktionen");
        var meeting = await ScheduleAsync(body);
        var item = await AddItemAsync(meeting, "Foreløbig titel");
        await PublishAsync(meeting);
        var decision = await DecideAsync(item, DecisionOutcome.Discussed, "Foreløbig.");

        var updatedBody = await Client.UpdateBodyAsync(new UpdateBodyRequest
        {
            Body = new Body { Name = body.Name, DisplayName = BodyName },
            UpdateMask = new FieldMask { Paths = { "display_name" } },
        }, cancellationToken: Ct);
        var updatedItem = await Client.UpdateAgendaItemAsync(new UpdateAgendaItemRequest
        {
            Item = new AgendaItem { Name = item.Name, Title = Title },
            UpdateMask = new FieldMask { Paths = { "title" } },
        }, cancellationToken: Ct);
        var updatedDecision = await Client.UpdateDecisionAsync(new UpdateDecisionRequest
        {
            Decision = new Decision { Name = decision.Name, Text = DecisionText },
            UpdateMask = new FieldMask { Paths = { "text" } },
        }, cancellationToken: Ct);

        Assert.Equal(BodyName, updatedBody.DisplayName);
        Assert.Equal(Title, updatedItem.Title);
        Assert.Equal(DecisionText, updatedDecision.Text);
        Assert.Equal(BodyName, (await GetMeetingAsync(meeting.Name)).BodyDisplayName);
        Assert.Equal(Title, (await GetItemAsync(item.Name)).Title);
        var read = await GetDecisionAsync(decision.Name);
        Assert.Equal(DecisionText, read.Text);
        Assert.Equal($"Beslutning {BodyName} den 09-03-2017", read.Heading);
    }

    [Fact]
    public async Task Limits_count_characters_not_bytes()
    {
        var body = await CreateBodyAsync(new string('Ø', 200));
        var meeting = await ScheduleAsync(body);
        var title = new string('æ', 499) + "å";

        var item = await AddItemAsync(meeting, title);

        Assert.Equal(new string('Ø', 200), body.DisplayName);
        Assert.Equal(title, item.Title);
        Assert.Equal(title, (await GetItemAsync(item.Name)).Title);
        Assert.Equal(new string('Ø', 200), (await Client.GetBodyAsync(new GetBodyRequest { Name = body.Name }, cancellationToken: Ct)).DisplayName);
    }
}

public sealed class DanishTextApiSqliteTests(SqliteApiHost host) : DanishTextApiTests(host), IClassFixture<SqliteApiHost>;

public sealed class DanishTextApiPostgresTests(PostgresApiHost host) : DanishTextApiTests(host), IClassFixture<PostgresApiHost>;
