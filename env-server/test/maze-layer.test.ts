// The maze layer (docs/environments.md#maze-geometry): cell ↔ x-y mapping, maps, tasks, walls, floor, oracle subgoal.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cellToXy, type NavigationMaze, navigationTasks } from '@qflow/datasets';
import { loadMujoco, type Mujoco } from '../src/physics/mujoco-loader.js';
import { createEnv } from '../src/envs/registry.js';
import type { AntMazeEnv } from '../src/envs/antmaze/antmaze-env.js';
import { floorPlacement, xyToCell } from '../src/envs/maze/maze-geometry.js';
import { MAZE_NAMES, mazeMap, type MazeName } from '../src/envs/maze/maze-maps.js';
import { OracleSubgoal } from '../src/envs/maze/oracle-subgoal.js';

const count = (maze: MazeName, value: 0 | 1) => mazeMap(maze).flat().filter((c) => c === value).length;

describe('maze maps', () => {
  test('have the stated sizes, free-cell counts and closed borders', () => {
    const expected: Record<MazeName, [rows: number, cols: number, free: number]> = {
      arena: [8, 8, 36],
      medium: [8, 8, 26],
      large: [9, 12, 46],
      giant: [12, 16, 86],
      teleport: [9, 12, 45],
    };
    for (const name of MAZE_NAMES) {
      const map = mazeMap(name);
      const [rows, cols, free] = expected[name];
      assert.equal(map.length, rows, name);
      assert.ok(map.every((row) => row.length === cols), name);
      assert.equal(count(name, 0), free, name);
      assert.ok(map[0]!.every((c) => c === 1) && map[rows - 1]!.every((c) => c === 1), `${name} top/bottom walls`);
      assert.ok(map.every((row) => row[0] === 1 && row[cols - 1] === 1), `${name} side walls`);
    }
  });
});

describe('cell ↔ x-y mapping', () => {
  test('cell (i, j) has center (4j − 4, 4i − 4)', () => {
    assert.deepEqual(cellToXy([0, 0]), [-4, -4]);
    assert.deepEqual(cellToXy([1, 1]), [0, 0]);
    assert.deepEqual(cellToXy([7, 10]), [36, 24]);
    assert.deepEqual(cellToXy([10, 14]), [52, 36]);
  });

  test('x-y maps back to its cell anywhere inside the 4 m square', () => {
    for (let i = 0; i < 12; i++) {
      for (let j = 0; j < 16; j++) {
        const [x, y] = cellToXy([i, j]);
        for (const [dx, dy] of [[0, 0], [1.99, -1.99], [-2, -2], [1.5, 0.3]] as const) {
          assert.deepEqual(xyToCell([x + dx, y + dy]), [i, j], `(${x + dx}, ${y + dy})`);
        }
        assert.deepEqual(xyToCell([x + 2, y]), [i, j + 1]);
      }
    }
  });
});

describe('tasks', () => {
  const xyExamples: Record<NavigationMaze, [start: [number, number], goal: [number, number]]> = {
    medium: [[0, 0], [20, 20]],
    large: [[0, 0], [36, 24]],
    giant: [[0, 0], [52, 36]],
    teleport: [[36, 0], [0, 24]],
  };
  const table: Record<NavigationMaze, string> = {
    medium: '(1,1)→(6,6) (6,1)→(1,6) (5,3)→(4,2) (6,5)→(6,1) (2,6)→(1,1)',
    large: '(1,1)→(7,10) (5,4)→(7,1) (7,4)→(1,10) (3,8)→(5,4) (1,1)→(5,4)',
    giant: '(1,1)→(10,14) (1,14)→(10,1) (8,14)→(1,1) (8,3)→(5,12) (5,9)→(3,8)',
    teleport: '(1,10)→(7,1) (1,1)→(7,10) (5,6)→(7,10) (7,1)→(7,10) (5,6)→(7,1)',
  };

  for (const maze of Object.keys(table) as NavigationMaze[]) {
    test(`${maze}: five tasks match docs/environments.md#antmaze-tasks, on free cells, task1 at the stated x-y`, () => {
      const tasks = navigationTasks(maze);
      const written = tasks.map(({ start, goal }) => `(${start.join(',')})→(${goal.join(',')})`).join(' ');
      assert.equal(written, table[maze]);
      for (const { start, goal } of tasks) {
        assert.equal(mazeMap(maze)[start[0]]![start[1]], 0, `start ${start} is free`);
        assert.equal(mazeMap(maze)[goal[0]]![goal[1]], 0, `goal ${goal} is free`);
      }
      assert.deepEqual([cellToXy(tasks[0]!.start), cellToXy(tasks[0]!.goal)], xyExamples[maze]);
    });
  }
});

describe('maze geometry in the compiled model', () => {
  let mujoco: Mujoco;
  const envs: AntMazeEnv[] = [];
  before(async () => {
    mujoco = await loadMujoco();
  });
  after(() => envs.forEach((env) => env.dispose()));

  for (const maze of ['medium', 'large', 'giant', 'teleport'] as const) {
    test(`${maze}: one 4×4×2 m box per wall cell at its center, and the floor placement`, () => {
      const env = createEnv(mujoco, `antmaze-${maze}-singletask-v0`) as AntMazeEnv;
      envs.push(env);
      const model = env.ant.sim.model;
      const boxType = mujoco.mjtGeom.mjGEOM_BOX.value;
      const boxes: number[] = [];
      for (let g = 0; g < model.ngeom; g++) if (model.geom_type[g] === boxType) boxes.push(g);
      assert.equal(boxes.length, count(maze, 1));
      for (const g of boxes) {
        const [x, y, z] = model.geom_pos.slice(3 * g, 3 * g + 3);
        const [i, j] = xyToCell([x, y]);
        assert.equal(mazeMap(maze)[i]![j], 1, `box at (${x}, ${y}) sits on a wall cell`);
        assert.deepEqual(cellToXy([i, j]), [x, y]);
        assert.equal(z, 1);
        assert.deepEqual(Array.from(model.geom_size.slice(3 * g, 3 * g + 3)), [2, 2, 1]);
        assert.deepEqual([model.geom_contype[g], model.geom_conaffinity[g]], [1, 1]);
      }
      const floor = env.ant.sim.id(mujoco.mjtObj.mjOBJ_GEOM.value, 'floor');
      const expected = { medium: [10, 10, 16, 16], large: [18, 12, 24, 18], giant: [26, 18, 32, 24], teleport: [18, 12, 24, 18] }[maze];
      assert.deepEqual([model.geom_pos[3 * floor], model.geom_pos[3 * floor + 1]], expected.slice(0, 2));
      assert.deepEqual([model.geom_size[3 * floor], model.geom_size[3 * floor + 1]], expected.slice(2));
      assert.deepEqual(floorPlacement(mazeMap(maze)).pos.slice(0, 2), expected.slice(0, 2));
    });
  }
});

describe('oracle subgoal', () => {
  test('follows a shortest path to the goal in the large maze', () => {
    const map = mazeMap('large');
    const oracle = new OracleSubgoal(map, [7, 10]);
    let xy = cellToXy([1, 1]);
    let hops = 0;
    while (!(xy[0] === 36 && xy[1] === 24) && hops < 100) {
      const next = oracle.subgoalXy(xy);
      const [i, j] = xyToCell(next);
      assert.equal(map[i]![j], 0, 'subgoal is a free cell');
      assert.equal(oracle.distanceFrom([i, j]), oracle.distanceFrom(xyToCell(xy)) - 1, 'each hop gets one cell closer');
      xy = next;
      hops++;
    }
    assert.equal(hops, oracle.distanceFrom([1, 1]));
    assert.deepEqual(oracle.subgoalXy([36.3, 23.5]), [36, 24], 'in the goal cell, the subgoal is its center');
  });

  test('breaks ties in the order −y, −x, +y, +x', () => {
    // In the arena, from (3,3) to goal (4,4): (4,3) [+y] and (3,4) [+x] are both one step away; +y comes first.
    const oracle = new OracleSubgoal(mazeMap('arena'), [4, 4]);
    assert.deepEqual(oracle.subgoalXy(cellToXy([3, 3])), cellToXy([4, 3]));
    // From (5,5) to (4,4): (4,5) [−y] and (5,4) [−x] tie; −y comes first.
    assert.deepEqual(oracle.subgoalXy(cellToXy([5, 5])), cellToXy([4, 5]));
  });

  test('rejects a goal on a wall', () => {
    assert.throws(() => new OracleSubgoal(mazeMap('large'), [0, 0]), /not a free maze cell/);
  });
});
