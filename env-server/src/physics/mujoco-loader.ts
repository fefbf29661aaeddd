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

/** The most the WebAssembly heap of this MuJoCo build can grow to (its `Cannot enlarge memory` limit). */
export const MUJOCO_HEAP_MAX_BYTES = 2 ** 31;

/** Probe size for `heapTopBytes`: larger than any block a freed model leaves, so it is served from the top. */
const TOP_PROBE_BYTES = 64 << 20;

interface HeapExports {
  memory: WasmMemory;
  malloc(bytes: number): number;
  free(pointer: number): void;
}

const heapExports = new WeakMap<object, HeapExports>();
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
  let exports: HeapExports | undefined;
  let failInstantiation: (error: unknown) => void = () => {};
  const instantiationFailed = new Promise<never>((_, reject) => (failInstantiation = reject));
  const mujoco = await Promise.race([
    loadMujocoModule({
      instantiateWasm(imports: object, done: InstantiateCallback) {
        wasm.instantiate(wasmModule, imports).then((instance) => {
          exports = instance.exports as unknown as HeapExports;
          done(instance, wasmModule);
        }, failInstantiation);
        return {};
      },
    }),
    instantiationFailed,
  ]);
  if (exports) heapExports.set(mujoco, exports);
  return mujoco;
}

/** The WebAssembly memory of a MuJoCo instance loaded by `loadMujoco` (for heap accounting). */
export function wasmMemoryOf(mujoco: Mujoco): WasmMemory {
  return exportsOf(mujoco).memory;
}

function exportsOf(mujoco: Mujoco): HeapExports {
  const exports = heapExports.get(mujoco);
  if (!exports) throw new Error('this MuJoCo instance was not loaded by loadMujoco()');
  return exports;
}

/**
 * Address of the top of the used heap: where a block larger than any free one would be placed. The difference
 * of two readings is what the allocations in between took, fragmentation and allocator overhead included.
 */
export function heapTopBytes(mujoco: Mujoco): number {
  const { malloc, free } = exportsOf(mujoco);
  const pointer = malloc(TOP_PROBE_BYTES);
  if (pointer === 0) throw new Error(`MuJoCo heap has no room for a ${TOP_PROBE_BYTES}-byte probe`);
  free(pointer);
  return pointer;
}

/** Current size of a MuJoCo instance's WebAssembly heap, in bytes (it only ever grows). */
export function wasmHeapBytes(mujoco: Mujoco): number {
  return wasmMemoryOf(mujoco).buffer.byteLength;
}
