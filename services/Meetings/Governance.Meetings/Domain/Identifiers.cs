using System.Text.RegularExpressions;
using Governance.ServiceDefaults.Errors;

namespace Governance.Meetings.Domain;

/// <summary>Resource names, ids and the document numbers of attachments.</summary>
public static partial class Identifiers
{
    // Patterns end in \z, not $: in .NET, $ also matches before a final newline. Digits are [0-9]:
    // \d also matches Arabic-Indic and full-width digits. Journal numbers (YY/NNNNN) are platform
    // vocabulary: Governance.Kernel.JournalNumber.
    /// <summary>Document number <c>NNNNNN/YY</c>, e.g. 177144/12.</summary>
    [GeneratedRegex(@"^[0-9]{1,7}/[0-9]{2}\z")]
    public static partial Regex DocumentNumber();

    /// <summary>A caller-chosen body id: lower-case letters, digits and '-', starting with a letter.</summary>
    [GeneratedRegex(@"^[a-z]([a-z0-9-]{0,61}[a-z0-9])?\z")]
    public static partial Regex BodyId();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,62}\z")]
    private static partial Regex ResourceId();

    public static string NewId() => Guid.CreateVersion7().ToString("N");

    public static string BodyName(string id) => $"bodies/{id}";
    public static string MeetingName(string id) => $"meetings/{id}";
    public static string ItemName(string meetingId, string itemId) => $"meetings/{meetingId}/items/{itemId}";
    public static string DecisionName(string meetingId, string itemId, string decisionId) =>
        $"meetings/{meetingId}/items/{itemId}/decisions/{decisionId}";

    public static string ParseBody(string? name, string field) => Parse(name, field, "bodies/{body}", "bodies")[0];

    public static string ParseMeeting(string? name, string field) => Parse(name, field, "meetings/{meeting}", "meetings")[0];

    public static (string MeetingId, string ItemId) ParseItem(string? name, string field)
    {
        var ids = Parse(name, field, "meetings/{meeting}/items/{item}", "meetings", "items");
        return (ids[0], ids[1]);
    }

    public static (string MeetingId, string ItemId, string DecisionId) ParseDecision(string? name, string field)
    {
        var ids = Parse(name, field, "meetings/{meeting}/items/{item}/decisions/{decision}", "meetings", "items", "decisions");
        return (ids[0], ids[1], ids[2]);
    }

    private static string[] Parse(string? name, string field, string pattern, params string[] collections)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ValidationException(field, $"is required ({pattern})");
        }
        var parts = name.Split('/');
        if (parts.Length != collections.Length * 2)
        {
            throw new ValidationException(field, $"must have the form {pattern}");
        }
        var ids = new string[collections.Length];
        for (var i = 0; i < collections.Length; i++)
        {
            if (parts[2 * i] != collections[i] || !ResourceId().IsMatch(parts[(2 * i) + 1]))
            {
                throw new ValidationException(field, $"must have the form {pattern}");
            }
            ids[i] = parts[(2 * i) + 1];
        }
        return ids;
    }
}
