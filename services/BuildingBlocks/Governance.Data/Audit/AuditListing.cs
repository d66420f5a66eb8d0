using System.Data.Common;
using System.Text.RegularExpressions;
using Governance.Data.Connections;
using Governance.Data.Paging;
using Governance.ServiceDefaults.Errors;

namespace Governance.Data.Audit;

/// <summary>
/// A page request of a service's ListAuditEntries, validated as every service's contract documents
/// it: resource (a resource name, optional), subject (at most 200 characters), a time range, and
/// paging newest first with keyset tokens bound to the filter.
/// </summary>
public sealed partial class AuditListing
{
    private readonly string? _resource;
    private readonly string? _subject;
    private readonly DateTime? _from;
    private readonly DateTime? _to;
    private readonly int _size;
    private readonly string _filter;
    private readonly AuditKey? _before;

    private AuditListing(string? resource, string? subject, DateTime? from, DateTime? to, int size, string filter, AuditKey? before)
    {
        (_resource, _subject, _from, _to, _size, _filter, _before) = (resource, subject, from, to, size, filter, before);
    }

    /// <summary>Validates the request's fields; INVALID_ARGUMENT names every bad one.</summary>
    public static AuditListing Parse(string resource, string subject, DateTime? from, DateTime? to, int pageSize, string pageToken)
    {
        var v = new Validator();
        if (resource.Length > 0 && !ResourceFilter().IsMatch(resource))
        {
            v.Add("resource", "must be a resource name such as cases/{case} or meetings/{meeting} (lower-case letters, digits, '-' and '/')");
        }
        v.MaxLength("subject", subject, 200);
        if (from is not null && to is not null && to <= from)
        {
            v.Add("end_time", "must be after start_time");
        }
        v.ThrowIfInvalid();
        var size = PageRequest.Size(pageSize);
        var filter = $"audit|{resource}|{subject}|{from?.Ticks}|{to?.Ticks}";
        var before = PageRequest.DecodeToken<AuditKey>(pageToken, filter);
        if (before is not null && (before.Id is null || before.Ticks < DateTime.MinValue.Ticks || before.Ticks > DateTime.MaxValue.Ticks))
        {
            throw new ValidationException("page_token", "is not a page token issued by this service");
        }
        return new AuditListing(resource.Length > 0 ? resource : null, subject.Length > 0 ? subject : null, from, to, size, filter, before);
    }

    /// <summary>Reads the page: its entries and the token of the next page (empty on the last).</summary>
    public async Task<Page<AuditRecord>> ReadAsync(DbConnection connection, DbTransaction transaction, StoreDialect dialect)
    {
        var rows = await AuditLog.ListAsync(connection, transaction, dialect, _resource, _subject, _from, _to,
            _before is null ? null : (new DateTime(_before.Ticks, DateTimeKind.Utc), _before.Id), _size + 1);
        var page = rows.Take(_size).ToList();
        var next = rows.Count > _size ? PageRequest.EncodeToken(new AuditKey(page[^1].OccurredAt.Ticks, page[^1].Id), _filter) : "";
        return new Page<AuditRecord>(page, next);
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9/-]{0,499}\z")]
    private static partial Regex ResourceFilter();

    private sealed record AuditKey(long Ticks, string Id);
}
