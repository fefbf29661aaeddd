// Public API of the network building blocks (used by the algorithms and by the 2D toy study).
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
export { Adam, type AdamOptions } from './adam.js';
export { emaUpdate, copyInto } from './ema.js';
export { globalNorm, l2Norm } from './gradient-norm.js';
export { seedFor, hashSeed } from './seeds.js';
