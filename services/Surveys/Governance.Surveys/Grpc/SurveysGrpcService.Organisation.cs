using Governance.Data.Idempotency;
using Governance.Data.Paging;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Security;
using Governance.Surveys.Data;
using Governance.Surveys.Domain;
using Governance.Surveys.Security;
using Governance.Surveys.V1;
using Grpc.Core;

namespace Governance.Surveys.Grpc;

public sealed partial class SurveysGrpcService
{
    /// <summary>The position of a page of units or managers: the version it lists (so the pages of
    /// <c>current</c> stay on the version of the first page) and the last id.</summary>
    private sealed record VersionedKey(long Version, string After);

    [RequiresAccess(SurveysAccess.Manage)]
    public override Task<OrganisationVersion> ImportOrganisation(ImportOrganisationRequest request, ServerCallContext context)
    {
        var requestId = IdempotencyKeys.Normalize(request.RequestId);
        // The whole tree is checked before the transaction begins: no lock is held while it is read.
        var tree = OrganisationImport.Check(request.Label, request.Units, request.Managers);

        return _calls.CreateOnceAsync(context, request, requestId,
            authorize: _ => Task.CompletedTask,
            create: s => ImportAsync(s, tree),
            loadExisting: async (s, name) => Mapping.ToProto(await RequireVersionAsync(s, Input.Version(name, "name"))));
    }

    /// <summary>Stores the tree as the next version, which is then the current one.</summary>
    private async Task<(string Name, OrganisationVersion Version)> ImportAsync(SurveysSession s, OrganisationTree tree)
    {
        var (version, stored) = tree.AsVersion(await s.NextVersionAsync(), CurrentCaller.Subject, Now);
        await s.InsertVersionAsync(version, stored);
        return (version.Name, Mapping.ToProto(version));
    }

    [RequiresAccess(SurveysAccess.Read)]
    public override Task<OrganisationVersion> GetOrganisationVersion(GetOrganisationVersionRequest request, ServerCallContext context)
    {
        var version = Input.Version(request.Name, "name");

        return _calls.ReadAsync(context, request, async s => Mapping.ToProto(await RequireVersionAsync(s, version)));
    }

    [RequiresAccess(SurveysAccess.Read)]
    public override Task<ListOrganisationVersionsResponse> ListOrganisationVersions(ListOrganisationVersionsRequest request, ServerCallContext context)
    {
        var size = PageRequest.Size(request.PageSize);
        const string filter = "organisation-versions";
        var last = PageRequest.DecodeToken<long>(request.PageToken, filter, k => k >= 1);
        var before = last > 0 ? last : long.MaxValue;

        return _calls.ReadAsync(context, request, async s =>
        {
            var rows = await s.ListVersionsAsync(before, size + 1);
            var page = rows.Take(size).ToList();
            var response = new ListOrganisationVersionsResponse();
            response.OrganisationVersions.AddRange(page.Select(Mapping.ToProto));
            if (rows.Count > size)
            {
                response.NextPageToken = PageRequest.EncodeToken(page[^1].Version, filter);
            }
            return response;
        });
    }

    [RequiresAccess(SurveysAccess.Read)]
    public override Task<Unit> GetUnit(GetUnitRequest request, ServerCallContext context)
    {
        var (version, id) = Input.Child(request.Name, "units", "name");

        return _calls.ReadAsync(context, request, async s =>
        {
            var number = await VersionNumberAsync(s, version);
            return Mapping.ToProto(await s.GetUnitAsync(number, id) ?? throw new NotFoundException(SurveyNames.Unit(number, id)));
        });
    }

    [RequiresAccess(SurveysAccess.Read)]
    public override Task<ListUnitsResponse> ListUnits(ListUnitsRequest request, ServerCallContext context)
    {
        var version = Input.Version(request.Parent, "parent");
        var v = new Validator();
        var parentUnit = Input.ParentUnit(v, request.Parent, request.ParentUnit);
        v.ThrowIfInvalid();
        var size = PageRequest.Size(request.PageSize);
        var filter = $"units|{request.Parent}|{parentUnit}";
        var key = DecodeVersionedKey(request.PageToken, filter, version);

        return _calls.ReadAsync(context, request, async s =>
        {
            var listed = await ListedVersionAsync(s, version, key);
            if (parentUnit is not null && await s.GetUnitAsync(listed, parentUnit) is null)
            {
                throw new NotFoundException(SurveyNames.Unit(listed, parentUnit));
            }
            var rows = await s.ListUnitsAsync(listed, parentUnit, key?.After ?? "", size + 1);
            var page = rows.Take(size).ToList();
            var response = new ListUnitsResponse();
            response.Units.AddRange(page.Select(Mapping.ToProto));
            if (rows.Count > size)
            {
                response.NextPageToken = PageRequest.EncodeToken(new VersionedKey(listed, page[^1].UnitId), filter);
            }
            return response;
        });
    }

    [RequiresAccess(SurveysAccess.Read)]
    public override Task<Manager> GetManager(GetManagerRequest request, ServerCallContext context)
    {
        var (version, id) = Input.Child(request.Name, "managers", "name");

        return _calls.ReadAsync(context, request, async s =>
        {
            var number = await VersionNumberAsync(s, version);
            return Mapping.ToProto(await s.GetManagerAsync(number, id) ?? throw new NotFoundException(SurveyNames.Manager(number, id)));
        });
    }

    [RequiresAccess(SurveysAccess.Read)]
    public override Task<ListManagersResponse> ListManagers(ListManagersRequest request, ServerCallContext context)
    {
        var version = Input.Version(request.Parent, "parent");
        var size = PageRequest.Size(request.PageSize);
        var filter = $"managers|{request.Parent}";
        var key = DecodeVersionedKey(request.PageToken, filter, version);

        return _calls.ReadAsync(context, request, async s =>
        {
            var listed = await ListedVersionAsync(s, version, key);
            var rows = await s.ListManagersAsync(listed, key?.After ?? "", size + 1);
            var page = rows.Take(size).ToList();
            var response = new ListManagersResponse();
            response.Managers.AddRange(page.Select(Mapping.ToProto));
            if (rows.Count > size)
            {
                response.NextPageToken = PageRequest.EncodeToken(new VersionedKey(listed, page[^1].ManagerId), filter);
            }
            return response;
        });
    }

    /// <summary>A page token of a list under a version: bound to the filter, and, for a numbered
    /// parent, to that number.</summary>
    private static VersionedKey? DecodeVersionedKey(string token, string filter, VersionRef version)
    {
        var key = PageRequest.DecodeToken<VersionedKey>(token, filter, k => k.Version >= 1 && SurveyNames.IsId(k.After));
        if (key is not null && version.Number is { } number && key.Version != number)
        {
            throw new ValidationException("page_token", "is not a page token issued by this service");
        }
        return key;
    }

    /// <summary>The version a list reads: the token's (a later page of current stays where the first
    /// was), else the one the parent names. A version that does not exist is NOT_FOUND, or an
    /// invalid page_token when only the token names it.</summary>
    private static async Task<long> ListedVersionAsync(SurveysSession s, VersionRef version, VersionedKey? key)
    {
        if (key is null)
        {
            return (await RequireVersionAsync(s, version)).Version;
        }
        return await s.GetVersionAsync(new VersionRef(key.Version)) is { } found
            ? found.Version
            : throw new ValidationException("page_token", "is not a page token issued by this service");
    }
}
