using System.Net;
using System.Text.Json.Nodes;

namespace Governance.Host.Tests.Kubernetes;

/// <summary>A pod (or an address outside the cluster: <see cref="Namespace"/> null) that may open or accept a connection.</summary>
public sealed record Peer(string Name, string? Namespace, IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, int> NamedPorts, IPAddress Address)
{
    public override string ToString() => Namespace is null ? $"{Name} ({Address})" : $"{Namespace}/{Name}";
}

/// <summary>
/// The NetworkPolicy semantics of networking.k8s.io/v1, for the policies of one namespace: a connection
/// is allowed when the source's egress and the destination's ingress both allow it; a pod no policy
/// selects (for that direction) is not isolated; rules add up. Peers: podSelector, namespaceSelector
/// (both: the intersection), ipBlock (CIDR and except; it matches any address, pods' included, as some
/// network plugins do, so the evaluation errs on the side of allowing). Ports: number or a name the
/// destination's container declares, protocol (TCP by default). A field it does not model (endPort, a
/// selector operator it does not know) fails the test rather than being ignored.
/// </summary>
public sealed class NetworkPolicyEvaluator(string ns, IReadOnlyList<JsonObject> policies, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> namespaceLabels)
{
    public bool Allows(Peer source, Peer destination, int port, string protocol = "TCP") =>
        Allowed(source, "Egress", "egress", "to", destination, port, protocol)
        && Allowed(destination, "Ingress", "ingress", "from", source, port, protocol);

    /// <summary>Whether the policies selecting <paramref name="pod"/> for <paramref name="type"/> let it talk to <paramref name="other"/>.</summary>
    private bool Allowed(Peer pod, string type, string rulesKey, string peersKey, Peer other, int port, string protocol)
    {
        if (pod.Namespace != ns)
        {
            return true;
        }
        var selecting = policies.Where(p => Matches(p["spec"]!["podSelector"], pod.Labels) && PolicyTypes(p).Contains(type)).ToList();
        if (selecting.Count == 0)
        {
            return true;
        }
        var destination = type == "Egress" ? other : pod;
        return selecting.Any(p => (p["spec"]![rulesKey]?.AsArray() ?? []).Any(rule =>
            PeerMatches(rule![peersKey], other) && PortMatches(rule["ports"], destination, port, protocol)));
    }

    private static IReadOnlyList<string> PolicyTypes(JsonObject policy)
    {
        if (policy["spec"]!["policyTypes"] is JsonArray types)
        {
            return [.. types.Select(t => (string)t!)];
        }
        // The API's default: Ingress, and Egress when the policy has egress rules.
        return policy["spec"]!["egress"] is null ? ["Ingress"] : ["Ingress", "Egress"];
    }

    private bool PeerMatches(JsonNode? peers, Peer other)
    {
        if (peers is null || peers.AsArray().Count == 0)
        {
            return true;
        }
        return peers.AsArray().Any(peer =>
        {
            Assert.True(peer!.AsObject().All(p => p.Key is "podSelector" or "namespaceSelector" or "ipBlock"), $"Unmodelled peer: {peer.ToJsonString()}");
            if (peer["ipBlock"] is { } block)
            {
                return InCidr(other.Address, (string)block["cidr"]!)
                    && !(block["except"]?.AsArray() ?? []).Any(e => InCidr(other.Address, (string)e!));
            }
            if (other.Namespace is null)
            {
                return false;
            }
            var namespaceSelector = peer["namespaceSelector"];
            var inNamespace = namespaceSelector is null
                ? other.Namespace == ns
                : Matches(namespaceSelector, namespaceLabels.TryGetValue(other.Namespace, out var labels) ? labels : new Dictionary<string, string>());
            return inNamespace && (peer["podSelector"] is not { } podSelector || Matches(podSelector, other.Labels));
        });
    }

    private static bool PortMatches(JsonNode? ports, Peer destination, int port, string protocol)
    {
        if (ports is null || ports.AsArray().Count == 0)
        {
            return true;
        }
        return ports.AsArray().Any(p =>
        {
            Assert.Null(p!["endPort"]);
            if (((string?)p["protocol"] ?? "TCP") != protocol)
            {
                return false;
            }
            var value = p["port"];
            if (value is null)
            {
                return true;
            }
            return value.GetValueKind() == System.Text.Json.JsonValueKind.Number
                ? (int)value == port
                : destination.NamedPorts.TryGetValue((string)value!, out var named) && named == port;
        });
    }

    /// <summary>A label selector: matchLabels and matchExpressions, all of them; an empty one matches everything.</summary>
    public static bool Matches(JsonNode? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is null)
        {
            return true;
        }
        Assert.True(selector.AsObject().All(p => p.Key is "matchLabels" or "matchExpressions"), $"Unmodelled selector: {selector.ToJsonString()}");
        var byLabels = (selector["matchLabels"]?.AsObject() ?? []).All(p => labels.TryGetValue(p.Key, out var v) && v == (string?)p.Value);
        var byExpressions = (selector["matchExpressions"]?.AsArray() ?? []).All(e =>
        {
            var key = (string)e!["key"]!;
            var values = (e["values"]?.AsArray() ?? []).Select(v => (string)v!).ToList();
            var has = labels.TryGetValue(key, out var value);
            return (string)e["operator"]! switch
            {
                "In" => has && values.Contains(value!),
                "NotIn" => !has || !values.Contains(value!),
                "Exists" => has,
                "DoesNotExist" => !has,
                var other => throw new Xunit.Sdk.XunitException($"Unmodelled selector operator {other}."),
            };
        });
        return byLabels && byExpressions;
    }

    private static bool InCidr(IPAddress address, string cidr)
    {
        var network = IPNetwork.Parse(cidr);
        return network.Contains(address);
    }
}
