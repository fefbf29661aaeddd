"""The Python client and the TypeScript client give bit-identical trajectories for the same seeds and actions."""
import base64
import json

import numpy as np

import qflow_client
from conftest import ENV_ID
from served import REPO_ROOT, run_node

RECORDER = REPO_ROOT / "clients" / "python" / "tests" / "node" / "record_ts_trajectory.mjs"


def test_same_seeds_and_actions_give_the_typescript_clients_bits(address, tmp_path):
    seeds, steps = [11, 12, 7], 40
    actions = np.random.default_rng(5).uniform(-1, 1, size=(steps, len(seeds), 5)).astype("<f4")
    actions_file = tmp_path / "actions.f32"
    actions_file.write_bytes(actions.tobytes())
    run_node(RECORDER, address, ENV_ID, ",".join(map(str, seeds)), actions_file, steps, tmp_path / "ts.json")
    ts = json.loads((tmp_path / "ts.json").read_text())

    with qflow_client.VectorEnv(address, ENV_ID, num_envs=len(seeds), seed=0) as env:
        obs, _ = env.reset(seed=seeds)
        observations, rewards, terminated, truncated = [obs], [], [], []
        for t in range(steps):
            obs, reward, term, trunc, _ = env.step(actions[t])
            observations.append(obs)
            rewards.append(reward)
            terminated.append(term)
            truncated.append(trunc)

    assert np.stack(observations).astype("<f8").tobytes() == base64.b64decode(ts["observations"])
    assert np.concatenate(rewards).astype("<f8").tobytes() == base64.b64decode(ts["rewards"])
    assert np.concatenate(terminated).tolist() == ts["terminated"]
    assert np.concatenate(truncated).tolist() == ts["truncated"]
