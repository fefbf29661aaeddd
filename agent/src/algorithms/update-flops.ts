// Analytic FLOP count of one update (matrix products only, 2·m·k·n each), from the layer sizes.
// Forward F; backward with weight gradients 2F (dX and dW); backward to the input only F.
import type { AgentConfig, AgentKind } from './agent-config.js';
import { timeFeatureDim } from './agent-networks.js';

function mlpFlops(batch: number, widths: number[]): number {
  let flops = 0;
  for (let i = 0; i + 1 < widths.length; i++) flops += 2 * batch * widths[i]! * widths[i + 1]!;
  return flops;
}

export interface UpdateFlops {
  total: number;
  /** Forward-pass FLOPs of one network evaluation at the batch size (ensembles: all members). */
  actorForward: number;
  criticForward: number;
  innerForward: number;
}

export function updateFlops(kind: AgentKind, c: AgentConfig, obsDim: number, actDim: number, batch = c.batchSize): UpdateFlops {
  const T = c.flowSteps;
  const E = c.numEnsembles;
  const actorF = mlpFlops(batch, [obsDim + actDim + 1, ...c.actorHiddenDims, actDim]);
  const onestepF = mlpFlops(batch, [obsDim + actDim, ...c.actorHiddenDims, actDim]);
  const criticF = E * mlpFlops(batch, [obsDim + actDim, ...c.valueHiddenDims, 1]);
  const innerF = E * mlpFlops(batch, [obsDim + actDim + timeFeatureDim(c), ...c.valueHiddenDims, 1]);
  let total: number;
  switch (kind) {
    case 'qflow':
      // TD: T actor + target critic; critic loss 3F; inner target: T actor + target critic; inner loss 3F;
      // guidance: inner forward + input backward; actor loss 3F.
      total = (2 * T + 3) * actorF + 5 * criticF + 5 * innerF;
      break;
    case 'bptt':
      // as Q-Flow for the critics; actor: BC 3F plus T roll-out steps forward and back (3F each, the backward
      // pass also needs dX), then the inner critic forward and input backward.
      total = T * actorF + 2 * criticF + 3 * criticF + T * actorF + 3 * innerF + 3 * actorF + 3 * T * actorF + 2 * innerF;
      break;
    case 'fql':
      // TD: one-step policy + target critic; critic loss 3F; actor: BC 3F, T-step flow target, one-step 3F,
      // critic forward + input backward.
      total = onestepF + criticF + 3 * criticF + 3 * actorF + T * actorF + 3 * onestepF + 2 * criticF;
      break;
    case 'bc':
      total = 3 * actorF;
      break;
  }
  return { total, actorForward: actorF, criticForward: criticF, innerForward: innerF };
}
