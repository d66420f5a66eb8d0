using System.Data.Common;
using Dapper;
using Governance.Data.Connections;
using Governance.Data.Idempotency;
using Governance.Data.Migrations;
using Governance.Meetings.Data;
using Governance.Meetings.Domain;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Errors;
using Microsoft.Extensions.Logging.Abstractions;
using static Governance.Meetings.Tests.Store.StoreTestData;

namespace Governance.Meetings.Tests.Store;

/// <summary>
/// The Meetings store against a real database. The tests are written once here and run on each
/// dialect by a subclass. A class's tests may share one database, so every test uses its own ids,
/// and the tests that look at global lists use their own key ranges and time windows.
/// </summary>
public abstract class MeetingsStoreTests : IAsyncDisposable
{
    private static int window;
    private ServiceDatabase? database;
    private MeetingsStore? store;

    protected abstract StoreDialect Dialect { get; }

    /// <summary>The database to use; skips (or, in CI, fails) the test when it is not available.</summary>
    protected abstract string ConnectionString { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The database, migrated (the migration runs for every test, so it runs again on a migrated database).</summary>
    private async Task<MeetingsStore> StoreAsync()
    {
        if (store is null)
        {
            database = new ServiceDatabase("Meetings", Dialect, ConnectionString);
            await MigrateAsync();
            store = new MeetingsStore(database);
        }
        return store;
    }

    private Task MigrateAsync() =>
        DatabaseMigrator.MigrateAsync(database!, typeof(MeetingsStore).Assembly, NullLogger.Instance, Ct);

    private async Task WriteAsync(Func<MeetingsSession, Task> work)
    {
        await using var session = await (await StoreAsync()).BeginAsync(write: true, Ct);
        await work(session);
        await session.CommitAsync(Ct);
    }

    private async Task<T> ReadAsync<T>(Func<MeetingsSession, Task<T>> work)
    {
        await using var session = await (await StoreAsync()).BeginAsync(write: false, Ct);
        return await work(session);
    }

    /// <summary>A week of local time that no other test uses, for lists over all bodies.</summary>
    private static DateTime OwnWeek() => new DateTime(2400, 1, 3, 0, 0, 0).AddDays(7 * Interlocked.Increment(ref window));

    private async Task<(BodyRecord Body, MeetingRecord Meeting)> BodyAndMeetingAsync()
    {
        var body = Body(NewId("b"));
        var meeting = Meeting(NewId("m"), body.Id, new DateTime(2017, 3, 9, 8, 30, 0));
        await WriteAsync(async s =>
        {
            await s.InsertBodyAsync(body);
            await s.InsertMeetingAsync(meeting);
        });
        return (body, meeting);
    }

    public async ValueTask DisposeAsync()
    {
        await DisposeAsyncCore();
        GC.SuppressFinalize(this);
    }

    protected virtual async ValueTask DisposeAsyncCore()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    // ---- migrations ----

    private static readonly string[] Tables = ["bodies", "meetings", "agenda_items", "decisions", "idempotency_keys", "audit_entries", "outbox_messages", "inbox_messages", "approved_minutes", "meeting_imports"];

    [Fact]
    public async Task Migration_creates_the_tables_and_running_it_again_is_a_no_op()
    {
        await StoreAsync();
        var body = Body(NewId("b"));
        await WriteAsync(s => s.InsertBodyAsync(body));

        await MigrateAsync();
        await MigrateAsync();

        var tables = await ReadAsync(async s => (await s.Connection.QueryAsync<string>(
            Dialect == StoreDialect.Sqlite
                ? "SELECT name FROM sqlite_master WHERE type = 'table'"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()",
            transaction: s.Transaction)).ToHashSet());
        foreach (var table in Tables)
        {
            Assert.Contains(table, tables);
        }
        var versions = await ReadAsync(s => s.Connection.QueryAsync<long>("SELECT \"Version\" FROM \"VersionInfo\"", transaction: s.Transaction));
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L, 7L], versions.Order());
        // The data is still there.
        AssertSame(body, await ReadAsync(s => s.GetBodyAsync(body.Id)));
    }

    [Fact]
    public async Task Approved_minutes_are_kept_per_audience_exactly_and_only_once()
    {
        await StoreAsync();
        var (_, meeting) = await BodyAndMeetingAsync();
        var approvedAt = new DateTime(2017, 3, 16, 9, 0, 0, DateTimeKind.Utc);
        V1.Minutes Minutes(Audience audience) => new()
        {
            Name = $"meetings/{meeting.Id}/minutes",
            Audience = audience,
            Status = MinutesStatus.Approved,
            Title = "REFERAT Direktionen d. 09-03-2017",
            ApproveTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(approvedAt),
            Items = { new MinutesItem { Number = 1, Title = audience == Audience.Public ? "Lukket" : "Personalesag – æøå", Kind = ItemKind.Closed } },
            Text = "REFERAT Direktionen d. 09-03-2017\n\nMødested Mødelokale B105 – æøå\n",
        };

        await WriteAsync(async s =>
        {
            await s.InsertApprovedMinutesAsync(meeting.Id, Minutes(Audience.Members), approvedAt);
            await s.InsertApprovedMinutesAsync(meeting.Id, Minutes(Audience.Public), approvedAt);
        });

        Assert.Equal(Minutes(Audience.Members), await ReadAsync(s => s.GetApprovedMinutesAsync(meeting.Id, Audience.Members)));
        Assert.Equal(Minutes(Audience.Public), await ReadAsync(s => s.GetApprovedMinutesAsync(meeting.Id, Audience.Public)));
        Assert.Null(await ReadAsync(s => s.GetApprovedMinutesAsync(NewId("m"), Audience.Public)));
        // A record is written once: a second one for the same audience is refused by the key.
        await Assert.ThrowsAnyAsync<DbException>(() => WriteAsync(s => s.InsertApprovedMinutesAsync(meeting.Id, Minutes(Audience.Public), approvedAt)));
    }

    [Fact]
    public async Task The_dialect_is_the_one_configured()
    {
        var s = await StoreAsync();
        Assert.Equal(Dialect, s.Database.Dialect);
        await using var session = await s.BeginAsync(write: false, Ct);
        Assert.Equal(Dialect, session.Dialect);
        Assert.Equal(Dialect == StoreDialect.Sqlite ? "SqliteConnection" : "NpgsqlConnection", session.Connection.GetType().Name);
    }

    // ---- bodies ----

    [Fact]
    public async Task Body_round_trips_every_field()
    {
        var body = Body(NewId("b"));
        await WriteAsync(s => s.InsertBodyAsync(body));

        AssertSame(body, await ReadAsync(s => s.GetBodyAsync(body.Id)));
        AssertSame(body, await ReadAsync(s => s.GetBodyAsync(body.Id, forUpdate: false)));
        await WriteAsync(async s => AssertSame(body, await s.GetBodyAsync(body.Id, forUpdate: true)));
    }

    [Fact]
    public async Task Body_with_empty_lists_round_trips()
    {
        var body = new BodyRecord
        {
            Id = NewId("b"),
            DisplayName = "Å",
            CreatedAt = Utc(2020, 1, 1),
            UpdatedAt = Utc(2020, 1, 1),
        };
        await WriteAsync(s => s.InsertBodyAsync(body));
        var read = await ReadAsync(s => s.GetBodyAsync(body.Id));
        AssertSame(body, read);
        Assert.Empty(read!.Members);
        Assert.Empty(read.AgendaTemplate);
        Assert.Equal("", read.ShortName);
    }

    [Fact]
    public async Task Body_update_changes_every_updatable_field()
    {
        var body = Body(NewId("b"));
        await WriteAsync(s => s.InsertBodyAsync(body));

        var updated = body with
        {
            DisplayName = "Hovedudvalget (HU) – ændret",
            ShortName = "HU",
            Members = [new BodyMember { DisplayName = "Ærlige Åge", Role = MemberRole.Member, Unit = "ØK" }],
            UsualRoom = "Byrådssalen",
            AgendaTemplate = [new StandingItemTemplate { Title = "Meddelelser", JournalNumber = "11/34493", AppendMeetingDate = true }],
            Version = 2,
            UpdatedAt = Utc(2018, 6, 30, 23, 59),
        };
        await WriteAsync(async s =>
        {
            Assert.NotNull(await s.GetBodyAsync(body.Id, forUpdate: true));
            await s.UpdateBodyAsync(updated);
        });

        AssertSame(updated, await ReadAsync(s => s.GetBodyAsync(body.Id)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(0)]
    public async Task Stale_body_update_is_an_etag_mismatch(long version)
    {
        var body = Body(NewId("b"));
        await WriteAsync(s => s.InsertBodyAsync(body));

        var ex = await Assert.ThrowsAsync<EtagMismatchException>(() =>
            WriteAsync(s => s.UpdateBodyAsync(body with { DisplayName = "Ændret", Version = version })));
        Assert.Equal(Identifiers.BodyName(body.Id), ex.Metadata["resource"]);
        AssertSame(body, await ReadAsync(s => s.GetBodyAsync(body.Id)));
    }

    [Fact]
    public async Task Updating_an_unknown_body_is_an_etag_mismatch() =>
        await Assert.ThrowsAsync<EtagMismatchException>(() => WriteAsync(s => s.UpdateBodyAsync(Body(NewId("b")) with { Version = 2 })));

    [Fact]
    public async Task Unknown_ids_read_as_null()
    {
        await BodyAndMeetingAsync();
        Assert.Null(await ReadAsync(s => s.GetBodyAsync("no-such-body")));
        Assert.Null(await ReadAsync(s => s.GetMeetingAsync("no-such-meeting")));
        Assert.Null(await ReadAsync(s => s.GetItemAsync("no-such-item")));
        Assert.Null(await ReadAsync(s => s.GetDecisionAsync("no-such-decision")));
    }

    [Fact]
    public async Task Bodies_are_listed_by_id_with_a_keyset()
    {
        var prefix = NewId("k");
        // Inserted out of order; listed in id order.
        string[] ids = [prefix + "c", prefix + "a", prefix + "d", prefix + "b", prefix + "e"];
        await WriteAsync(async s =>
        {
            foreach (var id in ids)
            {
                await s.InsertBodyAsync(Body(id));
            }
        });

        var first = await ReadAsync(s => s.ListBodiesAsync(prefix, 2));
        Assert.Equal([prefix + "a", prefix + "b"], first.Select(b => b.Id));
        var second = await ReadAsync(s => s.ListBodiesAsync(first[^1].Id, 2));
        Assert.Equal([prefix + "c", prefix + "d"], second.Select(b => b.Id));
        var third = await ReadAsync(s => s.ListBodiesAsync(second[^1].Id, 1));
        Assert.Equal([prefix + "e"], third.Select(b => b.Id));
        AssertSame(Body(prefix + "e"), third[0]);

        var all = await ReadAsync(s => s.ListBodiesAsync(null, 10_000));
        var ours = all.Where(b => b.Id.StartsWith(prefix, StringComparison.Ordinal)).Select(b => b.Id).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), ours);
        Assert.Equal(2, (await ReadAsync(s => s.ListBodiesAsync(null, 2))).Count);
    }

    // ---- meetings ----

    [Fact]
    public async Task Meeting_round_trips_every_field_with_null_timestamps()
    {
        var (_, meeting) = await BodyAndMeetingAsync();
        var read = await ReadAsync(s => s.GetMeetingAsync(meeting.Id));
        AssertSame(meeting, read);
        Assert.Null(read!.AgendaPublishedAt);
        Assert.Null(read.HeldAt);
        Assert.Null(read.MinutesApprovedAt);
    }

    [Fact]
    public async Task Meeting_update_changes_every_updatable_field()
    {
        var (_, meeting) = await BodyAndMeetingAsync();
        var updated = meeting with
        {
            // An ambiguous local time (fall back): the stored wall clock and instant are kept as given.
            StartLocal = new DateTime(2026, 10, 25, 2, 30, 15),
            StartUtc = new DateTime(2026, 10, 25, 0, 30, 15, DateTimeKind.Utc),
            Title = "Ekstraordinært møde – økonomi",
            Room = "Lokale Ø2",
            Participants = [new BodyMember { DisplayName = "Ærø Åbenrå", Role = MemberRole.Chair }],
            State = MeetingState.MinutesApproved,
            CancelReason = "Ikke aflyst – blot en tekst med æøå",
            AgendaPublishedAt = Utc(2026, 10, 18, 8),
            HeldAt = Utc(2026, 10, 25, 3),
            MinutesApprovedAt = Utc(2026, 11, 1, 12),
            Version = 2,
            UpdatedAt = Utc(2026, 11, 1, 12),
        };
        await WriteAsync(async s =>
        {
            Assert.NotNull(await s.GetMeetingAsync(meeting.Id, forUpdate: true));
            await s.UpdateMeetingAsync(updated);
        });
        AssertSame(updated, await ReadAsync(s => s.GetMeetingAsync(meeting.Id)));

        // And back to null.
        var cleared = updated with { AgendaPublishedAt = null, HeldAt = null, MinutesApprovedAt = null, Version = 3 };
        await WriteAsync(s => s.UpdateMeetingAsync(cleared));
        AssertSame(cleared, await ReadAsync(s => s.GetMeetingAsync(meeting.Id)));
    }

    [Fact]
    public async Task Meeting_update_keeps_body_and_creation_time()
    {
        var (_, meeting) = await BodyAndMeetingAsync();
        var other = Body(NewId("b"));
        await WriteAsync(s => s.InsertBodyAsync(other));
        await WriteAsync(s => s.UpdateMeetingAsync(meeting with { BodyId = other.Id, CreatedAt = Utc(2030, 1, 1), Version = 2 }));
        var read = await ReadAsync(s => s.GetMeetingAsync(meeting.Id));
        Assert.Equal(meeting.BodyId, read!.BodyId);
        AssertInstant(meeting.CreatedAt, read.CreatedAt, "created_at");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public async Task Stale_meeting_update_is_an_etag_mismatch(long version)
    {
        var (_, meeting) = await BodyAndMeetingAsync();
        var ex = await Assert.ThrowsAsync<EtagMismatchException>(() =>
            WriteAsync(s => s.UpdateMeetingAsync(meeting with { State = MeetingState.Cancelled, Version = version })));
        Assert.Equal(Identifiers.MeetingName(meeting.Id), ex.Metadata["resource"]);
        AssertSame(meeting, await ReadAsync(s => s.GetMeetingAsync(meeting.Id)));
    }

    [Theory]
    [InlineData(2017, 3, 9, 8, 30, 0)]
    [InlineData(2012, 8, 14, 10, 0, 0)]
    [InlineData(2026, 10, 25, 2, 30, 0)]
    [InlineData(2026, 12, 31, 23, 59, 59)]
    [InlineData(2000, 1, 1, 0, 0, 0)]
    public async Task Start_local_round_trips_as_a_wall_clock(int y, int mo, int d, int h, int mi, int sec)
    {
        var body = Body(NewId("b"));
        var local = new DateTime(y, mo, d, h, mi, sec);
        var meeting = Meeting(NewId("m"), body.Id, local);
        await WriteAsync(async s =>
        {
            await s.InsertBodyAsync(body);
            await s.InsertMeetingAsync(meeting);
        });
        var read = await ReadAsync(s => s.GetMeetingAsync(meeting.Id));
        Assert.Equal(local, read!.StartLocal);
        Assert.Equal(DateTimeKind.Unspecified, read.StartLocal.Kind);
        AssertInstant(CopenhagenTime.ToUtc(local)!.Value, read.StartUtc, "start_utc");
    }

    [Fact]
    public async Task Instants_keep_their_ticks_up_to_a_microsecond_and_come_back_as_utc()
    {
        var body = Body(NewId("b")) with
        {
            CreatedAt = new DateTime(2017, 3, 9, 7, 30, 0, DateTimeKind.Utc).AddTicks(9_999_999),
            UpdatedAt = new DateTime(1999, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(1),
        };
        await WriteAsync(s => s.InsertBodyAsync(body));
        var read = await ReadAsync(s => s.GetBodyAsync(body.Id));
        AssertInstant(body.CreatedAt, read!.CreatedAt, "created_at");
        AssertInstant(body.UpdatedAt, read.UpdatedAt, "updated_at");
        Assert.Equal(body.CreatedAt.Date, read.CreatedAt.Date);
    }

    [Fact]
    public async Task Get_meetings_returns_each_known_meeting_once()
    {
        var (body, m1) = await BodyAndMeetingAsync();
        var m2 = Meeting(NewId("m"), body.Id, new DateTime(2017, 3, 16, 8, 30, 0));
        await WriteAsync(s => s.InsertMeetingAsync(m2));

        var found = await ReadAsync(s => s.GetMeetingsAsync([m1.Id, m2.Id, m1.Id, "unknown"]));
        Assert.Equal(new[] { m1.Id, m2.Id }.Order(StringComparer.Ordinal), found.Select(m => m.Id).Order(StringComparer.Ordinal));
        AssertSame(m2, found.Single(m => m.Id == m2.Id));
        Assert.Empty(await ReadAsync(s => s.GetMeetingsAsync([])));
        Assert.Empty(await ReadAsync(s => s.GetMeetingsAsync(["unknown"])));
    }

    /// <summary>Two bodies with meetings in a week of their own: (body A) day 1 09:00, day 2 09:00 (two
    /// meetings at the same instant), day 3 09:00 cancelled, day 4 09:00; (body B) day 2 12:00.</summary>
    private async Task<(string BodyA, string BodyB, DateTime Week, MeetingRecord[] A, MeetingRecord B)> MeetingsInAWeekAsync()
    {
        var week = OwnWeek();
        var bodyA = Body(NewId("b"));
        var bodyB = Body(NewId("b"));
        var prefix = NewId("m");
        MeetingRecord At(string suffix, string bodyId, int day, int hour) =>
            Meeting(prefix + suffix, bodyId, week.AddDays(day).AddHours(hour));
        MeetingRecord[] a =
        [
            At("a", bodyA.Id, 1, 9),
            At("c", bodyA.Id, 2, 9),
            At("b", bodyA.Id, 2, 9),
            At("d", bodyA.Id, 3, 9) with { State = MeetingState.Cancelled, CancelReason = "Aflyst på grund af sygdom" },
            At("e", bodyA.Id, 4, 9),
        ];
        var b = At("f", bodyB.Id, 2, 12);
        await WriteAsync(async s =>
        {
            await s.InsertBodyAsync(bodyA);
            await s.InsertBodyAsync(bodyB);
            // Inserted in reverse, so the order comes from the query.
            foreach (var m in a.Reverse())
            {
                await s.InsertMeetingAsync(m);
            }
            await s.InsertMeetingAsync(b);
        });
        return (bodyA.Id, bodyB.Id, week, a, b);
    }

    private static DateTime WeekUtc(DateTime week, int days) => CopenhagenTime.StartOfDayUtc(DateOnly.FromDateTime(week.AddDays(days)));

    [Fact]
    public async Task Meetings_of_a_body_are_listed_in_start_order_then_id_without_cancelled()
    {
        var (bodyA, _, _, a, _) = await MeetingsInAWeekAsync();
        var listed = await ReadAsync(s => s.ListMeetingsAsync(bodyA, null, null, showCancelled: false, null, 100));
        Assert.Equal([a[0].Id, a[2].Id, a[1].Id, a[4].Id], listed.Select(m => m.Id));
        AssertSame(a[4], listed[^1]);
    }

    [Fact]
    public async Task Cancelled_meetings_are_listed_when_asked()
    {
        var (bodyA, _, _, a, _) = await MeetingsInAWeekAsync();
        var listed = await ReadAsync(s => s.ListMeetingsAsync(bodyA, null, null, showCancelled: true, null, 100));
        Assert.Equal([a[0].Id, a[2].Id, a[1].Id, a[3].Id, a[4].Id], listed.Select(m => m.Id));
        Assert.Equal("Aflyst på grund af sygdom", listed[3].CancelReason);
    }

    [Fact]
    public async Task Meetings_of_all_bodies_in_a_window_from_inclusive_to_exclusive()
    {
        var (_, _, week, a, b) = await MeetingsInAWeekAsync();

        var whole = await ReadAsync(s => s.ListMeetingsAsync(null, WeekUtc(week, 0), WeekUtc(week, 7), true, null, 100));
        Assert.Equal([a[0].Id, a[2].Id, a[1].Id, b.Id, a[3].Id, a[4].Id], whole.Select(m => m.Id));

        // From is inclusive: exactly the start of a[0].
        var fromExact = await ReadAsync(s => s.ListMeetingsAsync(null, a[0].StartUtc, WeekUtc(week, 7), false, null, 100));
        Assert.Equal(a[0].Id, fromExact[0].Id);
        // To is exclusive: exactly the start of a[4] leaves it out.
        var toExact = await ReadAsync(s => s.ListMeetingsAsync(null, WeekUtc(week, 0), a[4].StartUtc, false, null, 100));
        Assert.DoesNotContain(a[4].Id, toExact.Select(m => m.Id));
        Assert.Equal([a[0].Id, a[2].Id, a[1].Id, b.Id], toExact.Select(m => m.Id));

        // Day 2 only.
        var day2 = await ReadAsync(s => s.ListMeetingsAsync(null, WeekUtc(week, 2), WeekUtc(week, 3), false, null, 100));
        Assert.Equal([a[2].Id, a[1].Id, b.Id], day2.Select(m => m.Id));

        // Only from, only to.
        var fromDay3 = await ReadAsync(s => s.ListMeetingsAsync(null, WeekUtc(week, 3), null, true, null, 10_000));
        Assert.Equal([a[3].Id, a[4].Id], fromDay3.Where(m => m.StartUtc < WeekUtc(week, 7)).Select(m => m.Id));
        var toDay2 = await ReadAsync(s => s.ListMeetingsAsync(null, null, WeekUtc(week, 2), true, null, 10_000));
        Assert.Equal([a[0].Id], toDay2.Where(m => m.StartUtc >= WeekUtc(week, 0)).Select(m => m.Id));
    }

    [Fact]
    public async Task Body_and_window_filters_combine()
    {
        var (bodyA, bodyB, week, a, b) = await MeetingsInAWeekAsync();
        var aDay2 = await ReadAsync(s => s.ListMeetingsAsync(bodyA, WeekUtc(week, 2), WeekUtc(week, 3), false, null, 100));
        Assert.Equal([a[2].Id, a[1].Id], aDay2.Select(m => m.Id));
        var bAll = await ReadAsync(s => s.ListMeetingsAsync(bodyB, null, null, false, null, 100));
        Assert.Equal([b.Id], bAll.Select(m => m.Id));
        Assert.Empty(await ReadAsync(s => s.ListMeetingsAsync("no-such-body", null, null, true, null, 100)));
    }

    [Fact]
    public async Task Meetings_are_paged_with_a_start_and_id_keyset()
    {
        var (bodyA, _, _, a, _) = await MeetingsInAWeekAsync();
        var seen = new List<string>();
        (DateTime StartUtc, string Id)? after = null;
        var pages = 0;
        while (true)
        {
            var current = after;
            var page = await ReadAsync(s => s.ListMeetingsAsync(bodyA, null, null, true, current, 2));
            Assert.True(page.Count <= 2);
            if (page.Count == 0)
            {
                break;
            }
            pages++;
            seen.AddRange(page.Select(m => m.Id));
            // The key is what the service puts in its page token: the row as read.
            after = (page[^1].StartUtc, page[^1].Id);
        }
        Assert.Equal(3, pages);
        Assert.Equal([a[0].Id, a[2].Id, a[1].Id, a[3].Id, a[4].Id], seen);

        // A key between the two meetings that start at the same instant.
        var tie = await ReadAsync(s => s.ListMeetingsAsync(bodyA, null, null, true, (a[2].StartUtc, a[2].Id), 100));
        Assert.Equal([a[1].Id, a[3].Id, a[4].Id], tie.Select(m => m.Id));
        // A key rebuilt from ticks, as the service does from its token.
        var fromTicks = await ReadAsync(s => s.ListMeetingsAsync(bodyA, null, null, true, (new DateTime(tie[0].StartUtc.Ticks, DateTimeKind.Utc), tie[0].Id), 100));
        Assert.Equal([a[3].Id, a[4].Id], fromTicks.Select(m => m.Id));
    }

    [Fact]
    public async Task Meetings_list_respects_the_limit()
    {
        var (bodyA, _, _, a, _) = await MeetingsInAWeekAsync();
        var one = await ReadAsync(s => s.ListMeetingsAsync(bodyA, null, null, true, null, 1));
        Assert.Equal([a[0].Id], one.Select(m => m.Id));
    }

    // ---- agenda items ----

    [Fact]
    public async Task Item_round_trips_every_field()
    {
        var (_, meeting) = await BodyAndMeetingAsync();
        var origin = Item(NewId("i"), meeting.Id, 1);
        var item = Item(NewId("i"), meeting.Id, 2) with { Kind = ItemKind.Closed, OriginItemId = origin.Id };
        await WriteAsync(async s =>
        {
            await s.InsertItemAsync(origin);
            await s.InsertItemAsync(item);
        });
        AssertSame(item, await ReadAsync(s => s.GetItemAsync(item.Id)));
        AssertSame(origin, await ReadAsync(s => s.GetItemAsync(origin.Id)));
        // The midnight guest keeps a present (all-default) joins_at; the third guest has none.
        var guests = (await ReadAsync(s => s.GetItemAsync(item.Id)))!.Guests;
        Assert.NotNull(guests[1].JoinsAt);
        Assert.Null(guests[2].JoinsAt);
    }

    [Fact]
    public async Task Item_without_recommendation_and_lists_round_trips()
    {
        var (_, meeting) = await BodyAndMeetingAsync();
        var item = new ItemRecord
        {
            Id = NewId("i"),
            MeetingId = meeting.Id,
            Position = 1,
            JournalNumber = "12/3142",
            Title = "Øvrige sager - 09-03-2017",
            Kind = ItemKind.Standing,
            CreatedAt = Utc(2017, 3, 1),
            UpdatedAt = Utc(2017, 3, 1),
        };
        var emptyRecommendation = item with { Id = NewId("i"), Position = 2, Recommendation = new Recommendation() };
        await WriteAsync(async s =>
        {
            await s.InsertItemAsync(item);
            await s.InsertItemAsync(emptyRecommendation);
        });
        var read = await ReadAsync(s => s.GetItemAsync(item.Id));
        AssertSame(item, read);
        Assert.Null(read!.Recommendation);
        Assert.Empty(read.Sections);
        Assert.False(read.Supplement);
        var readEmpty = await ReadAsync(s => s.GetItemAsync(emptyRecommendation.Id));
        Assert.Equal(new Recommendation(), readEmpty!.Recommendation);
    }

    [Fact]
    public async Task Long_danish_text_round_trips()
    {
        var (_, meeting) = await BodyAndMeetingAsync();
        var text = string.Concat(Enumerable.Repeat("Æblegrød på Ærø – så går det løs. ", 3000))[..100_000];
        var item = Item(NewId("i"), meeting.Id, 1) with
        {
            Title = new string('Ø', 500),
            Sections = [new Section { Kind = SectionKind.Sagsfremstilling, Heading = "Sagsfremstilling", Text = text }],
        };
        await WriteAsync(s => s.InsertItemAsync(item));
        var read = await ReadAsync(s => s.GetItemAsync(item.Id));
        Assert.Equal(text, read!.Sections[0].Text);
        Assert.Equal(item.Title, read.Title);
    }

    [Fact]
    public async Task Item_update_changes_every_updatable_field()
    {
        var (_, meeting) = await BodyAndMeetingAsync();
        var item = Item(NewId("i"), meeting.Id, 1) with { Supplement = false };
        await WriteAsync(s => s.InsertItemAsync(item));
        var updated = item with
        {
            Position = 4,
            JournalNumber = "11/34493",
            Title = "Ny titel – æøå",
            Kind = ItemKind.Closed,
            Sections = [new Section { Kind = SectionKind.Horing, Heading = "Høring", Text = "Høringssvar fra MED-udvalget." }],
            Recommendation = null,
            Guests = [new Guest { DisplayName = "Gæst Ågesen", JoinsAt = new Google.Type.TimeOfDay { Hours = 23, Minutes = 59, Seconds = 59 } }],
            Attachments = [],
            Supplement = true,
            Version = 2,
            UpdatedAt = Utc(2017, 3, 8, 16),
        };
        await WriteAsync(s => s.UpdateItemAsync(updated));
        AssertSame(updated, await ReadAsync(s => s.GetItemAsync(item.Id)));
    }

    [Fact]
    public async Task Item_update_keeps_meeting_and_origin()
    {
        var (_, meeting) = await BodyAndMeetingAsync();
        var item = Item(NewId("i"), meeting.Id, 1) with { OriginItemId = "origin-x" };
        await WriteAsync(s => s.InsertItemAsync(item));
        await WriteAsync(s => s.UpdateItemAsync(item with { OriginItemId = "origin-y", Version = 2 }));
        var read = await ReadAsync(s => s.GetItemAsync(item.Id));
        Assert.Equal("origin-x", read!.OriginItemId);
        Assert.Equal(meeting.Id, read.MeetingId);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public async Task Stale_item_update_is_an_etag_mismatch(long version)
    {
        var (_, meeting) = await BodyAndMeetingAsync();
        var item = Item(NewId("i"), meeting.Id, 1);
        await WriteAsync(s => s.InsertItemAsync(item));
        var ex = await Assert.ThrowsAsync<EtagMismatchException>(() =>
            WriteAsync(s => s.UpdateItemAsync(item with { Title = "x", Version = version })));
        Assert.Equal(Identifiers.ItemName(meeting.Id, item.Id), ex.Metadata["resource"]);
        AssertSame(item, await ReadAsync(s => s.GetItemAsync(item.Id)));
    }

    [Fact]
    public async Task Items_are_listed_by_position_and_positions_can_be_set()
    {
        var (_, meeting) = await BodyAndMeetingAsync();
        Assert.Equal(1, await ReadAsync(s => s.NextPositionAsync(meeting.Id)));
        var prefix = NewId("i");
        var third = Item(prefix + "c", meeting.Id, 5);
        var first = Item(prefix + "a", meeting.Id, 1);
        var second = Item(prefix + "b", meeting.Id, 2);
        await WriteAsync(async s =>
        {
            await s.InsertItemAsync(third);
            await s.InsertItemAsync(first);
            await s.InsertItemAsync(second);
        });
        Assert.Equal([first.Id, second.Id, third.Id], (await ReadAsync(s => s.ListItemsAsync(meeting.Id))).Select(i => i.Id));
        Assert.Equal(6, await ReadAsync(s => s.NextPositionAsync(meeting.Id)));

        await WriteAsync(async s =>
        {
            await s.SetPositionAsync(third.Id, 1);
            await s.SetPositionAsync(first.Id, 2);
            await s.SetPositionAsync(second.Id, 3);
        });
        var reordered = await ReadAsync(s => s.ListItemsAsync(meeting.Id));
        Assert.Equal([third.Id, first.Id, second.Id], reordered.Select(i => i.Id));
        Assert.Equal([1, 2, 3], reordered.Select(i => i.Position));
        // An item's number is part of it: a moved item gets a new version (etag), an unmoved one does not.
        Assert.Equal([2, 2, 2], reordered.Select(i => i.Version));
        await WriteAsync(s => s.SetPositionAsync(third.Id, 1));
        Assert.Equal(2, (await ReadAsync(s => s.GetItemAsync(third.Id)))!.Version);
        Assert.Equal(4, await ReadAsync(s => s.NextPositionAsync(meeting.Id)));
    }

    [Fact]
    public async Task Items_with_the_same_position_are_ordered_by_id()
    {
        var (_, meeting) = await BodyAndMeetingAsync();
        var prefix = NewId("i");
        await WriteAsync(async s =>
        {
            await s.InsertItemAsync(Item(prefix + "b", meeting.Id, 1));
            await s.InsertItemAsync(Item(prefix + "a", meeting.Id, 1));
        });
        Assert.Equal([prefix + "a", prefix + "b"], (await ReadAsync(s => s.ListItemsAsync(meeting.Id))).Select(i => i.Id));
    }

    [Fact]
    public async Task Items_of_other_meetings_are_not_listed()
    {
        var (body, m1) = await BodyAndMeetingAsync();
        var m2 = Meeting(NewId("m"), body.Id, new DateTime(2017, 3, 16, 8, 30, 0));
        var item = Item(NewId("i"), m1.Id, 1);
        await WriteAsync(async s =>
        {
            await s.InsertMeetingAsync(m2);
            await s.InsertItemAsync(item);
        });
        Assert.Empty(await ReadAsync(s => s.ListItemsAsync(m2.Id)));
        Assert.Equal(1, await ReadAsync(s => s.NextPositionAsync(m2.Id)));
        AssertSame(item, Assert.Single(await ReadAsync(s => s.ListItemsAsync(m1.Id))));
    }

    [Fact]
    public async Task The_postponement_carrying_an_item_is_found_and_its_target_saved_alone()
    {
        var (body, source) = await BodyAndMeetingAsync();
        var target = Meeting(NewId("m"), body.Id, new DateTime(2017, 3, 16, 8, 30, 0));
        var item = Item(NewId("i"), source.Id, 1);
        var carried = Item(NewId("i"), target.Id, 1) with { OriginItemId = item.Id };
        var postponed = Decision(NewId("d"), source.Id, item.Id) with
        {
            Outcome = DecisionOutcome.Postponed,
            Text = "Udsat til næste møde.",
            PostponedToMeetingId = target.Id,
            CarriedItemId = carried.Id,
        };
        await WriteAsync(async s =>
        {
            await s.InsertMeetingAsync(target);
            await s.InsertItemAsync(item);
            await s.InsertItemAsync(carried);
            await s.InsertDecisionAsync(postponed);
        });

        AssertSame(postponed, await ReadAsync(s => s.GetDecisionCarryingAsync(carried.Id)));
        Assert.Null(await ReadAsync(s => s.GetDecisionCarryingAsync(item.Id)));

        var untargeted = Postponement.CarriedItemRemoved(postponed);
        // Only the target is saved: other fields of the record passed in are not written.
        await WriteAsync(s => s.UpdatePostponementTargetAsync(untargeted with { Text = "ignored" }));
        AssertSame(untargeted, await ReadAsync(s => s.GetDecisionAsync(postponed.Id)));
        await Assert.ThrowsAsync<EtagMismatchException>(
            () => WriteAsync(s => s.UpdatePostponementTargetAsync(untargeted)));
    }

    [Fact]
    public async Task Deleting_an_item_clears_the_carried_item_of_decisions_pointing_at_it()
    {
        var (body, source) = await BodyAndMeetingAsync();
        var target = Meeting(NewId("m"), body.Id, new DateTime(2017, 3, 16, 8, 30, 0));
        var item = Item(NewId("i"), source.Id, 1);
        var carried = Item(NewId("i"), target.Id, 1) with { OriginItemId = item.Id };
        var other = Item(NewId("i"), target.Id, 2);
        var postponed = Decision(NewId("d"), source.Id, item.Id) with
        {
            Outcome = DecisionOutcome.Postponed,
            PostponedToMeetingId = target.Id,
            CarriedItemId = carried.Id,
        };
        var unrelated = Decision(NewId("d"), source.Id, item.Id) with
        {
            Outcome = DecisionOutcome.Postponed,
            PostponedToMeetingId = target.Id,
            CarriedItemId = other.Id,
        };
        await WriteAsync(async s =>
        {
            await s.InsertMeetingAsync(target);
            await s.InsertItemAsync(item);
            await s.InsertItemAsync(carried);
            await s.InsertItemAsync(other);
            await s.InsertDecisionAsync(postponed);
            await s.InsertDecisionAsync(unrelated);
        });

        await WriteAsync(s => s.DeleteItemAsync(carried.Id));

        Assert.Null(await ReadAsync(s => s.GetItemAsync(carried.Id)));
        var after = await ReadAsync(s => s.GetDecisionAsync(postponed.Id));
        // The postponement stays, with no target: nothing points at the removed item or its meeting.
        Assert.Null(after!.CarriedItemId);
        Assert.Null(after.PostponedToMeetingId);
        Assert.Equal(DecisionOutcome.Postponed, after.Outcome);
        Assert.Equal(postponed.Version + 1, after.Version);
        Assert.Equal(other.Id, (await ReadAsync(s => s.GetDecisionAsync(unrelated.Id)))!.CarriedItemId);
        Assert.Equal([other.Id], (await ReadAsync(s => s.ListItemsAsync(target.Id))).Select(i => i.Id));
        AssertSame(item, await ReadAsync(s => s.GetItemAsync(item.Id)));
    }

    [Fact]
    public async Task Items_are_counted_per_meeting()
    {
        var (body, m1) = await BodyAndMeetingAsync();
        var m2 = Meeting(NewId("m"), body.Id, new DateTime(2017, 3, 16, 8, 30, 0));
        var empty = Meeting(NewId("m"), body.Id, new DateTime(2017, 3, 23, 8, 30, 0));
        await WriteAsync(async s =>
        {
            await s.InsertMeetingAsync(m2);
            await s.InsertMeetingAsync(empty);
            for (var i = 1; i <= 3; i++)
            {
                await s.InsertItemAsync(Item(NewId("i"), m1.Id, i));
            }
            await s.InsertItemAsync(Item(NewId("i"), m2.Id, 1));
        });

        var counts = await ReadAsync(s => s.CountItemsAsync([m1.Id, m2.Id, empty.Id, m1.Id, "unknown"]));
        Assert.Equal(3, counts[m1.Id]);
        Assert.Equal(1, counts[m2.Id]);
        Assert.False(counts.ContainsKey(empty.Id));
        Assert.Equal(2, counts.Count);
        Assert.Empty(await ReadAsync(s => s.CountItemsAsync([])));
    }

    // ---- decisions ----

    [Fact]
    public async Task Decision_round_trips_every_field()
    {
        var (body, meeting) = await BodyAndMeetingAsync();
        var later = Meeting(NewId("m"), body.Id, new DateTime(2017, 3, 16, 8, 30, 0));
        var item = Item(NewId("i"), meeting.Id, 1);
        var carried = Item(NewId("i"), later.Id, 1) with { OriginItemId = item.Id };
        var first = Decision(NewId("d"), meeting.Id, item.Id);
        var correction = Decision(NewId("d"), meeting.Id, item.Id) with
        {
            Outcome = DecisionOutcome.Postponed,
            Text = "Udsat til næste møde – æøå",
            PostponedToMeetingId = later.Id,
            CarriedItemId = carried.Id,
            CorrectsDecisionId = first.Id,
        };
        await WriteAsync(async s =>
        {
            await s.InsertMeetingAsync(later);
            await s.InsertItemAsync(item);
            await s.InsertItemAsync(carried);
            await s.InsertDecisionAsync(first);
            await s.InsertDecisionAsync(correction);
        });

        AssertSame(first, await ReadAsync(s => s.GetDecisionAsync(first.Id)));
        AssertSame(correction, await ReadAsync(s => s.GetDecisionAsync(correction.Id)));
        var listed = await ReadAsync(s => s.ListDecisionsForItemsAsync([item.Id, item.Id]));
        Assert.Equal(2, listed.Count);
        AssertSame(correction, listed.Single(d => d.Id == correction.Id));
    }

    [Fact]
    public async Task Decision_with_empty_lists_round_trips()
    {
        var (_, meeting) = await BodyAndMeetingAsync();
        var item = Item(NewId("i"), meeting.Id, 1);
        var decision = new DecisionRecord
        {
            Id = NewId("d"),
            ItemId = item.Id,
            MeetingId = meeting.Id,
            Outcome = DecisionOutcome.Noted,
            CreatedAt = Utc(2017, 3, 9, 9),
            UpdatedAt = Utc(2017, 3, 9, 9),
        };
        await WriteAsync(async s =>
        {
            await s.InsertItemAsync(item);
            await s.InsertDecisionAsync(decision);
        });
        var read = await ReadAsync(s => s.GetDecisionAsync(decision.Id));
        AssertSame(decision, read);
        Assert.Empty(read!.PointOutcomes);
        Assert.Equal("", read.Text);
    }

    [Fact]
    public async Task Decision_update_changes_the_updatable_fields_only()
    {
        var (_, meeting) = await BodyAndMeetingAsync();
        var item = Item(NewId("i"), meeting.Id, 1);
        var decision = Decision(NewId("d"), meeting.Id, item.Id) with { PostponedToMeetingId = "target-x", CorrectsDecisionId = "corrects-x" };
        await WriteAsync(async s =>
        {
            await s.InsertItemAsync(item);
            await s.InsertDecisionAsync(decision);
        });
        var updated = decision with
        {
            Outcome = DecisionOutcome.Discussed,
            Text = "Drøftet – ændret tekst med ÆØÅ.",
            PointOutcomes = [new PointOutcome { Label = "1", Outcome = DecisionOutcome.Noted, Text = "Noteret." }],
            FollowUps = [],
            Referrals = [new Referral { BodyDisplayName = "Økonomiudvalget", ExpectedDate = new Google.Type.Date { Year = 2018, Month = 1, Day = 31 } }],
            CarriedItemId = "carried-x",
            Version = 2,
            UpdatedAt = Utc(2017, 3, 10, 8),
        };
        await WriteAsync(async s =>
        {
            await s.UpdateDecisionAsync(updated with { PostponedToMeetingId = "ignored", CorrectsDecisionId = "ignored", CreatedAt = Utc(2030, 1, 1) });
        });
        AssertSame(updated, await ReadAsync(s => s.GetDecisionAsync(decision.Id)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Stale_decision_update_is_an_etag_mismatch(long version)
    {
        var (_, meeting) = await BodyAndMeetingAsync();
        var item = Item(NewId("i"), meeting.Id, 1);
        var decision = Decision(NewId("d"), meeting.Id, item.Id);
        await WriteAsync(async s =>
        {
            await s.InsertItemAsync(item);
            await s.InsertDecisionAsync(decision);
        });
        var ex = await Assert.ThrowsAsync<EtagMismatchException>(() =>
            WriteAsync(s => s.UpdateDecisionAsync(decision with { Text = "x", Version = version })));
        Assert.Equal(Identifiers.DecisionName(meeting.Id, item.Id, decision.Id), ex.Metadata["resource"]);
        AssertSame(decision, await ReadAsync(s => s.GetDecisionAsync(decision.Id)));
    }

    [Fact]
    public async Task Decisions_are_counted_per_item_and_corrections_found()
    {
        var (_, meeting) = await BodyAndMeetingAsync();
        var item1 = Item(NewId("i"), meeting.Id, 1);
        var item2 = Item(NewId("i"), meeting.Id, 2);
        var quiet = Item(NewId("i"), meeting.Id, 3);
        var d1 = Decision(NewId("d"), meeting.Id, item1.Id);
        var d2 = Decision(NewId("d"), meeting.Id, item1.Id) with { CorrectsDecisionId = d1.Id };
        var d3 = Decision(NewId("d"), meeting.Id, item1.Id) with { CorrectsDecisionId = d2.Id };
        var d4 = Decision(NewId("d"), meeting.Id, item2.Id) with { CorrectsDecisionId = d1.Id };
        await WriteAsync(async s =>
        {
            await s.InsertItemAsync(item1);
            await s.InsertItemAsync(item2);
            await s.InsertItemAsync(quiet);
            foreach (var d in new[] { d1, d2, d3, d4 })
            {
                await s.InsertDecisionAsync(d);
            }
        });

        var counts = await ReadAsync(s => s.CountDecisionsAsync([item1.Id, item2.Id, quiet.Id, item1.Id]));
        Assert.Equal(3, counts[item1.Id]);
        Assert.Equal(1, counts[item2.Id]);
        Assert.False(counts.ContainsKey(quiet.Id));
        Assert.Empty(await ReadAsync(s => s.CountDecisionsAsync([])));

        var corrected = await ReadAsync(s => s.CorrectedAsync([d1.Id, d2.Id, d3.Id, d4.Id, d1.Id, "unknown"]));
        Assert.Equal(new[] { d1.Id, d2.Id }.Order(StringComparer.Ordinal), corrected.Order(StringComparer.Ordinal));
        Assert.Empty(await ReadAsync(s => s.CorrectedAsync([d3.Id, d4.Id])));
        Assert.Empty(await ReadAsync(s => s.CorrectedAsync([])));

        Assert.Equal(
            new[] { d1.Id, d2.Id, d3.Id, d4.Id }.Order(StringComparer.Ordinal),
            (await ReadAsync(s => s.ListDecisionsForItemsAsync([item1.Id, item2.Id, quiet.Id]))).Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.Empty(await ReadAsync(s => s.ListDecisionsForItemsAsync([quiet.Id])));
        Assert.Empty(await ReadAsync(s => s.ListDecisionsForItemsAsync([])));
    }

    // ---- transactions ----

    [Fact]
    public async Task A_session_disposed_without_commit_leaves_nothing()
    {
        var body = Body(NewId("b"));
        var meeting = Meeting(NewId("m"), body.Id, new DateTime(2017, 3, 9, 8, 30, 0));
        var item = Item(NewId("i"), meeting.Id, 1);
        var s0 = await StoreAsync();
        await using (var session = await s0.BeginAsync(write: true, Ct))
        {
            await session.InsertBodyAsync(body);
            await session.InsertMeetingAsync(meeting);
            await session.InsertItemAsync(item);
            // Visible inside the session...
            Assert.NotNull(await session.GetItemAsync(item.Id));
        }
        // ...and gone after it.
        Assert.Null(await ReadAsync(s => s.GetBodyAsync(body.Id)));
        Assert.Null(await ReadAsync(s => s.GetMeetingAsync(meeting.Id)));
        Assert.Null(await ReadAsync(s => s.GetItemAsync(item.Id)));
    }

    [Fact]
    public async Task A_failing_unit_of_work_rolls_back_its_earlier_writes()
    {
        var (_, meeting) = await BodyAndMeetingAsync();
        var item = Item(NewId("i"), meeting.Id, 1);
        await Assert.ThrowsAsync<EtagMismatchException>(() => WriteAsync(async s =>
        {
            await s.InsertItemAsync(item);
            await s.UpdateMeetingAsync(meeting with { Version = 9 });
        }));
        Assert.Null(await ReadAsync(s => s.GetItemAsync(item.Id)));
    }

    [Fact]
    public async Task An_update_is_rolled_back_with_its_session()
    {
        var body = Body(NewId("b"));
        await WriteAsync(s => s.InsertBodyAsync(body));
        await using (var session = await (await StoreAsync()).BeginAsync(write: true, Ct))
        {
            await session.UpdateBodyAsync(body with { DisplayName = "Rullet tilbage", Version = 2 });
        }
        AssertSame(body, await ReadAsync(s => s.GetBodyAsync(body.Id)));
    }

    // ---- idempotency keys ----

    [Fact]
    public async Task A_request_id_gives_back_the_resource_it_produced()
    {
        var requestId = Guid.NewGuid().ToString("D");
        Assert.Null(await ReadAsync(s => IdempotencyKeys.FindAsync(s.Connection, s.Transaction, requestId, "CreateBody", "hash-1")));

        await WriteAsync(s => IdempotencyKeys.RecordAsync(s.Connection, s.Transaction, requestId, "CreateBody", "hash-1",
            "bodies/økonomiudvalget", Utc(2017, 3, 9, 8)));

        Assert.Equal("bodies/økonomiudvalget",
            await ReadAsync(s => IdempotencyKeys.FindAsync(s.Connection, s.Transaction, requestId, "CreateBody", "hash-1")));
    }

    [Theory]
    [InlineData("CreateBody", "hash-2")]
    [InlineData("CreateMeeting", "hash-1")]
    public async Task A_request_id_reused_for_another_request_already_exists(string operation, string hash)
    {
        var requestId = Guid.NewGuid().ToString("D");
        await WriteAsync(s => IdempotencyKeys.RecordAsync(s.Connection, s.Transaction, requestId, "CreateBody", "hash-1",
            "bodies/direktionen", Utc(2017, 3, 9, 8)));

        var ex = await Assert.ThrowsAsync<AlreadyExistsException>(() =>
            ReadAsync(s => IdempotencyKeys.FindAsync(s.Connection, s.Transaction, requestId, operation, hash)));
        Assert.Equal("REQUEST_ID_REUSED", ex.Reason);
        Assert.Equal("bodies/direktionen", ex.Metadata["resource"]);
        Assert.Contains(requestId, ex.Message);
    }

    [Fact]
    public async Task A_request_id_recorded_in_a_rolled_back_session_is_not_kept()
    {
        var requestId = Guid.NewGuid().ToString("D");
        await using (var session = await (await StoreAsync()).BeginAsync(write: true, Ct))
        {
            await IdempotencyKeys.RecordAsync(session.Connection, session.Transaction, requestId, "CreateBody", "h", "bodies/x", Utc(2017, 1, 1));
        }
        Assert.Null(await ReadAsync(s => IdempotencyKeys.FindAsync(s.Connection, s.Transaction, requestId, "CreateBody", "h")));
    }

    // ---- constraint violations ----

    private async Task<Exception> FailingWriteAsync(Func<MeetingsSession, Task> work)
    {
        var ex = await Record.ExceptionAsync(() => WriteAsync(work));
        Assert.NotNull(ex);
        return ex;
    }

    [Fact]
    public async Task The_same_body_id_twice_is_a_unique_violation()
    {
        var body = Body(NewId("b"));
        await WriteAsync(s => s.InsertBodyAsync(body));

        var ex = await FailingWriteAsync(s => s.InsertBodyAsync(body with { DisplayName = "Dublet" }));
        Assert.IsAssignableFrom<DbException>(ex);
        Assert.True(Dialect.IsUniqueViolation(ex), $"not recognised as a unique violation: {ex.GetType().Name}: {ex.Message}");
        Assert.True((await StoreAsync()).Database.Dialect.IsUniqueViolation(ex));
        AssertSame(body, await ReadAsync(s => s.GetBodyAsync(body.Id)));
    }

    [Fact]
    public async Task Other_duplicate_keys_are_unique_violations_too()
    {
        var (_, meeting) = await BodyAndMeetingAsync();
        var item = Item(NewId("i"), meeting.Id, 1);
        await WriteAsync(s => s.InsertItemAsync(item));
        Assert.True(Dialect.IsUniqueViolation(await FailingWriteAsync(s => s.InsertItemAsync(item))));
        Assert.True(Dialect.IsUniqueViolation(await FailingWriteAsync(s => s.InsertMeetingAsync(meeting))));

        var requestId = Guid.NewGuid().ToString("D");
        await WriteAsync(s => IdempotencyKeys.RecordAsync(s.Connection, s.Transaction, requestId, "Op", "h", "r", Utc(2017, 1, 1)));
        Assert.True(Dialect.IsUniqueViolation(await FailingWriteAsync(
            s => IdempotencyKeys.RecordAsync(s.Connection, s.Transaction, requestId, "Op", "h", "r", Utc(2017, 1, 1)))));
    }

    [Fact]
    public async Task A_foreign_key_violation_is_not_a_unique_violation()
    {
        var ex = await FailingWriteAsync(s => s.InsertMeetingAsync(Meeting(NewId("m"), "no-such-body", new DateTime(2017, 3, 9, 8, 30, 0))));
        Assert.IsAssignableFrom<DbException>(ex);
        Assert.False(Dialect.IsUniqueViolation(ex));
        Assert.False(Dialect.IsUniqueViolation(new InvalidOperationException("duplicate key")));
    }
}
