// Network building blocks on @tensorflow/tfjs-core (used by the algorithms and available to the 2D toy study).
//   ParamStore          named tf.Variables; snapshot()/restore() to plain arrays
//   Mlp, MlpEnsemble    Dense→activation(→LayerNorm) stacks; ensembles return [E, B]
//   dense               x·W + b with a hand-written gradient (explicit transposes on wasm)
//   gelu, layerNorm     tanh-GELU and LayerNorm with hand-written gradients
//   fourierTimeEmbedding, HostParams (Adam with optax defaults and EMA targets on the host), seedFor/hashSeed
//   (deterministic random streams)
// Importing this module registers the tfjs-core gradients our ops need (the Node bundle ships none).
export { registerCoreGradients, DIFFERENTIABLE_KERNELS } from './core-gradients.js';
export { ParamStore, type TensorRecord } from './param-store.js';
export { dense, denseAutodiff, denseBackwardStyle, setDenseBackwardStyle, type DenseOptions, type BackwardStyle } from './dense.js';
export { gelu, geluTanhReference, activate, ACTIVATIONS, type Activation } from './activations.js';
export { layerNorm, layerNormReference, LAYER_NORM_EPS } from './layer-norm.js';
export { sumRows } from './column-sum.js';
export { initKernel, KERNEL_INITS, type KernelInit } from './initializers.js';
export { Mlp, concatColumns, type MlpSpec } from './mlp.js';
export { MlpEnsemble } from './mlp-ensemble.js';
export { fourierFrequencies, fourierTimeEmbedding } from './fourier-embedding.js';
export { HostParams, OPTAX_ADAM, type AdamHyper, type FlatEntry, type HostBuffers } from './host-params.js';
export { copyInto } from './ema.js';
export { globalNorm, l2Norm } from './gradient-norm.js';
export { seedFor, hashSeed } from './seeds.js';
