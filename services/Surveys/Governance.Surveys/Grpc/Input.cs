using Governance.ServiceDefaults.Errors;
using Governance.Surveys.Domain;
using Governance.Surveys.V1;

namespace Governance.Surveys.Grpc;

/// <summary>Validation of the names and fields callers send, with the limits the protos document. Each
/// check names the field path it failed on, so one answer lists every bad field.</summary>
internal static partial class Input
{
    /// <summary>The fields UpdateInstrument may change (its update mask's paths).</summary>
    public static readonly string[] InstrumentPaths = ["display_name", "description", "themes"];

    private const string VersionForm = "organisationVersions/{version} (a number from 1, or current)";

    /// <summary>The version of <c>organisationVersions/{version}</c>, the number or <c>current</c>.</summary>
    public static VersionRef Version(string name, string field)
    {
        var parts = name.Split('/');
        if (parts is [SurveyNames.Versions, var segment] && VersionRef.Parse(segment) is { } version)
        {
            return version;
        }
        throw new ValidationException(field, $"must be a name {VersionForm}");
    }

    /// <summary>The version and id of <c>organisationVersions/{version}/{collection}/{id}</c>.</summary>
    public static (VersionRef Version, string Id) Child(string name, string collection, string field)
    {
        var parts = name.Split('/');
        if (parts is [SurveyNames.Versions, var segment, var c, var id] && c == collection && VersionRef.Parse(segment) is { } version && SurveyNames.IsId(id))
        {
            return (version, id);
        }
        throw new ValidationException(field, $"must be a name organisationVersions/{{version}}/{collection}/{{id}} ({{version}}: a number from 1, or current)");
    }

    /// <summary>The id of <c>instruments/{instrument}</c>.</summary>
    public static string Instrument(string name, string field)
    {
        return SurveyNames.IdOf(name, "instruments") ?? throw new ValidationException(field, "must be a name instruments/{instrument}");
    }

    /// <summary>ListUnits' parent_unit: a unit of the version written as the list's parent (the same
    /// text, number or current), or null for every unit.</summary>
    public static string? ParentUnit(Validator v, string parent, string parentUnit)
    {
        if (parentUnit.Length == 0)
        {
            return null;
        }
        var prefix = parent + "/units/";
        if (parentUnit.StartsWith(prefix, StringComparison.Ordinal) && SurveyNames.IsId(parentUnit[prefix.Length..]))
        {
            return parentUnit[prefix.Length..];
        }
        v.Add("parent_unit", $"must be a unit of {CallerValue.Quote(parent)}, {CallerValue.Quote(parent)}/units/{{unit}}");
        return null;
    }

    /// <summary>A kind filter: unspecified (every kind) or a kind.</summary>
    public static InstrumentKind? KindFilter(Validator v, string field, InstrumentKind kind)
    {
        if (kind == InstrumentKind.Unspecified)
        {
            return null;
        }
        if (!Enum.IsDefined(kind))
        {
            v.Add(field, "must be an InstrumentKind, or unspecified for every kind");
        }
        return kind;
    }

    /// <summary>What CreateInstrument makes, checked: the instrument's own fields, or a copy's.</summary>
    public static void NewInstrument(Validator v, Instrument i, bool copy)
    {
        v.Required("instrument.display_name", i.DisplayName, Instruments.MaxNameLength);
        v.MaxLength("instrument.description", i.Description, Instruments.MaxDescriptionLength);
        if (copy)
        {
            if (i.Themes.Count > 0)
            {
                v.Add("instrument.themes", "must be empty when source_instrument is given: the copy takes the source's themes");
            }
            if (i.Kind != InstrumentKind.Unspecified && !Enum.IsDefined(i.Kind))
            {
                v.Add("instrument.kind", "must be an InstrumentKind, or unspecified for the source's");
            }
            return;
        }
        Instruments.CheckKind(v, "instrument.kind", i.Kind);
        if (i.Kind != InstrumentKind.Unspecified && Enum.IsDefined(i.Kind))
        {
            Instruments.CheckThemes(v, "instrument.themes", i.Kind, i.Themes);
        }
    }

    /// <summary>UpdateInstrument's changes for the mask's paths. Themes are checked against the stored
    /// kind when the instrument is loaded (<see cref="Instruments.CheckThemes"/>).</summary>
    public static InstrumentChanges InstrumentChanges(Validator v, Instrument i, IReadOnlySet<string> paths)
    {
        string? displayName = null, description = null;
        IReadOnlyList<InstrumentTheme>? themes = null;
        if (paths.Contains("display_name") && v.Required("instrument.display_name", i.DisplayName, Instruments.MaxNameLength))
        {
            displayName = i.DisplayName;
        }
        if (paths.Contains("description") && v.MaxLength("instrument.description", i.Description, Instruments.MaxDescriptionLength))
        {
            description = i.Description;
        }
        if (paths.Contains("themes"))
        {
            themes = [.. i.Themes];
        }
        return new InstrumentChanges(displayName, description, themes);
    }
}
