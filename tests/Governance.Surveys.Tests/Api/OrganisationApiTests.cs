using System.Text.Json.Nodes;
using Governance.Surveys.V1;

namespace Governance.Surveys.Tests.Api;

/// <summary>The organisation through the API: an import is checked as one tree and becomes the current
/// version; earlier versions stay as they were; units and managers are read at a version or the current
/// one, paged and filtered.</summary>
public abstract class OrganisationApiTests(IApiHost host) : SurveysApiTestBase(host)
{
    [Fact]
    public async Task An_import_becomes_the_current_version_and_the_earlier_stays_as_it_was()
    {
        var first = await ImportAsync(Sample.Of(workplaces: 2), "Udtræk 1. oktober 2014");
        Assert.True(first.Current);
        Assert.Equal((1 + 4 + 8, 1 + 4 + 7, Sample.Of(2).Headcount), (first.UnitCount, first.ManagerCount, first.Headcount));
        Assert.Equal($"{first.Name}/units/kommunen", first.RootUnit);
        Assert.Equal("Udtræk 1. oktober 2014", first.Label);
        Assert.NotEmpty(first.ImportedBy);

        // The next year HRC has a third workplace and SHC's first moved to BYC.
        var changed = Sample.Of(workplaces: 3);
        changed.Units.Single(u => u.UnitId == "shc-1").Parent = "byc";
        var second = await ImportAsync(changed, "Udtræk 1. oktober 2015");
        Assert.True(long.Parse(second.Name.Split('/')[1]) > long.Parse(first.Name.Split('/')[1]));

        Assert.Equal(second.Name, (await Client.GetOrganisationVersionAsync(new GetOrganisationVersionRequest { Name = "organisationVersions/current" }, cancellationToken: Ct)).Name);
        var firstNow = await Client.GetOrganisationVersionAsync(new GetOrganisationVersionRequest { Name = first.Name }, cancellationToken: Ct);
        Assert.False(firstNow.Current);
        firstNow.Current = true;
        Assert.Equal(first, firstNow);

        // The first version's tree is the first import's, the second's the second's.
        var firstUnits = await AllUnitsAsync(first.Name);
        var secondUnits = await AllUnitsAsync(second.Name);
        Assert.Equal(13, firstUnits.Count);
        Assert.Equal(17, secondUnits.Count);
        Assert.Equal($"{first.Name}/units/shc", firstUnits.Single(u => u.Name.EndsWith("/shc-1", StringComparison.Ordinal)).Parent);
        Assert.Equal($"{second.Name}/units/byc", secondUnits.Single(u => u.Name.EndsWith("/shc-1", StringComparison.Ordinal)).Parent);
        Assert.All(firstUnits, u => Assert.StartsWith(first.Name + "/units/", u.Name, StringComparison.Ordinal));
        Assert.Equal(secondUnits.Select(u => u.Name), (await AllUnitsAsync("organisationVersions/current")).Select(u => u.Name));

        var versions = (await Client.ListOrganisationVersionsAsync(new ListOrganisationVersionsRequest { PageSize = 200 }, cancellationToken: Ct)).OrganisationVersions;
        Assert.Equal(second.Name, versions[0].Name);
        Assert.Single(versions, v => v.Current);
        Assert.Contains(versions, v => v.Name == first.Name);
    }

    [Fact]
    public async Task A_unit_shows_its_place_manager_and_headcounts()
    {
        var version = await ImportAsync(Sample.Of(workplaces: 2));
        var odc = await Client.GetUnitAsync(new GetUnitRequest { Name = $"{version.Name}/units/odc" }, cancellationToken: Ct);
        Assert.Equal(("Økonomi- og Digitaliseringscentret", "ØDC", UnitKind.Centre), (odc.DisplayName, odc.ShortName, odc.Kind));
        Assert.Equal(($"{version.Name}/units/kommunen", $"{version.Name}/managers/odc-chef"), (odc.Parent, odc.Manager));
        Assert.Equal((6, 6 + Sample.WorkplaceHeadcount(1) + Sample.WorkplaceHeadcount(2), 2), (odc.Headcount, odc.TotalHeadcount, odc.ChildCount));
        var root = await Client.GetUnitAsync(new GetUnitRequest { Name = "organisationVersions/current/units/kommunen" }, cancellationToken: Ct);
        Assert.Equal(("", UnitKind.Municipality, version.Headcount), (root.Parent, root.Kind, root.TotalHeadcount));
        Assert.StartsWith(version.Name + "/", root.Name, StringComparison.Ordinal);

        var children = await AllUnitsAsync(version.Name, $"{version.Name}/units/kommunen");
        Assert.Equal(["byc", "hrc", "odc", "shc"], children.Select(u => u.Name.Split('/')[^1]));
        Assert.Empty(await AllUnitsAsync(version.Name, $"{version.Name}/units/odc-1"));
        await ApiAssert.NotFound(() => Client.ListUnitsAsync(new ListUnitsRequest { Parent = version.Name, ParentUnit = $"{version.Name}/units/ukendt" }, cancellationToken: Ct),
            $"{version.Name}/units/ukendt");
        // The filter's unit is of the listed version, written the same way.
        await ApiAssert.InvalidArgument(() => Client.ListUnitsAsync(new ListUnitsRequest { Parent = version.Name, ParentUnit = "organisationVersions/current/units/odc" },
            cancellationToken: Ct), "parent_unit");
    }

    [Fact]
    public async Task A_manager_shows_whom_they_report_to_and_the_units_they_lead()
    {
        var version = await ImportAsync(Sample.Of(workplaces: 2));
        var head = await Client.GetManagerAsync(new GetManagerRequest { Name = $"{version.Name}/managers/hrc-chef" }, cancellationToken: Ct);
        Assert.Equal(("Centerchef", $"{version.Name}/managers/kd"), (head.Title, head.ReportsTo));
        Assert.Equal([$"{version.Name}/units/hrc", $"{version.Name}/units/hrc-1"], head.Units);
        var director = await Client.GetManagerAsync(new GetManagerRequest { Name = "organisationVersions/current/managers/kd" }, cancellationToken: Ct);
        Assert.Equal(("", $"{version.Name}/units/kommunen"), (director.ReportsTo, Assert.Single(director.Units)));

        var all = new List<Manager>();
        var request = new ListManagersRequest { Parent = version.Name, PageSize = 3 };
        do
        {
            var page = await Client.ListManagersAsync(request, cancellationToken: Ct);
            Assert.InRange(page.Managers.Count, 1, 3);
            all.AddRange(page.Managers);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        Assert.Equal(version.ManagerCount, all.Count);
        Assert.Equal(all.Select(m => m.Name).Order(StringComparer.Ordinal), all.Select(m => m.Name));
        Assert.Equal(version.UnitCount, all.Sum(m => m.Units.Count));
    }

    [Fact]
    public async Task Units_page_in_id_order_and_the_pages_of_current_stay_on_their_version()
    {
        var version = await ImportAsync(Sample.Of(workplaces: 3));
        var paged = await AllUnitsAsync("organisationVersions/current", pageSize: 4);
        Assert.Equal(17, paged.Count);
        Assert.Equal(paged.Select(u => u.Name).Order(StringComparer.Ordinal), paged.Select(u => u.Name));

        var first = await Client.ListUnitsAsync(new ListUnitsRequest { Parent = "organisationVersions/current", PageSize = 5 }, cancellationToken: Ct);
        var newer = await ImportAsync(Sample.Of(workplaces: 1));
        var rest = await Client.ListUnitsAsync(new ListUnitsRequest { Parent = "organisationVersions/current", PageSize = 200, PageToken = first.NextPageToken },
            cancellationToken: Ct);
        Assert.Equal(17, first.Units.Count + rest.Units.Count);
        Assert.All(rest.Units, u => Assert.StartsWith(version.Name + "/", u.Name, StringComparison.Ordinal));
        Assert.Equal(9, (await AllUnitsAsync("organisationVersions/current")).Count);
        Assert.NotEqual(version.Name, newer.Name);
    }

    [Fact]
    public async Task An_import_is_checked_as_one_tree_and_every_violation_named()
    {
        var before = (await Client.ListOrganisationVersionsAsync(new ListOrganisationVersionsRequest { PageSize = 1 }, cancellationToken: Ct)).OrganisationVersions;

        var cycle = Sample.Of();
        cycle.Units[Index(cycle, "odc-1")].Parent = "odc-2";
        cycle.Units[Index(cycle, "odc-2")].Parent = "odc-1";
        await ApiAssert.InvalidArgument(() => ImportAsync(cycle), $"units[{Index(cycle, "odc-1")}].parent");

        var unknown = Sample.Of();
        unknown.Units[3].Parent = "ukendt";
        unknown.Units[5].Manager = "ingen";
        unknown.Managers[2].ReportsTo = "ingen";
        await ApiAssert.InvalidArgument(() => ImportAsync(unknown), "units[3].parent", "units[5].manager", "managers[2].reports_to");

        var twoRoots = Sample.Of();
        twoRoots.Units.Add(new UnitEntry { UnitId = "kommune-2", DisplayName = "Nabokommunen", Kind = UnitKind.Municipality, Manager = "kd" });
        await ApiAssert.InvalidArgument(() => ImportAsync(twoRoots), $"units[{twoRoots.Units.Count - 1}].parent");

        var limits = Sample.Of();
        limits.Units[1].Headcount = 100_001;
        limits.Units[2].UnitId = "Ø";
        limits.Units[4].DisplayName = "";
        await ApiAssert.InvalidArgument(() => Client.ImportOrganisationAsync(limits.Request(label: new string('x', 201)), cancellationToken: Ct),
            "label", "units[1].headcount", "units[2].unit_id", "units[4].display_name");

        var tooMany = Sample.Of();
        var request = tooMany.Request();
        request.Units.AddRange(Enumerable.Range(0, 5_000).Select(i => new UnitEntry { UnitId = $"u{i}", Parent = "kommunen", DisplayName = "Afdeling", Kind = UnitKind.Workplace, Manager = "kd" }));
        await ApiAssert.InvalidArgument(() => Client.ImportOrganisationAsync(request, cancellationToken: Ct), "units");
        await ApiAssert.InvalidArgument(() => Client.ImportOrganisationAsync(new ImportOrganisationRequest(), cancellationToken: Ct), "units", "managers");

        // Nothing was stored.
        Assert.Equal(before, (await Client.ListOrganisationVersionsAsync(new ListOrganisationVersionsRequest { PageSize = 1 }, cancellationToken: Ct)).OrganisationVersions);
    }

    [Fact]
    public async Task A_retried_import_is_stored_once()
    {
        var requestId = NewRequestId();
        var first = await ImportAsync(Sample.Of(), requestId: requestId);
        var again = await ImportAsync(Sample.Of(), requestId: requestId);
        Assert.Equal(first.Name, again.Name);
        var current = await Client.GetOrganisationVersionAsync(new GetOrganisationVersionRequest { Name = "organisationVersions/current" }, cancellationToken: Ct);
        Assert.Equal(first.Name, current.Name);
        await ApiAssert.RpcError(global::Grpc.Core.StatusCode.AlreadyExists, () => Client.ImportOrganisationAsync(Sample.Of(workplaces: 3).Request(requestId: requestId), cancellationToken: Ct),
            "REQUEST_ID_REUSED");
    }

    [Fact]
    public async Task Names_and_page_tokens_are_checked()
    {
        var version = await ImportAsync(Sample.Of(workplaces: 2));
        await ApiAssert.NotFound(() => Client.GetOrganisationVersionAsync(new GetOrganisationVersionRequest { Name = "organisationVersions/999999" }, cancellationToken: Ct),
            "organisationVersions/999999");
        await ApiAssert.NotFound(() => Client.GetUnitAsync(new GetUnitRequest { Name = $"{version.Name}/units/ukendt" }, cancellationToken: Ct), $"{version.Name}/units/ukendt");
        await ApiAssert.NotFound(() => Client.ListUnitsAsync(new ListUnitsRequest { Parent = "organisationVersions/999999" }, cancellationToken: Ct), "organisationVersions/999999");
        foreach (var name in new[] { "organisationVersions/0", "organisationVersions/01", "organisationVersions/-1", "organisationVersions/nyeste", "units/odc", "" })
        {
            await ApiAssert.InvalidArgument(() => Client.GetOrganisationVersionAsync(new GetOrganisationVersionRequest { Name = name }, cancellationToken: Ct), "name");
        }
        await ApiAssert.InvalidArgument(() => Client.GetUnitAsync(new GetUnitRequest { Name = $"{version.Name}/managers/kd" }, cancellationToken: Ct), "name");

        var token = (await Client.ListUnitsAsync(new ListUnitsRequest { Parent = version.Name, PageSize = 1 }, cancellationToken: Ct)).NextPageToken;
        foreach (var key in new JsonNode?[]
                 {
                     new JsonObject { ["Version"] = 0, ["After"] = "odc" }, new JsonObject { ["Version"] = 999_999, ["After"] = "odc" },
                     new JsonObject { ["Version"] = 1, ["After"] = "ØDC" }, "odc", null,
                 })
        {
            await ApiAssert.InvalidArgument(() => Client.ListUnitsAsync(new ListUnitsRequest { Parent = version.Name, PageToken = PageTokens.WithKey(token, key) },
                cancellationToken: Ct), "page_token");
        }
        // Bound to its filter: another parent unit, another version, another list.
        await ApiAssert.InvalidArgument(() => Client.ListUnitsAsync(new ListUnitsRequest { Parent = version.Name, ParentUnit = $"{version.Name}/units/odc", PageToken = token },
            cancellationToken: Ct), "page_token");
        await ApiAssert.InvalidArgument(() => Client.ListUnitsAsync(new ListUnitsRequest { Parent = "organisationVersions/current", PageToken = token }, cancellationToken: Ct),
            "page_token");
        await ApiAssert.InvalidArgument(() => Client.ListManagersAsync(new ListManagersRequest { Parent = version.Name, PageToken = token }, cancellationToken: Ct), "page_token");
        await ApiAssert.InvalidArgument(() => Client.ListUnitsAsync(new ListUnitsRequest { Parent = version.Name, PageSize = -1 }, cancellationToken: Ct), "page_size");
    }

    private static int Index(Sample.Organisation o, string unitId) => o.Units.FindIndex(u => u.UnitId == unitId);
}

public sealed class OrganisationApiSqliteTests(SqliteApiHost host) : OrganisationApiTests(host), IClassFixture<SqliteApiHost>;

public sealed class OrganisationApiPostgresTests(PostgresApiHost host) : OrganisationApiTests(host), IClassFixture<PostgresApiHost>;
