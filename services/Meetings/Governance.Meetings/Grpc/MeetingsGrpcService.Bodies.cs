using Governance.Data.Concurrency;
using Governance.Data.Idempotency;
using Governance.Data.Paging;
using Governance.Meetings.Data;
using Governance.Meetings.Domain;
using Governance.Meetings.Security;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Grpc;
using Governance.ServiceDefaults.Security;
using Grpc.Core;

namespace Governance.Meetings.Grpc;

public sealed partial class MeetingsGrpcService
{
    private static readonly string[] BodyPaths = ["display_name", "short_name", "members", "usual_room", "agenda_template"];

    [RequiresAccess(MeetingsAccess.Manage)]
    public override async Task<Body> CreateBody(CreateBodyRequest request, ServerCallContext context)
    {
        var v = new Validator();
        if (request.Body is null)
        {
            throw new ValidationException("body", "is required");
        }
        Input.Body(v, "body", request.Body, BodyPaths.ToHashSet());
        if (request.BodyId.Length > 0 && !Identifiers.BodyId().IsMatch(request.BodyId))
        {
            v.Add("body_id", "must be 1-63 of a-z, 0-9 and '-', starting with a letter and not ending with '-'");
        }
        var requestId = IdempotencyKeys.Normalize(request.RequestId);
        v.ThrowIfInvalid();
        await EnsureTemplateCasesExistAsync(request.Body, "body", context.CancellationToken);

        return await _calls.CreateOnceAsync(context, request, requestId,
            authorize: _ =>
            {
                // A chosen id is checked before a replay answers; a new id, when it is made.
                if (request.BodyId.Length > 0)
                {
                    EnsureManages(request.BodyId);
                }
                return Task.CompletedTask;
            },
            create: s => CreateBodyAsync(s, request),
            loadExisting: async (s, name) => Mapping.ToProto(await RequireBodyAsync(s, Identifiers.ParseBody(name, "name"))));
    }

    private async Task<(string Name, Body Body)> CreateBodyAsync(MeetingsSession s, CreateBodyRequest request)
    {
        var id = request.BodyId.Length > 0 ? request.BodyId : Identifiers.NewId();
        EnsureManages(id);
        if (await s.GetBodyAsync(id) is not null)
        {
            throw new AlreadyExistsException(Identifiers.BodyName(id), $"{Identifiers.BodyName(id)} already exists.");
        }
        var now = Now;
        var body = new BodyRecord
        {
            Id = id,
            DisplayName = request.Body.DisplayName.Trim(),
            ShortName = request.Body.ShortName.Trim(),
            Members = Input.NormalizePeople(request.Body.Members),
            UsualRoom = request.Body.UsualRoom.Trim(),
            AgendaTemplate = [.. request.Body.AgendaTemplate],
            CreatedAt = now,
            UpdatedAt = now,
        };
        await s.InsertBodyAsync(body);
        return (Identifiers.BodyName(id), Mapping.ToProto(body));
    }

    [RequiresAccess(MeetingsAccess.Read)]
    public override Task<Body> GetBody(GetBodyRequest request, ServerCallContext context)
    {
        var id = Identifiers.ParseBody(request.Name, "name");
        return _calls.ReadAsync(context, request, async s => Mapping.ToProto(await RequireBodyAsync(s, id)));
    }

    [RequiresAccess(MeetingsAccess.Read)]
    public override Task<ListBodiesResponse> ListBodies(ListBodiesRequest request, ServerCallContext context)
    {
        var size = PageRequest.Size(request.PageSize);
        var after = PageRequest.DecodeToken<string>(request.PageToken, "bodies", PageRequest.IsId);
        return _calls.ReadAsync(context, request, async s =>
        {
            var rows = await s.ListBodiesAsync(after, size + 1);
            var response = new ListBodiesResponse { Bodies = { rows.Take(size).Select(Mapping.ToProto) } };
            if (rows.Count > size)
            {
                response.NextPageToken = PageRequest.EncodeToken(rows[size - 1].Id, "bodies");
            }
            return response;
        });
    }

    [RequiresAccess(MeetingsAccess.Manage)]
    public override async Task<Body> UpdateBody(UpdateBodyRequest request, ServerCallContext context)
    {
        if (request.Body is null)
        {
            throw new ValidationException("body", "is required");
        }
        var id = Identifiers.ParseBody(request.Body.Name, "body.name");
        var paths = RequestFields.MaskPaths(request.UpdateMask, BodyPaths);
        var v = new Validator();
        Input.Body(v, "body", request.Body, paths);
        v.ThrowIfInvalid();
        if (paths.Contains("agenda_template"))
        {
            await EnsureTemplateCasesExistAsync(request.Body, "body", context.CancellationToken);
        }

        return await _calls.WriteAsync(context, request, async s =>
        {
            var body = await ManageBodyAsync(s, id);
            Etags.Check(request.Etag, body.Version, Identifiers.BodyName(id));
            var b = request.Body;
            body = body with
            {
                DisplayName = paths.Contains("display_name") ? b.DisplayName.Trim() : body.DisplayName,
                ShortName = paths.Contains("short_name") ? b.ShortName.Trim() : body.ShortName,
                Members = paths.Contains("members") ? Input.NormalizePeople(b.Members) : body.Members,
                UsualRoom = paths.Contains("usual_room") ? b.UsualRoom.Trim() : body.UsualRoom,
                AgendaTemplate = paths.Contains("agenda_template") ? [.. b.AgendaTemplate] : body.AgendaTemplate,
                Version = body.Version + 1,
                UpdatedAt = Now,
            };
            await s.UpdateBodyAsync(body);
            return Mapping.ToProto(body);
        });
    }

    /// <summary>Each template item becomes an agenda item when a meeting is scheduled, so its journal
    /// number must name a case now, as AddAgendaItem requires (CASE_NOT_FOUND, CASES_UNAVAILABLE);
    /// checked before the transaction, like AddAgendaItem's. Each number is asked once.</summary>
    private async Task EnsureTemplateCasesExistAsync(Body body, string prefix, CancellationToken cancellationToken)
    {
        var asked = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < body.AgendaTemplate.Count; i++)
        {
            if (asked.Add(body.AgendaTemplate[i].JournalNumber))
            {
                await journalNumbers.EnsureCaseExistsAsync(body.AgendaTemplate[i].JournalNumber, $"{prefix}.agenda_template[{i}].journal_number", cancellationToken);
            }
        }
    }
}
