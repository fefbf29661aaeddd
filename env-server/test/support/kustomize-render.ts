// A tiny kustomize for the manifest tests when `kubectl kustomize` is not installed: only what deploy/k8s uses —
// resources (files and directories), components, namespace, images, replicas and JSON 6902 patches with a
// kind/name target. Anything else in a kustomization is an error, so a new feature cannot be silently ignored.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

export type Doc = Record<string, any>;

interface Kustomization {
  kind?: string;
  resources?: string[];
  components?: string[];
  namespace?: string;
  images?: { name: string; newName?: string; newTag?: string }[];
  replicas?: { name: string; count: number }[];
  patches?: { target: { kind: string; name: string }; patch: string }[];
}

const KNOWN = new Set(['apiVersion', 'kind', 'resources', 'components', 'namespace', 'images', 'replicas', 'patches']);
const CLUSTER_SCOPED = new Set(['Namespace']);

export function renderKustomization(dir: string): Doc[] {
  const k = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as Kustomization;
  const unknown = Object.keys(k).filter((key) => !KNOWN.has(key));
  if (unknown.length) throw new Error(`${dir}: kustomization fields this renderer does not know: ${unknown.join(', ')}`);
  const docs: Doc[] = [];
  for (const resource of k.resources ?? []) {
    const path = join(dir, resource);
    if (statSync(path).isDirectory()) docs.push(...renderKustomization(path));
    else docs.push(...parseAllDocuments(readFileSync(path, 'utf8')).map((d) => d.toJS() as Doc));
  }
  for (const component of k.components ?? []) applyPatches(docs, (parse(readFileSync(join(dir, component, 'kustomization.yaml'), 'utf8')) as Kustomization).patches);
  if (k.namespace) for (const doc of docs) if (!CLUSTER_SCOPED.has(doc.kind)) doc.metadata.namespace = k.namespace;
  for (const image of k.images ?? []) setImage(docs, image);
  for (const { name, count } of k.replicas ?? []) docs.filter((d) => d.metadata.name === name && d.spec?.replicas !== undefined).forEach((d) => { d.spec.replicas = count; });
  applyPatches(docs, k.patches);
  return docs;
}

function setImage(docs: Doc[], image: { name: string; newName?: string; newTag?: string }): void {
  for (const doc of docs) {
    const pod = doc.spec?.template?.spec;
    for (const container of [...(pod?.containers ?? []), ...(pod?.initContainers ?? [])]) {
      const [name] = String(container.image).split(':');
      if (name === image.name) container.image = `${image.newName ?? name}${image.newTag ? `:${image.newTag}` : ''}`;
    }
  }
}

function applyPatches(docs: Doc[], patches: Kustomization['patches']): void {
  for (const { target, patch } of patches ?? []) {
    const doc = docs.find((d) => d.kind === target.kind && d.metadata.name === target.name);
    if (!doc) throw new Error(`patch target ${target.kind}/${target.name} not found`);
    for (const op of parse(patch) as { op: string; path: string; value?: unknown }[]) applyOperation(doc, op);
  }
}

/** One JSON Patch (RFC 6902) operation: add (with '-' for appending), replace, remove. */
function applyOperation(doc: Doc, op: { op: string; path: string; value?: unknown }): void {
  const keys = op.path.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = keys.pop()!;
  let parent: any = doc;
  for (const key of keys) {
    parent = parent[key];
    if (parent === undefined) throw new Error(`patch path ${op.path}: no '${key}'`);
  }
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (op.op === 'add') parent.splice(index, 0, op.value);
    else if (op.op === 'replace') parent[index] = op.value;
    else if (op.op === 'remove') parent.splice(index, 1);
    else throw new Error(`patch op '${op.op}' not supported`);
    return;
  }
  if (op.op === 'add' || op.op === 'replace') {
    if (op.op === 'replace' && !(last in parent)) throw new Error(`patch path ${op.path}: nothing to replace`);
    parent[last] = op.value;
  } else if (op.op === 'remove') {
    delete parent[last];
  } else {
    throw new Error(`patch op '${op.op}' not supported`);
  }
}
