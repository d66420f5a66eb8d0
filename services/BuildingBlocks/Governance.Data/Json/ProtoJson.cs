using Google.Protobuf;
using Google.Protobuf.Collections;
using Google.Protobuf.Reflection;

namespace Governance.Data.Json;

/// <summary>Nested values of a service's records are stored as its contract's canonical proto JSON:
/// one shape definition, readable in the database, and tolerant of fields added later.</summary>
public static class ProtoJson
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static string ToJson<T>(IEnumerable<T> values) where T : IMessage =>
        "[" + string.Join(",", values.Select(v => Formatter.Format(v))) + "]";

    public static string? ToJson(IMessage? value) => value is null ? null : Formatter.Format(value);

    /// <summary>A stored JSON array of <typeparamref name="T"/>. The protobuf parser reads no bare
    /// array, so the array is parsed as the repeated field of a contract message that holds
    /// <typeparamref name="T"/>s (agenda sections as <c>AgendaItem.sections</c> of Meetings): one parse, no JSON document
    /// built first and no element parsed twice.</summary>
    public static IReadOnlyList<T> ListFromJson<T>(string? json) where T : IMessage<T>, new()
    {
        if (string.IsNullOrEmpty(json) || json == "[]")
        {
            return [];
        }
        var field = ListField<T>.Field;
        var holder = Parser.Parse($"{{\"{field.JsonName}\":{json}}}", field.ContainingType);
        return (RepeatedField<T>)field.Accessor.GetValue(holder);
    }

    public static T? FromJson<T>(string? json) where T : class, IMessage<T>, new() =>
        string.IsNullOrEmpty(json) ? null : Parser.Parse<T>(json);

    /// <summary>The repeated field of <typeparamref name="T"/> that <see cref="ListFromJson{T}"/> parses
    /// into, found once per type among the messages of <typeparamref name="T"/>'s proto file.</summary>
    private static class ListField<T> where T : IMessage<T>, new()
    {
        public static readonly FieldDescriptor Field = Find(new T().Descriptor);

        private static FieldDescriptor Find(MessageDescriptor element) =>
            AllMessages(element.File.MessageTypes)
                .SelectMany(m => m.Fields.InDeclarationOrder())
                .FirstOrDefault(f => f.IsRepeated && !f.IsMap && f.FieldType == FieldType.Message && f.MessageType == element)
            ?? throw new InvalidOperationException(
                $"No message in {element.File.Name} has a repeated field of {element.FullName}, so a stored list of it cannot be read.");

        private static IEnumerable<MessageDescriptor> AllMessages(IEnumerable<MessageDescriptor> messages) =>
            messages.SelectMany(m => AllMessages(m.NestedTypes).Prepend(m));
    }
}
