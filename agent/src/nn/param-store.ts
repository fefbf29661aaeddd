// A named collection of tf.Variables: the single place that owns a model's parameters, so that optimizers,
// EMA targets and checkpoints can walk them as one flat, ordered list.
import * as tf from '@tensorflow/tfjs-core';

export interface TensorRecord {
  shape: number[];
  data: Float32Array;
}

export class ParamStore {
  private readonly vars = new Map<string, tf.Variable>();

  /** Registers `initial` under `name` (the store takes ownership of the tensor). */
  add(name: string, initial: tf.Tensor): tf.Variable {
    if (this.vars.has(name)) throw new Error(`parameter '${name}' already exists`);
    // tfjs variable names are global to the engine; keep them anonymous and key by our own names.
    const variable = tf.variable(initial, true);
    initial.dispose();
    this.vars.set(name, variable);
    return variable;
  }

  get(name: string): tf.Variable {
    const variable = this.vars.get(name);
    if (!variable) throw new Error(`unknown parameter '${name}'`);
    return variable;
  }

  has(name: string): boolean {
    return this.vars.has(name);
  }

  /** Names in insertion order, optionally only those starting with `prefix`. */
  names(prefix = ''): string[] {
    return [...this.vars.keys()].filter((n) => n.startsWith(prefix));
  }

  /** [name, variable] pairs in insertion order. */
  entries(prefix = ''): [string, tf.Variable][] {
    return this.names(prefix).map((n) => [n, this.vars.get(n)!]);
  }

  list(prefix = ''): tf.Variable[] {
    return this.names(prefix).map((n) => this.vars.get(n)!);
  }

  /** Copies every parameter to plain arrays (asynchronously: GPU backends cannot read tensors synchronously). */
  async snapshot(prefix = ''): Promise<Record<string, TensorRecord>> {
    const names = this.names(prefix);
    const data = await Promise.all(names.map((n) => this.vars.get(n)!.data()));
    const out: Record<string, TensorRecord> = {};
    names.forEach((name, i) => {
      out[name] = { shape: [...this.vars.get(name)!.shape], data: new Float32Array(data[i]!) };
    });
    return out;
  }

  /** Overwrites parameters from plain arrays; every name and shape must match. */
  restore(records: Record<string, TensorRecord>, prefix = ''): void {
    const expected = this.names(prefix);
    const missing = expected.filter((n) => !(n in records));
    if (missing.length) throw new Error(`state is missing tensors: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''}`);
    for (const name of expected) {
      const v = this.vars.get(name)!;
      const rec = records[name]!;
      const size = v.shape.reduce((a, b) => a * b, 1);
      if (rec.shape.join(',') !== v.shape.join(',') || rec.data.length !== size) {
        throw new Error(`tensor '${name}' has shape [${rec.shape}] (${rec.data.length} values); expected [${v.shape}]`);
      }
      tf.tidy(() => v.assign(tf.tensor(rec.data, v.shape, 'float32')));
    }
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}
