using System.Data.Common;
using System.Text.RegularExpressions;
using Governance.Audit.V1;
using Governance.Data.Connections;
using Governance.Data.Paging;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Grpc;

namespace Governance.Data.Audit;

/// <summary>
/// A page request of a service's ListAuditEntries, validated as governance.audit.v1 documents it:
/// resource (a resource name, optional), subject (at most 200 characters), a time range, and paging
/// newest first with keyset tokens bound to the filter.
/// </summary>
public sealed partial class AuditListing
{
    public const int ResourceMax = 500;
    public const int SubjectMax = 200;

    private readonly string? _resource;
    private readonly string? _subject;
    private readonly DateTime? _from;
    private readonly DateTime? _to;
    private readonly int _size;
    private readonly string _filter;
    private readonly (DateTime At, string Id)? _before;

    private AuditListing(string? resource, string? subject, DateTime? from, DateTime? to, int size, string filter, (DateTime At, string Id)? before)
    {
        (_resource, _subject, _from, _to, _size, _filter, _before) = (resource, subject, from, to, size, filter, before);
    }

    /// <summary>Validates the request's fields; INVALID_ARGUMENT names every bad one.</summary>
    public static AuditListing Parse(ListAuditEntriesRequest request)
    {
        var v = new Validator();
        var resource = request.Resource;
        if (resource.Length > 0 && !ResourceFilter().IsMatch(resource))
        {
            v.Add("resource", $"must be a resource name such as cases/{{case}} or meetings/{{meeting}} (lower-case letters, digits, '-' and '/', at most {ResourceMax} characters)");
        }
        v.MaxLength("subject", request.Subject, SubjectMax);
        var from = ProtoTime.ToUtc(v, "start_time", request.StartTime);
        var to = ProtoTime.ToUtc(v, "end_time", request.EndTime);
        if (from is not null && to is not null && to <= from)
        {
            v.Add("end_time", "must be after start_time");
        }
        if (request.PageSize < 0)
        {
            v.Add("page_size", "must not be negative");
        }
        v.ThrowIfInvalid();
        var size = PageRequest.Size(request.PageSize);
        var subject = request.Subject;
        var filter = $"audit|{resource}|{subject}|{from?.Ticks}|{to?.Ticks}";
        var before = PageRequest.DecodeInstantKey(request.PageToken, filter);
        return new AuditListing(resource.Length > 0 ? resource : null, subject.Length > 0 ? subject : null, from, to, size, filter, before);
    }

    /// <summary>Reads the page: its entries and the token of the next page (empty on the last).</summary>
    public async Task<Page<AuditRecord>> ReadAsync(DbConnection connection, DbTransaction transaction, StoreDialect dialect)
    {
        var rows = await AuditLog.ListAsync(connection, transaction, dialect, _resource, _subject, _from, _to,
            _before, _size + 1);
        var page = rows.Take(_size).ToList();
        var next = rows.Count > _size ? PageRequest.EncodeInstantKey(page[^1].OccurredAt, page[^1].Id, _filter) : "";
        return new Page<AuditRecord>(page, next);
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9/-]{0,499}\z")]
    private static partial Regex ResourceFilter();
}
