// The agent's in-memory dataset: transitions stored as row-major Float32Array columns. It is also the replay
// buffer of the online phase: it grows (doubling its storage) up to a fixed capacity, then overwrites the oldest
// rows like a ring buffer (as FQL's buffer does when the offline data is copied in and online data is appended).

export interface Transition {
  observation: ArrayLike<number>;
  action: ArrayLike<number>;
  reward: number;
  mask: number;
  nextObservation: ArrayLike<number>;
}

export interface TransitionColumns {
  observations: Float32Array;      // [size, obsDim]
  actions: Float32Array;           // [size, actDim]
  rewards: Float32Array;           // [size]
  masks: Float32Array;             // [size]
  nextObservations: Float32Array;  // [size, obsDim]
}

export class TransitionDataset {
  readonly obsDim: number;
  readonly actDim: number;
  readonly capacity: number;
  private rows = 0;
  private cursor = 0; // next row to write once the buffer is full
  private allocated: number;
  private cols: TransitionColumns;

  constructor(obsDim: number, actDim: number, capacity: number, initialRows = Math.min(capacity, 1024)) {
    for (const [name, v] of [['obsDim', obsDim], ['actDim', actDim]] as const) {
      if (!Number.isInteger(v) || v < 0) throw new Error(`TransitionDataset: ${name} must be an integer >= 0, got ${v}`);
    }
    if (actDim === 0) throw new Error('TransitionDataset: actDim must be >= 1');
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new Error(`TransitionDataset: capacity must be an integer >= 1, got ${capacity}`);
    }
    this.obsDim = obsDim;
    this.actDim = actDim;
    this.capacity = capacity;
    this.allocated = Math.max(1, Math.min(capacity, initialRows));
    this.cols = allocate(this.allocated, obsDim, actDim);
  }

  /** Wraps whole columns (e.g. a loaded offline dataset); the capacity is at least their size. */
  static fromColumns(columns: TransitionColumns, obsDim: number, actDim: number, capacity?: number): TransitionDataset {
    const size = columns.rewards.length;
    checkColumns(columns, size, obsDim, actDim);
    const ds = new TransitionDataset(obsDim, actDim, Math.max(capacity ?? size, size, 1), Math.max(size, 1));
    ds.appendColumns(columns);
    return ds;
  }

  get size(): number {
    return this.rows;
  }

  /** Views of the filled rows (no copy). Rows are in storage order, not insertion order, once the ring wraps. */
  get columns(): TransitionColumns {
    const n = this.rows;
    return {
      observations: this.cols.observations.subarray(0, n * this.obsDim),
      actions: this.cols.actions.subarray(0, n * this.actDim),
      rewards: this.cols.rewards.subarray(0, n),
      masks: this.cols.masks.subarray(0, n),
      nextObservations: this.cols.nextObservations.subarray(0, n * this.obsDim),
    };
  }

  get observations(): Float32Array { return this.columns.observations; }
  get actions(): Float32Array { return this.columns.actions; }
  get rewards(): Float32Array { return this.columns.rewards; }
  get masks(): Float32Array { return this.columns.masks; }
  get nextObservations(): Float32Array { return this.columns.nextObservations; }

  /** Appends one transition; when full, overwrites the oldest row. */
  add(t: Transition): void {
    if (t.observation.length !== this.obsDim || t.nextObservation.length !== this.obsDim) {
      throw new Error(`TransitionDataset.add: observations must have length ${this.obsDim}`);
    }
    if (t.action.length !== this.actDim) throw new Error(`TransitionDataset.add: action must have length ${this.actDim}`);
    const row = this.nextRow();
    this.cols.observations.set(t.observation, row * this.obsDim);
    this.cols.nextObservations.set(t.nextObservation, row * this.obsDim);
    this.cols.actions.set(t.action, row * this.actDim);
    this.cols.rewards[row] = t.reward;
    this.cols.masks[row] = t.mask;
  }

  /** Appends many rows at once (a chunk of a streamed dataset). */
  appendColumns(c: TransitionColumns): void {
    const n = c.rewards.length;
    checkColumns(c, n, this.obsDim, this.actDim);
    if (this.rows + n <= this.capacity) {
      // No overwriting: one bulk copy per column (same result as the row loop below, much faster).
      while (this.allocated < this.rows + n) this.grow();
      const r = this.rows;
      this.cols.observations.set(c.observations, r * this.obsDim);
      this.cols.nextObservations.set(c.nextObservations, r * this.obsDim);
      this.cols.actions.set(c.actions, r * this.actDim);
      this.cols.rewards.set(c.rewards, r);
      this.cols.masks.set(c.masks, r);
      this.rows += n;
      return;
    }
    for (let i = 0; i < n; i++) {
      const row = this.nextRow();
      this.cols.observations.set(c.observations.subarray(i * this.obsDim, (i + 1) * this.obsDim), row * this.obsDim);
      this.cols.nextObservations.set(c.nextObservations.subarray(i * this.obsDim, (i + 1) * this.obsDim), row * this.obsDim);
      this.cols.actions.set(c.actions.subarray(i * this.actDim, (i + 1) * this.actDim), row * this.actDim);
      this.cols.rewards[row] = c.rewards[i]!;
      this.cols.masks[row] = c.masks[i]!;
    }
  }

  private nextRow(): number {
    if (this.rows < this.capacity) {
      if (this.rows === this.allocated) this.grow();
      return this.rows++;
    }
    const row = this.cursor;
    this.cursor = (this.cursor + 1) % this.capacity;
    return row;
  }

  private grow(): void {
    const rows = Math.min(this.capacity, this.allocated * 2);
    const next = allocate(rows, this.obsDim, this.actDim);
    for (const key of Object.keys(next) as (keyof TransitionColumns)[]) next[key].set(this.cols[key]);
    this.cols = next;
    this.allocated = rows;
  }
}

function allocate(rows: number, obsDim: number, actDim: number): TransitionColumns {
  return {
    observations: new Float32Array(rows * obsDim),
    actions: new Float32Array(rows * actDim),
    rewards: new Float32Array(rows),
    masks: new Float32Array(rows),
    nextObservations: new Float32Array(rows * obsDim),
  };
}

function checkColumns(c: TransitionColumns, n: number, obsDim: number, actDim: number): void {
  const expect: [keyof TransitionColumns, number][] = [
    ['observations', n * obsDim], ['actions', n * actDim], ['rewards', n], ['masks', n], ['nextObservations', n * obsDim],
  ];
  for (const [key, len] of expect) {
    if (c[key].length !== len) {
      throw new Error(`TransitionDataset: column '${key}' has length ${c[key].length}, expected ${len} (${n} rows)`);
    }
  }
}
