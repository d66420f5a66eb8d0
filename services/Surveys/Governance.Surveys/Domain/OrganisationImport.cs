using Governance.ServiceDefaults.Errors;
using Governance.Surveys.V1;

namespace Governance.Surveys.Domain;

/// <summary>An import checked as a whole: the units with what is computed from the tree, and the
/// managers, as version 0 until the store gives them their number (<see cref="AsVersion"/>).</summary>
public sealed record OrganisationTree(string Label, IReadOnlyList<UnitRecord> Units, IReadOnlyList<ManagerRecord> Managers, string RootUnitId)
{
    public int Headcount => Units.Sum(u => u.Headcount);

    /// <summary>The tree as version <paramref name="version"/>, imported by <paramref name="by"/> at <paramref name="now"/>.</summary>
    public (OrganisationVersionRecord Version, OrganisationTree Tree) AsVersion(long version, string by, DateTime now) =>
        (new OrganisationVersionRecord(version, Label, Units.Count, Managers.Count, Headcount, RootUnitId, by, now) { Current = true },
         this with
         {
             Units = [.. Units.Select(u => u with { Version = version })],
             Managers = [.. Managers.Select(m => m with { Version = version })],
         });
}

/// <summary>
/// The organisation as HR imports it, whole: the municipality → centres → workplaces, each with a
/// manager and a headcount, and the managers, each led by another or at the top. The tree is checked as
/// one (every violation named at once, by its place in the request: <c>units[3].parent</c>): ids of the
/// right form and unique, exactly one root and it the municipality, every parent and manager known, no
/// cycle among units or among managers, bounded counts, lengths and headcounts. What is computed from
/// the tree (total headcount below each unit, children) is computed here, once per import.
/// </summary>
public static class OrganisationImport
{
    public const int MaxUnits = 5_000;
    public const int MaxManagers = 2_000;
    public const int MaxHeadcount = 100_000;
    public const int MaxLabelLength = 200;
    public const int MaxNameLength = 200;
    public const int MaxShortNameLength = 20;
    public const int MaxTitleLength = 200;

    /// <summary>The tree of a valid import, or INVALID_ARGUMENT with every violation.</summary>
    public static OrganisationTree Check(string label, IReadOnlyList<UnitEntry> units, IReadOnlyList<ManagerEntry> managers)
    {
        var v = new Validator();
        v.MaxLength("label", label, MaxLabelLength);
        if (!Counts(v, "units", units.Count, MaxUnits) | !Counts(v, "managers", managers.Count, MaxManagers))
        {
            // Too many (or none) to be an organisation: the entries are not read one by one.
            v.ThrowIfInvalid();
        }

        var managerIndex = Entries(v, "managers", managers, m => m.ManagerId, "manager_id");
        for (var i = 0; i < managers.Count; i++)
        {
            var m = managers[i];
            v.Required($"managers[{i}].display_name", m.DisplayName, MaxNameLength);
            v.MaxLength($"managers[{i}].title", m.Title, MaxTitleLength);
            if (m.ReportsTo.Length > 0 && !managerIndex.ContainsKey(m.ReportsTo))
            {
                v.Add($"managers[{i}].reports_to", $"names no manager of the import ({CallerValue.Quote(m.ReportsTo)})");
            }
        }
        Cycles(v, "managers", "reports_to", managers.Count, i => managers[i].ManagerId, i => managers[i].ReportsTo, managerIndex);

        var unitIndex = Entries(v, "units", units, u => u.UnitId, "unit_id");
        var roots = new List<int>();
        for (var i = 0; i < units.Count; i++)
        {
            var u = units[i];
            v.Required($"units[{i}].display_name", u.DisplayName, MaxNameLength);
            v.MaxLength($"units[{i}].short_name", u.ShortName, MaxShortNameLength);
            if (u.Parent.Length == 0)
            {
                roots.Add(i);
            }
            else if (!unitIndex.ContainsKey(u.Parent))
            {
                v.Add($"units[{i}].parent", $"names no unit of the import ({CallerValue.Quote(u.Parent)})");
            }
            if (u.Manager.Length == 0)
            {
                v.Add($"units[{i}].manager", "is required: every unit has a manager");
            }
            else if (!managerIndex.ContainsKey(u.Manager))
            {
                v.Add($"units[{i}].manager", $"names no manager of the import ({CallerValue.Quote(u.Manager)})");
            }
            if (u.Headcount is < 0 or > MaxHeadcount)
            {
                v.Add($"units[{i}].headcount", $"must be 0-{MaxHeadcount} (was {u.Headcount})");
            }
            if (u.Kind is UnitKind.Unspecified || !Enum.IsDefined(u.Kind))
            {
                v.Add($"units[{i}].kind", "must be UNIT_KIND_MUNICIPALITY, UNIT_KIND_CENTRE or UNIT_KIND_WORKPLACE");
            }
            else if (u.Parent.Length == 0 && u.Kind != UnitKind.Municipality)
            {
                v.Add($"units[{i}].kind", "must be UNIT_KIND_MUNICIPALITY: the unit without parent is the root, the whole municipality");
            }
            else if (u.Parent.Length > 0 && u.Kind == UnitKind.Municipality)
            {
                v.Add($"units[{i}].kind", "only the root (the unit without parent) is UNIT_KIND_MUNICIPALITY");
            }
        }
        if (roots.Count == 0)
        {
            v.Add("units", "has no root: exactly one unit, the municipality, has no parent");
        }
        foreach (var extra in roots.Skip(1))
        {
            v.Add($"units[{extra}].parent",
                $"is required: units[{roots[0]}] ({CallerValue.Quote(units[roots[0]].UnitId)}) is the root already, and there is only one");
        }
        Cycles(v, "units", "parent", units.Count, i => units[i].UnitId, i => units[i].Parent, unitIndex);
        v.ThrowIfInvalid();

        return Tree(label.Trim(), units, managers);
    }

    private static bool Counts(Validator v, string field, int count, int max)
    {
        if (count == 0)
        {
            v.Add(field, "is required: an import holds the whole organisation");
            return false;
        }
        return v.MaxCount(field, new int[count], max);
    }

    /// <summary>Checks each entry's id (form, unique) and returns the index of the first entry of each valid id.</summary>
    private static Dictionary<string, int> Entries<T>(Validator v, string list, IReadOnlyList<T> entries, Func<T, string> id, string idField)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var value = id(entries[i]);
            if (!SurveyNames.IsId(value))
            {
                v.Add($"{list}[{i}].{idField}", value.Length == 0 ? "is required" : SurveyNames.IdRule);
            }
            else if (!index.TryAdd(value, i))
            {
                v.Add($"{list}[{i}].{idField}", $"is the same as {list}[{index[value]}].{idField} ({CallerValue.Quote(value)}); ids are unique");
            }
        }
        return index;
    }

    /// <summary>Finds every cycle of the "up" links (a unit's parent, a manager's own manager) among
    /// the first entries of each id, and names each once, on its member first in the request. Walks
    /// without recursion, each entry once.</summary>
    private static void Cycles(Validator v, string list, string upField, int count, Func<int, string> id, Func<int, string> up,
        Dictionary<string, int> index)
    {
        // 0: not seen; 1: on the current walk; 2: done (leads to the top or to a cycle named already).
        var state = new byte[count];
        var walk = new List<int>();
        for (var start = 0; start < count; start++)
        {
            if (state[start] != 0 || !index.TryGetValue(id(start), out var first) || first != start)
            {
                continue;
            }
            walk.Clear();
            var at = start;
            while (true)
            {
                state[at] = 1;
                walk.Add(at);
                if (!index.TryGetValue(up(at), out var next) || state[next] == 2)
                {
                    break;
                }
                if (state[next] == 1)
                {
                    var cycle = walk.Skip(walk.IndexOf(next)).ToList();
                    var named = cycle.Min();
                    var from = cycle.IndexOf(named);
                    var path = cycle.Skip(from).Concat(cycle.Take(from)).Append(named).Select(i => CallerValue.Quote(id(i)));
                    v.Add($"{list}[{named}].{upField}", $"makes a cycle: {string.Join(" → ", path.Take(6))}{(cycle.Count > 5 ? " → …" : "")}");
                    break;
                }
                at = next;
            }
            foreach (var i in walk)
            {
                state[i] = 2;
            }
        }
    }

    /// <summary>The units with their children counted and their headcounts summed up the tree (from the
    /// deepest up, without recursion), in the order of the request.</summary>
    private static OrganisationTree Tree(string label, IReadOnlyList<UnitEntry> units, IReadOnlyList<ManagerEntry> managers)
    {
        var index = units.Select((u, i) => (u.UnitId, i)).ToDictionary(x => x.UnitId, x => x.i, StringComparer.Ordinal);
        var children = new List<int>[units.Count];
        var root = -1;
        for (var i = 0; i < units.Count; i++)
        {
            children[i] = [];
        }
        for (var i = 0; i < units.Count; i++)
        {
            if (units[i].Parent.Length == 0)
            {
                root = i;
            }
            else
            {
                children[index[units[i].Parent]].Add(i);
            }
        }
        // Breadth first from the root: every unit comes after its parent, so the reverse order sums up.
        var order = new List<int>(units.Count) { root };
        for (var k = 0; k < order.Count; k++)
        {
            order.AddRange(children[order[k]]);
        }
        var total = units.Select(u => u.Headcount).ToArray();
        for (var k = order.Count - 1; k > 0; k--)
        {
            total[index[units[order[k]].Parent]] += total[order[k]];
        }
        var unitRecords = units.Select((u, i) => new UnitRecord(0, u.UnitId, u.Parent.Length == 0 ? null : u.Parent, u.DisplayName.Trim(),
            u.ShortName.Trim(), u.Kind, u.Manager, u.Headcount, total[i], children[i].Count)).ToList();
        var managerRecords = managers.Select(m => new ManagerRecord(0, m.ManagerId, m.DisplayName.Trim(), m.Title.Trim(),
            m.ReportsTo.Length == 0 ? null : m.ReportsTo)).ToList();
        return new OrganisationTree(label, unitRecords, managerRecords, units[root].UnitId);
    }
}
