"""Reads a dataset over the DatasetService: GetDatasetInfo, then ReadDataset in chunks of whole transitions, each
chunk's SHA-256 verified. A dropped stream or a chunk that fails verification is resumed from the end of the last
verified chunk, so no transition is lost, duplicated or taken from a corrupt chunk."""
import hashlib
import time

import grpc
import numpy as np

from ._stubs.qflow.v1 import dataset_pb2
from .errors import DataLossError, UnavailableError, UnimplementedError, from_rpc_error
from .tensors import decode_tensor, numpy_dtype

# Statuses after which a resumed read can succeed (as the TypeScript client's).
RETRYABLE = {
    grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN,
    grpc.StatusCode.ABORTED, grpc.StatusCode.CANCELLED, grpc.StatusCode.RESOURCE_EXHAUSTED,
}


class BadChunkError(DataLossError):
    """A chunk whose offset, fields or SHA-256 do not match what was asked for."""


class DatasetReader:
    """Streams one dataset (optionally one task's relabelling) into numpy arrays, one per field, in OGBench's
    regular layout or (compact=True) its compact layout, with the info fields when add_info=True."""

    def __init__(self, connection, name: str, task_id: int = 0, chunk_transitions: int = 0, retries: int = 5,
                 retry_delay: float = 0.2, compact: bool = False, add_info: bool = False):
        self._connection = connection
        self._name = name
        self._task_id = task_id
        self._chunk_transitions = chunk_transitions
        self._retries = retries
        self._retry_delay = retry_delay
        self._view = {"layout": dataset_pb2.DATASET_LAYOUT_COMPACT if compact else dataset_pb2.DATASET_LAYOUT_REGULAR,
                      "add_info": bool(add_info)}
        self.resumes = 0
        self.info = connection.call(connection.datasets.GetDatasetInfo,
                                    dataset_pb2.GetDatasetInfoRequest(name=name, task_id=task_id, **self._view))
        self._check_view_served()

    def _check_view_served(self) -> None:
        """A server that predates layouts ignores them and answers with the regular layout: refuse its data."""
        compact = dataset_pb2.DATASET_LAYOUT_COMPACT
        if self._view["layout"] == compact and self.info.layout != compact:
            raise UnimplementedError(f"{self._connection.address} does not serve the compact layout (it predates "
                                     f"DatasetLayout); load with compact=False")
        if self._view["add_info"] and not self.info.add_info:
            raise UnimplementedError(f"{self._connection.address} does not serve qpos, qvel and button_states (it "
                                     f"predates add_info); load with add_info=False")

    def read(self) -> dict:
        """Every field of the dataset: name → array of shape (num_transitions, *field shape)."""
        total = self.info.num_transitions
        columns = {f.name: np.empty((total, *f.shape), dtype=numpy_dtype(f.dtype)) for f in self.info.fields}
        offset, failures = 0, 0
        while offset < total:
            reached, error = self._read_from(offset, columns)
            progressed = reached > offset
            offset = reached
            if offset >= total:
                break
            if isinstance(error, grpc.RpcError) and error.code() not in RETRYABLE:
                raise from_rpc_error(error, f"{self._connection.address}: reading dataset '{self._name}'")
            failures = 1 if progressed else failures + 1
            if failures > self._retries:
                reason = error.details() if isinstance(error, grpc.RpcError) else (error or "stream ended early")
                raise UnavailableError(f"{self._connection.address}: reading dataset '{self._name}' gave up at transition "
                                       f"{offset} of {total} after {failures} attempts without progress ({reason})")
            self.resumes += 1
            time.sleep(self._retry_delay * failures)
        return columns

    def _read_from(self, offset: int, columns: dict):
        """One ReadDataset call from `offset`: (offset reached, the error that ended it or None)."""
        request = dataset_pb2.ReadDatasetRequest(name=self._name, offset=offset, chunk_transitions=self._chunk_transitions,
                                                 fields=list(columns), task_id=self._task_id, **self._view)
        call = self._connection.datasets.ReadDataset(request, metadata=self._connection.metadata)
        reached = offset
        try:
            for chunk in call:
                self._store(chunk, reached, columns)
                reached += chunk.count
        except grpc.RpcError as err:
            return reached, err
        except BadChunkError as err:
            call.cancel()
            return reached, err
        return reached, None

    @staticmethod
    def _store(chunk, at: int, columns: dict) -> None:
        if chunk.offset != at:
            raise BadChunkError(f"chunk at offset {chunk.offset}, expected {at}")
        names = [f.name for f in chunk.fields]
        if names != list(columns):
            raise BadChunkError(f"chunk fields {names}, expected {list(columns)}")
        digest = hashlib.sha256()
        for f in chunk.fields:
            digest.update(f.tensor.data)
        if digest.hexdigest() != chunk.sha256:
            raise BadChunkError(f"chunk at offset {at}: SHA-256 mismatch")
        end = at + chunk.count
        if end > len(next(iter(columns.values()))):
            raise BadChunkError(f"chunk [{at}, {end}) runs past the dataset's end")
        for f in chunk.fields:
            rows = decode_tensor(f.tensor)
            target = columns[f.name]
            if rows.shape != (chunk.count, *target.shape[1:]) or rows.dtype != target.dtype:
                raise BadChunkError(f"chunk at offset {at}: field '{f.name}' is {rows.dtype} {rows.shape}, "
                                    f"expected {target.dtype} {(chunk.count, *target.shape[1:])}")
            target[at:end] = rows
