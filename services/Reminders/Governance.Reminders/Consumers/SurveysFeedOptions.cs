using Governance.Reminders.Domain;
using Governance.ServiceDefaults.Hosting;
using Microsoft.Extensions.Configuration;

namespace Governance.Reminders.Consumers;

/// <summary>
/// Which lists the Surveys events go to (<c>Governance:Reminders:Surveys</c>, docs/events.md "Reminders:
/// the Surveys consumers"). <c>NextRoundBody</c> (default <c>direktionen</c>): the list that gets the
/// next APV when a round's results are released, for <c>NextRoundResponsible</c> (default <c>HRC</c>;
/// parties as the list prints them, "HRC, AMO"). <c>ActionPlanBody</c> (default <c>apv-{unit}</c>):
/// the list of the action plan items' deadlines, <c>{unit}</c> replaced by the workplace's unit id (one
/// list per workplace), or one body id for all of them (e.g. <c>hovedudvalget</c>).
/// </summary>
public sealed class SurveysFeedOptions
{
    public const string Section = "Governance:Reminders:Surveys";

    public const string DefaultNextRoundBody = "direktionen";

    public const string DefaultNextRoundResponsible = "HRC";

    public const string DefaultActionPlanBody = "apv-" + SurveyReminders.UnitPlaceholder;

    /// <summary>The longest unit id Surveys makes (AIP-122: 63 characters).</summary>
    private const int LongestUnitId = 63;

    public string NextRoundBody { get; init; } = DefaultNextRoundBody;

    public Responsible NextRoundResponsible { get; init; } = Responsible.Parse(DefaultNextRoundResponsible);

    public string ActionPlanBody { get; init; } = DefaultActionPlanBody;

    public static SurveysFeedOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var nextRoundBody = Setting(section, "NextRoundBody") ?? DefaultNextRoundBody;
        if (!ReminderNames.IsBodyId(nextRoundBody))
        {
            throw new StartupConfigurationException(
                $"{Section}:NextRoundBody '{nextRoundBody}' is not a body id (1-100 of a-z, 0-9 and '-'): set {Env("NextRoundBody")}, e.g. direktionen.");
        }
        var responsible = Responsible.Parse(Setting(section, "NextRoundResponsible") ?? DefaultNextRoundResponsible);
        if (Responsible.Validate(responsible, "NextRoundResponsible") is { Count: > 0 } violations)
        {
            throw new StartupConfigurationException(
                $"{Section}:NextRoundResponsible: {violations[0].Description} Set {Env("NextRoundResponsible")}, e.g. HRC.");
        }
        var actionPlanBody = Setting(section, "ActionPlanBody") ?? DefaultActionPlanBody;
        // Every unit id Surveys can send must give a body id, the longest too.
        if (!ReminderNames.IsBodyId(actionPlanBody.Replace(SurveyReminders.UnitPlaceholder, new string('a', LongestUnitId), StringComparison.Ordinal)))
        {
            throw new StartupConfigurationException(
                $"{Section}:ActionPlanBody '{actionPlanBody}' is not a body id, or one with {SurveyReminders.UnitPlaceholder} where the unit id goes " +
                $"(a-z, 0-9 and '-', at most 100 characters with a {LongestUnitId}-character unit id): set {Env("ActionPlanBody")}, e.g. apv-{{unit}} or hovedudvalget.");
        }
        return new SurveysFeedOptions { NextRoundBody = nextRoundBody, NextRoundResponsible = responsible, ActionPlanBody = actionPlanBody };
    }

    private static string? Setting(IConfigurationSection section, string key) => section[key] is { } value && value.Trim().Length > 0 ? value.Trim() : null;

    private static string Env(string key) => $"{Section.Replace(":", "__", StringComparison.Ordinal)}__{key}";
}
