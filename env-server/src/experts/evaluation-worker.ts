// Worker thread of `qflow experts eval`: one MuJoCo instance, the experts, and the envs of the rows it is given
// episodes of; sends back each episode's outcome.
import { workerData } from 'node:worker_threads';
import { loadMujoco } from '../physics/mujoco-loader.js';
import { DirectionWalker } from '../locomotion/direction-walker.js';
import { ExpertDribbler, ScriptedDribbler } from '../locomotion/dribblers.js';
import { serveEpisodes } from '../oracles/episode-workers.js';
import { loadExpert } from './expert-files.js';
import { EvaluationRunner, type EpisodeOutcome } from './expert-evaluation.js';
import { walkerFor, type EvaluationRow } from './evaluation-plan.js';

export interface EvaluationWorkerData {
  rows: EvaluationRow[];
  /** Episodes per row; episode i belongs to row floor(i / episodes). */
  episodes: number;
  /** Decimal string of the evaluation seed. */
  seed: string;
  /** Action noise σ per row. */
  noise: number[];
  walker: string;
  /** The ant-ball expert file; absent = the scripted dribbler. */
  ball?: string;
}

serveEpisodes<EpisodeOutcome>(async () => {
  const data = workerData as EvaluationWorkerData;
  const walker = loadExpert(walkerFor(data.rows[0]!.env), data.walker).policy;
  const dribbler = data.ball
    ? new ExpertDribbler(loadExpert('ant-ball', data.ball).policy, data.ball)
    : new ScriptedDribbler(new DirectionWalker(walker));
  const runner = new EvaluationRunner(await loadMujoco(), walker, dribbler);
  return {
    run: (episode) => {
      const row = Math.floor(episode / data.episodes);
      return runner.run(data.rows[row]!, BigInt(data.seed), episode, data.noise[row]!);
    },
    dispose: () => runner.dispose(),
  };
});
