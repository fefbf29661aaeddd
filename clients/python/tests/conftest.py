"""Shared fixtures: one `qflow serve` for the whole run, with a small generated dataset store."""
import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # the package, uninstalled
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from served import ServedProcess, generate_dataset  # noqa: E402

ENV_ID = "cube-single-play-singletask-task1-v0"
DATASET = "cube-single-play-v0"
MAX_SESSIONS = 8


@pytest.fixture(scope="session")
def store(tmp_path_factory) -> pathlib.Path:
    directory = tmp_path_factory.mktemp("store")
    generate_dataset(DATASET, directory, episodes=3, episode_length=50, seed=1)
    (directory / "corrupt-data-v0.npz").write_bytes(b"not a zip file")
    return directory


@pytest.fixture(scope="session")
def server(store):
    served = ServedProcess("--workers", "1", "--max-sessions", MAX_SESSIONS, "--dataset-dir", store)
    yield served
    served.stop()


@pytest.fixture(scope="session")
def address(server) -> str:
    return server.address
