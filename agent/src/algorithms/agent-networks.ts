// The networks of each agent kind (docs/algorithm.md#agent-networks): the velocity field (actor), FQL's one-step
// policy, the outer critic ensemble and its target, the inner (time-conditioned) critic ensemble and its target.
import { copyInto } from '../nn/ema.js';
import { Mlp } from '../nn/mlp.js';
import { MlpEnsemble } from '../nn/mlp-ensemble.js';
import type { ParamStore } from '../nn/param-store.js';
import { hashSeed } from '../nn/seeds.js';
import type { AgentConfig, AgentKind } from './agent-config.js';

export interface AgentNetworks {
  actor: Mlp;
  onestep?: Mlp;
  critic?: MlpEnsemble;
  targetCritic?: MlpEnsemble;
  inner?: MlpEnsemble;
  targetInner?: MlpEnsemble;
}

/** Parameter-name prefixes of the networks trained by Adam (targets are not). */
export const TRAINED_PREFIXES = ['actor/', 'onestep/', 'critic/', 'inner/'];

export function timeFeatureDim(config: AgentConfig): number {
  return config.useTimeEmbed ? config.timeEmbedDim : 1;
}

export function buildNetworks(store: ParamStore, kind: AgentKind, config: AgentConfig, obsDim: number, actDim: number, seed: number): AgentNetworks {
  const s = (name: string) => hashSeed(`${seed}/init/${name}`);
  const actor = new Mlp(store, 'actor', {
    inputDim: obsDim + actDim + 1,
    hiddenDims: config.actorHiddenDims,
    outputDim: actDim,
    layerNorm: config.actorLayerNorm,
  }, s('actor'));
  const nets: AgentNetworks = { actor };
  if (kind === 'bc') return nets;

  const criticSpec = { inputDim: obsDim + actDim, hiddenDims: config.valueHiddenDims, outputDim: 1, layerNorm: config.layerNorm };
  nets.critic = new MlpEnsemble(store, 'critic', config.numEnsembles, criticSpec, s('critic'));
  nets.targetCritic = new MlpEnsemble(store, 'target_critic', config.numEnsembles, criticSpec, s('critic'));
  copyInto(nets.targetCritic.variables(), nets.critic.variables());

  if (kind === 'fql') {
    nets.onestep = new Mlp(store, 'onestep', {
      inputDim: obsDim + actDim,
      hiddenDims: config.actorHiddenDims,
      outputDim: actDim,
      layerNorm: config.actorLayerNorm,
    }, s('onestep'));
    return nets;
  }

  const innerSpec = { ...criticSpec, inputDim: obsDim + actDim + timeFeatureDim(config) };
  nets.inner = new MlpEnsemble(store, 'inner', config.numEnsembles, innerSpec, s('inner'));
  if (!config.dropTargetInnerCritic) {
    nets.targetInner = new MlpEnsemble(store, 'target_inner', config.numEnsembles, innerSpec, s('inner'));
    copyInto(nets.targetInner.variables(), nets.inner.variables());
  }
  return nets;
}
