using System.Reflection;
using MassTransit;

namespace Governance.Messaging.Outbox;

/// <summary>The event types a relay may publish, by their URN: every type with a [MessageUrn] in the
/// services' event assemblies. A row whose URN is unknown here stays pending (and is logged) rather
/// than being dropped, so a rollback to an older build loses nothing.</summary>
public sealed class OutboxMessageTypes
{
    private readonly Dictionary<string, Type> _types = new(StringComparer.Ordinal);

    public OutboxMessageTypes(IEnumerable<Assembly> assemblies)
    {
        foreach (var type in assemblies.Distinct().SelectMany(a => a.GetExportedTypes()))
        {
            if (type.GetCustomAttribute<MessageUrnAttribute>() is { } urn)
            {
                _types[urn.Urn.ToString()] = type;
            }
        }
    }

    public bool TryResolve(string urn, out Type type) => _types.TryGetValue(urn, out type!);
}
