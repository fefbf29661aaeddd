// The locomotion recipes' own logic (docs/datasets.md#locomotion-data-collection) on pure functions and stub
// experts: cell sets, stitch goals, goal re-drawing, explore's directions, action noise, the soccer rules and the
// scripted dribbler's waypoints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cellToXy, type Cell, type Xy } from '@qflow/datasets';
import { EnvRng } from '../src/envs/env-rng.js';
import { xyToCell } from '../src/envs/maze/maze-geometry.js';
import { mazeMap, type MazeName } from '../src/envs/maze/maze-maps.js';
import { OracleSubgoal } from '../src/envs/maze/oracle-subgoal.js';
import { cellsAtDistance, freeCells, vertexCells } from '../src/locomotion/maze-cells.js';
import { EpisodeGoal, ExploreDirection, MazeCells, STITCH_GOAL_STEPS } from '../src/locomotion/maze-recipes.js';
import { DirectionWalker, noisyClippedAction, unitToward, type ExpertActor } from '../src/locomotion/direction-walker.js';
import { arenaVirtualGoal, distinct, StuckWatch } from '../src/locomotion/soccer-recipes.js';
import { ExpertDribbler, scriptedDribbleWaypoint, soccerAntBody } from '../src/locomotion/dribblers.js';

const key = (cell: Cell) => cell.join(',');

test('free and vertex cells: the counts of each maze; straight corridor cells are not vertices', () => {
  const counts: Record<MazeName, [number, number]> = { arena: [36, 36], medium: [26, 21], large: [46, 22], giant: [86, 46], teleport: [45, 24] };
  for (const [maze, [free, vertex]] of Object.entries(counts)) {
    const map = mazeMap(maze as MazeName);
    assert.equal(freeCells(map).length, free, `${maze} free`);
    assert.equal(vertexCells(map).length, vertex, `${maze} vertex`);
  }
  // medium (5,1): walls at (5,0) and (5,2), free (4,1) and (6,1): a vertical corridor cell.
  const medium = mazeMap('medium');
  const vertices = new Set(vertexCells(medium).map(key));
  assert.ok(!vertices.has('5,1'), 'vertical corridor (5,1) excluded');
  assert.ok(vertices.has('1,1'), 'corner (1,1) kept');
});

test('stitch goals lie exactly 4 BFS steps from the start (the start itself when no cell is that far)', () => {
  for (const maze of ['medium', 'large', 'giant', 'teleport'] as const) {
    const map = mazeMap(maze);
    for (const start of freeCells(map)) {
      const bfs = new OracleSubgoal(map, start);
      const expected = freeCells(map).filter((c) => bfs.distanceFrom(c) === STITCH_GOAL_STEPS).map(key).sort();
      assert.deepEqual(cellsAtDistance(map, start, STITCH_GOAL_STEPS).map(key).sort(), expected, `${maze} from ${key(start)}`);
    }
  }
  const cells = new MazeCells(mazeMap('large'));
  const rng = new EnvRng(3n);
  for (let k = 0; k < 200; k++) {
    const { start, goal } = cells.startAndGoal('stitch', rng);
    assert.equal(new OracleSubgoal(cells.map, start).distanceFrom(goal), STITCH_GOAL_STEPS);
  }
  // A map where nothing is 4 steps away: the goal is the start cell.
  const tiny = [[1, 1, 1, 1], [1, 0, 0, 1], [1, 1, 1, 1]] as const;
  const small = new MazeCells(tiny as unknown as ReturnType<typeof mazeMap>);
  const drawn = small.startAndGoal('stitch', new EnvRng(1n));
  assert.deepEqual(drawn.goal, drawn.start);
});

test('navigate goals: vertex cells; a goal reached (≤ 0.5 m) is replaced by a new noisy vertex goal, stitch keeps its goal', () => {
  const cells = new MazeCells(mazeMap('medium'));
  const vertices = new Set(cells.vertices.map(key));
  const rng = new EnvRng(11n);
  for (let k = 0; k < 100; k++) assert.ok(vertices.has(key(cells.startAndGoal('navigate', rng).goal)));

  const goal = new EpisodeGoal('navigate', cells, [4, 4]);
  assert.equal(goal.update([4.6, 4], rng), false, '0.6 m away: not reached');
  assert.deepEqual(goal.xy, [4, 4]);
  assert.equal(goal.update([4.3, 4.3], rng), true, '0.42 m away: reached');
  const next = goal.xy;
  assert.ok(vertices.has(key(xyToCell(next))), 'the new goal is in a vertex cell');
  const center = cellToXy(xyToCell(next));
  assert.ok(Math.abs(next[0] - center[0]) <= 1 && Math.abs(next[1] - center[1]) <= 1, 'with at most ±1 m noise');
  assert.ok(next[0] !== center[0] || next[1] !== center[1], 'noise is added');
  assert.deepEqual([goal.goals, goal.reachedGoals], [2, 1]);

  const stitch = new EpisodeGoal('stitch', cells, [4, 4]);
  assert.equal(stitch.update([4, 4], rng), false);
  assert.deepEqual(stitch.xy, [4, 4]);
  assert.deepEqual([stitch.goals, stitch.reachedGoals], [1, 1]);
});

test('explore: a new random unit direction on steps 0, 10, 20, … and the same one in between', () => {
  const explore = new ExploreDirection();
  const rng = new EnvRng(5n);
  const seen = Array.from({ length: 35 }, (_, t) => explore.at(t, rng));
  for (let t = 0; t < 35; t++) {
    assert.ok(Math.abs(Math.hypot(...seen[t]!) - 1) < 1e-5, 'unit length');
    if (t % 10 !== 0) assert.deepEqual(seen[t], seen[t - 1], `step ${t} keeps the direction`);
    else if (t > 0) assert.notDeepEqual(seen[t], seen[t - 1], `step ${t} draws a new one`);
  }
});

test('action noise: clip(mean + N(0, σ²), −1, 1) — σ = 0 keeps the mean, the noise has std σ, the result stays in [−1, 1]', () => {
  const rng = new EnvRng(9n);
  const out = new Float64Array(4);
  assert.deepEqual(Array.from(noisyClippedAction([0.3, -0.2, 1.5, -3], 0, rng, out)), [0.3, -0.2, 1, -1]);
  let sum = 0;
  let squares = 0;
  const n = 20_000;
  for (let k = 0; k < n / 4; k++) {
    noisyClippedAction([0, 0, 0, 0], 0.2, rng, out);
    for (const v of out) { sum += v; squares += v * v; }
  }
  assert.ok(Math.abs(sum / n) < 0.01);
  assert.ok(Math.abs(Math.sqrt(squares / n) - 0.2) < 0.01);
  let clipped = 0;
  for (let k = 0; k < 1000; k++) {
    noisyClippedAction([0.9, -0.9, 0, 0], 1.0, rng, out);
    assert.ok(out.every((v) => v >= -1 && v <= 1));
    clipped += out.filter((v) => Math.abs(v) === 1).length;
  }
  assert.ok(clipped > 500, 'σ = 1 hits the bounds often');
});

test('the walker feeds the expert body ‖ unit direction; the ball dribbler feeds it the 42-D dribbling observation', () => {
  const inputs: number[][] = [];
  const stub = (obsDim: number): ExpertActor => ({ obsDim, actDim: 8, act: (x) => { inputs.push(Array.from(x)); return new Float64Array(8); } });
  new DirectionWalker(stub(5)).act([1, 2, 3], [0.6, 0.8]);
  assert.deepEqual(inputs.pop(), [1, 2, 3, 0.6, 0.8]);
  assert.throws(() => new DirectionWalker(stub(5)).act([1, 2], [1, 0]), /expects 3 body values, got 2/);
  assert.deepEqual(unitToward([1, 1], [4, 5]).map((v) => Math.round(v * 1e5) / 1e5), [0.6, 0.8]);

  const qpos = Float64Array.from({ length: 22 }, (_, k) => k);
  const qvel = Float64Array.from({ length: 20 }, (_, k) => 100 + k);
  new ExpertDribbler(stub(42), 'stub').act({ qpos, qvel }, [30, 40]);
  const input = inputs.pop()!;
  assert.deepEqual(input.slice(0, 13), Array.from(qpos.subarray(2, 15)), 'ant qpos without x-y');
  assert.deepEqual(input.slice(13, 18), Array.from(qpos.subarray(17)), 'ball qpos without x-y');
  assert.deepEqual(input.slice(18, 38), Array.from(qvel));
  assert.deepEqual(input.slice(38), [15 - 0, 16 - 1, 30 - 15, 40 - 16], 'ball − ant, goal − ball');
  assert.deepEqual(Array.from(soccerAntBody({ qpos, qvel })), [...qpos.subarray(2, 15), ...qvel.subarray(0, 14)]);
});

test('antsoccer: three distinct cells; the arena virtual goal is at most 10 m from the ball', () => {
  const rng = new EnvRng(2n);
  const cells = freeCells(mazeMap('arena'));
  for (let k = 0; k < 100; k++) assert.equal(new Set(distinct(rng, cells, 3).map(key)).size, 3);
  assert.deepEqual(arenaVirtualGoal([0, 0], [6, 8]), [6, 8], '10 m away: the goal itself');
  const virtual = arenaVirtualGoal([1, 1], [1 + 12, 1 + 16]);
  assert.ok(Math.abs(virtual[0] - (1 + 6)) < 1e-12 && Math.abs(virtual[1] - (1 + 8)) < 1e-12, '20 m away: 10 m along the way');
});

test('the stuck rule: stuck once 150 stored positions all lie within 2 m of the current one', () => {
  const watch = new StuckWatch();
  for (let k = 0; k < 149; k++) watch.push([0.01 * k, 0]);
  assert.equal(watch.isStuck([1, 0]), false, '149 positions are not enough');
  watch.push([1.49, 0]);
  assert.equal(watch.isStuck([1, 0]), true);
  assert.equal(watch.isStuck([2.5, 0]), false, 'the first position is 2.5 m away');
  for (let k = 0; k < 150; k++) watch.push([10, 0]);
  assert.equal(watch.isStuck([11.9, 0]), true, 'only the last 150 count');
  watch.push([13, 0]);
  assert.equal(watch.isStuck([11.9, 0]), true, '1.1 m');
  watch.push([14, 0]);
  assert.equal(watch.isStuck([11.9, 0]), false, '2.1 m');
});

test('scripted dribbler: goes around a ball it is ahead of, lines up behind it, then pushes through it to the target', () => {
  const ball: Xy = [0, 0];
  const target: Xy = [10, 0];
  const ahead = scriptedDribbleWaypoint([2, 0.3], ball, target);
  assert.ok(ahead[0] < 0 && ahead[1] > 1, `ahead of the ball: a waypoint behind it on the ant's side, got ${ahead}`);
  const aheadBelow = scriptedDribbleWaypoint([2, -0.3], ball, target);
  assert.ok(aheadBelow[1] < -1, 'on the other side, around the other way');
  const near = (a: Xy, b: Xy) => Math.hypot(a[0] - b[0], a[1] - b[1]) < 1e-5;
  assert.ok(near(scriptedDribbleWaypoint([-2, 2], ball, target), [-1, 0]), 'behind but off the line: line up behind');
  assert.ok(near(scriptedDribbleWaypoint([-1.2, 0.2], ball, target), [1, 0]), 'on the line behind: push through');
});
