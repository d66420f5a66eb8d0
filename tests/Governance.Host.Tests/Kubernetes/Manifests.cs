using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Governance.Testing.Browser;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Governance.Host.Tests.Kubernetes;

/// <summary>
/// What k8s/ renders, as <c>kubectl kustomize</c> (kustomize v5, as <c>kubectl apply -k</c>) makes it:
/// each object as JSON. Without kubectl the tests fail in CI and are skipped elsewhere.
/// </summary>
public static class Manifests
{
    /// <summary>The environments, each with the kustomization of its services and that of its migration Jobs.</summary>
    public static readonly string[] Overlays = ["dev", "prod"];

    public static TheoryData<string> OverlayData => new(Overlays);

    private static readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<JsonObject>>> Rendered = new();

    /// <summary>The services' objects of the overlay (k8s/overlays/{overlay}).</summary>
    public static IReadOnlyList<JsonObject> App(string overlay) => Render($"overlays/{overlay}");

    /// <summary>The migration's objects of the overlay (k8s/overlays/{overlay}/migrate).</summary>
    public static IReadOnlyList<JsonObject> Migrate(string overlay) => Render($"overlays/{overlay}/migrate");

    public static IEnumerable<JsonObject> OfKind(this IEnumerable<JsonObject> objects, string kind) =>
        objects.Where(o => (string?)o["kind"] == kind);

    public static string Name(this JsonNode o) => (string)o["metadata"]!["name"]!;

    public static JsonObject Named(this IEnumerable<JsonObject> objects, string kind, string name) =>
        objects.OfKind(kind).SingleOrDefault(o => o.Name() == name)
        ?? throw new Xunit.Sdk.XunitException($"No {kind} {name} is rendered.");

    /// <summary>The pod template's one container of a Deployment or Job.</summary>
    public static JsonObject Container(this JsonObject workload)
    {
        var containers = workload["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.True(containers.Count == 1, $"{workload.Name()} has {containers.Count} containers; the tests expect one.");
        return containers[0]!.AsObject();
    }

    public static JsonObject PodSpec(this JsonObject workload) => workload["spec"]!["template"]!["spec"]!.AsObject();

    /// <summary>An environment variable that comes from a Secret: its name, the Secret and the key.</summary>
    public sealed record SecretReference(string Variable, string Secret, string Key);

    /// <summary>The container's environment as Kubernetes builds it: the image's ENV (the Dockerfile),
    /// then envFrom's ConfigMaps in order, then env (later wins). A variable from a Secret gets
    /// <paramref name="secretValue"/>'s answer; one from anything else the tests do not model fails.</summary>
    public static Dictionary<string, string> Environment(this JsonObject workload, IReadOnlyList<JsonObject> objects,
        Func<SecretReference, string> secretValue)
    {
        var environment = new Dictionary<string, string>(ImageEnvironment(), StringComparer.Ordinal);
        var container = workload.Container();
        foreach (var source in container["envFrom"]?.AsArray() ?? [])
        {
            var configMap = source!["configMapRef"]?["name"]?.GetValue<string>()
                ?? throw new Xunit.Sdk.XunitException($"{workload.Name()}: envFrom other than a configMapRef is not modelled: {source.ToJsonString()}");
            foreach (var (key, value) in objects.Named("ConfigMap", configMap)["data"]!.AsObject())
            {
                environment[key] = value!.GetValue<string>();
            }
        }
        foreach (var variable in container["env"]?.AsArray() ?? [])
        {
            var name = (string)variable!["name"]!;
            if (variable["value"] is { } value)
            {
                environment[name] = value.GetValue<string>();
            }
            else if (variable["valueFrom"]?["secretKeyRef"] is { } secret)
            {
                environment[name] = secretValue(new SecretReference(name, (string)secret["name"]!, (string)secret["key"]!));
            }
            else
            {
                throw new Xunit.Sdk.XunitException($"{workload.Name()}: {name} comes from something the tests do not model: {variable.ToJsonString()}");
            }
        }
        return environment;
    }

    /// <summary>The variables of the ENV instructions of the final stage of the Dockerfile at the root.</summary>
    public static IReadOnlyDictionary<string, string> ImageEnvironment()
    {
        var lines = File.ReadAllText(RepositoryRoot.Combine("Dockerfile")).Replace("\\\n", " ", StringComparison.Ordinal).Split('\n');
        var finalStage = Array.FindLastIndex(lines, l => l.StartsWith("FROM ", StringComparison.Ordinal));
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(finalStage).Where(l => l.StartsWith("ENV ", StringComparison.Ordinal)))
        {
            foreach (var pair in line[4..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                Assert.True(equals > 0, $"Dockerfile: ENV {pair} is not NAME=value.");
                environment[pair[..equals]] = pair[(equals + 1)..];
            }
        }
        return environment;
    }

    /// <summary>The image's entrypoint (its arguments after the program, e.g. Governance.Host.dll).</summary>
    public static IReadOnlyList<string> ImageEntrypoint()
    {
        var line = File.ReadAllLines(RepositoryRoot.Combine("Dockerfile")).Last(l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal));
        return JsonNode.Parse(line["ENTRYPOINT ".Length..])!.AsArray().Select(n => (string)n!).ToList();
    }

    /// <summary>Every document of a YAML file (or text) as JSON: plain scalars that are numbers or booleans as such, the rest strings.</summary>
    public static IReadOnlyList<JsonNode?> ParseYaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return [.. stream.Documents.Select(d => ToJson(d.RootNode))];
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c =>
            KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new InvalidOperationException($"Unexpected YAML node {node.NodeType}."),
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.Plain)
        {
            if (text is "" or "null" or "~")
            {
                return null;
            }
            if (text is "true" or "false")
            {
                return JsonValue.Create(text == "true");
            }
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
            {
                return whole is >= int.MinValue and <= int.MaxValue ? JsonValue.Create((int)whole) : JsonValue.Create(whole);
            }
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && text.Any(char.IsDigit))
            {
                return JsonValue.Create(number);
            }
        }
        return JsonValue.Create(text);
    }

    private static IReadOnlyList<JsonObject> Render(string kustomization) =>
        Rendered.GetOrAdd(kustomization, k => new Lazy<IReadOnlyList<JsonObject>>(() => Kustomize(k))).Value;

    private static IReadOnlyList<JsonObject> Kustomize(string kustomization)
    {
        var start = new ProcessStartInfo("kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(RepositoryRoot.Combine("k8s", kustomization));
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            TestEnvironment.FailOrSkip("kubectl is not installed: the k8s/ tests need kubectl >= 1.27 (kustomize v5) on the PATH.");
            throw;
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"kubectl kustomize k8s/{kustomization} failed ({process.ExitCode}):\n{error}");
            return [.. ParseYaml(output.Result).Select(d => d!.AsObject())];
        }
    }
}
