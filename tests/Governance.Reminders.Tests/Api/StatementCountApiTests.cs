using Google.Protobuf.WellKnownTypes;
using Governance.Reminders.V1;
using Grpc.Core;

namespace Governance.Reminders.Tests.Api;

/// <summary>
/// A read runs a fixed number of SQL statements whatever the size of its list: each RPC is counted
/// (<see cref="StatementCounting"/>) on a small list and on a large one of the same shape (open,
/// closed and done reminders, sections with entries), and the counts must be equal. A deterministic
/// guard against a statement per reminder, section or audited closed read. Each write's cost is
/// pinned per store, and is the same on a small and a large list.
/// </summary>
public abstract class StatementCountApiTests(IApiHost host) : RemindersApiTestBase(host)
{
    private const int Small = 2;
    private const int Large = 12;

    private sealed record ListOf(string Body, Reminder First, CalendarSection Section);

    /// <summary>A list with <paramref name="size"/> open, <paramref name="size"/> closed (the default
    /// caller sees them: each is an audited closed read) and <paramref name="size"/> done reminders,
    /// and <paramref name="size"/> sections of <paramref name="size"/> entries.</summary>
    private async Task<ListOf> ListOfAsync(int size)
    {
        var body = UniqueBody();
        var first = await CreateAsync(body, NewReminder("ØKO-LIS", Rule("FREQ=MONTHLY", 2014, 1, 1, "Månedlig"), ["ØDC"]));
        // As many of its next occurrences marked as the list is large: each mark moves its next due time on.
        for (var i = 0; i < size; i++)
        {
            first = await Client.MarkOccurrenceAsync(new MarkOccurrenceRequest
                { Name = first.Name, OccurrenceTime = first.NextDueTime, State = i % 2 == 0 ? OccurrenceState.Done : OccurrenceState.Skipped }, cancellationToken: Ct);
        }
        for (var i = 1; i < size; i++)
        {
            await CreateAsync(body, NewReminder($"Budgetopfølgning {i}", OnDate(2014, 8, 28)));
        }
        for (var i = 0; i < size; i++)
        {
            await CreateAsync(body, NewReminder($"Personalesag {i}", InMonth(2014, 9), ["HRC"], r => r.Closed = true));
            await ChangeStateAsync(await CreateAsync(body, NewReminder($"Afsluttet {i}")), ReminderState.Done);
        }
        CalendarSection? section = null;
        for (var i = 0; i < size; i++)
        {
            var s = new CalendarSection { Title = $"HU-møder {i}" };
            for (var d = 1; d <= size; d++)
            {
                s.Entries.Add(Entry(2014, 9, d, topic: $"Tema {d}", note: "res."));
            }
            section ??= await CreateSectionAsync(body, s);
            if (i > 0) await CreateSectionAsync(body, s);
        }
        return new ListOf(body, first, section!);
    }


    [Fact]
    public async Task Reads_take_a_fixed_number_of_statements()
    {
        var reads = new List<(string Rpc, Func<ListOf, Metadata, Task> Call)>
        {
            ("GetReminder", (d, h) => Client.GetReminderAsync(new GetReminderRequest { Name = d.First.Name }, h, cancellationToken: Ct).ResponseAsync),
            ("ListReminders", (d, h) => Client.ListRemindersAsync(new ListRemindersRequest { Parent = d.Body, PageSize = 200 }, h, cancellationToken: Ct).ResponseAsync),
            ("ListReminders open", (d, h) => Client.ListRemindersAsync(new ListRemindersRequest { Parent = d.Body, State = ReminderState.Open, PageSize = 200 }, h,
                cancellationToken: Ct).ResponseAsync),
            ("GetCalendarSection", (d, h) => Client.GetCalendarSectionAsync(new GetCalendarSectionRequest { Name = d.Section.Name }, h, cancellationToken: Ct).ResponseAsync),
            ("ListCalendarSections", (d, h) => Client.ListCalendarSectionsAsync(new ListCalendarSectionsRequest { Parent = d.Body, PageSize = 50 }, h, cancellationToken: Ct).ResponseAsync),
            ("GetReminderListSettings", (d, h) => Client.GetReminderListSettingsAsync(new GetReminderListSettingsRequest { Name = $"{d.Body}/reminderListSettings" }, h,
                cancellationToken: Ct).ResponseAsync),
            ("ParseExpectedTime", (d, h) => Client.ParseExpectedTimeAsync(new ParseExpectedTimeRequest { Text = "(2. uge månedligt)", ReferenceDate = Date(2014, 8, 1) }, h,
                cancellationToken: Ct).ResponseAsync),
            ("ListAuditEntries", (d, h) => Client.ListAuditEntriesAsync(new Audit.V1.ListAuditEntriesRequest { Resource = d.Body, PageSize = 200 }, h, cancellationToken: Ct).ResponseAsync),
            ("GetReminderList", (d, h) => Client.GetReminderListAsync(new GetReminderListRequest { Body = d.Body, AsOf = Date(2014, 8, 1), HorizonDays = 120 }, h,
                cancellationToken: Ct).ResponseAsync),
            ("GetCalendar", (d, h) => Client.GetCalendarAsync(new GetCalendarRequest { Body = d.Body, StartDate = Date(2014, 1, 1), EndDate = Date(2015, 1, 1) }, h,
                cancellationToken: Ct).ResponseAsync),
            ("ListCalendarFeeds", (d, h) => Client.ListCalendarFeedsAsync(new ListCalendarFeedsRequest { Parent = d.Body }, h, cancellationToken: Ct).ResponseAsync),
            ("ListStatutoryDeadlines", (d, h) => Client.ListStatutoryDeadlinesAsync(new ListStatutoryDeadlinesRequest { PageSize = 200 }, h, cancellationToken: Ct).ResponseAsync),
            ("ListOccurrenceMarks", (d, h) => Client.ListOccurrenceMarksAsync(new ListOccurrenceMarksRequest { Parent = d.First.Name, PageSize = 200 }, h,
                cancellationToken: Ct).ResponseAsync),
        };
        await StatementCounting.AssertFixedAsync(Host, Small, Large, ListOfAsync, [.. reads]);
    }

    [Fact]
    public async Task Writes_to_a_list_take_a_fixed_number_of_statements()
    {
        // Each write moves the others (a place at the top), so a statement per row moved would show.
        await StatementCounting.AssertFixedAsync(Host, Small, Large, ListOfAsync,
            ("CreateReminder", (d, h) => Client.CreateReminderAsync(new CreateReminderRequest
                { Parent = d.Body, Reminder = NewReminder("Eftersendt", configure: r => r.Position = 1), RequestId = NewRequestId() }, h, cancellationToken: Ct).ResponseAsync),
            ("UpdateReminder", (d, h) => Client.UpdateReminderAsync(new UpdateReminderRequest
                { Reminder = new Reminder { Name = d.First.Name, Position = 99, Subject = "ØKO-LIS (flyttet)" }, UpdateMask = new FieldMask { Paths = { "position", "subject" } } },
                h, cancellationToken: Ct).ResponseAsync),
            // Before the state change below takes the reminder off the list.
            ("MarkOccurrence", (d, h) => Client.MarkOccurrenceAsync(new MarkOccurrenceRequest
                { Name = d.First.Name, OccurrenceTime = d.First.NextDueTime, State = OccurrenceState.Skipped }, h, cancellationToken: Ct).ResponseAsync),
            ("ChangeReminderState", (d, h) => Client.ChangeReminderStateAsync(new ChangeReminderStateRequest { Name = d.First.Name, State = ReminderState.Done }, h,
                cancellationToken: Ct).ResponseAsync),
            ("CreateCalendarSection", (d, h) => Client.CreateCalendarSectionAsync(new CreateCalendarSectionRequest
                { Parent = d.Body, CalendarSection = new CalendarSection { Title = "Byrådets temamøder", Position = 1 }, RequestId = NewRequestId() }, h, cancellationToken: Ct).ResponseAsync),
            ("UpdateCalendarSection", (d, h) => Client.UpdateCalendarSectionAsync(new UpdateCalendarSectionRequest
                { CalendarSection = new CalendarSection { Name = d.Section.Name, Position = 99 }, UpdateMask = new FieldMask { Paths = { "position" } } }, h, cancellationToken: Ct).ResponseAsync),
            ("DeleteCalendarSection", (d, h) => Client.DeleteCalendarSectionAsync(new DeleteCalendarSectionRequest { Name = d.Section.Name }, h, cancellationToken: Ct).ResponseAsync),
            ("UpdateReminderListSettings", (d, h) => Client.UpdateReminderListSettingsAsync(new UpdateReminderListSettingsRequest
                { Settings = new ReminderListSettings { Name = $"{d.Body}/reminderListSettings", GroupByMonth = true }, UpdateMask = new FieldMask { Paths = { "group_by_month" } } },
                h, cancellationToken: Ct).ResponseAsync));
    }

    /// <summary>What one write costs, pinned per store (as <see cref="StatementCounting.AssertCountAsync"/>, but
    /// every write is measured before the test fails, naming each one that differs).</summary>
    [Fact]
    public async Task Each_write_takes_a_pinned_number_of_statements()
    {
        var differ = new List<string>();
        async Task Counted(string rpc, (int Sqlite, int Postgres) expected, Func<Metadata, Task> call)
        {
            await call(StatementCounting.Request(out var id));
            var statements = Host.Server.Statements.Take(id);
            var want = Host.Store == "SQLite" ? expected.Sqlite : expected.Postgres;
            TestContext.Current.TestOutputHelper?.WriteLine($"{rpc} on {Host.Store}: {statements.Count} statements:\n  {string.Join("\n  ", statements)}");
            if (statements.Count != want)
            {
                differ.Add($"{rpc} on {Host.Store} ran {statements.Count} statements, expected {want}:\n  {string.Join("\n  ", statements)}");
            }
        }

        var body = UniqueBody();
        var first = await CreateAsync(body, NewReminder("Regnskab 2014"));
        await CreateAsync(body, NewReminder("Budget 2015-18"));
        var section = await CreateSectionAsync(body, new CalendarSection { Title = "HU-møder 2014", Entries = { Entry(2014, 9, 19) } });
        await CreateSectionAsync(body, new CalendarSection { Title = "Byrådets temamøder" });

        await Counted("CreateReminder", Pinned.CreateReminder, h => Client.CreateReminderAsync(new CreateReminderRequest
            { Parent = body, Reminder = NewReminder("Eftersendt", configure: r => r.Position = 1), RequestId = NewRequestId() }, h, cancellationToken: Ct).ResponseAsync);
        await Counted("UpdateReminder", Pinned.UpdateReminder, h => Client.UpdateReminderAsync(new UpdateReminderRequest
            { Reminder = new Reminder { Name = first.Name, Subject = "Regnskab 2014 - status" }, UpdateMask = new FieldMask { Paths = { "subject" } } }, h, cancellationToken: Ct).ResponseAsync);
        await Counted("UpdateReminder (move)", Pinned.MoveReminder, h => Client.UpdateReminderAsync(new UpdateReminderRequest
            { Reminder = new Reminder { Name = first.Name, Position = 99 }, UpdateMask = new FieldMask { Paths = { "position" } } }, h, cancellationToken: Ct).ResponseAsync);
        await Counted("ChangeReminderState", Pinned.ChangeReminderState, h => Client.ChangeReminderStateAsync(
            new ChangeReminderStateRequest { Name = first.Name, State = ReminderState.Done }, h, cancellationToken: Ct).ResponseAsync);
        await Counted("ChangeReminderState (reopen)", Pinned.ReopenReminder, h => Client.ChangeReminderStateAsync(
            new ChangeReminderStateRequest { Name = first.Name, State = ReminderState.Open }, h, cancellationToken: Ct).ResponseAsync);
        await Counted("CreateCalendarSection", Pinned.CreateCalendarSection, h => Client.CreateCalendarSectionAsync(new CreateCalendarSectionRequest
            { Parent = body, CalendarSection = new CalendarSection { Title = "Direktionens Strategiske Lederforum" }, RequestId = NewRequestId() }, h, cancellationToken: Ct).ResponseAsync);
        await Counted("UpdateCalendarSection", Pinned.UpdateCalendarSection, h => Client.UpdateCalendarSectionAsync(new UpdateCalendarSectionRequest
            { CalendarSection = new CalendarSection { Name = section.Name, Title = "HU-møder 2015" }, UpdateMask = new FieldMask { Paths = { "title" } } }, h, cancellationToken: Ct).ResponseAsync);
        await Counted("DeleteCalendarSection", Pinned.DeleteCalendarSection, h => Client.DeleteCalendarSectionAsync(
            new DeleteCalendarSectionRequest { Name = section.Name }, h, cancellationToken: Ct).ResponseAsync);
        var recurring = await CreateAsync(body, NewReminder("ØKO-LIS", Rule("FREQ=MONTHLY", 2014, 1, 1), ["ØDC"]));
        await Counted("MarkOccurrence", Pinned.MarkOccurrence, h => Client.MarkOccurrenceAsync(new MarkOccurrenceRequest
            { Name = recurring.Name, OccurrenceTime = recurring.NextDueTime, State = OccurrenceState.Done }, h, cancellationToken: Ct).ResponseAsync);
        await Counted("MarkOccurrence (clear)", Pinned.ClearOccurrenceMark, h => Client.MarkOccurrenceAsync(new MarkOccurrenceRequest
            { Name = recurring.Name, OccurrenceTime = recurring.NextDueTime, State = OccurrenceState.Open }, h, cancellationToken: Ct).ResponseAsync);
        await Counted("UpdateReminderListSettings", Pinned.UpdateReminderListSettings, h => Client.UpdateReminderListSettingsAsync(
            new UpdateReminderListSettingsRequest
                { Settings = new ReminderListSettings { Name = $"{body}/reminderListSettings", GroupByMonth = true }, UpdateMask = new FieldMask { Paths = { "group_by_month" } } },
            h, cancellationToken: Ct).ResponseAsync);
        Assert.True(differ.Count == 0, string.Join("\n", differ));
    }

    /// <summary>(SQLite, PostgreSQL), as measured when pinned. SQLite counts
    /// BEGIN and COMMIT and each statement of the final batch (idempotency key, audit entry:
    /// DbSession.Tail), which PostgreSQL sends as one command. Every change first locks the body's list
    /// (one upsert of reminder_lists); a create adds count + shift + insert; a move a count and two
    /// shifts; done/dropped one shift; reopen a count. Marking an occurrence reads its mark, writes or
    /// deletes it, and reads the marks the next due time passes over. Reminders publish no events on a
    /// change: no outbox row.</summary>
    private static class Pinned
    {
        public static readonly (int Sqlite, int Postgres) CreateReminder = (9, 6);
        public static readonly (int Sqlite, int Postgres) UpdateReminder = (6, 4);
        public static readonly (int Sqlite, int Postgres) MoveReminder = (9, 7);
        public static readonly (int Sqlite, int Postgres) ChangeReminderState = (7, 5);
        public static readonly (int Sqlite, int Postgres) ReopenReminder = (7, 5);
        public static readonly (int Sqlite, int Postgres) CreateCalendarSection = (8, 5);
        public static readonly (int Sqlite, int Postgres) UpdateCalendarSection = (6, 4);
        public static readonly (int Sqlite, int Postgres) DeleteCalendarSection = (7, 5);
        public static readonly (int Sqlite, int Postgres) UpdateReminderListSettings = (5, 3);
        public static readonly (int Sqlite, int Postgres) MarkOccurrence = (9, 7);
        public static readonly (int Sqlite, int Postgres) ClearOccurrenceMark = (9, 7);
    }
}

public sealed class StatementCountApiSqliteTests(SqliteApiHost host) : StatementCountApiTests(host), IClassFixture<SqliteApiHost>;

public sealed class StatementCountApiPostgresTests(PostgresApiHost host) : StatementCountApiTests(host), IClassFixture<PostgresApiHost>;
