"""After a dropped stream the client re-attaches as the TypeScript agent does: the step is re-sent when the server
shows it was not applied, the episodes are reported lost when it was; a forgotten session is re-created; an idle
client keeps its lease alive."""
import time

import numpy as np
import pytest

import qflow_client
from conftest import ENV_ID
from cutting_proxy import CuttingProxy
from qflow_client._stubs.qflow.v1 import environment_pb2
from qflow_client.connection import Connection

SEEDS = [21, 22]


def actions_for(step: int) -> np.ndarray:
    return np.random.default_rng(step).uniform(-1, 1, size=(len(SEEDS), 5)).astype(np.float32)


def reference_trajectory(address, steps):
    with qflow_client.VectorEnv(address, ENV_ID, len(SEEDS)) as env:
        env.reset(seed=SEEDS)
        return [env.step(actions_for(t))[0] for t in range(steps)]


@pytest.fixture
def proxy(address):
    p = CuttingProxy(address)
    yield p
    p.close()


def test_a_cut_between_steps_is_invisible_and_the_trajectory_unchanged(address, proxy):
    expected = reference_trajectory(address, 6)
    with qflow_client.VectorEnv(proxy.address, ENV_ID, len(SEEDS)) as env:
        env.reset(seed=SEEDS)
        got = []
        for t in range(6):
            if t == 3:
                proxy.cut()
            got.append(env.step(actions_for(t))[0])
        assert env.streams_opened == 2
    assert proxy.cuts == 1
    assert all(a.tobytes() == b.tobytes() for a, b in zip(got, expected))


def test_a_step_applied_but_unanswered_loses_the_episodes_and_reset_recovers(address, proxy):
    with qflow_client.VectorEnv(proxy.address, ENV_ID, len(SEEDS)) as env:
        env.reset(seed=SEEDS)
        env.step(actions_for(0))
        proxy.swallow_responses()
        cutter = _cut_later(proxy, 0.5)
        with pytest.raises(qflow_client.EpisodesLostError, match="had applied the lost step") as caught:
            env.step(actions_for(1))
        cutter.join()
        assert caught.value.env_indices == [0, 1]
        with pytest.raises(qflow_client.FailedPreconditionError):
            env.step(actions_for(2))  # the lost episodes ended: nothing is stepped past them
        env.reset(seed=SEEDS)
        obs, *_ = env.step(actions_for(0))
    assert obs.tobytes() == reference_trajectory(address, 1)[0].tobytes()


def test_a_forgotten_session_is_recreated_and_reported(address):
    with qflow_client.VectorEnv(address, ENV_ID, len(SEEDS)) as env:
        env.reset(seed=SEEDS)
        old = env.session_id
        raw = Connection(address)
        raw.call(raw.env.CloseSession, environment_pb2.CloseSessionRequest(session_id=old))
        raw.close()
        with pytest.raises(qflow_client.EpisodesLostError, match="new session"):
            env.step(actions_for(0))
        assert env.session_id != old
        env.reset(seed=SEEDS)
        obs, *_ = env.step(actions_for(0))
    assert obs.tobytes() == reference_trajectory(address, 1)[0].tobytes()


def test_an_idle_client_keeps_its_lease(address):
    with qflow_client.VectorEnv(address, ENV_ID, 1, lease_seconds=1.0) as env:
        env.reset(seed=1)
        time.sleep(2.5)  # more than two leases without a call of ours
        env.step(np.zeros((1, 5), dtype=np.float32))  # NOT_FOUND (EpisodesLostError) if the lease had lapsed
        assert env.session_id is not None


def _cut_later(proxy, seconds):
    import threading
    thread = threading.Thread(target=lambda: (time.sleep(seconds), proxy.cut()))
    thread.start()
    return thread


def test_a_forgotten_env_stops_renewing_its_lease(address):
    import gc
    env = qflow_client.VectorEnv(address, ENV_ID, 1, lease_seconds=1.0)
    session = env.session_id
    del env
    gc.collect()
    time.sleep(2.5)
    raw = Connection(address)
    try:
        with pytest.raises(qflow_client.NotFoundError):
            raw.call(raw.env.AttachSession, environment_pb2.AttachSessionRequest(session_id=session))
    finally:
        raw.close()
