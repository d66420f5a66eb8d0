using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Governance.Cases.V1;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Security;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Governance.Host.Tests.Kubernetes;

/// <summary>
/// Each overlay's configuration, run: every migration Job's command, then every Deployment's container
/// as the host's own process (the image's entrypoint and ENV, then the rendered envFrom and env), against
/// the real PostgreSQL and RabbitMQ. What only a cluster has is mapped, and nothing else is changed:
/// the Secrets' values are the test's databases and broker; the ports the image listens on (8080, 8081)
/// and the dns:///service:8080 addresses become loopback ports; /tmp (the pods' emptyDir) a temp
/// directory; the identity provider a local one on loopback (plain HTTP, so RequireHttpsMetadata=false);
/// the SMTP relay the test's; and each run gets its own queue prefix on the shared broker. Then each
/// Deployment passes the probes it declares, and the services its environment names are reached through it.
/// </summary>
public sealed partial class RenderedConfigurationTests(ITestOutputHelper output)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Manifests.OverlayData), MemberType = typeof(Manifests))]
    public async Task Each_Deployment_starts_from_its_rendered_environment_passes_its_probes_and_reaches_what_it_names(string overlay)
    {
        var app = Manifests.App(overlay);
        var migrate = Manifests.Migrate(overlay);
        Assert.Equal(["dotnet", "Governance.Host.dll"], Manifests.ImageEntrypoint());
        await using var stores = new PostgresStores();
        await stores.InitializeAsync();
        stores.RequireServer();
        var broker = await RabbitMqServer.GetAsync();
        broker.RequireServer();
        using var root = new SqliteDatabase();

        var deployments = app.OfKind("Deployment").ToList();
        // Each Service's pods (its Deployment) get their own loopback ports for the image's 8080 and 8081.
        var ports = deployments.ToDictionary(d => d.Name(), _ => new Dictionary<int, int>
        {
            [8080] = GovernanceTestHost.FreePort(),
            [8081] = GovernanceTestHost.FreePort(),
        });
        await using var identityProvider = await LoopbackIdentityProvider.StartAsync(Authority(deployments[0], app), Audience(deployments[0], app));
        var prefix = $"k8s{Guid.NewGuid().ToString("N")[..10]}-";

        Dictionary<string, string> Environment(JsonObject workload, IReadOnlyList<JsonObject> objects, string podName)
        {
            var tmp = Directory.CreateDirectory(Path.Combine(root.DirectoryPath, podName, "tmp")).FullName;
            var rendered = workload.Environment(objects, secret => SecretValue(secret, stores, broker.Uri!));
            var environment = new Dictionary<string, string>();
            foreach (var (key, value) in rendered)
            {
                environment[key] = key switch
                {
                    _ when value.StartsWith("/tmp/", StringComparison.Ordinal) => Path.Combine(tmp, value["/tmp/".Length..]),
                    _ when key.StartsWith("Kestrel__Endpoints__", StringComparison.Ordinal) && key.EndsWith("__Url", StringComparison.Ordinal) =>
                        // A Job does not listen (migrate exits before serving): any free port.
                        $"http://127.0.0.1:{(ports.TryGetValue(workload.Name(), out var pod) ? pod[new Uri(value).Port] : GovernanceTestHost.FreePort())}",
                    _ when ClientAddress().IsMatch(key) => LoopbackAddress(value, app, ports),
                    "Governance__Auth__Authority" => identityProvider.Authority,
                    _ when key.EndsWith("__Mail__Smtp", StringComparison.Ordinal) =>
                        System.Environment.GetEnvironmentVariable("GOVERNANCE_TEST_SMTP") is { Length: > 0 } smtp ? smtp : $"127.0.0.1:{GovernanceTestHost.FreePort()}",
                    _ => value,
                };
            }
            environment["Governance__Auth__RequireHttpsMetadata"] = "false";
            environment["Governance__Messaging__Prefix"] = prefix;
            return environment;
        }

        // The Jobs first, as docs/operations.md says: each service's migrations, exit 0.
        foreach (var job in migrate.OfKind("Job"))
        {
            var args = job.Container()["args"]!.AsArray().Select(a => (string)a!).ToArray();
            var result = await HostProcess.RunAsync(root.DirectoryPath, Environment(job, migrate, job.Name()), Ct, args);
            Assert.True(result.ExitCode == 0, $"{overlay}: Job {job.Name()} ({string.Join(' ', args)}) exited with {result.ExitCode}:\n{result.Error}\n{result.Output}");
        }

        var hosts = new Dictionary<string, RunningHost>();
        try
        {
            foreach (var deployment in deployments)
            {
                var environment = Environment(deployment, app, deployment.Name());
                Assert.Equal("false", environment["Governance__Migrations__RunAtStartup"]);
                hosts[deployment.Name()] = await RunningHost.StartAsIsAsync(root.DirectoryPath, environment,
                    new Uri($"http://127.0.0.1:{ports[deployment.Name()][8080]}"), Ct);
            }
            foreach (var deployment in deployments)
            {
                await PassesProbesAsync(deployment, ports[deployment.Name()], hosts[deployment.Name()]);
            }
            var token = identityProvider.Issuer.Issue("k8s-test", HostClaims.Roles, HostClaims.Everywhere);
            foreach (var deployment in deployments)
            {
                var environment = deployment.Environment(app, _ => "");
                foreach (var key in environment.Keys.Where(k => ClientAddress().IsMatch(k)))
                {
                    var called = ClientAddress().Match(key).Groups[1].Value;
                    await ReachesAsync(deployment.Name(), called, ports, token);
                    output.WriteLine($"{overlay}: {deployment.Name()} reached {called} ({environment[key]}).");
                }
            }
            // The Ingress's backend answers on the port the Ingress names: a survey page.
            using var http = new HttpClient();
            var surveyPage = await http.GetAsync($"http://127.0.0.1:{ports["surveys"][8081]}/survey/tak", Ct);
            Assert.Equal(HttpStatusCode.OK, surveyPage.StatusCode);
        }
        finally
        {
            foreach (var host in hosts.Values)
            {
                await host.DisposeAsync();
            }
        }
    }

    /// <summary>The probes the Deployment declares, as the kubelet runs them: grpc.health.v1 Check for the
    /// named service (SERVING), HTTP GET (a 2xx or 3xx status), on the pod's ports.</summary>
    private async Task PassesProbesAsync(JsonObject deployment, Dictionary<int, int> ports, RunningHost host)
    {
        var container = deployment.Container();
        var named = container["ports"]!.AsArray().ToDictionary(p => (string)p!["name"]!, p => (int)p!["containerPort"]!);
        int Port(JsonNode port) => port.GetValueKind() == System.Text.Json.JsonValueKind.Number ? (int)port : named[(string)port!];
        foreach (var kind in new[] { "startupProbe", "readinessProbe", "livenessProbe" })
        {
            var probe = container[kind];
            Assert.True(probe is not null, $"{deployment.Name()} declares no {kind}.");
            if (probe["grpc"] is { } grpc)
            {
                using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{ports[Port(grpc["port"]!)]}");
                var response = await new Health.HealthClient(channel).CheckAsync(
                    new HealthCheckRequest { Service = (string?)grpc["service"] ?? "" }, deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: Ct);
                Assert.True(response.Status == HealthCheckResponse.Types.ServingStatus.Serving,
                    $"{deployment.Name()}: {kind} ({grpc["service"]}) is {response.Status}.\n{host.Output}");
            }
            else if (probe["httpGet"] is { } get)
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
                var response = await http.GetAsync($"http://127.0.0.1:{ports[Port(get["port"]!)]}{get["path"]}", Ct);
                Assert.True((int)response.StatusCode is >= 200 and < 400, $"{deployment.Name()}: {kind} GET {get["path"]} is {(int)response.StatusCode}.");
            }
            else
            {
                Assert.Fail($"{deployment.Name()}: {kind} is neither a gRPC nor an HTTP GET probe: {probe.ToJsonString()}");
            }
            output.WriteLine($"{deployment.Name()}: {kind} passes.");
        }
    }

    /// <summary>A call to <paramref name="caller"/> that it can only answer by calling <paramref name="called"/>,
    /// whose answer proves the call got there.</summary>
    private static async Task ReachesAsync(string caller, string called, Dictionary<string, Dictionary<int, int>> ports, string token)
    {
        Assert.True(caller == "meetings", $"{caller} calls {called}: add here a call of {caller} that reaches {called}.");
        using var meetingsChannel = GovernanceTestHost.CreateChannel(new Uri($"http://127.0.0.1:{ports["meetings"][8080]}"), token);
        using var casesChannel = GovernanceTestHost.CreateChannel(new Uri($"http://127.0.0.1:{ports["cases"][8080]}"), token);
        var meetings = new MeetingsService.MeetingsServiceClient(meetingsChannel);
        var @case = await new CasesService.CasesServiceClient(casesChannel).CreateCaseAsync(new CreateCaseRequest
        {
            Case = new Case { Title = "Budgetopfølgning", Unit = "ØDC" },
            RequestId = Guid.NewGuid().ToString(),
        }, cancellationToken: Ct);
        var body = await meetings.CreateBodyAsync(new CreateBodyRequest
        {
            BodyId = $"direktionen-{Guid.NewGuid().ToString("N")[..8]}",
            Body = new Body
            {
                DisplayName = "Direktionen",
                AgendaTemplate = { new StandingItemTemplate { Title = "Huskeliste", JournalNumber = @case.JournalNumber, ReminderList = true } },
            },
            RequestId = Guid.NewGuid().ToString(),
        }, cancellationToken: Ct);
        var meeting = await meetings.ScheduleMeetingAsync(new ScheduleMeetingRequest
        {
            Meeting = new Meeting { Body = body.Name, Start = new Google.Type.DateTime { Year = 2027, Month = 9, Day = 6, Hours = 9 } },
            ApplyAgendaTemplate = true,
            RequestId = Guid.NewGuid().ToString(),
        }, cancellationToken: Ct);
        switch (called)
        {
            case "Cases":
                // A journal number Cases knows is accepted; one it does not know is refused with Cases' answer.
                await meetings.AddAgendaItemAsync(new AddAgendaItemRequest
                {
                    Parent = meeting.Name,
                    Item = new AgendaItem { Title = "Budgetopfølgning", JournalNumber = @case.JournalNumber, Kind = ItemKind.Ordinary },
                    RequestId = Guid.NewGuid().ToString(),
                }, cancellationToken: Ct);
                var unknown = await Assert.ThrowsAsync<RpcException>(() => meetings.AddAgendaItemAsync(new AddAgendaItemRequest
                {
                    Parent = meeting.Name,
                    Item = new AgendaItem { Title = "Ukendt sag", JournalNumber = "99/99999", Kind = ItemKind.Ordinary },
                    RequestId = Guid.NewGuid().ToString(),
                }, cancellationToken: Ct).ResponseAsync);
                Assert.Equal(StatusCode.FailedPrecondition, unknown.StatusCode);
                Assert.Contains("No case has journal number 99/99999", unknown.Status.Detail, StringComparison.Ordinal);
                break;
            case "Reminders":
                // The reminder list item is live only when Reminders answered (otherwise: UNAVAILABLE state).
                var items = await meetings.ListAgendaItemsAsync(new ListAgendaItemsRequest { Parent = meeting.Name, PageSize = 50 }, cancellationToken: Ct);
                var list = Assert.Single(items.Items, i => i.Kind == ItemKind.ReminderList);
                var item = await meetings.GetAgendaItemAsync(new GetAgendaItemRequest { Name = list.Name }, cancellationToken: Ct);
                Assert.Equal(ReminderListContentState.Live, item.ReminderList.State);
                break;
            default:
                Assert.Fail($"meetings calls {called}: add here a call of meetings that reaches {called}.");
                break;
        }
    }

    /// <summary>dns:///service:port with the Service's pods' loopback port for that port.</summary>
    private static string LoopbackAddress(string value, IReadOnlyList<JsonObject> app, Dictionary<string, Dictionary<int, int>> ports)
    {
        var target = DnsAddress().Match(value);
        Assert.True(target.Success, $"{value} is not dns:///<service>:<port>.");
        var service = app.Named("Service", target.Groups[1].Value);
        var port = int.Parse(target.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        var selector = service["spec"]!["selector"]!.AsObject();
        var deployment = Assert.Single(app.OfKind("Deployment"), d =>
            selector.All(p => (string?)d["spec"]!["template"]!["metadata"]!["labels"]![p.Key] == (string?)p.Value));
        var servicePort = service["spec"]!["ports"]!.AsArray().Single(p => (int)p!["port"]! == port)!;
        var containerPort = deployment.Container()["ports"]!.AsArray().Single(p => (string)p!["name"]! == (string)servicePort["targetPort"]!)!;
        return $"dns:///localhost:{ports[deployment.Name()][(int)containerPort["containerPort"]!]}";
    }

    private static string Authority(JsonObject deployment, IReadOnlyList<JsonObject> app) =>
        deployment.Environment(app, _ => "")["Governance__Auth__Authority"];

    private static string Audience(JsonObject deployment, IReadOnlyList<JsonObject> app) =>
        deployment.Environment(app, _ => "")["Governance__Auth__Audience"];

    /// <summary>The test's value for a Secret the manifests reference: the service's database, the broker.</summary>
    private static string SecretValue(Manifests.SecretReference secret, PostgresStores stores, Uri broker)
    {
        var match = SecretName().Match(secret.Secret);
        Assert.True(match.Success, $"{secret.Variable} comes from Secret {secret.Secret}, which the test has no value for.");
        return (match.Groups[2].Value, secret.Key) switch
        {
            ("postgres", "connection-string") => stores[match.Groups[1].Value].ConnectionString,
            ("rabbitmq", "uri") => broker.ToString(),
            _ => throw new Xunit.Sdk.XunitException($"No test value for {secret.Secret}/{secret.Key}."),
        };
    }

    [GeneratedRegex("^Governance__Clients__([A-Za-z]+)__Address$")]
    private static partial Regex ClientAddress();

    [GeneratedRegex("^dns:///([a-z0-9-]+):([0-9]+)$")]
    private static partial Regex DnsAddress();

    [GeneratedRegex("^governance-([a-z]+)-(postgres|rabbitmq)$")]
    private static partial Regex SecretName();

    /// <summary>An OpenID Connect provider's discovery document and keys on a loopback port, at the path of
    /// the configured authority (e.g. /{tenant}/v2.0), with an issuer of its own to sign the test's tokens.</summary>
    private sealed class LoopbackIdentityProvider : IAsyncDisposable
    {
        private readonly HttpListener _listener;
        private readonly Task _serving;

        private LoopbackIdentityProvider(HttpListener listener, string authority, TokenIssuer issuer)
        {
            _listener = listener;
            Authority = authority;
            Issuer = issuer;
            _serving = ServeAsync();
        }

        public string Authority { get; }

        public TokenIssuer Issuer { get; }

        public static Task<LoopbackIdentityProvider> StartAsync(string configuredAuthority, string audience)
        {
            var path = new Uri(configuredAuthority).AbsolutePath.TrimEnd('/');
            var port = GovernanceTestHost.FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            listener.Start();
            var authority = $"http://127.0.0.1:{port}{path}";
            return Task.FromResult(new LoopbackIdentityProvider(listener, authority, new TokenIssuer(authority, RSA.Create(2048), audience)));
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception) when (!_listener.IsListening)
                {
                    return;
                }
                var path = context.Request.Url!.AbsolutePath;
                var body = path == new Uri(Authority + "/.well-known/openid-configuration").AbsolutePath
                    ? new JsonObject { ["issuer"] = Authority, ["jwks_uri"] = Authority + "/keys" }.ToJsonString()
                    : path == new Uri(Authority + "/keys").AbsolutePath ? Issuer.PublicJwks() : null;
                context.Response.StatusCode = body is null ? 404 : 200;
                context.Response.ContentType = "application/json";
                var bytes = Encoding.UTF8.GetBytes(body ?? "{}");
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            await _serving;
        }
    }
}
