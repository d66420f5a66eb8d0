using System.Text.Json;
using Google.Protobuf;

namespace Governance.Meetings.Data;

/// <summary>Nested values are stored as the contract's canonical proto JSON: one shape definition,
/// readable in the database, and tolerant of fields added later.</summary>
internal static class ProtoJson
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static string ToJson<T>(IEnumerable<T> values) where T : IMessage =>
        "[" + string.Join(",", values.Select(v => Formatter.Format(v))) + "]";

    public static string? ToJson(IMessage? value) => value is null ? null : Formatter.Format(value);

    public static IReadOnlyList<T> ListFromJson<T>(string? json) where T : IMessage<T>, new()
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(e => Parser.Parse<T>(e.GetRawText()))];
    }

    public static T? FromJson<T>(string? json) where T : class, IMessage<T>, new() =>
        string.IsNullOrEmpty(json) ? null : Parser.Parse<T>(json);
}
