"""One channel to a qflow server: credentials, the 64 MiB message limit, bearer token, typed errors on unary calls."""
import os

import grpc

from ._stubs.qflow.v1 import dataset_pb2_grpc, environment_pb2_grpc
from .errors import InvalidArgumentError, from_rpc_error

# The server accepts and sends messages up to 64 MiB; grpcio's default receive limit is 4 MiB.
MAX_MESSAGE_BYTES = 64 << 20
CALL_TIMEOUT_SECONDS = 10.0

CHANNEL_OPTIONS = [
    ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
    ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
    ("grpc.enable_retries", 0),
    # Reconnect quickly after a dropped connection: re-attaching waits at most a few hundred milliseconds.
    ("grpc.initial_reconnect_backoff_ms", 100),
    ("grpc.max_reconnect_backoff_ms", 1000),
]


def channel_credentials(tls):
    """None/False: plaintext. True: TLS with the system's roots. A path: TLS trusting that PEM CA file.
    A grpc.ChannelCredentials: used as is."""
    if tls is None or tls is False:
        return None
    if tls is True:
        return grpc.ssl_channel_credentials()
    if isinstance(tls, grpc.ChannelCredentials):
        return tls
    if isinstance(tls, (str, os.PathLike)):
        with open(tls, "rb") as f:
            return grpc.ssl_channel_credentials(root_certificates=f.read())
    raise InvalidArgumentError(f"tls must be None, True, a CA certificate path or grpc.ChannelCredentials, got {tls!r}")


class Connection:
    """A channel plus the EnvironmentService and DatasetService stubs; `call` raises typed QflowErrors."""

    def __init__(self, address: str, token: str = None, tls=None):
        if not isinstance(address, str) or not address:
            raise InvalidArgumentError(f"address must be 'host:port', got {address!r}")
        self.address = address
        creds = channel_credentials(tls)
        if creds is None:
            self.channel = grpc.insecure_channel(address, options=CHANNEL_OPTIONS)
        else:
            self.channel = grpc.secure_channel(address, creds, options=CHANNEL_OPTIONS)
        self.metadata = (("authorization", f"Bearer {token}"),) if token else ()
        self.env = environment_pb2_grpc.EnvironmentServiceStub(self.channel)
        self.datasets = dataset_pb2_grpc.DatasetServiceStub(self.channel)

    def call(self, method, request, timeout: float = CALL_TIMEOUT_SECONDS):
        """Runs a unary stub method; a failure raises the QflowError of its status code."""
        try:
            return method(request, timeout=timeout, metadata=self.metadata)
        except grpc.RpcError as err:
            raise from_rpc_error(err, self.address) from None

    def close(self) -> None:
        self.channel.close()
