using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Governance.Testing.Browser;

namespace Governance.Host.Tests.Kubernetes;

/// <summary>
/// What must hold for every Deployment (and migration Job) of every overlay of k8s/, whatever a later
/// change does to one of them: probes on the service's health name, limits, the security context, the
/// image pinned by the overlay, migrations left to the Job, no secret value in the repository; and the
/// objects around them (headless Services, PDBs, HPAs, Ingress, ServiceMonitor).
/// </summary>
public sealed partial class ManifestInvariantTests
{
    /// <summary>The catalog's services, each with its grpc.health.v1 name and its store (ConnectionStrings:{store}).</summary>
    public static readonly IReadOnlyDictionary<string, (string Health, string Store)> Services = new Dictionary<string, (string, string)>
    {
        ["meetings"] = (Governance.Meetings.V1.MeetingsService.Descriptor.FullName, "Meetings"),
        ["cases"] = (Governance.Cases.V1.CasesService.Descriptor.FullName, "Cases"),
        ["reminders"] = (Governance.Reminders.V1.RemindersService.Descriptor.FullName, "Reminders"),
        ["surveys"] = (Governance.Surveys.V1.SurveysService.Descriptor.FullName, "Surveys"),
    };

    private static Dictionary<string, string> Env(JsonObject workload, IReadOnlyList<JsonObject> objects) =>
        workload.Environment(objects, s => $"<secret {s.Secret}/{s.Key}>");

    [Theory]
    [MemberData(nameof(Manifests.OverlayData), MemberType = typeof(Manifests))]
    public void There_is_a_Deployment_and_a_migration_Job_for_every_service_of_the_catalog(string overlay)
    {
        Assert.Equal(GovernanceHost.ServiceNames.Order(StringComparer.Ordinal), Services.Keys.Order(StringComparer.Ordinal));
        var app = Manifests.App(overlay);
        var migrate = Manifests.Migrate(overlay);
        Assert.Equal(Services.Keys.Order(), app.OfKind("Deployment").Select(d => Env(d, app)["Governance__Services"]).Order());
        Assert.Equal(Services.Keys.Order(), migrate.OfKind("Job").Select(j => Env(j, migrate)["Governance__Services"]).Order());
        Assert.Empty(migrate.OfKind("Deployment"));
        Assert.Empty(app.OfKind("Job"));
    }

    [Theory]
    [MemberData(nameof(Manifests.OverlayData), MemberType = typeof(Manifests))]
    public void Every_Deployment_probes_its_own_service_by_its_health_name(string overlay)
    {
        var app = Manifests.App(overlay);
        foreach (var deployment in app.OfKind("Deployment"))
        {
            var service = Env(deployment, app)["Governance__Services"];
            var container = deployment.Container();
            var ports = container["ports"]!.AsArray().ToDictionary(p => (string)p!["name"]!, p => (int)p!["containerPort"]!);
            Assert.Equal(new Dictionary<string, int> { ["grpc"] = 8080, ["http"] = 8081 }, ports);
            foreach (var probe in new[] { "startupProbe", "readinessProbe" })
            {
                var grpc = container[probe]?["grpc"];
                Assert.True(grpc is not null, $"{overlay}/{deployment.Name()}: {probe} is not a native gRPC probe.");
                Assert.Equal((Services[service].Health, 8080), ((string)grpc["service"]!, (int)grpc["port"]!));
            }
            var liveness = container["livenessProbe"]?["httpGet"];
            Assert.True(liveness is not null, $"{overlay}/{deployment.Name()}: livenessProbe is not an HTTP GET.");
            Assert.Equal(("/healthz", "http"), ((string)liveness["path"]!, (string)liveness["port"]!));
            // The startup probe gives the host (and a slow database) time before liveness counts.
            var startup = container["startupProbe"]!;
            Assert.True((int)startup["periodSeconds"]! * (int)startup["failureThreshold"]! >= 60, $"{deployment.Name()}: the startup probe allows less than a minute.");
        }
    }

    [Theory]
    [MemberData(nameof(Manifests.OverlayData), MemberType = typeof(Manifests))]
    public void Every_workload_has_requests_limits_and_the_restricted_security_context(string overlay)
    {
        foreach (var workload in Workloads(overlay))
        {
            var what = $"{overlay}/{workload["kind"]}/{workload.Name()}";
            var container = workload.Container();
            foreach (var kind in new[] { "requests", "limits" })
            {
                foreach (var resource in new[] { "cpu", "memory" })
                {
                    Assert.True(container["resources"]?[kind]?[resource] is not null, $"{what}: no {kind}.{resource}.");
                }
            }
            var pod = workload.PodSpec();
            Assert.Equal(true, (bool?)pod["securityContext"]?["runAsNonRoot"]);
            Assert.Equal("RuntimeDefault", (string?)pod["securityContext"]?["seccompProfile"]?["type"]);
            Assert.Equal(false, (bool?)pod["automountServiceAccountToken"]);
            var security = container["securityContext"];
            Assert.True(security is not null, $"{what}: no container securityContext.");
            Assert.Equal((true, false, true), ((bool?)security["runAsNonRoot"], (bool?)security["allowPrivilegeEscalation"], (bool?)security["readOnlyRootFilesystem"]));
            Assert.Equal(["ALL"], security["capabilities"]!["drop"]!.AsArray().Select(c => (string)c!));
            Assert.Null(security["privileged"]);
            Assert.Null(security["capabilities"]!["add"]);
            // The read-only root filesystem: /tmp (the image's Governance__DataDirectory, .NET's temp files) is an emptyDir.
            var tmp = Assert.Single(container["volumeMounts"]!.AsArray(), m => (string)m!["mountPath"]! == "/tmp");
            var volume = Assert.Single(pod["volumes"]!.AsArray(), v => (string)v!["name"]! == (string)tmp!["name"]!);
            Assert.NotNull(volume!["emptyDir"]);
            Assert.StartsWith("/tmp/", Manifests.ImageEnvironment()["Governance__DataDirectory"], StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Manifests.OverlayData), MemberType = typeof(Manifests))]
    public void Every_image_is_the_one_image_pinned_by_the_overlay(string overlay)
    {
        var kustomization = File.ReadAllText(RepositoryRoot.Combine("k8s", "overlays", overlay, "env", "kustomization.yaml"));
        var images = Manifests.ParseYaml(kustomization)[0]!["images"]!.AsArray();
        var pin = Assert.Single(images)!;
        Assert.Equal("governance", (string)pin["name"]!);
        var pinned = (string?)pin["digest"] is { } digest ? $"{pin["newName"]}@{digest}" : $"{pin["newName"]}:{pin["newTag"]}";
        Assert.Matches(PinnedImage(), pinned);
        Assert.DoesNotContain(":latest", pinned, StringComparison.Ordinal);
        foreach (var workload in Workloads(overlay))
        {
            Assert.Equal(pinned, (string)workload.Container()["image"]!);
        }
        if (overlay == "prod")
        {
            Assert.Contains("@sha256:", pinned, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Manifests.OverlayData), MemberType = typeof(Manifests))]
    public void Deployments_leave_migrations_to_the_Job_which_runs_the_image_with_migrate(string overlay)
    {
        var app = Manifests.App(overlay);
        foreach (var deployment in app.OfKind("Deployment"))
        {
            Assert.Equal("false", Env(deployment, app)["Governance__Migrations__RunAtStartup"]);
            Assert.Null(deployment.Container()["command"]);
            Assert.Null(deployment.Container()["args"]);
        }
        var migrate = Manifests.Migrate(overlay);
        foreach (var job in migrate.OfKind("Job"))
        {
            Assert.Null(job.Container()["command"]);
            Assert.Equal(["migrate"], job.Container()["args"]!.AsArray().Select(a => (string)a!));
            Assert.Equal("Never", (string)job.PodSpec()["restartPolicy"]!);
            // The Job reads the same settings as its Deployment: what it migrates is what the service uses.
            var service = Env(job, migrate)["Governance__Services"];
            var deployment = app.OfKind("Deployment").Single(d => Env(d, app)["Governance__Services"] == service);
            var serving = Env(deployment, app);
            serving.Remove("Governance__Migrations__RunAtStartup");
            Assert.Equal(serving.OrderBy(p => p.Key), Env(job, migrate).OrderBy(p => p.Key));
        }
    }

    [Theory]
    [MemberData(nameof(Manifests.OverlayData), MemberType = typeof(Manifests))]
    public void No_secret_value_is_in_the_repository_only_references_to_the_documented_Secrets(string overlay)
    {
        // Both kustomizations render the shared ConfigMaps: once each here.
        var objects = Manifests.App(overlay).Concat(Manifests.Migrate(overlay)).DistinctBy(o => $"{o["kind"]}/{o.Name()}").ToList();
        Assert.Empty(objects.OfKind("Secret"));
        var documented = DocumentedSecrets();
        var referenced = new HashSet<string>();
        foreach (var workload in objects.Where(o => (string?)o["kind"] is "Deployment" or "Job"))
        {
            var service = Env(workload, objects)["Governance__Services"];
            var environment = workload.Environment(objects, s =>
            {
                referenced.Add(s.Secret);
                Assert.Contains(s.Secret, documented);
                return "<secret>";
            });
            // The store's and the broker's connection strings (they hold passwords) come from Secrets, nothing else holds one.
            Assert.Equal("<secret>", environment[$"ConnectionStrings__{Services[service].Store}"]);
            Assert.Equal("<secret>", environment["ConnectionStrings__RabbitMq"]);
            foreach (var (key, value) in environment.Where(e => e.Value != "<secret>"))
            {
                Assert.False(SecretLooking().IsMatch(key), $"{workload.Name()}: {key} holds a literal value; a secret belongs in a Secret.");
                Assert.False(Password().IsMatch(value), $"{workload.Name()}: {key} holds what looks like a password.");
            }
        }
        foreach (var configMap in objects.OfKind("ConfigMap"))
        {
            foreach (var (key, value) in configMap["data"]!.AsObject())
            {
                Assert.False(SecretLooking().IsMatch(key) || Password().IsMatch((string)value!), $"ConfigMap {configMap.Name()}: {key} looks like a secret.");
            }
        }
        var tls = (string)objects.Named("Ingress", "survey-pages")["spec"]!["tls"]![0]!["secretName"]!;
        referenced.Add(tls);
        Assert.Equal(documented.Order(), referenced.Order());
    }

    [Theory]
    [MemberData(nameof(Manifests.OverlayData), MemberType = typeof(Manifests))]
    public void Services_are_headless_and_each_Deployment_has_a_PDB_and_an_HPA(string overlay)
    {
        var app = Manifests.App(overlay);
        foreach (var deployment in app.OfKind("Deployment"))
        {
            var labels = deployment["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
            bool Selects(JsonNode? selector) => selector!.AsObject().All(p => (string?)labels[p.Key] == (string?)p.Value);
            var service = Assert.Single(app.OfKind("Service"), s => Selects(s["spec"]!["selector"]));
            Assert.Equal("None", (string)service["spec"]!["clusterIP"]!);
            Assert.Equal(deployment.Name(), service.Name());
            Assert.Equal(["grpc:8080", "http:8081"], service["spec"]!["ports"]!.AsArray().Select(p => $"{p!["name"]}:{p["port"]}"));
            var pdb = Assert.Single(app.OfKind("PodDisruptionBudget"), p => Selects(p["spec"]!["selector"]!["matchLabels"]));
            Assert.NotNull(pdb["spec"]!["maxUnavailable"] ?? pdb["spec"]!["minAvailable"]);
            var hpa = Assert.Single(app.OfKind("HorizontalPodAutoscaler"), h => (string)h["spec"]!["scaleTargetRef"]!["name"]! == deployment.Name());
            Assert.Equal("autoscaling/v2", (string)hpa["apiVersion"]!);
            var min = (int)hpa["spec"]!["minReplicas"]!;
            Assert.True(min <= (int)hpa["spec"]!["maxReplicas"]!);
            Assert.Equal(min, (int)deployment["spec"]!["replicas"]!);
        }
    }

    [Theory]
    [MemberData(nameof(Manifests.OverlayData), MemberType = typeof(Manifests))]
    public void The_Ingress_publishes_the_survey_pages_at_the_address_the_invitations_link_to(string overlay)
    {
        var app = Manifests.App(overlay);
        var ingress = Assert.Single(app.OfKind("Ingress"));
        var rule = Assert.Single(ingress["spec"]!["rules"]!.AsArray())!;
        var path = Assert.Single(rule["http"]!["paths"]!.AsArray())!;
        Assert.Equal(("/survey", "Prefix", "surveys", "http"),
            ((string)path["path"]!, (string)path["pathType"]!, (string)path["backend"]!["service"]!["name"]!, (string)path["backend"]!["service"]!["port"]!["name"]!));
        var surveys = app.Named("Deployment", "surveys");
        var answerUrl = new Uri(Env(surveys, app)["Governance__Surveys__AnswerUrl"]);
        Assert.Equal(("https", (string)rule["host"]!, "/survey"), (answerUrl.Scheme, answerUrl.Host, answerUrl.AbsolutePath));
        Assert.Equal((string)rule["host"]!, (string)ingress["spec"]!["tls"]![0]!["hosts"]![0]!);
    }

    [Theory]
    [MemberData(nameof(Manifests.OverlayData), MemberType = typeof(Manifests))]
    public void The_ServiceMonitor_scrapes_metrics_on_every_Service_as_job_governance(string overlay)
    {
        var app = Manifests.App(overlay);
        var monitor = Assert.Single(app.OfKind("ServiceMonitor"));
        var endpoint = Assert.Single(monitor["spec"]!["endpoints"]!.AsArray())!;
        Assert.Equal(("http", "/metrics"), ((string)endpoint["port"]!, (string)endpoint["path"]!));
        var selector = monitor["spec"]!["selector"]!["matchLabels"]!.AsObject();
        var jobLabel = (string)monitor["spec"]!["jobLabel"]!;
        foreach (var service in app.OfKind("Service"))
        {
            var labels = service["metadata"]!["labels"]!.AsObject();
            Assert.All(selector, p => Assert.Equal((string?)p.Value, (string?)labels[p.Key]));
            // The alert rules' up{job="governance"}.
            Assert.Equal("governance", (string?)labels[jobLabel]);
        }
        Assert.Contains("up{job=\"governance\"}", File.ReadAllText(RepositoryRoot.Combine("observability", "prometheus", "alerts.yml")), StringComparison.Ordinal);
    }

    private static IEnumerable<JsonObject> Workloads(string overlay) =>
        Manifests.App(overlay).OfKind("Deployment").Concat(Manifests.Migrate(overlay).OfKind("Job"));

    /// <summary>The Secrets docs/operations.md "Kubernetes" tells operations to create: the names in
    /// backquotes in its paragraph "**Secrets to create**".</summary>
    private static HashSet<string> DocumentedSecrets()
    {
        var text = File.ReadAllText(RepositoryRoot.Combine("docs", "operations.md"));
        var start = text.IndexOf("\n## Kubernetes", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/operations.md has no \"## Kubernetes\" section.");
        var paragraph = text.IndexOf("**Secrets to create**", start, StringComparison.Ordinal);
        Assert.True(paragraph >= 0, "docs/operations.md \"Kubernetes\" has no \"**Secrets to create**\".");
        var end = text.IndexOf("\n\n**", paragraph, StringComparison.Ordinal);
        return [.. DocumentedSecret().Matches(text[paragraph..end]).Select(m => m.Groups[1].Value)];
    }

    [GeneratedRegex(@"^[a-z0-9.\-/]+(:[A-Za-z0-9._\-]+|@sha256:[0-9a-f]{64})$")]
    private static partial Regex PinnedImage();

    [GeneratedRegex("(?i)(password|secret|token|apikey|api_key|private)")]
    private static partial Regex SecretLooking();

    [GeneratedRegex(@"(?i)(password|pwd)\s*=|://[^/@\s]+:[^/@\s]+@")]
    private static partial Regex Password();

    [GeneratedRegex("`(governance-[a-z0-9-]+)`")]
    private static partial Regex DocumentedSecret();
}
