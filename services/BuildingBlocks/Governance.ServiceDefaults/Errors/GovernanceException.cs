namespace Governance.ServiceDefaults.Errors;

/// <summary>
/// A failure the caller can act on. The error interceptor turns each kind into its gRPC status with
/// google.rpc details; anything else that escapes a handler is an internal error.
/// </summary>
public abstract class GovernanceException(string reason, string message) : Exception(message)
{
    /// <summary>UPPER_SNAKE_CASE reason for google.rpc.ErrorInfo, stable for clients to branch on.</summary>
    public string Reason { get; } = reason;

    /// <summary>Extra ErrorInfo metadata (resource names, states).</summary>
    public IDictionary<string, string> Metadata { get; } = new Dictionary<string, string>();
}

/// <summary>Bad input: INVALID_ARGUMENT with one BadRequest field violation per bad field. The
/// message names every field and its problem too, for clients that do not decode the details.</summary>
public sealed class ValidationException(IReadOnlyList<FieldViolation> violations)
    : GovernanceException("FIELD_VIOLATION", Describe(violations))
{
    public IReadOnlyList<FieldViolation> Violations { get; } = violations;

    public ValidationException(string field, string description) : this([new FieldViolation(field, description)])
    {
    }

    private static string Describe(IReadOnlyList<FieldViolation> violations) =>
        violations.Count == 1
            ? $"Invalid {violations[0].Field}: {violations[0].Description}"
            : $"The request has {violations.Count} invalid fields: {string.Join("; ", violations.Select(v => $"{v.Field} {v.Description}"))}.";
}

public sealed record FieldViolation(string Field, string Description);

/// <summary>An unknown resource: NOT_FOUND.</summary>
public sealed class NotFoundException : GovernanceException
{
    public NotFoundException(string resourceName)
        : this(resourceName, "RESOURCE_NOT_FOUND", $"{resourceName} does not exist.")
    {
    }

    /// <summary>NOT_FOUND with the service's own reason and message (e.g. for what has no resource name).</summary>
    public NotFoundException(string resourceName, string reason, string message)
        : base(reason, message)
    {
        ResourceName = resourceName;
        Metadata["resource"] = resourceName;
    }

    public string ResourceName { get; }
}

/// <summary>The caller's etag is stale: ABORTED; read again and retry.</summary>
public sealed class EtagMismatchException : GovernanceException
{
    public EtagMismatchException(string resourceName)
        : base("ETAG_MISMATCH", $"{resourceName} was changed by someone else; read it again and retry with the new etag.")
    {
        Metadata["resource"] = resourceName;
    }
}

/// <summary>A step the lifecycle does not allow now: FAILED_PRECONDITION with a message that says why.</summary>
public sealed class FailedPreconditionException(string reason, string message) : GovernanceException(reason, message);

/// <summary>A duplicate: ALREADY_EXISTS.</summary>
public sealed class AlreadyExistsException : GovernanceException
{
    public AlreadyExistsException(string resourceName, string message, string reason = "ALREADY_EXISTS")
        : base(reason, message)
    {
        Metadata["resource"] = resourceName;
    }
}

/// <summary>The caller may not do this to this resource: PERMISSION_DENIED. The message says which
/// right is missing, never more about the resource than the caller may already see.</summary>
public sealed class PermissionDeniedException(string reason, string message) : GovernanceException(reason, message);

/// <summary>A service this one depends on cannot be reached now: UNAVAILABLE, so the caller may retry
/// later. The reason names the dependency (e.g. CASES_UNAVAILABLE); the message never carries the
/// dependency's own error text.</summary>
public sealed class DependencyUnavailableException : GovernanceException
{
    public DependencyUnavailableException(string reason, string message, string? dependency = null)
        : base(reason, message)
    {
        Dependency = dependency;
        if (dependency is not null)
        {
            Metadata["dependency"] = dependency;
        }
    }

    public string? Dependency { get; }
}
