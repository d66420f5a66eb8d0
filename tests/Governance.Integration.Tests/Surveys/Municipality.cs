using Governance.Surveys.V1;

namespace Governance.Integration.Tests.Surveys;

/// <summary>
/// The organisation of the end-to-end round, as HR's extract from the payroll system would have it: the
/// municipality (the director's secretariat placed directly in it), four centres with a few staff of their
/// own, and 25 workplaces of 3 to 31 employees, 367 in all. Every unit has its own manager: the
/// municipal director at the top, a head of each centre, a leader of each workplace. Two units are
/// small on purpose: Arbejdsmiljø in HRC has 3 employees (below the threshold of 5), and BYC has 2 of
/// its own, a part of BYC that would be BYC less its workplaces if all of them showed.
/// </summary>
internal static class Municipality
{
    public const string Root = "kommunen";

    public const string Director = "kd";

    /// <summary>The workplace of three.</summary>
    public const string SmallWorkplace = "hrc-arbejdsmiljoe";

    private const int RootHeadcount = 6;

    public sealed record Unit(string Id, string? Parent, string DisplayName, UnitKind Kind, string Manager, int Headcount);

    public sealed record Employee(int Index, string Unit, int Position, string Email);

    private static readonly (string Id, string Name, string Short, int Own, (string Id, string Name, int Headcount)[] Workplaces)[] Centres =
    [
        ("odc", "Økonomi- og Digitaliseringscentret", "ØDC", 5,
        [
            ("odc-regnskab", "Regnskab og Betaling", 14), ("odc-budget", "Budget og Analyse", 9), ("odc-it", "IT-drift", 18),
            ("odc-digitalisering", "Digitalisering", 11), ("odc-indkoeb", "Indkøb og Udbud", 7), ("odc-borgerservice", "Borgerservice", 24),
        ]),
        ("hrc", "HR-Centret", "HRC", 4,
        [
            ("hrc-loen", "Løn og Personale", 12), ("hrc-rekruttering", "Rekruttering og Udvikling", 10), (SmallWorkplace, "Arbejdsmiljø", 3),
            ("hrc-uddannelse", "Elever og Uddannelse", 8), ("hrc-jura", "Personalejura", 6),
        ]),
        ("byc", "By- og Udviklingscentret", "BYC", 2,
        [
            ("byc-plan", "Plan og Udvikling", 13), ("byc-byg", "Byggesag", 16), ("byc-vej", "Vej og Park", 22), ("byc-natur", "Natur og Miljø", 9),
            ("byc-erhverv", "Erhverv og Turisme", 7), ("byc-ejendomme", "Kommunale Ejendomme", 15), ("byc-trafik", "Trafik og Kollektiv Transport", 10),
        ]),
        ("shc", "Social- og Sundhedscentret", "SHC", 5,
        [
            ("shc-hjemmepleje-nord", "Hjemmeplejen Nord", 28), ("shc-hjemmepleje-syd", "Hjemmeplejen Syd", 26), ("shc-plejecenter", "Plejecenter Solgården", 31),
            ("shc-bosteder", "Bo- og Aktivitetstilbud", 17), ("shc-psykiatri", "Socialpsykiatrien", 12), ("shc-sundhed", "Sundhed og Forebyggelse", 9),
            ("shc-visitation", "Visitation og Hjælpemidler", 8),
        ]),
    ];

    /// <summary>Every unit, parents before children.</summary>
    public static readonly IReadOnlyList<Unit> Units = BuildUnits();

    public static readonly IReadOnlyDictionary<string, Unit> ById = Units.ToDictionary(u => u.Id, StringComparer.Ordinal);

    /// <summary>Every employee, unit by unit: <c>medarbejder{n}@{unit}.kommune.test</c>.</summary>
    public static readonly IReadOnlyList<Employee> Employees =
        [.. Units.SelectMany(u => Enumerable.Range(0, u.Headcount).Select(p => (u.Id, p))).Select((e, i) => new Employee(i, e.Id, e.p, $"medarbejder{e.p + 1}@{e.Id}.kommune.test"))];

    public static IEnumerable<Unit> Workplaces => Units.Where(u => u.Kind == UnitKind.Workplace);

    private static List<Unit> BuildUnits()
    {
        var units = new List<Unit> { new(Root, null, "Kommunen", UnitKind.Municipality, Director, RootHeadcount) };
        foreach (var centre in Centres)
        {
            units.Add(new Unit(centre.Id, Root, centre.Name, UnitKind.Centre, $"{centre.Id}-chef", centre.Own));
        }
        foreach (var centre in Centres)
        {
            units.AddRange(centre.Workplaces.Select(w => new Unit(w.Id, centre.Id, w.Name, UnitKind.Workplace, $"{w.Id}-leder", w.Headcount)));
        }
        return units;
    }

    public static ImportOrganisationRequest Import()
    {
        var request = new ImportOrganisationRequest { Label = "Udtræk fra lønsystemet til APV og trivsel", RequestId = Guid.NewGuid().ToString() };
        request.Managers.Add(new ManagerEntry { ManagerId = Director, DisplayName = "Karen Dahl", Title = "Kommunaldirektør" });
        foreach (var unit in Units.Where(u => u.Kind != UnitKind.Municipality))
        {
            var centre = unit.Kind == UnitKind.Centre ? unit : ById[unit.Parent!];
            request.Managers.Add(unit.Kind == UnitKind.Centre
                ? new ManagerEntry { ManagerId = unit.Manager, DisplayName = $"Chef for {unit.DisplayName}", Title = "Centerchef", ReportsTo = Director }
                : new ManagerEntry { ManagerId = unit.Manager, DisplayName = $"Leder af {unit.DisplayName}", Title = "Afdelingsleder", ReportsTo = centre.Manager });
        }
        request.Units.AddRange(Units.Select(u => new UnitEntry
        {
            UnitId = u.Id, Parent = u.Parent ?? "", DisplayName = u.DisplayName, Kind = u.Kind, Manager = u.Manager, Headcount = u.Headcount,
            ShortName = Centres.Where(c => c.Id == u.Id).Select(c => c.Short).FirstOrDefault() ?? "",
        }));
        return request;
    }

    /// <summary>Whether <paramref name="unit"/> is <paramref name="above"/> or lies below it.</summary>
    public static bool IsWithin(string unit, string above)
    {
        for (string? at = unit; at is not null; at = ById[at].Parent)
        {
            if (at == above)
            {
                return true;
            }
        }
        return false;
    }
}
