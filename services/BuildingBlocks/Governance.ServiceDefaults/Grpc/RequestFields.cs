using System.Security.Cryptography;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Governance.ServiceDefaults.Errors;

namespace Governance.ServiceDefaults.Grpc;

/// <summary>What every service reads off a request by the contract's own field names: the resource
/// it acts on and its request_id (for the audit log), a hash for idempotent retries, and the paths of
/// an update mask.</summary>
public static class RequestFields
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

    /// <summary>Hash of the request without its request_id field, to tell a retry from a reuse.</summary>
    public static string RequestHash(IMessage request)
    {
        var copy = request.Descriptor.Parser.ParseFrom(request.ToByteString());
        copy.Descriptor.FindFieldByName("request_id")?.Accessor.SetValue(copy, "");
        return Convert.ToHexString(SHA256.HashData(copy.ToByteArray()));
    }

    /// <summary>The update mask's paths (snake_case, also when written in lowerCamelCase), or all updatable
    /// paths for an empty mask or "*".</summary>
    public static IReadOnlySet<string> MaskPaths(FieldMask? mask, params string[] updatable)
    {
        if (mask is null || mask.Paths.Count == 0 || (mask.Paths.Count == 1 && mask.Paths[0] == "*"))
        {
            return updatable.ToHashSet();
        }
        // lowerCamelCase is the JSON spelling of a path (HTTP/JSON callers write ?updateMask=usualRoom); the
        // fields themselves are snake_case, so a path with capitals means the same field.
        var paths = mask.Paths.Select(SnakeCase).ToList();
        var unknown = paths.Where(p => !updatable.Contains(p)).ToList();
        if (unknown.Count > 0)
        {
            throw new ValidationException("update_mask",
                $"cannot update {string.Join(", ", unknown.Take(3).Select(CallerValue.Quote))}{(unknown.Count > 3 ? $" and {unknown.Count - 3} more" : "")}; updatable fields are {string.Join(", ", updatable)}");
        }
        return paths.ToHashSet();
    }

    /// <summary>"usualRoom" → "usual_room"; a snake_case path stays as it is.</summary>
    private static string SnakeCase(string path)
    {
        if (!path.Any(char.IsAsciiLetterUpper))
        {
            return path;
        }
        var snake = new System.Text.StringBuilder(path.Length + 4);
        foreach (var c in path)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                snake.Append('_').Append(char.ToLowerInvariant(c));
            }
            else
            {
                snake.Append(c);
            }
        }
        return snake.ToString();
    }

    private static string? Text(IMessage message, string field) =>
        message.Descriptor.FindFieldByName(field) is { FieldType: FieldType.String, IsRepeated: false } f
            ? f.Accessor.GetValue(message) as string
            : null;
}
