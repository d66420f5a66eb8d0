using Governance.ServiceDefaults.Errors;
using Governance.Surveys.V1;

namespace Governance.Surveys.Domain;

/// <summary>What UpdateInstrument changes: null leaves a field as it is.</summary>
public sealed record InstrumentChanges(string? DisplayName, string? Description, IReadOnlyList<InstrumentTheme>? Themes);

/// <summary>
/// The rules of an instrument (questionnaire): themes of items, each item with its response type; scales
/// and yes/no know their direction (a resource, high is good; a demand, high is bad), free text has
/// none; in a social-capital instrument every item that is not free text measures bonding or bridging,
/// and no other instrument names a dimension. Theme and item ids are unique in the instrument (results
/// are reported per item id). Counts and lengths are bounded.
/// </summary>
public static class Instruments
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 2_000;
    public const int MaxThemes = 30;
    public const int MaxItemsPerTheme = 100;
    public const int MaxItems = 300;
    public const int MaxThemeTitleLength = 200;
    public const int MaxThemeDescriptionLength = 1_000;
    public const int MaxItemTextLength = 500;

    /// <summary>Checks the kind of a new instrument.</summary>
    public static void CheckKind(Validator v, string field, InstrumentKind kind)
    {
        if (kind == InstrumentKind.Unspecified || !Enum.IsDefined(kind))
        {
            v.Add(field, "must be INSTRUMENT_KIND_APV_WELLBEING, INSTRUMENT_KIND_SOCIAL_CAPITAL or INSTRUMENT_KIND_LEADERSHIP_EVALUATION");
        }
    }

    /// <summary>Checks the themes of an instrument of <paramref name="kind"/>, every violation under
    /// <paramref name="field"/> (<c>instrument.themes[1].items[4].direction</c>).</summary>
    public static void CheckThemes(Validator v, string field, InstrumentKind kind, IReadOnlyList<InstrumentTheme> themes)
    {
        if (themes.Count == 0)
        {
            v.Add(field, "is required: an instrument has 1-30 themes");
            return;
        }
        if (!v.MaxCount(field, new int[themes.Count], MaxThemes))
        {
            return;
        }
        var items = themes.Sum(t => t.Items.Count);
        if (items > MaxItems)
        {
            v.Add(field, $"must have at most {MaxItems} items in all (had {items})");
            return;
        }
        var themeIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var itemIds = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var t = 0; t < themes.Count; t++)
        {
            var theme = themes[t];
            var at = $"{field}[{t}]";
            Id(v, $"{at}.theme_id", theme.ThemeId, themeIds, $"{field}[{{0}}].theme_id", t);
            v.Required($"{at}.title", theme.Title, MaxThemeTitleLength);
            v.MaxLength($"{at}.description", theme.Description, MaxThemeDescriptionLength);
            if (theme.Items.Count == 0)
            {
                v.Add($"{at}.items", "is required: a theme has 1-100 items");
            }
            else if (v.MaxCount($"{at}.items", theme.Items, MaxItemsPerTheme))
            {
                for (var i = 0; i < theme.Items.Count; i++)
                {
                    Item(v, $"{at}.items[{i}]", kind, theme.Items[i], itemIds);
                }
            }
        }
    }

    private static void Id(Validator v, string field, string id, Dictionary<string, int> seen, string otherFormat, int at)
    {
        if (!SurveyNames.IsId(id))
        {
            v.Add(field, id.Length == 0 ? "is required" : SurveyNames.IdRule);
        }
        else if (!seen.TryAdd(id, at))
        {
            v.Add(field, $"is the same as {string.Format(System.Globalization.CultureInfo.InvariantCulture, otherFormat, seen[id])} ({CallerValue.Quote(id)}); ids are unique");
        }
    }

    private static void Item(Validator v, string at, InstrumentKind kind, InstrumentItem item, Dictionary<string, string> seen)
    {
        if (!SurveyNames.IsId(item.ItemId))
        {
            v.Add($"{at}.item_id", item.ItemId.Length == 0 ? "is required" : SurveyNames.IdRule);
        }
        else if (!seen.TryAdd(item.ItemId, at))
        {
            v.Add($"{at}.item_id", $"is the same as {seen[item.ItemId]}.item_id ({CallerValue.Quote(item.ItemId)}); item ids are unique in the instrument");
        }
        v.Required($"{at}.text", item.Text, MaxItemTextLength);
        if (item.ResponseType == ResponseType.Unspecified || !Enum.IsDefined(item.ResponseType))
        {
            v.Add($"{at}.response_type", "must be RESPONSE_TYPE_AGREEMENT_SCALE, RESPONSE_TYPE_FREQUENCY_SCALE, RESPONSE_TYPE_YES_NO or RESPONSE_TYPE_FREE_TEXT");
            return;
        }
        var freeText = item.ResponseType == ResponseType.FreeText;
        if (freeText && item.Direction != ItemDirection.Unspecified)
        {
            v.Add($"{at}.direction", "must be unspecified for free text: it is not scored");
        }
        else if (!freeText && (item.Direction == ItemDirection.Unspecified || !Enum.IsDefined(item.Direction)))
        {
            v.Add($"{at}.direction", "must be ITEM_DIRECTION_RESOURCE (high is good) or ITEM_DIRECTION_DEMAND (high is bad) for a scale or yes/no");
        }
        var needsDimension = kind == InstrumentKind.SocialCapital && !freeText;
        if (needsDimension && (item.Dimension == SocialCapitalDimension.Unspecified || !Enum.IsDefined(item.Dimension)))
        {
            v.Add($"{at}.dimension", "must be SOCIAL_CAPITAL_DIMENSION_BONDING (within the workplace) or SOCIAL_CAPITAL_DIMENSION_BRIDGING (across workplaces)");
        }
        else if (!needsDimension && item.Dimension != SocialCapitalDimension.Unspecified)
        {
            v.Add($"{at}.dimension", kind == InstrumentKind.SocialCapital
                ? "must be unspecified for free text"
                : "must be unspecified: only the items of a social-capital instrument measure a dimension");
        }
    }

    /// <summary>A new instrument from its own themes.</summary>
    public static InstrumentRecord New(string id, string displayName, InstrumentKind kind, string description, IReadOnlyList<InstrumentTheme> themes,
        DateTime now) =>
        new(id, displayName.Trim(), kind, description.Trim(), Copy(themes), Template: false, SourceInstrument: null)
        {
            CreatedAt = now,
            UpdatedAt = now,
        };

    /// <summary>A copy of <paramref name="source"/> (a template, or another instrument) under a new id
    /// and title; its own description when one is given. The copy is no template, and changes to
    /// either leave the other as it is.</summary>
    public static InstrumentRecord CopyOf(InstrumentRecord source, string id, string displayName, string description, DateTime now) =>
        new(id, displayName.Trim(), source.Kind, description.Length > 0 ? description.Trim() : source.Description, Copy(source.Themes),
            Template: false, SourceInstrument: source.Name)
        {
            CreatedAt = now,
            UpdatedAt = now,
        };

    /// <summary>
    /// The one place an edit of an instrument is decided: the instrument with the changes applied, one
    /// version on. An instrument a round has opened with is frozen (its answers are reported per item
    /// id, and a respondent answered the text as it stood): <paramref name="openedBy"/> names that round,
    /// and the edit is refused. Copy it to change it.
    /// </summary>
    public static InstrumentRecord Apply(InstrumentRecord r, InstrumentChanges c, DateTime now, string? openedBy = null)
    {
        if (openedBy is not null)
        {
            throw new FailedPreconditionException("INSTRUMENT_IN_USE",
                $"{r.Name} is frozen: {openedBy} opened with it. Make a copy (CreateInstrument with source_instrument) to change it.");
        }
        return r with
        {
            DisplayName = c.DisplayName?.Trim() ?? r.DisplayName,
            Description = c.Description?.Trim() ?? r.Description,
            Themes = c.Themes is null ? r.Themes : Copy(c.Themes),
            Version = r.Version + 1,
            UpdatedAt = now,
        };
    }

    /// <summary>Themes of their own (the records never share a message with a request or another record).</summary>
    private static IReadOnlyList<InstrumentTheme> Copy(IEnumerable<InstrumentTheme> themes) => [.. themes.Select(t => t.Clone())];
}
