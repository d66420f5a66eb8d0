using Google.Protobuf.WellKnownTypes;
using Governance.Reminders.V1;

namespace Governance.Testing;

/// <summary>
/// The Huskeliste of Direktionen's referat of 09-09-2013 (item 8), entered through the Reminders API
/// as a secretary would: the list's time heading, each row's "Forv. tidspunkt" read by
/// ParseExpectedTime, then the calendar sections. Printed for 09-09-2013 it is the sample's text.
/// </summary>
public static class HuskelisteSample
{
    public static readonly Google.Type.Date ListDate = new() { Year = 2013, Month = 9, Day = 9 };

    /// <summary>The table: subject, Forv. tidspunkt, Ansvarlig.</summary>
    public static readonly IReadOnlyList<(string Subject, string Time, string Responsible)> Rows =
    [
        ("Udbudspolitik og mulige emner/handleplan på et kommende direktionensmøde", "September", "ØDC"),
        ("Indkøbspolitik", "September", "ØDC"),
        ("Processag vedr. selvejende institutioner", "September", "BYC"),
        ("Specialiserede socialområde - afrapportering på analyse om kapacitet, målgr., tilbudsvifte mv.", "20. september", "SHC"),
        ("Årshjul for direktionen", "September", "BYC"),
        ("ØKO-LIS", "(2. uge månedligt)", "ØDC"),
        ("Programmet Morgendagens børne- og ungeliv", "Kvartalsvis", "PA"),
        ("Status på revisionsbemærkninger", "(Kvartalsvis)", "PA"),
    ];

    /// <summary>The calendar sections' titles, in order.</summary>
    public static readonly IReadOnlyList<string> SectionTitles =
        ["Chefforum", "Direktionens Strategiske Lederforum", "Byrådets temamøder", "ØU", "HU-møder", "Borgmesterens deltagelse i direktionmøder"];

    /// <summary>Enters the whole list on <paramref name="body"/>'s list (`bodies/{body}`).</summary>
    public static async Task EnterAsync(RemindersService.RemindersServiceClient client, string body, CancellationToken ct)
    {
        await client.UpdateReminderListSettingsAsync(new UpdateReminderListSettingsRequest
        {
            Settings = new ReminderListSettings { Name = $"{body}/reminderListSettings", TimeHeading = "Forv. tidspunkt" },
            UpdateMask = new FieldMask { Paths = { "time_heading" } },
        }, cancellationToken: ct);
        foreach (var (subject, time, responsible) in Rows)
        {
            var parsed = await client.ParseExpectedTimeAsync(new ParseExpectedTimeRequest { Text = time, ReferenceDate = ListDate }, cancellationToken: ct);
            var reminder = new Reminder { Subject = subject, ExpectedTime = parsed };
            reminder.Responsible.Add(responsible);
            await client.CreateReminderAsync(new CreateReminderRequest { Parent = body, Reminder = reminder }, cancellationToken: ct);
        }

        async Task Section(string title, string[]? lead = null, CalendarEntry[]? entries = null, string[]? trailing = null)
        {
            var section = new CalendarSection { Title = title };
            section.LeadParagraphs.AddRange(lead ?? []);
            section.Entries.AddRange(entries ?? []);
            section.TrailingParagraphs.AddRange(trailing ?? []);
            await client.CreateCalendarSectionAsync(new CreateCalendarSectionRequest { Parent = body, CalendarSection = section }, cancellationToken: ct);
        }

        await Section(SectionTitles[0], lead: ["Forberedelse af kommende ugers mødebånd."]);
        await Section(SectionTitles[1], entries: [Entry(11, 25)]);
        await Section(SectionTitles[2],
            entries: [Entry(9, 24, "Kommuneplan, Evaluering af byrådsarbejdet."), Entry(10, 29, "(NB! Skal sandsynligvis aflyses)")],
            trailing:
            [
                "Kommende emner:",
                "- Reformen på beskæftigelsesområdet (Ifm. Byrådshøjskolen)",
                "- Boligsociale område, udlejning, kombineret udlejning, tomgangsleje mv. (jf. sag på SSU 5. febr.).",
                "- Kvalitet i folkeskolen",
                "- Generelt om udbud (jf. BY-sag 20.11 om Pulje til Kvalitetsudvikling)",
            ]);
        await Section(SectionTitles[3], lead: ["Temadrøftelse på ØU om boligområdet/støttede byggeri – kompetenceafklaring mv. (evt. november)"]);
        await Section(SectionTitles[4], lead: ["(orienteringspunkt i direktionen forud for HU-møde)"],
            entries: [Entry(9, 19), Entry(10, 23), Entry(11, 20), Entry(12, 18)]);
        await Section(SectionTitles[5], entries: [Entry(12, 9)]);
    }

    private static CalendarEntry Entry(int month, int day, string? topic = null)
    {
        var entry = new CalendarEntry { Date = new Google.Type.Date { Year = 2013, Month = month, Day = day } };
        if (topic is not null)
        {
            entry.Topic = topic;
        }
        return entry;
    }
}
