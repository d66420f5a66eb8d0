using Governance.Cases.Data;
using Governance.Cases.Domain;
using Governance.Cases.Publishing;
using Governance.Cases.Security;
using Governance.Cases.V1;
using Governance.Data.Idempotency;
using Governance.Data.Paging;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Security;
using Grpc.Core;

namespace Governance.Cases.Grpc;

public sealed partial class CasesGrpcService
{
    [RequiresAccess(CasesAccess.Manage)]
    public override Task<CaseDocument> AddCaseDocument(AddCaseDocumentRequest request, ServerCallContext context)
    {
        var key = JournalNumbers.ParseName(request.Parent, "parent");
        var d = request.Document ?? throw new ValidationException("document", "is required");
        var v = new Validator();
        v.Required("document.title", d.Title, Input.TitleMax);
        var requestId = IdempotencyKeys.Normalize(request.RequestId);
        v.ThrowIfInvalid();

        return _calls.CreateOnceAsync(context, request, requestId,
            authorize: s => ManageCaseAsync(s, key),
            create: s => AddDocumentAsync(s, key, d.Title.Trim()),
            loadExisting: DocumentProtoAsync);
    }

    /// <summary>Gives the document the next document number of the year; writes its title to the
    /// search, a timeline entry and CaseDocumentAdded.</summary>
    private async Task<(string Name, CaseDocument Document)> AddDocumentAsync(CasesSession s, CaseKey key, string title)
    {
        var c = await ManageCaseAsync(s, key);
        var now = Now;
        var year = CopenhagenTime.TwoDigitYear(now);
        var number = NumberSeries.DocumentNumber(year, await s.NextNumberAsync(CasesSession.DocumentSeries, year));
        var document = new DocumentRecord(Ids.NewId(), key, year, number, title, CurrentCaller.Subject, now);
        await s.InsertDocumentAsync(document);
        await s.UpsertSearchEntryAsync(new SearchEntry(document.Id, key, SearchField.DocumentTitle, document.Name, document.Title));
        await s.InsertTimelineAsync(OwnEntry(key, TimelineEntryKind.DocumentAdded, now, Wording.DocumentAdded(document), document.Name));
        await PublishAsync(s, CaseEvents.DocumentAdded(c, document), now);
        return (document.Name, Mapping.ToProto(ForCaller.Documents(c, [document])[0]));
    }

    /// <summary>A document by its name, as the caller may see it (a retried AddCaseDocument).</summary>
    private async Task<CaseDocument> DocumentProtoAsync(CasesSession s, string name)
    {
        var (key, id) = Input.ParseChild(name, "documents");
        var c = await RequireCaseAsync(s, key);
        var document = await s.GetDocumentAsync(key, id) ?? throw new NotFoundException(name);
        return Mapping.ToProto(ForCaller.Documents(c, [document])[0]);
    }

    [RequiresAccess(CasesAccess.Read)]
    public override Task<ListCaseDocumentsResponse> ListCaseDocuments(ListCaseDocumentsRequest request, ServerCallContext context)
    {
        var key = JournalNumbers.ParseName(request.Parent, "parent");
        var size = PageRequest.Size(request.PageSize);
        var filter = $"documents|{key.Id}";
        var after = PageRequest.DecodeToken<string>(request.PageToken, filter, PageRequest.IsId);

        return _calls.ReadAsync(context, request, async s =>
        {
            var c = await RequireCaseAsync(s, key);
            var rows = await s.ListDocumentsAsync(key, after, size + 1);
            var page = rows.Take(size).ToList();
            var response = new ListCaseDocumentsResponse();
            response.Documents.AddRange(ForCaller.Documents(c, page).Select(Mapping.ToProto));
            if (rows.Count > size)
            {
                response.NextPageToken = PageRequest.EncodeToken(page[^1].Id, filter);
            }
            return response;
        });
    }
}
