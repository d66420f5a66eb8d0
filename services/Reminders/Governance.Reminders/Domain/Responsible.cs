using Governance.ServiceDefaults.Errors;

namespace Governance.Reminders.Domain;

/// <summary>"Ansvarlig": one or more parties, a unit or a unit and a person ("PA", "BYC/AM" is unit
/// BYC, person AM), and "m.fl." when others share it ("BYC, CEIS m.fl.").</summary>
public sealed record Responsible(IReadOnlyList<string> Parties, bool AndOthers)
{
    /// <summary>Most parties of one reminder.</summary>
    public const int MaxParties = 10;

    /// <summary>Most characters of one party.</summary>
    public const int MaxPartyLength = 50;

    private const string AndOthersText = "m.fl.";

    /// <summary>"PA, BYC" → [PA, BYC]; "BYC, CEIS m.fl." → [BYC, CEIS] and others. Parties are trimmed,
    /// empty ones dropped; "m.fl" without its last full stop is read too.</summary>
    public static Responsible Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var andOthers = false;
        foreach (var suffix in new[] { AndOthersText, "m.fl" })
        {
            if (trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) &&
                (trimmed.Length == suffix.Length || trimmed[^(suffix.Length + 1)] is ' ' or ','))
            {
                andOthers = true;
                trimmed = trimmed[..^suffix.Length];
                break;
            }
        }
        var parties = trimmed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return new Responsible(parties, andOthers);
    }

    /// <summary>"BYC, CEIS m.fl.": the parties with ", " between and " m.fl." at the end.</summary>
    public string Render() => string.Join(", ", Parties) + (AndOthers ? (Parties.Count > 0 ? " " : "") + AndOthersText : "");

    /// <summary>The units whose weekly digest lists the reminder: the part before "/" of each party,
    /// once each, in order ("BYC/AM, PA, BYC" → [BYC, PA]).</summary>
    public IReadOnlyList<string> Units() =>
        Parties.Select(p => p.Split('/', 2)[0].Trim()).Where(u => u.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>What is wrong with the parties a caller sends; empty when they are valid.</summary>
    public static IReadOnlyList<FieldViolation> Validate(Responsible responsible, string fieldPrefix)
    {
        ArgumentNullException.ThrowIfNull(responsible);
        var violations = new List<FieldViolation>();
        if (responsible.Parties.Count is < 1 or > MaxParties)
        {
            violations.Add(new($"{fieldPrefix}.parties", $"A reminder has 1-{MaxParties} responsible parties, not {responsible.Parties.Count}."));
            return violations;
        }
        for (var i = 0; i < responsible.Parties.Count; i++)
        {
            var party = responsible.Parties[i] ?? "";
            var field = $"{fieldPrefix}.parties[{i}]";
            if (party.Length is < 1 or > MaxPartyLength || party.Trim().Length != party.Length || party.Length == 0)
            {
                violations.Add(new(field, $"A responsible party is 1-{MaxPartyLength} characters without leading or trailing spaces."));
            }
            else if (party.Contains(',', StringComparison.Ordinal) || party.Any(char.IsControl))
            {
                violations.Add(new(field, $"The responsible party {CallerValue.Quote(party)} contains a comma or control characters."));
            }
        }
        return violations;
    }

    public bool Equals(Responsible? other) =>
        other is not null && AndOthers == other.AndOthers && Parties.SequenceEqual(other.Parties, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(AndOthers, string.Join(",", Parties));
}
