using Governance.Integration.Tests.Support;
using Governance.Reminders.V1;
using Governance.Surveys.Events;
using MassTransit;

namespace Governance.Integration.Tests.Reminders;

/// <summary>
/// The Surveys events in the Reminders service, published on the host's bus as the Surveys service's
/// outbox would (in-memory on the embedded host, RabbitMQ on the server host) and read back through the
/// Reminders gRPC API: a released APV round puts the next APV on the board's list for HR, one per round;
/// each action plan item's deadline becomes a reminder on its workplace's list (apv-{unit}) that follows
/// the item's versions (a changed deadline, done, cancelled, reopened), where a message delivered twice
/// has one effect and an older version delivered late changes nothing.
/// </summary>
public abstract class SurveyRemindersTests(IIntegrationHost host)
{
    private const string Board = "bodies/direktionen";
    private const string Problem = "Mange oplever uklare forventninger";
    private const string Action = "Afklaringsmøde om opgaver og roller i hvert team";

    private RemindersDriver Reminders => new(host.Server.Channel);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Google.Type.Date Date(int year, int month, int day) => new() { Year = year, Month = month, Day = day };

    private static string Tag() => Guid.NewGuid().ToString("N")[..8];

    private static IReadOnlyList<ReminderListRow> Rows(ReminderList list) => [.. list.Groups.SelectMany(g => g.Rows)];

    /// <summary>A workplace no other test uses: its unit id and its action plan list.</summary>
    private static (string Unit, string List) Workplace()
    {
        var unit = $"solsikken-{Tag()}";
        return (unit, $"bodies/apv-{unit}");
    }

    private static ActionPlanItemAdded Added(string round, string item, string unit, long version = 1, DateOnly? deadline = null) =>
        new($"{round}/actionPlanItems/{item}", round, unit, "Børnehuset Solsikken", Problem, Action, "Leder og AMR",
            deadline ?? new DateOnly(2031, 10, 1), "OPEN", DateTimeOffset.UtcNow, version);

    private static ActionPlanItemChanged Changed(ActionPlanItemAdded item, long version, string state, DateOnly? deadline = null) =>
        new(item.Item, item.Round, item.Unit, item.UnitDisplayName, item.Problem, item.Action, item.Responsible, deadline ?? item.Deadline, state,
            DateTimeOffset.UtcNow, version);

    /// <summary>Publishes <paramref name="message"/> with <paramref name="messageId"/> (a new one when not
    /// given) and waits until <paramref name="queue"/> has consumed it without a fault.</summary>
    private async Task<Guid> DeliverAsync<T>(T message, string queue, Guid? messageId = null)
        where T : class
    {
        var id = messageId ?? NewId.NextGuid();
        using var watch = new ConsumeWatch(host.Bus);
        await host.Bus.Publish(message, ctx => ctx.MessageId = id, Ct);
        await watch.WaitAsync(CasesDriver.QueueOf(host, queue), id, seen => seen.Any(s => s.Fault is null));
        return id;
    }

    private Task<Guid> DeliverAsync(ActionPlanItemAdded m, Guid? id = null) => DeliverAsync(m, RemindersDriver.ActionPlanItemAddedQueue, id);

    private Task<Guid> DeliverAsync(ActionPlanItemChanged m, Guid? id = null) => DeliverAsync(m, RemindersDriver.ActionPlanItemChangedQueue, id);

    private async Task<Reminder> OfRoundAsync(string round) =>
        Assert.Single(await Reminders.AllAsync(Board), r => r.SurveyRound == round && r.Origin == ReminderOrigin.SurveyNextRound);

    private async Task<Reminder> OfItemAsync(string list, string item) =>
        Assert.Single(await Reminders.AllAsync(list), r => r.ActionPlanItem == item);

    [Fact]
    public async Task A_released_APV_round_puts_the_next_APV_on_the_boards_list_for_HR_on_its_due_date()
    {
        var round = $"rounds/apv-{Tag()}";
        await DeliverAsync(new NextRoundDue(round, "APV 2029", new DateOnly(2032, 3, 1), DateTimeOffset.UtcNow, 7), RemindersDriver.NextRoundDueQueue);

        var next = await OfRoundAsync(round);
        Assert.Equal("Næste APV skal gennemføres (seneste: APV 2029)", next.Subject);
        Assert.Equal(Date(2032, 3, 1), next.ExpectedTime.Date);
        Assert.Equal(["HRC"], next.Responsible);
        Assert.Equal(ReminderState.Open, next.State);
        Assert.StartsWith(Board + "/reminders/", next.Name, StringComparison.Ordinal);
        Assert.Contains($"APV 2029 ({round})", next.Notes, StringComparison.Ordinal);
        Assert.Empty(next.ActionPlanItem);
        Assert.Empty(next.Decision);
        Assert.Equal(Timestamp(new DateTime(2032, 3, 1, 7, 0, 0, DateTimeKind.Utc)), next.NextDueTime);

        // On the board's list as the minutes print it in February 2032.
        var row = Assert.Single(Rows(await Reminders.ListAsync(Board, new DateOnly(2032, 2, 1))), r => r.Reminder == next.Name);
        Assert.Equal(("Næste APV skal gennemføres (seneste: APV 2029)", "1. marts", "HRC"), (row.Subject, row.TimeText, row.ResponsibleText));
    }

    [Fact]
    public async Task The_same_next_APV_delivered_twice_makes_one_reminder_and_a_later_rounds_makes_another()
    {
        var first = $"rounds/apv-{Tag()}";
        var message = new NextRoundDue(first, "APV 2030", new DateOnly(2033, 2, 1), DateTimeOffset.UtcNow, 5);
        var id = await DeliverAsync(message, RemindersDriver.NextRoundDueQueue);
        var made = await OfRoundAsync(first);

        // The same message again (inbox), and the same version as another message (e.g. published twice): no change.
        await DeliverAsync(message, RemindersDriver.NextRoundDueQueue, id);
        await DeliverAsync(message, RemindersDriver.NextRoundDueQueue);
        var again = await OfRoundAsync(first);
        Assert.Equal((made.Name, made.Etag, made.UpdateTime), (again.Name, again.Etag, again.UpdateTime));

        // The next round three years on: a reminder of its own, after the first on the list.
        var second = $"rounds/apv-{Tag()}";
        await DeliverAsync(new NextRoundDue(second, "APV 2033", new DateOnly(2036, 1, 15), DateTimeOffset.UtcNow, 5), RemindersDriver.NextRoundDueQueue);
        var later = await OfRoundAsync(second);
        Assert.NotEqual(made.Name, later.Name);
        Assert.Equal(Date(2036, 1, 15), later.ExpectedTime.Date);
        Assert.Equal("Næste APV skal gennemføres (seneste: APV 2033)", later.Subject);
        Assert.Equal(ReminderState.Open, (await OfRoundAsync(first)).State);
        Assert.True(later.Position > made.Position, $"The later round's reminder is at {later.Position}, the first's at {made.Position}.");
    }

    [Fact]
    public async Task An_action_plan_item_becomes_a_reminder_of_its_deadline_on_its_workplaces_list_once()
    {
        var (unit, list) = Workplace();
        var round = $"rounds/apv-{Tag()}";
        var added = Added(round, "a1", unit);
        var id = await DeliverAsync(added);

        var made = await OfItemAsync(list, added.Item);
        Assert.Equal($"APV-handlingsplan: {Action}", made.Subject);
        Assert.Equal(["Børnehuset Solsikken"], made.Responsible);
        Assert.Equal(Date(2031, 10, 1), made.ExpectedTime.Date);
        Assert.Equal(ReminderOrigin.SurveyActionPlan, made.Origin);
        Assert.Equal(ReminderState.Open, made.State);
        Assert.Equal((round, added.Item), (made.SurveyRound, made.ActionPlanItem));
        Assert.Equal($"Arbejdsplads: Børnehuset Solsikken\nAnsvarlig på arbejdspladsen: Leder og AMR\nProblem: {Problem}\nHandling: {Action}", made.Notes);
        // Not on the board's list.
        Assert.DoesNotContain(await Reminders.AllAsync(Board), r => r.ActionPlanItem == added.Item);

        // Delivered twice: one reminder, not even written again.
        await DeliverAsync(added, id);
        var again = await OfItemAsync(list, added.Item);
        Assert.Equal((made.Name, made.Etag, made.UpdateTime), (again.Name, again.Etag, again.UpdateTime));

        var row = Assert.Single(Rows(await Reminders.ListAsync(list, new DateOnly(2031, 9, 1))));
        Assert.Equal((made.Name, $"APV-handlingsplan: {Action}", "1. oktober", "Børnehuset Solsikken"),
            (row.Reminder, row.Subject, row.TimeText, row.ResponsibleText));
    }

    [Fact]
    public async Task A_changed_deadline_moves_the_same_reminder_and_an_older_version_delivered_late_changes_nothing()
    {
        var (unit, list) = Workplace();
        var added = Added($"rounds/apv-{Tag()}", "a1", unit);
        await DeliverAsync(added);
        var made = await OfItemAsync(list, added.Item);

        await DeliverAsync(Changed(added, 2, "IN_PROGRESS", new DateOnly(2031, 11, 15)));
        var moved = await OfItemAsync(list, added.Item);
        Assert.Equal(made.Name, moved.Name);
        Assert.NotEqual(made.Etag, moved.Etag);
        Assert.Equal(Date(2031, 11, 15), moved.ExpectedTime.Date);
        Assert.Equal(ReminderState.Open, moved.State);

        // Version 1 again as another message (e.g. moved back from an error queue late): nothing changes.
        await DeliverAsync(added);
        await DeliverAsync(Changed(added, 2, "OPEN", new DateOnly(2031, 12, 24)));
        var after = await OfItemAsync(list, added.Item);
        Assert.Equal((moved.Etag, moved.UpdateTime), (after.Etag, after.UpdateTime));
        Assert.Equal(Date(2031, 11, 15), after.ExpectedTime.Date);
    }

    [Fact]
    public async Task A_done_item_leaves_the_list_a_cancelled_one_is_dropped_and_a_reopened_one_comes_back_last()
    {
        var (unit, list) = Workplace();
        var round = $"rounds/apv-{Tag()}";
        var a = Added(round, "a", unit);
        var b = Added(round, "b", unit, deadline: new DateOnly(2031, 11, 1));
        var c = Added(round, "c", unit, deadline: new DateOnly(2031, 12, 1));
        foreach (var item in new[] { a, b, c })
        {
            await DeliverAsync(item);
        }
        var reminders = await Reminders.AllAsync(list);
        string NameOf(ActionPlanItemAdded item) => Assert.Single(reminders, r => r.ActionPlanItem == item.Item).Name;
        var (nameA, nameB, nameC) = (NameOf(a), NameOf(b), NameOf(c));
        Assert.Equal([nameA, nameB, nameC], Rows(await Reminders.ListAsync(list, new DateOnly(2031, 9, 1))).Select(r => r.Reminder));

        await DeliverAsync(Changed(a, 2, "DONE"));
        var done = await OfItemAsync(list, a.Item);
        Assert.Equal((ReminderState.Done, "surveys", 0), (done.State, done.StateChangedBy, done.Position));
        Assert.NotNull(done.StateChangeTime);
        Assert.Null(done.NextDueTime);

        await DeliverAsync(Changed(b, 2, "CANCELLED"));
        var dropped = await OfItemAsync(list, b.Item);
        Assert.Equal((ReminderState.Dropped, "surveys"), (dropped.State, dropped.StateChangedBy));
        Assert.Equal([nameC], Rows(await Reminders.ListAsync(list, new DateOnly(2031, 9, 1))).Select(r => r.Reminder));

        // The done item is found not done after all: back on the list, last, with its new deadline.
        await DeliverAsync(Changed(a, 3, "IN_PROGRESS", new DateOnly(2032, 1, 15)));
        var reopened = await OfItemAsync(list, a.Item);
        Assert.Equal((ReminderState.Open, 2), (reopened.State, reopened.Position));
        var rows = Rows(await Reminders.ListAsync(list, new DateOnly(2031, 9, 1)));
        Assert.Equal([nameC, nameA], rows.Select(r => r.Reminder));
        Assert.Equal(["1. december", "15. januar 2032"], rows.Select(r => r.TimeText));
    }

    [Fact]
    public async Task A_change_arriving_before_the_items_addition_makes_the_reminder_and_the_late_addition_changes_nothing()
    {
        var (unit, list) = Workplace();
        var added = Added($"rounds/apv-{Tag()}", "a1", unit);

        await DeliverAsync(Changed(added, 3, "DONE", new DateOnly(2031, 9, 30)));
        var made = await OfItemAsync(list, added.Item);
        Assert.Equal((ReminderState.Done, "surveys"), (made.State, made.StateChangedBy));
        Assert.Equal(Date(2031, 9, 30), made.ExpectedTime.Date);

        await DeliverAsync(added);
        var after = Assert.Single(await Reminders.AllAsync(list));
        Assert.Equal((made.Name, made.Etag, ReminderState.Done), (after.Name, after.Etag, after.State));
        Assert.Empty(Rows(await Reminders.ListAsync(list, new DateOnly(2031, 9, 1))));
    }

    private static Google.Protobuf.WellKnownTypes.Timestamp Timestamp(DateTime utc) => Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(utc);
}

public sealed class EmbeddedSurveyRemindersTests(EmbeddedHost host) : SurveyRemindersTests(host), IClassFixture<EmbeddedHost>;

public sealed class ServerSurveyRemindersTests(ServerHost host) : SurveyRemindersTests(host), IClassFixture<ServerHost>;
