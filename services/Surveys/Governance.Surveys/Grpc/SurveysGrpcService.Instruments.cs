using Governance.Data.Concurrency;
using Governance.Data.Idempotency;
using Governance.Data.Paging;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Grpc;
using Governance.ServiceDefaults.Security;
using Governance.Surveys.Data;
using Governance.Surveys.Domain;
using Governance.Surveys.Security;
using Governance.Surveys.V1;
using Grpc.Core;

namespace Governance.Surveys.Grpc;

public sealed partial class SurveysGrpcService
{
    [RequiresAccess(SurveysAccess.Manage)]
    public override Task<Instrument> CreateInstrument(CreateInstrumentRequest request, ServerCallContext context)
    {
        var i = request.Instrument ?? throw new ValidationException("instrument", "is required");
        var v = new Validator();
        string? sourceId = null;
        if (request.SourceInstrument.Length > 0)
        {
            sourceId = SurveyNames.IdOf(request.SourceInstrument, "instruments");
            if (sourceId is null)
            {
                v.Add("source_instrument", "must be a name instruments/{instrument}");
            }
        }
        if (request.InstrumentId.Length > 0 && !SurveyNames.IsId(request.InstrumentId))
        {
            v.Add("instrument_id", SurveyNames.IdRule);
        }
        Input.NewInstrument(v, i, copy: request.SourceInstrument.Length > 0);
        var requestId = IdempotencyKeys.Normalize(request.RequestId);
        v.ThrowIfInvalid();

        return _calls.CreateOnceAsync(context, request, requestId,
            authorize: _ => Task.CompletedTask,
            create: s => MakeInstrumentAsync(s, i, request.InstrumentId.Length > 0 ? request.InstrumentId : Ids.NewId(), sourceId),
            loadExisting: async (s, name) => Mapping.ToProto(await RequireInstrumentAsync(s, Input.Instrument(name, "name"))));
    }

    /// <summary>A new instrument under <paramref name="id"/>: the caller's own, or a copy of the source.</summary>
    private async Task<(string Name, Instrument Instrument)> MakeInstrumentAsync(SurveysSession s, Instrument i, string id, string? sourceId)
    {
        if (await s.GetInstrumentAsync(id) is { } taken)
        {
            throw new AlreadyExistsException(taken.Name, $"{taken.Name} exists already; choose another instrument_id.", "INSTRUMENT_EXISTS");
        }
        InstrumentRecord record;
        if (sourceId is null)
        {
            record = Instruments.New(id, i.DisplayName, i.Kind, i.Description, [.. i.Themes], Now);
        }
        else
        {
            var source = await RequireInstrumentAsync(s, sourceId);
            if (i.Kind != InstrumentKind.Unspecified && i.Kind != source.Kind)
            {
                throw new ValidationException("instrument.kind", $"must be unspecified or {source.Kind} ({source.Name}'s): a copy keeps its source's kind");
            }
            record = Instruments.CopyOf(source, id, i.DisplayName, i.Description, Now);
        }
        await s.InsertInstrumentAsync(record);
        return (record.Name, Mapping.ToProto(record));
    }

    [RequiresAccess(SurveysAccess.Read)]
    public override Task<Instrument> GetInstrument(GetInstrumentRequest request, ServerCallContext context)
    {
        var id = Input.Instrument(request.Name, "name");

        return _calls.ReadAsync(context, request, async s => Mapping.ToProto(await RequireInstrumentAsync(s, id)));
    }

    [RequiresAccess(SurveysAccess.Read)]
    public override Task<ListInstrumentsResponse> ListInstruments(ListInstrumentsRequest request, ServerCallContext context)
    {
        var v = new Validator();
        var kind = Input.KindFilter(v, "kind", request.Kind);
        v.ThrowIfInvalid();
        var size = PageRequest.Size(request.PageSize);
        var filter = $"instruments|{kind}";
        var after = PageRequest.DecodeToken<string>(request.PageToken, filter, SurveyNames.IsId) ?? "";

        return _calls.ReadAsync(context, request, async s =>
        {
            var rows = await s.ListInstrumentsAsync(kind, after, size + 1);
            var page = rows.Take(size).ToList();
            var response = new ListInstrumentsResponse();
            response.Instruments.AddRange(page.Select(Mapping.ToProto));
            if (rows.Count > size)
            {
                response.NextPageToken = PageRequest.EncodeToken(page[^1].Id, filter);
            }
            return response;
        });
    }

    [RequiresAccess(SurveysAccess.Manage)]
    public override Task<Instrument> UpdateInstrument(UpdateInstrumentRequest request, ServerCallContext context)
    {
        var i = request.Instrument ?? throw new ValidationException("instrument", "is required");
        var id = Input.Instrument(i.Name, "instrument.name");
        var paths = RequestFields.MaskPaths(request.UpdateMask, Input.InstrumentPaths);
        var v = new Validator();
        var changes = Input.InstrumentChanges(v, i, paths);
        v.ThrowIfInvalid();

        return _calls.WriteAsync(context, request, async s =>
        {
            var record = await RequireInstrumentAsync(s, id, forUpdate: true);
            Etags.Check(request.Etag, record.Version, record.Name);
            if (changes.Themes is { } themes)
            {
                // The themes' rules depend on the kind, which is the stored one.
                var themesValid = new Validator();
                Instruments.CheckThemes(themesValid, "instrument.themes", record.Kind, themes);
                themesValid.ThrowIfInvalid();
            }
            var updated = Instruments.Apply(record, changes, Now, openedBy: await s.RoundOpenedWithAsync(id) is { } round ? SurveyNames.Round(round) : null);
            await s.UpdateInstrumentAsync(updated);
            return Mapping.ToProto(updated);
        });
    }
}
