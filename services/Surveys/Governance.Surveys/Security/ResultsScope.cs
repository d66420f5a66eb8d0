using Governance.ServiceDefaults.Security;
using Governance.Surveys.Domain;

namespace Governance.Surveys.Security;

/// <summary>
/// Who sees which results, response rates and action plans of a round, on the organisation version the
/// round kept: HR and the executive board every unit; a manager the units they lead and every unit below
/// them; a working-environment group the units of its claim and those below. Leadership-evaluation
/// results are the evaluated manager's and their own managers' alone: a manager sees their own group and
/// those of every manager below them; HR and the board see no manager's group, only the municipality's
/// total. One place, read by every path that shows a round's results.
/// </summary>
public sealed class ResultsScope
{
    private readonly IReadOnlyDictionary<string, UnitRecord> _units;

    private ResultsScope(bool everything, IReadOnlyDictionary<string, UnitRecord> units, IReadOnlySet<string> managers, bool municipalityTotal,
        IReadOnlySet<string> workplacesOfGroup, IReadOnlySet<string> workplacesLed)
    {
        Everything = everything;
        _units = units;
        Managers = managers;
        MunicipalityTotal = municipalityTotal;
        WorkEnvironmentUnits = workplacesOfGroup;
        LedUnits = workplacesLed;
    }

    /// <summary>Every unit is in scope (HR, the executive board).</summary>
    public bool Everything { get; }

    /// <summary>The units in scope, by id (all of them when <see cref="Everything"/>).</summary>
    public IReadOnlyCollection<string> Units => (IReadOnlyCollection<string>)_units.Keys;

    /// <summary>The evaluated managers whose leadership results the caller may see.</summary>
    public IReadOnlySet<string> Managers { get; }

    /// <summary>Whether the caller may see the whole municipality's leadership-evaluation total.</summary>
    public bool MunicipalityTotal { get; }

    /// <summary>The units the caller's working-environment group covers, with those below.</summary>
    public IReadOnlySet<string> WorkEnvironmentUnits { get; }

    /// <summary>The units the caller leads as a manager, with those below.</summary>
    public IReadOnlySet<string> LedUnits { get; }

    public bool SeesUnit(string unitId) => _units.ContainsKey(unitId);

    /// <summary>Free text is for the workplace's own working-environment group and its managers (the
    /// manager of the unit and the managers above, who lead a unit above it), not for HR or the board.</summary>
    public bool ReadsFreeTextOf(string unitId) => WorkEnvironmentUnits.Contains(unitId) || LedUnits.Contains(unitId);

    public static ResultsScope For(Caller caller, IReadOnlyList<UnitRecord> units, IReadOnlyList<ManagerRecord> managers)
    {
        var all = units.ToDictionary(u => u.UnitId, StringComparer.Ordinal);
        var everything = caller.Has(SurveysRoles.Hr) || caller.Has(SurveysRoles.Executive);
        var led = new HashSet<string>(StringComparer.Ordinal);
        var evaluated = new HashSet<string>(StringComparer.Ordinal);
        if (caller.Has(SurveysRoles.Manager))
        {
            var own = caller.Values(SurveysClaims.ManagerId).Where(m => managers.Any(x => x.ManagerId == m)).ToHashSet(StringComparer.Ordinal);
            led.UnionWith(OrganisationTrees.Subtrees(units, units.Where(u => own.Contains(u.ManagerId)).Select(u => u.UnitId)).Keys);
            evaluated.UnionWith(ManagersBelow(managers, own));
        }
        var group = new HashSet<string>(StringComparer.Ordinal);
        if (caller.Has(SurveysRoles.WorkEnvironmentGroup))
        {
            var claimed = caller.Values(SurveysClaims.WorkEnvironmentUnits);
            group.UnionWith(OrganisationTrees.Subtrees(units, claimed.Contains(Caller.Everything) ? all.Keys : claimed).Keys);
        }
        var visible = everything
            ? all
            : all.Where(u => led.Contains(u.Key) || group.Contains(u.Key)).ToDictionary(u => u.Key, u => u.Value, StringComparer.Ordinal);
        return new ResultsScope(everything, visible, evaluated, everything, group, led);
    }

    /// <summary>The managers of <paramref name="roots"/> and every manager reporting to them, however deep.</summary>
    private static HashSet<string> ManagersBelow(IReadOnlyList<ManagerRecord> managers, IReadOnlySet<string> roots)
    {
        var reports = managers.Where(m => m.ReportsTo is not null).ToLookup(m => m.ReportsTo!, m => m.ManagerId, StringComparer.Ordinal);
        var found = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(roots);
        while (stack.TryPop(out var id))
        {
            if (found.Add(id))
            {
                foreach (var r in reports[id])
                {
                    stack.Push(r);
                }
            }
        }
        return found;
    }
}
