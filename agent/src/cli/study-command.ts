// `qflow study`: every agent × task × seed as one offline → online run with the same budget and data, scheduled
// as child processes, resumable, with a report of mean success ± standard error and bootstrap intervals over seeds.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasetFile, parseDatasetName } from '@qflow/datasets';
import { AGENT_KINDS } from '../algorithms/index.js';
import { recipeDir } from '../online/offline-online-run.js';
import { generateDatasetProcess } from '../online/qflow-subprocess.js';
import { runCommand, UsageError } from './cli-options.js';
import { TRAIN_DEFAULTS } from './offline-online-train.js';
import { runScheduled, type CellOutcome } from '../study/study-scheduler.js';
import { DATA_KINDS, STUDY_EVAL_EPISODES, studyPlan, type StudyCell, type StudyPlan } from '../study/study-plan.js';
import { armCommand, cellCommand, isFinished, runCellProcess, stopRunningCells } from '../study/study-run-process.js';
import { writeStudyReport, STUDY_FILES } from '../study/study-report.js';
import { checkRecordedConfigs } from '../study/study-config-check.js';

export { STUDY_OPTIONS } from '../study/study-plan.js';

const HELP = `usage: qflow study --agents A,B --tasks T1,T2 --seeds 0-4 --budgets N1,N2,... --out DIR [options]

Every agent × task × data × seed is one offline run ('qflow train --offline-steps <largest budget> --online-steps 0
...') with the same budget and data, evaluated with --eval-episodes episodes at every budget, in
DIR/runs/<agent>/<task>[+directed]/seed<S>/. With --online-steps M, two arms continue from each offline run's end
(its checkpoint-offline.msgpack; the offline phase is not redone): seed<S>/online ('qflow finetune --online-steps
M') and seed<S>/control ('qflow finetune --offline-updates U': the same U updates on the dataset alone), so that
fine-tuning is measured against extra offline training. Everything runs as child processes, --parallel at once.
Resumable: run the same command again; finished runs and arms (their summary.json exists) are kept, an interrupted
offline run or control arm continues from its last checkpoint and ends exactly as an uninterrupted one would, an
interrupted online arm starts over from the offline checkpoint, a run with no checkpoint yet starts over.
Writes DIR/results.json and DIR/report.md: per budget and agent × task the mean success ± standard error, a 95%
bootstrap interval over seeds and one run's binomial error; per task the smallest budget at which Q-Flow's interval
separates from each baseline's; online vs control (paired by seed); mean Q, guidance norm and BC loss at each
budget; wall time and updates/s per run; DIR/curves-<task>.svg and .png (seed bands).
λ (Q-Flow) and α (FQL) are the per-task values of docs/algorithm.md unless --lambda / --alpha are given; each run's
config.json records them.

options:
  --agents LIST          agents, from: ${AGENT_KINDS.join(', ')}
  --tasks LIST           single-task names, e.g. cube-single-play-singletask-task1-v0,puzzle-3x3-play-singletask-task1-v0
  --data LIST            offline data, from: ${DATA_KINDS.join(', ')} (default play): play = OGBench-style play data (the
                         store's dataset, or generated with --dataset-episodes); directed = the demo's data, generated
                         task-directed towards the evaluated task (cube only; needs --dataset-episodes)
  --seeds LIST           seeds: 0-4, 0,3,7 or 0-2,5
  --budgets LIST         offline update counts compared, e.g. 3000,10000,30000; runs last the largest
  --offline-steps N      the one budget when --budgets is not given
  --online-steps M       online env steps of the online arm (default 0: no arms)
  --eval-episodes K      episodes per task and evaluation (default ${STUDY_EVAL_EPISODES})
  --offline-eval-interval N  also evaluate every N updates, for the curves (default 0: at step 1 and the budgets)
  --lambdas LIST         λ sensitivity: Q-Flow (and BPTT) runs once per λ, e.g. 1,5,20, in rows <row>+lambda<L>,
                         each compared with the baselines of its row (instead of --lambda)
  --parallel P           runs at once (default: the number of cores)
  --threads N            threads per run (default 1)
  --env-servers LIST     host:port,... shared by all runs (default: each run starts its own local server)
  --checkpoint-interval N  offline checkpoint every N updates, a multiple of --log-interval (default: 1000 rounded up to one)
  --out DIR              study folder (required)
  --report-only          write report.md and results.json from the runs finished so far and start nothing
                         (safe while the study runs in another process)
  -h, --help             this text

Passed unchanged to every offline run (see 'qflow train --online-steps 0 --help'): --preset, --hidden, --batch-size,
--lambda, --alpha, --lr, --backend, --dataset-episodes, --episode-length, --dataset-seed, --utd, --num-envs,
--eval-envs, --eval-tasks, --online-eval-interval, --log-interval, --data-dir (the arms take --utd, --num-envs and
the evaluation settings from the offline run's checkpoint; --online-eval-interval is their evaluation interval).`;

export async function main(argv: string[]): Promise<number> {
  return runCommand('study', async () => {
    const plan = studyPlan(argv);
    if (plan.help) {
      console.log(HELP);
      return 0;
    }
    checkRecordedConfigs(plan.cells);
    if (plan.reportOnly) return reportSoFar(plan);
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

/** --report-only: the report of the runs finished so far; nothing is started, a study running elsewhere is untouched. */
function reportSoFar(plan: StudyPlan): number {
  if (!existsSync(plan.out)) throw new UsageError(`--out: '${plan.out}' does not exist; --report-only reports on a study already started`);
  const { results, png } = writeStudyReport(plan);
  if (png.missing) console.error(`study: no PNG curves: ${png.missing}`);
  console.log(`study: ${results.runs.length} of ${plan.cells.length} runs finished so far; report ${join(plan.out, STUDY_FILES.report)}, ${join(plan.out, STUDY_FILES.results)}`);
  return 0;
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
