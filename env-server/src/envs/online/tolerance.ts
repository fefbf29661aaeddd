// DeepMind Control's `tolerance` shaping for a lower bound (docs/environments.md#direction-following-envs): 1 at or
// above `lower`, falling off below it over `margin` to `valueAtMargin`.

/** Gaussian fall-off: exp(−½·(d·s)²) with d = (lower − x)/margin and s chosen so that d = 1 gives valueAtMargin. */
export function gaussianTolerance(x: number, lower: number, margin: number, valueAtMargin = 0.1): number {
  if (x >= lower) return 1;
  const scaled = ((lower - x) / margin) * Math.sqrt(-2 * Math.log(valueAtMargin));
  return Math.exp(-0.5 * scaled * scaled);
}

/** Linear fall-off: 1 − d·(1 − valueAtMargin) with d = (lower − x)/margin, and 0 once that reaches 0. */
export function linearTolerance(x: number, lower: number, margin: number, valueAtMargin = 0): number {
  if (x >= lower) return 1;
  const scaled = ((lower - x) / margin) * (1 - valueAtMargin);
  return scaled < 1 ? 1 - scaled : 0;
}
