#!/usr/bin/python3
"""Python client vs TypeScript client on the same `qflow serve`, in the same run:

  * env steps/s over StepStream (cube-single, random actions, auto-reset) at 1, 16 and 64 envs;
  * dataset streaming MB/s (a generated cube-single dataset, single-task fields, SHA-256 verified per chunk).

Measurements alternate Python / TypeScript `--rounds` times (each round measures both, back to back, on the same
server) and report the median of each client and the median of the per-round ratios: on a shared machine the
load changes between rounds, and a round's two figures see about the same load.

    npm run build && /usr/bin/python3 clients/python/bench/client_bench.py
"""
import argparse
import json
import pathlib
import statistics
import sys
import tempfile
import time

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "tests"))

import qflow_client  # noqa: E402
from served import ServedProcess, generate_dataset, run_node  # noqa: E402

ENV_ID = "cube-single-play-singletask-task1-v0"
DATASET = "cube-single-play-v0"
TS_BENCH = HERE / "ts_client_bench.mjs"


def python_steps_per_second(address, num_envs, steps) -> float:
    rng = np.random.default_rng(1)
    with qflow_client.VectorEnv(address, ENV_ID, num_envs, seed=0) as env:
        env.reset()
        for _ in range(5):  # warm-up
            env.step(rng.uniform(-1, 1, size=(num_envs, 5)).astype(np.float32))
        start = time.perf_counter()
        for _ in range(steps):
            env.step(rng.uniform(-1, 1, size=(num_envs, 5)).astype(np.float32))
        return steps * num_envs / (time.perf_counter() - start)


def python_dataset_mb_per_second(address) -> float:
    start = time.perf_counter()
    data = qflow_client.load_dataset(address, DATASET, task_id=1)
    seconds = time.perf_counter() - start
    received = sum(a.nbytes for k, a in data.items() if k != "terminals")  # the fields the TS client asks for
    return received / 1e6 / seconds


def ts_result(*args) -> dict:
    return json.loads(run_node(TS_BENCH, *args, timeout=600))


def compare(label, measure_python, measure_ts, rounds) -> dict:
    py, ts = [], []
    for round_index in range(rounds):
        if round_index % 2:  # alternate which client goes first
            ts.append(measure_ts())
            py.append(measure_python())
        else:
            py.append(measure_python())
            ts.append(measure_ts())
    ratios = [p / t for p, t in zip(py, ts)]
    row = {"what": label, "python": statistics.median(py), "typescript": statistics.median(ts),
           "ratio": statistics.median(ratios), "ratios": ratios}
    print(f"{label:<28} python {row['python']:>8.1f}   typescript {row['typescript']:>8.1f}   ratio {row['ratio']:.2f}"
          f"   (per round: {', '.join(f'{r:.2f}' for r in ratios)})", flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2, help="qflow serve --workers")
    parser.add_argument("--dataset-episodes", type=int, default=20)
    parser.add_argument("--json", help="also write the rows to this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as store:
        generate_dataset(DATASET, store, episodes=args.dataset_episodes, episode_length=250, seed=0)
        server = ServedProcess("--workers", args.workers, "--dataset-dir", store)
        try:
            rows = []
            for num_envs, steps in ((1, 300), (16, 40), (64, 15)):
                rows.append(compare(f"env steps/s, {num_envs} envs",
                                    lambda: python_steps_per_second(server.address, num_envs, steps),
                                    lambda: ts_result("steps", server.address, ENV_ID, num_envs, steps)["env_steps_per_second"],
                                    args.rounds))
            rows.append(compare("dataset MB/s", lambda: python_dataset_mb_per_second(server.address),
                                lambda: ts_result("dataset", server.address, DATASET, 1)["mb_per_second"], args.rounds))
        finally:
            server.stop()
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
