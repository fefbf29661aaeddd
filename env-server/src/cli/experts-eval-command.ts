// `qflow experts eval`: measures locomotion experts the way data collection uses them (docs/datasets.md#evaluating-experts)
// and prints a Markdown table. Lives in the env server (it needs the physics, not the agent package).
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { defaultExpertPath, hasDefaultExpert, loadExpert } from '../experts/expert-files.js';
import type { EpisodeOutcome } from '../experts/expert-evaluation.js';
import { evaluableEnvs, evaluationRows, walkerFor } from '../experts/evaluation-plan.js';
import { evaluationTable } from '../experts/evaluation-table.js';
import type { EvaluationWorkerData } from '../experts/evaluation-worker.js';
import { runEpisodesInWorkers } from '../oracles/episode-workers.js';
import { progressLine } from './progress-line.js';
import { integerOption } from './integer-option.js';

const HELP = `usage: qflow experts eval --env ENV[,ENV...] [options]

Runs locomotion experts as data generation runs them and prints a Markdown table:
  online-ant-xy-v0, online-humanoid-xy-v0: the walker's mean action on its training env (a new random direction
      every 100 / 200 steps, 1000-step episodes): mean speed along the commanded direction (m/s, ± standard
      error over episodes) and the share of episodes ending in a fall (termination)
  antmaze-MAZE, humanoidmaze-MAZE: each task's reset, then the walker toward the BFS subgoal with action noise:
      the share of episodes reaching the goal (within 0.5 m) before the time limit
  antsoccer-arena, antsoccer-medium: each task's reset, then walk to the ball and dribble it (ant-ball expert,
      or the scripted dribbler without one): the share of episodes bringing the ball within 0.5 m of the goal
Episodes run on worker threads; the same options and seed give the same table, whatever the worker count.

ENV is one of: ${evaluableEnvs().join(', ')} (one robot per run)

options:
  --env ENV[,ENV...]   the envs to evaluate on (required)
  --expert FILE        the walker expert (default env-server/experts/ant-xy.json, or humanoid-xy.json for humanoid envs)
  --ball-expert FILE   antsoccer: the ant-ball expert (default env-server/experts/ant-ball.json when present,
                       else the scripted dribbler)
  --tasks LIST         maze and soccer envs: comma-separated task ids (default 1,2,3,4,5)
  --episodes N         episodes per direction env or per task (default 50)
  --noise S            action noise σ (default: 0 on the direction envs, 0.2 elsewhere, as data generation)
  --seed S             non-negative integer seed (default 0)
  --workers K          worker threads, one MuJoCo instance each (default: CPU count, ${availableParallelism()} here)
  -h, --help           show this help`;

export const EXPERTS_EVAL_OPTIONS = {
  env: { type: 'string' },
  expert: { type: 'string' },
  'ball-expert': { type: 'string' },
  tasks: { type: 'string' },
  episodes: { type: 'string' },
  noise: { type: 'string' },
  seed: { type: 'string' },
  workers: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function noiseOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 10) throw new Error(`--noise must be a number in [0, 10], got '${text}'`);
  return value;
}

function tasksOption(text: string | undefined): number[] {
  if (text === undefined) return [1, 2, 3, 4, 5];
  if (!/^\d+(,\d+)*$/.test(text)) throw new Error(`--tasks must be comma-separated task ids such as 1,2,3, got '${text}'`);
  return [...new Set(text.split(',').map(Number))];
}

function parseEvalArgs(argv: string[]) {
  return parseArgs({ args: argv, allowPositionals: false, options: EXPERTS_EVAL_OPTIONS }).values;
}

type EvalValues = ReturnType<typeof parseEvalArgs>;

/** The worker data of a checked command line (experts loaded once here, so a bad file fails before any worker). */
function plan(values: EvalValues): { data: EvaluationWorkerData; about: string[] } {
  if (!values.env) throw new Error(`--env is required; valid: ${evaluableEnvs().join(', ')}`);
  const rows = evaluationRows(values.env.split(','), tasksOption(values.tasks));
  const episodes = integerOption('episodes', values.episodes, 50, 1);
  if (rows.length * episodes > 1_000_000) throw new Error(`${rows.length} rows × ${episodes} episodes is too many (at most 1,000,000 episodes)`);
  const seedText = values.seed ?? '0';
  if (!/^\d+$/.test(seedText)) throw new Error(`--seed must be a non-negative integer, got '${seedText}'`);
  const noise = noiseOption(values.noise);
  const walkerName = walkerFor(rows[0]!.env);
  const walker = loadExpert(walkerName, values.expert ?? defaultExpertPath(walkerName));
  const about = [`walker: ${walker.path} (sha256 ${walker.sha256})`];
  let ball: string | undefined;
  const soccer = rows.some((r) => r.kind === 'soccer');
  const ballText = values['ball-expert'];
  if (ballText !== undefined && !soccer) throw new Error('--ball-expert is for antsoccer envs only');
  if (soccer) {
    if (ballText !== undefined || hasDefaultExpert('ant-ball')) {
      const loaded = loadExpert('ant-ball', ballText ?? defaultExpertPath('ant-ball'));
      ball = loaded.path;
      about.push(`dribbler: ant-ball expert ${loaded.path} (sha256 ${loaded.sha256})`);
    } else {
      about.push('dribbler: scripted (steers the walker; no ant-ball expert)');
    }
  }
  const noises = rows.map((r) => noise ?? (r.kind === 'direction' ? 0 : 0.2));
  about.push(`action noise σ: ${[...new Set(noises)].join(', ')}; seed ${seedText}; ${episodes} episodes per row`);
  return { data: { rows, episodes, seed: seedText, noise: noises, walker: walker.path, ball }, about };
}

export async function main(argv: string[]): Promise<number> {
  let values: EvalValues;
  try {
    values = parseEvalArgs(argv);
  } catch (error) {
    console.error(`qflow experts eval: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  try {
    const { data, about } = plan(values);
    const workers = integerOption('workers', values.workers, availableParallelism(), 1);
    const total = data.rows.length * data.episodes;
    const outcomes: EpisodeOutcome[][] = data.rows.map(() => []);
    const progress = progressLine('evaluating', total, 'episodes', 'episodes/s');
    let done = 0;
    await runEpisodesInWorkers<EpisodeOutcome>(new URL('../experts/evaluation-worker.js', import.meta.url), data, workers, total, (episode, outcome) => {
      outcomes[Math.floor(episode / data.episodes)]![episode % data.episodes] = outcome;
      progress(++done);
    });
    console.log(`${about.join('\n')}\n\n${evaluationTable(data.rows, outcomes)}`);
    return 0;
  } catch (error) {
    console.error(`qflow experts eval: ${(error as Error).message}`);
    return 2;
  }
}
