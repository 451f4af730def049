"""The HTTP plumbing the fake engine servers share: a threaded server on 127.0.0.1 at a random port, run in a
daemon thread, whose requests go to a handler class made for the fake (``handler_for(self)``)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self


class LocalServer:
    url_path = ""
    """Appended to ``http://host:port`` in :attr:`url` (``/v1`` for OpenAI-style base URLs)."""

    def __init__(self, handler_for: Callable[[Self], type[BaseHTTPRequestHandler]]) -> None:
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}{self.url_path}"

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
