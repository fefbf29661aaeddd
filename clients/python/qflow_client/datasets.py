"""OGBench's dataset entry points over a qflow server: `load_dataset` and `make_env_and_datasets`."""
import re

import numpy as np

from ._stubs.qflow.v1 import environment_pb2
from .connection import Connection
from .dataset_stream import DatasetReader
from .errors import InvalidArgumentError
from .vector_env import VectorEnv

SINGLE_TASK_NAME = re.compile(r"^(?P<base>.+?)-singletask(?:-task(?P<task>\d+))?-v0$")


def load_dataset(address: str, name: str, compact: bool = False, add_info: bool = False, task_id: int = 0,
                 token: str = None, tls=None, chunk_transitions: int = 0, retries: int = 5) -> dict:
    """The dataset `name` (e.g. "cube-single-play-v0", or its "-val" split) as OGBench's `load_dataset` returns it
    (observations, actions and terminals float32; observations keep uint8 for visual datasets):

    - compact=False: one row per transition, with `next_observations`;
    - compact=True (OGBench's compact_dataset): every stored row, with `valids` and no `next_observations`;
    - add_info=True: also `qpos`, `qvel` and `button_states` (those the file holds, in their stored dtype).

    task_id 1..5 adds that task's single-task `rewards` and `masks`, as OGBench's make_env_and_datasets does.
    """
    _check_flags(compact=compact, add_info=add_info)
    connection = Connection(address, token=token, tls=tls)
    try:
        reader = DatasetReader(connection, name, task_id=task_id, chunk_transitions=chunk_transitions, retries=retries,
                               compact=compact, add_info=add_info)
        return reader.read()
    finally:
        connection.close()


def make_env_and_datasets(address: str, dataset_name: str, num_envs: int = 1, seed: int = 0, compact: bool = False,
                          add_info: bool = False, token: str = None, tls=None):
    """(env, train_dataset, val_dataset) as OGBench's make_env_and_datasets, with env a VectorEnv of `num_envs` envs
    on the server. A single-task name ("cube-single-play-singletask-task2-v0", or without "-taskK" for the
    env's default task) loads the dataset relabelled with that task's rewards and masks. `compact` and `add_info` are
    load_dataset's."""
    _check_flags(compact=compact, add_info=add_info)
    match = SINGLE_TASK_NAME.match(dataset_name)
    dataset = f"{match['base']}-v0" if match else dataset_name
    env = VectorEnv(address, dataset_name, num_envs, seed=seed, token=token, tls=tls)
    try:
        task_id = (int(match["task"]) if match["task"] else env.spec.default_task) if match else 0
        options = dict(compact=compact, add_info=add_info, task_id=task_id, token=token, tls=tls)
        train = load_dataset(address, dataset, **options)
        val = load_dataset(address, f"{dataset}-val", **options)
    except BaseException:
        env.close()
        raise
    return env, train, val


def list_datasets(address: str, available_only: bool = False, token: str = None, tls=None) -> list:
    """The server's DatasetSummary messages (name, family, env_id, available, num_transitions)."""
    from ._stubs.qflow.v1 import dataset_pb2
    connection = Connection(address, token=token, tls=tls)
    try:
        request = dataset_pb2.ListDatasetsRequest(available_only=available_only)
        return list(connection.call(connection.datasets.ListDatasets, request).datasets)
    finally:
        connection.close()


def _check_flags(**flags) -> None:
    for name, value in flags.items():
        if not isinstance(value, (bool, np.bool_)):
            raise InvalidArgumentError(f"{name}={value!r}: valid: True, False")
