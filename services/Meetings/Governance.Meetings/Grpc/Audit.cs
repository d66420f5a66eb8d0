using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Governance.Meetings.Grpc;

/// <summary>What an audit entry says about a call: the resource it acted on and its request id,
/// read from the contract's own fields.</summary>
internal static class Audit
{
    /// <summary>The resource of a call: the name of what it returned, else the request's
    /// name / parent / meeting (directly or in the resource it carries, e.g. item.name).</summary>
    public static string ResourceOf(IMessage request, IMessage? result)
    {
        if (result is not null && Text(result, "name") is { Length: > 0 } returned)
        {
            return returned;
        }
        foreach (var field in new[] { "name", "parent", "meeting" })
        {
            if (Text(request, field) is { Length: > 0 } value)
            {
                return value;
            }
        }
        foreach (var field in request.Descriptor.Fields.InFieldNumberOrder().Where(f => f.FieldType == FieldType.Message && !f.IsRepeated))
        {
            if (field.Accessor.GetValue(request) is IMessage inner && Text(inner, "name") is { Length: > 0 } nested)
            {
                return nested;
            }
        }
        return "";
    }

    public static string? RequestIdOf(IMessage request) => Text(request, "request_id") is { Length: > 0 } id ? id : null;

    private static string? Text(IMessage message, string field) =>
        message.Descriptor.FindFieldByName(field) is { FieldType: FieldType.String, IsRepeated: false } f
            ? f.Accessor.GetValue(message) as string
            : null;
}
