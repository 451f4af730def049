"""A fake DeepL API v2 server for tests (http.server on 127.0.0.1, random port, background thread).

Implements what ``deepl`` (the official SDK) calls for text translation and glossaries, with the JSON shapes
and status codes of https://developers.deepl.com/docs/api-reference :

* ``POST /v2/translate`` — ``{"translations": [{"detected_source_language", "text", "billed_characters"}]}``;
  400 for a bad/deprecated ``target_lang`` or more than 50 texts, 413 for a body over 128 KiB, 404 for an
  unknown glossary, 456 when the request would exceed the character limit (nothing billed).
* ``GET /v2/usage``, ``GET /v2/languages`` (``type=target``), ``GET /v2/glossary-language-pairs``.
* ``POST/GET /v2/glossaries``, ``GET/DELETE /v2/glossaries/{id}``, ``GET /v2/glossaries/{id}/entries`` (TSV).
* 403 for a missing or wrong ``Authorization: DeepL-Auth-Key …`` header.

Failures can be queued (``fail_next = [429, 503]``) to exercise the SDK's retry/backoff. The "translation" is
deterministic: glossary terms are replaced by their targets and the rest is wrapped as ``EN(<text>)`` so a test
can see which glossary was applied. Billed characters are counted like DeepL does: per source character.
"""

from __future__ import annotations

import json
import urllib.parse
import uuid
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.local_server import LocalServer

MAX_TEXTS = 50
MAX_BODY = 128 * 1024


class FakeDeepL(LocalServer):
    def __init__(self, auth_key: str = "test-key:fx", character_limit: int = 500_000) -> None:
        self.auth_key = auth_key
        self.character_limit = character_limit
        self.character_count = 0
        self.glossaries: dict[str, dict[str, Any]] = {}
        self.fail_next: list[int] = []
        self.requests: list[tuple[str, str]] = []
        self.translate_calls: list[dict[str, Any]] = []
        self.glossaries_created = 0
        self.glossaries_deleted = 0
        super().__init__(_handler)

    @property
    def texts_translated(self) -> list[str]:
        return [t for call in self.translate_calls for t in call["text"]]

    # -- behaviour -----------------------------------------------------------------------------------
    def fake_translate(self, text: str, glossary_id: str | None) -> str:
        out = text
        if glossary_id:
            entries = self.glossaries[glossary_id]["entries"]
            for src in sorted(entries, key=len, reverse=True):
                out = out.replace(src, entries[src])
        return f"EN({out})"

    def handle(self, method: str, path: str, query: dict[str, str], body: bytes, headers: Any) -> tuple[int, Any]:
        self.requests.append((method, path))
        if headers.get("Authorization") != f"DeepL-Auth-Key {self.auth_key}":
            return 403, {"message": "Authorization failed. Please supply a valid auth_key parameter."}
        with self._lock:
            if self.fail_next:
                code = self.fail_next.pop(0)
                return code, {"message": "Too many requests" if code == 429 else "Internal error"}
        data: dict[str, Any] = {}
        ctype = headers.get("Content-Type", "")
        if body and "json" in ctype:
            data = json.loads(body)
        elif body:
            data = {k: v[0] for k, v in urllib.parse.parse_qs(body.decode()).items()}
        data.update(query)
        parts = [p for p in path.split("/") if p]
        if parts[:1] != ["v2"]:
            return 404, {"message": "Not found"}
        route = parts[1:]
        if route == ["translate"] and method == "POST":
            return self._translate(data, len(body))
        if route == ["usage"] and method == "GET":
            return 200, {"character_count": self.character_count, "character_limit": self.character_limit}
        if route == ["languages"] and method == "GET":
            if data.get("type") == "target":
                return 200, [
                    {"language": "EN-GB", "name": "English (British)", "supports_formality": False},
                    {"language": "EN-US", "name": "English (American)", "supports_formality": False},
                    {"language": "JA", "name": "Japanese", "supports_formality": False},
                ]
            return 200, [{"language": "EN", "name": "English"}, {"language": "JA", "name": "Japanese"}]
        if route == ["glossary-language-pairs"] and method == "GET":
            return 200, {"supported_languages": [{"source_lang": "ja", "target_lang": "en"},
                                                 {"source_lang": "en", "target_lang": "ja"}]}
        if route == ["glossaries"] and method == "POST":
            return self._create_glossary(data)
        if route == ["glossaries"] and method == "GET":
            return 200, {"glossaries": [self._info(g) for g in self.glossaries.values()]}
        if len(route) >= 2 and route[0] == "glossaries":
            g = self.glossaries.get(route[1])
            if g is None:
                return 404, {"message": "Glossary not found"}
            if len(route) == 2 and method == "GET":
                return 200, self._info(g)
            if len(route) == 2 and method == "DELETE":
                del self.glossaries[route[1]]
                self.glossaries_deleted += 1
                return 204, None
            if route[2:] == ["entries"] and method == "GET":
                tsv = "\n".join(f"{s}\t{t}" for s, t in g["entries"].items())
                return 200, ("text/tab-separated-values", tsv)
        return 404, {"message": "Not found"}

    def _info(self, g: dict[str, Any]) -> dict[str, Any]:
        return {k: g[k] for k in ("glossary_id", "name", "ready", "source_lang", "target_lang",
                                  "creation_time", "entry_count")}

    def _create_glossary(self, data: dict[str, Any]) -> tuple[int, Any]:
        for k in ("name", "source_lang", "target_lang", "entries", "entries_format"):
            if not data.get(k):
                return 400, {"message": f"Missing or invalid argument: {k}"}
        if (data["source_lang"].lower(), data["target_lang"].lower()) not in {("ja", "en"), ("en", "ja")}:
            return 400, {"message": "Unsupported glossary language pair"}
        if data["entries_format"] != "tsv":
            return 400, {"message": "Unsupported entries format"}
        entries = {}
        for line in data["entries"].splitlines():
            if not line:
                continue
            src, _, tgt = line.partition("\t")
            if not tgt or src in entries:
                return 400, {"message": "Invalid glossary entries provided"}
            entries[src] = tgt
        gid = str(uuid.uuid4())
        self.glossaries[gid] = {
            "glossary_id": gid,
            "name": data["name"],
            "ready": True,
            "source_lang": data["source_lang"].lower(),
            "target_lang": data["target_lang"].lower(),
            "creation_time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "entry_count": len(entries),
            "entries": entries,
        }
        self.glossaries_created += 1
        return 201, self._info(self.glossaries[gid])

    def _translate(self, data: dict[str, Any], size: int) -> tuple[int, Any]:
        texts = data.get("text")
        if size > MAX_BODY:
            return 413, {"message": "Request Entity Too Large"}
        if not isinstance(texts, list) or not texts:
            return 400, {"message": "Parameter 'text' not specified."}
        if len(texts) > MAX_TEXTS:
            return 400, {"message": f"Too many texts: at most {MAX_TEXTS} per request"}
        target = str(data.get("target_lang", "")).upper()
        if target not in {"EN-US", "EN-GB", "JA"}:
            return 400, {"message": "Value for 'target_lang' not supported."}
        gid = data.get("glossary_id")
        if gid is not None:
            if not data.get("source_lang"):
                return 400, {"message": "Use of a glossary requires the source_lang parameter to be set."}
            if gid not in self.glossaries:
                return 404, {"message": "Glossary not found"}
        billed = sum(len(t) for t in texts)
        with self._lock:
            if self.character_count + billed > self.character_limit:
                return 456, {"message": "Quota Exceeded"}
            self.character_count += billed
            self.translate_calls.append(data)
        return 200, {
            "translations": [
                {"detected_source_language": "JA", "text": self.fake_translate(t, gid), "billed_characters": len(t)}
                for t in texts
            ]
        }


def _handler(fake: FakeDeepL) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self, method: str) -> None:
            parsed = urllib.parse.urlsplit(self.path)
            query = {k: v[0] for k, v in urllib.parse.parse_qs(parsed.query).items()}
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            status, payload = fake.handle(method, parsed.path, query, body, self.headers)
            if payload is None:
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if isinstance(payload, tuple):
                ctype, text = payload
                raw = text.encode("utf-8")
            else:
                ctype, raw = "application/json", json.dumps(payload, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", f"{ctype}; charset=utf-8")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def do_DELETE(self) -> None:
            self._serve("DELETE")

        def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
            pass

    return Handler
