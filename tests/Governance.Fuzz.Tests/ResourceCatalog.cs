using Google.Api;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Governance.Fuzz.Tests;

/// <summary>Resource names, from the contract's <c>google.api.resource</c> patterns and
/// <c>resource_reference</c>s, and the names of resources the run really created (harvested from
/// OK responses), so valid-looking requests name resources that exist and reach the handlers.</summary>
public sealed class ResourceCatalog
{
    private readonly Dictionary<string, string[]> _patterns = new(StringComparer.Ordinal);
    private readonly HashSet<string> _created = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _journalNumbers = new(StringComparer.Ordinal);

    public ResourceCatalog(IEnumerable<MethodDescriptor> methods)
    {
        var files = new HashSet<FileDescriptor>();
        foreach (var method in methods)
        {
            Collect(method.File, files);
        }
        foreach (var message in files.SelectMany(f => f.MessageTypes))
        {
            if (message.GetOptions()?.GetExtension(ResourceExtensions.Resource) is { } resource)
            {
                _patterns[resource.Type] = [.. resource.Pattern];
            }
        }
    }

    /// <summary>The resource a method is about: its output, the resource its List response lists,
    /// or the resource whose type name ends the method's name (RemoveAgendaItem → AgendaItem).</summary>
    private static ResourceDescriptor? ResourceOf(MethodDescriptor method)
    {
        static ResourceDescriptor? Of(MessageDescriptor message) => message.GetOptions()?.GetExtension(ResourceExtensions.Resource);
        if (Of(method.OutputType) is { } output)
        {
            return output;
        }
        foreach (var field in method.OutputType.Fields.InFieldNumberOrder())
        {
            if (field.IsRepeated && field.FieldType == FieldType.Message && Of(field.MessageType) is { } listed)
            {
                return listed;
            }
        }
        return method.File.MessageTypes.Concat(method.File.Dependencies.SelectMany(d => d.MessageTypes))
            .Select(Of).OfType<ResourceDescriptor>()
            .Where(r => method.Name.EndsWith(r.Type.Split('/')[^1], StringComparison.Ordinal) || method.Name.EndsWith(r.Type.Split('/')[^1] + "s", StringComparison.Ordinal))
            .OrderByDescending(r => r.Type.Length).FirstOrDefault();
    }

    private static void Collect(FileDescriptor file, HashSet<FileDescriptor> files)
    {
        if (files.Add(file))
        {
            foreach (var dependency in file.Dependencies)
            {
                Collect(dependency, files);
            }
        }
    }

    /// <summary>The patterns a string field's value follows: the resource's own for its <c>name</c>,
    /// the referenced type's, or for a <c>child_type</c> reference the parent part of the child's.</summary>
    public IReadOnlyList<string> PatternsFor(FieldDescriptor field, MethodDescriptor method)
    {
        if (field.Name == "name" && field.ContainingType.GetOptions()?.GetExtension(ResourceExtensions.Resource) is { } own)
        {
            return own.Pattern;
        }
        // A request's name and parent (AIP-131..135): the resource the method is about, and its parent.
        if (field.ContainingType == method.InputType && field.Name is "name" or "parent" && ResourceOf(method) is { } resource)
        {
            return field.Name == "name"
                ? resource.Pattern
                : [.. resource.Pattern.Select(p => string.Join('/', p.Split('/')[..^2])).Where(p => p.Length > 0)];
        }
        if (field.GetOptions()?.GetExtension(ResourceExtensions.ResourceReference) is not { } reference)
        {
            return [];
        }
        if (!string.IsNullOrEmpty(reference.Type) && _patterns.TryGetValue(reference.Type, out var patterns))
        {
            return patterns;
        }
        if (!string.IsNullOrEmpty(reference.ChildType) && _patterns.TryGetValue(reference.ChildType, out var child))
        {
            return [.. child.Select(p => string.Join('/', p.Split('/')[..^2])).Where(p => p.Length > 0)];
        }
        return [];
    }

    /// <summary>Names of created resources that fit <paramref name="pattern"/>, in a stable order.</summary>
    public string[] CreatedFitting(string pattern)
    {
        var segments = pattern.Split('/');
        lock (_created)
        {
            return [.. _created.Where(name => Fits(name.Split('/'), segments)).Order(StringComparer.Ordinal)];
        }
    }

    private static bool Fits(string[] name, string[] pattern) =>
        name.Length == pattern.Length && name.Zip(pattern).All(p => p.Second.StartsWith('{') || p.First == p.Second);

    /// <summary>The journal numbers of the resources the run created (cases it allocated or
    /// registered), in a stable order: a journal-number field naming one reaches past the check for
    /// form (Meetings asks Cases whether the case exists).</summary>
    public IReadOnlyList<string> JournalNumbers
    {
        get
        {
            lock (_created)
            {
                return [.. _journalNumbers];
            }
        }
    }

    /// <summary>Keeps every resource name (a <c>name</c> with a '/') and every journal number in an OK response.</summary>
    public void Harvest(IMessage response)
    {
        foreach (var field in response.Descriptor.Fields.InFieldNumberOrder())
        {
            var value = field.Accessor.GetValue(response);
            if (field.FieldType == FieldType.String && field.Name == "name" && value is string name && name.Contains('/', StringComparison.Ordinal))
            {
                lock (_created)
                {
                    _created.Add(name);
                }
            }
            else if (field.FieldType == FieldType.String && FieldFormats.IsJournalNumber(field) && value is string number && number.Length > 0)
            {
                lock (_created)
                {
                    _journalNumbers.Add(number);
                }
            }
            else if (field.FieldType == FieldType.Message && value is IMessage inner)
            {
                Harvest(inner);
            }
            else if (field.FieldType == FieldType.Message && value is System.Collections.IEnumerable items && field.IsRepeated)
            {
                foreach (var item in items.OfType<IMessage>())
                {
                    Harvest(item);
                }
            }
        }
    }
}
