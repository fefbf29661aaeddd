"""The qflow.v1 contract checked from Python, through this package's stubs, tensor codec and typed errors: the
promises of the TypeScript conformance suite (`qflow conformance`, proto/README.md) that a client relies on, under
the same check names. Runs against any server:

    /usr/bin/python3 -m qflow_client.conformance HOST:PORT [--env-id ID] [--token TOKEN]

Prints one row per check and exits 1 when any failed. As a library: `run_conformance(address)` → list of
(name, passed, message). Each check creates small sessions and closes them when it ends.
"""
import argparse
import sys

import numpy as np

from ._stubs.qflow.v1 import dataset_pb2, environment_pb2 as pb, tensor_pb2
from .connection import Connection
from .errors import DataLossError, FailedPreconditionError, InvalidArgumentError, NotFoundError, QflowError
from .step_stream import StepStream
from .tensors import decode_tensor, encode_tensor


class CheckFailed(AssertionError):
    pass


def expect(condition, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def expect_error(error_class, call, what: str) -> QflowError:
    try:
        call()
    except error_class as err:
        return err
    except QflowError as err:
        raise CheckFailed(f"{what}: expected {error_class.__name__}, got {type(err).__name__} ({err.message})") from None
    raise CheckFailed(f"{what}: expected {error_class.__name__}, the call succeeded")


class Context:
    """A connection, the env id under test, and the sessions a check created (closed when it ends)."""

    def __init__(self, connection: Connection, env_id: str):
        self.c = connection
        self.spec = connection.call(connection.env.GetEnvSpec, pb.GetEnvSpecRequest(env_id=env_id)).spec
        self.act_dim = int(np.prod(self.spec.action.shape))
        self.sessions = []

    def create(self, num_envs: int, seed: int = 7, auto_reset: bool = False) -> str:
        session = self.c.call(self.c.env.CreateSession, pb.CreateSessionRequest(
            env_id=self.spec.id, num_envs=num_envs, seed=seed, disable_auto_reset=not auto_reset)).session_id
        self.sessions.append(session)
        return session

    def close_all(self) -> None:
        for session in self.sessions:
            try:
                self.c.call(self.c.env.CloseSession, pb.CloseSessionRequest(session_id=session))
            except QflowError:
                pass

    def reset(self, session: str, seeds, env_ids=()):
        return self.c.call(self.c.env.Reset, pb.ResetRequest(session_id=session, seeds=seeds, env_ids=env_ids))

    def actions(self, rows: int, salt: int) -> np.ndarray:
        return np.random.default_rng(salt).uniform(-1, 1, size=(rows, self.act_dim)).astype(np.float32)

    def step(self, session: str, actions, env_ids=()):
        tensor = actions if isinstance(actions, tensor_pb2.Tensor) else encode_tensor(actions)
        return self.c.call(self.c.env.Step, pb.StepRequest(session_id=session, env_ids=env_ids, actions=tensor))

    def twins(self):
        """Two sessions of 2 envs, same seeds, reset and stepped once alike."""
        a, b = self.create(2), self.create(2)
        for s in (a, b):
            self.reset(s, [11, 12])
            self.step(s, self.actions(2, 1))
        return a, b

    def same_progress(self, a: str, b: str) -> None:
        actions = self.actions(2, 2)
        obs_a, obs_b = (decode_tensor(self.step(s, actions).observations) for s in (a, b))
        expect(obs_a.tobytes() == obs_b.tobytes(), "the rejected request changed its session: the twins now differ")


def rejection(name: str, error_class, send):
    def check(ctx: Context) -> None:
        a, b = ctx.twins()
        expect_error(error_class, lambda: send(ctx, a), name)
        ctx.same_progress(a, b)
    return name, check


def _bad_bytes(ctx):
    return tensor_pb2.Tensor(dtype=tensor_pb2.DTYPE_FLOAT32, shape=[2, ctx.act_dim], data=bytes(8 * ctx.act_dim - 4))


def _with_value(ctx, value):
    actions = ctx.actions(2, 3)
    actions[1, 0] = value
    return actions


REJECTIONS = [
    rejection("step/action-shape", InvalidArgumentError, lambda ctx, s: ctx.step(s, np.zeros((2, ctx.act_dim + 1), np.float32))),
    rejection("step/action-rows", InvalidArgumentError, lambda ctx, s: ctx.step(s, ctx.actions(1, 3))),
    rejection("step/action-dtype", InvalidArgumentError, lambda ctx, s: ctx.step(s, np.zeros((2, ctx.act_dim), np.int32))),
    rejection("step/action-bytes", InvalidArgumentError, lambda ctx, s: ctx.step(s, _bad_bytes(ctx))),
    rejection("step/action-nan", InvalidArgumentError, lambda ctx, s: ctx.step(s, _with_value(ctx, np.nan))),
    rejection("step/action-inf", InvalidArgumentError, lambda ctx, s: ctx.step(s, _with_value(ctx, -np.inf))),
    rejection("step/actions-missing", InvalidArgumentError,
              lambda ctx, s: ctx.c.call(ctx.c.env.Step, pb.StepRequest(session_id=s))),
    rejection("step/env-index-range", InvalidArgumentError, lambda ctx, s: ctx.step(s, ctx.actions(2, 3), env_ids=[0, 2])),
    rejection("step/env-index-duplicate", InvalidArgumentError, lambda ctx, s: ctx.step(s, ctx.actions(2, 3), env_ids=[1, 1])),
    rejection("reset/seed-count", InvalidArgumentError, lambda ctx, s: ctx.reset(s, [1])),
    rejection("reset/task-id", InvalidArgumentError, lambda ctx, s: ctx.c.call(ctx.c.env.Reset, pb.ResetRequest(
        session_id=s, seeds=[1, 2], task_ids=[0, 1_000_000]))),
    rejection("reset/env-index-range", InvalidArgumentError, lambda ctx, s: ctx.reset(s, [1, 2], env_ids=[0, 7])),
]


def check_server_info(ctx: Context) -> None:
    info = ctx.c.call(ctx.c.env.GetServerInfo, pb.GetServerInfoRequest())
    expect(info.protocol_version == "qflow.v1", f"protocol_version is {info.protocol_version!r}")
    expect(info.instance_id and info.max_envs_per_session > 0 and info.max_name_bytes > 0, f"incomplete server info: {info}")


def check_envs(ctx: Context) -> None:
    ids = [s.id for s in ctx.c.call(ctx.c.env.ListEnvs, pb.ListEnvsRequest()).envs]
    expect(ids == sorted(ids) and ctx.spec.id in ids, "ListEnvs is not sorted by id or lacks the env under test")
    expect_error(InvalidArgumentError, lambda: ctx.c.call(ctx.c.env.GetEnvSpec, pb.GetEnvSpecRequest(env_id="no-such-env-v0")),
                 "GetEnvSpec of an unknown id")


def check_before_reset(ctx: Context) -> None:
    session = ctx.create(2)
    ctx.reset(session, [5], env_ids=[1])
    expect_error(FailedPreconditionError, lambda: ctx.step(session, ctx.actions(2, 1)), "Step of an env never reset")
    expect(ctx.c.call(ctx.c.env.AttachSession, pb.AttachSessionRequest(session_id=session)).episode_steps[1] == 0,
           "the rejected step advanced env 1")


def check_not_found(ctx: Context) -> None:
    session = ctx.create(1)
    ctx.c.call(ctx.c.env.CloseSession, pb.CloseSessionRequest(session_id=session))
    expect_error(NotFoundError, lambda: ctx.reset(session, [1]), "Reset of a closed session")
    expect_error(NotFoundError, lambda: ctx.c.call(ctx.c.env.CloseSession, pb.CloseSessionRequest(session_id=session)),
                 "CloseSession of a closed session")


def check_stream_order_and_errors(ctx: Context) -> None:
    a, b = ctx.twins()
    stream = StepStream(ctx.c)
    try:
        good1, good2 = ctx.actions(2, 4), ctx.actions(2, 5)
        for actions in (good1, _with_value(ctx, np.nan), good2):
            stream.send(pb.StepRequest(session_id=a, actions=encode_tensor(actions)))
        first = stream.receive()
        expect_error(InvalidArgumentError, stream.receive, "the NaN request on the stream")
        third = stream.receive()
        expect(first.sequence + 2 == third.sequence, "responses out of order")
    finally:
        stream.drop()
    for got, actions in ((first, good1), (third, good2)):
        want = ctx.step(b, actions)
        expect(decode_tensor(got.observations).tobytes() == decode_tensor(want.observations).tobytes(),
               "a StepStream result differs from the unary Step of its twin")


def check_reattach(ctx: Context) -> None:
    a, b = ctx.twins()
    stream = StepStream(ctx.c)
    stream.step(pb.StepRequest(session_id=a, actions=encode_tensor(ctx.actions(2, 6))))
    stream.drop()
    ctx.step(b, ctx.actions(2, 6))
    attached = ctx.c.call(ctx.c.env.AttachSession, pb.AttachSessionRequest(session_id=a))
    expect(list(attached.episode_steps) == [2, 2] and all(attached.ready), f"AttachSession reports {attached}")
    stream = StepStream(ctx.c)
    try:
        got = stream.step(pb.StepRequest(session_id=a, actions=encode_tensor(ctx.actions(2, 7))))
    finally:
        stream.drop()
    want = ctx.step(b, ctx.actions(2, 7))
    expect(decode_tensor(got.observations).tobytes() == decode_tensor(want.observations).tobytes(),
           "stepping after re-attach does not continue the episodes")


def check_auto_reset(ctx: Context) -> None:
    session = ctx.create(1, seed=3, auto_reset=True)
    ctx.reset(session, [4])
    for t in range(ctx.spec.max_episode_steps):
        r = ctx.step(session, ctx.actions(1, 100 + t))
        if r.terminated[0] or r.truncated[0]:
            expect(list(decode_tensor(r.final_observations).shape) == [1, *ctx.spec.observation.shape],
                   "an ended episode's final observation is missing")
            expect(len(r.reset_seeds) == 1, "an auto-reset's seed is missing")
            return
    raise CheckFailed(f"no episode ended within max_episode_steps = {ctx.spec.max_episode_steps}")


def check_determinism(ctx: Context) -> None:
    lone, batch = ctx.create(1), ctx.create(3)
    ctx.reset(lone, [42])
    ctx.reset(batch, [1, 2, 42])
    for t in range(3):
        row = ctx.actions(1, 200 + t)
        one = ctx.step(lone, row)
        three = ctx.step(batch, np.concatenate([ctx.actions(2, 300 + t), row]))
        expect(decode_tensor(one.observations)[0].tobytes() == decode_tensor(three.observations)[2].tobytes(),
               "the same seed and actions gave different bits in another session, batch size and env index")


def check_instance_id(ctx: Context) -> None:
    info = ctx.c.call(ctx.c.env.GetServerInfo, pb.GetServerInfoRequest())
    expect(ctx.create(1).startswith(info.instance_id), "a session id does not begin with the server's instance_id")


def check_bounds(ctx: Context) -> None:
    info = ctx.c.call(ctx.c.env.GetServerInfo, pb.GetServerInfoRequest())
    err = expect_error(InvalidArgumentError, lambda: ctx.c.call(ctx.c.env.GetEnvSpec, pb.GetEnvSpecRequest(
        env_id="x" * (info.max_name_bytes + 1))), "an env id longer than max_name_bytes")
    expect(len(err.message) < 400, f"the refusal quotes too much ({len(err.message)} characters)")
    expect_error(InvalidArgumentError, lambda: ctx.c.call(ctx.c.env.CreateSession, pb.CreateSessionRequest(
        env_id=ctx.spec.id, num_envs=1, lease_seconds=info.max_lease_seconds * 2)), "a lease above max_lease_seconds")


def check_compact_layout(ctx: Context, name: str, regular_rows: int) -> None:
    """The compact layout has valids, no next_observations and at least the regular layout's rows; an unknown
    layout is INVALID_ARGUMENT."""
    request = dataset_pb2.GetDatasetInfoRequest(name=name, layout=dataset_pb2.DATASET_LAYOUT_COMPACT)
    compact = ctx.c.call(ctx.c.datasets.GetDatasetInfo, request)
    fields = [f.name for f in compact.fields]
    expect(compact.layout == dataset_pb2.DATASET_LAYOUT_COMPACT and "valids" in fields and "next_observations" not in fields,
           f"{name}: compact layout answered as layout {compact.layout} with fields {fields}")
    expect(compact.num_transitions >= regular_rows, f"{name}: compact layout has fewer rows than the regular one")
    request.layout = 99
    expect_error(InvalidArgumentError, lambda: ctx.c.call(ctx.c.datasets.GetDatasetInfo, request), "GetDatasetInfo with layout 99")


def check_datasets(ctx: Context) -> None:
    listed = ctx.c.call(ctx.c.datasets.ListDatasets, dataset_pb2.ListDatasetsRequest(available_only=True)).datasets
    names = [d.name for d in listed]
    expect(names == sorted(names), "ListDatasets is not sorted by name")
    checked = 0
    for d in listed:
        if checked == 2:
            break
        try:
            info = ctx.c.call(ctx.c.datasets.GetDatasetInfo, dataset_pb2.GetDatasetInfoRequest(name=d.name))
        except DataLossError:
            continue  # an unreadable file in the server's store: its operator's problem, not the protocol's
        checked += 1
        expect(info.num_transitions == d.num_transitions, f"{d.name}: listing and GetDatasetInfo disagree")
        chunks = list(ctx.c.datasets.ReadDataset(dataset_pb2.ReadDatasetRequest(name=d.name, limit=3), metadata=ctx.c.metadata))
        expect(sum(c.count for c in chunks) == min(3, info.num_transitions), f"{d.name}: ReadDataset limit 3 sent another count")
        check_compact_layout(ctx, d.name, info.num_transitions)
    expect_error(NotFoundError, lambda: ctx.c.call(ctx.c.datasets.GetDatasetInfo, dataset_pb2.GetDatasetInfoRequest(
        name="no-such-dataset-v0")), "GetDatasetInfo of an unknown dataset")


CHECKS = [
    ("discovery/server-info", check_server_info), ("discovery/envs", check_envs), *REJECTIONS,
    ("step/before-reset", check_before_reset), ("session/not-found", check_not_found),
    ("stream/order-and-errors", check_stream_order_and_errors), ("session/reattach", check_reattach),
    ("episode/auto-reset", check_auto_reset), ("determinism/seeds", check_determinism),
    ("session/instance-id", check_instance_id), ("bounds/names-and-lease", check_bounds), ("datasets/available", check_datasets),
]


def run_conformance(address: str, env_id: str = "cube-single-singletask-task1-v0", token: str = None, tls=None,
                    only: str = None) -> list:
    """[(check name, passed, message)] for every check (or those whose name contains `only`), in order."""
    connection = Connection(address, token=token, tls=tls)
    results = []
    try:
        for name, check in CHECKS:
            if only and only not in name:
                continue
            ctx = Context(connection, env_id)
            try:
                check(ctx)
                results.append((name, True, ""))
            except (CheckFailed, QflowError) as err:
                results.append((name, False, str(err)))
            finally:
                ctx.close_all()
    finally:
        connection.close()
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m qflow_client.conformance", description=__doc__.split("\n\n")[0])
    parser.add_argument("address", help="host:port")
    parser.add_argument("--env-id", default="cube-single-singletask-task1-v0")
    parser.add_argument("--token")
    parser.add_argument("--only", help="run only the checks whose name contains this text")
    args = parser.parse_args(argv)
    results = run_conformance(args.address, args.env_id, token=args.token, only=args.only)
    for name, passed, message in results:
        print(f"{'passed' if passed else 'FAILED':<7} {name}{'  ' + message if message else ''}")
    failed = sum(not passed for _, passed, _ in results)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
