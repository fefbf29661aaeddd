#!/usr/bin/python3
"""A random agent on a served env: uniform actions on N envs, episode returns and successes from the auto-reset infos.

    node bin/qflow.js serve --port 50051 &
    /usr/bin/python3 clients/python/examples/random_agent.py 127.0.0.1:50051 cube-single-play-singletask-task1-v0 --num-envs 4 --steps 300
"""
import argparse
import pathlib
import sys

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # run from a checkout without installing
import qflow_client  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("address", help="env server, host:port")
    parser.add_argument("env_id", help="env id or alias, e.g. cube-single-play-singletask-task1-v0")
    parser.add_argument("--num-envs", type=int, default=4)
    parser.add_argument("--steps", type=int, default=300, help="vector steps (each steps every env once)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    with qflow_client.VectorEnv(args.address, args.env_id, args.num_envs, seed=args.seed) as env:
        print(f"{env.env_id}: observations {env.single_observation_space.shape}, actions {env.single_action_space.shape}, "
              f"episodes of {env.max_episode_steps} steps")
        env.action_space.seed(args.seed)
        env.reset(seed=args.seed)
        returns = np.zeros(args.num_envs)
        finished = []
        for _ in range(args.steps):
            _, rewards, terminations, truncations, infos = env.step(env.action_space.sample())
            returns += rewards
            for i in np.flatnonzero(terminations | truncations):
                finished.append((returns[i], bool(infos["final_info"]["success"][i])))
                returns[i] = 0.0
    summary = f"{args.steps} steps of {args.num_envs} envs; {len(finished)} episodes finished"
    if finished:
        summary += (f" (mean return {np.mean([r for r, _ in finished]):.1f}, "
                    f"success {np.mean([s for _, s in finished]):.0%})")
    print(summary)


if __name__ == "__main__":
    main()
