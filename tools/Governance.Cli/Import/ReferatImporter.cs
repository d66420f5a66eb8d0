using System.Text;
using Governance.Cases.V1;
using Governance.Cli.Commands;
using Governance.Meetings.V1;
using Governance.Referat;
using Governance.Reminders.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Governance.Cli.Import;

/// <summary>
/// The calls of one import, in order: GetBody/CreateBody, GetCase/CreateCase per journal number,
/// ImportMeeting, then CreateReminder per Huskeliste row and CreateCalendarSection per calendar
/// section not already on the body's list. Failed calls are not caught: the command prints them.
/// </summary>
internal sealed class ReferatImporter(GrpcChannel channel, string caseUnit)
{
    /// <summary>Cases need a unit; a referat names one only in a recommendation ("ØDC indstiller").</summary>
    public const string DefaultCaseUnit = "Sekretariatet";

    private readonly MeetingsService.MeetingsServiceClient meetings = new(channel);
    private readonly CasesService.CasesServiceClient cases = new(channel);
    private readonly RemindersService.RemindersServiceClient reminders = new(channel);

    /// <summary>Bad input before any call: a file that is missing or of a kind gov cannot read.</summary>
    public static void CheckFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"filen '{path}' findes ikke.");
        }
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".txt" or ".docx"))
        {
            throw new UsageException($"'{path}' kan ikke importeres: kun referater som tekst (.txt, UTF-8) eller Word (.docx).");
        }
    }

    public static Referat.Referat Read(string path)
    {
        if (Path.GetExtension(path).Equals(".docx", StringComparison.OrdinalIgnoreCase))
        {
            using var stream = File.OpenRead(path);
            try
            {
                return DocxReferat.Parse(stream);
            }
            catch (Exception error) when (error is DocumentFormat.OpenXml.Packaging.OpenXmlPackageException or InvalidDataException or FileFormatException)
            {
                throw new UsageException($"'{path}' er ikke et Word-dokument, der kan læses: {error.Message}");
            }
        }
        // Strict UTF-8: a file in another encoding is bad input, not silently mangled text.
        try
        {
            return ReferatParser.Parse(File.ReadAllText(path, new UTF8Encoding(false, throwOnInvalidBytes: true)));
        }
        catch (DecoderFallbackException)
        {
            throw new UsageException($"'{path}' er ikke UTF-8-tekst.");
        }
    }

    /// <summary>Imports <paramref name="referat"/>, already read from <paramref name="path"/> (named in the report and as the source).</summary>
    public async Task<ImportResult> ImportAsync(string path, Referat.Referat referat, CancellationToken ct)
    {
        var header = referat.Header;
        if (header.Body is not { Length: > 0 } bodyName)
        {
            throw new UsageException($"'{path}': referatet nævner intet organ (titellinjen 'REFERAT Direktionen d. 09-03-2017').");
        }
        var body = await EnsureBodyAsync(bodyName, header, ct);
        var casesCreated = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in referat.Items)
        {
            if (item.JournalText is { } journal && seen.Add(journal) && await EnsureCaseAsync(item, journal, ct))
            {
                casesCreated++;
            }
        }
        var request = ReferatImport.Request(referat, body, Path.GetFileName(path));
        var response = await meetings.ImportMeetingAsync(request, cancellationToken: ct);
        var (remindersCreated, sectionsCreated) = referat.ReminderList is { } list
            ? await RemindersAsync(referat, list, body, response.Meeting.Name, ct)
            : (0, 0);
        return new ImportResult(Path.GetFileName(path), referat.Report, response, casesCreated, remindersCreated, sectionsCreated);
    }

    private async Task<string> EnsureBodyAsync(string displayName, MeetingHeader header, CancellationToken ct)
    {
        var name = "bodies/" + ReferatImport.BodyId(displayName);
        try
        {
            return (await meetings.GetBodyAsync(new GetBodyRequest { Name = name }, cancellationToken: ct)).Name;
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.NotFound)
        {
            var body = new Body { DisplayName = displayName, UsualRoom = header.Room ?? "" };
            body.Members.AddRange(ReferatImport.Participants(header));
            return (await meetings.CreateBodyAsync(new CreateBodyRequest { Body = body, BodyId = name["bodies/".Length..], RequestId = Guid.NewGuid().ToString() }, cancellationToken: ct)).Name;
        }
    }

    /// <summary>True when the case was registered now.</summary>
    private async Task<bool> EnsureCaseAsync(Referat.AgendaItem item, string journal, CancellationToken ct)
    {
        try
        {
            await cases.GetCaseAsync(new GetCaseRequest { JournalNumber = journal }, cancellationToken: ct);
            return false;
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.NotFound)
        {
            var unit = item.Recommendation?.Unit is { } u && ReferatImport.ValidUnit().IsMatch(u) ? u : caseUnit;
            await cases.CreateCaseAsync(new CreateCaseRequest
            {
                Case = new Case
                {
                    JournalNumber = journal,
                    Title = item.Title,
                    Unit = unit,
                    Confidentiality = item.IsClosed ? Confidentiality.Closed : Confidentiality.Public,
                },
                RequestId = Guid.NewGuid().ToString(),
            }, cancellationToken: ct);
            return true;
        }
    }

    private async Task<(int Reminders, int Sections)> RemindersAsync(Referat.Referat referat, Referat.ReminderList list, string body, string meeting, CancellationToken ct)
    {
        var listRequest = new ListRemindersRequest { Parent = body, PageSize = 200 };
        var existing = await CommandSupport.AllPagesAsync<Reminders.V1.Reminder>(async token =>
        {
            listRequest.PageToken = token;
            var page = await reminders.ListRemindersAsync(listRequest, cancellationToken: ct);
            return (page.Reminders, page.NextPageToken);
        });
        var known = existing.Where(r => r.Meeting == meeting).Select(r => r.Subject).ToHashSet(StringComparer.Ordinal);
        var meetingDate = ReferatImport.Date(referat.Header.MeetingDate!.Value);
        var created = 0;
        foreach (var row in list.Reminders)
        {
            if (row.Subject.Length == 0 || !known.Add(row.Subject))
            {
                continue;
            }
            var expected = row.ExpectedTime.Trim().Length == 0
                ? new ExpectedTime { FreeText = "Ikke angivet" }
                : await reminders.ParseExpectedTimeAsync(new ParseExpectedTimeRequest
                {
                    Text = row.ExpectedTime.Trim(),
                    ReferenceDate = meetingDate,
                    GroupMonth = row.GroupMonth ?? 0,
                }, cancellationToken: ct);
            var reminder = new Reminders.V1.Reminder
            {
                Subject = row.Subject,
                ExpectedTime = expected,
                Meeting = meeting,
                // The case, when an item of these minutes has the row's subject as its title.
                JournalNumber = referat.Items.FirstOrDefault(i => string.Equals(i.Title, row.Subject, StringComparison.OrdinalIgnoreCase))?.JournalText ?? "",
            };
            var responsible = row.ResponsibleUnits.Where(p => p.Length <= 50).ToList();
            reminder.Responsible.AddRange(responsible.Count > 0 ? responsible : ["Ikke angivet"]);
            await reminders.CreateReminderAsync(new CreateReminderRequest { Parent = body, Reminder = reminder, RequestId = Guid.NewGuid().ToString() }, cancellationToken: ct);
            created++;
        }

        var sectionsRequest = new ListCalendarSectionsRequest { Parent = body, PageSize = 200 };
        var titles = (await CommandSupport.AllPagesAsync<Reminders.V1.CalendarSection>(async token =>
        {
            sectionsRequest.PageToken = token;
            var page = await reminders.ListCalendarSectionsAsync(sectionsRequest, cancellationToken: ct);
            return (page.CalendarSections, page.NextPageToken);
        })).Select(s => s.Title).ToHashSet(StringComparer.Ordinal);
        var sections = 0;
        foreach (var calendar in list.Calendars)
        {
            // Dates right under the table have no title of their own.
            var title = calendar.Name ?? "Kalender";
            if (!titles.Add(title))
            {
                continue;
            }
            await reminders.CreateCalendarSectionAsync(new CreateCalendarSectionRequest
            {
                Parent = body,
                CalendarSection = CalendarSection(calendar, title),
                RequestId = Guid.NewGuid().ToString(),
            }, cancellationToken: ct);
            sections++;
        }
        return (created, sections);
    }

    /// <summary>Notes before the first date lead, the dates are entries, notes after them trail.</summary>
    private static Reminders.V1.CalendarSection CalendarSection(Referat.CalendarSection calendar, string title)
    {
        var section = new Reminders.V1.CalendarSection { Title = title };
        foreach (var line in calendar.Lines)
        {
            if (line.Date is { } date)
            {
                var entry = new CalendarEntry { Date = ReferatImport.Date(date) };
                if (line.Text.Length > 0 || line.Line.Trimmed.EndsWith(':'))
                {
                    entry.Topic = line.Text;
                }
                section.Entries.Add(entry);
            }
            else if (section.Entries.Count == 0)
            {
                section.LeadParagraphs.Add(line.Line.Trimmed);
            }
            else
            {
                section.TrailingParagraphs.Add(line.Line.Trimmed);
            }
        }
        return section;
    }
}
