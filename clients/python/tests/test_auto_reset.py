"""Auto-reset in Gymnasium's same-step layout, checked against the server's own auto-reset of a twin session."""
import numpy as np

import qflow_client
from conftest import ENV_ID
from qflow_client._stubs.qflow.v1 import environment_pb2
from qflow_client.connection import Connection
from qflow_client.tensors import decode_tensor, encode_tensor


def test_ended_episodes_reset_in_the_same_step_with_final_obs_and_final_info(address):
    seeds, session_seed = [3, 4, 5], 9
    raw = Connection(address)
    twin = raw.call(raw.env.CreateSession, environment_pb2.CreateSessionRequest(
        env_id=ENV_ID, num_envs=len(seeds), seed=session_seed, disable_auto_reset=False)).session_id
    rng = np.random.default_rng(0)
    try:
        with qflow_client.VectorEnv(address, ENV_ID, num_envs=len(seeds), seed=session_seed) as env:
            obs, _ = env.reset(seed=seeds)
            twin_obs = decode_tensor(raw.call(raw.env.Reset, environment_pb2.ResetRequest(session_id=twin, seeds=seeds)).observations)
            assert obs.tobytes() == twin_obs.tobytes()
            ended_steps = 0
            for t in range(env.max_episode_steps + 5):
                actions = rng.uniform(-1, 1, size=(len(seeds), 5)).astype(np.float32)
                obs, rewards, terminations, truncations, infos = env.step(actions)
                expected = raw.call(raw.env.Step, environment_pb2.StepRequest(session_id=twin, actions=encode_tensor(actions)))
                assert obs.tobytes() == decode_tensor(expected.observations).tobytes(), f"step {t}"
                assert rewards.tolist() == list(expected.rewards)
                assert infos["success"].tolist() == list(expected.success)
                ended = terminations | truncations
                if not ended.any():
                    assert "final_obs" not in infos and "final_info" not in infos
                    continue
                ended_steps += 1
                assert obs.dtype == env.observation_space.dtype and obs.shape == env.observation_space.shape
                assert infos["_final_obs"].tolist() == ended.tolist()
                assert infos["_final_info"].tolist() == ended.tolist()
                assert infos["final_obs"].dtype == object and infos["final_obs"].shape == (len(seeds),)
                finals = decode_tensor(expected.final_observations)
                for row, i in enumerate(np.flatnonzero(ended)):
                    assert infos["final_obs"][i].tobytes() == finals[row].tobytes()
                    assert infos["final_info"]["success"][i] == expected.success[i]
                for i in np.flatnonzero(~ended):
                    assert infos["final_obs"][i] is None
                assert infos["final_info"]["_success"].tolist() == ended.tolist()
            assert ended_steps >= 1
            assert env.max_episode_steps == 200
    finally:
        raw.call(raw.env.CloseSession, environment_pb2.CloseSessionRequest(session_id=twin))
        raw.close()
