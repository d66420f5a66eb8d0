using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Governance.Host.Tests.Kubernetes;

/// <summary>
/// The NetworkPolicies of each overlay, evaluated (<see cref="NetworkPolicyEvaluator"/>) over a model
/// cluster: the overlay's pods (from the Deployments' and Jobs' templates), the peers the policies
/// name (PostgreSQL, RabbitMQ, Prometheus, the ingress controller, a system calling the APIs, DNS),
/// strangers (a pod in the namespace, one elsewhere, Grafana beside Prometheus) and addresses outside.
/// Every connection between them, on every port that matters, is allowed exactly when the rendered
/// configuration names it: a Governance__Clients__*__Address, a connection string, the identity provider,
/// an SMTP relay, the ServiceMonitor's port, the Ingress's backend, the gRPC port for API clients.
/// </summary>
public sealed partial class NetworkPolicyTests
{
    private static readonly (int Port, string Protocol)[] Ports =
        [(8080, "TCP"), (8081, "TCP"), (5432, "TCP"), (5672, "TCP"), (53, "UDP"), (443, "TCP"), (25, "TCP"), (22, "TCP")];

    [Theory]
    [MemberData(nameof(Manifests.OverlayData), MemberType = typeof(Manifests))]
    public void The_allowed_connections_are_exactly_those_the_configuration_names(string overlay)
    {
        var app = Manifests.App(overlay);
        var migrate = Manifests.Migrate(overlay);
        var ns = (string)app.OfKind("Deployment").First()["metadata"]!["namespace"]!;
        // The migration kustomization brings the same policies: whichever is applied first, they hold.
        Assert.Equal(app.OfKind("NetworkPolicy").Select(p => p.ToJsonString()).Order(), migrate.OfKind("NetworkPolicy").Select(p => p.ToJsonString()).Order());

        var address = 0;
        IPAddress PodAddress() => IPAddress.Parse($"10.244.0.{++address}");
        Peer Pod(string name, string? inNamespace, params (string Key, string Value)[] labels) =>
            new(name, inNamespace, labels.ToDictionary(l => l.Key, l => l.Value), new Dictionary<string, int>(), PodAddress());

        var workloads = new List<(Peer Peer, JsonObject Workload, Dictionary<string, string> Environment, bool Serves)>();
        foreach (var (objects, kind) in new[] { (app, "Deployment"), (migrate, "Job") })
        {
            foreach (var workload in objects.OfKind(kind))
            {
                var labels = workload["spec"]!["template"]!["metadata"]!["labels"]!.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!);
                var ports = (workload.Container()["ports"]?.AsArray() ?? []).ToDictionary(p => (string)p!["name"]!, p => (int)p!["containerPort"]!);
                workloads.Add((new Peer($"{kind}/{workload.Name()}", ns, labels, ports, PodAddress()),
                    workload, workload.Environment(objects, _ => "<secret>"), kind == "Deployment"));
            }
        }
        var postgresql = Pod("postgresql", "governance-data", ("app.kubernetes.io/name", "postgresql"));
        var rabbitmq = Pod("rabbitmq", "governance-data", ("app.kubernetes.io/name", "rabbitmq"));
        var prometheus = Pod("prometheus", "monitoring", ("app.kubernetes.io/name", "prometheus"));
        var grafana = Pod("grafana", "monitoring", ("app.kubernetes.io/name", "grafana"));
        var ingressController = Pod("ingress-nginx-controller", "ingress-nginx", ("app.kubernetes.io/name", "ingress-nginx"));
        var apiClient = Pod("sagssystem", "sagssystem", ("app", "sagssystem"));
        var dns = Pod("coredns", "kube-system", ("k8s-app", "kube-dns"));
        var strangerHere = Pod("debug", ns, ("app", "debug"));
        var strangerElsewhere = Pod("web", "other", ("app", "web"));
        var internet = new Peer("login.microsoftonline.com", null, new Dictionary<string, string>(), new Dictionary<string, int>(), IPAddress.Parse("20.190.128.1"));
        var relay = new Peer("smtp relay", null, new Dictionary<string, string>(), new Dictionary<string, int>(), IPAddress.Parse("10.20.30.25"));
        var namespaceLabels = new[] { ns, "governance-data", "monitoring", "ingress-nginx", "sagssystem", "kube-system", "other" }
            .ToDictionary(n => n, n => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>
            {
                ["kubernetes.io/metadata.name"] = n,
                // The label a namespace gets when its systems may call the gRPC APIs (docs/operations.md "Kubernetes").
                ["governance.kommune.dk/api-client"] = n == "sagssystem" ? "true" : "false",
            });
        var peers = workloads.Select(w => w.Peer)
            .Concat([postgresql, rabbitmq, prometheus, grafana, ingressController, apiClient, dns, strangerHere, strangerElsewhere, internet, relay]).ToList();

        // What the configuration names, as (source, destination, port).
        var expected = new HashSet<(Peer, Peer, int)>();
        var servers = workloads.Where(w => w.Serves).ToList();
        foreach (var (peer, workload, environment, serves) in workloads)
        {
            Expect(peer, dns, 53);
            if (environment.Keys.Any(k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal) && k != "ConnectionStrings__RabbitMq"))
            {
                Expect(peer, postgresql, 5432);
            }
            if (!serves)
            {
                continue; // `migrate` composes the host but starts nothing: no bus, no calls, no tokens.
            }
            if (environment.ContainsKey("ConnectionStrings__RabbitMq"))
            {
                Expect(peer, rabbitmq, 5672);
            }
            foreach (var (key, value) in environment)
            {
                if (ClientAddress().Match(key) is { Success: true })
                {
                    var target = DnsAddress().Match(value);
                    Assert.True(target.Success, $"{workload.Name()}: {key}={value} is not dns:///<service>:<port>.");
                    var service = app.Named("Service", target.Groups[1].Value);
                    var port = int.Parse(target.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
                    foreach (var callee in SelectedBy(service, servers))
                    {
                        Expect(peer, callee, TargetPort(service, port, callee));
                    }
                }
                if (key.EndsWith("__Mail__Smtp", StringComparison.Ordinal))
                {
                    var smtpPort = int.Parse(value[(value.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
                    ExpectOutside(peer, smtpPort);
                }
            }
            if (new Uri(environment["Governance__Auth__Authority"]).Port is var authorityPort)
            {
                ExpectOutside(peer, authorityPort);
            }
            // Other departments' systems call the APIs: gRPC, and HTTP/JSON on the HTTP port.
            Expect(apiClient, peer, peer.NamedPorts["grpc"]);
            Expect(apiClient, peer, peer.NamedPorts["http"]);
        }
        var monitor = Assert.Single(app.OfKind("ServiceMonitor"));
        var scraped = (string)monitor["spec"]!["endpoints"]![0]!["port"]!;
        foreach (var service in app.OfKind("Service").Where(s => NetworkPolicyEvaluator.Matches(monitor["spec"]!["selector"], Labels(s))))
        {
            var port = service["spec"]!["ports"]!.AsArray().Single(p => (string)p!["name"]! == scraped)!;
            foreach (var pod in SelectedBy(service, servers))
            {
                Expect(prometheus, pod, TargetPort(service, (int)port["port"]!, pod));
            }
        }
        foreach (var path in app.OfKind("Ingress").SelectMany(i => i["spec"]!["rules"]!.AsArray()).SelectMany(r => r!["http"]!["paths"]!.AsArray()))
        {
            var backend = path!["backend"]!["service"]!;
            var service = app.Named("Service", (string)backend["name"]!);
            var port = service["spec"]!["ports"]!.AsArray().Single(p => (string)p!["name"]! == (string)backend["port"]!["name"]!)!;
            foreach (var pod in SelectedBy(service, servers))
            {
                Expect(ingressController, pod, TargetPort(service, (int)port["port"]!, pod));
            }
        }
        // Sanity of the model: the edges the code has today are among them.
        var meetings = servers.Single(s => s.Workload.Name() == "meetings").Peer;
        Assert.Contains((meetings, servers.Single(s => s.Workload.Name() == "cases").Peer, 8080), expected);
        Assert.Contains((meetings, servers.Single(s => s.Workload.Name() == "reminders").Peer, 8080), expected);

        var evaluator = new NetworkPolicyEvaluator(ns, [.. app.OfKind("NetworkPolicy")], namespaceLabels);
        var wrong = new List<string>();
        foreach (var source in peers)
        {
            foreach (var destination in peers.Where(d => d != source && (d.Namespace == ns || source.Namespace == ns)))
            {
                foreach (var (port, protocol) in Ports)
                {
                    var allowed = evaluator.Allows(source, destination, port, protocol);
                    var named = expected.Contains((source, destination, port));
                    if (allowed != named)
                    {
                        wrong.Add($"{source} -> {destination}:{port}/{protocol} is {(allowed ? "allowed" : "denied")}, but the configuration {(named ? "names" : "does not name")} it");
                    }
                }
            }
        }
        Assert.True(wrong.Count == 0, $"{overlay}: {wrong.Count} connections differ:\n{string.Join('\n', wrong)}");

        void Expect(Peer source, Peer destination, int port) => expected.Add((source, destination, port));

        // An address outside the cluster's namespace, by port only (an identity provider's or a relay's
        // addresses are not fixed): every peer that is not in the namespace.
        void ExpectOutside(Peer source, int port)
        {
            foreach (var destination in peers.Where(p => p.Namespace != ns))
            {
                Expect(source, destination, port);
            }
        }
    }

    private static Dictionary<string, string> Labels(JsonObject o) =>
        (o["metadata"]!["labels"]?.AsObject() ?? []).ToDictionary(p => p.Key, p => (string)p.Value!);

    private static IEnumerable<Peer> SelectedBy(JsonObject service, IEnumerable<(Peer Peer, JsonObject Workload, Dictionary<string, string> Environment, bool Serves)> pods)
    {
        var selected = pods.Where(p => NetworkPolicyEvaluator.Matches(new JsonObject { ["matchLabels"] = service["spec"]!["selector"]!.DeepClone() }, p.Peer.Labels))
            .Select(p => p.Peer).ToList();
        Assert.True(selected.Count > 0, $"Service {service.Name()} selects no pod.");
        return selected;
    }

    /// <summary>The container port a Service's port leads to on <paramref name="pod"/>.</summary>
    private static int TargetPort(JsonObject service, int port, Peer pod)
    {
        var entry = service["spec"]!["ports"]!.AsArray().SingleOrDefault(p => (int)p!["port"]! == port)
            ?? throw new Xunit.Sdk.XunitException($"Service {service.Name()} has no port {port}.");
        var target = entry["targetPort"];
        return target is null ? port
            : target.GetValueKind() == System.Text.Json.JsonValueKind.Number ? (int)target : pod.NamedPorts[(string)target!];
    }

    [GeneratedRegex("^Governance__Clients__([A-Za-z]+)__Address$")]
    private static partial Regex ClientAddress();

    [GeneratedRegex("^dns:///([a-z0-9-]+):([0-9]+)$")]
    private static partial Regex DnsAddress();
}
