using Governance.Reminders.V1;
using Grpc.Core;

namespace Governance.Reminders.Tests.Api;

/// <summary>Reminders on a body's list: create, read, the hand order, updates, states and their
/// errors, through the real host.</summary>
public abstract class RemindersApiTests(IApiHost host) : RemindersApiTestBase(host)
{
    [Fact]
    public async Task Create_puts_the_reminder_last_on_the_list_with_its_danish_time_text_and_get_finds_it()
    {
        var body = UniqueBody();
        var first = await CreateAsync(body, NewReminder("Projekt Morgendagens skole, herunder status økonomi", Rule("FREQ=MONTHLY", 2012, 9, 1, "Månedlig"), ["PA"]));
        var second = await CreateAsync(body, NewReminder("Administrative besparelser - konsekvensbeskrivelser (jf. mail fra Mikala 27.06)", OnDate(2012, 8, 28), ["ØDC"]));
        var third = await CreateAsync(body, NewReminder("Borgmesterhenvendelser", InMonth(2012, 9), ["BYC", "CEIS"]));

        Assert.StartsWith($"{body}/reminders/", first.Name);
        Assert.Equal([1, 2, 3], new[] { first, second, third }.Select(r => r.Position));
        Assert.Equal("Månedlig", first.ExpectedTime.Text);
        Assert.Equal("FREQ=MONTHLY", first.ExpectedTime.Recurrence.Rrule);
        Assert.Equal("28. august 2012", second.ExpectedTime.Text);
        Assert.Equal("BYC, CEIS", third.ResponsibleText);
        Assert.Equal(ReminderState.Open, third.State);
        Assert.Equal(ReminderOrigin.Manual, third.Origin);
        Assert.NotNull(second.NextDueTime);
        Assert.Equal(new DateTime(2012, 8, 28, 6, 0, 0, DateTimeKind.Utc), second.NextDueTime.ToDateTime());
        Assert.False(second.Redacted);
        Assert.NotEmpty(second.Etag);

        Assert.Equal(second, await GetAsync(second.Name));
        Assert.Equal([first.Name, second.Name, third.Name], (await ListAsync(body)).Select(r => r.Name));
    }

    [Fact]
    public async Task A_reminder_created_at_a_place_moves_the_ones_from_there_down()
    {
        var body = UniqueBody();
        var a = await CreateAsync(body, NewReminder("A"));
        var b = await CreateAsync(body, NewReminder("B"));
        var c = await CreateAsync(body, NewReminder("C", configure: r => r.Position = 1));

        Assert.Equal(1, c.Position);
        Assert.Equal(["C", "A", "B"], (await ListAsync(body)).Select(r => r.Subject));
        Assert.Equal([1, 2, 3], (await ListAsync(body)).Select(r => r.Position));
    }

    [Fact]
    public async Task Moving_a_reminder_closes_its_gap_and_opens_one_at_its_new_place()
    {
        var body = UniqueBody();
        foreach (var subject in new[] { "A", "B", "C", "D" })
        {
            await CreateAsync(body, NewReminder(subject));
        }
        var d = (await ListAsync(body))[3];
        d.Position = 2;
        var moved = await UpdateAsync(d, "position");
        Assert.Equal(2, moved.Position);
        Assert.Equal(["A", "D", "B", "C"], (await ListAsync(body)).Select(r => r.Subject));

        var a = (await ListAsync(body))[0];
        a.Position = 99;
        Assert.Equal(4, (await UpdateAsync(a, "position")).Position);
        Assert.Equal(["D", "B", "C", "A"], (await ListAsync(body)).Select(r => r.Subject));
        Assert.Equal([1, 2, 3, 4], (await ListAsync(body)).Select(r => r.Position));
    }

    [Fact]
    public async Task Done_takes_a_reminder_off_the_list_with_who_and_when_and_reopening_puts_it_last()
    {
        var body = UniqueBody();
        var a = await CreateAsync(body, NewReminder("A"));
        await CreateAsync(body, NewReminder("B"));
        await CreateAsync(body, NewReminder("C"));

        var done = await ChangeStateAsync(a, ReminderState.Done);
        Assert.Equal(ReminderState.Done, done.State);
        Assert.Equal(0, done.Position);
        Assert.Equal("test-all-roles", done.StateChangedBy);
        Assert.NotNull(done.StateChangeTime);
        Assert.Null(done.NextDueTime);
        Assert.Equal(["B", "C"], (await ListAsync(body, ReminderState.Open)).Select(r => r.Subject));
        Assert.Equal([1, 2], (await ListAsync(body, ReminderState.Open)).Select(r => r.Position));
        Assert.Equal(["B", "C", "A"], (await ListAsync(body)).Select(r => r.Subject));

        var error = await ApiAssert.RpcError(StatusCode.FailedPrecondition, () => ChangeStateAsync(done, ReminderState.Dropped), "INVALID_STATE_TRANSITION");
        Assert.Equal("DONE", error.Info.Metadata["from"]);

        var reopened = await ChangeStateAsync(done, ReminderState.Open);
        Assert.Equal(3, reopened.Position);
        Assert.Equal(["B", "C", "A"], (await ListAsync(body, ReminderState.Open)).Select(r => r.Subject));
        Assert.Equal(reopened.Name, (await GetAsync(reopened.Name)).Name);
    }

    [Fact]
    public async Task A_reminder_not_on_the_list_cannot_be_moved()
    {
        var body = UniqueBody();
        var dropped = await ChangeStateAsync(await CreateAsync(body, NewReminder("A")), ReminderState.Dropped);
        dropped.Position = 1;
        await ApiAssert.RpcError(StatusCode.FailedPrecondition, () => UpdateAsync(dropped, "position"), "REMINDER_NOT_OPEN");
    }

    [Fact]
    public async Task Update_changes_only_the_masked_fields_and_a_stale_etag_is_aborted()
    {
        var body = UniqueBody();
        var created = await CreateAsync(body, NewReminder("Kørselsgodtgørelse", InMonth(2013, 3), ["HRC"]));
        var change = created.Clone();
        change.Subject = "Kørselsgodtgørelse - ny takst";
        change.Notes = "ignored: not in the mask";
        change.Responsible.Clear();
        change.Responsible.Add("HRC/AM");
        change.ResponsibleAndOthers = true;

        var updated = await UpdateAsync(change, "subject", "responsible", "responsible_and_others");
        Assert.Equal("Kørselsgodtgørelse - ny takst", updated.Subject);
        Assert.Equal("", updated.Notes);
        Assert.Equal("HRC/AM m.fl.", updated.ResponsibleText);
        Assert.NotEqual(created.Etag, updated.Etag);

        await ApiAssert.RpcError(StatusCode.Aborted, () => UpdateAsync(change, "subject"));
    }

    [Fact]
    public async Task Create_validates_every_field_at_once_and_quotes_no_caller_text_unbounded()
    {
        var bad = new Reminder
        {
            Subject = "",
            ExpectedTime = new ExpectedTime { Recurrence = new Recurrence { Rrule = "FREQ=SECONDLY", Start = new Google.Type.DateTime { Year = 2013, Month = 9, Day = 1, Hours = 8 } } },
            Notes = new string('n', 2001),
            JournalNumber = "not a number",
            Meeting = "meetings/",
            Position = -1,
        };
        bad.Responsible.Add("PA, BYC");

        var error = await ApiAssert.RpcError(StatusCode.InvalidArgument, () => CreateAsync(UniqueBody(), bad), "FIELD_VIOLATION");
        foreach (var field in new[] { "reminder.subject", "reminder.notes", "reminder.journal_number", "reminder.meeting", "reminder.position" })
        {
            Assert.Contains(field, error.Fields);
        }
        Assert.Contains(error.Fields, f => f.StartsWith("reminder.responsible", StringComparison.Ordinal));
        Assert.Contains(error.Fields, f => f.StartsWith("reminder.expected_time", StringComparison.Ordinal));
        Assert.DoesNotContain(new string('n', 100), error.Describe());

        await ApiAssert.InvalidArgument(() => CreateAsync(UniqueBody(), NewReminder(time: new ExpectedTime())), "reminder.expected_time");
        await ApiAssert.InvalidArgument(() => CreateAsync(UniqueBody(), NewReminder(time: OnDate(1999, 12, 31))), "reminder.expected_time.date");
        await ApiAssert.InvalidArgument(() => CreateAsync(UniqueBody(), NewReminder(time: InMonth(2013, 13))), "reminder.expected_time.month.month");
        await ApiAssert.InvalidArgument(() => CreateAsync("bodies/Not Valid", NewReminder()), "parent");
    }

    [Fact]
    public async Task A_request_id_makes_create_safe_to_retry()
    {
        var body = UniqueBody();
        var id = NewRequestId();
        var first = await CreateAsync(body, NewReminder("Indkøbspolitik", InMonth(2013, 9)), id);
        Assert.Equal(first, await CreateAsync(body, NewReminder("Indkøbspolitik", InMonth(2013, 9)), id));
        Assert.Single(await ListAsync(body));

        await ApiAssert.RpcError(StatusCode.AlreadyExists, () => CreateAsync(body, NewReminder("Udbudspolitik", InMonth(2013, 9)), id), "REQUEST_ID_REUSED");
    }

    [Fact]
    public async Task An_unknown_reminder_is_not_found()
    {
        await ApiAssert.RpcError(StatusCode.NotFound, () => GetAsync($"{UniqueBody()}/reminders/ingen"));
    }

    [Fact]
    public async Task List_pages_through_the_open_ones_in_order_then_the_others()
    {
        var body = UniqueBody();
        for (var i = 1; i <= 5; i++)
        {
            await CreateAsync(body, NewReminder($"Sag {i}"));
        }
        await ChangeStateAsync((await ListAsync(body))[0], ReminderState.Done);

        var page1 = await Client.ListRemindersAsync(new ListRemindersRequest { Parent = body, PageSize = 3 }, cancellationToken: Ct);
        var page2 = await Client.ListRemindersAsync(new ListRemindersRequest { Parent = body, PageSize = 3, PageToken = page1.NextPageToken }, cancellationToken: Ct);
        Assert.Equal(["Sag 2", "Sag 3", "Sag 4", "Sag 5", "Sag 1"], page1.Reminders.Concat(page2.Reminders).Select(r => r.Subject));
        Assert.Empty(page2.NextPageToken);

        await ApiAssert.InvalidArgument(
            () => Client.ListRemindersAsync(new ListRemindersRequest { Parent = body, State = ReminderState.Open, PageToken = page1.NextPageToken }, cancellationToken: Ct).ResponseAsync,
            "page_token");
    }

    [Fact]
    public async Task Parse_expected_time_reads_the_lists_texts()
    {
        async Task<ExpectedTime> Parse(string text, int group = 0) => await Client.ParseExpectedTimeAsync(
            new ParseExpectedTimeRequest { Text = text, ReferenceDate = Date(2013, 9, 9), GroupMonth = group }, cancellationToken: Ct);

        var date = await Parse("20. september");
        Assert.Equal(Date(2013, 9, 20), date.Date);
        Assert.Equal("20. september", date.Text);
        Assert.Equal(new YearMonth { Year = 2013, Month = 9 }, (await Parse("September")).Month);
        var quarterly = await Parse("Kvartalsvis");
        Assert.Equal("Kvartalsvis", quarterly.Text);
        Assert.Contains("FREQ=MONTHLY", quarterly.Recurrence.Rrule);
        Assert.Equal("(2. uge månedligt)", (await Parse("(2. uge månedligt)")).Text);
        Assert.Equal("(Kvartalsvis)", (await Parse("(Kvartalsvis)")).Text);
        Assert.Equal("Efter budgetforliget", (await Parse("Efter budgetforliget")).FreeText);
        Assert.Equal(Date(2013, 9, 13), (await Parse("13.", 9)).Date);

        await ApiAssert.InvalidArgument(() => Parse(""), "text");
        await ApiAssert.InvalidArgument(() => Parse("Månedligt", 13), "group_month");
    }
}

public sealed class RemindersApiSqliteTests(SqliteApiHost host) : RemindersApiTests(host), IClassFixture<SqliteApiHost>;

public sealed class RemindersApiPostgresTests(PostgresApiHost host) : RemindersApiTests(host), IClassFixture<PostgresApiHost>;
