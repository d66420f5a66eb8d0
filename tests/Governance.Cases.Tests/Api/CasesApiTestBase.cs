global using ApiAssert = Governance.Testing.ApiAssert<Governance.Cases.Tests.Api.CasesErrorDomain>;
using Governance.Cases.V1;

namespace Governance.Cases.Tests.Api;

/// <summary>The ErrorInfo domain of the Cases API (see cases_service.proto).</summary>
public sealed class CasesErrorDomain : IErrorDomain
{
    public static string Domain => "governance.cases";
}

/// <summary>Base of the Cases API tests: the generated client on a host of one store, and helpers
/// that create cases in a unit no other test uses.</summary>
public abstract class CasesApiTestBase(IApiHost host)
{
    private CasesService.CasesServiceClient? client;

    protected IApiHost Host => host;

    protected CasesService.CasesServiceClient Client => client ??= new CasesService.CasesServiceClient(host.Channel);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A unit id no other test uses, e.g. "ØDC-1a2b3c4d".</summary>
    protected static string UniqueUnit(string prefix = "ØDC") => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    protected static string NewRequestId() => Guid.NewGuid().ToString();

    /// <summary>The two-digit Copenhagen year of now: the year of newly allocated numbers.</summary>
    protected static int CurrentYear =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen")).Year % 100;

    protected static Case NewCase(string unit, string title = "Budget 2018-21", Action<Case>? configure = null)
    {
        var c = new Case { Title = title, Unit = unit, LegalBasis = "Lov om kommunernes styrelse § 40", KleNumber = "00.01.00" };
        configure?.Invoke(c);
        return c;
    }

    protected async Task<Case> CreateCaseAsync(string unit, string title = "Budget 2018-21", Action<Case>? configure = null, string? requestId = null) =>
        await Client.CreateCaseAsync(new CreateCaseRequest { Case = NewCase(unit, title, configure), RequestId = requestId ?? "" }, cancellationToken: Ct);

    protected async Task<Case> GetCaseAsync(string name) => await Client.GetCaseAsync(new GetCaseRequest { Name = name }, cancellationToken: Ct);

    protected async Task<CaseDocument> AddDocumentAsync(Case c, string title = "Notat om budgetopfølgning") =>
        await Client.AddCaseDocumentAsync(new AddCaseDocumentRequest { Parent = c.Name, Document = new CaseDocument { Title = title } }, cancellationToken: Ct);

    protected async Task<CaseNote> AddNoteAsync(Case c, string text = "Drøftet med ØDC.") =>
        await Client.AddCaseNoteAsync(new AddCaseNoteRequest { Parent = c.Name, Note = new CaseNote { Text = text } }, cancellationToken: Ct);

    protected async Task<Case> ChangeStatusAsync(Case c, CaseStatus status, string reason = "") =>
        await Client.ChangeCaseStatusAsync(new ChangeCaseStatusRequest { Name = c.Name, Status = status, Reason = reason, Etag = c.Etag }, cancellationToken: Ct);

    protected async Task<IReadOnlyList<TimelineEntry>> TimelineAsync(Case c) =>
        (await Client.ListCaseTimelineAsync(new ListCaseTimelineRequest { Parent = c.Name, PageSize = 200 }, cancellationToken: Ct)).Entries;

    /// <summary>The running number of a journal number "26/00042" → 42.</summary>
    protected static int RunningNumber(string journalNumber) => int.Parse(journalNumber.Split('/')[1], System.Globalization.CultureInfo.InvariantCulture);
}
