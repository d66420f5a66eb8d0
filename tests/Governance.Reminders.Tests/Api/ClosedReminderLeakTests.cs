using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Governance.Audit.V1;
using Governance.Reminders.Security;
using Governance.Reminders.V1;
using Governance.ServiceDefaults.Security;
using Grpc.Core;

namespace Governance.Reminders.Tests.Api;

/// <summary>
/// No closed text reaches anyone but the body's members and secretariat. A closed reminder carries a
/// unique marker in its subject, notes, decision link and free-text time; every read path (GetReminder,
/// ListReminders, GetReminderList, GetCalendar, and the marks of a closed recurring reminder's
/// occurrences with ListOccurrenceMarks, and the caller's own calendar feed at its address) is walked as each outsider, over gRPC and over HTTP/JSON, and the marker must appear in no answer's bytes, the reminder reading "Lukket" with
/// redacted set. A member of the body does see it, so the walk can fail; and that read is audited as
/// CLOSED_CONTENT_READ.
/// </summary>
public abstract class ClosedReminderLeakTests(IAuthorizationHost host) : RemindersApiTestBase(host)
{
    private readonly IAuthorizationHost server = host;

    private const string BodyMemberOfAnotherBody = "body_member_of_another_body";
    private const string SecretariatOfAnotherBody = "secretariat_of_another_body";
    private const string MemberOfTheBody = "body_member_of_the_body";
    private const string SecretariatOfTheBody = "secretariat_of_the_body";

    public static TheoryData<string> Outsiders =>
        [RemindersRoles.EmployeeReader, RemindersRoles.CaseHandler, PlatformRoles.Service, BodyMemberOfAnotherBody, SecretariatOfAnotherBody];

    public static TheoryData<string> Insiders => [MemberOfTheBody, SecretariatOfTheBody];

    private sealed record Fixtures(string Marker, string Body, Reminder Closed, Reminder Open, Reminder ClosedDone, Reminder ClosedRecurring);

    /// <summary>Reads that carry no closed content by design (a mark is an occurrence's time and who
    /// marked it): an insider does not see the marker there either.</summary>
    private static readonly string[] WithoutClosedContent = ["ListOccurrenceMarks"];

    private Task<Fixtures> FixturesAsync() => server.SharedAsync(async () =>
    {
        var marker = $"Hemmelig{Guid.NewGuid():N}"[..20];
        var body = UniqueBody("leak");
        var open = await CreateAsync(body, NewReminder("Budgetopfølgning", OnDate(2014, 8, 28), ["ØDC"]));
        var closed = await CreateAsync(body, NewReminder($"Personalesag {marker}", new ExpectedTime { FreeText = $"Efter samtalen med {marker}" }, ["HRC"], r =>
        {
            r.Closed = true;
            r.Notes = $"Notat om {marker}";
            r.JournalNumber = "14/01234";
            r.Meeting = "meetings/m2014-08-11";
            r.Decision = $"meetings/m2014-08-11/items/punkt-7/decisions/{marker}";
        }));
        // A closed reminder with a date: the calendar shows it (a free-text time is not in a calendar).
        await CreateAsync(body, NewReminder($"Lønforhandling {marker}", OnDate(2014, 9, 15), ["HRC"], r => r.Closed = true));
        // A closed reminder off the list (done) is read through the list's state filter.
        var closedDone = await ChangeStateAsync(await CreateAsync(body, NewReminder($"Afskedigelse {marker}", OnDate(2014, 6, 1), ["HRC"], r =>
        {
            r.Closed = true;
            r.Notes = $"Afgjort {marker}";
        })), ReminderState.Done);
        // A closed recurring reminder with its next occurrence skipped: its marks, and the calendar's EXDATE.
        var closedRecurring = await CreateAsync(body, NewReminder($"Lønstatistik {marker}", Rule("FREQ=MONTHLY", 2014, 1, 15), ["HRC"], r =>
        {
            r.Closed = true;
            r.Notes = $"Fortroligt {marker}";
        }));
        await Client.MarkOccurrenceAsync(new MarkOccurrenceRequest
            { Name = closedRecurring.Name, OccurrenceTime = closedRecurring.NextDueTime, State = OccurrenceState.Skipped }, cancellationToken: Ct);
        return new Fixtures(marker, body, closed, open, closedDone, closedRecurring);
    });

    /// <summary>A client as <paramref name="caller"/>, over gRPC or over HTTP/JSON (the google.api.http paths), and its connection to dispose.</summary>
    private (RemindersService.RemindersServiceClient Client, IDisposable Connection) ClientOf(string caller, string body, bool overHttpJson)
    {
        var token = Token(caller, body);
        if (overHttpJson)
        {
            var json = new HttpJsonCallInvoker(server.Server.HttpAddress, token, RemindersService.Descriptor);
            return (new RemindersService.RemindersServiceClient(json), json);
        }
        var channel = server.Server.CreateChannel(token);
        return (new RemindersService.RemindersServiceClient(channel), channel);
    }

    private string Token(string caller, string body)
    {
        var tokens = server.Server.Tokens!;
        var bodyId = body["bodies/".Length..];
        return caller switch
        {
            BodyMemberOfAnotherBody => tokens.Issue("leak-member-elsewhere", [RemindersRoles.BodyMember], [RemindersClaims.ForBodies("anden-bestyrelse")]),
            SecretariatOfAnotherBody => tokens.Issue("leak-secretariat-elsewhere", [RemindersRoles.Secretariat], [RemindersClaims.ForBodies("anden-bestyrelse")]),
            MemberOfTheBody => tokens.Issue($"leak-member-{bodyId}", [RemindersRoles.BodyMember], [RemindersClaims.ForBodies(bodyId)]),
            SecretariatOfTheBody => tokens.Issue($"leak-secretariat-{bodyId}", [RemindersRoles.Secretariat], [RemindersClaims.ForBodies(bodyId)]),
            // The readers' roles are not scoped by body: they get every body, and still see nothing closed.
            _ => tokens.Issue($"leak-{caller}", [caller], [RemindersClaims.ForBodies(Caller.Everything)]),
        };
    }


    /// <summary>Every read path, as <paramref name="caller"/>: each answer as JSON and as its wire bytes.
    /// Every caller here may read, so a failed read fails the walk.</summary>
    private async Task<List<(string Call, string Json, byte[] Bytes)>> WalkAsync(string caller, Fixtures f, bool overHttpJson)
    {
        var (client, connection) = ClientOf(caller, f.Body, overHttpJson);
        using var _ = connection;
        var seen = new List<(string, string, byte[])>();
        async Task Read(string call, Func<Task<IMessage>> read)
        {
            try
            {
                var answer = await read();
                seen.Add((call, JsonFormatter.Default.Format(answer), answer.ToByteArray()));
            }
            catch (RpcException ex)
            {
                Assert.Fail($"{call} as {caller} on {server.Store}{(overHttpJson ? " over HTTP/JSON" : "")} failed with {ex.StatusCode}: {ex.Status.Detail}");
            }
        }
        var ct = Ct;
        await Read("GetReminder", async () => await client.GetReminderAsync(new GetReminderRequest { Name = f.Closed.Name }, cancellationToken: ct));
        await Read("ListReminders", async () => await client.ListRemindersAsync(new ListRemindersRequest { Parent = f.Body }, cancellationToken: ct));
        await Read("ListReminders open", async () => await client.ListRemindersAsync(new ListRemindersRequest { Parent = f.Body, State = ReminderState.Open },
            cancellationToken: ct));
        await Read("ListReminders done", async () => await client.ListRemindersAsync(new ListRemindersRequest { Parent = f.Body, State = ReminderState.Done },
            cancellationToken: ct));
        await Read("GetReminder done", async () => await client.GetReminderAsync(new GetReminderRequest { Name = f.ClosedDone.Name }, cancellationToken: ct));
        await Read("GetReminderList", async () => await client.GetReminderListAsync(new GetReminderListRequest { Body = f.Body, AsOf = Date(2014, 8, 1), HorizonDays = 730 },
            cancellationToken: ct));
        await Read("GetCalendar", async () => await client.GetCalendarAsync(new GetCalendarRequest { Body = f.Body, StartDate = Date(2014, 1, 1), EndDate = Date(2015, 12, 31) },
            cancellationToken: ct));
        // Around today: the closed recurring reminder with its skipped occurrence as EXDATE.
        await Read("GetCalendar today", async () => await client.GetCalendarAsync(new GetCalendarRequest { Body = f.Body }, cancellationToken: ct));
        await Read("ListOccurrenceMarks", async () => await client.ListOccurrenceMarksAsync(new ListOccurrenceMarksRequest { Parent = f.ClosedRecurring.Name },
            cancellationToken: ct));
        // The caller's own feed, made through the API and read at its address (plain HTTP, no transcoded RPC):
        // around today, what its owner may read, to anyone who has the address.
        await Read("calendar feed", async () =>
        {
            var feed = await client.CreateCalendarFeedAsync(new CreateCalendarFeedRequest { Parent = f.Body }, cancellationToken: ct);
            using var http = new HttpClient { BaseAddress = server.Server.HttpAddress };
            return new StringValue { Value = await http.GetStringAsync(feed.FeedUri.TrimStart('/'), ct) };
        });
        return seen;
    }

    private static bool Contains(byte[] bytes, string text) => bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    /// <summary>Every caller over gRPC and over HTTP/JSON.</summary>
    public static TheoryData<string, bool> OutsidersByTransport => [.. Outsiders.SelectMany(o => new[] { (o.Data, false), (o.Data, true) })];

    public static TheoryData<string, bool> InsidersByTransport => [.. Insiders.SelectMany(o => new[] { (o.Data, false), (o.Data, true) })];

    [Theory]
    [MemberData(nameof(OutsidersByTransport))]
    public async Task Outsider_sees_no_closed_text_in_any_read(string caller, bool overHttpJson)
    {
        var f = await FixturesAsync();
        var seen = await WalkAsync(caller, f, overHttpJson);
        var leaks = seen.Where(s => s.Json.Contains(f.Marker, StringComparison.Ordinal) || Contains(s.Bytes, f.Marker)).Select(s => s.Call).ToList();
        Assert.True(leaks.Count == 0, $"{caller} on {server.Store}{(overHttpJson ? " over HTTP/JSON" : "")} saw closed text in: {string.Join("; ", leaks)}");

        // The walk did read the reminder: "Lukket", redacted, with what a closed reminder still shows.
        var (client, connection) = ClientOf(caller, f.Body, overHttpJson);
        using var _ = connection;
        var got = await client.GetReminderAsync(new GetReminderRequest { Name = f.Closed.Name }, cancellationToken: Ct);
        var listed = Assert.Single((await client.ListRemindersAsync(new ListRemindersRequest { Parent = f.Body }, cancellationToken: Ct)).Reminders,
            r => r.Name == f.Closed.Name);
        foreach (var r in new[] { got, listed })
        {
            Assert.Equal(("Lukket", true, true), (r.Subject, r.Redacted, r.Closed));
            Assert.Equal(("", ""), (r.Notes, r.Decision));
            Assert.Equal("Lukket", r.ExpectedTime.FreeText);
            Assert.Equal(("14/01234", "meetings/m2014-08-11", "HRC"), (r.JournalNumber, r.Meeting, r.ResponsibleText));
        }
        // The open reminder beside it is shown as it is.
        var open = Assert.Single((await client.ListRemindersAsync(new ListRemindersRequest { Parent = f.Body }, cancellationToken: Ct)).Reminders,
            r => r.Name == f.Open.Name);
        Assert.Equal(("Budgetopfølgning", false), (open.Subject, open.Redacted));
        Assert.Contains("Lukket", seen.Single(s => s.Call == "GetReminderList").Json, StringComparison.Ordinal);
        // The closed recurring reminder is in today's calendar as "Lukket", its skipped occurrence left out.
        var today = seen.Single(s => s.Call == "GetCalendar today").Json;
        Assert.Contains("SUMMARY:Lukket", today, StringComparison.Ordinal);
        Assert.Contains("EXDATE", today, StringComparison.Ordinal);
        Assert.Contains("SUMMARY:Lukket", seen.Single(s => s.Call == "calendar feed").Json, StringComparison.Ordinal);
        Assert.Contains("OCCURRENCE_STATE_SKIPPED", seen.Single(s => s.Call == "ListOccurrenceMarks").Json, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(InsidersByTransport))]
    public async Task A_member_or_the_secretariat_of_the_body_sees_it_all_and_the_read_is_audited(string caller, bool overHttpJson)
    {
        var f = await FixturesAsync();
        var seen = await WalkAsync(caller, f, overHttpJson);
        foreach (var (call, json, _) in seen.Where(s => !WithoutClosedContent.Contains(s.Call)))
        {
            Assert.True(json.Contains(f.Marker, StringComparison.Ordinal), $"{caller} on {server.Store} did not see the closed reminder in {call}");
        }
        Assert.Contains("OCCURRENCE_STATE_SKIPPED", seen.Single(s => s.Call == "ListOccurrenceMarks").Json, StringComparison.Ordinal);
        var (client, connection) = ClientOf(caller, f.Body, overHttpJson);
        using var _ = connection;
        var got = await client.GetReminderAsync(new GetReminderRequest { Name = f.Closed.Name }, cancellationToken: Ct);
        Assert.Equal((f.Closed.Subject, false, f.Closed.Notes, f.Closed.Decision), (got.Subject, got.Redacted, got.Notes, got.Decision));
        Assert.Equal(f.Closed.ExpectedTime.FreeText, got.ExpectedTime.FreeText);

        var subject = caller == MemberOfTheBody ? $"leak-member-{f.Body["bodies/".Length..]}" : $"leak-secretariat-{f.Body["bodies/".Length..]}";
        var audit = await Client.ListAuditEntriesAsync(new ListAuditEntriesRequest { Resource = f.Closed.Name, Subject = subject, PageSize = 200 }, cancellationToken: Ct);
        Assert.Contains(audit.Entries, e => e.Action == AuditAction.ClosedContentRead && e.Resource == f.Closed.Name);
        // Only the closed reminder's read is audited, not the open one's.
        var openAudit = await Client.ListAuditEntriesAsync(new ListAuditEntriesRequest { Resource = f.Open.Name, Subject = subject, PageSize = 200 }, cancellationToken: Ct);
        Assert.DoesNotContain(openAudit.Entries, e => e.Action == AuditAction.ClosedContentRead);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_outsiders_read_is_not_audited_as_closed_content(bool overHttpJson)
    {
        var f = await FixturesAsync();
        await WalkAsync(RemindersRoles.EmployeeReader, f, overHttpJson);
        var audit = await Client.ListAuditEntriesAsync(new ListAuditEntriesRequest { Resource = f.Closed.Name, Subject = $"leak-{RemindersRoles.EmployeeReader}", PageSize = 200 },
            cancellationToken: Ct);
        Assert.Empty(audit.Entries);
    }

    /// <summary>A time's label is the secretary's own words as much as a free text is ("28. august,
    /// efter samtalen med ..."), so an outsider must not see it either.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_label_of_a_closed_reminders_time_is_not_shown_to_outsiders(bool overHttpJson)
    {
        var marker = $"Hemmelig{Guid.NewGuid():N}"[..20];
        var body = UniqueBody("leak");
        var labelled = OnDate(2014, 8, 28);
        labelled.Label = $"28. august, efter samtalen med {marker}";
        var closed = await CreateAsync(body, NewReminder("Personalesag", labelled, ["HRC"], r => r.Closed = true));

        var (client, connection) = ClientOf(RemindersRoles.EmployeeReader, body, overHttpJson);
        using var _ = connection;
        var got = await client.GetReminderAsync(new GetReminderRequest { Name = closed.Name }, cancellationToken: Ct);
        var list = await client.ListRemindersAsync(new ListRemindersRequest { Parent = body }, cancellationToken: Ct);
        Assert.True(got.Redacted);
        Assert.False(Contains(got.ToByteArray(), marker), $"GetReminder on {server.Store} shows the closed reminder's time label: {got.ExpectedTime}");
        Assert.False(Contains(list.ToByteArray(), marker), $"ListReminders on {server.Store} shows the closed reminder's time label");
    }
}

public sealed class ClosedReminderLeakSqliteTests(SqliteAuthorizationHost host) : ClosedReminderLeakTests(host), IClassFixture<SqliteAuthorizationHost>;

public sealed class ClosedReminderLeakPostgresTests(PostgresAuthorizationHost host) : ClosedReminderLeakTests(host), IClassFixture<PostgresAuthorizationHost>;
