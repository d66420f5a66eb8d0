using Google.Protobuf.WellKnownTypes;
using Governance.Integration.Tests.Support;
using Governance.Meetings.Events;
using Governance.Meetings.V1;
using Governance.Reminders.V1;
using MassTransit;
using MeetingsFollowUp = Governance.Meetings.V1.FollowUp;

namespace Governance.Integration.Tests.Reminders;

/// <summary>
/// Meetings and Reminders together: each follow-up of a decision recorded in Meetings through its gRPC
/// API becomes one reminder on the list of the decision's body in Reminders, through the outbox and the
/// bus (in-memory on the embedded host, RabbitMQ on the server host). An edit or a correction of the
/// decision updates those reminders in place (a follow-up the new version lacks is dropped), a message
/// delivered twice has one effect, and an older version delivered late changes nothing.
/// </summary>
public abstract class DecisionRemindersTests(IIntegrationHost host)
{
    private const string Besparelser = "Administrative besparelser - konsekvensbeskrivelser";
    private const string Hoering = "Høring i MED-systemet";

    private MeetingsDriver Meetings => new(host.Server.Channel);

    private RemindersDriver Reminders => new(host.Server.Channel);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Google.Type.Date Date(int year, int month, int day) => new() { Year = year, Month = month, Day = day };

    /// <summary>A historical journal number no other test uses (six digits the series never allocates here).</summary>
    private static string JournalNumber() => $"13/{Random.Shared.Next(100_000, 999_999)}";

    private static IReadOnlyList<ReminderListRow> Rows(ReminderList list) => [.. list.Groups.SelectMany(g => g.Rows)];

    /// <summary>A body with a meeting whose published agenda has one item, and a decision on it with two
    /// follow-ups: the budget savings for ØDC by 28 August 2027, the hearing for HR by 1 October 2027.</summary>
    private async Task<(Body Body, Meeting Meeting, AgendaItem Item, Decision Decision)> DecisionWithTwoFollowUpsAsync()
    {
        var body = await Meetings.BodyAsync("Direktionen");
        var meeting = await Meetings.MeetingAsync(body);
        var item = await Meetings.ItemAsync(meeting, "Administrative besparelser 2028", JournalNumber());
        await Meetings.PublishAsync(meeting);
        var decision = await Meetings.DecideAsync(item, "Direktionen godkendte forslaget til administrative besparelser.", configure: d =>
        {
            d.FollowUps.Add(new MeetingsFollowUp { Description = Besparelser, Unit = "ØDC", DueDate = Date(2027, 8, 28) });
            d.FollowUps.Add(new MeetingsFollowUp { Description = Hoering, Unit = "HR", DueDate = Date(2027, 10, 1) });
        });
        return (body, meeting, item, decision);
    }

    [Fact]
    public async Task A_follow_up_recorded_in_Meetings_appears_on_the_list_of_the_decisions_body()
    {
        var (body, meeting, item, decision) = await DecisionWithTwoFollowUpsAsync();

        var reminders = await Reminders.WaitForAsync(body.Name, all => all.Count == 2, "the decision's two follow-ups");
        var savings = Assert.Single(reminders, r => r.Subject == Besparelser);
        Assert.StartsWith(body.Name + "/reminders/", savings.Name, StringComparison.Ordinal);
        Assert.Equal(["ØDC"], savings.Responsible);
        Assert.Equal("ØDC", savings.ResponsibleText);
        Assert.Equal(Date(2027, 8, 28), savings.ExpectedTime.Date);
        Assert.Equal(ReminderOrigin.DecisionFollowUp, savings.Origin);
        Assert.Equal(ReminderState.Open, savings.State);
        Assert.Equal(decision.Name, savings.Decision);
        Assert.Equal(meeting.Name, savings.Meeting);
        Assert.Equal(item.JournalNumber, savings.JournalNumber);
        Assert.False(savings.Closed);
        var hearing = Assert.Single(reminders, r => r.Subject == Hoering);
        Assert.Equal(["HR"], hearing.Responsible);
        Assert.Equal(Date(2027, 10, 1), hearing.ExpectedTime.Date);
        Assert.Equal(decision.Name, hearing.Decision);

        // The list as the minutes print it in August 2027: in the decision's order, the due dates in Danish.
        var list = await Reminders.ListAsync(body.Name, new DateOnly(2027, 8, 1));
        var rows = Rows(list);
        Assert.Equal([Besparelser, Hoering], rows.Select(r => r.Subject));
        Assert.Equal(["28. august", "1. oktober"], rows.Select(r => r.TimeText));
        Assert.Equal(["ØDC", "HR"], rows.Select(r => r.ResponsibleText));
        Assert.Equal([savings.Name, hearing.Name], rows.Select(r => r.Reminder));
        Assert.Contains($"{Besparelser}\t28. august\tØDC", list.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edited_decision_updates_its_reminders_and_drops_a_removed_follow_up_without_duplicates()
    {
        var (body, _, _, decision) = await DecisionWithTwoFollowUpsAsync();
        var before = await Reminders.WaitForAsync(body.Name, all => all.Count == 2, "the decision's two follow-ups");
        var savings = Assert.Single(before, r => r.Subject == Besparelser);
        var hearing = Assert.Single(before, r => r.Subject == Hoering);

        // The secretary edits the decision before approval: new text and due date, the hearing removed.
        var edited = new Decision { Name = decision.Name };
        edited.FollowUps.Add(new MeetingsFollowUp { Description = "Reviderede konsekvensbeskrivelser", Unit = "ØDC", DueDate = Date(2027, 9, 11) });
        await Meetings.Client.UpdateDecisionAsync(new UpdateDecisionRequest
        {
            Decision = edited,
            UpdateMask = new FieldMask { Paths = { "follow_ups" } },
        }, cancellationToken: Ct);

        var after = await Reminders.WaitForAsync(body.Name, all => all.Any(r => r.Subject == "Reviderede konsekvensbeskrivelser"), "the edited follow-up");
        Assert.Equal(2, after.Count);
        var updated = Assert.Single(after, r => r.Name == savings.Name);
        Assert.Equal("Reviderede konsekvensbeskrivelser", updated.Subject);
        Assert.Equal(Date(2027, 9, 11), updated.ExpectedTime.Date);
        Assert.Equal(ReminderState.Open, updated.State);
        Assert.Equal(decision.Name, updated.Decision);
        Assert.NotEqual(savings.Etag, updated.Etag);
        // The removed follow-up's reminder is dropped by Meetings (kept, off the list), in the same transaction.
        var dropped = Assert.Single(after, r => r.Name == hearing.Name);
        Assert.Equal(ReminderState.Dropped, dropped.State);
        Assert.Equal("meetings", dropped.StateChangedBy);
        Assert.NotNull(dropped.StateChangeTime);

        var rows = Rows(await Reminders.ListAsync(body.Name, new DateOnly(2027, 8, 1)));
        var row = Assert.Single(rows);
        Assert.Equal(savings.Name, row.Reminder);
        Assert.Equal("11. september", row.TimeText);
    }

    [Fact]
    public async Task A_follow_up_added_again_after_an_edit_removed_one_is_back_on_the_list()
    {
        var (body, _, _, decision) = await DecisionWithTwoFollowUpsAsync();
        var before = await Reminders.WaitForAsync(body.Name, all => all.Count == 2, "the decision's two follow-ups");
        var hearing = Assert.Single(before, r => r.Subject == Hoering);
        await EditFollowUpsAsync(decision, new MeetingsFollowUp { Description = Besparelser, Unit = "ØDC", DueDate = Date(2027, 8, 28) });
        await Reminders.WaitForAsync(body.Name, all => all.Any(r => r.Name == hearing.Name && r.State == ReminderState.Dropped), "the hearing dropped");

        // A second edit gives the decision a second follow-up again (another one): it is a follow-up of the decision like any other.
        await EditFollowUpsAsync(decision,
            new MeetingsFollowUp { Description = Besparelser, Unit = "ØDC", DueDate = Date(2027, 8, 28) },
            new MeetingsFollowUp { Description = "Orientering af MED-hovedudvalget", Unit = "HR", DueDate = Date(2027, 10, 15) });

        var after = await Reminders.WaitForAsync(body.Name,
            all => all.Any(r => r.Subject == "Orientering af MED-hovedudvalget" && r.State == ReminderState.Open), "the new follow-up, open");
        Assert.Single(after, r => r.Subject == "Orientering af MED-hovedudvalget");
        var rows = Rows(await Reminders.ListAsync(body.Name, new DateOnly(2027, 8, 1)));
        Assert.Equal([Besparelser, "Orientering af MED-hovedudvalget"], rows.Select(r => r.Subject));
        Assert.Equal(["28. august", "15. oktober"], rows.Select(r => r.TimeText));
    }

    private async Task EditFollowUpsAsync(Decision decision, params MeetingsFollowUp[] followUps)
    {
        var edited = new Decision { Name = decision.Name };
        edited.FollowUps.AddRange(followUps);
        await Meetings.Client.UpdateDecisionAsync(new UpdateDecisionRequest
        {
            Decision = edited,
            UpdateMask = new FieldMask { Paths = { "follow_ups" } },
        }, cancellationToken: Ct);
    }

    [Fact]
    public async Task When_the_item_becomes_closed_the_decisions_next_version_closes_its_reminders_and_outsiders_see_Lukket()
    {
        var (body, _, item, decision) = await DecisionWithTwoFollowUpsAsync();
        var before = await Reminders.WaitForAsync(body.Name, all => all.Count == 2, "the decision's two follow-ups");

        // The item becomes closed (lukket) before the meeting; the decision's next version is published without follow-ups.
        await Meetings.Client.UpdateAgendaItemAsync(new UpdateAgendaItemRequest
        {
            Item = new AgendaItem { Name = item.Name, Kind = ItemKind.Closed },
            UpdateMask = new FieldMask { Paths = { "kind" } },
        }, cancellationToken: Ct);
        await Meetings.Client.UpdateDecisionAsync(new UpdateDecisionRequest
        {
            Decision = new Decision { Name = decision.Name, Text = "Direktionen godkendte forslaget. Punktet behandles lukket." },
            UpdateMask = new FieldMask { Paths = { "text" } },
        }, cancellationToken: Ct);

        // Kept on the list (the follow-ups still stand), but closed: the members still read them.
        var after = await Reminders.WaitForAsync(body.Name, all => all.All(r => r.Closed), "both reminders closed");
        Assert.Equal(before.Select(r => r.Name).Order(), after.Select(r => r.Name).Order());
        Assert.All(after, r => Assert.Equal(ReminderState.Open, r.State));
        Assert.Equal([Besparelser, Hoering], after.Select(r => r.Subject).Order());

        var employee = host.Server.Tokens!.Issue("medarbejder", [Governance.Reminders.Security.RemindersRoles.EmployeeReader]);
        var outsider = new RemindersDriver(host.Server.CreateChannel(employee));
        var seen = await outsider.AllAsync(body.Name);
        Assert.Equal(2, seen.Count);
        Assert.All(seen, r =>
        {
            Assert.True(r.Redacted);
            Assert.Equal("Lukket", r.Subject);
            Assert.Empty(r.Decision);
        });
        var printed = await outsider.ListAsync(body.Name, new DateOnly(2027, 8, 1));
        Assert.DoesNotContain("besparelser", printed.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["Lukket", "Lukket"], Rows(printed).Select(r => r.Subject));
    }

    [Fact]
    public async Task A_correction_after_approval_updates_the_same_reminders()
    {
        var (body, meeting, item, decision) = await DecisionWithTwoFollowUpsAsync();
        var before = await Reminders.WaitForAsync(body.Name, all => all.Count == 2, "the decision's two follow-ups");
        var savings = Assert.Single(before, r => r.Subject == Besparelser);
        var hearing = Assert.Single(before, r => r.Subject == Hoering);
        await Meetings.HeldAsync(meeting);
        await Meetings.Client.ApproveMinutesAsync(new ApproveMinutesRequest { Name = meeting.Name }, cancellationToken: Ct);

        // After approval a decision is corrected by a new one: the savings move to 30 September, a third follow-up is added.
        var correction = await Meetings.DecideAsync(item, "Rettelse: konsekvensbeskrivelserne forelægges i september.", configure: d =>
        {
            d.Corrects = decision.Name;
            d.FollowUps.Add(new MeetingsFollowUp { Description = Besparelser, Unit = "ØDC", DueDate = Date(2027, 9, 30) });
            d.FollowUps.Add(new MeetingsFollowUp { Description = Hoering, Unit = "HR", DueDate = Date(2027, 10, 1) });
            d.FollowUps.Add(new MeetingsFollowUp { Description = "Orientering af MED-hovedudvalget", Unit = "HR", DueDate = Date(2027, 10, 15) });
        });
        Assert.Equal(decision.Name, correction.Corrects);

        var after = await Reminders.WaitForAsync(body.Name, all => all.Count(r => r.Decision == correction.Name) == 3, "the correction's three follow-ups");
        Assert.Equal(3, after.Count);
        var corrected = Assert.Single(after, r => r.Name == savings.Name);
        Assert.Equal(Date(2027, 9, 30), corrected.ExpectedTime.Date);
        Assert.Equal(ReminderState.Open, corrected.State);
        var sameHearing = Assert.Single(after, r => r.Name == hearing.Name);
        Assert.Equal(Hoering, sameHearing.Subject);
        Assert.Equal(ReminderState.Open, sameHearing.State);
        var added = Assert.Single(after, r => r.Subject == "Orientering af MED-hovedudvalget");
        Assert.Equal(ReminderOrigin.DecisionFollowUp, added.Origin);
        Assert.Equal(meeting.Name, added.Meeting);
        Assert.All(after, r => Assert.Equal(ReminderState.Open, r.State));

        var rows = Rows(await Reminders.ListAsync(body.Name, new DateOnly(2027, 8, 1)));
        Assert.Equal([savings.Name, hearing.Name, added.Name], rows.Select(r => r.Reminder));
        Assert.Equal(["30. september", "1. oktober", "15. oktober"], rows.Select(r => r.TimeText));
    }

    [Fact]
    public async Task The_same_message_delivered_twice_has_one_effect()
    {
        var body = await Meetings.BodyAsync("Direktionen");
        var meeting = await Meetings.MeetingAsync(body);
        var item = await Meetings.ItemAsync(meeting, "IT budget", JournalNumber());
        var queue = CasesDriver.QueueOf(host, RemindersDriver.DecisionRecordedQueue);
        using var watch = new ConsumeWatch(host.Bus);
        var message = new DecisionRecorded($"{item.Name}/decisions/{Guid.NewGuid():N}", meeting.Name, body.Name, body.DisplayName,
            new DateTimeOffset(2027, 3, 9, 7, 30, 0, TimeSpan.Zero), new AgendaEntry(item.Name, item.Number, item.JournalNumber, false, item.Title),
            "APPROVED", "Godkendt", "IT-budgettet godkendes.", [new FollowUpInfo("IT budget - status", "ØDC", new DateOnly(2027, 6, 1))], [], null,
            DateTimeOffset.UtcNow, 1);
        var messageId = NewId.NextGuid();

        await host.Bus.Publish(message, ctx => ctx.MessageId = messageId, Ct);
        var first = Assert.Single(await Reminders.WaitForAsync(body.Name, all => all.Count == 1, "the follow-up"));
        await host.Bus.Publish(message, ctx => ctx.MessageId = messageId, Ct);
        await watch.WaitAsync(queue, messageId, seen => seen.Count(s => s.Fault is null) >= 2);

        // The second delivery was recognised (inbox), not applied again: the reminder is untouched, not even re-written.
        var again = Assert.Single(await Reminders.AllAsync(body.Name));
        Assert.Equal(first.Name, again.Name);
        Assert.Equal(first.Etag, again.Etag);
        Assert.Equal(first.UpdateTime, again.UpdateTime);
        Assert.Equal("IT budget - status", again.Subject);
    }

    [Fact]
    public async Task An_older_version_delivered_late_does_not_undo_an_edit()
    {
        await using var probe = await EventProbe.ConnectAsync(host.Bus, typeof(DecisionRecorded));
        var (body, _, _, decision) = await DecisionWithTwoFollowUpsAsync();
        var original = (await probe.WaitForAsync<DecisionRecorded>(all => all.Any(d => d.Decision == decision.Name))).Single(d => d.Decision == decision.Name);
        await Reminders.WaitForAsync(body.Name, all => all.Count == 2, "the decision's two follow-ups");
        var edited = new Decision { Name = decision.Name };
        edited.FollowUps.Add(new MeetingsFollowUp { Description = "Reviderede konsekvensbeskrivelser", Unit = "ØDC", DueDate = Date(2027, 9, 11) });
        await Meetings.Client.UpdateDecisionAsync(new UpdateDecisionRequest
        {
            Decision = edited,
            UpdateMask = new FieldMask { Paths = { "follow_ups" } },
        }, cancellationToken: Ct);
        var afterEdit = await Reminders.WaitForAsync(body.Name, all => all.Any(r => r.Subject == "Reviderede konsekvensbeskrivelser"), "the edited follow-up");

        // The first version again, as another message (e.g. moved back from an error queue late).
        using var watch = new ConsumeWatch(host.Bus);
        var lateId = NewId.NextGuid();
        await host.Bus.Publish(original, ctx => ctx.MessageId = lateId, Ct);
        await watch.WaitAsync(CasesDriver.QueueOf(host, RemindersDriver.DecisionRecordedQueue), lateId, seen => seen.Any(s => s.Fault is null));

        var now = await Reminders.AllAsync(body.Name);
        Assert.Equal(afterEdit.OrderBy(r => r.Name).Select(r => (r.Name, r.Subject, r.State, r.Etag)), now.OrderBy(r => r.Name).Select(r => (r.Name, r.Subject, r.State, r.Etag)));
    }

    [Fact]
    public async Task A_referral_with_an_expected_date_becomes_a_reminder_on_that_date_and_one_without_none()
    {
        var body = await Meetings.BodyAsync("Direktionen");
        var meeting = await Meetings.MeetingAsync(body);
        var item = await Meetings.ItemAsync(meeting, "Boligpolitik", JournalNumber());
        await Meetings.PublishAsync(meeting);
        var decision = await Meetings.DecideAsync(item, "Sagen oversendes til Hovedudvalget.", configure: d =>
        {
            d.Referrals.Add(new Governance.Meetings.V1.Referral { BodyDisplayName = "Hovedudvalget", ExpectedDate = Date(2027, 9, 19), Text = "Til orientering" });
            d.Referrals.Add(new Governance.Meetings.V1.Referral { BodyDisplayName = "Økonomiudvalget", Text = "Når budgettet er klar" });
        });

        var referral = Assert.Single(await Reminders.WaitForAsync(body.Name, all => all.Count == 1, "the referral with a date"));
        Assert.Equal("Boligpolitik – forelægges Hovedudvalget", referral.Subject);
        Assert.Equal(Date(2027, 9, 19), referral.ExpectedTime.Date);
        Assert.Equal(ReminderOrigin.DecisionReferral, referral.Origin);
        Assert.Equal("Til orientering", referral.Notes);
        Assert.Empty(referral.Responsible);
        Assert.Equal(decision.Name, referral.Decision);
    }
}

public sealed class EmbeddedDecisionRemindersTests(EmbeddedHost host) : DecisionRemindersTests(host), IClassFixture<EmbeddedHost>;

public sealed class ServerDecisionRemindersTests(ServerHost host) : DecisionRemindersTests(host), IClassFixture<ServerHost>;
