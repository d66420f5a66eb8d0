using Governance.Surveys.V1;

namespace Governance.Surveys.Tests;

/// <summary>A municipality as HR would import it: the municipality, four centres (ØDC, HRC, BYC, SHC),
/// and <c>workplaces</c> workplaces under each centre; the municipal director at the top, a head of
/// each centre reporting to the director, a leader of each workplace reporting to the centre's head,
/// except that the head of HRC also leads HRC's first workplace (a manager of several units).</summary>
public static class Sample
{
    public static readonly (string Id, string Name, string Short)[] Centres =
    [
        ("odc", "Økonomi- og Digitaliseringscentret", "ØDC"),
        ("hrc", "HR-Centret", "HRC"),
        ("byc", "By- og Udviklingscentret", "BYC"),
        ("shc", "Social- og Sundhedscentret", "SHC"),
    ];

    public sealed record Organisation(List<UnitEntry> Units, List<ManagerEntry> Managers)
    {
        public ImportOrganisationRequest Request(string label = "Udtræk fra lønsystemet", string requestId = "")
        {
            var request = new ImportOrganisationRequest { Label = label, RequestId = requestId };
            request.Units.AddRange(Units.Select(u => u.Clone()));
            request.Managers.AddRange(Managers.Select(m => m.Clone()));
            return request;
        }

        public int Headcount => Units.Sum(u => u.Headcount);
    }

    /// <summary>The headcount of workplace <paramref name="n"/> (1-based) of any centre.</summary>
    public static int WorkplaceHeadcount(int n) => 10 + n;

    public static Organisation Of(int workplaces = 2)
    {
        var managers = new List<ManagerEntry> { new() { ManagerId = "kd", DisplayName = "Karen Dahl", Title = "Kommunaldirektør" } };
        var units = new List<UnitEntry>
        {
            new() { UnitId = "kommunen", DisplayName = "Kommunen", Kind = UnitKind.Municipality, Manager = "kd", Headcount = 4 },
        };
        foreach (var (id, name, shortName) in Centres)
        {
            managers.Add(new ManagerEntry { ManagerId = $"{id}-chef", DisplayName = $"Chef for {shortName}", Title = "Centerchef", ReportsTo = "kd" });
            units.Add(new UnitEntry { UnitId = id, Parent = "kommunen", DisplayName = name, ShortName = shortName, Kind = UnitKind.Centre, Manager = $"{id}-chef", Headcount = 6 });
            for (var n = 1; n <= workplaces; n++)
            {
                var leader = id == "hrc" && n == 1 ? "hrc-chef" : $"{id}-leder-{n}";
                if (leader != "hrc-chef")
                {
                    managers.Add(new ManagerEntry { ManagerId = leader, DisplayName = $"Leder {n} i {shortName}", Title = "Afdelingsleder", ReportsTo = $"{id}-chef" });
                }
                units.Add(new UnitEntry
                {
                    UnitId = $"{id}-{n}", Parent = id, DisplayName = $"{shortName} afdeling {n}", Kind = UnitKind.Workplace, Manager = leader,
                    Headcount = WorkplaceHeadcount(n),
                });
            }
        }
        return new Organisation(units, managers);
    }
}
