namespace Governance.Reminders.Domain;

/// <summary>A calendar section's fields as a caller sends them (validated): null leaves a field as it
/// is on an update; a create takes every field.</summary>
public sealed record SectionContent(string? Title, int? Position, IReadOnlyList<string>? LeadParagraphs,
    IReadOnlyList<CalendarEntryRecord>? Entries, IReadOnlyList<string>? TrailingParagraphs, string? FollowedBody);

/// <summary>Making and changing calendar sections.</summary>
public static class CalendarSections
{
    public static CalendarSectionRecord New(SectionContent c, string id, string bodyId, int position, DateTime now) => new()
    {
        Id = id,
        BodyId = bodyId,
        Title = c.Title ?? "",
        Position = position,
        LeadParagraphs = c.LeadParagraphs ?? [],
        Entries = Ordered(c.Entries ?? []),
        TrailingParagraphs = c.TrailingParagraphs ?? [],
        FollowedBody = c.FollowedBody ?? "",
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>The section with the changes applied, one version on; a new place is the caller's to
    /// compute (<see cref="ListOrder.PlaceOfMoved"/>).</summary>
    public static CalendarSectionRecord Apply(CalendarSectionRecord s, SectionContent c, DateTime now) => s with
    {
        Title = c.Title ?? s.Title,
        Position = c.Position ?? s.Position,
        LeadParagraphs = c.LeadParagraphs ?? s.LeadParagraphs,
        Entries = c.Entries is null ? s.Entries : Ordered(c.Entries),
        TrailingParagraphs = c.TrailingParagraphs ?? s.TrailingParagraphs,
        FollowedBody = c.FollowedBody ?? s.FollowedBody,
        Version = s.Version + 1,
        UpdatedAt = now,
    };

    /// <summary>Entries are kept in date order (a stable sort: same-day entries keep the caller's order).</summary>
    private static IReadOnlyList<CalendarEntryRecord> Ordered(IReadOnlyList<CalendarEntryRecord> entries) => [.. entries.OrderBy(e => e.Date)];
}
