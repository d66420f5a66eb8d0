using Governance.ServiceDefaults.Errors;
using Governance.Surveys.Domain;
using Governance.Surveys.V1;

namespace Governance.Surveys.Tests.Domain;

public sealed class OrganisationImportTests
{
    private static OrganisationTree Check(Sample.Organisation o) => OrganisationImport.Check("Udtræk", o.Units, o.Managers);

    private static IReadOnlyList<FieldViolation> Violations(Sample.Organisation o) =>
        Assert.Throws<ValidationException>(() => Check(o)).Violations;

    [Fact]
    public void A_valid_tree_gets_its_totals_and_children_counted()
    {
        var tree = Check(Sample.Of(workplaces: 3));
        Assert.Equal("kommunen", tree.RootUnitId);
        var units = tree.Units.ToDictionary(u => u.UnitId);
        // A centre: its own 6 and its workplaces' 11 + 12 + 13.
        Assert.Equal((6, 6 + 11 + 12 + 13, 3), (units["odc"].Headcount, units["odc"].TotalHeadcount, units["odc"].ChildCount));
        Assert.Equal((13, 13, 0), (units["shc-3"].Headcount, units["shc-3"].TotalHeadcount, units["shc-3"].ChildCount));
        Assert.Equal(4 + (4 * (6 + 36)), units["kommunen"].TotalHeadcount);
        Assert.Equal(units["kommunen"].TotalHeadcount, tree.Headcount);
        Assert.Null(units["kommunen"].ParentId);
        var (version, stored) = tree.AsVersion(7, "hr-1", DateTime.UtcNow);
        Assert.Equal((7L, 17, 4 + 1 + 4 * 3 - 1), (version.Version, version.UnitCount, version.ManagerCount));
        Assert.All(stored.Units, u => Assert.Equal(7, u.Version));
        Assert.All(stored.Managers, m => Assert.Equal(7, m.Version));
    }

    [Fact]
    public void A_cycle_of_units_is_named_once_on_its_first_member()
    {
        var o = Sample.Of();
        // odc-1 → odc-2 → odc-1, detached from the tree.
        o.Units[Index(o, "odc-1")].Parent = "odc-2";
        o.Units[Index(o, "odc-2")].Parent = "odc-1";
        var violation = Assert.Single(Violations(o));
        Assert.Equal($"units[{Index(o, "odc-1")}].parent", violation.Field);
        Assert.Contains("'odc-1' → 'odc-2' → 'odc-1'", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_unit_that_is_its_own_parent_is_a_cycle()
    {
        var o = Sample.Of();
        o.Units[Index(o, "byc")].Parent = "byc";
        Assert.Equal([$"units[{Index(o, "byc")}].parent"], Violations(o).Select(v => v.Field));
    }

    [Fact]
    public void Two_roots_unknown_parents_and_managers_are_all_named()
    {
        var o = Sample.Of();
        o.Units[Index(o, "hrc")].Parent = "";
        o.Units[Index(o, "hrc")].Kind = UnitKind.Municipality;
        o.Units[Index(o, "byc-1")].Parent = "byc-9";
        o.Units[Index(o, "shc-2")].Manager = "ukendt";
        o.Managers[1].ReportsTo = "ingen";
        var fields = Violations(o).Select(v => v.Field).ToList();
        string[] expected = [$"units[{Index(o, "hrc")}].parent", $"units[{Index(o, "byc-1")}].parent", $"units[{Index(o, "shc-2")}].manager", "managers[1].reports_to"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), fields.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_root_is_the_municipality_and_only_it()
    {
        var o = Sample.Of();
        o.Units[0].Kind = UnitKind.Centre;
        o.Units[Index(o, "odc")].Kind = UnitKind.Municipality;
        o.Units[Index(o, "odc-1")].Kind = (UnitKind)17;
        Assert.Equal(["units[0].kind", $"units[{Index(o, "odc")}].kind", $"units[{Index(o, "odc-1")}].kind"], Violations(o).Select(v => v.Field));
    }

    [Fact]
    public void No_root_at_all_is_named_on_the_list()
    {
        var o = Sample.Of();
        o.Units[0].Parent = "odc";
        var fields = Violations(o).Select(v => v.Field).ToList();
        Assert.Contains("units", fields);
        Assert.Contains("units[0].parent", fields);
        Assert.Contains("units[0].kind", fields);
    }

    [Fact]
    public void A_cycle_of_managers_is_named()
    {
        var o = Sample.Of();
        var kd = o.Managers.FindIndex(m => m.ManagerId == "kd");
        o.Managers[kd].ReportsTo = "odc-chef";
        var violation = Assert.Single(Violations(o));
        Assert.Equal($"managers[{kd}].reports_to", violation.Field);
        Assert.Contains("'kd' → 'odc-chef' → 'kd'", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Ids_lengths_and_headcounts_are_bounded()
    {
        var o = Sample.Of();
        o.Units[1].UnitId = "ØDC";
        o.Units[2].UnitId = o.Units[3].UnitId;
        o.Units[4].DisplayName = new string('x', 201);
        o.Units[5].ShortName = new string('x', 21);
        o.Units[6].Headcount = 100_001;
        o.Units[7].Headcount = -1;
        o.Managers[0].DisplayName = " ";
        var fields = Violations(o).Select(v => v.Field).ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            // The second of two equal ids is the duplicate.
            "units[1].unit_id", "units[3].unit_id", "units[4].display_name", "units[5].short_name", "units[6].headcount", "units[7].headcount",
            "managers[0].display_name",
        }, fields);
        // The headcount's bounds themselves are fine.
        var edge = Sample.Of();
        edge.Units[6].Headcount = 100_000;
        edge.Units[7].Headcount = 0;
        Check(edge);
    }

    [Fact]
    public void Counts_are_bounded_before_entries_are_read()
    {
        var o = Sample.Of();
        var many = new Sample.Organisation([.. Enumerable.Range(0, OrganisationImport.MaxUnits + 1).Select(i => new UnitEntry { UnitId = "x" })], o.Managers);
        Assert.Equal(["units"], Violations(many).Select(v => v.Field));
        Assert.Equal(["units", "managers"], Violations(new Sample.Organisation([], [])).Select(v => v.Field));
    }

    private static int Index(Sample.Organisation o, string unitId) => o.Units.FindIndex(u => u.UnitId == unitId);
}
