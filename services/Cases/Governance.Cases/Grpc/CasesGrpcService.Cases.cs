using Governance.Cases.Data;
using Governance.Cases.Domain;
using Governance.Cases.Events;
using Governance.Cases.Security;
using Governance.Cases.V1;
using Governance.Data.Concurrency;
using Governance.Data.Idempotency;
using Governance.Data.Paging;
using Governance.Messaging.Outbox;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Grpc;
using Governance.ServiceDefaults.Security;
using Grpc.Core;

namespace Governance.Cases.Grpc;

public sealed partial class CasesGrpcService
{
    private static readonly string[] CasePaths = ["title", "unit", "case_handler", "confidentiality", "kle_number", "legal_basis"];

    [RequiresAccess(CasesAccess.Manage)]
    public override async Task<Case> CreateCase(CreateCaseRequest request, ServerCallContext context)
    {
        var c = request.Case ?? throw new ValidationException("case", "is required");
        var v = new Validator();
        v.Required("case.title", c.Title, Input.TitleMax);
        var unit = Input.Unit(v, "case.unit", c.Unit, required: true);
        v.MaxLength("case.case_handler", c.CaseHandler, Input.SubjectMax);
        Input.Confidentiality(v, "case.confidentiality", c.Confidentiality, allowUnspecified: true);
        Input.Kle(v, "case.kle_number", c.KleNumber);
        v.MaxLength("case.legal_basis", c.LegalBasis, Input.LegalBasisMax);
        CaseKey? registered = null;
        if (c.JournalNumber.Length > 0)
        {
            registered = JournalNumbers.TryParse(c.JournalNumber);
            if (registered is null)
            {
                v.Add("case.journal_number", "must be a journal number YY/N: two-digit year, '/', a running number of 1-6 digits (e.g. 12/3142)");
            }
        }
        var requestId = IdempotencyKeys.Normalize(request.RequestId);
        v.ThrowIfInvalid();

        return await _calls.WriteAsync(context, request, s => _calls.CreateOnceAsync(s, requestId, nameof(CreateCase), request, () =>
        {
            EnsureHandles(unit!);
            return Task.CompletedTask;
        }, async () =>
        {
            var now = Now;
            CaseKey key;
            string journalNumber;
            if (registered is { } historical)
            {
                if (await s.CaseExistsAsync(historical))
                {
                    throw new AlreadyExistsException(historical.Name,
                        $"Journal number {c.JournalNumber} is already registered ({historical.Name}).", "JOURNAL_NUMBER_TAKEN");
                }
                key = historical;
                journalNumber = c.JournalNumber;
            }
            else
            {
                key = await AllocateJournalNumberAsync(s, CopenhagenTime.TwoDigitYear(now));
                journalNumber = key.Allocated;
            }
            var record = new CaseRecord
            {
                Key = key,
                JournalNumber = journalNumber,
                Title = c.Title.Trim(),
                Unit = unit!,
                CaseHandler = c.CaseHandler.Trim().Length > 0 ? c.CaseHandler.Trim() : CurrentCaller.Subject,
                Confidential = c.Confidentiality == Confidentiality.Closed,
                KleNumber = c.KleNumber,
                LegalBasis = c.LegalBasis.Trim(),
                Registered = registered is not null,
                CreatedAt = now,
                UpdatedAt = now,
            };
            await s.InsertCaseAsync(record);
            await s.UpsertSearchEntryAsync(TitleEntry(record));
            await s.InsertTimelineAsync(new TimelineRecord
            {
                Id = Ids.NewId(),
                Case = key,
                Kind = TimelineEntryKind.CaseOpened,
                OccurredAt = now,
                Text = record.Registered
                    ? $"Sagen er registreret med journalnummer {journalNumber}: {record.Title}"
                    : $"Sagen er oprettet med journalnummer {journalNumber}: {record.Title}",
                Actor = CurrentCaller.Subject,
                Status = record.Status,
                TraceId = TraceId,
            });
            await Outbox.AppendAsync(s.Connection, s.Transaction, new CaseOpened(key.Name, journalNumber, record.Unit,
                record.Confidential ? null : record.Title, record.Confidential, record.Registered,
                record.Confidential || record.KleNumber.Length == 0 ? null : record.KleNumber, now, record.Version), now);
            return (key.Name, await CaseProtoAsync(s, record));
        }, async name => await CaseProtoAsync(s, await RequireCaseAsync(s, JournalNumbers.ParseName(name, "name")))));
    }

    /// <summary>The next free journal number of the year (<see cref="CasesSession.AllocateJournalNumberAsync"/>).</summary>
    private static async Task<CaseKey> AllocateJournalNumberAsync(CasesSession s, int year) =>
        await s.AllocateJournalNumberAsync(year) ?? throw new FailedPreconditionException("JOURNAL_NUMBERS_EXHAUSTED",
            $"Every journal number of year {year:00} up to {JournalNumbers.MaxRunningNumber} is used.");

    private static SearchEntry TitleEntry(CaseRecord c) => new($"title-{c.Key.Id}", c.Key, SearchField.Title, "", c.Title);

    [RequiresAccess(CasesAccess.Read)]
    public override Task<Case> GetCase(GetCaseRequest request, ServerCallContext context)
    {
        CaseKey key;
        if (request.Name.Length > 0 && request.JournalNumber.Length > 0)
        {
            throw new ValidationException("journal_number", "must be empty when name is given (give one of them)");
        }
        if (request.JournalNumber.Length > 0)
        {
            key = JournalNumbers.TryParse(request.JournalNumber)
                ?? throw new ValidationException("journal_number", "must be a journal number YY/N, e.g. 26/00001 or 12/3142");
        }
        else
        {
            key = JournalNumbers.ParseName(request.Name, "name");
        }
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
        var after = PageRequest.DecodeToken<CaseKey?>(request.PageToken, filter);

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
    public override async Task<Case> UpdateCase(UpdateCaseRequest request, ServerCallContext context)
    {
        var c = request.Case ?? throw new ValidationException("case", "is required");
        var key = JournalNumbers.ParseName(c.Name, "case.name");
        var paths = RequestFields.MaskPaths(request.UpdateMask, CasePaths);
        var v = new Validator();
        if (paths.Contains("title")) v.Required("case.title", c.Title, Input.TitleMax);
        var unit = paths.Contains("unit") ? Input.Unit(v, "case.unit", c.Unit, required: true) : null;
        if (paths.Contains("case_handler")) v.Required("case.case_handler", c.CaseHandler, Input.SubjectMax);
        if (paths.Contains("confidentiality")) Input.Confidentiality(v, "case.confidentiality", c.Confidentiality, allowUnspecified: false);
        if (paths.Contains("kle_number")) Input.Kle(v, "case.kle_number", c.KleNumber);
        if (paths.Contains("legal_basis")) v.MaxLength("case.legal_basis", c.LegalBasis, Input.LegalBasisMax);
        v.ThrowIfInvalid();

        return await _calls.WriteAsync(context, request, async s =>
        {
            var record = await ManageCaseAsync(s, key);
            Etags.Check(request.Etag, record.Version, key.Name);
            if (unit is not null && unit != record.Unit)
            {
                // Handing a case over to another unit needs the right to handle that unit's cases too.
                EnsureHandles(unit, key.Name);
            }
            var updated = record with
            {
                Title = paths.Contains("title") ? c.Title.Trim() : record.Title,
                Unit = unit ?? record.Unit,
                CaseHandler = paths.Contains("case_handler") ? c.CaseHandler.Trim() : record.CaseHandler,
                Confidential = paths.Contains("confidentiality") ? c.Confidentiality == Confidentiality.Closed : record.Confidential,
                KleNumber = paths.Contains("kle_number") ? c.KleNumber : record.KleNumber,
                LegalBasis = paths.Contains("legal_basis") ? c.LegalBasis.Trim() : record.LegalBasis,
                Version = record.Version + 1,
                UpdatedAt = Now,
            };
            await s.UpdateCaseAsync(updated);
            if (updated.Title != record.Title)
            {
                await s.UpsertSearchEntryAsync(TitleEntry(updated));
            }
            return await CaseProtoAsync(s, updated);
        });
    }

    [RequiresAccess(CasesAccess.Manage)]
    public override async Task<Case> ChangeCaseStatus(ChangeCaseStatusRequest request, ServerCallContext context)
    {
        var key = JournalNumbers.ParseName(request.Name, "name");
        var v = new Validator();
        if (request.Status == CaseStatus.Unspecified || !Enum.IsDefined(request.Status))
        {
            v.Add("status", "must be CASE_STATUS_OPEN, CASE_STATUS_IN_PROGRESS, CASE_STATUS_DECIDED or CASE_STATUS_CLOSED");
        }
        v.MaxLength("reason", request.Reason, Input.ReasonMax);
        v.ThrowIfInvalid();

        return await _calls.WriteAsync(context, request, async s =>
        {
            var record = await ManageCaseAsync(s, key);
            Etags.Check(request.Etag, record.Version, key.Name);
            CaseRules.EnsureCanChange(key.Name, record.Status, request.Status);
            var now = Now;
            var reason = request.Reason.Trim();
            var updated = record with { Status = request.Status, StatusReason = reason, Version = record.Version + 1, UpdatedAt = now };
            await s.UpdateCaseAsync(updated);
            await s.InsertTimelineAsync(new TimelineRecord
            {
                Id = Ids.NewId(),
                Case = key,
                Kind = TimelineEntryKind.StatusChanged,
                OccurredAt = now,
                Text = reason.Length > 0
                    ? $"Status ændret fra {CaseRules.Wire(record.Status)} til {CaseRules.Wire(updated.Status)}: {reason}"
                    : $"Status ændret fra {CaseRules.Wire(record.Status)} til {CaseRules.Wire(updated.Status)}",
                Actor = CurrentCaller.Subject,
                Status = updated.Status,
                TraceId = TraceId,
            });
            await Outbox.AppendAsync(s.Connection, s.Transaction, new CaseStatusChanged(key.Name, record.JournalNumber, record.Unit,
                record.Confidential, CaseRules.Wire(record.Status), CaseRules.Wire(updated.Status),
                record.Confidential || reason.Length == 0 ? null : reason, now, updated.Version), now);
            return await CaseProtoAsync(s, updated);
        });
    }
}
