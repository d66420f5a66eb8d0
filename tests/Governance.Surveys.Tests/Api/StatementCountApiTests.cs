using Google.Protobuf.WellKnownTypes;
using Governance.Surveys.Domain;
using Governance.Surveys.V1;

namespace Governance.Surveys.Tests.Api;

/// <summary>
/// A read runs a fixed number of SQL statements whatever the size of the organisation or instrument:
/// each RPC is counted (<see cref="StatementCounting"/>) on a small organisation and on a large one of
/// the same shape (and an instrument with few and with many themes), and the counts must be equal. A
/// deterministic guard against a statement per unit, manager or theme. Each write's cost is pinned per
/// store.
/// </summary>
public abstract class StatementCountApiTests(IApiHost host) : SurveysApiTestBase(host)
{
    private const int Small = 2;
    private const int Large = 12;

    private sealed record Data(OrganisationVersion Version, Instrument Instrument);

    /// <summary>An organisation of <paramref name="size"/> workplaces a centre, and an instrument of
    /// <paramref name="size"/> themes of <paramref name="size"/> items.</summary>
    private async Task<Data> DataAsync(int size)
    {
        var version = await ImportAsync(Sample.Of(workplaces: size));
        var themes = Enumerable.Range(1, size).Select(t => Theme($"tema-{t}", $"Tema {t}",
            [.. Enumerable.Range(1, size).Select(i => Scale($"s-{t}-{i}", $"Spørgsmål {i} i tema {t}"))])).ToList();
        var instrument = await Client.CreateInstrumentAsync(new CreateInstrumentRequest
        {
            Instrument = new Instrument { DisplayName = $"APV med {size} temaer", Kind = InstrumentKind.ApvWellbeing, Themes = { themes } },
        }, cancellationToken: Ct);
        return new Data(version, instrument);
    }

    [Fact]
    public async Task Reads_take_a_fixed_number_of_statements()
    {
        await StatementCounting.AssertFixedAsync(Host, Small, Large, DataAsync,
            ("GetOrganisationVersion", (d, h) => Client.GetOrganisationVersionAsync(new GetOrganisationVersionRequest { Name = d.Version.Name }, h, cancellationToken: Ct).ResponseAsync),
            ("GetOrganisationVersion current", (d, h) => Client.GetOrganisationVersionAsync(new GetOrganisationVersionRequest { Name = "organisationVersions/current" }, h,
                cancellationToken: Ct).ResponseAsync),
            ("ListOrganisationVersions", (d, h) => Client.ListOrganisationVersionsAsync(new ListOrganisationVersionsRequest { PageSize = 200 }, h, cancellationToken: Ct).ResponseAsync),
            ("GetUnit", (d, h) => Client.GetUnitAsync(new GetUnitRequest { Name = $"{d.Version.Name}/units/odc" }, h, cancellationToken: Ct).ResponseAsync),
            ("GetUnit current", (d, h) => Client.GetUnitAsync(new GetUnitRequest { Name = "organisationVersions/current/units/odc" }, h, cancellationToken: Ct).ResponseAsync),
            ("ListUnits", (d, h) => Client.ListUnitsAsync(new ListUnitsRequest { Parent = d.Version.Name, PageSize = 200 }, h, cancellationToken: Ct).ResponseAsync),
            ("ListUnits below a unit", (d, h) => Client.ListUnitsAsync(new ListUnitsRequest { Parent = d.Version.Name, ParentUnit = $"{d.Version.Name}/units/odc", PageSize = 200 },
                h, cancellationToken: Ct).ResponseAsync),
            ("GetManager", (d, h) => Client.GetManagerAsync(new GetManagerRequest { Name = $"{d.Version.Name}/managers/hrc-chef" }, h, cancellationToken: Ct).ResponseAsync),
            ("ListManagers", (d, h) => Client.ListManagersAsync(new ListManagersRequest { Parent = "organisationVersions/current", PageSize = 200 }, h,
                cancellationToken: Ct).ResponseAsync),
            ("GetInstrument", (d, h) => Client.GetInstrumentAsync(new GetInstrumentRequest { Name = d.Instrument.Name }, h, cancellationToken: Ct).ResponseAsync),
            ("ListInstruments", (d, h) => Client.ListInstrumentsAsync(new ListInstrumentsRequest { PageSize = 200 }, h, cancellationToken: Ct).ResponseAsync),
            ("ListAuditEntries", (d, h) => Client.ListAuditEntriesAsync(new Audit.V1.ListAuditEntriesRequest { Resource = d.Instrument.Name, PageSize = 200 }, h,
                cancellationToken: Ct).ResponseAsync));
    }

    [Fact]
    public async Task Writes_take_a_fixed_number_of_statements()
    {
        // An import of the large organisation writes its units and managers in as many statements as the small one's.
        await StatementCounting.AssertFixedAsync(Host, Small, Large, size => Task.FromResult(size),
            ("ImportOrganisation", (size, h) => Client.ImportOrganisationAsync(Sample.Of(workplaces: size).Request(requestId: NewRequestId()), h, cancellationToken: Ct).ResponseAsync));
        await StatementCounting.AssertFixedAsync(Host, Small, Large, DataAsync,
            ("CreateInstrument", (d, h) => Client.CreateInstrumentAsync(new CreateInstrumentRequest
                { Instrument = new Instrument { DisplayName = "Kopi" }, SourceInstrument = d.Instrument.Name, RequestId = NewRequestId() }, h, cancellationToken: Ct).ResponseAsync),
            ("UpdateInstrument", (d, h) => Client.UpdateInstrumentAsync(new UpdateInstrumentRequest
                { Instrument = new Instrument { Name = d.Instrument.Name, Themes = { d.Instrument.Themes } }, UpdateMask = new FieldMask { Paths = { "themes" } } },
                h, cancellationToken: Ct).ResponseAsync));
    }

    [Fact]
    public async Task Each_write_takes_a_pinned_number_of_statements()
    {
        await StatementCounting.AssertCountAsync(Host, "ImportOrganisation", Pinned.ImportOrganisation,
            h => Client.ImportOrganisationAsync(Sample.Of().Request(requestId: NewRequestId()), h, cancellationToken: Ct).ResponseAsync);
        var created = await CopyAsync();
        await StatementCounting.AssertCountAsync(Host, "CreateInstrument", Pinned.CreateInstrument,
            h => Client.CreateInstrumentAsync(new CreateInstrumentRequest
                { Instrument = new Instrument { DisplayName = "Kopi" }, SourceInstrument = SurveyNames.Instrument(InstrumentTemplates.ApvWellbeingId), RequestId = NewRequestId() },
                h, cancellationToken: Ct).ResponseAsync);
        await StatementCounting.AssertCountAsync(Host, "UpdateInstrument", Pinned.UpdateInstrument,
            h => Client.UpdateInstrumentAsync(new UpdateInstrumentRequest
                { Instrument = new Instrument { Name = created.Name, DisplayName = "APV 2017" }, UpdateMask = new FieldMask { Paths = { "display_name" } } },
                h, cancellationToken: Ct).ResponseAsync);
    }

    /// <summary>(SQLite, PostgreSQL), as measured when pinned. SQLite counts BEGIN and COMMIT and each
    /// statement of the final batch (idempotency key, audit entry: DbSession.Tail), which PostgreSQL
    /// sends as one command. An import: the request_id lookup, the next number, the version row, one
    /// insert of the units and one of the managers (500 rows each at most). A create from a source: the
    /// request_id lookup, the id taken?, the source, the insert. An update: the locked read, whether a
    /// round opened with the instrument (one that did has frozen it: INSTRUMENT_IN_USE), the update. None
    /// of these three publishes an event: no outbox row.</summary>
    private static class Pinned
    {
        public static readonly (int Sqlite, int Postgres) ImportOrganisation = (9, 6);
        public static readonly (int Sqlite, int Postgres) CreateInstrument = (8, 5);
        public static readonly (int Sqlite, int Postgres) UpdateInstrument = (6, 4);
    }
}

public sealed class StatementCountApiSqliteTests(SqliteApiHost host) : StatementCountApiTests(host), IClassFixture<SqliteApiHost>;

public sealed class StatementCountApiPostgresTests(PostgresApiHost host) : StatementCountApiTests(host), IClassFixture<PostgresApiHost>;
