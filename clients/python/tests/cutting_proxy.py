"""A loopback TCP proxy that can break the connections it carries, to test re-attach and resume.

`cut()` closes every open connection now. `cut_after(n)` lets n more bytes through from server to client, then
closes every connection. `swallow_responses()` keeps forwarding requests but drops every byte the server sends
back until the next cut (the server applies a request whose answer never arrives)."""
import socket
import threading


class CuttingProxy:
    def __init__(self, target: str):
        host, port = target.rsplit(":", 1)
        self._target = (host, int(port))
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.address = f"127.0.0.1:{self._listener.getsockname()[1]}"
        self._lock = threading.Lock()
        self._sockets = []
        self._budget = None
        self._swallow = False
        self.cuts = 0
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def cut(self) -> None:
        with self._lock:
            sockets, self._sockets = self._sockets, []
            self._budget = None
            self._swallow = False
            self.cuts += 1
        for s in sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def cut_after(self, n: int) -> None:
        with self._lock:
            self._budget = n

    def swallow_responses(self) -> None:
        with self._lock:
            self._swallow = True

    def close(self) -> None:
        self._closed = True
        self._listener.close()
        self.cut()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(self._target)
            with self._lock:
                self._sockets += [client, server]
            threading.Thread(target=self._pipe, args=(client, server, False), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client, True), daemon=True).start()

    def _pipe(self, source, sink, to_client: bool) -> None:
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if to_client and not self._forward_to_client(data, sink):
                    return
                if not to_client:
                    sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def _forward_to_client(self, data: bytes, sink) -> bool:
        """False once the connections were cut."""
        with self._lock:
            if self._swallow:
                swallowed = True
            else:
                swallowed = False
                budget = self._budget
                if budget is not None:
                    data = data[:budget]
                    self._budget = budget - len(data)
        if swallowed:
            return True
        if data:
            sink.sendall(data)
        if budget is not None and self._budget == 0:
            self.cut()
            return False
        return True
