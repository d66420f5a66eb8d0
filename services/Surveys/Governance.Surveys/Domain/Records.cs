using Governance.Surveys.V1;

namespace Governance.Surveys.Domain;

/// <summary>One version of the organisation: what one import loaded.</summary>
public sealed record OrganisationVersionRecord(long Version, string Label, int UnitCount, int ManagerCount, int Headcount, string RootUnitId,
    string ImportedBy, DateTime CreatedAt)
{
    /// <summary>Whether it is the newest version (set when read).</summary>
    public bool Current { get; init; }

    public string Name => SurveyNames.Version(Version);
}

/// <summary>A unit of a version. <see cref="TotalHeadcount"/> and <see cref="ChildCount"/> are computed
/// when the version is imported (<see cref="OrganisationImport"/>), so no read walks the tree.</summary>
public sealed record UnitRecord(long Version, string UnitId, string? ParentId, string DisplayName, string ShortName, UnitKind Kind,
    string ManagerId, int Headcount, int TotalHeadcount, int ChildCount)
{
    public string Name => SurveyNames.Unit(Version, UnitId);
}

/// <summary>A manager of a version; <see cref="UnitIds"/> are the units they lead (set when read).</summary>
public sealed record ManagerRecord(long Version, string ManagerId, string DisplayName, string Title, string? ReportsTo)
{
    public IReadOnlyList<string> UnitIds { get; init; } = [];

    public string Name => SurveyNames.Manager(Version, ManagerId);
}

/// <summary>An instrument: its themes and items are the contract's messages (stored as their JSON).</summary>
public sealed record InstrumentRecord(string Id, string DisplayName, InstrumentKind Kind, string Description, IReadOnlyList<InstrumentTheme> Themes,
    bool Template, string? SourceInstrument)
{
    public long Version { get; init; } = 1;
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }

    public string Name => SurveyNames.Instrument(Id);

    public int ItemCount => Themes.Sum(t => t.Items.Count);
}

public static class Ids
{
    /// <summary>An id this service makes: 32 hex digits (a version 7 UUID), which fits <see cref="SurveyNames.IsId"/>.</summary>
    public static string NewId() => Guid.CreateVersion7().ToString("N");

    /// <summary>An id with no time in it (a version 4 UUID: 122 random bits), for what must not be
    /// ordered by when it was made: a response.</summary>
    public static string NewRandomId() => Guid.NewGuid().ToString("N");
}
