"""VectorEnv: N envs of one env id in a leased session of a qflow server, with Gymnasium's vector-env conventions
(without importing Gymnasium).

The session is created with the server's auto-reset off, like the TypeScript agent's: an episode that ends in a
step is reset right after it, within the same `step` call, from the env's own seed sequence on the server
(`use_seed_sequence`), so every reset is explicit and a re-attach after a dropped stream can tell exactly whether
the lost step was applied (AttachSession reports each env's step count and whether its episode is running).
Gymnasium's same-step auto-reset layout follows: the returned observation of an ended env is the new episode's
first, and `infos["final_obs"]` / `infos["final_info"]` hold the ended episode's last observation and info.

Not thread-safe: one thread drives a VectorEnv (its lease keeper runs on its own daemon thread).
"""
import time

import numpy as np

from ._stubs.qflow.v1 import environment_pb2
from .connection import Connection
from .errors import EpisodesLostError, FailedPreconditionError, InvalidArgumentError, NotFoundError, QflowError, UnavailableError
from .lease_keeper import LeaseKeeper
from .spaces import Box
from .step_stream import StepStream, StreamBrokenError
from .tensors import decode_tensor, encode_tensor, numpy_dtype


class VectorEnv:
    """`num_envs` envs of `env_id` (an id or alias) on the server at `address` ("host:port").

    seed: root of the session's seed sequences (auto-resets and `reset(seed=None)` draw from them).
    token: bearer token, when the server requires one. tls: None (plaintext), True (system roots), a CA file path,
    or grpc.ChannelCredentials. lease_seconds: 0 = the server's default. task_id: task of resets naming none.
    """

    metadata = {"autoreset_mode": "same-step"}

    def __init__(self, address: str, env_id: str, num_envs: int, seed: int = 0, token: str = None, tls=None,
                 lease_seconds: float = 0.0, task_id: int = 0, reattach_attempts: int = 3, retry_delay: float = 0.2):
        if not isinstance(num_envs, (int, np.integer)) or isinstance(num_envs, bool) or num_envs < 1:
            raise InvalidArgumentError(f"num_envs must be an integer >= 1, got {num_envs!r}")
        if not isinstance(seed, (int, np.integer)) or seed < 0:
            raise InvalidArgumentError(f"seed must be a non-negative integer, got {seed!r}")
        self.num_envs = int(num_envs)
        self._seed = int(seed)
        self._lease_seconds = float(lease_seconds)
        self._default_task = int(task_id)
        self._reattach_attempts = reattach_attempts
        self._retry_delay = retry_delay
        self._connection = Connection(address, token=token, tls=tls)
        self._keeper = None
        self._closed = False
        try:
            self._spec = self._connection.call(self._connection.env.GetEnvSpec, environment_pb2.GetEnvSpecRequest(env_id=env_id)).spec
            self._create_session()
        except BaseException:
            self._connection.close()
            raise
        self._stream = StepStream(self._connection)
        self._define_spaces()
        self._keeper = LeaseKeeper(self._connection, self.session_id, self.lease_seconds, owner=self)

    # ---- the Gymnasium vector-env interface ----

    def reset(self, seed=None, options=None):
        """Starts new episodes in every env. seed: None (each env's next sequence seed), an int s (env i gets s + i,
        as Gymnasium's vector envs do) or one seed per env. options: {"task_id": k} (0 = the session's task,
        1..num_tasks) or one task id per env. Returns (observations, infos)."""
        self._check_open()
        task_ids = self._task_ids(options)
        request = environment_pb2.ResetRequest(session_id=self.session_id, task_ids=task_ids.tolist())
        if seed is None:
            request.use_seed_sequence = True
        else:
            request.seeds.extend(self._seeds(seed))
        try:
            response = self._call(self._connection.env.Reset, request)
        except NotFoundError:
            self._recreate_session()  # lease expired or worker lost: a fresh session, then the same reset
            request.session_id = self.session_id
            response = self._call(self._connection.env.Reset, request)
        observations = self._decode_observations(response.observations, self.num_envs)
        self._requested_task = task_ids
        self._episode_steps[:] = 0
        self._lost[:] = False
        all_envs = np.ones(self.num_envs, dtype=bool)
        infos = {"seed": np.asarray(response.seeds, dtype=np.uint64), "_seed": all_envs,
                 "task_id": np.asarray(response.task_ids, dtype=np.int64), "_task_id": all_envs.copy()}
        return observations, infos

    def step(self, actions):
        """One control step of every env. Returns (observations, rewards, terminations, truncations, infos)."""
        self._check_open()
        batch = self._check_actions(actions)
        if self._lost.any():
            raise FailedPreconditionError(f"the episodes of envs {np.flatnonzero(self._lost).tolist()} were lost; "
                                          f"call reset() before stepping again")
        request = environment_pb2.StepRequest(session_id=self.session_id, actions=encode_tensor(batch))
        response = self._step_with_recovery(request)
        observations = self._decode_observations(response.observations, self.num_envs)
        rewards = np.asarray(response.rewards, dtype=np.float64)
        terminations = np.asarray(response.terminated, dtype=bool)
        truncations = np.asarray(response.truncated, dtype=bool)
        success = np.asarray(response.success, dtype=bool)
        self._episode_steps += 1
        infos = {"success": success, "_success": np.ones(self.num_envs, dtype=bool)}
        ended = terminations | truncations
        if ended.any():
            self._auto_reset(ended, response, observations, success, infos)
        return observations, rewards, terminations, truncations, infos

    def close(self) -> None:
        """Frees the session on the server and closes the channel (idempotent)."""
        if self._closed:
            return
        self._closed = True
        if self._keeper is not None:
            self._keeper.stop()
        self._stream.drop()
        try:
            self._connection.call(self._connection.env.CloseSession,
                                  environment_pb2.CloseSessionRequest(session_id=self.session_id), timeout=2.0)
        except QflowError:
            pass  # already gone, or the server is unreachable: the lease frees it
        self._connection.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()
        return False

    # ---- facts ----

    @property
    def spec(self):
        """The server's EnvSpec message (canonical id, bounds, max_episode_steps, num_tasks, ...)."""
        return self._spec

    @property
    def env_id(self) -> str:
        return self._spec.id

    @property
    def max_episode_steps(self) -> int:
        return self._spec.max_episode_steps

    @property
    def streams_opened(self) -> int:
        """StepStreams opened so far (more than one after drops)."""
        return self._stream.streams_opened

    # ---- internals ----

    def _create_session(self) -> None:
        response = self._connection.call(self._connection.env.CreateSession, environment_pb2.CreateSessionRequest(
            env_id=self._spec.id, num_envs=self.num_envs, seed=self._seed, lease_seconds=self._lease_seconds,
            task_id=self._default_task, disable_auto_reset=True))
        self.session_id = response.session_id
        self.lease_seconds = response.lease_seconds
        self._episode_steps = np.zeros(self.num_envs, dtype=np.int64)
        self._lost = np.zeros(self.num_envs, dtype=bool)
        self._requested_task = np.zeros(self.num_envs, dtype=np.int64)
        if self._keeper is not None:
            self._keeper.session_id = self.session_id
            self._keeper.touch()

    def _check_open(self) -> None:
        if self._closed:
            raise FailedPreconditionError("this VectorEnv is closed")

    def _recreate_session(self) -> None:
        self._stream.drop()
        self._create_session()

    def _define_spaces(self) -> None:
        spec = self._spec
        self._obs_dtype = numpy_dtype(spec.observation.dtype)
        self._obs_shape = tuple(spec.observation.shape)
        self._act_shape = tuple(spec.action.shape)
        self.single_observation_space = Box.from_array_spec(spec.observation, self._obs_dtype)
        self.observation_space = Box.from_array_spec(spec.observation, self._obs_dtype, batch=self.num_envs)
        self.single_action_space = Box.from_array_spec(spec.action, np.float32)
        self.action_space = Box.from_array_spec(spec.action, np.float32, batch=self.num_envs)

    def _call(self, method, request):
        try:
            return self._connection.call(method, request)
        finally:
            self._keeper.touch()

    def _seeds(self, seed) -> list:
        if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool):
            seeds = [int(seed) + i for i in range(self.num_envs)]
        else:
            seeds = [int(s) for s in seed]
            if len(seeds) != self.num_envs:
                raise InvalidArgumentError(f"reset: {len(seeds)} seeds given for {self.num_envs} envs")
        bad = [s for s in seeds if not 0 <= s < 2 ** 64]
        if bad:
            raise InvalidArgumentError(f"reset: seeds must be integers in [0, 2**64), got {bad[0]}")
        return seeds

    def _task_ids(self, options) -> np.ndarray:
        task = (options or {}).get("task_id", 0)
        unknown = sorted(set(options or {}) - {"task_id"})
        if unknown:
            raise InvalidArgumentError(f"reset: unknown option(s) {', '.join(unknown)}; valid: task_id")
        tasks = np.broadcast_to(np.asarray(task, dtype=np.int64), (self.num_envs,)) if np.ndim(task) == 0 else np.asarray(task, dtype=np.int64)
        if tasks.shape != (self.num_envs,):
            raise InvalidArgumentError(f"reset: task_id must be one int or {self.num_envs} ints, got {task!r}")
        return np.array(tasks)

    def _check_actions(self, actions) -> np.ndarray:
        batch = np.asarray(actions)
        if batch.dtype != np.float64:
            batch = batch.astype(np.float32, copy=False)
        expected = (self.num_envs, *self._act_shape)
        if batch.shape != expected:
            raise InvalidArgumentError(f"step: actions have shape {batch.shape}, expected {expected}")
        return batch

    def _decode_observations(self, tensor, rows: int) -> np.ndarray:
        array = decode_tensor(tensor)
        if array.shape != (rows, *self._obs_shape):
            raise QflowError(f"{self._connection.address}: server answered observations of shape {array.shape}, "
                             f"expected {(rows, *self._obs_shape)}")
        return array.copy()  # writable, independent of the message

    def _auto_reset(self, ended, response, observations, success, infos) -> None:
        """Resets the ended envs from their seed sequences; fills Gymnasium's final_obs / final_info layout."""
        indices = np.flatnonzero(ended)
        finals = self._decode_observations(response.final_observations, len(indices))
        final_obs = np.full(self.num_envs, None, dtype=object)
        for row, i in enumerate(indices):
            final_obs[i] = finals[row]
        try:
            reset = self._call(self._connection.env.Reset, environment_pb2.ResetRequest(
                session_id=self.session_id, env_ids=indices.tolist(), use_seed_sequence=True,
                task_ids=self._requested_task[indices].tolist()))
        except QflowError:
            self._lost[indices] = True  # their next episodes never started: reset() before stepping again
            raise
        observations[indices] = self._decode_observations(reset.observations, len(indices))
        self._episode_steps[indices] = 0
        final_success = np.zeros(self.num_envs, dtype=bool)
        final_success[indices] = success[indices]
        infos["final_obs"], infos["_final_obs"] = final_obs, ended.copy()
        infos["final_info"] = {"success": final_success, "_success": ended.copy()}
        infos["_final_info"] = ended.copy()

    def _step_with_recovery(self, request):
        """The step's response; after a dropped stream, re-attaches as the TypeScript agent does and re-sends the
        step only if the server shows it was not applied."""
        try:
            return self._stream.step(request)
        except StreamBrokenError as broken:
            return self._recover(request, broken)
        except NotFoundError as err:
            self._recreate_session()
            raise EpisodesLostError(f"{err.message}; a new session was created: call reset()", range(self.num_envs)) from None
        finally:
            self._keeper.touch()

    def _recover(self, request, broken: StreamBrokenError):
        attached = self._reattach(broken)
        if attached is None:
            self._recreate_session()
            raise EpisodesLostError(f"{broken.message}; the server no longer knows session {request.session_id}, "
                                    f"a new session was created: call reset()", range(self.num_envs))
        applied = [i for i in range(self.num_envs) if attached.episode_steps[i] != self._episode_steps[i]]
        if applied:
            self._lost[applied] = True
            raise EpisodesLostError(f"{broken.message}; the server had applied the lost step to envs {applied}, whose "
                                    f"episodes cannot go on: call reset()", applied)
        try:
            return self._stream.step(request)
        except StreamBrokenError as again:
            raise UnavailableError(f"step failed again after re-attaching: {again.message}") from None

    def _reattach(self, broken: StreamBrokenError):
        """AttachSession on a fresh connection attempt: its response, None when the session is gone (NOT_FOUND);
        raises UnavailableError when every attempt failed."""
        self._stream.drop()
        last = broken
        for attempt in range(1, self._reattach_attempts + 1):
            time.sleep(self._retry_delay * attempt)
            try:
                return self._connection.call(self._connection.env.AttachSession,
                                             environment_pb2.AttachSessionRequest(session_id=self.session_id))
            except NotFoundError:
                return None
            except QflowError as err:
                last = err
        raise UnavailableError(f"{broken.message}; re-attaching failed {self._reattach_attempts} times "
                               f"(last: {last.message})")
