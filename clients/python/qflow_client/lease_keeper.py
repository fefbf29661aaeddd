"""Keeps a session's lease alive while its owner is idle: a daemon thread calls AttachSession (cheap, changes
nothing) whenever no call has named the session for a third of the lease. Only calls renew a lease; an open but
idle StepStream does not. The thread stops when its owner is garbage-collected, so a forgotten env's session
expires instead of living as long as the process."""
import threading
import time
import weakref

from ._stubs.qflow.v1 import environment_pb2
from .errors import QflowError


class LeaseKeeper:
    def __init__(self, connection, session_id: str, lease_seconds: float, owner):
        self.session_id = session_id
        self._owner = weakref.ref(owner)
        self.last_error = None
        self._connection = connection
        self._period = max(lease_seconds / 3.0, 0.05)
        self._last_call = time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"qflow-lease-{session_id[-8:]}", daemon=True)
        self._thread.start()

    def touch(self) -> None:
        """Records that a call just named the session (so no renewal is needed for a while)."""
        self._last_call = time.monotonic()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self._period / 2):
            if self._owner() is None:
                return
            if time.monotonic() - self._last_call < self._period:
                continue
            try:
                request = environment_pb2.AttachSessionRequest(session_id=self.session_id)
                self._connection.call(self._connection.env.AttachSession, request, timeout=self._period)
                self.last_error = None
            except QflowError as err:
                self.last_error = err
            self.touch()
