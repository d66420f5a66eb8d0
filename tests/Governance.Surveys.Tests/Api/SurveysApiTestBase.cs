global using ApiAssert = Governance.Testing.ApiAssert<Governance.Surveys.Tests.Api.SurveysErrorDomain>;
using Google.Protobuf.WellKnownTypes;
using Governance.Surveys.Domain;
using Governance.Surveys.V1;

namespace Governance.Surveys.Tests.Api;

/// <summary>The ErrorInfo domain of the Surveys API (see surveys_service.proto).</summary>
public sealed class SurveysErrorDomain : IErrorDomain
{
    public static string Domain => "governance.surveys";
}

/// <summary>Base of the Surveys API tests: the generated client on a host of one store (as a caller with
/// every role), and helpers. Tests of a class share its host: each works on the versions and
/// instruments it made, by the names the service answered.</summary>
public abstract class SurveysApiTestBase(IApiHost host)
{
    private SurveysService.SurveysServiceClient? client;

    protected IApiHost Host => host;

    protected SurveysService.SurveysServiceClient Client => client ??= new SurveysService.SurveysServiceClient(host.Channel);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected static string NewRequestId() => Guid.NewGuid().ToString();

    protected async Task<OrganisationVersion> ImportAsync(Sample.Organisation organisation, string label = "Udtræk fra lønsystemet", string requestId = "") =>
        await Client.ImportOrganisationAsync(organisation.Request(label, requestId), cancellationToken: Ct);

    protected async Task<IReadOnlyList<Unit>> AllUnitsAsync(string parent, string parentUnit = "", int pageSize = 200)
    {
        var all = new List<Unit>();
        var request = new ListUnitsRequest { Parent = parent, ParentUnit = parentUnit, PageSize = pageSize };
        do
        {
            var page = await Client.ListUnitsAsync(request, cancellationToken: Ct);
            all.AddRange(page.Units);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return all;
    }

    protected async Task<Instrument> CopyAsync(string source = InstrumentTemplates.ApvWellbeingId, string displayName = "APV- og trivselsundersøgelse 2014",
        string requestId = "") =>
        await Client.CreateInstrumentAsync(new CreateInstrumentRequest
        {
            Instrument = new Instrument { DisplayName = displayName },
            SourceInstrument = SurveyNames.Instrument(source),
            RequestId = requestId,
        }, cancellationToken: Ct);

    protected async Task<Instrument> UpdateAsync(Instrument instrument, string etag, params string[] paths) =>
        await Client.UpdateInstrumentAsync(new UpdateInstrumentRequest
        {
            Instrument = instrument,
            UpdateMask = new FieldMask { Paths = { paths } },
            Etag = etag,
        }, cancellationToken: Ct);

    protected static InstrumentTheme Theme(string id, string title, params InstrumentItem[] items)
    {
        var theme = new InstrumentTheme { ThemeId = id, Title = title };
        theme.Items.AddRange(items);
        return theme;
    }

    protected static InstrumentItem Scale(string id, string text, ItemDirection direction = ItemDirection.Resource,
        SocialCapitalDimension dimension = SocialCapitalDimension.Unspecified) =>
        new() { ItemId = id, Text = text, ResponseType = ResponseType.AgreementScale, Direction = direction, Dimension = dimension };
}
