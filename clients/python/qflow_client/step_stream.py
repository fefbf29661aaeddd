"""One StepStream on which step requests are pipelined: `send` queues a request without waiting, `receive`
returns the responses in request order (the server answers in order, each with its request's `sequence`).

When the stream breaks, `receive` raises StreamBrokenError and the next `send` opens a new stream; requests
in flight on the broken stream are not resent (the caller decides, after AttachSession, whether they were applied).
"""
import itertools
import queue

import grpc

from .errors import UnavailableError, error_for_number

_CLOSE = object()


class StreamBrokenError(UnavailableError):
    """The stream failed or ended with requests unanswered; `grpc_code` is its status (UNAVAILABLE when it just ended)."""

    def __init__(self, message: str, grpc_code: grpc.StatusCode):
        super().__init__(message)
        self.grpc_code = grpc_code


class StepStream:
    def __init__(self, connection):
        self._connection = connection
        self._requests = None
        self._responses = None
        self._sequences = itertools.count(1)
        self._in_flight = []
        self.streams_opened = 0

    @property
    def in_flight(self) -> int:
        return len(self._in_flight)

    def send(self, request) -> int:
        """Queues `request` (its `sequence` is set here) and returns the sequence."""
        if self._responses is None:
            self._open()
        request.sequence = next(self._sequences)
        self._in_flight.append(request.sequence)
        self._requests.put(request)
        return request.sequence

    def receive(self):
        """The response to the oldest request in flight. A per-request error raises its QflowError (the stream
        goes on); a broken stream raises StreamBrokenError."""
        if not self._in_flight:
            raise RuntimeError("StepStream.receive: no request in flight")
        try:
            response = next(self._responses)
        except StopIteration:
            self.drop()
            raise StreamBrokenError(f"{self._connection.address}: step stream ended", grpc.StatusCode.UNAVAILABLE) from None
        except grpc.RpcError as err:
            self.drop()
            raise StreamBrokenError(f"{self._connection.address}: step stream failed: {err.details()}", err.code()) from None
        expected = self._in_flight.pop(0)
        if response.sequence != expected:
            self.drop()
            raise StreamBrokenError(f"{self._connection.address}: step stream answered sequence {response.sequence}, "
                                    f"expected {expected}", grpc.StatusCode.INTERNAL)
        if response.HasField("error"):
            raise error_for_number(response.error.code, f"{self._connection.address}: step failed: {response.error.message}")
        return response

    def step(self, request):
        """send + receive of one request (nothing else may be in flight)."""
        self.send(request)
        return self.receive()

    def drop(self) -> None:
        """Cancels the stream (sessions stay alive on the server); requests in flight are forgotten."""
        if self._responses is not None:
            self._requests.put(_CLOSE)
            self._responses.cancel()
        self._requests = None
        self._responses = None
        self._in_flight = []

    def _open(self) -> None:
        requests = queue.SimpleQueue()

        def request_iterator():
            while True:
                item = requests.get()
                if item is _CLOSE:
                    return
                yield item

        self._requests = requests
        self._responses = self._connection.env.StepStream(request_iterator(), metadata=self._connection.metadata)
        self.streams_opened += 1
