// deploy/k8s: the base and the example overlays render (with `kubectl kustomize` when it is installed, else with
// the tiny renderer in support/kustomize-render.ts; when both exist they must agree), every object validates
// against the Kubernetes 1.27 schemas (kubernetes-models), and the pieces fit together: CPU requests = --workers,
// probes on the served port through grpc health, a grace period longer than the drain, a headless Service and a
// PodDisruptionBudget that select the env servers, an agent Job on a GPU that dials the Service by dns:///, keeps
// its run on a PersistentVolumeClaim and resumes from its checkpoint; the secured overlay adds token and TLS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { Namespace, PersistentVolumeClaim, Service } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { renderKustomization, type Doc } from './support/kustomize-render.js';

const K8S = fileURLToPath(new URL('../../../deploy/k8s/', import.meta.url));
const LAYOUTS = ['base', 'overlays/example', 'overlays/example-secured'];
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'v1/Namespace': Namespace, 'v1/Service': Service, 'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'apps/v1/Deployment': Deployment, 'batch/v1/Job': Job, 'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

/** `kubectl kustomize DIR` as objects, or undefined when kubectl is not installed. */
function kubectlRender(dir: string): Doc[] | undefined {
  const run = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
  if (run.error) return undefined;
  assert.equal(run.status, 0, `kubectl kustomize ${dir}: ${run.stderr}`);
  return parseAllDocuments(run.stdout).map((d) => d.toJS() as Doc);
}

const RENDERER = kubectlRender(join(K8S, 'base')) ? 'kubectl kustomize' : 'the test\'s own renderer (kubectl not installed)';

function render(layout: string): Doc[] {
  return kubectlRender(join(K8S, layout)) ?? renderKustomization(join(K8S, layout));
}

function one(docs: Doc[], kind: string): Doc {
  const found = docs.filter((d) => d.kind === kind);
  assert.equal(found.length, 1, `one ${kind}`);
  return found[0]!;
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function cpus(quantity: string | number): number {
  const text = String(quantity);
  return text.endsWith('m') ? Number(text.slice(0, -1)) / 1000 : Number(text);
}

const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

test(`every layout renders and validates against the Kubernetes schemas (rendered with ${RENDERER})`, () => {
  for (const layout of LAYOUTS) {
    const docs = render(layout);
    assert.ok(docs.length >= 4, layout);
    for (const doc of docs) {
      const Model = MODELS[`${doc.apiVersion}/${doc.kind}`];
      assert.ok(Model, `${layout}: no schema for ${doc.apiVersion} ${doc.kind}`);
      assert.doesNotThrow(() => new Model(doc).validate(), `${layout}: ${doc.kind}/${doc.metadata?.name}`);
    }
  }
});

test('the test\'s renderer agrees with kubectl kustomize', (t) => {
  if (!kubectlRender(join(K8S, 'base'))) {
    t.skip('kubectl is not installed');
    return;
  }
  const key = (d: Doc) => `${d.kind}/${d.metadata.name}`;
  for (const layout of LAYOUTS) {
    const byKey = (docs: Doc[]) => Object.fromEntries(docs.map((d) => [key(d), d]));
    assert.deepEqual(byKey(renderKustomization(join(K8S, layout))), byKey(kubectlRender(join(K8S, layout))!), layout);
  }
});

test('a schema violation is caught (the validation is not a no-op)', () => {
  const deployment = structuredClone(one(render('base'), 'Deployment'));
  deployment.spec.template.spec.containers[0].readinessProbe.grpc.port = 'grpc-port';
  assert.throws(() => new Deployment(deployment).validate(), /port/);
});

for (const layout of LAYOUTS) {
  test(`${layout}: env servers request one CPU per worker, probe grpc health on the served port, outlast the drain`, () => {
    const docs = render(layout);
    const deployment = one(docs, 'Deployment');
    const pod = deployment.spec.template.spec;
    const [container] = pod.containers;
    const args: string[] = container.args;
    const workers = Number(flag(args, '--workers'));
    const port = Number(flag(args, '--port'));
    const drain = Number(flag(args, '--drain-seconds'));
    assert.ok(workers >= 1 && port > 0 && drain > 0, args.join(' '));
    assert.equal(cpus(container.resources.requests.cpu), workers, 'CPU request = --workers');
    assert.equal(cpus(container.resources.limits.cpu), workers, 'CPU limit = --workers');
    assert.ok(pod.terminationGracePeriodSeconds > drain, `grace ${pod.terminationGracePeriodSeconds} s > drain ${drain} s`);
    assert.ok(pod.terminationGracePeriodSeconds <= drain + 10, 'and not far beyond it');
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      const p = container[probe];
      if (p.grpc) assert.equal(p.grpc.port, port, probe);
      else assert.deepEqual(p.exec.command.slice(0, 4), ['node', '/app/bin/qflow.js', 'health', `localhost:${port}`], probe);
    }
    assert.equal(container.readinessProbe.failureThreshold, 1, 'a draining server leaves the endpoints at its first NOT_SERVING');
    assert.deepEqual(container.ports.map((p: Doc) => p.containerPort).sort(), [port, Number(flag(args, '--metrics-port'))].sort());
    assert.equal(pod.securityContext.runAsNonRoot, true);

    const labels = deployment.spec.template.metadata.labels;
    const service = one(docs, 'Service');
    assert.equal(service.spec.clusterIP, 'None', 'headless: the name resolves to every pod');
    assert.ok(selects(service.spec.selector, labels));
    assert.ok(service.spec.ports.some((p: Doc) => p.port === port));
    const pdb = one(docs, 'PodDisruptionBudget');
    assert.ok(selects(pdb.spec.selector.matchLabels, labels));
    assert.ok(pdb.spec.maxUnavailable === 1 || pdb.spec.minAvailable !== undefined);
  });
}

for (const layout of ['base', 'overlays/example']) {
  test(`${layout}: the agent Job uses a GPU, dials the Service by dns:///, keeps its run on the PVC and resumes`, () => {
    const docs = render(layout);
    const service = one(docs, 'Service');
    const serverArgs: string[] = one(docs, 'Deployment').spec.template.spec.containers[0].args;
    const job = one(docs, 'Job');
    const pod = job.spec.template.spec;
    const [agent] = pod.containers;
    const args: string[] = agent.args;
    assert.equal(args[0], 'train');
    assert.equal(flag(args, '--env-servers'), `dns:///${service.metadata.name}:${flag(serverArgs, '--port')}`);
    assert.equal(job.metadata.namespace, service.metadata.namespace, 'the short name resolves in the Job\'s namespace');
    assert.ok(Number(agent.resources.limits['nvidia.com/gpu']) >= 1);
    assert.equal(pod.restartPolicy, 'OnFailure');

    const pvc = one(docs, 'PersistentVolumeClaim');
    const volume = pod.volumes.find((v: Doc) => v.persistentVolumeClaim?.claimName === pvc.metadata.name);
    assert.ok(volume, 'the run volume is the PVC');
    const mount = agent.volumeMounts.find((m: Doc) => m.name === volume.name);
    const out = flag(args, '--out')!;
    assert.ok(out.startsWith(`${mount.mountPath}/`), `--out ${out} is on the volume`);
    const runDir = agent.env.find((e: Doc) => e.name === 'RUN_DIR')?.value;
    assert.equal(runDir, out);
    const script = agent.command.join(' ');
    assert.match(script, /--resume "\$RUN_DIR\/checkpoint-offline\.msgpack"/);
    assert.match(script, /--resume "\$RUN_DIR\/checkpoint\.msgpack"/);
    assert.match(script, /exec node \/app\/bin\/qflow\.js "\$@"/);
    assert.ok(Number(flag(args, '--checkpoint-interval')) > 0, 'checkpoints during the run, not only at its end');
  });
}

test('overlays/example-secured: a token from a Secret and TLS from a Secret; no plaintext gRPC probes', () => {
  const deployment = one(render('overlays/example-secured'), 'Deployment');
  const pod = deployment.spec.template.spec;
  const [container] = pod.containers;
  const args: string[] = container.args;
  const tokenVar = flag(args, '--token-env')!;
  const env = container.env.find((e: Doc) => e.name === tokenVar);
  assert.equal(env.valueFrom.secretKeyRef.name, 'qflow-env-server-token');
  const mount = container.volumeMounts.find((m: Doc) => flag(args, '--tls-cert')!.startsWith(`${m.mountPath}/`));
  assert.ok(mount, '--tls-cert is on a mounted volume');
  assert.equal(pod.volumes.find((v: Doc) => v.name === mount.name).secret.secretName, 'qflow-env-server-tls');
  assert.equal(flag(args, '--tls-key'), `${mount.mountPath}/tls.key`);
  for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
    assert.equal(container[probe].grpc, undefined, probe);
    assert.equal(flag(container[probe].exec.command, '--tls-ca'), `${mount.mountPath}/ca.crt`, probe);
  }
});
