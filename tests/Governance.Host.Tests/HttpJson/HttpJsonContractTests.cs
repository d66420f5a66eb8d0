using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace Governance.Host.Tests.HttpJson;

/// <summary>
/// Every RPC the host serves over gRPC is served as HTTP/JSON too, or is in <see cref="NotOverHttpJson"/> with the
/// reason: the services are found from the host's own gRPC endpoints (so a new service cannot be forgotten), their
/// RPCs from the generated descriptors (so a new RPC cannot). Every rule is mapped, and every rule's path and
/// method are in the OpenAPI document, which is served without a token and carries the .proto comments.
/// </summary>
public sealed partial class HttpJsonContractTests(SqliteApiHost host) : IClassFixture<SqliteApiHost>
{
    /// <summary>RPCs deliberately not served as HTTP/JSON, by full name, with why. Empty: the contract has no
    /// streaming RPC (transcoding serves unary and server-streaming calls only), and every unary RPC has a rule.</summary>
    public static readonly IReadOnlyDictionary<string, string> NotOverHttpJson = new Dictionary<string, string>(StringComparer.Ordinal);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The governance.* services the host maps over gRPC, as their generated descriptors.</summary>
    private IReadOnlyList<ServiceDescriptor> Services()
    {
        var endpoints = host.Server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints;
        var types = endpoints.Select(e => e.Metadata.GetMetadata<GrpcMethodMetadata>())
            .Where(m => m is not null && m.Method.ServiceName.StartsWith("governance.", StringComparison.Ordinal))
            .Select(m => m!.ServiceType).Distinct().ToList();
        var services = types.Select(DescriptorOf).DistinctBy(s => s.FullName).OrderBy(s => s.FullName, StringComparer.Ordinal).ToList();
        // The four services and the respondents' side: the discovery itself cannot come back empty.
        Assert.Equal(
            ["governance.cases.v1.CasesService", "governance.meetings.v1.MeetingsService", "governance.reminders.v1.RemindersService",
             "governance.surveys.v1.SurveyAnsweringService", "governance.surveys.v1.SurveysService"],
            services.Select(s => s.FullName));
        return services;
    }

    /// <summary>The generated descriptor of a service implementation: the static Descriptor of the class its
    /// base's [BindServiceMethod] names.</summary>
    private static ServiceDescriptor DescriptorOf(Type implementation)
    {
        for (var type = implementation; type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>() is { } bind)
            {
                return (ServiceDescriptor)bind.BindType.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
            }
        }
        throw new InvalidOperationException($"{implementation} has no [BindServiceMethod] base.");
    }

    private static IEnumerable<(MethodDescriptor Method, Google.Api.HttpRule Rule)> Rules(IEnumerable<ServiceDescriptor> services) =>
        services.SelectMany(s => s.Methods).SelectMany(m => HttpJsonCallInvoker.RuleOf(m) is { } rule
            ? new[] { rule }.Concat(rule.AdditionalBindings).Select(r => (m, r))
            : []);

    [Fact]
    public void Every_rpc_has_an_http_rule_or_is_excluded_with_a_reason()
    {
        var services = Services();
        var methods = services.SelectMany(s => s.Methods).ToList();

        var missing = methods.Where(m => HttpJsonCallInvoker.RuleOf(m) is null && !NotOverHttpJson.ContainsKey(m.FullName)).Select(m => m.FullName).ToList();
        Assert.True(missing.Count == 0, $"RPCs without a google.api.http rule (add one in protos/, or list the RPC in {nameof(NotOverHttpJson)} with why): {string.Join(", ", missing)}");
        var stale = NotOverHttpJson.Keys.Except(methods.Select(m => m.FullName)).ToList();
        Assert.True(stale.Count == 0, $"{nameof(NotOverHttpJson)} names RPCs the host does not serve: {string.Join(", ", stale)}");
        Assert.All(NotOverHttpJson, e => Assert.False(string.IsNullOrWhiteSpace(e.Value), $"{e.Key} is excluded without a reason."));
        Assert.True(methods.Count >= 90, $"Only {methods.Count} RPCs found.");
    }

    [Fact]
    public void Every_rule_is_mapped_as_an_endpoint_and_no_two_rules_share_a_route()
    {
        var endpoints = host.Server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>()).OfType<GrpcJsonTranscodingMetadata>().ToList();
        var rules = Rules(Services()).ToList();

        foreach (var (method, rule) in rules)
        {
            Assert.True(endpoints.Any(e => e.MethodDescriptor.FullName == method.FullName && e.HttpRule.Equals(rule)),
                $"{method.FullName}: its rule {rule} is not mapped.");
        }
        var routes = rules.Select(r => Route(r.Rule)).ToList();
        var shared = routes.GroupBy(r => r, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(shared.Count == 0, $"Rules with the same method and path: {string.Join(", ", shared)}");
    }

    [Fact]
    public async Task Openapi_document_is_public_and_has_every_rule_with_the_proto_comments()
    {
        using var http = new HttpClient { BaseAddress = host.Server.HttpAddress };
        using var response = await http.GetAsync("/openapi/v1.json", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
        Assert.StartsWith("3.", (string?)document["openapi"], StringComparison.Ordinal);
        var paths = document["paths"]!.AsObject();
        var inDocument = paths.SelectMany(p => p.Value!.AsObject().Select(o => $"{o.Key.ToUpperInvariant()} {Wildcards(p.Key)}")).ToHashSet(StringComparer.Ordinal);

        var rules = Rules(Services()).ToList();
        var absent = rules.Select(r => Route(r.Rule)).Where(r => !inDocument.Contains(r)).ToList();
        Assert.True(absent.Count == 0, $"Rules not in the OpenAPI document: {string.Join(", ", absent)}");
        Assert.Equal(rules.Count, inDocument.Count);

        var operations = paths.SelectMany(p => p.Value!.AsObject().Select(o => o.Value!.AsObject())).ToList();
        var ids = operations.Select(o => (string?)o["operationId"]).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        // The comments of the .proto files: an RPC's, a request field's and a message field's.
        var getMeeting = paths["/v1/meetings/{meetingsId}"]!["get"]!;
        Assert.Equal("Gets a meeting.", (string?)getMeeting["summary"]);
        Assert.Equal("MeetingsService_GetMeeting", (string?)getMeeting["operationId"]);
        Assert.Equal("Idempotency key (UUID).", (string?)paths["/v1/meetings"]!["post"]!["parameters"]!.AsArray().Single(p => (string?)p!["name"] == "requestId")!["description"]);
        Assert.Equal("Resource name, `meetings/{meeting}`.", (string?)document["components"]!["schemas"]!["Meeting"]!["properties"]!["name"]!["description"]);
        // The bearer token everywhere but the respondents' calls.
        Assert.NotNull(document["components"]!["securitySchemes"]!["bearer"]);
        Assert.NotEmpty(getMeeting["security"]!.AsArray());
        Assert.Null(paths["/v1/invitations:getQuestionnaire"]!["post"]!["security"]);
    }

    /// <summary>"GET /v1/{name=meetings/*}" → "GET /v1/meetings/*": a rule with its variables as the segments they match.</summary>
    private static string Route(Google.Api.HttpRule rule)
    {
        var (verb, pattern) = HttpJsonCallInvoker.VerbAndPattern(rule);
        return $"{verb.Method} {Variable().Replace(pattern, m => m.Groups["template"].Success ? m.Groups["template"].Value : "*")}";
    }

    /// <summary>"/v1/meetings/{meetingsId}" → "/v1/meetings/*".</summary>
    private static string Wildcards(string path) => Parameter().Replace(path, "*");

    [GeneratedRegex(@"\{[a-zA-Z0-9_.]+(=(?<template>[^}]*))?\}")]
    private static partial Regex Variable();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
