#!/usr/bin/python3
"""CleanRL-style single-file training on a served env: behaviour cloning of a linear policy (numpy, minibatch SGD)
on the dataset the server streams, evaluated on N served envs between epochs.

    node bin/qflow.js datasets generate cube-single-play-v0 --episodes 20 --episode-length 200
    node bin/qflow.js serve --port 50051 &
    /usr/bin/python3 clients/python/examples/cleanrl_style_bc.py --address 127.0.0.1:50051
"""
import argparse
import pathlib
import sys
import time

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # run from a checkout without installing
import qflow_client  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--address", default="127.0.0.1:50051")
    parser.add_argument("--dataset", default="cube-single-play-singletask-task1-v0", help="OGBench-style dataset name")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--num-envs", type=int, default=8)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--learning-rate", type=float, default=1e-2)
    parser.add_argument("--eval-episodes", type=int, default=8)
    return parser.parse_args()


class LinearPolicy:
    """a = tanh(W·(s − μ)/σ + b), fitted by minibatch SGD on the squared error to the dataset's actions."""

    def __init__(self, observations, act_dim, rng):
        self.mean = observations.mean(axis=0)
        self.std = observations.std(axis=0) + 1e-6
        self.w = rng.normal(0, 0.01, size=(observations.shape[1], act_dim))
        self.b = np.zeros(act_dim)

    def __call__(self, observations):
        return np.tanh(self._features(observations) @ self.w + self.b).astype(np.float32)

    def update(self, observations, actions, lr) -> float:
        x = self._features(observations)
        pred = np.tanh(x @ self.w + self.b)
        grad = 2 * (pred - actions) * (1 - pred ** 2) / len(x)
        self.w -= lr * x.T @ grad
        self.b -= lr * grad.sum(axis=0)
        return float(np.mean((pred - actions) ** 2))

    def _features(self, observations):
        return (observations - self.mean) / self.std


def evaluate(env, policy, episodes, seed):
    """Success rate and mean return over the first `episodes` episodes that end."""
    obs, _ = env.reset(seed=seed)
    returns, results = np.zeros(env.num_envs), []
    while len(results) < episodes:
        obs, rewards, terminations, truncations, infos = env.step(policy(obs))
        returns += rewards
        for i in np.flatnonzero(terminations | truncations):
            results.append((returns[i], infos["final_info"]["success"][i]))
            returns[i] = 0.0
    results = results[:episodes]
    return float(np.mean([s for _, s in results])), float(np.mean([r for r, _ in results]))


def main():
    args = parse_args()
    rng = np.random.default_rng(args.seed)
    start = time.time()
    env, train, _ = qflow_client.make_env_and_datasets(args.address, args.dataset, num_envs=args.num_envs, seed=args.seed)
    with env:
        print(f"dataset: {len(train['observations'])} transitions; env {env.env_id} x {env.num_envs}")
        policy = LinearPolicy(train["observations"], env.single_action_space.shape[0], rng)
        global_step = 0
        for epoch in range(1, args.epochs + 1):
            order = rng.permutation(len(train["observations"]))
            losses = []
            for at in range(0, len(order), args.batch_size):
                batch = order[at:at + args.batch_size]
                losses.append(policy.update(train["observations"][batch], train["actions"][batch], args.learning_rate))
                global_step += 1
            success, mean_return = evaluate(env, policy, args.eval_episodes, seed=args.seed + 1000 * epoch)
            print(f"epoch {epoch} global_step {global_step}: bc_loss {np.mean(losses):.4f}  "
                  f"eval success {success:.0%}  return {mean_return:.1f}  ({time.time() - start:.0f} s)")


if __name__ == "__main__":
    main()
