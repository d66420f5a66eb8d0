namespace Governance.ServiceDefaults.Errors;

/// <summary>
/// Collects field violations so a request with several bad fields gets them all in one answer.
/// Field paths use the proto field names (e.g. <c>item.sections[2].heading</c>).
/// </summary>
public sealed class Validator
{
    private readonly List<FieldViolation> _violations = [];

    public bool IsValid => _violations.Count == 0;

    public IReadOnlyList<FieldViolation> Violations => _violations;

    public Validator Add(string field, string description)
    {
        _violations.Add(new FieldViolation(field, description));
        return this;
    }

    /// <summary>Requires non-blank text of at most <paramref name="max"/> characters.</summary>
    public bool Required(string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "is required");
            return false;
        }
        return MaxLength(field, value, max);
    }

    /// <summary>Text of at most <paramref name="max"/> characters. The NUL character is never text
    /// (PostgreSQL cannot store it), so it is rejected too.</summary>
    public bool MaxLength(string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            Add(field, $"must be at most {max} characters (was {value.Length})");
            return false;
        }
        if (value is not null && value.Contains('\0', StringComparison.Ordinal))
        {
            Add(field, "must not contain the NUL character (U+0000)");
            return false;
        }
        return true;
    }

    public bool MaxCount<T>(string field, ICollection<T> values, int max)
    {
        if (values.Count > max)
        {
            Add(field, $"must have at most {max} entries (had {values.Count})");
            return false;
        }
        return true;
    }

    public void ThrowIfInvalid()
    {
        if (!IsValid)
        {
            throw new ValidationException([.. _violations]);
        }
    }
}
