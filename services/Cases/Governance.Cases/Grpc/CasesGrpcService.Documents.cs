using Governance.Cases.Data;
using Governance.Cases.Domain;
using Governance.Cases.Events;
using Governance.Cases.Security;
using Governance.Cases.V1;
using Governance.Data.Idempotency;
using Governance.Data.Paging;
using Governance.Messaging.Outbox;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Security;
using Grpc.Core;

namespace Governance.Cases.Grpc;

public sealed partial class CasesGrpcService
{
    [RequiresAccess(CasesAccess.Manage)]
    public override async Task<CaseDocument> AddCaseDocument(AddCaseDocumentRequest request, ServerCallContext context)
    {
        var key = JournalNumbers.ParseName(request.Parent, "parent");
        var d = request.Document ?? throw new ValidationException("document", "is required");
        var v = new Validator();
        v.Required("document.title", d.Title, Input.TitleMax);
        var requestId = IdempotencyKeys.Normalize(request.RequestId);
        v.ThrowIfInvalid();

        return await _calls.WriteAsync(context, request, s => _calls.CreateOnceAsync(s, requestId, nameof(AddCaseDocument), request,
            () => ManageCaseAsync(s, key), async () =>
            {
                var c = await ManageCaseAsync(s, key);
                var now = Now;
                var year = CopenhagenTime.TwoDigitYear(now);
                var number = await s.NextNumberAsync(CasesSession.DocumentSeries, year);
                if (number > 999_999)
                {
                    throw new FailedPreconditionException("DOCUMENT_NUMBERS_EXHAUSTED", $"Every document number of year {year:00} is used.");
                }
                var document = new DocumentRecord(Ids.NewId(), key, year, (int)number, d.Title.Trim(), CurrentCaller.Subject, now);
                await s.InsertDocumentAsync(document);
                var name = JournalNumbers.ChildName(key, "documents", document.Id);
                await s.UpsertSearchEntryAsync(new SearchEntry(document.Id, key, SearchField.DocumentTitle, name, document.Title));
                await s.InsertTimelineAsync(new TimelineRecord
                {
                    Id = Ids.NewId(),
                    Case = key,
                    Kind = TimelineEntryKind.DocumentAdded,
                    OccurredAt = now,
                    Text = $"Dokument {document.DocumentNumber}: {document.Title}",
                    Actor = CurrentCaller.Subject,
                    Resource = name,
                    TraceId = TraceId,
                });
                await Outbox.AppendAsync(s.Connection, s.Transaction, new CaseDocumentAdded(key.Name, c.JournalNumber, c.Unit, c.Confidential,
                    name, document.DocumentNumber, c.Confidential ? null : document.Title, now, c.Version), now);
                return (name, Mapping.ToProto(document, visible: true));
            }, async name =>
            {
                var (caseKey, id) = Input.ParseChild(name, "documents");
                var existing = await s.GetDocumentAsync(caseKey, id) ?? throw new NotFoundException(name);
                return Mapping.ToProto(existing, visible: true);
            }));
    }

    [RequiresAccess(CasesAccess.Read)]
    public override Task<ListCaseDocumentsResponse> ListCaseDocuments(ListCaseDocumentsRequest request, ServerCallContext context)
    {
        var key = JournalNumbers.ParseName(request.Parent, "parent");
        var size = PageRequest.Size(request.PageSize);
        var filter = $"documents|{key.Id}";
        var after = PageRequest.DecodeToken<string>(request.PageToken, filter);

        return _calls.ReadAsync(context, request, async s =>
        {
            var c = await RequireCaseAsync(s, key);
            var rows = await s.ListDocumentsAsync(key, after, size + 1);
            var page = rows.Take(size).ToList();
            var visible = page.Count == 0 || Sees(c);
            var response = new ListCaseDocumentsResponse();
            response.Documents.AddRange(page.Select(d => Mapping.ToProto(d, visible)));
            if (rows.Count > size)
            {
                response.NextPageToken = PageRequest.EncodeToken(page[^1].Id, filter);
            }
            return response;
        });
    }

    [RequiresAccess(CasesAccess.Manage)]
    public override async Task<CaseNote> AddCaseNote(AddCaseNoteRequest request, ServerCallContext context)
    {
        var key = JournalNumbers.ParseName(request.Parent, "parent");
        var n = request.Note ?? throw new ValidationException("note", "is required");
        var v = new Validator();
        v.Required("note.text", n.Text, Input.NoteMax);
        var requestId = IdempotencyKeys.Normalize(request.RequestId);
        v.ThrowIfInvalid();

        return await _calls.WriteAsync(context, request, s => _calls.CreateOnceAsync(s, requestId, nameof(AddCaseNote), request,
            () => ManageCaseAsync(s, key), async () =>
            {
                await ManageCaseAsync(s, key);
                var now = Now;
                var note = new NoteRecord(Ids.NewId(), key, n.Text.Trim(), CurrentCaller.Subject, now);
                await s.InsertNoteAsync(note);
                var name = JournalNumbers.ChildName(key, "notes", note.Id);
                await s.InsertTimelineAsync(new TimelineRecord
                {
                    Id = Ids.NewId(),
                    Case = key,
                    Kind = TimelineEntryKind.NoteAdded,
                    OccurredAt = now,
                    Text = note.Text,
                    Actor = CurrentCaller.Subject,
                    Resource = name,
                    TraceId = TraceId,
                });
                return (name, Mapping.ToProto(note));
            }, async name =>
            {
                var (caseKey, id) = Input.ParseChild(name, "notes");
                return Mapping.ToProto(await s.GetNoteAsync(caseKey, id) ?? throw new NotFoundException(name));
            }));
    }

    [RequiresAccess(CasesAccess.Read)]
    public override Task<ListCaseTimelineResponse> ListCaseTimeline(ListCaseTimelineRequest request, ServerCallContext context)
    {
        var key = JournalNumbers.ParseName(request.Parent, "parent");
        var size = PageRequest.Size(request.PageSize);
        var filter = $"timeline|{key.Id}";
        var after = PageRequest.DecodeToken<TimelineKey>(request.PageToken, filter);
        if (after is not null && (after.Id is null || after.Ticks < DateTime.MinValue.Ticks || after.Ticks > DateTime.MaxValue.Ticks))
        {
            throw new ValidationException("page_token", "is not a page token issued by this service");
        }

        return _calls.ReadAsync(context, request, async s =>
        {
            var c = await RequireCaseAsync(s, key);
            var rows = await s.ListTimelineAsync(key, after is null ? null : (new DateTime(after.Ticks, DateTimeKind.Utc), after.Id), size + 1);
            var page = rows.Take(size).ToList();
            var visible = page.Count == 0 || Sees(c);
            var response = new ListCaseTimelineResponse();
            response.Entries.AddRange(page.Select(t => Mapping.ToProto(t, visible)));
            if (rows.Count > size)
            {
                response.NextPageToken = PageRequest.EncodeToken(new TimelineKey(page[^1].OccurredAt.Ticks, page[^1].Id), filter);
            }
            return response;
        });
    }

    private sealed record TimelineKey(long Ticks, string Id);
}
