// `qflow study`: every agent × task × seed as one offline → online run with the same budget and data, scheduled
// as child processes, resumable, with a report of mean success ± standard error and bootstrap intervals over seeds.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasetFile, parseDatasetName } from '@qflow/datasets';
import { AGENT_KINDS } from '../algorithms/index.js';
import { recipeDir } from '../online/offline-online-run.js';
import { generateDatasetProcess } from '../online/qflow-subprocess.js';
import { runCommand } from './cli-options.js';
import { TRAIN_DEFAULTS } from './offline-online-train.js';
import { runScheduled, type CellOutcome } from '../study/study-scheduler.js';
import { studyPlan, type StudyCell } from '../study/study-plan.js';
import { armCommand, cellCommand, isFinished, runCellProcess, stopRunningCells } from '../study/study-run-process.js';
import { writeStudyReport, STUDY_FILES } from '../study/study-report.js';

export { STUDY_OPTIONS } from '../study/study-plan.js';

const HELP = `usage: qflow study --agents A,B --tasks T1,T2 --seeds 0-4 --offline-steps N --out DIR [options]

Every agent × task × seed is one offline → online run ('qflow train --offline-steps N --online-steps M ...') with
the same budget and data, in DIR/runs/<agent>/<task>/seed<S>/, run as child processes. Resumable: run the same
command again and finished runs (their summary.json exists) are kept; an interrupted run continues from its last
checkpoint (offline phase) or from the end of its offline phase (the online phase starts over), ending exactly as an
uninterrupted run would; a run with no checkpoint yet starts over.
Writes DIR/results.json and DIR/report.md: per agent × task the mean success ± standard error and a 95% bootstrap
interval over seeds, one run's binomial error, wall time and updates/s per run; DIR/curves-<task>.svg.

options:
  --agents LIST          agents, from: ${AGENT_KINDS.join(', ')}
  --tasks LIST           single-task names, e.g. cube-single-play-singletask-task1-v0,puzzle-3x3-play-singletask-task1-v0
  --seeds LIST           seeds: 0-4, 0,3,7 or 0-2,5
  --offline-steps N      offline updates per run
  --online-steps M       online env steps per run (default 0)
  --eval-episodes K      episodes per task and evaluation (default ${TRAIN_DEFAULTS.evalEpisodes})
  --parallel P           runs at once (default: the number of cores)
  --threads N            threads per run (default 1)
  --env-servers LIST     host:port,... shared by all runs (default: each run starts its own local server)
  --checkpoint-interval N  offline checkpoint every N updates, a multiple of --log-interval (default: 1000 rounded up to one)
  --out DIR              study folder (required)
  -h, --help             this text

Passed unchanged to every run (see 'qflow train --online-steps 0 --help'): --preset, --hidden, --batch-size,
--lambda, --alpha, --lr, --backend, --dataset-episodes, --episode-length, --dataset-seed, --utd, --num-envs,
--eval-envs, --eval-tasks, --offline-eval-interval, --online-eval-interval, --log-interval, --data-dir.`;

export async function main(argv: string[]): Promise<number> {
  return runCommand('study', async () => {
    const plan = studyPlan(argv);
    if (plan.help) {
      console.log(HELP);
      return 0;
    }
    mkdirSync(plan.out, { recursive: true });
    const cells = plan.cells.map((c) => ({ dir: c.dir, command: cellCommand(c), arms: c.arms.map((a) => ({ dir: a.dir, command: armCommand(a) })) }));
    writeFileSync(join(plan.out, 'study.json'), JSON.stringify({ argv, cells }, null, 2) + '\n');
    await generateMissingDatasets(plan.cells, plan.dataDir);
    const finishedBefore = plan.cells.filter(isFinished).length;
    console.error(`study: ${plan.cells.length} runs (${finishedBefore} already finished), ${plan.parallel} at once; folder ${plan.out}`);
    const stop = new AbortController();
    const onSignal = (signal: NodeJS.Signals) => {
      console.error(`study: ${signal}: stopping the runs in progress; run the same command again to resume`);
      stop.abort();
      stopRunningCells();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const outcomes = await runScheduled(plan.cells, { parallel: plan.parallel, isFinished, run: runCellProcess, onOutcome: (o, counts) => progressLine(o, counts, stop.signal.aborted), signal: stop.signal })
      .finally(() => { process.off('SIGINT', onSignal); process.off('SIGTERM', onSignal); });
    const { results, png } = writeStudyReport(plan);
    if (png.missing) console.error(`study: no PNG curves: ${png.missing}`);
    const failed = outcomes.filter((o) => o.status === 'failed');
    console.log(`study: ${results.runs.length} of ${plan.cells.length} runs finished; report ${join(plan.out, STUDY_FILES.report)}, ${join(plan.out, STUDY_FILES.results)}`);
    if (stop.signal.aborted) return 130;
    if (failed.length) {
      console.error(`study: ${failed.length} run(s) failed; run the same command again to retry them`);
      return 1;
    }
    return 0;
  });
}

function progressLine(o: CellOutcome<StudyCell>, counts: { ended: number; total: number }, stopping: boolean): void {
  const name = `${o.cell.agent} ${o.cell.label} seed ${o.cell.seed}`;
  const head = `[${counts.ended}/${counts.total}] ${name}`;
  if (o.status === 'skipped') console.error(`${head}: already finished`);
  else if (o.status === 'cancelled') console.error(`${head}: not started (stopping)`);
  else if (o.status === 'done') console.error(`${head}: done in ${o.wallSec.toFixed(0)} s`);
  else if (stopping) console.error(`${head}: stopped after ${o.wallSec.toFixed(0)} s`);
  else console.error(`${head}: FAILED after ${o.wallSec.toFixed(0)} s: ${o.error}\n  rerun alone: ${cellCommand(o.cell)}`);
}

/** Runs starting at once would each generate a missing dataset into the same folder: generate each one first. */
async function generateMissingDatasets(cells: readonly StudyCell[], dataDir: string | undefined): Promise<void> {
  const seen = new Set<string>();
  for (const cell of cells.filter((c) => !isFinished(c))) {
    const recipe = cell.config.dataset;
    if (!recipe.episodes) continue;
    const dir = recipeDir(recipe, dataDir);
    const name = parseDatasetName(recipe.name).dataset;
    if (seen.has(dir) || existsSync(datasetFile(name, 'train', dir))) continue;
    seen.add(dir);
    console.error(`study: generating ${name} (${recipe.episodes} episodes, seed ${recipe.generationSeed ?? 0}) into ${dir}`);
    await generateDatasetProcess(name, {
      episodes: recipe.episodes, seed: recipe.generationSeed ?? 0, episodeLength: recipe.episodeLength, task: recipe.collectionTask, outDir: dir,
    });
  }
}
