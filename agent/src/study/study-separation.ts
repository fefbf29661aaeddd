// Whether two agents' 95% intervals over seeds separate, and the smallest budget at which Q-Flow's separates from a
// baseline's: the question a study answers ("from how many updates on is Q-Flow better than flow BC / FQL?").

export type Interval = readonly [number, number];

/** 'above': a's interval lies entirely above b's; 'below': entirely under; null: they overlap (touching counts). */
export function separation(a: Interval, b: Interval): 'above' | 'below' | null {
  if (a[0] > b[1]) return 'above';
  if (a[1] < b[0]) return 'below';
  return null;
}

export interface BudgetIntervals { budget: number; a: Interval | null; b: Interval | null }

export interface FirstSeparation { budget: number; direction: 'above' | 'below' }

/** The smallest budget (of those with both intervals) at which a's interval separates from b's; null when none does. */
export function firstSeparation(rows: readonly BudgetIntervals[]): FirstSeparation | null {
  for (const r of [...rows].sort((x, y) => x.budget - y.budget)) {
    if (!r.a || !r.b) continue;
    const direction = separation(r.a, r.b);
    if (direction) return { budget: r.budget, direction };
  }
  return null;
}
