using System.Data.Common;
using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using Governance.Audit.V1;
using Governance.Data.Connections;
using Governance.Data.Paging;
using Governance.ServiceDefaults.Errors;

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

    // The range of google.protobuf.Timestamp, which is also DateTime's: 0001-01-01 to 9999-12-31 UTC.
    private static readonly long MinSeconds = Timestamp.FromDateTime(DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc)).Seconds;
    private static readonly long MaxSeconds = Timestamp.FromDateTime(DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc)).Seconds;

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
    public static AuditListing Parse(ListAuditEntriesRequest request)
    {
        var v = new Validator();
        var resource = request.Resource;
        if (resource.Length > 0 && !ResourceFilter().IsMatch(resource))
        {
            v.Add("resource", $"must be a resource name such as cases/{{case}} or meetings/{{meeting}} (lower-case letters, digits, '-' and '/', at most {ResourceMax} characters)");
        }
        v.MaxLength("subject", request.Subject, SubjectMax);
        var from = Instant(v, "start_time", request.StartTime);
        var to = Instant(v, "end_time", request.EndTime);
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
        var before = PageRequest.DecodeToken<AuditKey>(request.PageToken, filter);
        if (before is not null && (before.Id is null || before.Ticks < DateTime.MinValue.Ticks || before.Ticks > DateTime.MaxValue.Ticks))
        {
            throw new ValidationException("page_token", "is not a page token issued by this service");
        }
        return new AuditListing(resource.Length > 0 ? resource : null, subject.Length > 0 ? subject : null, from, to, size, filter, before);
    }

    /// <summary>The instant of an optional timestamp. One outside the range protobuf allows (which
    /// would not convert) is the caller's mistake, so a field violation rather than INTERNAL.</summary>
    private static DateTime? Instant(Validator v, string field, Timestamp? value)
    {
        if (value is null)
        {
            return null;
        }
        if (value.Seconds < MinSeconds || value.Seconds > MaxSeconds || value.Nanos is < 0 or > 999_999_999)
        {
            v.Add(field, "must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999999Z (seconds and nanos in range)");
            return null;
        }
        return value.ToDateTime();
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
