using System.Globalization;

namespace Governance.Surveys.Domain;

/// <summary>The resource names of the Surveys service. The organisation is versioned as a whole, so its
/// units and managers are named under their version (<c>organisationVersions/3/units/odc</c>): a name
/// never changes meaning, and a round that keeps version 3 reads exactly that tree.</summary>
public static class SurveyNames
{
    public const int MaxIdLength = 63;

    public const string Versions = "organisationVersions";

    /// <summary>The alias of the newest version in a request; answers always carry the number.</summary>
    public const string Current = "current";

    public static string Version(long version) => $"{Versions}/{version.ToString(CultureInfo.InvariantCulture)}";

    public static string Unit(long version, string unitId) => $"{Version(version)}/units/{unitId}";

    public static string Manager(long version, string managerId) => $"{Version(version)}/managers/{managerId}";

    public static string Instrument(string id) => $"instruments/{id}";

    public static string Round(string id) => $"rounds/{id}";

    /// <summary>The id of a top-level name <c>{collection}/{id}</c> (<c>instruments/apv-2017</c>), or null
    /// when the name is not of that form.</summary>
    public static string? IdOf(string name, string collection) =>
        name.Length > collection.Length + 1 && name.StartsWith(collection, StringComparison.Ordinal) && name[collection.Length] == '/'
        && IsId(name[(collection.Length + 1)..]) ? name[(collection.Length + 1)..] : null;

    public static string ActionPlanItem(string roundId, string itemId) => $"rounds/{roundId}/actionPlanItems/{itemId}";

    /// <summary>An id as imported or given (units, managers, instruments, themes, items): 1-63 of a-z, 0-9
    /// and '-', starting with a letter or digit (AIP-122).</summary>
    public static bool IsId(string? id) =>
        id is { Length: > 0 and <= MaxIdLength } && (char.IsAsciiLetterLower(id[0]) || char.IsAsciiDigit(id[0]))
        && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    public const string IdRule = "must be 1-63 of a-z, 0-9 and '-', starting with a letter or digit";
}

/// <summary>A version as a request names it: a number, or the newest (<see cref="SurveyNames.Current"/>).</summary>
public readonly record struct VersionRef(long? Number)
{
    public static readonly VersionRef Current = new(null);

    public bool IsCurrent => Number is null;

    /// <summary>"organisationVersions/3" or "organisationVersions/current", as the caller wrote it.</summary>
    public override string ToString() => Number is { } n ? SurveyNames.Version(n) : $"{SurveyNames.Versions}/{SurveyNames.Current}";

    /// <summary>"current", or a version number 1..<see cref="long.MaxValue"/> written without sign or
    /// leading zeros; null for anything else.</summary>
    public static VersionRef? Parse(string segment)
    {
        if (segment == SurveyNames.Current)
        {
            return Current;
        }
        if (segment.Length is 0 or > 19 || segment[0] == '0' || !segment.All(char.IsAsciiDigit))
        {
            return null;
        }
        return long.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? new VersionRef(n) : null;
    }
}
