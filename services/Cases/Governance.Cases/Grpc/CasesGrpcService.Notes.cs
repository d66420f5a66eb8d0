using Governance.Cases.Data;
using Governance.Cases.Domain;
using Governance.Cases.Security;
using Governance.Cases.V1;
using Governance.Data.Idempotency;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Security;
using Grpc.Core;

namespace Governance.Cases.Grpc;

public sealed partial class CasesGrpcService
{
    [RequiresAccess(CasesAccess.Manage)]
    public override Task<CaseNote> AddCaseNote(AddCaseNoteRequest request, ServerCallContext context)
    {
        var key = JournalNumbers.ParseName(request.Parent, "parent");
        var n = request.Note ?? throw new ValidationException("note", "is required");
        var v = new Validator();
        v.Required("note.text", n.Text, Input.NoteMax);
        var requestId = IdempotencyKeys.Normalize(request.RequestId);
        v.ThrowIfInvalid();

        return _calls.CreateOnceAsync(context, request, requestId,
            authorize: s => ManageCaseAsync(s, key),
            create: s => AddNoteAsync(s, key, n.Text.Trim()),
            loadExisting: NoteProtoAsync);
    }

    /// <summary>Adds the note and its timeline entry (the note's text; a closed case's timeline hides it
    /// from outsiders). A note publishes no event.</summary>
    private async Task<(string Name, CaseNote Note)> AddNoteAsync(CasesSession s, CaseKey key, string text)
    {
        await ManageCaseAsync(s, key);
        var now = Now;
        var note = new NoteRecord(Ids.NewId(), key, text, CurrentCaller.Subject, now);
        await s.InsertNoteAsync(note);
        await s.InsertTimelineAsync(OwnEntry(key, TimelineEntryKind.NoteAdded, now, note.Text, note.Name));
        return (note.Name, Mapping.ToProto(note));
    }

    /// <summary>A note by its name (a retried AddCaseNote; the caller handles the case's unit).</summary>
    private static async Task<CaseNote> NoteProtoAsync(CasesSession s, string name)
    {
        var (key, id) = Input.ParseChild(name, "notes");
        return Mapping.ToProto(await s.GetNoteAsync(key, id) ?? throw new NotFoundException(name));
    }
}
