"""Python client of the qflow.v1 env and dataset servers.

    import qflow_client
    with qflow_client.VectorEnv("127.0.0.1:50051", "cube-single-play-singletask-task1-v0", num_envs=8, seed=0) as env:
        obs, infos = env.reset(seed=0)
        obs, rewards, terminations, truncations, infos = env.step(env.action_space.sample())
    train = qflow_client.load_dataset("127.0.0.1:50051", "cube-single-play-v0")
"""
from .datasets import list_datasets, load_dataset, make_env_and_datasets
from .errors import (
    AbortedError, AlreadyExistsError, CancelledError, DataLossError, DeadlineExceededError, EpisodesLostError,
    FailedPreconditionError, InternalError, InvalidArgumentError, NotFoundError, OutOfRangeError, PermissionDeniedError,
    QflowError, ResourceExhaustedError, UnauthenticatedError, UnavailableError, UnimplementedError, UnknownError,
)
from .spaces import Box
from .tensors import decode_tensor, encode_tensor
from .vector_env import VectorEnv

__version__ = "0.1.0"

__all__ = [
    "VectorEnv", "Box", "load_dataset", "make_env_and_datasets", "list_datasets", "encode_tensor", "decode_tensor",
    "QflowError", "EpisodesLostError", "CancelledError", "UnknownError", "InvalidArgumentError", "DeadlineExceededError",
    "NotFoundError", "AlreadyExistsError", "PermissionDeniedError", "ResourceExhaustedError", "FailedPreconditionError",
    "AbortedError", "OutOfRangeError", "UnimplementedError", "InternalError", "UnavailableError", "DataLossError",
    "UnauthenticatedError",
]
