using System.Text.Json.Nodes;
using Governance.Surveys.Domain;
using Governance.Surveys.V1;
using Grpc.Core;

namespace Governance.Surveys.Tests.Api;

/// <summary>Instruments through the API: the shipped templates are there and editable, copies are made
/// from them, every instrument keeps the item rules, and updates are guarded by the etag.</summary>
public abstract class InstrumentApiTests(IApiHost host) : SurveysApiTestBase(host)
{
    [Fact]
    public async Task The_templates_are_seeded_and_listed_by_kind()
    {
        var apv = await Client.GetInstrumentAsync(new GetInstrumentRequest { Name = "instruments/apv-trivsel-skabelon" }, cancellationToken: Ct);
        Assert.True(apv.Template);
        Assert.Equal((InstrumentKind.ApvWellbeing, 7), (apv.Kind, apv.Themes.Count));
        Assert.Equal(apv.Themes.Sum(t => t.Items.Count), apv.ItemCount);
        Assert.Equal(InstrumentTemplates.All[0].Themes, apv.Themes);
        Assert.Equal("W/\"1\"", apv.Etag);

        var social = (await Client.ListInstrumentsAsync(new ListInstrumentsRequest { Kind = InstrumentKind.SocialCapital, PageSize = 200 }, cancellationToken: Ct)).Instruments;
        Assert.Contains(social, i => i.Name == "instruments/social-kapital-skabelon" && i.Template);
        Assert.All(social, i => Assert.Equal(InstrumentKind.SocialCapital, i.Kind));
        var leadership = (await Client.ListInstrumentsAsync(new ListInstrumentsRequest { Kind = InstrumentKind.LeadershipEvaluation, PageSize = 200 }, cancellationToken: Ct)).Instruments;
        Assert.Contains(leadership, i => i.Name == "instruments/ledelsesevaluering-skabelon");

        // Paged by id, one at a time, every instrument once.
        var names = new List<string>();
        var request = new ListInstrumentsRequest { PageSize = 1 };
        do
        {
            var page = await Client.ListInstrumentsAsync(request, cancellationToken: Ct);
            names.AddRange(page.Instruments.Select(i => i.Name));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        Assert.Equal(names.Distinct().Order(StringComparer.Ordinal), names);
        Assert.Subset(names.ToHashSet(), InstrumentTemplates.All.Select(t => t.Name).ToHashSet());
    }

    [Fact]
    public async Task A_copy_of_a_template_is_an_instrument_of_its_own()
    {
        var copy = await CopyAsync(InstrumentTemplates.SocialCapitalId, "Social kapital 2017");
        Assert.Equal(("Social kapital 2017", InstrumentKind.SocialCapital, false, "instruments/social-kapital-skabelon"),
            (copy.DisplayName, copy.Kind, copy.Template, copy.SourceInstrument));
        var template = await Client.GetInstrumentAsync(new GetInstrumentRequest { Name = "instruments/social-kapital-skabelon" }, cancellationToken: Ct);
        Assert.Equal(template.Themes, copy.Themes);
        Assert.Equal(template.Description, copy.Description);

        var themes = copy.Themes.Select(t => t.Clone()).ToList();
        themes[0].Items.RemoveAt(0);
        var edited = await UpdateAsync(new Instrument { Name = copy.Name, Themes = { themes } }, copy.Etag, "themes");
        Assert.Equal(copy.ItemCount - 1, edited.ItemCount);
        Assert.Equal(template.Themes, (await Client.GetInstrumentAsync(new GetInstrumentRequest { Name = template.Name }, cancellationToken: Ct)).Themes);

        // A copy keeps its source's kind; another is refused, and so are themes of its own.
        await ApiAssert.InvalidArgument(() => Client.CreateInstrumentAsync(new CreateInstrumentRequest
        {
            Instrument = new Instrument { DisplayName = "Forkert", Kind = InstrumentKind.ApvWellbeing },
            SourceInstrument = "instruments/social-kapital-skabelon",
        }, cancellationToken: Ct), "instrument.kind");
        await ApiAssert.InvalidArgument(() => Client.CreateInstrumentAsync(new CreateInstrumentRequest
        {
            Instrument = new Instrument { DisplayName = "Forkert", Themes = { Theme("t", "Tema", Scale("a", "Spørgsmål")) } },
            SourceInstrument = "instruments/social-kapital-skabelon",
        }, cancellationToken: Ct), "instrument.themes");
        await ApiAssert.NotFound(() => Client.CreateInstrumentAsync(new CreateInstrumentRequest
        {
            Instrument = new Instrument { DisplayName = "Ingen kilde" },
            SourceInstrument = "instruments/findes-ikke",
        }, cancellationToken: Ct), "instruments/findes-ikke");
    }

    [Fact]
    public async Task An_instrument_of_its_own_keeps_the_item_rules()
    {
        var id = $"ledere-{Guid.NewGuid():N}"[..20];
        var created = await Client.CreateInstrumentAsync(new CreateInstrumentRequest
        {
            InstrumentId = id,
            Instrument = new Instrument
            {
                DisplayName = "Ledelsesevaluering 2016",
                Kind = InstrumentKind.LeadershipEvaluation,
                Themes = { Theme("retning", "Retning", Scale("maal", "Min leder sætter klare mål.")) },
            },
        }, cancellationToken: Ct);
        Assert.Equal(($"instruments/{id}", 1, ""), (created.Name, created.ItemCount, created.SourceInstrument));
        await ApiAssert.RpcError(StatusCode.AlreadyExists, () => Client.CreateInstrumentAsync(new CreateInstrumentRequest
        {
            InstrumentId = id,
            Instrument = new Instrument { DisplayName = "Igen" },
            SourceInstrument = "instruments/ledelsesevaluering-skabelon",
        }, cancellationToken: Ct), "INSTRUMENT_EXISTS");

        await ApiAssert.InvalidArgument(() => Client.CreateInstrumentAsync(new CreateInstrumentRequest
        {
            InstrumentId = "Ugyldigt id",
            Instrument = new Instrument
            {
                DisplayName = "",
                Kind = InstrumentKind.SocialCapital,
                Themes =
                {
                    Theme("samlende", "Samlende", Scale("tillid", "Vi stoler på hinanden."), Scale("tillid", "Igen", ItemDirection.Unspecified, SocialCapitalDimension.Bonding)),
                },
            },
        }, cancellationToken: Ct),
            "instrument_id", "instrument.display_name", "instrument.themes[0].items[0].dimension", "instrument.themes[0].items[1].item_id",
            "instrument.themes[0].items[1].direction");
        await ApiAssert.InvalidArgument(() => Client.CreateInstrumentAsync(new CreateInstrumentRequest { Instrument = new Instrument { DisplayName = "Uden art" } },
            cancellationToken: Ct), "instrument.kind");
        await ApiAssert.InvalidArgument(() => Client.CreateInstrumentAsync(new CreateInstrumentRequest
            { Instrument = new Instrument { DisplayName = "Uden temaer", Kind = InstrumentKind.ApvWellbeing } }, cancellationToken: Ct), "instrument.themes");
    }

    [Fact]
    public async Task The_templates_are_editable_and_a_stale_etag_is_aborted()
    {
        var template = await Client.GetInstrumentAsync(new GetInstrumentRequest { Name = $"instruments/{InstrumentTemplates.LeadershipId}" }, cancellationToken: Ct);
        var renamed = await UpdateAsync(new Instrument { Name = template.Name, DisplayName = "Ledelsesevaluering (skabelon)" }, template.Etag, "display_name");
        Assert.Equal(("Ledelsesevaluering (skabelon)", template.Themes.Count, true), (renamed.DisplayName, renamed.Themes.Count, renamed.Template));
        Assert.NotEqual(template.Etag, renamed.Etag);

        await ApiAssert.Aborted(() => UpdateAsync(new Instrument { Name = template.Name, Description = "For sent" }, template.Etag, "description"));
        Assert.Equal(renamed, await Client.GetInstrumentAsync(new GetInstrumentRequest { Name = template.Name }, cancellationToken: Ct));

        // Themes are checked against the instrument's own kind: no dimension outside social capital.
        var themes = renamed.Themes.Select(t => t.Clone()).ToList();
        themes[0].Items[0].Dimension = SocialCapitalDimension.Bridging;
        await ApiAssert.InvalidArgument(() => UpdateAsync(new Instrument { Name = template.Name, Themes = { themes } }, renamed.Etag, "themes"),
            "instrument.themes[0].items[0].dimension");
        await ApiAssert.InvalidArgument(() => UpdateAsync(new Instrument { Name = template.Name, Kind = InstrumentKind.SocialCapital }, renamed.Etag, "kind"), "update_mask");
        await ApiAssert.NotFound(() => Client.UpdateInstrumentAsync(new UpdateInstrumentRequest
        {
            Instrument = new Instrument { Name = "instruments/findes-ikke", DisplayName = "X" },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "display_name" } },
        }, cancellationToken: Ct), "instruments/findes-ikke");

        // Put back, so the template reads as shipped for the other tests.
        await UpdateAsync(new Instrument { Name = template.Name, DisplayName = template.DisplayName }, renamed.Etag, "display_name");
    }

    [Fact]
    public async Task A_retried_create_makes_one_instrument()
    {
        var requestId = NewRequestId();
        var first = await CopyAsync(requestId: requestId);
        var again = await CopyAsync(requestId: requestId);
        Assert.Equal(first, again);
        await ApiAssert.RpcError(StatusCode.AlreadyExists, () => CopyAsync(displayName: "En anden", requestId: requestId), "REQUEST_ID_REUSED");
    }

    [Fact]
    public async Task The_instrument_list_refuses_a_forged_key()
    {
        var token = (await Client.ListInstrumentsAsync(new ListInstrumentsRequest { PageSize = 1 }, cancellationToken: Ct)).NextPageToken;
        foreach (var key in new JsonNode?[] { "Ikke Et Id", "", new string('a', 64), 7, null })
        {
            await ApiAssert.InvalidArgument(() => Client.ListInstrumentsAsync(new ListInstrumentsRequest { PageToken = PageTokens.WithKey(token, key) }, cancellationToken: Ct),
                "page_token");
        }
        await ApiAssert.InvalidArgument(() => Client.ListInstrumentsAsync(new ListInstrumentsRequest { Kind = InstrumentKind.SocialCapital, PageToken = token },
            cancellationToken: Ct), "page_token");
        await ApiAssert.InvalidArgument(() => Client.ListInstrumentsAsync(new ListInstrumentsRequest { Kind = (InstrumentKind)42 }, cancellationToken: Ct), "kind");
        Assert.Empty((await Client.ListInstrumentsAsync(new ListInstrumentsRequest { PageToken = PageTokens.WithKey(token, "zzz") }, cancellationToken: Ct)).Instruments);
    }
}

public sealed class InstrumentApiSqliteTests(SqliteApiHost host) : InstrumentApiTests(host), IClassFixture<SqliteApiHost>;

public sealed class InstrumentApiPostgresTests(PostgresApiHost host) : InstrumentApiTests(host), IClassFixture<PostgresApiHost>;
