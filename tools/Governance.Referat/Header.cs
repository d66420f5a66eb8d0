using System.Text.RegularExpressions;

namespace Governance.Referat;

/// <summary>
/// The head of the minutes: "REFERAT Direktionen d. 09-03-2017", "Mødedato Torsdag d. 09. marts 2017
/// kl. 08:30", "Mødested Mødelokale B105", "Mødedeltagere ..., Kathrine Seier Skastrup (sekretær)".
/// Each field keeps its line; a field the document lacks is null (the 2012 minutes name no participants).
/// </summary>
public sealed record MeetingHeader(
    SourceLine? TitleLine,
    string? DocumentKind,
    string? Body,
    DateOnly? TitleDate,
    SourceLine? DateLine,
    DateOnly? Date,
    TimeOnly? StartTime,
    SourceLine? PlaceLine,
    string? Room,
    SourceLine? ParticipantsLine,
    IReadOnlyList<Participant> Participants) : IFromSource
{
    /// <summary>The meeting's date: the "Mødedato" line's, else the title's.</summary>
    public DateOnly? MeetingDate => Date ?? TitleDate;

    public Participant? Secretary => Participants.FirstOrDefault(p => p.IsSecretary);

    public IEnumerable<SourceLine> SourceLines() =>
        new[] { TitleLine, DateLine, PlaceLine, ParticipantsLine }.OfType<SourceLine>().OrderBy(l => l.Number);
}

/// <summary>A participant of the meeting; "(sekretær)" after the name marks the body's secretary.</summary>
public sealed record Participant(string Name, bool IsSecretary);

internal static partial class HeaderReader
{
    [GeneratedRegex(@"^(?<kind>referat|dagsorden)\s+(?<body>.+?)\s+(?:d\.|den)\s*(?<date>[0-9]{1,2}-[0-9]{1,2}-[0-9]{4})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Title();

    [GeneratedRegex(@"^mødedato\s+(?<text>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DateField();

    // "Tirsdag d. 14. august 2012 kl. 10:00"
    [GeneratedRegex(@"(?:d\.|den)?\s*(?<day>[0-9]{1,2})\.\s*(?<month>\p{L}+)\s+(?<year>[0-9]{4})(?:\s+kl\.?\s*(?<h>[0-9]{1,2})[:.](?<m>[0-9]{2}))?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DateText();

    [GeneratedRegex(@"^mødested\s+(?<room>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PlaceField();

    [GeneratedRegex(@"^mødedeltagere\s+(?<list>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ParticipantsField();

    [GeneratedRegex(@"\s*\(sekretær\)\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretaryMark();

    /// <summary>A header in progress: the reader fills in the fields it meets, each once.</summary>
    internal sealed class Builder
    {
        private MeetingHeader header = new(null, null, null, null, null, null, null, null, null, null, []);

        public MeetingHeader Header => header;

        /// <summary>Takes the line when it is a header field not yet seen; false otherwise.</summary>
        public bool TryTake(SourceLine line)
        {
            var text = line.Trimmed;
            if (header.TitleLine is null && Title().Match(text) is { Success: true } title)
            {
                header = header with
                {
                    TitleLine = line,
                    DocumentKind = title.Groups["kind"].Value,
                    Body = title.Groups["body"].Value,
                    TitleDate = DanishDates.Numeric(title.Groups["date"].Value),
                };
                return true;
            }
            if (header.DateLine is null && DateField().Match(text) is { Success: true } field)
            {
                var date = DateText().Match(field.Groups["text"].Value);
                var month = date.Success ? DanishDates.Month(date.Groups["month"].Value) : null;
                header = header with
                {
                    DateLine = line,
                    Date = month is { } mo ? DanishDates.Date(DanishDates.Int(date.Groups["year"].Value), mo, DanishDates.Int(date.Groups["day"].Value)) : null,
                    StartTime = date.Success && date.Groups["h"].Success ? DanishDates.Time(date.Groups["h"].Value, date.Groups["m"].Value) : null,
                };
                return true;
            }
            if (header.PlaceLine is null && PlaceField().Match(text) is { Success: true } place)
            {
                header = header with { PlaceLine = line, Room = place.Groups["room"].Value.Trim() };
                return true;
            }
            if (header.ParticipantsLine is null && ParticipantsField().Match(text) is { Success: true } participants)
            {
                header = header with { ParticipantsLine = line, Participants = Participants(participants.Groups["list"].Value) };
                return true;
            }
            return false;
        }
    }

    private static Participant[] Participants(string list) =>
        Regex.Split(list, @",|\s+og\s+", RegexOptions.CultureInvariant)
            .Select(p => p.Trim())
            .Where(p => p.Length > 0)
            .Select(p => new Participant(SecretaryMark().Replace(p, " ").Trim(), SecretaryMark().IsMatch(p)))
            .ToArray();
}
