using Google.Protobuf.WellKnownTypes;
using Governance.Audit.V1;
using Governance.Reminders.Security;
using Governance.Reminders.V1;
using Grpc.Core;
using IcalCalendar = Ical.Net.Calendar;

namespace Governance.Reminders.Tests.Api;

/// <summary>Occurrences of a recurring reminder marked done or skipped, one by one, through the API:
/// who and when, the next due time passing over them, the refusals, the list of marks and the
/// calendar's EXDATEs. The reminders recur monthly on the 10th at 08:00 from January 2026, so their
/// next occurrence is always within a month of the real clock (marks reach at most 731 days ahead).</summary>
public abstract class OccurrenceMarksApiTests(IApiHost host) : RemindersApiTestBase(host)
{
    private static readonly TimeZoneInfo Copenhagen = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");

    private static DateTime LocalOf(Timestamp t) => TimeZoneInfo.ConvertTimeFromUtc(t.ToDateTime(), Copenhagen);

    /// <summary>The occurrence a month after <paramref name="t"/>, at the same Copenhagen time.</summary>
    private static Timestamp MonthAfter(Timestamp t) =>
        Timestamp.FromDateTime(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(LocalOf(t).AddMonths(1), DateTimeKind.Unspecified), Copenhagen));

    private Task<Reminder> CreateMonthlyAsync(string body, string subject = "Ledelsesinformation, HR-nøgletal") =>
        CreateAsync(body, NewReminder(subject, Rule("FREQ=MONTHLY", 2026, 1, 10, "Månedligt"), ["HRC"]));

    private async Task<Reminder> MarkAsync(Reminder r, Timestamp at, OccurrenceState state, string? etag = null,
        RemindersService.RemindersServiceClient? client = null) =>
        await (client ?? Client).MarkOccurrenceAsync(new MarkOccurrenceRequest { Name = r.Name, OccurrenceTime = at, State = state, Etag = etag ?? "" },
            cancellationToken: Ct);

    private async Task<IReadOnlyList<OccurrenceMark>> MarksAsync(string reminder) =>
        (await Client.ListOccurrenceMarksAsync(new ListOccurrenceMarksRequest { Parent = reminder, PageSize = 200 }, cancellationToken: Ct)).OccurrenceMarks;

    [Fact]
    public async Task An_occurrence_marked_done_or_skipped_records_who_and_when_and_the_next_due_time_passes_over_it()
    {
        var r = await CreateMonthlyAsync(UniqueBody());
        var first = r.NextDueTime;
        var second = MonthAfter(first);
        var third = MonthAfter(second);
        Assert.Equal((10, 8, 0), (LocalOf(first).Day, LocalOf(first).Hour, LocalOf(first).Minute));

        var before = DateTime.UtcNow.AddSeconds(-1);
        var done = await MarkAsync(r, first, OccurrenceState.Done, r.Etag);
        var after = DateTime.UtcNow.AddSeconds(1);
        Assert.Equal(second, done.NextDueTime);
        Assert.NotEqual(r.Etag, done.Etag);
        Assert.Equal(ReminderState.Open, done.State);
        var mark = Assert.Single(await MarksAsync(r.Name));
        Assert.Equal($"{r.Name}/occurrenceMarks/{LocalOf(first):yyyyMMdd'T'HHmm}", mark.Name);
        Assert.Equal((first, OccurrenceState.Done, "test-all-roles"), (mark.OccurrenceTime, mark.State, mark.MarkedBy));
        Assert.InRange(mark.MarkTime.ToDateTime(), before, after);

        var skipped = await MarkAsync(done, second, OccurrenceState.Skipped, done.Etag);
        Assert.Equal(third, skipped.NextDueTime);
        Assert.Equal(third, (await GetAsync(r.Name)).NextDueTime);
        // Latest occurrence first.
        Assert.Equal([(second, OccurrenceState.Skipped), (first, OccurrenceState.Done)],
            (await MarksAsync(r.Name)).Select(m => (m.OccurrenceTime, m.State)));

        // The same mark again changes nothing: not the reminder's etag, not who and when.
        var marksBefore = await MarksAsync(r.Name);
        var again = await MarkAsync(skipped, second, OccurrenceState.Skipped, skipped.Etag);
        Assert.Equal(skipped.Etag, again.Etag);
        using var other = Host.Server.CreateChannel(Host.Server.Tokens!.Issue("marks-another-secretary", [RemindersRoles.Secretariat],
            [RemindersClaims.ForBodies(Governance.ServiceDefaults.Security.Caller.Everything)]));
        await MarkAsync(again, second, OccurrenceState.Skipped, client: new RemindersService.RemindersServiceClient(other));
        Assert.Equal(marksBefore, await MarksAsync(r.Name));

        // Done instead of skipped: the mark changes.
        var redone = await MarkAsync(again, first, OccurrenceState.Skipped);
        Assert.NotEqual(again.Etag, redone.Etag);
        Assert.Equal(OccurrenceState.Skipped, (await MarksAsync(r.Name))[1].State);

        // Cleared: the first occurrence is due again; clearing it again changes nothing.
        var cleared = await MarkAsync(redone, first, OccurrenceState.Open, redone.Etag);
        Assert.Equal(first, cleared.NextDueTime);
        Assert.Equal([second], (await MarksAsync(r.Name)).Select(m => m.OccurrenceTime));
        Assert.Equal(cleared.Etag, (await MarkAsync(cleared, first, OccurrenceState.Open)).Etag);

        // Each change is audited against the reminder.
        var audit = await Client.ListAuditEntriesAsync(new ListAuditEntriesRequest { Resource = r.Name, PageSize = 200 }, cancellationToken: Ct);
        Assert.True(audit.Entries.Count(e => e.Action == AuditAction.Change && e.Method.EndsWith("/MarkOccurrence", StringComparison.Ordinal)) >= 4,
            string.Join("\n", audit.Entries.Select(e => $"{e.Action} {e.Method}")));
    }

    [Fact]
    public async Task Marks_hold_through_an_edit_and_a_reopening_and_only_an_open_reminder_is_marked()
    {
        var r = await CreateMonthlyAsync(UniqueBody());
        var first = r.NextDueTime;
        var second = MonthAfter(first);
        var marked = await MarkAsync(r, first, OccurrenceState.Skipped);

        // Every write recomputes the next due time: it still passes over the mark.
        marked.Subject = "Ledelsesinformation, HR-nøgletal (kvartal)";
        var edited = await UpdateAsync(marked, "subject");
        Assert.Equal(second, edited.NextDueTime);

        var closed = await ChangeStateAsync(edited, ReminderState.Done);
        Assert.Null(closed.NextDueTime);
        await ApiAssert.FailedPrecondition(() => Client.MarkOccurrenceAsync(
            new MarkOccurrenceRequest { Name = r.Name, OccurrenceTime = second, State = OccurrenceState.Done }, cancellationToken: Ct), "REMINDER_NOT_OPEN", "DONE");
        Assert.Single(await MarksAsync(r.Name));

        var reopened = await ChangeStateAsync(closed, ReminderState.Open);
        Assert.Equal(second, reopened.NextDueTime);

        var dropped = await ChangeStateAsync(reopened, ReminderState.Dropped);
        await ApiAssert.FailedPrecondition(() => Client.MarkOccurrenceAsync(
            new MarkOccurrenceRequest { Name = r.Name, OccurrenceTime = second, State = OccurrenceState.Skipped }, cancellationToken: Ct), "REMINDER_NOT_OPEN", "DROPPED");
        Assert.Equal(dropped.Etag, (await GetAsync(r.Name)).Etag);
    }

    [Fact]
    public async Task A_time_that_is_no_occurrence_and_a_reminder_that_does_not_recur_are_refused()
    {
        var body = UniqueBody();
        var r = await CreateMonthlyAsync(body);
        var first = r.NextDueTime;
        Task<Reminder> Mark(MarkOccurrenceRequest request) => Client.MarkOccurrenceAsync(request, cancellationToken: Ct).ResponseAsync;

        // An hour off, a day off, the local time sent as UTC: no occurrence.
        foreach (var wrong in new[] { first.ToDateTime().AddHours(1), first.ToDateTime().AddDays(1), DateTime.SpecifyKind(LocalOf(first), DateTimeKind.Utc) })
        {
            var error = await ApiAssert.InvalidArgument(() => Mark(new MarkOccurrenceRequest
                { Name = r.Name, OccurrenceTime = Timestamp.FromDateTime(wrong), State = OccurrenceState.Done }), "occurrence_time");
            Assert.Contains("not an occurrence", error.Describe(), StringComparison.Ordinal);
        }
        // An occurrence, but beyond 731 days.
        var far = first;
        for (var i = 0; i < 25; i++) far = MonthAfter(far);
        await ApiAssert.InvalidArgument(() => Mark(new MarkOccurrenceRequest { Name = r.Name, OccurrenceTime = far, State = OccurrenceState.Skipped }), "occurrence_time");
        await ApiAssert.InvalidArgument(() => Mark(new MarkOccurrenceRequest { Name = r.Name, State = OccurrenceState.Done }), "occurrence_time");
        await ApiAssert.InvalidArgument(() => Mark(new MarkOccurrenceRequest { Name = r.Name, OccurrenceTime = first }), "state");
        await ApiAssert.InvalidArgument(() => Mark(new MarkOccurrenceRequest { Name = r.Name, OccurrenceTime = first, State = (OccurrenceState)7 }), "state");
        await ApiAssert.InvalidArgument(() => Mark(new MarkOccurrenceRequest { Name = body, OccurrenceTime = first, State = OccurrenceState.Done }), "name");
        await ApiAssert.NotFound(() => Client.MarkOccurrenceAsync(
            new MarkOccurrenceRequest { Name = $"{body}/reminders/ukendt", OccurrenceTime = first, State = OccurrenceState.Done }, cancellationToken: Ct),
            $"{body}/reminders/ukendt");
        await ApiAssert.Aborted(() => Mark(new MarkOccurrenceRequest { Name = r.Name, OccurrenceTime = first, State = OccurrenceState.Done, Etag = "\"99\"" }));

        // A date is one occurrence: the reminder itself is marked done.
        var dated = await CreateAsync(body, NewReminder("Regnskab 2026", OnDate(2027, 4, 28)));
        await ApiAssert.FailedPrecondition(() => Client.MarkOccurrenceAsync(
            new MarkOccurrenceRequest { Name = dated.Name, OccurrenceTime = dated.NextDueTime, State = OccurrenceState.Done }, cancellationToken: Ct),
            "REMINDER_NOT_RECURRING", "ChangeReminderState");

        // Nothing was marked by any of it.
        Assert.Empty(await MarksAsync(r.Name));
        Assert.Equal(r.Etag, (await GetAsync(r.Name)).Etag);
    }

    [Fact]
    public async Task The_secretariat_of_another_body_may_not_mark_and_a_reader_may_list_but_not_mark()
    {
        var r = await CreateMonthlyAsync(UniqueBody());
        var tokens = Host.Server.Tokens!;
        using var elsewhere = Host.Server.CreateChannel(tokens.Issue("marks-secretariat-elsewhere", [RemindersRoles.Secretariat], [RemindersClaims.ForBodies("anden-bestyrelse")]));
        var error = await ApiAssert.RpcError(StatusCode.PermissionDenied,
            () => MarkAsync(r, r.NextDueTime, OccurrenceState.Done, client: new RemindersService.RemindersServiceClient(elsewhere)), "BODY_NOT_SERVED");
        Assert.Equal(r.Name[..r.Name.IndexOf("/reminders/", StringComparison.Ordinal)], error.Info.Metadata["body"]);

        await MarkAsync(r, r.NextDueTime, OccurrenceState.Skipped);
        using var reader = Host.Server.CreateChannel(tokens.Issue("marks-reader", [RemindersRoles.EmployeeReader], [RemindersClaims.ForBodies(Governance.ServiceDefaults.Security.Caller.Everything)]));
        var readerClient = new RemindersService.RemindersServiceClient(reader);
        var listed = await readerClient.ListOccurrenceMarksAsync(new ListOccurrenceMarksRequest { Parent = r.Name }, cancellationToken: Ct);
        Assert.Equal([OccurrenceState.Skipped], listed.OccurrenceMarks.Select(m => m.State));
        var refused = await Assert.ThrowsAsync<RpcException>(() => MarkAsync(r, r.NextDueTime, OccurrenceState.Open, client: readerClient));
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Single(await MarksAsync(r.Name));
    }

    [Fact]
    public async Task The_marks_are_listed_in_pages_latest_occurrence_first()
    {
        var body = UniqueBody();
        var r = await CreateMonthlyAsync(body);
        var times = new List<Timestamp> { r.NextDueTime };
        for (var i = 0; i < 4; i++) times.Add(MonthAfter(times[^1]));
        foreach (var t in times)
        {
            await MarkAsync(r, t, times.IndexOf(t) % 2 == 0 ? OccurrenceState.Done : OccurrenceState.Skipped);
        }

        var seen = new List<Timestamp>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await Client.ListOccurrenceMarksAsync(new ListOccurrenceMarksRequest { Parent = r.Name, PageSize = 2, PageToken = token }, cancellationToken: Ct);
            Assert.True(page.OccurrenceMarks.Count <= 2);
            seen.AddRange(page.OccurrenceMarks.Select(m => m.OccurrenceTime));
            token = page.NextPageToken;
            pages++;
        }
        while (token.Length > 0);
        Assert.Equal(3, pages);
        Assert.Equal(times.AsEnumerable().Reverse(), seen);

        // A token belongs to its reminder; an unknown reminder is not found.
        var first = await Client.ListOccurrenceMarksAsync(new ListOccurrenceMarksRequest { Parent = r.Name, PageSize = 2 }, cancellationToken: Ct);
        var other = await CreateMonthlyAsync(body, "Sygefravær");
        await ApiAssert.InvalidArgument(() => Client.ListOccurrenceMarksAsync(
            new ListOccurrenceMarksRequest { Parent = other.Name, PageSize = 2, PageToken = first.NextPageToken }, cancellationToken: Ct), "page_token");
        Assert.Empty(await MarksAsync(other.Name));
        await ApiAssert.NotFound(() => Client.ListOccurrenceMarksAsync(new ListOccurrenceMarksRequest { Parent = $"{body}/reminders/ukendt" }, cancellationToken: Ct),
            $"{body}/reminders/ukendt");
        await ApiAssert.InvalidArgument(() => Client.ListOccurrenceMarksAsync(new ListOccurrenceMarksRequest { Parent = body }, cancellationToken: Ct), "parent");
    }

    [Fact]
    public async Task The_calendar_leaves_the_marked_occurrences_out_as_exdates_of_the_one_event()
    {
        var body = UniqueBody();
        var r = await CreateMonthlyAsync(body);
        var first = r.NextDueTime;
        var second = MonthAfter(first);
        var third = MonthAfter(second);
        await MarkAsync(r, first, OccurrenceState.Done);
        await MarkAsync(r, second, OccurrenceState.Skipped);

        var start = DateOnly.FromDateTime(LocalOf(first)).AddDays(-40);
        var calendar = await Client.GetCalendarAsync(new GetCalendarRequest
        {
            Body = body,
            StartDate = Date(start.Year, start.Month, start.Day),
            EndDate = Date(start.AddDays(200).Year, start.AddDays(200).Month, start.AddDays(200).Day),
        }, cancellationToken: Ct);

        Assert.Contains($"EXDATE;TZID=Europe/Copenhagen:{LocalOf(first):yyyyMMdd'T'HHmmss},{LocalOf(second):yyyyMMdd'T'HHmmss}\r\n", calendar.Ics,
            StringComparison.Ordinal);
        var parsed = IcalCalendar.Load(calendar.Ics)!;
        var e = Assert.Single(parsed.Events);
        Assert.Equal("FREQ=MONTHLY", e.RecurrenceRule!.ToString());
        var from = new Ical.Net.DataTypes.CalDateTime(first.ToDateTime().AddDays(-1), "UTC");
        var next = parsed.GetOccurrences(from).Select(o => o.Period.StartTime.AsUtc).First();
        Assert.Equal(third.ToDateTime(), next);
    }
}

public sealed class OccurrenceMarksApiSqliteTests(SqliteApiHost host) : OccurrenceMarksApiTests(host), IClassFixture<SqliteApiHost>;

public sealed class OccurrenceMarksApiPostgresTests(PostgresApiHost host) : OccurrenceMarksApiTests(host), IClassFixture<PostgresApiHost>;
