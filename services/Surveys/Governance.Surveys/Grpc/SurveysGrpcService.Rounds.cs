using Governance.Data.Concurrency;
using Governance.Data.Idempotency;
using Governance.Data.Paging;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Grpc;
using Governance.ServiceDefaults.Security;
using Governance.Surveys.Data;
using Governance.Surveys.Domain;
using Governance.Surveys.Lifecycle;
using Governance.Surveys.Publishing;
using Governance.Surveys.Security;
using Governance.Surveys.V1;
using Grpc.Core;

namespace Governance.Surveys.Grpc;

public sealed partial class SurveysGrpcService
{
    [RequiresAccess(SurveysAccess.Manage)]
    public override Task<Round> CreateRound(CreateRoundRequest request, ServerCallContext context)
    {
        var r = request.Round ?? throw new ValidationException("round", "is required");
        var v = new Validator();
        if (request.RoundId.Length > 0 && !SurveyNames.IsId(request.RoundId))
        {
            v.Add("round_id", SurveyNames.IdRule);
        }
        v.Required("round.display_name", r.DisplayName, Rounds.MaxNameLength);
        var fields = Input.RoundFields(v, r, Input.RoundPaths.ToHashSet(), request.RoundId);
        var requestId = IdempotencyKeys.Normalize(request.RequestId);
        v.ThrowIfInvalid();

        return _calls.CreateOnceAsync(context, request, requestId,
            authorize: _ => Task.CompletedTask,
            create: async s =>
            {
                var id = request.RoundId.Length > 0 ? request.RoundId : Ids.NewId();
                if (await s.GetRoundAsync(id) is { } taken)
                {
                    throw new AlreadyExistsException(taken.Name, $"{taken.Name} exists already; choose another round_id.", "ROUND_EXISTS");
                }
                await RequirePreviousRoundAsync(s, fields.PreviousRoundId);
                var record = Rounds.New(id, r.DisplayName.Trim(), fields.InstrumentIds ?? [], fields.TargetUnits ?? [], fields.AnswerDays ?? 0,
                    fields.PlannedOpenTime, fields.ReleaseTime, fields.ReminderDays ?? [], fields.PreviousRoundId, Now);
                await s.InsertRoundAsync(record);
                return (record.Name, Mapping.ToProto(record));
            },
            loadExisting: async (s, name) => Mapping.ToProto(await RequireRoundAsync(s, Input.Round(name, "name"))));
    }

    [RequiresAccess(SurveysAccess.Read)]
    public override Task<Round> GetRound(GetRoundRequest request, ServerCallContext context)
    {
        var id = Input.Round(request.Name, "name");
        return _calls.ReadAsync(context, request, async s => Mapping.ToProto(await RequireRoundAsync(s, id)));
    }

    [RequiresAccess(SurveysAccess.Read)]
    public override Task<ListRoundsResponse> ListRounds(ListRoundsRequest request, ServerCallContext context)
    {
        if (request.State != RoundState.Unspecified && !Enum.IsDefined(request.State))
        {
            throw new ValidationException("state", "must be a RoundState, or unspecified for every state");
        }
        RoundState? state = request.State == RoundState.Unspecified ? null : request.State;
        var size = PageRequest.Size(request.PageSize);
        var filter = $"rounds|{state}";
        var after = PageRequest.DecodeInstantKey(request.PageToken, filter);

        return _calls.ReadAsync(context, request, async s =>
        {
            var rows = await s.ListRoundsAsync(state, after?.At, after?.Id ?? "", size + 1);
            var page = rows.Take(size).ToList();
            var response = new ListRoundsResponse();
            response.Rounds.AddRange(page.Select(Mapping.ToProto));
            if (rows.Count > size)
            {
                response.NextPageToken = PageRequest.EncodeInstantKey(page[^1].CreatedAt, page[^1].Id, filter);
            }
            return response;
        });
    }

    [RequiresAccess(SurveysAccess.Manage)]
    public override Task<Round> UpdateRound(UpdateRoundRequest request, ServerCallContext context)
    {
        var r = request.Round ?? throw new ValidationException("round", "is required");
        var id = Input.Round(r.Name, "round.name");
        var paths = RequestFields.MaskPaths(request.UpdateMask, Input.RoundPaths);
        var v = new Validator();
        if (paths.Contains("display_name"))
        {
            v.Required("round.display_name", r.DisplayName, Rounds.MaxNameLength);
        }
        var fields = Input.RoundFields(v, r, paths, id);
        v.ThrowIfInvalid();

        return _calls.WriteAsync(context, request, async s =>
        {
            var record = await RequireRoundAsync(s, id, forUpdate: true);
            Etags.Check(request.Etag, record.Version, record.Name);
            if (fields.ReminderDays is { } days && !paths.Contains("answer_days") && days.Any(d => d >= record.AnswerDays))
            {
                throw new ValidationException("round.reminder_days", $"must be days 1-{record.AnswerDays - 1} of the {record.AnswerDays}-day window");
            }
            await RequirePreviousRoundAsync(s, fields.PreviousRoundId);
            var changes = new RoundChanges(paths.Contains("display_name") ? r.DisplayName.Trim() : null, fields.InstrumentIds, fields.TargetUnits,
                fields.AnswerDays, fields.PlannedOpenTime, paths.Contains("planned_open_time"), fields.ReleaseTime, paths.Contains("release_time"),
                fields.ReminderDays, paths.Contains("previous_round") ? fields.PreviousRoundId ?? "" : null);
            var updated = Rounds.Apply(record, changes, Now);
            await s.UpdateRoundAsync(updated);
            return Mapping.ToProto(updated);
        });
    }

    [RequiresAccess(SurveysAccess.Manage)]
    public override Task<Round> ScheduleRound(ScheduleRoundRequest request, ServerCallContext context) =>
        StepAsync(context, request, request.Name, request.Etag, async (s, record) =>
        {
            Rounds.Require(record, RoundState.Draft);
            var (instruments, units, version) = await ReadinessAsync(s, record);
            Rounds.CheckReady(record, instruments, units.Select(u => u.UnitId).ToHashSet(StringComparer.Ordinal), version, Now, opening: false);
            var scheduled = Rounds.Schedule(record, Now);
            await s.UpdateRoundAsync(scheduled);
            return scheduled;
        });

    [RequiresAccess(SurveysAccess.Manage)]
    public override Task<Round> OpenRound(OpenRoundRequest request, ServerCallContext context) =>
        StepAsync(context, request, request.Name, request.Etag, async (s, record) =>
        {
            Rounds.Require(record, RoundState.Scheduled);
            var (instruments, units, version) = await ReadinessAsync(s, record);
            Rounds.CheckReady(record, instruments, units.Select(u => u.UnitId).ToHashSet(StringComparer.Ordinal), version, Now, opening: true);
            var inScope = OrganisationTrees.Subtrees(units, record.TargetUnits);
            var managers = (await s.AllManagersAsync(version!.Value)).Select(m => m.ManagerId).ToHashSet(StringComparer.Ordinal);
            var ordered = record.InstrumentIds.Select(i => instruments[i]).ToList();
            var v = new Validator();
            var invitations = Invitations.Plan(v, record.Id, [.. request.Invitees], inScope, managers,
                leadershipEvaluation: ordered.Any(i => i.Kind == InstrumentKind.LeadershipEvaluation));
            v.ThrowIfInvalid();

            var opened = Rounds.Open(record, version.Value, invitations.Count, Now);
            await s.FreezeInstrumentsAsync(record.Id, ordered);
            await s.InsertInvitationsAsync(invitations);
            await s.UpdateRoundAsync(opened);
            SurveyEvents.Queue(s, SurveyEvents.Opened(opened, ordered), Now);
            return opened;
        });

    [RequiresAccess(SurveysAccess.Manage)]
    public override Task<Round> CloseRound(CloseRoundRequest request, ServerCallContext context) =>
        StepAsync(context, request, request.Name, request.Etag, (s, round) => RoundSteps.CloseAsync(s, round, Now));

    [RequiresAccess(SurveysAccess.Manage)]
    public override Task<Round> ReleaseRound(ReleaseRoundRequest request, ServerCallContext context) =>
        StepAsync(context, request, request.Name, request.Etag, (s, round) => RoundSteps.ReleaseAsync(s, round, Now));

    /// <summary>One lifecycle step of the round <paramref name="name"/>: read under lock, the etag checked,
    /// the step taken (it refuses a round in another state), the round answered.</summary>
    private Task<Round> StepAsync(ServerCallContext context, Google.Protobuf.IMessage request, string name, string etag,
        Func<SurveysSession, RoundRecord, Task<RoundRecord>> step)
    {
        var id = Input.Round(name, "name");
        return _calls.WriteAsync(context, request, async s =>
        {
            var record = await RequireRoundAsync(s, id, forUpdate: true);
            Etags.Check(etag, record.Version, record.Name);
            return Mapping.ToProto(await step(s, record));
        });
    }

    /// <summary>What a round needs to be checked before it goes out: its instruments that exist, the
    /// units of the current organisation version, and that version's number (null before any import).</summary>
    private static async Task<(IReadOnlyDictionary<string, InstrumentRecord> Instruments, IReadOnlyList<UnitRecord> Units, long? Version)> ReadinessAsync(
        SurveysSession s, RoundRecord record)
    {
        var instruments = await s.InstrumentsAsync(record.InstrumentIds);
        var version = await s.CurrentVersionAsync();
        var units = version is { } n ? await s.AllUnitsAsync(n) : [];
        return (instruments, units, version);
    }

    private static async Task<RoundRecord> RequireRoundAsync(SurveysSession s, string id, bool forUpdate = false) =>
        await s.GetRoundAsync(id, forUpdate) ?? throw new NotFoundException(SurveyNames.Round(id));

    private static async Task RequirePreviousRoundAsync(SurveysSession s, string? previousRoundId)
    {
        if (previousRoundId is { Length: > 0 } && await s.GetRoundAsync(previousRoundId) is null)
        {
            throw new ValidationException("round.previous_round", $"{SurveyNames.Round(previousRoundId)} does not exist");
        }
    }
}
