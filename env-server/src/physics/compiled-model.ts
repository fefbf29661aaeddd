// An MjModel compiled from an MJCF string with one MjData, the typed-array views the envs read and write,
// and explicit disposal (MuJoCo objects live on the WebAssembly heap and are not garbage collected).
import type { MjData, MjModel } from '@mujoco/mujoco';
import type { Mujoco } from './mujoco-loader.js';

/** Live views into MjData; re-created when the WebAssembly heap grows (growth detaches old views). */
interface StateViews {
  qpos: Float64Array;
  qvel: Float64Array;
  ctrl: Float64Array;
}

export class CompiledModel {
  readonly model: MjModel;
  readonly data: MjData;
  readonly nq: number;
  readonly nv: number;
  readonly nu: number;
  private views: StateViews;
  private disposed = false;

  /** Compiles `xml`; throws an Error carrying MuJoCo's message when the XML does not compile. */
  constructor(readonly mujoco: Mujoco, xml: string) {
    this.model = compileXml(mujoco, xml);
    try {
      this.data = new mujoco.MjData(this.model);
    } catch (error) {
      this.model.delete();
      throw error;
    }
    this.nq = this.model.nq;
    this.nv = this.model.nv;
    this.nu = this.model.nu;
    this.views = this.readViews();
  }

  /** Joint positions (live view; valid until the next call that may allocate on the heap). */
  get qpos(): Float64Array { return this.current().qpos; }
  get qvel(): Float64Array { return this.current().qvel; }
  get ctrl(): Float64Array { return this.current().ctrl; }

  /** Advances the physics by `substeps` calls of mj_step. */
  step(substeps: number): void {
    const { mujoco, model, data } = this;
    for (let i = 0; i < substeps; i++) mujoco.mj_step(model, data);
  }

  /** Recomputes derived quantities (positions, contacts, ...) from qpos/qvel, as after a state write. */
  forward(): void {
    this.mujoco.mj_forward(this.model, this.data);
  }

  /** Resets MjData to the model defaults (qpos0, zero velocity and controls, time 0, no warm start). */
  resetData(): void {
    this.mujoco.mj_resetData(this.model, this.data);
  }

  /** Id of a named element of type `type` (an mjtObj value), or throws. */
  id(type: number, name: string): number {
    const id = this.mujoco.mj_name2id(this.model, type, name);
    if (id < 0) throw new Error(`model has no element '${name}' of type ${type}`);
    return id;
  }

  /** Name of the element `id` of type `type` (an mjtObj value). */
  name(type: number, id: number): string {
    return this.mujoco.mj_id2name(this.model, type, id) ?? '';
  }

  /** Frees MjData and MjModel. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.data.delete();
    this.model.delete();
  }

  private current(): StateViews {
    if (this.disposed) throw new Error('CompiledModel used after dispose()');
    if (this.views.qpos.buffer.byteLength === 0) this.views = this.readViews();
    return this.views;
  }

  private readViews(): StateViews {
    return { qpos: this.data.qpos, qvel: this.data.qvel, ctrl: this.data.ctrl };
  }
}

function compileXml(mujoco: Mujoco, xml: string): MjModel {
  try {
    return mujoco.MjModel.from_xml_string(xml);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`MJCF did not compile: ${message}`);
  }
}
