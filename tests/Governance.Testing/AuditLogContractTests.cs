using Google.Protobuf.WellKnownTypes;
using Governance.Audit.V1;
using Governance.Host;
using Governance.ServiceDefaults.Security;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit;

namespace Governance.Testing;

/// <summary>
/// The shared audit contract (governance.audit.v1) as every service answers its ListAuditEntries:
/// only auditors list; changes are listed with who, what and where; newest first, paged with tokens
/// bound to the filter; filtered by resource (and what lies under it), subject and time; bad filters,
/// out-of-range times included, are INVALID_ARGUMENT. A service's test class supplies its call and a
/// way to make changes, and runs these on both stores.
/// </summary>
public abstract class AuditLogContractTests<TDomain>(IApiHost host)
    where TDomain : IErrorDomain
{
    // The range of google.protobuf.Timestamp: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
    private const long MinSeconds = -62_135_596_800;
    private const long MaxSeconds = 253_402_300_799;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected GovernanceTestHost Server => host.Server;

    /// <summary>The service's RPC prefix, e.g. "/governance.meetings.v1.MeetingsService/".</summary>
    protected abstract string MethodPrefix { get; }

    /// <summary>Calls the service's ListAuditEntries on <paramref name="channel"/>.</summary>
    protected abstract AsyncUnaryCall<ListAuditEntriesResponse> List(GrpcChannel channel, ListAuditEntriesRequest request);

    /// <summary>Creates a fresh resource and makes <paramref name="changes"/> changes to it or under it
    /// (the first creates it), as <paramref name="subject"/>; returns its name. Its part of the log is
    /// then exactly these changes.</summary>
    protected abstract Task<string> ResourceWithChangesAsync(string subject, int changes);

    protected static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private GrpcChannel Auditor() => Server.CreateChannel(Server.Tokens!.Issue(Unique("auditor"), [PlatformRoles.Auditor]));

    private async Task<IReadOnlyList<AuditEntry>> AllPagesAsync(GrpcChannel auditor, ListAuditEntriesRequest request)
    {
        var all = new List<AuditEntry>();
        do
        {
            var page = await List(auditor, request);
            all.AddRange(page.Entries);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return all;
    }

    [Fact]
    public async Task Only_auditors_list_the_audit_log()
    {
        foreach (var role in HostClaims.Roles.Where(r => r != PlatformRoles.Auditor))
        {
            using var channel = Server.CreateChannel(Server.Tokens!.Issue(Unique("caller"), [role], HostClaims.Everywhere));
            var error = await Assert.ThrowsAsync<RpcException>(() => List(channel, new ListAuditEntriesRequest()).ResponseAsync);
            Assert.True(error.StatusCode == StatusCode.PermissionDenied, $"{role}: {error.StatusCode}");
        }
        using var anonymous = Server.CreateChannel(null);
        Assert.Equal(StatusCode.Unauthenticated,
            (await Assert.ThrowsAsync<RpcException>(() => List(anonymous, new ListAuditEntriesRequest()).ResponseAsync)).StatusCode);
        using var auditor = Auditor();
        await List(auditor, new ListAuditEntriesRequest { PageSize = 1 });
    }

    [Fact]
    public async Task Changes_are_listed_with_who_what_and_where_by_resource_and_by_subject()
    {
        var subject = Unique("author");
        var resource = await ResourceWithChangesAsync(subject, 3);
        using var auditor = Auditor();

        var entries = await AllPagesAsync(auditor, new ListAuditEntriesRequest { Resource = resource });
        Assert.Equal(3, entries.Count);
        Assert.All(entries, e =>
        {
            Assert.Equal((AuditAction.Change, subject), (e.Action, e.Subject));
            Assert.StartsWith(MethodPrefix, e.Method, StringComparison.Ordinal);
            Assert.True(e.Resource == resource || e.Resource.StartsWith(resource + "/", StringComparison.Ordinal), e.Resource);
            Assert.NotEmpty(e.Roles);
            Assert.NotEmpty(e.Id);
        });
        Assert.Equal(resource, entries[^1].Resource);
        // The subject filter lists this subject's entries only (the set-up may have made more).
        var bySubject = await AllPagesAsync(auditor, new ListAuditEntriesRequest { Subject = subject });
        Assert.All(bySubject, e => Assert.Equal(subject, e.Subject));
        Assert.Subset(bySubject.Select(e => e.Id).ToHashSet(), entries.Select(e => e.Id).ToHashSet());
        Assert.Equal(entries.Select(e => e.Id), (await AllPagesAsync(auditor, new ListAuditEntriesRequest { Resource = resource, Subject = subject })).Select(e => e.Id));
        Assert.Empty(await AllPagesAsync(auditor, new ListAuditEntriesRequest { Resource = resource, Subject = Unique("nobody") }));
        // The filter is the resource and what lies under it, not a text prefix: "cases/26-1" does
        // not list "cases/26-12".
        var shorter = await AllPagesAsync(auditor, new ListAuditEntriesRequest { Resource = resource[..^1] });
        Assert.Empty(shorter.Select(e => e.Id).Intersect(entries.Select(e => e.Id)));
    }

    [Fact]
    public async Task The_log_pages_newest_first_and_filters_by_time()
    {
        var resource = await ResourceWithChangesAsync(Unique("author"), 6);
        using var auditor = Auditor();

        var all = await AllPagesAsync(auditor, new ListAuditEntriesRequest { Resource = resource, PageSize = 2 });
        Assert.Equal(6, all.Count);
        Assert.Equal(all.Count, all.Select(e => e.Id).Distinct().Count());
        Assert.Equal(all.OrderByDescending(e => e.Time.ToDateTime()).ThenByDescending(e => e.Id, StringComparer.Ordinal).Select(e => e.Id),
            all.Select(e => e.Id));
        var first = await List(auditor, new ListAuditEntriesRequest { Resource = resource, PageSize = 2 });
        Assert.Equal(2, first.Entries.Count);
        Assert.NotEmpty(first.NextPageToken);

        var later = Timestamp.FromDateTime(DateTime.UtcNow.AddHours(1));
        Assert.Empty(await AllPagesAsync(auditor, new ListAuditEntriesRequest { Resource = resource, StartTime = later }));
        Assert.Equal(6, (await AllPagesAsync(auditor, new ListAuditEntriesRequest { Resource = resource, EndTime = later })).Count);
        var oldest = all[^1].Time;
        Assert.Equal(all.Select(e => e.Id).Take(5),
            (await AllPagesAsync(auditor, new ListAuditEntriesRequest { Resource = resource, StartTime = oldest, EndTime = later }))
                .Where(e => e.Time != oldest).Select(e => e.Id));
        Assert.DoesNotContain(all[^1].Id,
            (await AllPagesAsync(auditor, new ListAuditEntriesRequest { Resource = resource, EndTime = oldest })).Select(e => e.Id));
        // The whole range protobuf allows is a valid filter.
        var everything = await AllPagesAsync(auditor, new ListAuditEntriesRequest
        {
            Resource = resource,
            StartTime = new Timestamp { Seconds = MinSeconds },
            EndTime = new Timestamp { Seconds = MaxSeconds, Nanos = 999_999_999 },
        });
        Assert.Equal(all.Select(e => e.Id), everything.Select(e => e.Id));
    }

    [Fact]
    public async Task A_page_token_is_bound_to_its_filter()
    {
        var resource = await ResourceWithChangesAsync(Unique("author"), 3);
        using var auditor = Auditor();
        var first = await List(auditor, new ListAuditEntriesRequest { Resource = resource, PageSize = 1 });
        Assert.NotEmpty(first.NextPageToken);

        await ApiAssert<TDomain>.InvalidArgument(() => List(auditor, new ListAuditEntriesRequest { PageToken = first.NextPageToken }), "page_token");
        await ApiAssert<TDomain>.InvalidArgument(() => List(auditor,
            new ListAuditEntriesRequest { Resource = resource, StartTime = first.Entries[0].Time, PageToken = first.NextPageToken }), "page_token");
        var second = await List(auditor, new ListAuditEntriesRequest { Resource = resource, PageSize = 5, PageToken = first.NextPageToken });
        Assert.Equal(2, second.Entries.Count);
        Assert.DoesNotContain(first.Entries[0].Id, second.Entries.Select(e => e.Id));
    }

    [Fact]
    public async Task Bad_filters_are_invalid_arguments()
    {
        using var auditor = Auditor();
        var badResource = await ApiAssert<TDomain>.InvalidArgument(() => List(auditor, new ListAuditEntriesRequest { Resource = "Meetings/X!" }), "resource");
        Assert.Contains("resource", badResource.Status.Message, StringComparison.Ordinal);
        await ApiAssert<TDomain>.InvalidArgument(() => List(auditor, new ListAuditEntriesRequest { Resource = "a" + new string('b', 500) }), "resource");
        await ApiAssert<TDomain>.InvalidArgument(() => List(auditor, new ListAuditEntriesRequest { Subject = new string('s', 201) }), "subject");
        var now = Timestamp.FromDateTime(DateTime.UtcNow);
        await ApiAssert<TDomain>.InvalidArgument(() => List(auditor, new ListAuditEntriesRequest { StartTime = now, EndTime = now }), "end_time");
        await ApiAssert<TDomain>.InvalidArgument(() => List(auditor, new ListAuditEntriesRequest { PageToken = "not-a-token" }), "page_token");
        await ApiAssert<TDomain>.InvalidArgument(() => List(auditor, new ListAuditEntriesRequest { PageSize = -1 }), "page_size");
    }

    [Fact]
    public async Task Times_outside_the_range_of_a_timestamp_are_invalid_arguments_not_internal()
    {
        using var auditor = Auditor();
        foreach (var bad in new[]
        {
            new Timestamp { Seconds = MaxSeconds + 1 },
            new Timestamp { Seconds = MinSeconds - 1 },
            new Timestamp { Seconds = long.MaxValue },
            new Timestamp { Seconds = 0, Nanos = -1 },
            new Timestamp { Seconds = 0, Nanos = 1_000_000_000 },
        })
        {
            await ApiAssert<TDomain>.InvalidArgument(() => List(auditor, new ListAuditEntriesRequest { StartTime = bad }), "start_time");
            await ApiAssert<TDomain>.InvalidArgument(() => List(auditor, new ListAuditEntriesRequest { EndTime = bad }), "end_time");
        }
        await ApiAssert<TDomain>.InvalidArgument(() => List(auditor, new ListAuditEntriesRequest
        {
            StartTime = new Timestamp { Seconds = MinSeconds - 1 },
            EndTime = new Timestamp { Seconds = MaxSeconds + 1 },
            PageSize = -5,
        }), "start_time", "end_time", "page_size");
    }
}
