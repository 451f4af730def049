"""The machine-translation engine contract (after Weblate's ``machinery/base.py`` and simonw/llm's models).

An engine has declarative metadata (``name``, ``sends_data_to_third_party``, request limits) and one public
method, :meth:`Engine.translate_batch`, which turns source texts into :class:`~review_app.models.Candidate`
objects that each carry their provenance: engine, model/settings, glossary id and version, timestamp and the
characters the provider billed. Failures are mapped at this boundary to the small hierarchy in
:mod:`review_app.errors` (:class:`~review_app.errors.EngineAuthError` for a bad key,
:class:`~review_app.errors.QuotaExceeded` for a used-up quota, :class:`~review_app.errors.EngineUnavailable`
for a network failure), so the runner, the CLI and the app never see an SDK's exception types.

Engines that can use more than the text (neighbouring segments as context, a segment's id) override the
hook :meth:`Engine.translate_segments`; its default calls :meth:`Engine.translate_batch`.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar, Literal

from review_app.errors import EngineError, InputError
from review_app.models import Candidate


@dataclass(frozen=True, slots=True)
class GlossarySpec:
    """A project glossary as engines need it: source term → preferred target term, plus a version.

    The glossary module builds richer concepts (admitted and forbidden forms); engines only need the
    preferred rendering of each source term. ``version`` changes whenever the entries change; it is part
    of the translation cache key and of every candidate's provenance.
    """

    entries: Mapping[str, str]
    version: str
    id: str = "project"
    """Stable name of the glossary within the project (several glossaries may exist)."""

    @classmethod
    def from_mapping(
        cls, entries: Mapping[str, str], *, version: str | None = None, id: str = "project"
    ) -> GlossarySpec:
        """Build a spec; without ``version`` the version is a hash of the (sorted) entries."""
        clean = {s.strip(): t.strip() for s, t in entries.items() if s.strip() and t.strip()}
        if version is None:
            digest = hashlib.sha256(json.dumps(sorted(clean.items()), ensure_ascii=False).encode("utf-8"))
            version = digest.hexdigest()[:12]
        return cls(entries=clean, version=version, id=id)

    @property
    def content_hash(self) -> str:
        data = json.dumps(sorted(self.entries.items()), ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(data).hexdigest()[:12]

    def matching(self, text: str) -> dict[str, str]:
        """Entries whose source term occurs in ``text`` (substring match: Japanese has no word spaces).

        Longer terms win over terms they contain (``経済政策`` over ``経済``) where they overlap.
        """
        norm = unicodedata.normalize("NFKC", text)
        found: list[tuple[int, int, str]] = []
        for src in sorted(self.entries, key=len, reverse=True):
            needle = unicodedata.normalize("NFKC", src)
            start = norm.find(needle)
            while start != -1:
                end = start + len(needle)
                if not any(s < end and start < e for s, e, _ in found):
                    found.append((start, end, src))
                    break
                start = norm.find(needle, start + 1)
        found.sort()
        return {src: self.entries[src] for _, _, src in found}

    def provenance(self) -> dict[str, Any]:
        return {"id": self.id, "version": self.version, "entries": len(self.entries)}


@dataclass(frozen=True, slots=True)
class SegmentInput:
    """One segment to translate, with what context-aware engines may use."""

    key: str
    text: str
    previous: str | None = None
    """The source text of the segment before (same document), if any."""
    next: str | None = None


def utcnow_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(slots=True)
class UsageInfo:
    """What the provider reports about the account's quota (characters in the billing period)."""

    used: int | None
    limit: int | None
    detail: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        if self.used is None:
            return "usage unknown"
        if self.limit:
            return f"{self.used:,} of {self.limit:,} characters used ({100 * self.used / self.limit:.1f}%)"
        return f"{self.used:,} characters used"


OptionKind = Literal["text", "int", "choice", "file", "provenance"]


@dataclass(frozen=True, slots=True)
class EngineOption:
    """One setting of an engine. ``review-app translate`` makes a command-line option of it and the app's
    Compare page a form field, so an engine's settings are declared once, on the engine class."""

    name: str
    """The key in the settings :meth:`Engine.from_settings` receives; the CLI option is ``--name-with-dashes``
    unless ``flag`` says otherwise, the app's field key ``tr_<name>``."""
    help: str
    """One line for ``--help`` (the engines that take the option are named before it)."""
    label: str = ""
    """The app's field label (default: ``help``)."""
    kind: OptionKind = "text"
    """``text``, ``int``, ``choice`` (one of ``choices``), ``file`` (a bilingual file: a path on the command line,
    an upload or a shipped file in the app) or ``provenance`` (where the translations come from: JSON or
    ``@FILE.json`` on the command line, kind/by/how fields in the app)."""
    choices: tuple[str, ...] = ()
    default: Any = None
    required: bool = False
    placeholder: str = ""
    flag: str = ""
    """The command-line option when it is not ``--`` + the name with dashes (e.g. ``--file`` for ``file_path``)."""
    in_app: bool = True
    """Whether the app's form offers it (retry counts are a command-line matter)."""

    @property
    def cli_flag(self) -> str:
        return self.flag or "--" + self.name.replace("_", "-")


class Engine:
    """Base class of every engine. Subclasses set the class attributes, implement ``_translate`` and
    :meth:`from_settings`; registering the class in :data:`review_app.engines.ENGINES` is all the wiring: the
    CLI's ``translate --engine``, ``engines list``, the app's Compare page and the generated docs read these."""

    name: ClassVar[str] = ""
    """Registry name and the ``engine`` of the candidates it makes (``deepl``, ``openai``, ``file``)."""
    label: ClassVar[str] = ""
    """How the app names it (``DeepL``)."""
    description: ClassVar[str] = ""
    """One line for ``--help`` and ``engines list``."""
    data_policy: ClassVar[str] = ""
    """Where the text goes, when ``sends_data_to_third_party`` alone does not say it (``engines list``)."""
    options: ClassVar[tuple[EngineOption, ...]] = ()
    """The settings :meth:`from_settings` takes."""
    key_env: ClassVar[str | None] = None
    """The environment variable holding the API key, if the engine needs one (the app also looks in its
    session and Streamlit secrets and passes the key as ``settings["api_key"]``)."""
    uses_glossary: ClassVar[bool] = True
    """Whether a project glossary passed to the engine changes its output."""
    action: ClassVar[str] = "Translate"
    """The verb of the app's run button."""
    sends_data_to_third_party: ClassVar[bool] = True
    """Whether source text leaves this machine (shown to users before a run)."""
    max_batch_texts: ClassVar[int] = 50
    """At most this many texts per request."""
    max_batch_bytes: ClassVar[int] = 120_000
    """At most this many UTF-8 bytes of text per request (request bodies have a size limit)."""
    cacheable: ClassVar[bool] = True
    """Whether outputs go to the translation cache (a file import is free and matches by id: not cached)."""

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> Engine:
        """The engine configured by ``settings``: values of :attr:`options` by name (see :meth:`option_values`)
        and ``api_key`` where the caller has a key of its own (the app's session)."""
        raise NotImplementedError

    @classmethod
    def option_values(cls, settings: Mapping[str, Any]) -> dict[str, Any]:
        """Each option's value from ``settings``, its default where it is missing or blank; a missing required
        option is an :class:`~review_app.errors.InputError` naming it."""
        out: dict[str, Any] = {}
        for opt in cls.options:
            value = settings.get(opt.name)
            if value is None or (isinstance(value, str) and not value.strip()):
                value = opt.default
            if value is None and opt.required:
                raise InputError(f"the {cls.name} engine needs {opt.label or opt.name} ({opt.cli_flag}): {opt.help}")
            out[opt.name] = value
        return out

    @property
    def engine_name(self) -> str:
        """The name candidates are stored under (a file import may choose its own)."""
        return self.name

    def settings(self) -> dict[str, Any]:
        """Everything that changes the output (model, formality, endpoint kind) — never secrets.

        Part of the cache key and of each candidate's provenance.
        """
        return {}

    def usage(self) -> UsageInfo | None:
        """The provider's quota report, if it has one."""
        return None

    # -- public contract ------------------------------------------------------------------------------
    def translate_batch(
        self,
        texts: Sequence[str],
        source_lang: str,
        target_lang: str,
        glossary: GlossarySpec | None = None,
    ) -> list[Candidate]:
        """Translate ``texts``; one candidate per text, in order, each with full provenance."""
        if not texts:
            return []
        results = self._translate(list(texts), source_lang, target_lang, glossary)
        if len(results) != len(texts):
            raise EngineError(f"{self.engine_name} returned {len(results)} translations for {len(texts)} texts")
        return [self._candidate(text, billed, extra, glossary) for text, billed, extra in results]

    def translate_segments(
        self,
        segments: Sequence[SegmentInput],
        source_lang: str,
        target_lang: str,
        glossary: GlossarySpec | None = None,
    ) -> list[Candidate | None]:
        """Hook for engines that use more than the text; ``None`` means "no candidate for this segment"."""
        cands = self.translate_batch([s.text for s in segments], source_lang, target_lang, glossary)
        out: list[Candidate | None] = []
        for seg, cand in zip(segments, cands, strict=True):
            cand.segment_key = seg.key
            out.append(cand)
        return out

    def batches(self, items: Sequence[SegmentInput]) -> Iterator[list[SegmentInput]]:
        """Split ``items`` into requests within ``max_batch_texts`` and ``max_batch_bytes``."""
        batch: list[SegmentInput] = []
        size = 0
        for item in items:
            n = len(item.text.encode("utf-8")) + 16  # JSON quoting and separators
            if batch and (len(batch) >= self.max_batch_texts or size + n > self.max_batch_bytes):
                yield batch
                batch, size = [], 0
            batch.append(item)
            size += n
        if batch:
            yield batch

    def close(self) -> None:
        """Release connections (the runner calls it at the end of a run)."""

    # -- hooks -----------------------------------------------------------------------------------------
    def _translate(
        self, texts: list[str], source_lang: str, target_lang: str, glossary: GlossarySpec | None
    ) -> list[tuple[str, int | None, dict[str, Any]]]:
        """Return ``(translation, billed characters or None, extra provenance)`` per text."""
        raise NotImplementedError

    def _candidate(
        self, text: str, billed: int | None, extra: Mapping[str, Any], glossary: GlossarySpec | None
    ) -> Candidate:
        prov: dict[str, Any] = {
            "kind": "machine-translation",
            "engine": self.engine_name,
            "settings": self.settings(),
            "glossary": glossary.provenance() if glossary is not None else None,
            "timestamp": utcnow_iso(),
            "billed_characters": billed,
        }
        prov.update(extra)
        return Candidate(engine=self.engine_name, text=text, provenance=prov)


__all__ = ["Engine", "EngineOption", "GlossarySpec", "SegmentInput", "UsageInfo", "utcnow_iso"]
