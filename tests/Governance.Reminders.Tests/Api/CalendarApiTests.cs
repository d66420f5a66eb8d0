using System.Net;
using Governance.Audit.V1;
using Governance.Reminders.Domain;
using Governance.Reminders.Security;
using Governance.Reminders.V1;
using Governance.Reminders.Web;
using Governance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using IcalCalendar = Ical.Net.Calendar;

namespace Governance.Reminders.Tests.Api;

/// <summary>The calendar (GetCalendar) and the personal secret feeds served over plain HTTP, through
/// the real host on both stores: what each audience sees of closed reminders, revocation, and that the
/// feed (with the survey answering the same host serves) is the only anonymous endpoint besides health.</summary>
public abstract class CalendarApiTests(IApiHost host) : RemindersApiTestBase(host)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private RemindersService.RemindersServiceClient As(string subject, string role, string? body = null) =>
        new(Host.Server.CreateChannel(Host.Server.Tokens!.Issue(subject, [role], body is null ? [] : [RemindersClaims.ForBodies(body["bodies/".Length..])])));

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>A recurring, a dated and a closed reminder on a fresh body, dated around today so the
    /// feed's default window shows them.</summary>
    private async Task<string> BodyWithRemindersAsync()
    {
        var body = UniqueBody();
        var today = DateTime.UtcNow;
        await CreateAsync(body, NewReminder("ØKO-LIS", Rule("FREQ=MONTHLY;BYDAY=2MO", today.Year, today.Month, 1, "(2. uge månedligt)")));
        var inAMonth = today.AddDays(30);
        await CreateAsync(body, NewReminder("Indkøbspolitik", OnDate(inAMonth.Year, inAMonth.Month, inAMonth.Day)));
        await CreateAsync(body, NewReminder("Personalesag vedr. direktør", OnDate(inAMonth.Year, inAMonth.Month, inAMonth.Day),
            configure: r => { r.Closed = true; r.Notes = "Fortroligt"; }));
        return body;
    }

    private async Task<(HttpStatusCode Status, string? ContentType, string Body)> GetFeedAsync(string feedUri)
    {
        using var response = await Http.GetAsync(new Uri(Host.Server.HttpAddress, feedUri), Ct);
        return (response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task GetCalendar_returns_the_bodys_reminders_as_ics_with_recurrences_as_rrules_on_both_stores()
    {
        var body = UniqueBody();
        await CreateAsync(body, NewReminder("ØKO-LIS", Rule("FREQ=MONTHLY;BYDAY=2MO", 2026, 1, 12, "(2. uge månedligt)")));
        await CreateAsync(body, NewReminder("Indkøbspolitik", InMonth(2026, 9)));
        await CreateAsync(body, NewReminder("Administrative besparelser", OnDate(2026, 8, 28)));
        await CreateAsync(body, NewReminder("Efter budgetforliget", new V1.ExpectedTime { FreeText = "Efter budgetforliget" }));

        var calendar = await Client.GetCalendarAsync(new GetCalendarRequest { Body = body, StartDate = Date(2026, 1, 1), EndDate = Date(2026, 12, 31) },
            cancellationToken: Ct);

        Assert.Equal(body, calendar.Body);
        var parsed = IcalCalendar.Load(calendar.Ics)!;
        Assert.Equal(3, parsed.Events.Count);
        var recurring = Assert.Single(parsed.Events, e => e.Summary == "ØKO-LIS");
        Assert.Equal("FREQ=MONTHLY;BYDAY=2MO", recurring.RecurrenceRule!.ToString());
        Assert.Single(parsed.TimeZones, z => z.TzId == "Europe/Copenhagen");
        Assert.Equal(new DateOnly(2026, 9, 1), Assert.Single(parsed.Events, e => e.Summary == "Indkøbspolitik").DtStart!.Date);
        // Stable UIDs: the same calendar read again names the same events.
        var again = await Client.GetCalendarAsync(new GetCalendarRequest { Body = body, StartDate = Date(2026, 1, 1), EndDate = Date(2026, 12, 31) },
            cancellationToken: Ct);
        Assert.Equal(parsed.Events.Select(e => e.Uid).Order(), IcalCalendar.Load(again.Ics)!.Events.Select(e => e.Uid).Order());
    }

    [Fact]
    public async Task A_meeting_scheduled_in_Meetings_appears_at_its_Copenhagen_start_in_its_room()
    {
        var meetings = new Governance.Meetings.V1.MeetingsService.MeetingsServiceClient(Host.Channel);
        var body = await meetings.CreateBodyAsync(new Governance.Meetings.V1.CreateBodyRequest
        {
            Body = new Governance.Meetings.V1.Body { DisplayName = "Direktionen", ShortName = "DIR" },
            BodyId = $"kalender-{Guid.NewGuid():N}"[..25],
        }, cancellationToken: Ct);
        // 08:30 in summer time is 06:30 UTC.
        await meetings.ScheduleMeetingAsync(new Governance.Meetings.V1.ScheduleMeetingRequest
        {
            Meeting = new Governance.Meetings.V1.Meeting
            {
                Body = body.Name,
                Start = new Google.Type.DateTime { Year = 2026, Month = 7, Day = 6, Hours = 8, Minutes = 30, TimeZone = new Google.Type.TimeZone { Id = "Europe/Copenhagen" } },
                Title = "Vækst- og Erhvervspolitik",
                Room = "Mødelokale B105",
            },
        }, cancellationToken: Ct);

        // The meeting reaches Reminders as an event (in-memory bus on SQLite, RabbitMQ on PostgreSQL).
        var request = new GetCalendarRequest { Body = body.Name, StartDate = Date(2026, 7, 1), EndDate = Date(2026, 7, 31) };
        Ical.Net.CalendarComponents.CalendarEvent? meeting = null;
        for (var attempt = 0; attempt < 100 && meeting is null; attempt++)
        {
            meeting = IcalCalendar.Load((await Client.GetCalendarAsync(request, cancellationToken: Ct)).Ics)!.Events.SingleOrDefault();
            if (meeting is null) await Task.Delay(200, Ct);
        }

        Assert.NotNull(meeting);
        Assert.Equal("Vækst- og Erhvervspolitik", meeting.Summary);
        Assert.Equal("Mødelokale B105", meeting.Location);
        Assert.Equal("Europe/Copenhagen", meeting.DtStart!.TzId);
        Assert.Equal(new DateTime(2026, 7, 6, 8, 30, 0), meeting.DtStart.Value);
        Assert.Equal(new DateTime(2026, 7, 6, 6, 30, 0, DateTimeKind.Utc), meeting.DtStart.AsUtc);
        Assert.StartsWith("meeting-", meeting.Uid);
    }

    [Fact]
    public async Task GetCalendar_shows_a_closed_reminder_as_Lukket_to_an_outsider_and_with_its_subject_to_a_member()
    {
        var body = await BodyWithRemindersAsync();

        var outsider = await As(Unique("reader"), RemindersRoles.EmployeeReader).GetCalendarAsync(new GetCalendarRequest { Body = body }, cancellationToken: Ct);
        var member = await As(Unique("member"), RemindersRoles.BodyMember, body).GetCalendarAsync(new GetCalendarRequest { Body = body }, cancellationToken: Ct);

        Assert.DoesNotContain("Personalesag", outsider.Ics);
        Assert.DoesNotContain("Fortroligt", outsider.Ics);
        Assert.Single(IcalCalendar.Load(outsider.Ics)!.Events, e => e.Summary == ClosedReminder.Title);
        var shown = Assert.Single(IcalCalendar.Load(member.Ics)!.Events, e => e.Summary == "Personalesag vedr. direktør");
        Assert.Equal("CONFIDENTIAL", shown.Class);
        Assert.Contains("Fortroligt", shown.Description);
    }

    [Fact]
    public async Task GetCalendar_refuses_a_window_backwards_or_longer_than_two_years_naming_the_fields()
    {
        var body = UniqueBody();

        await ApiAssert.InvalidArgument(() => Client.GetCalendarAsync(
            new GetCalendarRequest { Body = body, StartDate = Date(2026, 5, 1), EndDate = Date(2026, 4, 30) }, cancellationToken: Ct), "end_date");
        await ApiAssert.InvalidArgument(() => Client.GetCalendarAsync(
            new GetCalendarRequest { Body = body, StartDate = Date(2026, 1, 1), EndDate = Date(2028, 1, 3) }, cancellationToken: Ct), "end_date");
        await ApiAssert.InvalidArgument(() => Client.GetCalendarAsync(
            new GetCalendarRequest { Body = "direktionen", StartDate = Date(1999, 1, 1), EndDate = Date(2026, 2, 30) }, cancellationToken: Ct), "body");
        await ApiAssert.InvalidArgument(() => Client.GetCalendarAsync(
            new GetCalendarRequest { Body = body, StartDate = Date(1999, 1, 1), EndDate = Date(2026, 2, 30) }, cancellationToken: Ct),
            "start_date", "end_date");
    }

    [Fact]
    public async Task A_feed_address_serves_the_calendar_anonymously_until_it_is_revoked_then_404()
    {
        var body = await BodyWithRemindersAsync();
        var owner = Unique("member");
        var client = As(owner, RemindersRoles.BodyMember, body);

        var feed = await client.CreateCalendarFeedAsync(new CreateCalendarFeedRequest { Parent = body }, cancellationToken: Ct);

        Assert.StartsWith($"{body}/calendarFeeds/", feed.Name);
        Assert.Equal(owner, feed.Owner);
        Assert.True(feed.ShowsClosed);
        Assert.Matches("^/calendar/[A-Za-z0-9_-]{43}\\.ics$", feed.FeedUri);
        var (status, type, ics) = await GetFeedAsync(feed.FeedUri);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/calendar; charset=utf-8", type);
        var parsed = IcalCalendar.Load(ics)!;
        Assert.Equal("FREQ=MONTHLY;BYDAY=2MO", Assert.Single(parsed.Events, e => e.Summary == "ØKO-LIS").RecurrenceRule!.ToString());
        Assert.Single(parsed.Events, e => e.Summary == "Personalesag vedr. direktør");

        // Listed for its owner without the address; not for anyone else.
        var listed = Assert.Single((await client.ListCalendarFeedsAsync(new ListCalendarFeedsRequest { Parent = "bodies/-" }, cancellationToken: Ct)).CalendarFeeds);
        Assert.Equal(feed.Name, listed.Name);
        Assert.Equal("", listed.FeedUri);
        var stranger = As(Unique("member"), RemindersRoles.BodyMember, body);
        Assert.Empty((await stranger.ListCalendarFeedsAsync(new ListCalendarFeedsRequest { Parent = body }, cancellationToken: Ct)).CalendarFeeds);
        await ApiAssert.NotFound(() => stranger.DeleteCalendarFeedAsync(new DeleteCalendarFeedRequest { Name = feed.Name }, cancellationToken: Ct), feed.Name);
        Assert.Equal(HttpStatusCode.OK, (await GetFeedAsync(feed.FeedUri)).Status);

        await client.DeleteCalendarFeedAsync(new DeleteCalendarFeedRequest { Name = feed.Name }, cancellationToken: Ct);

        var revoked = await GetFeedAsync(feed.FeedUri);
        Assert.Equal(HttpStatusCode.NotFound, revoked.Status);
        Assert.Equal("", revoked.Body);
        Assert.Empty((await client.ListCalendarFeedsAsync(new ListCalendarFeedsRequest { Parent = body }, cancellationToken: Ct)).CalendarFeeds);
        await ApiAssert.NotFound(() => client.DeleteCalendarFeedAsync(new DeleteCalendarFeedRequest { Name = feed.Name }, cancellationToken: Ct), feed.Name);
    }

    [Fact]
    public async Task Unknown_and_malformed_secrets_are_a_bare_404()
    {
        foreach (var path in new[] { $"/calendar/{new string('A', 43)}.ics", "/calendar/short.ics", $"/calendar/{new string('A', 42)}=.ics" })
        {
            var (status, _, text) = await GetFeedAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal("", text);
        }
    }

    [Fact]
    public async Task An_outsiders_feed_shows_Lukket_and_a_members_feed_the_subject_audited_under_the_owner()
    {
        var body = await BodyWithRemindersAsync();
        var memberSubject = Unique("member");
        var outsiderFeed = await As(Unique("reader"), RemindersRoles.EmployeeReader)
            .CreateCalendarFeedAsync(new CreateCalendarFeedRequest { Parent = body }, cancellationToken: Ct);
        var memberFeed = await As(memberSubject, RemindersRoles.BodyMember, body)
            .CreateCalendarFeedAsync(new CreateCalendarFeedRequest { Parent = body }, cancellationToken: Ct);
        Assert.False(outsiderFeed.ShowsClosed);

        var outsiders = (await GetFeedAsync(outsiderFeed.FeedUri)).Body;
        var members = (await GetFeedAsync(memberFeed.FeedUri)).Body;

        Assert.DoesNotContain("Personalesag", outsiders);
        Assert.DoesNotContain("Fortroligt", outsiders);
        Assert.Single(IcalCalendar.Load(outsiders)!.Events, e => e.Summary == ClosedReminder.Title);
        Assert.Single(IcalCalendar.Load(members)!.Events, e => e.Summary == "Personalesag vedr. direktør");

        var auditor = As(Unique("auditor"), PlatformRoles.Auditor);
        var entries = (await auditor.ListAuditEntriesAsync(new ListAuditEntriesRequest { Subject = memberSubject, PageSize = 50 }, cancellationToken: Ct)).Entries;
        var read = Assert.Single(entries, e => e.Action == AuditAction.ClosedContentRead);
        Assert.Equal(CalendarFeedEndpoint.AuditMethod, read.Method);
        Assert.StartsWith($"{body}/reminders/", read.Resource);
        var created = Assert.Single(entries, e => e.Action == AuditAction.Change);
        Assert.Equal(memberFeed.Name, created.Resource);
    }

    [Fact]
    public async Task A_feed_read_more_than_30_times_a_minute_is_answered_429_and_other_feeds_are_not_held_back()
    {
        var body = UniqueBody();
        var client = As(Unique("reader"), RemindersRoles.EmployeeReader);
        var hammered = await client.CreateCalendarFeedAsync(new CreateCalendarFeedRequest { Parent = body }, cancellationToken: Ct);
        var other = await client.CreateCalendarFeedAsync(new CreateCalendarFeedRequest { Parent = body }, cancellationToken: Ct);

        for (var i = 0; i < CalendarFeedEndpoint.ReadsPerFeedPerMinute; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await GetFeedAsync(hammered.FeedUri)).Status);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetFeedAsync(hammered.FeedUri)).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetFeedAsync(other.FeedUri)).Status);
    }

    [Fact]
    public async Task An_owner_may_keep_20_feeds_and_the_21st_is_refused()
    {
        var body = UniqueBody();
        var client = As(Unique("reader"), RemindersRoles.EmployeeReader);
        for (var i = 0; i < CalendarFeeds.MaxPerOwner; i++)
        {
            await client.CreateCalendarFeedAsync(new CreateCalendarFeedRequest { Parent = body }, cancellationToken: Ct);
        }

        await ApiAssert.FailedPrecondition(() => client.CreateCalendarFeedAsync(new CreateCalendarFeedRequest { Parent = body }, cancellationToken: Ct),
            "FEED_LIMIT");
        var first = await client.ListCalendarFeedsAsync(new ListCalendarFeedsRequest { Parent = body, PageSize = 15 }, cancellationToken: Ct);
        var second = await client.ListCalendarFeedsAsync(new ListCalendarFeedsRequest { Parent = body, PageSize = 15, PageToken = first.NextPageToken },
            cancellationToken: Ct);
        Assert.Equal(CalendarFeeds.MaxPerOwner, first.CalendarFeeds.Concat(second.CalendarFeeds).Select(f => f.Name).Distinct().Count());
        Assert.Equal("", second.NextPageToken);
    }

    /// <summary>Respondents answer a survey with their invitation token instead of a bearer token
    /// (answering_service.proto): those two methods and the pages, named one by one, are anonymous too.</summary>
    private static readonly string[] SurveyAnswering =
        ["governance.surveys.v1.SurveyAnsweringService/GetQuestionnaire", "governance.surveys.v1.SurveyAnsweringService/SaveAnswers",
            // The same two as HTTP/JSON (their google.api.http rules).
            "v1/invitations:getQuestionnaire", "v1/invitations:saveAnswers",
            // And the respondent pages the invitation links open (Surveys' Web/SurveyPages), route by route.
            "survey/{token}", "survey/tak", "survey/assets/survey.css", "survey/{**rest}"];

    [Fact]
    public void The_feed_and_survey_answering_are_the_only_anonymous_endpoints_besides_health_metrics_reflection_and_openapi()
    {
        var anonymous = Host.Server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(e => ((e as RouteEndpoint)?.RoutePattern.RawText ?? e.DisplayName ?? "").TrimStart('/'))
            .ToList();

        Assert.Contains(CalendarFeedEndpoint.Route.TrimStart('/'), anonymous);
        Assert.All(SurveyAnswering, method => Assert.Contains(method, anonymous));
        Assert.All(anonymous, route => Assert.True(
            route == CalendarFeedEndpoint.Route.TrimStart('/') || SurveyAnswering.Contains(route) || route is "healthz" or "readyz" or "metrics" ||
            // The OpenAPI document: the contract only, as protos/ is.
            route == "openapi/v1.json" ||
            route.StartsWith("grpc.health.v1.", StringComparison.Ordinal) || route.StartsWith("grpc.reflection.", StringComparison.Ordinal) ||
            // grpc-dotnet's catch-all that answers UNIMPLEMENTED for unknown methods, reaching no service.
            route.EndsWith("{unimplementedMethod:grpcunimplemented}", StringComparison.Ordinal),
            $"{route} answers without a token"));
    }

    /// <summary>The access matrix rows of the new RPCs (until the service has its AuthorizationTests):
    /// no token is UNAUTHENTICATED; the auditor alone lacks reminders.read; every reader role may call them.</summary>
    [Fact]
    public async Task Calendar_rpcs_need_a_token_and_a_reader_role()
    {
        var body = UniqueBody();
        var feedName = $"{body}/calendarFeeds/unknown";
        Func<RemindersService.RemindersServiceClient, Task>[] calls =
        [
            c => c.GetCalendarAsync(new GetCalendarRequest { Body = body }, cancellationToken: Ct).ResponseAsync,
            c => c.CreateCalendarFeedAsync(new CreateCalendarFeedRequest { Parent = body }, cancellationToken: Ct).ResponseAsync,
            c => c.ListCalendarFeedsAsync(new ListCalendarFeedsRequest { Parent = body }, cancellationToken: Ct).ResponseAsync,
            c => c.DeleteCalendarFeedAsync(new DeleteCalendarFeedRequest { Name = feedName }, cancellationToken: Ct).ResponseAsync,
        ];
        var anonymous = new RemindersService.RemindersServiceClient(Host.Server.CreateChannel(null));
        var auditor = As(Unique("auditor"), PlatformRoles.Auditor);
        for (var i = 0; i < calls.Length; i++)
        {
            await AuthorizationAssert.Unauthenticated(() => calls[i](anonymous), $"call {i} without a token");
            await AuthorizationAssert.PermissionDenied(() => calls[i](auditor), AuthorizationAssert.SecurityDomain, "ROLE_REQUIRED", $"call {i} as auditor");
        }
        foreach (var role in new[] { RemindersRoles.Secretariat, RemindersRoles.BodyMember, RemindersRoles.CaseHandler, RemindersRoles.EmployeeReader, PlatformRoles.Service })
        {
            var reader = As(Unique(role.Replace('_', '-')), role);
            await calls[0](reader);
            await calls[1](reader);
            await calls[2](reader);
            await ApiAssert.NotFound(() => reader.DeleteCalendarFeedAsync(new DeleteCalendarFeedRequest { Name = feedName }, cancellationToken: Ct), feedName);
        }
    }
}

public sealed class CalendarApiSqliteTests(SqliteApiHost host) : CalendarApiTests(host), IClassFixture<SqliteApiHost>;

public sealed class CalendarApiPostgresTests(PostgresApiHost host) : CalendarApiTests(host), IClassFixture<PostgresApiHost>;
