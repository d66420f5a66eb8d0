using Governance.Reminders.V1;

namespace Governance.Reminders.Domain;

/// <summary>A reminder as stored: a row of a body's list.</summary>
public sealed record ReminderRecord
{
    public required string Id { get; init; }
    public required string BodyId { get; init; }
    public required string Subject { get; init; }
    public required Responsible Responsible { get; init; }
    public required ExpectedTime ExpectedTime { get; init; }
    public string Notes { get; init; } = "";
    public bool Closed { get; init; }
    public ReminderState State { get; init; } = ReminderState.Open;
    public string StateChangedBy { get; init; } = "";
    public DateTime? StateChangedAt { get; init; }
    /// <summary>The hand order among the body's open reminders, 1 = first; 0 when not open.</summary>
    public int Position { get; init; }
    public string JournalNumber { get; init; } = "";
    public string Meeting { get; init; } = "";
    public string Decision { get; init; } = "";
    public ReminderOrigin Origin { get; init; } = ReminderOrigin.Manual;
    /// <summary>What it was made from: a decision (the first of its chain of corrections), a statutory
    /// deadline, a Surveys round or action plan item; null for one made by hand. And which of its
    /// follow-ups (or the like), unique (<see cref="DecisionFollowUps"/>, <see cref="SurveyReminders"/>).</summary>
    public string? Source { get; init; }
    public string? SourceKey { get; init; }
    /// <summary>When what it was made from happened (the event's time): a later event about the same
    /// source replaces the reminder's fields, an earlier one arriving late changes nothing.</summary>
    public DateTime? SourceAt { get; init; }
    /// <summary>The version of the one resource it was made from, as its last applied event carried it
    /// (a Surveys round or action plan item): an event with a version not above it changes nothing.
    /// Null where the source has no single version (a chain of decisions, a catalogue entry).</summary>
    public long? SourceVersion { get; init; }
    /// <summary>When the next occurrence not yet done falls due (UTC); what the due sweep looks for.</summary>
    public DateTime? NextDueAt { get; init; }
    public long Version { get; init; } = 1;
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }

    public string Name => ReminderNames.Reminder(BodyId, Id);
}

/// <summary>A dated line of a calendar section, entered by hand or made from a followed body's meeting
/// (<see cref="Meeting"/> set): "30. april (res.)" (a note), "25. september: Vækst- og
/// Erhvervspolitik" (a topic), "4. september:" (an empty topic prints the colon alone), "25. november"
/// (no topic, no colon). Printed by <see cref="ReminderListLayout.EntryText"/>.</summary>
public sealed record CalendarEntryRecord(DateOnly Date, string Note = "", string? Topic = null, string Meeting = "");

/// <summary>A calendar section of a body's list, as stored (its hand-made entries only).</summary>
public sealed record CalendarSectionRecord
{
    public required string Id { get; init; }
    public required string BodyId { get; init; }
    public required string Title { get; init; }
    public int Position { get; init; }
    public IReadOnlyList<string> LeadParagraphs { get; init; } = [];
    public IReadOnlyList<CalendarEntryRecord> Entries { get; init; } = [];
    public IReadOnlyList<string> TrailingParagraphs { get; init; } = [];
    /// <summary>The body id whose meetings the section shows, or "".</summary>
    public string FollowedBody { get; init; } = "";
    public long Version { get; init; } = 1;
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }

    public string Name => ReminderNames.CalendarSection(BodyId, Id);
}

/// <summary>How a body's list is printed; a body that never changed it has <see cref="Defaults"/>
/// (version 0: nothing stored yet).</summary>
public sealed record ListSettingsRecord
{
    public const string DefaultSubjectHeading = "Sag/emne";
    public const string DefaultTimeHeading = "Forventet tidspunkt";
    public const string DefaultResponsibleHeading = "Ansvarlig";

    public required string BodyId { get; init; }
    public string SubjectHeading { get; init; } = DefaultSubjectHeading;
    public string TimeHeading { get; init; } = DefaultTimeHeading;
    public string ResponsibleHeading { get; init; } = DefaultResponsibleHeading;
    public bool GroupByMonth { get; init; }
    public long Version { get; init; }
    public DateTime? UpdatedAt { get; init; }

    public string Name => ReminderNames.ListSettings(BodyId);

    public static ListSettingsRecord Defaults(string bodyId) => new() { BodyId = bodyId };
}

/// <summary>A meeting of a body that some list's calendar section follows, as the Meetings service
/// announced it; the meeting's title is the entry's topic. <paramref name="StartUtc"/> and
/// <paramref name="Room"/> place it in the calendar (null and "" for meetings kept before they were stored).</summary>
public sealed record ForumMeetingRecord(string MeetingId, string BodyId, DateOnly Date, string Title, bool Cancelled, long Version,
    DateTime? StartUtc = null, string Room = "");

public static class Ids
{
    public static string NewId() => Guid.CreateVersion7().ToString("N");
}
