using System.Text;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Governance.Cli;

/// <summary>A failed call in words: the gRPC status and each <c>google.rpc.Status</c> detail the
/// server sent (field violations, error info, preconditions, ...), never the base64 of the trailer.</summary>
public static class ErrorReport
{
    public static string Describe(RpcException error)
    {
        var text = new StringBuilder();
        var status = error.GetRpcStatus();
        var message = string.IsNullOrWhiteSpace(status?.Message) ? error.Status.Detail : status.Message;
        text.Append("gov: ").Append(CodeName(error.StatusCode));
        if (!string.IsNullOrWhiteSpace(message))
        {
            text.Append(": ").Append(message);
        }
        text.AppendLine();
        foreach (var detail in status?.Details ?? [])
        {
            foreach (var line in DetailLines(detail))
            {
                text.Append("  ").AppendLine(line);
            }
        }
        return text.ToString();
    }

    /// <summary>The canonical name of a status code, as in the gRPC documentation: INVALID_ARGUMENT.</summary>
    public static string CodeName(StatusCode code)
    {
        var name = code.ToString();
        var upper = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                upper.Append('_');
            }
            upper.Append(char.ToUpperInvariant(name[i]));
        }
        return upper.ToString();
    }

    private static IEnumerable<string> DetailLines(Any detail)
    {
        if (detail.TryUnpack<BadRequest>(out var badRequest))
        {
            foreach (var violation in badRequest.FieldViolations)
            {
                yield return $"{violation.Field}: {violation.Description}";
            }
        }
        else if (detail.TryUnpack<ErrorInfo>(out var info))
        {
            var metadata = info.Metadata.Count == 0 ? "" : " (" + string.Join(", ", info.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={m.Value}")) + ")";
            yield return $"årsag: {info.Reason}" + (string.IsNullOrEmpty(info.Domain) ? "" : $" [{info.Domain}]") + metadata;
        }
        else if (detail.TryUnpack<PreconditionFailure>(out var precondition))
        {
            foreach (var violation in precondition.Violations)
            {
                yield return $"forudsætning {violation.Type} {violation.Subject}: {violation.Description}".Replace("  ", " ", StringComparison.Ordinal);
            }
        }
        else if (detail.TryUnpack<ResourceInfo>(out var resource))
        {
            yield return $"ressource: {resource.ResourceType} {resource.ResourceName}".TrimEnd() +
                (string.IsNullOrEmpty(resource.Description) ? "" : $": {resource.Description}");
        }
        else if (detail.TryUnpack<QuotaFailure>(out var quota))
        {
            foreach (var violation in quota.Violations)
            {
                yield return $"kvote {violation.Subject}: {violation.Description}";
            }
        }
        else if (detail.TryUnpack<RetryInfo>(out var retry))
        {
            yield return $"prøv igen om {retry.RetryDelay.ToTimeSpan().TotalSeconds:0.###} s";
        }
        else if (detail.TryUnpack<LocalizedMessage>(out var localized))
        {
            yield return $"{localized.Message} ({localized.Locale})";
        }
        else if (detail.TryUnpack<Help>(out var help))
        {
            foreach (var link in help.Links)
            {
                yield return $"se {link.Url}" + (string.IsNullOrEmpty(link.Description) ? "" : $": {link.Description}");
            }
        }
        else if (detail.TryUnpack<RequestInfo>(out var request))
        {
            yield return $"forespørgsel: {request.RequestId}";
        }
        else if (detail.TryUnpack<DebugInfo>(out var debug))
        {
            yield return $"fejlsøgning: {debug.Detail}";
        }
        else
        {
            // A detail type this client does not know: its type name, not its bytes.
            yield return $"({detail.TypeUrl})";
        }
    }
}
