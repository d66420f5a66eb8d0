using Google.Protobuf.WellKnownTypes;
using Governance.Meetings.V1;
using Governance.Reminders.V1;

namespace Governance.Meetings.Tests.Api;

/// <summary>
/// The body's reminder list (Huskeliste) as an agenda item: a standing item of the agenda template
/// marked as the list gets its content from the Reminders service over gRPC (the host runs both, and
/// Meetings calls its own gRPC endpoint with the caller's token). Live while the minutes are a draft,
/// kept as it was when they are approved, and printed in the minutes text as the referater print it.
/// </summary>
public abstract partial class ReminderListItemApiTests(IApiHost host) : ApiTestBase(host)
{
    private RemindersService.RemindersServiceClient Reminders => new(Host.Channel);

    private static readonly Google.Type.Date ListDate = HuskelisteSample.ListDate;

    /// <summary>A body whose agenda template has the reminder list, and a meeting of 09-09-2013 scheduled with it.</summary>
    private async Task<(Body Body, Meeting Meeting, AgendaItem List)> MeetingWithListAsync()
    {
        var body = await CreateBodyAsync(configure: b => b.AgendaTemplate.Add(
            new StandingItemTemplate { Title = "Huskeliste", JournalNumber = "12/32140", AppendMeetingDate = true, ReminderList = true }));
        var meeting = await ScheduleAsync(body, Local(2013, 9, 9, 9, 0), applyTemplate: true);
        var list = Assert.Single(await ListItemsAsync(meeting));
        Assert.Equal((ItemKind.ReminderList, "Huskeliste - 09-09-2013"), (list.Kind, list.Title));
        return (body, meeting, list);
    }

    private async Task<Reminder> RemindAsync(Body body, string subject, string time, string responsible, bool closed = false)
    {
        var expected = await Reminders.ParseExpectedTimeAsync(new ParseExpectedTimeRequest { Text = time, ReferenceDate = ListDate }, cancellationToken: Ct);
        var reminder = new Reminder { Subject = subject, ExpectedTime = expected, Closed = closed };
        reminder.Responsible.Add(responsible);
        return await Reminders.CreateReminderAsync(new CreateReminderRequest { Parent = body.Name, Reminder = reminder }, cancellationToken: Ct);
    }


    private static MinutesItem ListEntry(V1.Minutes minutes) => Assert.Single(minutes.Items, i => i.Kind == ItemKind.ReminderList);

    [Fact]
    public async Task The_huskeliste_renders_as_a_table_in_markdown_and_html_with_the_calendar_sections_after_it()
    {
        var (body, meeting, _) = await MeetingWithListAsync();
        await HuskelisteSample.EnterAsync(Reminders, body.Name, Ct);
        meeting = await PublishAsync(meeting);
        var list = ListEntry(await GetMinutesAsync(meeting)).ReminderList;
        Assert.True(list.Rows.Count >= 5, $"The sample list has {list.Rows.Count} rows.");
        async Task<string> RenderAsync(MinutesFormat format) => (await Client.RenderMinutesAsync(
            new RenderMinutesRequest { Meeting = meeting.Name, Audience = Audience.Members, Format = format }, cancellationToken: Ct)).Data.ToStringUtf8();

        var markdown = await RenderAsync(MinutesFormat.Markdown);
        Assert.Contains($"\n| {list.SubjectHeading} | {list.TimeHeading} | {list.ResponsibleHeading} |\n| --- | --- | --- |\n", markdown, StringComparison.Ordinal);
        var tableLines = markdown.Split('\n').Count(l => l.StartsWith("| ", StringComparison.Ordinal));
        var groups = list.Rows.Select(r => r.Group).Where(g => g.Length > 0).Distinct().Count();
        Assert.Equal(2 + groups + list.Rows.Count, tableLines);
        // Rows written without Markdown punctuation are printed as they are.
        var plain = list.Rows.Where(r => PlainCell().IsMatch(r.Subject + r.TimeText + r.ResponsibleText)).ToList();
        Assert.NotEmpty(plain);
        Assert.All(plain, r => Assert.Contains($"\n| {r.Subject} | {r.TimeText} | {r.ResponsibleText} |\n", markdown, StringComparison.Ordinal));

        var html = await RenderAsync(MinutesFormat.Html);
        Assert.Equal(list.Rows.Count, html.Split("<tr><td>").Length - 1);
        Assert.Equal(groups, html.Split("<th scope=\"rowgroup\"").Length - 1);
        Assert.All(plain, r => Assert.Contains($"<tr><td>{r.Subject}</td><td>{r.TimeText}</td><td>{r.ResponsibleText}</td></tr>", html, StringComparison.Ordinal));

        // The calendar sections follow the table, as in the text.
        var calendar = list.Text.Split("\n\n").Skip(1).Where(p => PlainCell().IsMatch(p)).ToList();
        Assert.NotEmpty(calendar);
        // Markdown escapes the dot of "25. november" at a line's start, which would otherwise begin a numbered list.
        Assert.All(calendar, p => Assert.Contains($"\n{System.Text.RegularExpressions.Regex.Replace(p, @"^(\d+)\.", @"$1\.")}\n", markdown, StringComparison.Ordinal));
        Assert.Contains(calendar, p => char.IsDigit(p[0]));
        Assert.All(calendar, p => Assert.Contains($"<p>{p}</p>", html, StringComparison.Ordinal));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[\p{L}\d ,.:/]+$")]
    private static partial System.Text.RegularExpressions.Regex PlainCell();

    [Fact]
    public async Task The_huskeliste_of_9_September_2013_prints_in_the_minutes_as_the_sample_does()
    {
        var (body, meeting, list) = await MeetingWithListAsync();
        // The secretary of 2013 wrote the date without the dash.
        await Client.UpdateAgendaItemAsync(new UpdateAgendaItemRequest
        {
            Item = new AgendaItem { Name = list.Name, Title = "Huskeliste 09-09-2013" },
            UpdateMask = new FieldMask { Paths = { "title" } },
        }, cancellationToken: Ct);
        await HuskelisteSample.EnterAsync(Reminders, body.Name, Ct);
        meeting = await PublishAsync(meeting);

        var draft = await GetMinutesAsync(meeting);
        var approved = await GetMinutesAsync(await ApproveAsync(await HoldAsync(meeting)));

        // Item 8 of the sample, from its heading to the end of the document; here it is the meeting's item 1.
        var sample = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "direktionen-2013-09-09.txt")).ReplaceLineEndings("\n");
        var expected = sample[sample.IndexOf("Punkt 8: Huskeliste 09-09-2013", StringComparison.Ordinal)..].TrimEnd()
            .Replace("Punkt 8:", "Punkt 1:", StringComparison.Ordinal);
        foreach (var minutes in new[] { draft, approved })
        {
            Assert.EndsWith(expected + "\n", minutes.Text, StringComparison.Ordinal);
        }
        Assert.Equal(ReminderListContentState.Live, ListEntry(draft).ReminderList.State);
        var kept = ListEntry(approved).ReminderList;
        Assert.Equal(ReminderListContentState.Kept, kept.State);
        Assert.Equal((body.Name, ListDate), (kept.Body, kept.AsOf));
        Assert.Equal(("Sag/emne", "Forv. tidspunkt", "Ansvarlig"), (kept.SubjectHeading, kept.TimeHeading, kept.ResponsibleHeading));
        Assert.Equal(8, kept.Rows.Count);
        Assert.Equal(("ØKO-LIS", "(2. uge månedligt)", "ØDC"), (kept.Rows[5].Subject, kept.Rows[5].TimeText, kept.Rows[5].ResponsibleText));
        Assert.All(kept.Rows, r => Assert.StartsWith($"{body.Name}/reminders/", r.Reminder));
    }

    [Fact]
    public async Task The_list_is_live_until_approval_and_kept_as_it_was_after()
    {
        var (body, meeting, list) = await MeetingWithListAsync();
        meeting = await PublishAsync(meeting);
        await RemindAsync(body, "Indkøbspolitik", "September", "ØDC");
        Assert.Contains("Indkøbspolitik\tSeptember\tØDC", (await GetMinutesAsync(meeting)).Text, StringComparison.Ordinal);

        // A reminder added later is on the draft at the next read: the draft is live.
        var late = await RemindAsync(body, "Årshjul for direktionen", "September", "BYC");
        var item = await GetItemAsync(list.Name);
        Assert.Equal(ReminderListContentState.Live, item.ReminderList.State);
        Assert.Equal(["Indkøbspolitik", "Årshjul for direktionen"], item.ReminderList.Rows.Select(r => r.Subject));
        Assert.Contains("Årshjul for direktionen\tSeptember\tBYC", (await GetMinutesAsync(meeting, Audience.Public)).Text, StringComparison.Ordinal);

        var approved = await ApproveAsync(await HoldAsync(meeting));
        var atApproval = await GetMinutesAsync(approved);

        // After approval the list in Reminders moves on; the minutes and the item keep what was approved.
        await Reminders.ChangeReminderStateAsync(new ChangeReminderStateRequest { Name = late.Name, State = ReminderState.Done }, cancellationToken: Ct);
        await RemindAsync(body, "Processag vedr. selvejende institutioner", "Oktober", "BYC");
        var after = await GetMinutesAsync(approved);
        Assert.Equal(atApproval.Text, after.Text);
        Assert.Contains("Årshjul for direktionen\tSeptember\tBYC", after.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Processag", after.Text, StringComparison.Ordinal);
        foreach (var kept in new[] { (await GetItemAsync(list.Name)).ReminderList, Assert.Single(await ListItemsAsync(approved)).ReminderList })
        {
            Assert.Equal(ReminderListContentState.Kept, kept.State);
            Assert.Equal(["Indkøbspolitik", "Årshjul for direktionen"], kept.Rows.Select(r => r.Subject));
        }
        // The live list has moved on meanwhile.
        var live = await Reminders.GetReminderListAsync(new GetReminderListRequest { Body = body.Name, AsOf = ListDate }, cancellationToken: Ct);
        Assert.Contains("Processag", live.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_reminder_is_Lukket_in_the_public_minutes_and_shown_in_the_members_minutes()
    {
        var (body, meeting, _) = await MeetingWithListAsync();
        meeting = await PublishAsync(meeting);
        await RemindAsync(body, "Personalesag vedr. centerchef", "Oktober", "HRC", closed: true);
        await RemindAsync(body, "Indkøbspolitik", "September", "ØDC");

        void AssertAudiences(V1.Minutes members, V1.Minutes @public)
        {
            Assert.Contains("Personalesag vedr. centerchef\tOktober\tHRC", members.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("Personalesag", @public.Text, StringComparison.Ordinal);
            Assert.Contains("Lukket\tOktober\tHRC", @public.Text, StringComparison.Ordinal);
            Assert.Equal(["Lukket", "Indkøbspolitik"], ListEntry(@public).ReminderList.Rows.Select(r => r.Subject));
        }

        AssertAudiences(await GetMinutesAsync(meeting), await GetMinutesAsync(meeting, Audience.Public));
        var approved = await ApproveAsync(await HoldAsync(meeting));
        AssertAudiences(await GetMinutesAsync(approved), await GetMinutesAsync(approved, Audience.Public));
    }

    [Fact]
    public async Task A_template_has_at_most_one_reminder_list()
    {
        await ApiAssert.InvalidArgument(() => CreateBodyAsync(configure: b => b.AgendaTemplate.Add(
        [
            new StandingItemTemplate { Title = "Huskeliste", JournalNumber = "12/32140", ReminderList = true },
            new StandingItemTemplate { Title = "Huskeliste igen", JournalNumber = "12/32140", ReminderList = true },
        ])), "body.agenda_template[1].reminder_list");
    }
}

public sealed class ReminderListItemApiSqliteTests(SqliteApiHost host) : ReminderListItemApiTests(host), IClassFixture<SqliteApiHost>;

public sealed class ReminderListItemApiPostgresTests(PostgresApiHost host) : ReminderListItemApiTests(host), IClassFixture<PostgresApiHost>;
