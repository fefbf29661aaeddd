"""Every status code surfaces as its own exception, from unary calls and from StepStream's per-request errors."""
import grpc
import numpy as np
import pytest

import qflow_client
from conftest import ENV_ID, MAX_SESSIONS
from qflow_client import errors
from qflow_client._stubs.qflow.v1 import environment_pb2
from qflow_client.connection import Connection
from served import REPO_ROOT, ServedProcess


class FakeRpcError(grpc.RpcError):
    def __init__(self, code, details):
        self._code, self._details = code, details

    def code(self):
        return self._code

    def details(self):
        return self._details


@pytest.mark.parametrize("code", [c for c in grpc.StatusCode if c is not grpc.StatusCode.OK], ids=lambda c: c.name)
def test_every_status_code_has_its_exception(code):
    err = errors.from_rpc_error(FakeRpcError(code, "why"), "host:1")
    assert type(err) is errors.ERROR_CLASSES[code]
    assert err.code is code and err.message == "host:1: why"
    assert isinstance(err, qflow_client.QflowError)
    by_number = errors.error_for_number(code.value[0], "why")
    assert type(by_number) is type(err) and by_number.code is code
    # Each code has a class of its own.
    assert len(set(errors.ERROR_CLASSES.values())) == len(errors.ERROR_CLASSES) == 16


def test_unknown_env_id_is_invalid_argument(address):
    with pytest.raises(qflow_client.InvalidArgumentError, match="unknown env id 'no-such-env-v0'") as caught:
        qflow_client.VectorEnv(address, "no-such-env-v0", 2)
    assert caught.value.code is grpc.StatusCode.INVALID_ARGUMENT


def test_nan_action_on_the_stream_is_invalid_argument_and_the_env_goes_on(address):
    with qflow_client.VectorEnv(address, ENV_ID, 2) as env:
        env.reset(seed=0)
        with pytest.raises(qflow_client.InvalidArgumentError, match="(?i)nan|finite"):
            env.step(np.full((2, 5), np.nan, dtype=np.float32))
        obs, *_ = env.step(np.zeros((2, 5), dtype=np.float32))
        assert obs.shape == (2, 28) and env.streams_opened == 1


def test_step_before_reset_is_failed_precondition(address):
    with qflow_client.VectorEnv(address, ENV_ID, 2) as env:
        with pytest.raises(qflow_client.FailedPreconditionError) as caught:
            env.step(np.zeros((2, 5), dtype=np.float32))
        assert caught.value.code is grpc.StatusCode.FAILED_PRECONDITION


def test_closed_session_and_unknown_dataset_are_not_found(address):
    connection = Connection(address)
    try:
        with pytest.raises(qflow_client.NotFoundError):
            connection.call(connection.env.CloseSession, environment_pb2.CloseSessionRequest(session_id="nope"))
    finally:
        connection.close()
    with pytest.raises(qflow_client.NotFoundError, match="unknown dataset"):
        qflow_client.load_dataset(address, "no-such-dataset-v0")


def test_a_full_server_is_resource_exhausted(address):
    envs = []
    try:
        with pytest.raises(qflow_client.ResourceExhaustedError):
            for _ in range(MAX_SESSIONS + 1):
                envs.append(qflow_client.VectorEnv(address, ENV_ID, 1))
    finally:
        for env in envs:
            env.close()
    qflow_client.VectorEnv(address, ENV_ID, 1).close()  # capacity is back


def test_corrupt_dataset_file_is_data_loss(address):
    with pytest.raises(qflow_client.DataLossError):
        qflow_client.load_dataset(address, "corrupt-data-v0")


def test_nothing_listening_is_unavailable():
    with pytest.raises(qflow_client.UnavailableError):
        qflow_client.VectorEnv("127.0.0.1:1", ENV_ID, 1)


def test_tls_with_a_token_wrong_token_is_unauthenticated_plaintext_unavailable():
    fixture = REPO_ROOT / "env-server" / "test" / "support" / "server-tls-fixture"
    served = ServedProcess("--workers", "1", "--token-env", "QFLOW_TEST_TOKEN", "--tls-cert", fixture / "cert.pem",
                           "--tls-key", fixture / "key.pem", env={"QFLOW_TEST_TOKEN": "s3cret"})
    ca = str(fixture / "cert.pem")
    try:
        for token in (None, "wrong"):
            with pytest.raises(qflow_client.UnauthenticatedError):
                qflow_client.VectorEnv(served.address, ENV_ID, 1, token=token, tls=ca)
        with pytest.raises(qflow_client.UnavailableError):
            qflow_client.VectorEnv(served.address, ENV_ID, 1, token="s3cret")  # plaintext to a TLS server
        with qflow_client.VectorEnv(served.address, ENV_ID, 1, token="s3cret", tls=ca) as env:
            env.reset(seed=1)
            env.step(np.zeros((1, 5), dtype=np.float32))
    finally:
        served.stop()


def test_bad_arguments_are_refused_before_any_call(address):
    with qflow_client.VectorEnv(address, ENV_ID, 2) as env:
        env.reset(seed=0)
        with pytest.raises(qflow_client.InvalidArgumentError, match=r"shape \(3, 5\), expected \(2, 5\)"):
            env.step(np.zeros((3, 5), dtype=np.float32))
        with pytest.raises(qflow_client.InvalidArgumentError, match="3 seeds given for 2 envs"):
            env.reset(seed=[1, 2, 3])
        with pytest.raises(qflow_client.InvalidArgumentError, match="unknown option"):
            env.reset(options={"task": 1})
    with pytest.raises(qflow_client.InvalidArgumentError, match="num_envs"):
        qflow_client.VectorEnv(address, ENV_ID, 0)
