"""A fake OpenAI-compatible chat-completions server for tests (127.0.0.1, random port, background thread).

``POST /v1/chat/completions`` answers in the OpenAI response shape (``id``, ``object``, ``model``,
``choices[0].message.content``, ``usage``). The "translation" is ``EN<<sentence>>`` where sentence is the text
after the prompt's ``Translate:`` line, with glossary entries from the prompt applied — so tests can check
what the prompt carried. Every request body is kept in ``requests``. Failures can be queued in
``fail_next`` (status codes; a 429 with ``insufficient_quota`` via ``("429", "insufficient_quota")``);
``api_key`` makes the server require ``Authorization: Bearer …`` (401 otherwise).
"""

from __future__ import annotations

import json
import re
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.local_server import LocalServer

_GLOSSARY_LINE = re.compile(r"^- (.+?) → (.+)$", re.MULTILINE)


class FakeOpenAI(LocalServer):
    url_path = "/v1"

    def __init__(self, api_key: str | None = None) -> None:
        self.api_key = api_key
        self.requests: list[dict[str, Any]] = []
        self.fail_next: list[int | tuple[int, str]] = []
        self.status_calls = 0
        super().__init__(_handler)

    def handle(self, path: str, body: bytes, headers: Any) -> tuple[int, dict[str, Any]]:
        with self._lock:
            self.status_calls += 1
            if self.api_key and headers.get("Authorization") != f"Bearer {self.api_key}":
                return 401, {"error": {"message": "Incorrect API key provided", "type": "invalid_request_error",
                                       "code": "invalid_api_key"}}
            if self.fail_next:
                fail = self.fail_next.pop(0)
                code, kind = (fail, "server_error") if isinstance(fail, int) else fail
                return code, {"error": {"message": "failure", "type": kind, "code": kind}}
        if path != "/v1/chat/completions":
            return 404, {"error": {"message": f"Unknown path {path}"}}
        data = json.loads(body)
        self.requests.append(data)
        if data.get("model") != "test-model":
            return 404, {"error": {"message": f"model {data.get('model')!r} not found"}}
        user = data["messages"][-1]["content"]
        sentence = user.rsplit("Translate:\n", 1)[-1]
        for src, tgt in _GLOSSARY_LINE.findall(user):
            sentence = sentence.replace(src, tgt)
        return 200, {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": "chat.completion",
            "created": 1_764_300_000,
            "model": "test-model-2025",
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": f"  EN<<{sentence}>>\n"}}],
            "usage": {"prompt_tokens": len(user), "completion_tokens": len(sentence), "total_tokens": 0},
        }


def _handler(fake: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            status, payload = fake.handle(self.path, self.rfile.read(length), self.headers)
            raw = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            if status == 429:
                self.send_header("Retry-After", "0")
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler
