using System.Collections.Concurrent;
using System.Diagnostics;
using Governance.Cases.V1;
using Governance.Meetings.V1;
using Grpc.Net.Client;

namespace Governance.Bench;

/// <summary>How much to seed: meetings of 30 items (decisions on every <see cref="DecidedEvery"/>th), cases.</summary>
internal sealed record DataSetSize(int Meetings, int ItemsPerMeeting, int Cases, int DecidedEvery = 3, int Bodies = 8);

/// <summary>
/// A seeded data set of realistic shape, created through the public API (in parallel): bodies with
/// members, cases with Danish titles in several units, meetings with full agendas (sections and a
/// recommendation per item) whose items name real cases, published, decisions recorded on a share
/// of them. The names it keeps are what the scenarios read and write.
/// </summary>
internal sealed class DataSet
{
    private static readonly string[] Topics =
    [
        "Budget", "Regnskab", "Skoleudbygning", "Personalepolitik", "Vejvedligeholdelse", "Klimaplan",
        "Ældrepleje", "Daginstitutioner", "Lokalplan", "Kollektiv trafik", "Digitalisering", "Sygefravær",
    ];

    private static readonly string[] Units = ["ØDC", "HRC", "BYC", "SOC", "KFC"];

    public required IReadOnlyList<string> Bodies { get; init; }

    public required IReadOnlyList<string> Cases { get; init; }

    /// <summary>Journal numbers of the cases, for new agenda items.</summary>
    public required IReadOnlyList<string> Journals { get; init; }

    /// <summary>Meetings with published agendas and decisions on every item: GetMinutes reads these.</summary>
    public required IReadOnlyList<string> DecidedMeetings { get; init; }

    public required IReadOnlyList<string> Meetings { get; init; }

    public required IReadOnlyList<string> Items { get; init; }

    /// <summary>Items on published agendas, where RecordDecision may add decisions.</summary>
    public required IReadOnlyList<string> DecidableItems { get; init; }

    /// <summary>Meetings kept for AddAgendaItem (scheduled, spread so writers do not queue on one meeting).</summary>
    public required IReadOnlyList<string> WriteMeetings { get; init; }

    public required string SearchWord { get; init; }

    /// <summary>Each body's reminder list: 20 open reminders (dates, months, rules, free text) and 3
    /// calendar sections; GetReminderList prints these.</summary>
    public required IReadOnlyList<string> ReminderLists { get; init; }

    public required IReadOnlyList<string> Reminders { get; init; }

    public required TimeSpan SeedTime { get; init; }

    public required string Description { get; init; }

    /// <summary>No data: a run of scenarios that bring their own (the due sweep, the Surveys round).</summary>
    public static DataSet NotSeeded { get; } = new()
    {
        Bodies = [], Cases = [], Journals = [], DecidedMeetings = [], Meetings = [], Items = [], DecidableItems = [], WriteMeetings = [],
        SearchWord = "", ReminderLists = [], Reminders = [], SeedTime = TimeSpan.Zero,
        Description = "meetings, cases and reminder lists not seeded (no scenario of this run reads them)",
    };

    public static async Task<DataSet> SeedAsync(GrpcChannel channel, DataSetSize size, int parallel, Action<string> progress)
    {
        var started = Stopwatch.GetTimestamp();
        var meetings = new MeetingsService.MeetingsServiceClient(channel);
        var cases = new CasesService.CasesServiceClient(channel);
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallel };

        var bodies = new List<string>();
        for (var b = 0; b < size.Bodies; b++)
        {
            var body = await meetings.CreateBodyAsync(new CreateBodyRequest
            {
                BodyId = $"bench-{b}-{Guid.NewGuid().ToString("N")[..8]}",
                Body = new Body
                {
                    DisplayName = b == 0 ? "Direktionen" : $"Udvalg {b} for {Topics[b % Topics.Length].ToLowerInvariant()}",
                    UsualRoom = "Mødelokale B105",
                    Members =
                    {
                        Enumerable.Range(1, 7).Select(m => new BodyMember { DisplayName = $"Medlem {m} Sørensen", Role = MemberRole.Member }),
                    },
                },
            });
            bodies.Add(body.Name);
        }

        var caseNames = new ConcurrentDictionary<int, (string Name, string Journal)>();
        await Parallel.ForEachAsync(Enumerable.Range(0, size.Cases), options, async (i, ct) =>
        {
            var created = await cases.CreateCaseAsync(new CreateCaseRequest
            {
                Case = new Case
                {
                    Title = $"{Topics[i % Topics.Length]} {2020 + (i % 7)}: opfølgning nr. {i} på økonomi og tidsplan",
                    Unit = Units[i % Units.Length],
                    KleNumber = "00.01.00",
                    LegalBasis = "Styrelseslovens § 20",
                },
                RequestId = Guid.NewGuid().ToString(),
            }, cancellationToken: ct);
            caseNames[i] = (created.Name, created.JournalNumber);
        });
        progress($"{size.Cases} cases ({Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s)");
        var journals = caseNames.OrderBy(c => c.Key).Select(c => c.Value.Journal).ToList();

        var items = new ConcurrentBag<string>();
        var decidable = new ConcurrentBag<string>();
        var decided = new ConcurrentBag<string>();
        var all = new ConcurrentBag<string>();
        var baseDay = new DateTime(2027, 1, 4, 8, 30, 0, DateTimeKind.Unspecified);
        await Parallel.ForEachAsync(Enumerable.Range(0, size.Meetings), options, async (m, ct) =>
        {
            var meeting = await ScheduleAsync(meetings, bodies[m % bodies.Count], baseDay.AddDays(m / bodies.Count).AddHours(m % 3), ct);
            var names = new List<string>();
            for (var n = 0; n < size.ItemsPerMeeting; n++)
            {
                var item = await meetings.AddAgendaItemAsync(new AddAgendaItemRequest
                {
                    Parent = meeting,
                    Item = Item(journals[((m * size.ItemsPerMeeting) + n) % journals.Count], n),
                    RequestId = Guid.NewGuid().ToString(),
                }, cancellationToken: ct);
                names.Add(item.Name);
            }
            await meetings.PublishAgendaAsync(new PublishAgendaRequest { Name = meeting }, cancellationToken: ct);
            if (m % size.DecidedEvery == 0)
            {
                foreach (var item in names)
                {
                    await meetings.RecordDecisionAsync(Decide(item), cancellationToken: ct);
                }
                decided.Add(meeting);
            }
            foreach (var item in names)
            {
                items.Add(item);
                decidable.Add(item);
            }
            all.Add(meeting);
        });
        progress($"{size.Meetings} meetings of {size.ItemsPerMeeting} items ({Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s)");

        var reminders = new Governance.Reminders.V1.RemindersService.RemindersServiceClient(channel);
        var reminderNames = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(bodies, options, async (body, ct) =>
        {
            foreach (var r in ReminderRows(body))
            {
                reminderNames.Add((await reminders.CreateReminderAsync(r, cancellationToken: ct)).Name);
            }
            foreach (var title in new[] { "HU-møder", "Byrådets temamøder", "Direktionens Strategiske Lederforum" })
            {
                var section = new Governance.Reminders.V1.CalendarSection { Title = title, LeadParagraphs = { "(orienteringspunkt forud for mødet)" } };
                section.Entries.Add(Enumerable.Range(0, 8).Select(e => new Governance.Reminders.V1.CalendarEntry
                {
                    Date = new Google.Type.Date { Year = 2027, Month = 1 + e, Day = 19 },
                    Topic = $"{Topics[e % Topics.Length]} og kommuneplan",
                }));
                await reminders.CreateCalendarSectionAsync(new Governance.Reminders.V1.CreateCalendarSectionRequest { Parent = body, CalendarSection = section },
                    cancellationToken: ct);
            }
        });
        progress($"{bodies.Count} reminder lists ({Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s)");

        var writeMeetings = new List<string>();
        for (var w = 0; w < 64; w++)
        {
            writeMeetings.Add(await ScheduleAsync(meetings, bodies[w % bodies.Count], baseDay.AddYears(1).AddDays(w), CancellationToken.None));
        }
        var seedTime = Stopwatch.GetElapsedTime(started);
        return new DataSet
        {
            Bodies = bodies,
            Cases = [.. caseNames.Values.Select(c => c.Name)],
            Journals = journals,
            Meetings = [.. all],
            DecidedMeetings = [.. decided],
            Items = [.. items],
            // Round robin over the meetings: calls in flight decide items of different meetings, so
            // the events spread over as many ordering keys as there are meetings.
            DecidableItems = [.. decidable.GroupBy(MeetingOf).SelectMany(g => g.Select((item, n) => (item, n))).OrderBy(x => x.n).Select(x => x.item)],
            WriteMeetings = writeMeetings,
            SearchWord = "klimaplan",
            ReminderLists = bodies,
            Reminders = [.. reminderNames],
            SeedTime = seedTime,
            Description = $"{bodies.Count} bodies, {size.Cases} cases, {size.Meetings} meetings of {size.ItemsPerMeeting} items " +
                $"(3 sections and a 3-point recommendation each; agendas published), decisions on every item of {decided.Count} meetings, " +
                $"a reminder list of 20 reminders and 3 calendar sections a body; " +
                $"seeded through the API, {parallel} in parallel, in {seedTime.TotalSeconds:F0} s",
        };
    }

    /// <summary>The meeting of an agenda item's name (<c>meetings/{m}/items/{i}</c>).</summary>
    private static string MeetingOf(string item) => string.Join('/', item.Split('/').Take(2));

    private static async Task<string> ScheduleAsync(MeetingsService.MeetingsServiceClient meetings, string body, DateTime start, CancellationToken ct) =>
        (await meetings.ScheduleMeetingAsync(new ScheduleMeetingRequest
        {
            Meeting = new Meeting
            {
                Body = body,
                Title = "Ordinært møde",
                Room = "Mødelokale B105",
                Start = new Google.Type.DateTime
                {
                    Year = start.Year, Month = start.Month, Day = start.Day, Hours = start.Hour, Minutes = start.Minute,
                },
            },
            RequestId = Guid.NewGuid().ToString(),
        }, cancellationToken: ct)).Name;

    /// <summary>An item of the usual size: three sections of a few hundred words, a recommendation of three points.</summary>
    public static AgendaItem Item(string journalNumber, int n) => new()
    {
        Title = $"{Topics[n % Topics.Length]}: status og videre proces (punkt {n + 1})",
        JournalNumber = journalNumber,
        Kind = n % 10 == 9 ? ItemKind.Closed : ItemKind.Ordinary,
        Sections =
        {
            new Section { Kind = SectionKind.Baggrund, Text = Paragraph(n, 6) },
            new Section { Kind = SectionKind.Sagsfremstilling, Text = Paragraph(n + 1, 12) },
            new Section { Kind = SectionKind.Okonomi, Text = Paragraph(n + 2, 4) },
        },
        Recommendation = new Recommendation
        {
            Unit = Units[n % Units.Length],
            Text = $"{Units[n % Units.Length]} indstiller, at Direktionen",
            Points =
            {
                new RecommendationPoint { Label = "1", Text = "godkender den beskrevne proces" },
                new RecommendationPoint { Label = "2", Text = "tager orienteringen om økonomien til efterretning" },
                new RecommendationPoint { Label = "3", Text = "beslutter, at sagen forelægges igen efter høringen" },
            },
        },
    };

    public static RecordDecisionRequest Decide(string item) => new()
    {
        Parent = item,
        Decision = new Decision
        {
            Outcome = DecisionOutcome.Approved,
            Text = "Godkendt. Indstillingen følges, og sagen forelægges igen efter høringen.",
            FollowUps = { new FollowUp { Description = "Notat om økonomien til næste møde", Unit = "ØDC" } },
        },
        RequestId = Guid.NewGuid().ToString(),
    };

    private static string Paragraph(int seed, int sentences) => string.Join(' ', Enumerable.Range(0, sentences).Select(s =>
        $"Forvaltningen har i {2020 + ((seed + s) % 7)} gennemgået {Topics[(seed + s) % Topics.Length].ToLowerInvariant()} " +
        "og vurderer, at de økonomiske rammer og tidsplanen kan overholdes, såfremt høringssvarene ikke giver anledning til ændringer."));

    /// <summary>A body's reminder list as the samples hold them: dates, months, rules and free text.</summary>
    private static IEnumerable<Governance.Reminders.V1.CreateReminderRequest> ReminderRows(string body) =>
        Enumerable.Range(0, 20).Select(n =>
        {
            var time = (n % 4) switch
            {
                0 => new Governance.Reminders.V1.ExpectedTime { Date = new Google.Type.Date { Year = 2027, Month = 1 + (n % 12), Day = 1 + n } },
                1 => new Governance.Reminders.V1.ExpectedTime { Month = new Governance.Reminders.V1.YearMonth { Year = 2027, Month = 1 + (n % 12) } },
                2 => new Governance.Reminders.V1.ExpectedTime
                {
                    Recurrence = new Governance.Reminders.V1.Recurrence
                    {
                        Rrule = n % 8 == 2 ? "FREQ=MONTHLY;INTERVAL=3" : "FREQ=MONTHLY;BYDAY=2MO",
                        Start = new Google.Type.DateTime { Year = 2027, Month = 1, Day = 11, Hours = 8 },
                    },
                },
                _ => new Governance.Reminders.V1.ExpectedTime { FreeText = "Efter budgetforliget" },
            };
            return new Governance.Reminders.V1.CreateReminderRequest
            {
                Parent = body,
                Reminder = new Governance.Reminders.V1.Reminder
                {
                    Subject = $"{Topics[n % Topics.Length]} - status og konsekvensbeskrivelser nr. {n}",
                    Responsible = { Units[n % Units.Length] },
                    ExpectedTime = time,
                    Closed = n % 10 == 9,
                },
                RequestId = Guid.NewGuid().ToString(),
            };
        });
}
