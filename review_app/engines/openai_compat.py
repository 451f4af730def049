"""Any OpenAI-compatible chat-completions endpoint (OpenAI, llama.cpp server, Ollama, vLLM, LM Studio).

Protocol: ``POST {base_url}/chat/completions`` with ``{"model", "messages", "temperature"}``, answer in
``choices[0].message.content`` (https://platform.openai.com/docs/api-reference/chat/create). One request per
segment: the prompt carries the glossary entries that occur in the segment and the neighbouring source
segments as context (marked as context, not to be translated). ``temperature`` is 0 by default so a re-run
gives the same output where the server is deterministic; the cache makes re-runs free anyway.

The key, if the server needs one, comes from ``$OPENAI_API_KEY`` (or the ``api_key`` argument) and is never
stored. Data leaves the machine unless the base URL is a loopback address (local model servers).

Errors: 401/403 → :class:`~review_app.errors.EngineAuthError`; 429 with ``insufficient_quota`` →
:class:`~review_app.errors.QuotaExceeded`; other 429 and 5xx are retried with exponential backoff
(``max_retries``, honouring ``Retry-After``) and then → :class:`~review_app.errors.EngineUnavailable`; a
refused connection → :class:`~review_app.errors.EngineUnavailable` naming the URL.
"""

from __future__ import annotations

import ipaddress
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from typing import Any

from review_app.engines.base import Engine, EngineOption, GlossarySpec, SegmentInput
from review_app.errors import EngineAuthError, EngineError, EngineUnavailable, InputError, QuotaExceeded
from review_app.models import Candidate

ENV_KEY = "OPENAI_API_KEY"
LANG_NAMES = {"ja": "Japanese", "en": "English", "zh": "Chinese", "ko": "Korean", "de": "German", "fr": "French"}

SYSTEM_PROMPT = (
    "You are a professional {src} to {tgt} translator of news articles. Translate the text the user gives "
    "into {tgt}. Keep names, numbers and dates exact. Reply with the translation only: no notes, no quotes, "
    "no explanation."
)


def _lang(code: str) -> str:
    return LANG_NAMES.get(code.split("-", maxsplit=1)[0].lower(), code)


def build_messages(
    seg: SegmentInput, source_lang: str, target_lang: str, glossary: GlossarySpec | None
) -> list[dict[str, str]]:
    """The chat messages for one segment: instructions, glossary entries that occur, context, the text."""
    src, tgt = _lang(source_lang), _lang(target_lang)
    parts: list[str] = []
    terms = glossary.matching(seg.text) if glossary is not None else {}
    if terms:
        parts.append(
            "Use these glossary translations:\n" + "\n".join(f"- {s} → {t}" for s, t in terms.items())
        )
    context = [c for c in (seg.previous, seg.next) if c]
    if context:
        ctx = []
        if seg.previous:
            ctx.append(f"Previous sentence: {seg.previous}")
        if seg.next:
            ctx.append(f"Next sentence: {seg.next}")
        parts.append("Context (do not translate):\n" + "\n".join(ctx))
    parts.append(f"Translate:\n{seg.text}")
    return [
        {"role": "system", "content": SYSTEM_PROMPT.format(src=src, tgt=tgt)},
        {"role": "user", "content": "\n\n".join(parts)},
    ]


def _is_loopback(url: str) -> bool:
    host = urllib.parse.urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class OpenAICompatEngine(Engine):
    name = "openai"
    label = "OpenAI-compatible endpoint"
    description = "any OpenAI-compatible chat-completions endpoint (OpenAI, llama.cpp server, Ollama, vLLM)"
    data_policy = "third party unless the base URL is a loopback address"
    key_env = ENV_KEY
    options = (
        EngineOption("base_url", "the endpoint, e.g. http://127.0.0.1:8080/v1", label="Base URL",
                     placeholder="http://127.0.0.1:8080/v1"),
        EngineOption("model", "model name.", label="Model", placeholder="e.g. qwen2.5-7b-instruct"),
        EngineOption("name", "Engine name to store the candidates under.", label="Store candidates as (engine name)",
                     placeholder="default: openai"),
        EngineOption("max_retries", "Retries on 429/5xx/network errors.", kind="int", default=5, in_app=False),
    )
    sends_data_to_third_party = True
    max_batch_texts = 10  # one request per segment; a batch is what is saved together

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> OpenAICompatEngine:
        v = cls.option_values(settings)
        return cls(v["base_url"] or "", v["model"] or "", api_key=settings.get("api_key") or None,
                   max_retries=v["max_retries"], engine_name=v["name"])

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str | None = None,
        temperature: float = 0.0,
        timeout: float = 120.0,
        max_retries: int = 4,
        backoff: float = 1.0,
        engine_name: str | None = None,
    ) -> None:
        if not base_url or urllib.parse.urlsplit(base_url).scheme not in ("http", "https"):
            raise InputError(
                f"the OpenAI-compatible base URL {base_url!r} is not an http(s) URL; pass e.g. "
                "--base-url http://127.0.0.1:8080/v1"
            )
        if not model:
            raise InputError("name the model with --model (e.g. --model llama3.1:8b)")
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.api_key = api_key or os.environ.get(ENV_KEY) or None
        self.temperature = temperature
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self._name = engine_name or self.name
        # Per instance: a local server keeps the data on this machine.
        self.sends_data_to_third_party = not _is_loopback(self.base_url)  # type: ignore[misc]

    @property
    def engine_name(self) -> str:
        return self._name

    def settings(self) -> dict[str, Any]:
        host = urllib.parse.urlsplit(self.base_url)
        return {
            "model": self.model,
            "temperature": self.temperature,
            "endpoint": f"{host.scheme}://{host.hostname}{host.path}",
            "prompt": "v1",
        }

    # -- HTTP ------------------------------------------------------------------------------------------
    def _post(self, payload: dict[str, Any]) -> dict[str, Any]:
        url = f"{self.base_url}/chat/completions"
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        attempt = 0
        while True:
            req = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310 (http(s) checked)
                    data: dict[str, Any] = json.loads(resp.read().decode("utf-8"))
                    return data
            except urllib.error.HTTPError as exc:
                detail = exc.read().decode("utf-8", "replace")
                retry_after = exc.headers.get("Retry-After") if exc.headers else None
                error = self._map_http(exc.code, detail)
                if error is not None:
                    raise error from exc
                if attempt >= self.max_retries:
                    raise EngineUnavailable(
                        f"{url} answered HTTP {exc.code} after {self.max_retries} retries; re-run later"
                    ) from exc
                delay = self.backoff * (2**attempt)
                if retry_after and retry_after.isdigit():
                    delay = max(delay, float(retry_after))
            except urllib.error.URLError as exc:
                if attempt >= self.max_retries:
                    raise EngineUnavailable(
                        f"cannot reach the OpenAI-compatible server at {self.base_url} ({exc.reason}); is the "
                        "server running and the --base-url right?"
                    ) from exc
                delay = self.backoff * (2**attempt)
            except (TimeoutError, json.JSONDecodeError) as exc:
                raise EngineUnavailable(f"no usable answer from {url}: {exc}") from exc
            attempt += 1
            time.sleep(delay)

    def _map_http(self, code: int, detail: str) -> EngineError | None:
        """An error to raise now, or ``None`` for a retryable status."""
        if code in (401, 403):
            return EngineAuthError(
                f"the server at {self.base_url} rejected the API key (HTTP {code}); set {ENV_KEY}"
            )
        if code == 429 and "insufficient_quota" in detail:
            return QuotaExceeded(f"the account at {self.base_url} has no quota left (HTTP 429 insufficient_quota)")
        if code == 429 or code >= 500:
            return None
        if code == 404:
            return EngineError(
                f"{self.base_url}/chat/completions not found (HTTP 404): the base URL usually ends in /v1, "
                f"and the model {self.model!r} must exist on the server"
            )
        return EngineError(f"the server at {self.base_url} answered HTTP {code}: {detail[:300]}")

    # -- translation ---------------------------------------------------------------------------------
    def _one(
        self, seg: SegmentInput, source_lang: str, target_lang: str, glossary: GlossarySpec | None
    ) -> Candidate:
        messages = build_messages(seg, source_lang, target_lang, glossary)
        data = self._post({"model": self.model, "messages": messages, "temperature": self.temperature})
        try:
            text = str(data["choices"][0]["message"]["content"]).strip()
        except (KeyError, IndexError, TypeError) as exc:
            raise EngineError(f"unexpected answer from {self.base_url}: no choices[0].message.content") from exc
        usage = data.get("usage") or {}
        extra: dict[str, Any] = {
            "model_reported": data.get("model"),
            "prompt_tokens": usage.get("prompt_tokens"),
            "completion_tokens": usage.get("completion_tokens"),
            "context_segments": sum(1 for c in (seg.previous, seg.next) if c),
        }
        if glossary is not None:
            extra["glossary"] = {**glossary.provenance(), "terms_in_prompt": len(glossary.matching(seg.text))}
        cand = self._candidate(text, None, extra, glossary)
        cand.segment_key = seg.key
        return cand

    def translate_segments(self, segments: Sequence[SegmentInput], source_lang: str, target_lang: str,
                           glossary: GlossarySpec | None = None) -> list[Candidate | None]:
        return [self._one(s, source_lang, target_lang, glossary) for s in segments]

    def _translate(
        self, texts: list[str], source_lang: str, target_lang: str, glossary: GlossarySpec | None
    ) -> list[tuple[str, int | None, dict[str, Any]]]:
        out: list[tuple[str, int | None, dict[str, Any]]] = []
        for i, text in enumerate(texts):
            seg = SegmentInput(
                key=str(i),
                text=text,
                previous=texts[i - 1] if i > 0 else None,
                next=texts[i + 1] if i + 1 < len(texts) else None,
            )
            cand = self._one(seg, source_lang, target_lang, glossary)
            prov = dict(cand.provenance)
            out.append((cand.text, None, {k: v for k, v in prov.items() if k not in ("engine", "settings")}))
        return out


__all__ = ["ENV_KEY", "OpenAICompatEngine", "build_messages"]
