using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Governance.Audit.V1;
using Governance.Reminders.Grpc;
using Governance.Reminders.Security;
using Governance.Reminders.V1;
using Governance.ServiceDefaults.Security;
using Grpc.Core;
using Grpc.Net.Client;

namespace Governance.Reminders.Tests.Api;

/// <summary>What every Reminders RPC needs, written out by hand (not read from the service).</summary>
public static class RemindersAuthorizationExpectations
{
    public static readonly IReadOnlyDictionary<string, string> RpcAccess = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["CreateReminder"] = RemindersAccess.Manage,
        ["GetReminder"] = RemindersAccess.Read,
        ["ListReminders"] = RemindersAccess.Read,
        ["UpdateReminder"] = RemindersAccess.Manage,
        ["ChangeReminderState"] = RemindersAccess.Manage,
        ["CreateCalendarSection"] = RemindersAccess.Manage,
        ["GetCalendarSection"] = RemindersAccess.Read,
        ["ListCalendarSections"] = RemindersAccess.Read,
        ["UpdateCalendarSection"] = RemindersAccess.Manage,
        ["DeleteCalendarSection"] = RemindersAccess.Manage,
        ["GetReminderListSettings"] = RemindersAccess.Read,
        ["UpdateReminderListSettings"] = RemindersAccess.Manage,
        ["GetReminderList"] = RemindersAccess.Read,
        ["ParseExpectedTime"] = RemindersAccess.Read,
        ["ListStatutoryDeadlines"] = RemindersAccess.Read,
        ["UpdateStatutoryDeadline"] = RemindersAccess.Manage,
        ["EnableStatutoryDeadline"] = RemindersAccess.Manage,
        // Calendars and the caller's own feeds: any reader (a feed shows what its owner may read).
        ["GetCalendar"] = RemindersAccess.Read,
        ["CreateCalendarFeed"] = RemindersAccess.Read,
        ["ListCalendarFeeds"] = RemindersAccess.Read,
        ["DeleteCalendarFeed"] = RemindersAccess.Read,
        // Marking an occurrence changes the list's reminder; its marks are read by every reader.
        ["MarkOccurrence"] = RemindersAccess.Manage,
        ["ListOccurrenceMarks"] = RemindersAccess.Read,
        ["ListAuditEntries"] = PlatformAccess.Audit,
    };

    public static readonly IReadOnlyDictionary<string, string[]> RoleAccess = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["secretariat"] = [RemindersAccess.Read, RemindersAccess.Manage],
        ["body_member"] = [RemindersAccess.Read],
        ["case_handler"] = [RemindersAccess.Read],
        ["employee_reader"] = [RemindersAccess.Read],
        ["auditor"] = [PlatformAccess.Audit],
        ["service"] = [RemindersAccess.Read],
    };

    public static string AccessOf(string rpc)
    {
        Assert.True(RpcAccess.TryGetValue(rpc, out var access), $"{rpc} is an RPC of RemindersService without an expected access; add it.");
        return access;
    }

    public static bool RoleHas(string role, string access) => RoleAccess[role].Contains(access);
}

/// <summary>The callers of the Reminders matrix: each role alone for every body, a secretariat of
/// another body, and three tokens the host refuses.</summary>
public static class ReminderCallers
{
    public const string SecretariatOfAnotherBody = "secretariat_of_another_body";
    public const string NoToken = "no_token";
    public const string ExpiredToken = "expired_token";
    public const string WrongAudience = "wrong_audience";

    /// <summary>The body id the secretariat of another body serves (no test's list is on it).</summary>
    public const string AnotherBodyId = "anden-bestyrelse";

    public static IReadOnlyList<string> All => [.. RemindersRoles.All, SecretariatOfAnotherBody, NoToken, ExpiredToken, WrongAudience];

    public static GrpcChannel Channel(GovernanceTestHost host, string caller) => host.CreateChannel(Token(host, caller));

    /// <summary>The bearer token of <paramref name="caller"/> (null: none), for a channel or for HTTP/JSON.</summary>
    public static string? Token(GovernanceTestHost host, string caller)
    {
        var tokens = host.Tokens ?? throw new InvalidOperationException("The host has no token issuer.");
        return caller switch
        {
            SecretariatOfAnotherBody => tokens.Issue("authz-secretariat-elsewhere", [RemindersRoles.Secretariat], [RemindersClaims.ForBodies(AnotherBodyId)]),
            NoToken => null,
            ExpiredToken => tokens.Issue("authz-expired", RemindersRoles.All, [RemindersClaims.ForBodies(Caller.Everything)], TimeSpan.FromHours(1),
                DateTime.UtcNow.AddHours(-10)),
            WrongAudience => tokens.Issue("authz-wrong-audience", RemindersRoles.All, [RemindersClaims.ForBodies(Caller.Everything)], audience: "someone-else"),
            _ => tokens.Issue($"authz-{caller}", [caller], [RemindersClaims.ForBodies(Caller.Everything)]),
        };
    }
}

public sealed class RemindersAuthorizationPolicyTests
{
    [Fact]
    public void Every_rpc_has_an_expected_access_and_declares_exactly_it()
    {
        var rpcs = RemindersService.Descriptor.Methods.Select(m => m.Name).ToList();
        Assert.Equal(rpcs.Order(StringComparer.Ordinal), RemindersAuthorizationExpectations.RpcAccess.Keys.Order(StringComparer.Ordinal));
        var problems = new List<string>();
        foreach (var rpc in rpcs)
        {
            var method = typeof(RemindersGrpcService).GetMethods().SingleOrDefault(m => m.Name == rpc && m.DeclaringType == typeof(RemindersGrpcService));
            if (method is null)
            {
                problems.Add($"{rpc} has no handler in RemindersGrpcService (it answers UNIMPLEMENTED, behind the fallback policy only)");
                continue;
            }
            var declared = method.GetCustomAttributes(true).OfType<RequiresAccessAttribute>().Select(a => a.Access).ToList();
            var expected = RemindersAuthorizationExpectations.AccessOf(rpc);
            if (declared.Count != 1 || declared[0] != expected)
            {
                problems.Add($"{rpc} declares [{string.Join(", ", declared)}], expected {expected}");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Declared_levels_admit_exactly_the_roles_expected_to_have_them()
    {
        AuthorizationAssert.LevelsAdmitExactly([.. RemindersAccess.Levels, .. PlatformAccess.Levels], RemindersAuthorizationExpectations.RoleAccess,
            RemindersRoles.All);
        Assert.Equal([RemindersRoles.Secretariat], RemindersAccess.Levels.Single(l => l.Name == RemindersAccess.Manage).Roles);
    }
}

/// <summary>
/// Every Reminders RPC × every caller through the real host: an allowed call succeeds (and a change
/// changes something); a refusal by role is PERMISSION_DENIED ROLE_REQUIRED (governance.security); the
/// secretariat of another body changing this body's list is PERMISSION_DENIED BODY_NOT_SERVED
/// (governance.reminders) naming the body; a missing, expired or wrong-audience token is
/// UNAUTHENTICATED. A refused change leaves the list as it was. Every cell is asked over gRPC and over
/// HTTP/JSON with the same expectation.
/// </summary>
public abstract class RemindersAuthorizationMatrixTests(IAuthorizationHost host) : RemindersApiTestBase(host)
{
    private readonly IAuthorizationHost server = host;

    public enum Outcome
    {
        Allowed,
        RoleRequired,
        BodyNotServed,
        CatalogueNotServed,
        Unauthenticated,
    }

    /// <summary>Every RPC of the contract (not of the table: an RPC missing there fails its cells) × every caller.</summary>
    public static TheoryData<string, string> Cells
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var rpc in RemindersService.Descriptor.Methods)
            {
                foreach (var caller in ReminderCallers.All)
                {
                    data.Add(rpc.Name, caller);
                }
            }
            return data;
        }
    }

    public static Outcome Expected(string rpc, string caller)
    {
        var access = RemindersAuthorizationExpectations.AccessOf(rpc);
        return caller switch
        {
            ReminderCallers.NoToken or ReminderCallers.ExpiredToken or ReminderCallers.WrongAudience => Outcome.Unauthenticated,
            // The role admits the call; the service then refuses a change to a list of a body it does not serve.
            // The catalogue is every list's: a secretariat of some bodies only may not change it.
            ReminderCallers.SecretariatOfAnotherBody => !RemindersAuthorizationExpectations.RoleHas(RemindersRoles.Secretariat, access) ? Outcome.RoleRequired
                : rpc == "UpdateStatutoryDeadline" ? Outcome.CatalogueNotServed
                : access == RemindersAccess.Manage ? Outcome.BodyNotServed : Outcome.Allowed,
            _ => RemindersAuthorizationExpectations.RoleHas(caller, access) ? Outcome.Allowed : Outcome.RoleRequired,
        };
    }

    /// <summary>A body's list: an open recurring reminder (its next occurrence can be marked) and a
    /// calendar section with an entry.</summary>
    private sealed record ListFixtures(string Body, Reminder Reminder, CalendarSection Section);

    private async Task<ListFixtures> ListAsync(string prefix)
    {
        var body = UniqueBody(prefix);
        var reminder = await CreateAsync(body, NewReminder("Regnskab 2014 - status", Rule("FREQ=MONTHLY", 2014, 8, 28), ["ØDC"]));
        var section = await CreateSectionAsync(body, new CalendarSection { Title = "HU-møder 2014", Entries = { Entry(2014, 9, 19) } });
        return new ListFixtures(body, reminder, section);
    }

    /// <summary>What a change may touch on the body's list, read as the default caller (every role, every body).</summary>
    private async Task<string> StateOfAsync(string body)
    {
        var reminders = await Client.ListRemindersAsync(new ListRemindersRequest { Parent = body, PageSize = 200 }, cancellationToken: Ct);
        var sections = await Client.ListCalendarSectionsAsync(new ListCalendarSectionsRequest { Parent = body, PageSize = 200 }, cancellationToken: Ct);
        var settings = await Client.GetReminderListSettingsAsync(new GetReminderListSettingsRequest { Name = $"{body}/reminderListSettings" }, cancellationToken: Ct);
        var catalogue = await Client.ListStatutoryDeadlinesAsync(new ListStatutoryDeadlinesRequest { PageSize = 200 }, cancellationToken: Ct);
        return $"{JsonFormatter.Default.Format(reminders)}\n{JsonFormatter.Default.Format(sections)}\n{JsonFormatter.Default.Format(settings)}\n{JsonFormatter.Default.Format(catalogue)}";
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public Task Rpc_as_caller_is_allowed_or_refused_as_expected(string rpc, string caller) => CellAsync(rpc, caller, overHttpJson: false);

    /// <summary>The same matrix over HTTP/JSON (the google.api.http paths): the same policies, the same refusals.
    /// The calendar feed's own URL is no transcoded RPC and is not in the matrix (CalendarApiTests).</summary>
    [Theory]
    [MemberData(nameof(Cells))]
    public Task Rpc_as_caller_over_http_json_is_allowed_or_refused_as_expected(string rpc, string caller) => CellAsync(rpc, caller, overHttpJson: true);

    private async Task CellAsync(string rpc, string caller, bool overHttpJson)
    {
        var expected = Expected(rpc, caller);
        var isChange = RemindersAuthorizationExpectations.AccessOf(rpc) == RemindersAccess.Manage;
        // Reads share one list; each change gets a list of its own, so the cells do not depend on each other.
        var f = isChange ? await ListAsync("authz-change") : await server.SharedAsync(() => ListAsync("authz-read"));
        var context = $"{rpc} as {caller} on {server.Store}{(overHttpJson ? " over HTTP/JSON" : "")} (expected {expected})";
        using var channel = ReminderCallers.Channel(server.Server, caller);
        using var json = new HttpJsonCallInvoker(server.Server.HttpAddress, ReminderCallers.Token(server.Server, caller), RemindersService.Descriptor);
        var client = overHttpJson ? new RemindersService.RemindersServiceClient(json) : new RemindersService.RemindersServiceClient(channel);
        var call = Call(rpc, f);
        var before = isChange ? await StateOfAsync(f.Body) : null;

        switch (expected)
        {
            case Outcome.Allowed:
                try
                {
                    Assert.NotNull(await call(client));
                }
                catch (RpcException ex)
                {
                    Assert.Fail($"{context}: failed with {ex.StatusCode}: {ex.Status.Detail}");
                }
                break;
            case Outcome.RoleRequired:
                var (refusal, _) = await AuthorizationAssert.PermissionDenied(() => call(client), AuthorizationAssert.SecurityDomain, "ROLE_REQUIRED", context);
                // The message names the roles that would do.
                foreach (var role in RemindersAuthorizationExpectations.RoleAccess.Where(r => r.Value.Contains(RemindersAuthorizationExpectations.AccessOf(rpc))).Select(r => r.Key))
                {
                    Assert.True(refusal.Status.Detail.Contains(role, StringComparison.Ordinal), $"{context}: the message does not name the role {role}: {refusal.Status.Detail}");
                }
                break;
            case Outcome.BodyNotServed:
                var (_, info) = await AuthorizationAssert.PermissionDenied(() => call(client), ApiAssert.Domain, "BODY_NOT_SERVED", context);
                Assert.True(info.Metadata.TryGetValue("body", out var body) && body == f.Body, $"{context}: the ErrorInfo names body '{body}', expected {f.Body}.");
                break;
            case Outcome.CatalogueNotServed:
                await AuthorizationAssert.PermissionDenied(() => call(client), ApiAssert.Domain, "CATALOGUE_NOT_SERVED", context);
                break;
            case Outcome.Unauthenticated:
                await AuthorizationAssert.Unauthenticated(() => call(client), context);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(rpc), expected, null);
        }

        if (before is not null)
        {
            var after = await StateOfAsync(f.Body);
            if (expected == Outcome.Allowed)
            {
                Assert.True(before != after, $"{context}: the call succeeded but changed nothing.");
            }
            else
            {
                Assert.True(before == after, $"{context}: the call was refused but changed the list.\nbefore: {before}\nafter:  {after}");
            }
        }
    }

    private static Func<RemindersService.RemindersServiceClient, Task<IMessage>> Call(string rpc, ListFixtures f)
    {
        var ct = Ct;
        return rpc switch
        {
            "CreateReminder" => async x => await x.CreateReminderAsync(new CreateReminderRequest { Parent = f.Body, Reminder = NewReminder("IT budget", Rule("FREQ=MONTHLY;INTERVAL=3", 2014, 1, 1)) },
                cancellationToken: ct),
            "GetReminder" => async x => await x.GetReminderAsync(new GetReminderRequest { Name = f.Reminder.Name }, cancellationToken: ct),
            "ListReminders" => async x => await x.ListRemindersAsync(new ListRemindersRequest { Parent = f.Body }, cancellationToken: ct),
            "UpdateReminder" => async x => await x.UpdateReminderAsync(new UpdateReminderRequest
            {
                Reminder = new Reminder { Name = f.Reminder.Name, Subject = "Regnskab 2014 - revideret status" },
                UpdateMask = new FieldMask { Paths = { "subject" } },
                Etag = f.Reminder.Etag,
            }, cancellationToken: ct),
            "ChangeReminderState" => async x => await x.ChangeReminderStateAsync(new ChangeReminderStateRequest { Name = f.Reminder.Name, State = ReminderState.Done, Etag = f.Reminder.Etag },
                cancellationToken: ct),
            "CreateCalendarSection" => async x => await x.CreateCalendarSectionAsync(new CreateCalendarSectionRequest
                { Parent = f.Body, CalendarSection = new CalendarSection { Title = "Byrådets temamøder" } }, cancellationToken: ct),
            "GetCalendarSection" => async x => await x.GetCalendarSectionAsync(new GetCalendarSectionRequest { Name = f.Section.Name }, cancellationToken: ct),
            "ListCalendarSections" => async x => await x.ListCalendarSectionsAsync(new ListCalendarSectionsRequest { Parent = f.Body }, cancellationToken: ct),
            "UpdateCalendarSection" => async x => await x.UpdateCalendarSectionAsync(new UpdateCalendarSectionRequest
            {
                CalendarSection = new CalendarSection { Name = f.Section.Name, Title = "HU-møder 2015" },
                UpdateMask = new FieldMask { Paths = { "title" } },
                Etag = f.Section.Etag,
            }, cancellationToken: ct),
            "DeleteCalendarSection" => async x => await x.DeleteCalendarSectionAsync(new DeleteCalendarSectionRequest { Name = f.Section.Name, Etag = f.Section.Etag },
                cancellationToken: ct),
            "GetReminderListSettings" => async x => await x.GetReminderListSettingsAsync(new GetReminderListSettingsRequest { Name = $"{f.Body}/reminderListSettings" },
                cancellationToken: ct),
            "UpdateReminderListSettings" => async x => await x.UpdateReminderListSettingsAsync(new UpdateReminderListSettingsRequest
            {
                Settings = new ReminderListSettings { Name = $"{f.Body}/reminderListSettings", GroupByMonth = true },
                UpdateMask = new FieldMask { Paths = { "group_by_month" } },
            }, cancellationToken: ct),
            "GetReminderList" => async x => await x.GetReminderListAsync(new GetReminderListRequest { Body = f.Body, AsOf = Date(2014, 8, 1), HorizonDays = 120 },
                cancellationToken: ct),
            "ParseExpectedTime" => async x => await x.ParseExpectedTimeAsync(new ParseExpectedTimeRequest { Text = "Kvartalsvis", ReferenceDate = Date(2014, 8, 1) },
                cancellationToken: ct),
            "ListStatutoryDeadlines" => async x => await x.ListStatutoryDeadlinesAsync(new ListStatutoryDeadlinesRequest(), cancellationToken: ct),
            "UpdateStatutoryDeadline" => async x => await x.UpdateStatutoryDeadlineAsync(new UpdateStatutoryDeadlineRequest
            {
                StatutoryDeadline = new StatutoryDeadline { Name = "statutoryDeadlines/apv", LegalBasis = $"Arbejdsmiljøloven § 15 a ({Guid.NewGuid():N})" },
                UpdateMask = new FieldMask { Paths = { "legal_basis" } },
            }, cancellationToken: ct),
            "EnableStatutoryDeadline" => async x => await x.EnableStatutoryDeadlineAsync(new EnableStatutoryDeadlineRequest { Parent = f.Body, StatutoryDeadline = "statutoryDeadlines/apv" },
                cancellationToken: ct),
            "GetCalendar" => async x => await x.GetCalendarAsync(new GetCalendarRequest { Body = f.Body }, cancellationToken: ct),
            "CreateCalendarFeed" => async x => await x.CreateCalendarFeedAsync(new CreateCalendarFeedRequest { Parent = f.Body }, cancellationToken: ct),
            "ListCalendarFeeds" => async x => await x.ListCalendarFeedsAsync(new ListCalendarFeedsRequest { Parent = f.Body }, cancellationToken: ct),
            // A caller revokes only its own feed: it makes one first (refused the same way when it may not).
            "DeleteCalendarFeed" => async x =>
            {
                var feed = await x.CreateCalendarFeedAsync(new CreateCalendarFeedRequest { Parent = f.Body }, cancellationToken: ct);
                return await x.DeleteCalendarFeedAsync(new DeleteCalendarFeedRequest { Name = feed.Name }, cancellationToken: ct);
            },
            "MarkOccurrence" => async x => await x.MarkOccurrenceAsync(new MarkOccurrenceRequest
                { Name = f.Reminder.Name, OccurrenceTime = f.Reminder.NextDueTime, State = OccurrenceState.Skipped, Etag = f.Reminder.Etag }, cancellationToken: ct),
            "ListOccurrenceMarks" => async x => await x.ListOccurrenceMarksAsync(new ListOccurrenceMarksRequest { Parent = f.Reminder.Name }, cancellationToken: ct),
            "ListAuditEntries" => async x => await x.ListAuditEntriesAsync(new ListAuditEntriesRequest { Resource = f.Body }, cancellationToken: ct),
            _ => throw new InvalidOperationException($"{rpc}: the matrix has no request for this RPC; add one."),
        };
    }
}

public sealed class RemindersAuthorizationMatrixSqliteTests(SqliteAuthorizationHost host) : RemindersAuthorizationMatrixTests(host), IClassFixture<SqliteAuthorizationHost>;

public sealed class RemindersAuthorizationMatrixPostgresTests(PostgresAuthorizationHost host) : RemindersAuthorizationMatrixTests(host), IClassFixture<PostgresAuthorizationHost>;
