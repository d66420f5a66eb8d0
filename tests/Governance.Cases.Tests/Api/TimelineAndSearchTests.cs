using Governance.Cases.V1;
using Governance.Meetings.Events;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Cases.Tests.Api;

/// <summary>The timeline from Meetings' events (published on the embedded host's in-memory bus, as the
/// Meetings outbox relay would) and the search over titles, documents and decision texts.</summary>
public sealed class TimelineFromMeetingsTests(SqliteApiHost host) : CasesApiTestBase(host), IClassFixture<SqliteApiHost>
{
    private static readonly DateTimeOffset StartTime = new(2017, 3, 9, 7, 30, 0, TimeSpan.Zero);

    private IBus Bus => Host.Server.App.Services.GetRequiredService<IBus>();

    private static AgendaEntry Entry(string journal, bool closed = false) =>
        new("meetings/m1/items/i1", 3, journal, closed, closed ? null : "Budget 2018-21");

    private async Task<IReadOnlyList<TimelineEntry>> WaitForTimelineAsync(Case c, Func<IReadOnlyList<TimelineEntry>, bool> done)
    {
        for (var i = 0; i < 100; i++)
        {
            var timeline = await TimelineAsync(c);
            if (done(timeline))
            {
                return timeline;
            }
            await Task.Delay(100, Ct);
        }
        Assert.Fail($"The timeline of {c.Name} did not get the expected entries: {string.Join("; ", (await TimelineAsync(c)).Select(t => $"{t.Kind} {t.Text}"))}");
        return [];
    }

    [Fact]
    public async Task Agenda_decision_referral_follow_up_and_postponement_show_in_the_timeline_once()
    {
        var c = await CreateCaseAsync(UniqueUnit(), "Budget 2018-21");
        var journal = c.JournalNumber;
        var added = new AgendaItemAdded("meetings/m1", "bodies/direktionen", "Direktionen", StartTime, Entry(journal), false, StartTime, 1);
        var decision = new DecisionRecorded("meetings/m1/items/i1/decisions/d1", "meetings/m1", "bodies/direktionen", "Direktionen", StartTime,
            Entry(journal), "APPROVED", "Godkendt", "Direktionen godkendte indstillingen om anlægsbudgettet.",
            [new FollowUpInfo("Notat om økonomien", "ØDC", new DateOnly(2017, 4, 1))],
            [new ReferralInfo("Økonomiudvalget", new DateOnly(2017, 4, 19), "Forelægges ØU")], null, StartTime.AddMinutes(30), 1);
        var postponed = new ItemPostponed("meetings/m1/items/i1/decisions/d0", "meetings/m1", "bodies/direktionen", "Direktionen", StartTime,
            Entry(journal), "meetings/m2", "meetings/m2/items/i9", null, null, StartTime.AddMinutes(10), 1);
        var messageId = NewId.NextGuid();
        // The trace of the call that caused the event travels as a W3C traceparent header (the outbox relay sets it).
        var traceId = Guid.NewGuid().ToString("N");
        void Traced(PublishContext<AgendaItemAdded> ctx)
        {
            ctx.MessageId = messageId;
            ctx.Headers.Set("traceparent", $"00-{traceId}-{Guid.NewGuid().ToString("N")[..16]}-01");
        }

        await Bus.Publish(added, Traced, Ct);
        await Bus.Publish(added, Traced, Ct);
        await Bus.Publish(postponed, Ct);
        await Bus.Publish(decision, Ct);

        var timeline = await WaitForTimelineAsync(c, t => t.Any(e => e.Kind == TimelineEntryKind.FollowUp) && t.Any(e => e.Kind == TimelineEntryKind.ItemPostponed));
        var agenda = Assert.Single(timeline, t => t.Kind == TimelineEntryKind.AgendaItemAdded);
        Assert.Equal("Punkt 3, Direktionen 09-03-2017: Budget 2018-21", agenda.Text);
        Assert.Equal("meetings/m1", agenda.Meeting);
        Assert.Equal("Direktionen", agenda.BodyTitle);
        Assert.Equal(3, agenda.ItemNumber);
        Assert.Equal(traceId, agenda.TraceId);
        var recorded = Assert.Single(timeline, t => t.Kind == TimelineEntryKind.DecisionRecorded);
        Assert.Equal("APPROVED", recorded.Outcome);
        Assert.Contains("anlægsbudgettet", recorded.Text, StringComparison.Ordinal);
        Assert.Contains("Økonomiudvalget", Assert.Single(timeline, t => t.Kind == TimelineEntryKind.Referred).Text, StringComparison.Ordinal);
        Assert.Contains("Notat om økonomien", Assert.Single(timeline, t => t.Kind == TimelineEntryKind.FollowUp).Text, StringComparison.Ordinal);
        Assert.Equal("Beslutning (Godkendt), Punkt 3, Direktionen 09-03-2017: Budget 2018-21 — Direktionen godkendte indstillingen om anlægsbudgettet.",
            recorded.Text);
        // A message of an older producer names the target meeting only by resource name: no id in the text.
        Assert.Equal("Udsat til et senere møde: Punkt 3, Direktionen 09-03-2017: Budget 2018-21",
            Assert.Single(timeline, t => t.Kind == TimelineEntryKind.ItemPostponed).Text);
        // Time order: opened, then the meeting's entries in the order they happened.
        Assert.Equal(timeline.OrderBy(t => t.Time.ToDateTime()).Select(t => t.Id), timeline.Select(t => t.Id));

        // The decision text is searchable.
        var hits = await Client.SearchCasesAsync(new SearchCasesRequest { Query = "anlægsbudget" }, cancellationToken: Ct);
        Assert.Contains(hits.Hits, h => h.CaseName == c.Name && h.Field == SearchField.DecisionText && h.Snippet.Contains('«'));
    }

    [Fact]
    public async Task Entries_for_a_number_registered_later_show_up_when_it_is()
    {
        var journal = $"13/{Random.Shared.Next(100_000, 999_999)}";
        await Bus.Publish(new AgendaItemAdded("meetings/m7", "bodies/hu", "Hovedudvalget", StartTime, Entry(journal), true, StartTime, 1), Ct);
        await Task.Delay(500, Ct);
        var c = await CreateCaseAsync(UniqueUnit(), "Importeret sag", x => x.JournalNumber = journal);
        var timeline = await WaitForTimelineAsync(c, t => t.Any(e => e.Kind == TimelineEntryKind.AgendaItemAdded));
        Assert.StartsWith("Tillæg: Punkt 3, Hovedudvalget", Assert.Single(timeline, t => t.Kind == TimelineEntryKind.AgendaItemAdded).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_agenda_item_brings_no_title()
    {
        var c = await CreateCaseAsync(UniqueUnit(), "Personalesag");
        await Bus.Publish(new AgendaItemAdded("meetings/m3", "bodies/direktionen", "Direktionen", StartTime, Entry(c.JournalNumber, closed: true), false, StartTime, 1), Ct);
        var timeline = await WaitForTimelineAsync(c, t => t.Any(e => e.Kind == TimelineEntryKind.AgendaItemAdded));
        Assert.Equal("Punkt 3, Direktionen 09-03-2017", Assert.Single(timeline, t => t.Kind == TimelineEntryKind.AgendaItemAdded).Text);
    }

    [Fact]
    public async Task Sqlite_search_matches_word_prefixes_and_keeps_æøå_distinct()
    {
        var unit = UniqueUnit();
        var c = await CreateCaseAsync(unit, "Beslutning om budgettet for Ærø");
        await AddDocumentAsync(c, "Høringssvar fra Økonomiudvalget");

        async Task<IReadOnlyList<SearchHit>> Search(string q) =>
            (await Client.SearchCasesAsync(new SearchCasesRequest { Query = q, Unit = unit }, cancellationToken: Ct)).Hits;

        Assert.Equal(SearchField.Title, Assert.Single(await Search("budget")).Field);
        Assert.Single(await Search("beslut budget"));
        Assert.Single(await Search("Ærø"));
        Assert.Empty(await Search("Aero"));
        var document = Assert.Single(await Search("høring"));
        Assert.Equal(SearchField.DocumentTitle, document.Field);
        Assert.Equal(c.Name, document.CaseName);
        Assert.Equal(c.JournalNumber, document.JournalNumber);
        Assert.Contains("«Høringssvar»", document.Snippet, StringComparison.Ordinal);
        Assert.Empty(await Search("horing"));
        await ApiAssert.InvalidArgument(() => Client.SearchCasesAsync(new SearchCasesRequest { Query = "  -- " }, cancellationToken: Ct), "query");
        await ApiAssert.InvalidArgument(() => Client.SearchCasesAsync(new SearchCasesRequest { Query = new string('a', 201) }, cancellationToken: Ct), "query");
    }
}

/// <summary>Danish stemming on PostgreSQL.</summary>
public sealed class PostgresSearchTests(PostgresApiHost host) : CasesApiTestBase(host), IClassFixture<PostgresApiHost>
{
    [Fact]
    public async Task Danish_stemming_finds_inflected_forms_and_pages()
    {
        var unit = UniqueUnit();
        var c = await CreateCaseAsync(unit, "Beslutning om budgettet");
        for (var i = 0; i < 3; i++)
        {
            await AddDocumentAsync(c, $"Budgetter for område {i}");
        }

        async Task<SearchCasesResponse> Search(string q, int size = 50, string token = "") =>
            await Client.SearchCasesAsync(new SearchCasesRequest { Query = q, Unit = unit, PageSize = size, PageToken = token }, cancellationToken: Ct);

        Assert.Contains((await Search("beslutninger")).Hits, h => h.CaseName == c.Name && h.Field == SearchField.Title);
        Assert.Equal(4, (await Search("budget")).Hits.Count);
        var first = await Search("budget", 3);
        var second = await Search("budget", 3, first.NextPageToken);
        Assert.Equal(4, first.Hits.Concat(second.Hits).Select(h => h.Source + h.Field).Distinct().Count());
        Assert.Contains("«", first.Hits[0].Snippet, StringComparison.Ordinal);
    }
}
