// Every object that k8s/ renders validates against the Kubernetes API schemas, offline: kubernetes-models
// (the OpenAPI schemas of Kubernetes 1.27 as JSON Schema) and @kubernetes-models/prometheus-operator
// (ServiceMonitor, PrometheusRule). Run by scripts/lib/k8s.sh (`node --test`), with the root's
// node_modules (`npm ci`). kubectl renders each kustomization, as `kubectl apply -k` would.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { parseAllDocuments } from "yaml";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const kustomizations = ["overlays/dev", "overlays/prod", "overlays/dev/migrate", "overlays/prod/migrate"];

// The model module of an apiVersion: "apps/v1" -> kubernetes-models/apps/v1, "v1" -> kubernetes-models/v1.
function moduleOf(apiVersion) {
  if (apiVersion.startsWith("monitoring.coreos.com/")) {
    return `@kubernetes-models/prometheus-operator/${apiVersion}`;
  }
  return `kubernetes-models/${apiVersion}`;
}

function render(kustomization) {
  try {
    return execFileSync("kubectl", ["kustomize", join(root, "k8s", kustomization)], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    if (error.code === "ENOENT") {
      assert.fail("kubectl is not installed: the k8s/ tests need kubectl >= 1.27 (kustomize v5) on the PATH");
    }
    assert.fail(`kubectl kustomize k8s/${kustomization} failed:\n${error.stderr || error.message}`);
  }
}

for (const kustomization of kustomizations) {
  test(`k8s/${kustomization}: every rendered object validates against its schema`, async () => {
    const documents = parseAllDocuments(render(kustomization));
    const objects = documents.map((d) => {
      assert.equal(d.errors.length, 0, `YAML errors: ${d.errors.join("; ")}`);
      return d.toJS();
    });
    assert.ok(objects.length > 0, "nothing rendered");
    const problems = [];
    for (const object of objects) {
      const label = `${object.kind}/${object.metadata?.name}`;
      let models;
      try {
        models = await import(moduleOf(object.apiVersion));
      } catch {
        problems.push(`${label}: no schema for apiVersion ${object.apiVersion}`);
        continue;
      }
      const Model = models[object.kind];
      if (typeof Model !== "function") {
        problems.push(`${label}: no schema for kind ${object.kind} in ${object.apiVersion}`);
        continue;
      }
      try {
        new Model(object).validate();
      } catch (error) {
        problems.push(`${label}: ${error.message}`);
      }
    }
    assert.deepEqual(problems, []);
  });
}

test("a wrong object is refused (the validation is not a no-op)", async () => {
  const { Deployment } = await import("kubernetes-models/apps/v1");
  const wrong = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "x" },
    spec: { selector: {}, template: { spec: { containers: [{ name: "x", ports: [{ containerPort: "grpc" }] }] } } },
  };
  assert.throws(() => new Deployment(wrong).validate());
  const { ServiceMonitor } = await import("@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1");
  assert.throws(() => new ServiceMonitor({ apiVersion: "monitoring.coreos.com/v1", kind: "ServiceMonitor", metadata: { name: "x" }, spec: { endpoints: "all" } }).validate());
});
