"""DeepL through the official ``deepl`` Python SDK (https://github.com/DeepLcom/deepl-python, API v2).

* Key: the ``auth_key`` argument (the app's settings) or ``$DEEPL_AUTH_KEY``. It is only ever held in memory:
  it is not part of :meth:`DeepLEngine.settings`, of any provenance, cache row or log line.
* Endpoint: a key ending in ``:fx`` is a DeepL API Free key (``api-free.deepl.com``), any other key a Pro key
  (``api.deepl.com``) — the SDK's rule; ``server_url`` overrides both (tests point it at a fake server).
* Requests stay within DeepL's documented limits: at most 50 texts and 128 KiB of request body per
  ``/v2/translate`` call (:attr:`DeepLEngine.max_batch_texts`, :attr:`DeepLEngine.max_batch_bytes`).
* Glossary sync: the project glossary becomes a DeepL glossary (v2 glossary API, one language pair) named
  ``review_app/<glossary id>/<version>/<content hash>``. A glossary with that name is reused; when the version
  changes a new one is created and the project's older ones are deleted. DeepL glossaries cannot be edited in
  place through the v2 API, so "update" is create-then-delete.
* Retries: the SDK retries 429 and 5xx responses and connection failures itself, with exponential backoff
  (gRPC connection-backoff: 1 s initial, ×1.6, ±23 % jitter) up to ``deepl.http_client.max_network_retries``
  times; :class:`DeepLEngine` sets that number from ``max_retries``. After the last retry the error is mapped:
  403 → :class:`~review_app.errors.EngineAuthError`, 456 → :class:`~review_app.errors.QuotaExceeded`,
  429/5xx/connection failures → :class:`~review_app.errors.EngineUnavailable`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from review_app.engines.base import Engine, EngineOption, GlossarySpec, UsageInfo
from review_app.errors import EngineAuthError, EngineError, EngineUnavailable, QuotaExceeded

ENV_KEY = "DEEPL_AUTH_KEY"
FREE_URL = "https://api-free.deepl.com"
PRO_URL = "https://api.deepl.com"
GLOSSARY_PREFIX = "review_app/"


def _deepl() -> Any:
    import deepl  # imported lazily: the registry does not load the SDK until DeepL is used

    return deepl


def _lang_base(lang: str) -> str:
    return lang.split("-", maxsplit=1)[0].split("_", maxsplit=1)[0].upper()


def valid_glossary_term(term: str) -> bool:
    """DeepL rejects terms with control characters, tabs, newlines or U+2028/U+2029 (SDK ``validate_glossary_term``)."""
    return bool(term) and not any(
        ord(ch) <= 31 or 128 <= ord(ch) <= 159 or ch in "\u2028\u2029" for ch in term
    )


class DeepLEngine(Engine):
    name = "deepl"
    label = "DeepL"
    description = "the DeepL API through the official SDK (key from DEEPL_AUTH_KEY; the glossary as a DeepL glossary)"
    key_env = ENV_KEY
    options = (
        EngineOption("server_url", "API server (default: by key type, free or pro).",
                     label="Server URL (empty: by key type, free or pro)"),
        EngineOption("english_variant", "English variant of the output.", label="English variant", kind="choice",
                     choices=("EN-US", "EN-GB"), default="EN-US"),
        EngineOption("max_retries", "Retries on 429/5xx/network errors.", kind="int", default=5, in_app=False),
    )
    sends_data_to_third_party = True
    max_batch_texts = 50
    max_batch_bytes = 120 * 1024  # DeepL: 128 KiB per request body; leave room for the JSON around the texts

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> DeepLEngine:
        v = cls.option_values(settings)
        return cls(settings.get("api_key") or None, server_url=v["server_url"], english_variant=v["english_variant"],
                   max_retries=v["max_retries"])

    def __init__(
        self,
        auth_key: str | None = None,
        *,
        server_url: str | None = None,
        english_variant: str = "EN-US",
        formality: str | None = None,
        model_type: str | None = None,
        max_retries: int = 5,
    ) -> None:
        key = auth_key or os.environ.get(ENV_KEY, "")
        if not key.strip():
            raise EngineAuthError(
                f"no DeepL API key: set {ENV_KEY} (export {ENV_KEY}=...; keys are at "
                "https://www.deepl.com/your-account/keys). The key is only read from the environment or the "
                "app's settings and is never stored in the project."
            )
        deepl = _deepl()
        self.free = key.strip().endswith(":fx")
        self.server_url = server_url or (FREE_URL if self.free else PRO_URL)
        self.english_variant = english_variant.upper()
        self.formality = formality
        self.model_type = model_type
        # The SDK's retry count is a module-level setting (documented in its README).
        deepl.http_client.max_network_retries = max_retries
        self.max_retries = max_retries
        client_cls = getattr(deepl, "DeepLClient", None) or deepl.Translator
        self._client = client_cls(key.strip(), server_url=self.server_url, send_platform_info=False)
        self._client.set_app_info("review_app", "0.1")
        self._glossaries: dict[str, Any] = {}

    # -- metadata ------------------------------------------------------------------------------------
    def settings(self) -> dict[str, Any]:
        return {
            "api": "v2/translate",
            "english_variant": self.english_variant,
            "formality": self.formality,
            "model_type": self.model_type,
        }

    @property
    def endpoint(self) -> str:
        if self.server_url in (FREE_URL, PRO_URL):
            return "free" if self.server_url == FREE_URL else "pro"
        return "custom"

    def _target(self, target_lang: str) -> str:
        base = _lang_base(target_lang)
        if base == "EN":
            return self.english_variant if self.english_variant.startswith("EN-") else "EN-US"
        if base == "PT" and "-" not in target_lang:
            return "PT-PT"
        return target_lang.upper()

    # -- errors --------------------------------------------------------------------------------------
    def _map_error(self, exc: Exception) -> EngineError:
        deepl = _deepl()
        if isinstance(exc, deepl.AuthorizationException):
            return EngineAuthError(
                f"DeepL rejected the API key (HTTP 403): check {ENV_KEY}. A DeepL API Free key ends in ':fx' "
                "and works only with the free endpoint; a Pro key only with the Pro endpoint."
            )
        if isinstance(exc, deepl.QuotaExceededException):
            return QuotaExceeded(
                "DeepL quota for this billing period is used up (HTTP 456); raise the limit in your DeepL "
                "account or wait for the next billing period"
            )
        if isinstance(exc, deepl.TooManyRequestsException):
            return EngineUnavailable(
                f"DeepL still answered 429 Too Many Requests after {self.max_retries} retries with backoff; "
                "wait a few minutes and re-run"
            )
        if isinstance(exc, deepl.ConnectionException):
            return EngineUnavailable(
                f"cannot reach DeepL at {self.server_url} ({exc}); check the network connection or proxy "
                "and re-run"
            )
        status = getattr(exc, "http_status_code", None)
        if status is not None and status >= 500:
            return EngineUnavailable(
                f"DeepL had a server error (HTTP {status}) after {self.max_retries} retries; re-run later"
            )
        return EngineError(f"DeepL error: {exc}")

    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        deepl = _deepl()
        try:
            return fn(*args, **kwargs)
        except deepl.DeepLException as exc:
            raise self._map_error(exc) from exc

    # -- glossary sync -------------------------------------------------------------------------------
    def deepl_glossary_name(self, glossary: GlossarySpec) -> str:
        return f"{GLOSSARY_PREFIX}{glossary.id}/{glossary.version}/{glossary.content_hash}"

    def sync_glossary(self, glossary: GlossarySpec, source_lang: str, target_lang: str) -> Any | None:
        """Return the DeepL glossary for ``glossary`` (creating it if this version is not there yet)."""
        entries = {s: t for s, t in glossary.entries.items() if valid_glossary_term(s) and valid_glossary_term(t)}
        if not entries:
            return None
        name = self.deepl_glossary_name(glossary)
        src, tgt = _lang_base(source_lang), _lang_base(target_lang)
        cache_key = f"{name}|{src}|{tgt}"
        if cache_key in self._glossaries:
            return self._glossaries[cache_key]
        found = None
        prefix = f"{GLOSSARY_PREFIX}{glossary.id}/"
        for info in self._call(self._client.list_glossaries):
            same_pair = info.source_lang == src and info.target_lang == tgt
            if info.name == name and same_pair and info.ready and found is None:
                found = info
            elif info.name.startswith(prefix) and same_pair:
                self._call(self._client.delete_glossary, info)  # an older version of this glossary
        if found is None:
            found = self._call(self._client.create_glossary, name, src, tgt, entries)
        self._glossaries[cache_key] = found
        return found

    # -- translation ---------------------------------------------------------------------------------
    def _translate(
        self, texts: list[str], source_lang: str, target_lang: str, glossary: GlossarySpec | None
    ) -> list[tuple[str, int | None, dict[str, Any]]]:
        info = self.sync_glossary(glossary, source_lang, target_lang) if glossary is not None else None
        kwargs: dict[str, Any] = {"source_lang": _lang_base(source_lang), "target_lang": self._target(target_lang)}
        if info is not None:
            kwargs["glossary"] = info
        if self.formality:
            kwargs["formality"] = self.formality
        if self.model_type:
            kwargs["model_type"] = self.model_type
        # Empty strings are not worth a request (DeepL bills nothing for them but rejects an all-empty list).
        todo = [i for i, t in enumerate(texts) if t.strip()]
        results = self._call(self._client.translate_text, [texts[i] for i in todo], **kwargs) if todo else []
        out: list[tuple[str, int | None, dict[str, Any]]] = [("", 0, {}) for _ in texts]
        gloss: Mapping[str, Any] | None = None
        if glossary is not None:
            gloss = {**glossary.provenance(), "deepl_glossary_id": info.glossary_id if info is not None else None}
        for i, res in zip(todo, results, strict=True):
            extra: dict[str, Any] = {
                "endpoint": self.endpoint,
                "target_lang": kwargs["target_lang"],
                "detected_source_lang": res.detected_source_lang,
                "model_type_used": getattr(res, "model_type_used", None),
            }
            if gloss is not None:
                extra["glossary"] = dict(gloss)
            out[i] = (res.text, res.billed_characters, extra)
        return out

    def usage(self) -> UsageInfo:
        u = self._call(self._client.get_usage)
        return UsageInfo(used=u.character.count, limit=u.character.limit, detail={"endpoint": self.endpoint})

    def close(self) -> None:
        self._client.close()


__all__ = ["ENV_KEY", "DeepLEngine", "valid_glossary_term"]
