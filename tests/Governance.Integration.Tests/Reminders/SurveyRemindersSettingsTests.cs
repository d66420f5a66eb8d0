using Governance.Integration.Tests.Support;
using Governance.Reminders.V1;
using Governance.Surveys.Events;
using Governance.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Integration.Tests.Reminders;

/// <summary>
/// <c>Governance:Reminders:Surveys</c> names other lists: the next APV on HR's own list for the parties
/// given, and every workplace's action plan items on one list (here Hovedudvalget's) instead of one
/// list per workplace. The embedded host (SQLite, in-memory bus) with those settings; which list an
/// event reaches does not depend on the store or the bus.
/// </summary>
public sealed class SurveyRemindersSettingsTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private GovernanceTestHost? _host;

    private GovernanceTestHost Host => _host ?? throw new InvalidOperationException("The host is not started.");

    public async ValueTask InitializeAsync() => _host = await GovernanceTestHost.StartAsync(null, settings: new Dictionary<string, string?>
    {
        ["Governance:Reminders:Surveys:NextRoundBody"] = "hr-ledelse",
        ["Governance:Reminders:Surveys:NextRoundResponsible"] = "HRC/AM, AMO",
        ["Governance:Reminders:Surveys:ActionPlanBody"] = "hovedudvalget",
    });

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    private async Task DeliverAsync<T>(T message, string queue)
        where T : class
    {
        var bus = Host.App.Services.GetRequiredService<IBus>();
        var id = NewId.NextGuid();
        using var watch = new ConsumeWatch(bus);
        await bus.Publish(message, ctx => ctx.MessageId = id, Ct);
        await watch.WaitAsync((Host.App.Configuration["Governance:Messaging:Prefix"] ?? "") + queue, id, seen => seen.Any(s => s.Fault is null));
    }

    [Fact]
    public async Task The_settings_send_the_next_APV_to_HRs_list_and_every_workplaces_action_plan_to_one_list()
    {
        var reminders = new RemindersDriver(Host.Channel);
        await DeliverAsync(new NextRoundDue("rounds/apv-2029", "APV 2029", new DateOnly(2032, 3, 1), DateTimeOffset.UtcNow, 1),
            RemindersDriver.NextRoundDueQueue);
        foreach (var (unit, name) in new[] { ("solsikken", "Børnehuset Solsikken"), ("skole-vest", "Skole Vest") })
        {
            await DeliverAsync(new ActionPlanItemAdded($"rounds/apv-2029/actionPlanItems/{unit}-1", "rounds/apv-2029", unit, name,
                "Støj i frokoststuen", "Lydabsorbenter i loftet", "Leder", new DateOnly(2031, 6, 1), "OPEN", DateTimeOffset.UtcNow, 1),
                RemindersDriver.ActionPlanItemAddedQueue);
        }

        var next = Assert.Single(await reminders.AllAsync("bodies/hr-ledelse"));
        Assert.Equal(("rounds/apv-2029", ReminderOrigin.SurveyNextRound), (next.SurveyRound, next.Origin));
        Assert.Equal(["HRC/AM", "AMO"], next.Responsible);
        Assert.Empty(await reminders.AllAsync("bodies/direktionen"));

        var items = await reminders.AllAsync("bodies/hovedudvalget");
        Assert.Equal(["Børnehuset Solsikken", "Skole Vest"], items.Select(r => r.ResponsibleText));
        Assert.All(items, r => Assert.Equal(ReminderOrigin.SurveyActionPlan, r.Origin));
        Assert.Empty(await reminders.AllAsync("bodies/apv-solsikken"));
    }
}
