using System.Threading.RateLimiting;
using Governance.Audit.V1;
using Governance.Data.Audit;
using Governance.Reminders.Data;
using Governance.Reminders.Domain;
using Governance.Reminders.Grpc;
using Governance.Reminders.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Governance.Reminders.Web;

/// <summary>
/// <c>GET /calendar/{secret}.ics</c>: a personal calendar feed for calendar programs, which cannot send
/// a bearer token, so the secret in the address is the credential. The only anonymous endpoint of the
/// service. An unknown, revoked or malformed secret is a bare 404 (nothing tells them apart). The feed
/// shows what its owner could read when it was created; a closed reminder's content it shows is
/// audited under the owner's subject, as a gRPC read of it would be. At most
/// <see cref="ReadsPerFeedPerMinute"/> reads of one feed a minute (429 beyond).
/// </summary>
public static class CalendarFeedEndpoint
{
    public const string Route = "/calendar/{secret}.ics";

    /// <summary>What the audit log names as the method of a feed read (never the secret).</summary>
    public const string AuditMethod = "GET " + Route;

    /// <summary>Reads of one feed per minute. Calendar programs poll every 15 minutes or more; a leaked
    /// address hammered by someone is answered 429 before the calendar is made again.</summary>
    public const int ReadsPerFeedPerMinute = 30;

    // Per process and per feed; idle partitions are dropped by the limiter itself.
    private static readonly PartitionedRateLimiter<string> PerFeed = PartitionedRateLimiter.Create<string, string>(feedId =>
        RateLimitPartition.GetFixedWindowLimiter(feedId, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = ReadsPerFeedPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    public static IEndpointConventionBuilder MapCalendarFeed(this IEndpointRouteBuilder app) =>
        app.MapGet(Route, ServeAsync).AllowAnonymous();

    private static async Task<IResult> ServeAsync(string secret, RemindersStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!CalendarFeeds.IsWellFormed(secret))
        {
            return Results.NotFound();
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var closedRead = new SortedSet<string>(StringComparer.Ordinal);
        CalendarFeedRecord? feed;
        string ics;
        await using (var s = await store.BeginAsync(write: false, cancellationToken))
        {
            feed = await s.FeedBySecretHashAsync(CalendarFeeds.Hash(secret));
            if (feed is null)
            {
                return Results.NotFound();
            }
            using var lease = PerFeed.AttemptAcquire(feed.Id);
            if (!lease.IsAcquired)
            {
                return Results.StatusCode(StatusCodes.Status429TooManyRequests);
            }
            var (from, to) = CalendarExport.Window(DateOnly.FromDateTime(CopenhagenTime.ToLocal(now)), null, null);
            ics = await RemindersGrpcService.CalendarIcsAsync(s, feed.BodyId, from, to,
                RemindersConfidentiality.ForFeed(feed, reminder => closedRead.Add(reminder)), now);
            await s.CommitAsync(cancellationToken);
        }
        if (closedRead.Count > 0)
        {
            await using var audit = await store.BeginAsync(write: true, cancellationToken);
            await AuditLog.AppendAllAsync(audit.Connection, audit.Transaction,
                [.. closedRead.Select(resource => new AuditRecord(Guid.CreateVersion7().ToString("N"), now, feed.Owner, "",
                    AuditMethod, resource, nameof(AuditAction.ClosedContentRead), null))]);
            await audit.CommitAsync(cancellationToken);
        }
        return Results.Text(ics, "text/calendar; charset=utf-8");
    }
}
