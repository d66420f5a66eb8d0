using Governance.Cases.Data;
using Governance.Cases.Domain;
using Governance.Cases.Publishing;
using Governance.Cases.Security;
using Governance.Cases.V1;
using Governance.Data.Concurrency;
using Governance.Data.Idempotency;
using Governance.Data.Paging;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Grpc;
using Governance.ServiceDefaults.Security;
using Grpc.Core;

namespace Governance.Cases.Grpc;

public sealed partial class CasesGrpcService
{
    [RequiresAccess(CasesAccess.Manage)]
    public override Task<Case> CreateCase(CreateCaseRequest request, ServerCallContext context)
    {
        var c = request.Case ?? throw new ValidationException("case", "is required");
        var v = new Validator();
        var draft = Input.Draft(v, c);
        var requestId = IdempotencyKeys.Normalize(request.RequestId);
        v.ThrowIfInvalid();

        return _calls.CreateOnceAsync(context, request, requestId,
            authorize: _ =>
            {
                EnsureHandles(draft.Unit);
                return Task.CompletedTask;
            },
            create: s => OpenCaseAsync(s, draft),
            loadExisting: async (s, name) => await CaseProtoAsync(s, await RequireCaseAsync(s, JournalNumbers.ParseName(name, "name"))));
    }

    /// <summary>Opens the case under its registered number, or the next free one of the year; writes its
    /// title to the search, its first timeline entry and CaseOpened.</summary>
    private async Task<(string Name, Case Case)> OpenCaseAsync(CasesSession s, CaseDraft draft)
    {
        var now = Now;
        var key = draft.Registered is { } registered
            ? await RegisterAsync(s, registered)
            : await AllocateJournalNumberAsync(s, CopenhagenTime.TwoDigitYear(now));
        var record = CaseOpening.Open(draft, key, CurrentCaller.Subject, now);
        await s.InsertCaseAsync(record);
        await s.UpsertSearchEntryAsync(TitleEntry(record));
        await s.InsertTimelineAsync(OwnEntry(key, TimelineEntryKind.CaseOpened, now, Wording.CaseOpened(record)) with { Status = record.Status });
        await PublishAsync(s, CaseEvents.Opened(record), now);
        return (key.Name, await CaseProtoAsync(s, record));
    }

    /// <summary>A historical number to register the case under, if no case has it yet.</summary>
    private static async Task<CaseKey> RegisterAsync(CasesSession s, RegisteredNumber number)
    {
        CaseOpening.EnsureFree(number, taken: await s.CaseExistsAsync(number.Key));
        return number.Key;
    }

    /// <summary>The next free journal number of the year (<see cref="CasesSession.AllocateJournalNumberAsync"/>).</summary>
    private static async Task<CaseKey> AllocateJournalNumberAsync(CasesSession s, int year) =>
        NumberSeries.JournalNumber(year, await s.AllocateJournalNumberAsync(year));

    private static SearchEntry TitleEntry(CaseRecord c) => new($"title-{c.Key.Id}", c.Key, SearchField.Title, "", c.Title);

    [RequiresAccess(CasesAccess.Read)]
    public override Task<Case> GetCase(GetCaseRequest request, ServerCallContext context)
    {
        var key = Input.CaseOf(request);

        return _calls.ReadAsync(context, request, async s => await CaseProtoAsync(s, await RequireCaseAsync(s, key)));
    }

    [RequiresAccess(CasesAccess.Read)]
    public override Task<ListCasesResponse> ListCases(ListCasesRequest request, ServerCallContext context)
    {
        var v = new Validator();
        var unit = Input.Unit(v, "unit", request.Unit, required: false);
        var status = Input.StatusFilter(v, "status", request.Status);
        var year = JournalNumbers.YearFilter(v, "year", request.Year);
        v.ThrowIfInvalid();
        var size = PageRequest.Size(request.PageSize);
        var filter = $"cases|{unit}|{status}|{year}";
        var after = PageRequest.DecodeToken<CaseKey?>(request.PageToken, filter,
            key => key is { Year: >= 0 and <= 99, Number: >= 0 and <= JournalNumbers.MaxRunningNumber });

        return _calls.ReadAsync(context, request, async s =>
        {
            var rows = await s.ListCasesAsync(unit, status, year, after, size + 1);
            var page = rows.Take(size).ToList();
            var response = new ListCasesResponse();
            response.Cases.AddRange(await CaseProtosAsync(s, page));
            if (rows.Count > size)
            {
                response.NextPageToken = PageRequest.EncodeToken<CaseKey?>(page[^1].Key, filter);
            }
            return response;
        });
    }

    [RequiresAccess(CasesAccess.Manage)]
    public override Task<Case> UpdateCase(UpdateCaseRequest request, ServerCallContext context)
    {
        var c = request.Case ?? throw new ValidationException("case", "is required");
        var key = JournalNumbers.ParseName(c.Name, "case.name");
        var paths = RequestFields.MaskPaths(request.UpdateMask, Input.CasePaths);
        var v = new Validator();
        var changes = Input.Changes(v, c, paths);
        v.ThrowIfInvalid();

        return _calls.WriteAsync(context, request, async s =>
        {
            var record = await ManageCaseAsync(s, key);
            Etags.Check(request.Etag, record.Version, key.Name);
            if (CaseUpdate.HandedOverTo(record, changes) is { } unit)
            {
                // Handing a case over to another unit needs the right to handle that unit's cases too.
                EnsureHandles(unit, key.Name);
            }
            var updated = CaseUpdate.Apply(record, changes, Now);
            await s.UpdateCaseAsync(updated);
            if (updated.Title != record.Title)
            {
                await s.UpsertSearchEntryAsync(TitleEntry(updated));
            }
            return await CaseProtoAsync(s, updated);
        });
    }

    [RequiresAccess(CasesAccess.Manage)]
    public override Task<Case> ChangeCaseStatus(ChangeCaseStatusRequest request, ServerCallContext context)
    {
        var key = JournalNumbers.ParseName(request.Name, "name");
        var v = new Validator();
        if (request.Status == CaseStatus.Unspecified || !Enum.IsDefined(request.Status))
        {
            v.Add("status", "must be CASE_STATUS_OPEN, CASE_STATUS_IN_PROGRESS, CASE_STATUS_DECIDED or CASE_STATUS_CLOSED");
        }
        v.MaxLength("reason", request.Reason, Input.ReasonMax);
        v.ThrowIfInvalid();

        return _calls.WriteAsync(context, request, async s =>
        {
            var record = await ManageCaseAsync(s, key);
            Etags.Check(request.Etag, record.Version, key.Name);
            var change = CaseLifecycle.Change(record, request.Status, request.Reason, Now);
            await s.UpdateCaseAsync(change.After);
            await s.InsertTimelineAsync(OwnEntry(key, TimelineEntryKind.StatusChanged, change.At, Wording.StatusChanged(change))
                with { Status = change.After.Status });
            await PublishAsync(s, CaseEvents.StatusChanged(change), change.At);
            return await CaseProtoAsync(s, change.After);
        });
    }
}
