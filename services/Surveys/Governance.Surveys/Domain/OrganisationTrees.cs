namespace Governance.Surveys.Domain;

/// <summary>Walks over a version's units, held in memory (at most 5,000): without recursion, so no
/// depth of tree can overflow the stack.</summary>
public static class OrganisationTrees
{
    /// <summary>The units of <paramref name="roots"/> and every unit below them, by id.</summary>
    public static IReadOnlyDictionary<string, UnitRecord> Subtrees(IReadOnlyList<UnitRecord> units, IEnumerable<string> roots)
    {
        var byId = units.ToDictionary(u => u.UnitId, StringComparer.Ordinal);
        var children = units.Where(u => u.ParentId is not null).ToLookup(u => u.ParentId!, StringComparer.Ordinal);
        var found = new Dictionary<string, UnitRecord>(StringComparer.Ordinal);
        var stack = new Stack<string>(roots.Where(byId.ContainsKey));
        while (stack.TryPop(out var id))
        {
            if (found.TryAdd(id, byId[id]))
            {
                foreach (var child in children[id])
                {
                    stack.Push(child.UnitId);
                }
            }
        }
        return found;
    }
}
