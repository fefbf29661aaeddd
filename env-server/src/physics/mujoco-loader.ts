// Loads the single-threaded MuJoCo WebAssembly build (`@mujoco/mujoco`), one instance per call.
// The .wasm file is read and compiled once per thread; every further instance only instantiates it.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import loadMujocoModule, { type MainModule } from '@mujoco/mujoco';

/** A loaded MuJoCo module instance. Owned by one thread; its objects must not cross threads. */
export type Mujoco = MainModule;

// The few WebAssembly JS API members used here (@types/node 20 does not declare the namespace).
type WasmModule = object;
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmInstance {
  readonly exports: Record<string, unknown>;
}
interface WasmApi {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  instantiate(module: WasmModule, imports: object): Promise<WasmInstance>;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

type InstantiateCallback = (instance: WasmInstance, module: WasmModule) => void;

const heapMemory = new WeakMap<object, WasmMemory>();
let compiled: Promise<WasmModule> | undefined;

async function compileWasm(): Promise<WasmModule> {
  // Resolved through the package exports, so the file found is the one of the pinned package version.
  const wasmPath = createRequire(import.meta.url).resolve('@mujoco/mujoco/mujoco.wasm');
  return wasm.compile(await readFile(wasmPath));
}

/**
 * Loads a fresh MuJoCo instance with its own WebAssembly heap.
 * Under Node the package's loader can find `mujoco.wasm` by itself, but it re-reads and re-compiles the
 * file for every instance; handing it the compiled module through `instantiateWasm` avoids that.
 */
export async function loadMujoco(): Promise<Mujoco> {
  compiled ??= compileWasm();
  const wasmModule = await compiled;
  let memory: WasmMemory | undefined;
  let failInstantiation: (error: unknown) => void = () => {};
  const instantiationFailed = new Promise<never>((_, reject) => (failInstantiation = reject));
  const mujoco = await Promise.race([
    loadMujocoModule({
      instantiateWasm(imports: object, done: InstantiateCallback) {
        wasm.instantiate(wasmModule, imports).then((instance) => {
          memory = instance.exports['memory'] as WasmMemory;
          done(instance, wasmModule);
        }, failInstantiation);
        return {};
      },
    }),
    instantiationFailed,
  ]);
  if (memory) heapMemory.set(mujoco, memory);
  return mujoco;
}

/** The WebAssembly memory of a MuJoCo instance loaded by `loadMujoco` (for heap accounting). */
export function wasmMemoryOf(mujoco: Mujoco): WasmMemory {
  const memory = heapMemory.get(mujoco);
  if (!memory) throw new Error('this MuJoCo instance was not loaded by loadMujoco()');
  return memory;
}

/** Current size of a MuJoCo instance's WebAssembly heap, in bytes (it only ever grows). */
export function wasmHeapBytes(mujoco: Mujoco): number {
  return wasmMemoryOf(mujoco).buffer.byteLength;
}
