// The antsoccer collection policy's two behaviours (docs/datasets.md#locomotion-data-collection), shared by data
// generation and `qflow experts eval`: walk (the ant-xy expert toward a point: straight in the arena, by BFS
// subgoals in a maze) and dribble (a Dribbler toward the arena's virtual goal or the ball's BFS subgoal).
import type { Xy } from '@qflow/datasets';
import type { AntSoccerEnv } from '../envs/antsoccer/antsoccer-env.js';
import { mazeMap, type MazeName } from '../envs/maze/maze-maps.js';
import { unitToward, type DirectionWalker } from './direction-walker.js';
import { soccerAntBody, type Dribbler } from './dribblers.js';
import { SubgoalCache } from './maze-recipes.js';
import { arenaVirtualGoal, DRIBBLE_DISTANCE } from './soccer-recipes.js';

export class SoccerPolicy {
  private readonly subgoals: SubgoalCache;
  private readonly arena: boolean;
  private readonly body = new Float64Array(27);

  constructor(private readonly env: AntSoccerEnv, maze: MazeName, private readonly walker: DirectionWalker, private readonly dribbler: Dribbler) {
    this.subgoals = new SubgoalCache(mazeMap(maze));
    this.arena = maze === 'arena';
  }

  /** The walker heading for `target`: straight in the arena, via the BFS subgoal elsewhere. */
  walk(target: Xy): ArrayLike<number> {
    const agent = this.env.agentXy;
    const waypoint = this.arena ? target : this.subgoals.toward(target).subgoalXy(agent);
    return this.walker.act(soccerAntBody(this.env.physics, this.body), unitToward(agent, waypoint));
  }

  /** The dribbler pushing the ball toward `goal`: the arena's virtual goal, or the ball's BFS subgoal. */
  dribble(goal: Xy): ArrayLike<number> {
    const ball = this.env.ballXy;
    const target = this.arena ? arenaVirtualGoal(ball, goal) : this.subgoals.toward(goal).subgoalXy(ball);
    return this.dribbler.act(this.env.physics, target);
  }

  /** Navigate's split: walk to the ball while farther than 2 m from it, dribble it to `goal` otherwise. */
  bringBall(goal: Xy): ArrayLike<number> {
    const [ax, ay] = this.env.agentXy;
    const [bx, by] = this.env.ballXy;
    return Math.hypot(ax - bx, ay - by) > DRIBBLE_DISTANCE ? this.walk([bx, by]) : this.dribble(goal);
  }
}
