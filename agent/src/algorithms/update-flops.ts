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
  // Pieces shared by Q-Flow and BPTT: TD target (T actor passes + target critic), critic loss (3F),
  // inner target (T actor passes + target critic), inner loss (3F).
  const critics = 2 * T * actorF + 2 * criticF + 3 * criticF + 3 * innerF;
  let total: number;
  switch (kind) {
    case 'qflow':
      // + guidance (inner forward and input backward: 2F) + actor loss (3F)
      total = critics + 2 * innerF + 3 * actorF;
      break;
    case 'bptt':
      // + BC (3F) + T roll-out steps forward and backward (3F each) + inner forward and input backward (2F)
      total = critics + 3 * actorF + 3 * T * actorF + 2 * innerF;
      break;
    case 'fql':
      // TD (one-step policy + target critic) + critic loss (3F) + BC (3F) + T-step flow target
      // + one-step policy (3F) + critic forward and input backward (2F)
      total = onestepF + criticF + 3 * criticF + 3 * actorF + T * actorF + 3 * onestepF + 2 * criticF;
      break;
    case 'bc':
      total = 3 * actorF;
      break;
  }
  return { total, actorForward: actorF, criticForward: criticF, innerForward: innerF };
}
