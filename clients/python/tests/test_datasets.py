"""Datasets over the DatasetService equal the TypeScript loader's output for the same file; a cut stream or a
corrupt chunk is resumed from the last verified chunk."""
import hashlib
import json
from concurrent import futures

import grpc
import numpy as np
import pytest

import qflow_client
from conftest import DATASET
from cutting_proxy import CuttingProxy
from qflow_client._stubs.qflow.v1 import dataset_pb2, dataset_pb2_grpc, tensor_pb2
from qflow_client.connection import Connection
from qflow_client.dataset_stream import DatasetReader
from served import REPO_ROOT, run_node

DIGEST = REPO_ROOT / "clients" / "python" / "tests" / "node" / "ts_dataset_digest.mjs"


def ts_loader_digest(path, *task, compact=False, add_info=False) -> dict:
    flags = [flag for flag, on in (("--compact", compact), ("--add-info", add_info)) if on]
    return json.loads(run_node(DIGEST, path, *task, *flags))


def digest(dataset: dict) -> dict:
    return {key: {"dtype": str(a.dtype), "shape": list(a.shape), "sha256": hashlib.sha256(a.tobytes()).hexdigest()}
            for key, a in dataset.items()}


@pytest.mark.parametrize("name", [DATASET, f"{DATASET}-val"])
def test_load_dataset_equals_the_typescript_loader(address, store, name):
    dataset = qflow_client.load_dataset(address, name)
    assert sorted(dataset) == ["actions", "next_observations", "observations", "terminals"]
    assert digest(dataset) == ts_loader_digest(store / f"{name}.npz")
    assert all(a.dtype == np.float32 for a in dataset.values())


def test_make_env_and_datasets_relabels_for_the_single_task(address, store):
    env, train, val = qflow_client.make_env_and_datasets(address, "cube-single-play-singletask-task2-v0")
    with env:
        assert env.env_id == "cube-single-singletask-task2-v0" and env.num_envs == 1
        obs, _ = env.reset(seed=0)
        assert obs.shape == (1, train["observations"].shape[1])
    assert digest(train) == ts_loader_digest(store / f"{DATASET}.npz", "cube-single", 2)
    assert digest(val) == ts_loader_digest(store / f"{DATASET}-val.npz", "cube-single", 2)


LAYOUT_KEYS = {False: ["actions", "next_observations", "observations", "terminals"],
               True: ["actions", "observations", "terminals", "valids"]}
INFO_KEYS = ["qpos", "qvel"]  # what the generated cube files hold (cube has no buttons)


@pytest.mark.parametrize("compact", [False, True])
@pytest.mark.parametrize("add_info", [False, True])
def test_each_layout_and_info_choice_equals_the_typescript_loader(address, store, compact, add_info):
    dataset = qflow_client.load_dataset(address, DATASET, compact=compact, add_info=add_info)
    assert sorted(dataset) == sorted(LAYOUT_KEYS[compact] + (INFO_KEYS if add_info else []))
    assert digest(dataset) == ts_loader_digest(store / f"{DATASET}.npz", compact=compact, add_info=add_info)
    rows = dataset["observations"].shape[0]
    assert all(a.shape[0] == rows for a in dataset.values())


def numpy_reference(path, compact: bool, add_info: bool) -> dict:
    """OGBench's load_dataset semantics (docs/datasets.md#loader-semantics) written directly in numpy."""
    stored = np.load(path)
    ends = stored["terminals"].astype(np.float32)
    data = {"observations": stored["observations"].astype(np.float32), "actions": stored["actions"].astype(np.float32)}
    info = {k: stored[k] for k in ("qpos", "qvel", "button_states") if add_info and k in stored}
    next_ends = np.append(ends[1:], np.float32(1.0))
    if compact:
        return {**data, **info, "terminals": np.minimum(ends + next_ends, 1.0).astype(np.float32), "valids": 1.0 - ends}
    keep = ends == 0
    data["next_observations"] = data["observations"][np.append(False, keep[:-1])]
    kept = {k: a[keep] for k, a in {**data, **info}.items() if k != "next_observations"}
    return {**data, **kept, "terminals": next_ends[keep]}


@pytest.mark.parametrize("compact", [False, True])
@pytest.mark.parametrize("add_info", [False, True])
def test_each_layout_and_info_choice_follows_ogbenchs_semantics_in_numpy(address, store, compact, add_info):
    dataset = qflow_client.load_dataset(address, DATASET, compact=compact, add_info=add_info)
    assert digest(dataset) == digest(numpy_reference(store / f"{DATASET}.npz", compact, add_info))


def test_the_compact_layout_keeps_every_stored_row(address, store):
    regular = qflow_client.load_dataset(address, DATASET)
    compact = qflow_client.load_dataset(address, DATASET, compact=True, add_info=True)
    stored = np.load(store / f"{DATASET}.npz")
    assert compact["observations"].shape[0] == stored["terminals"].shape[0] == regular["observations"].shape[0] + 3
    np.testing.assert_array_equal(compact["valids"], 1.0 - stored["terminals"].astype(np.float32))
    np.testing.assert_array_equal(compact["qpos"], stored["qpos"])
    assert compact["qpos"].dtype == stored["qpos"].dtype


def test_make_env_and_datasets_passes_compact_and_add_info_through(address, store):
    env, train, val = qflow_client.make_env_and_datasets(address, "cube-single-play-singletask-task2-v0", compact=True,
                                                         add_info=True)
    env.close()
    assert sorted(train) == sorted(LAYOUT_KEYS[True] + INFO_KEYS + ["masks", "rewards"])
    assert digest(train) == ts_loader_digest(store / f"{DATASET}.npz", "cube-single", 2, compact=True, add_info=True)
    assert digest(val) == ts_loader_digest(store / f"{DATASET}-val.npz", "cube-single", 2, compact=True, add_info=True)


@pytest.mark.parametrize("flags", [{"compact": "yes"}, {"add_info": 1}])
def test_a_flag_that_is_not_a_bool_is_refused_by_name(address, flags):
    [(name, value)] = flags.items()
    with pytest.raises(qflow_client.InvalidArgumentError, match=f"{name}={value!r}: valid: True, False"):
        qflow_client.load_dataset(address, DATASET, **flags)


@pytest.mark.parametrize("view", [{}, {"compact": True, "add_info": True}])
def test_a_cut_stream_resumes_from_the_last_verified_chunk(address, view):
    expected = qflow_client.load_dataset(address, DATASET, **view)
    proxy = CuttingProxy(address)
    connection = Connection(proxy.address)
    try:
        reader = DatasetReader(connection, DATASET, chunk_transitions=10, retry_delay=0.05, **view)
        proxy.cut_after(20_000)  # a few chunks in (one chunk of 10 rows is about 2.5 kB)
        got = reader.read()
    finally:
        connection.close()
        proxy.close()
    assert proxy.cuts >= 1 and reader.resumes >= 1
    assert sorted(got) == sorted(expected)
    assert digest(got) == digest(expected)


class FakeDatasetService(dataset_pb2_grpc.DatasetServiceServicer):
    """`rows` rows of one float32 field in chunks of `chunk` rows; with `corrupt_at`, the first read sends the chunk
    at that offset with a wrong SHA-256."""

    def __init__(self, rows: int, chunk: int, corrupt_at: int = None):
        self.rows, self.chunk, self.corrupt_at = rows, chunk, corrupt_at
        self.values = np.arange(rows, dtype=np.float32)
        self.offsets = []

    def GetDatasetInfo(self, request, context):
        return dataset_pb2.GetDatasetInfoResponse(name=request.name, num_transitions=self.rows, fields=[
            dataset_pb2.FieldInfo(name="terminals", dtype=tensor_pb2.DTYPE_FLOAT32)])

    def ReadDataset(self, request, context):
        self.offsets.append(request.offset)
        for at in range(request.offset, self.rows, self.chunk):
            data = self.values[at:at + self.chunk].tobytes()
            sha = hashlib.sha256(data).hexdigest()
            if at == self.corrupt_at and len(self.offsets) == 1:
                sha = "0" * 64
            count = len(data) // 4
            yield dataset_pb2.ReadDatasetResponse(offset=at, count=count, sha256=sha, fields=[dataset_pb2.NamedTensor(
                name="terminals", tensor=tensor_pb2.Tensor(dtype=tensor_pb2.DTYPE_FLOAT32, shape=[count], data=data))])


def read_from_fake(service, **view):
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    dataset_pb2_grpc.add_DatasetServiceServicer_to_server(service, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    connection = Connection(f"127.0.0.1:{port}")
    try:
        reader = DatasetReader(connection, "fake-v0", retries=1, retry_delay=0.01, **view)
        return reader, reader.read()
    finally:
        connection.close()
        server.stop(None)


def test_chunks_above_grpcios_default_4_mib_receive_limit_arrive():
    service = FakeDatasetService(rows=3 << 20, chunk=3 << 20)  # one 12 MiB chunk
    _, got = read_from_fake(service)
    assert got["terminals"].tobytes() == service.values.tobytes()


def test_a_chunk_failing_its_checksum_is_read_again():
    service = FakeDatasetService(rows=20, chunk=5, corrupt_at=10)
    reader, got = read_from_fake(service)
    assert service.offsets == [0, 10]
    assert reader.resumes == 1
    assert got["terminals"].tobytes() == service.values.tobytes()


@pytest.mark.parametrize("view, refused", [({"compact": True}, "compact layout"), ({"add_info": True}, "qpos, qvel")])
def test_a_server_that_predates_layouts_is_refused_not_misread(view, refused):
    # The fake answers like a server built before DatasetLayout: no layout or add_info in its info.
    with pytest.raises(qflow_client.UnimplementedError, match=refused):
        read_from_fake(FakeDatasetService(rows=20, chunk=5), **view)
