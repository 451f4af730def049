"""Turn a project glossary into what engines use: a :class:`~review_app.engines.base.GlossarySpec`.

An engine needs one target rendering per source form (DeepL glossaries are plain source→target pairs): for
each concept, every non-forbidden source term maps to the concept's preferred target term (else its first
admitted one). Concepts without a target term, and forbidden source forms, are left out.

The glossary object comes from :func:`review_app.glossary.load_glossary` (TBX, rich CSV, DeepL CSV, XLSX);
it is used by duck typing (``concepts``, ``terms``, ``preferred(lang)``, ``version``, ``content_hash``) so this
module does not pin that package's internals. Without that package a two-column CSV/TSV (source, target)
is read directly. The spec's version is the glossary's own version plus its content hash, so a DeepL
glossary is re-created exactly when the content changes.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from review_app.engines.base import GlossarySpec
from review_app.errors import InputError


def _base(lang: str) -> str:
    return lang.split("-", maxsplit=1)[0].split("_", maxsplit=1)[0].lower()


def spec_from_glossary(glossary: Any, source_lang: str, target_lang: str, *, id: str = "project") -> GlossarySpec:
    """Build the engine view of a :class:`review_app.glossary.model.Glossary` (duck-typed)."""
    entries: dict[str, str] = {}
    for concept in glossary.concepts:
        tgt = concept.preferred(target_lang)
        if tgt is None:
            continue
        for term in concept.terms:
            if _base(str(term.lang)) != _base(source_lang) or str(term.status) == "forbidden":
                continue
            entries.setdefault(str(term.text), str(tgt.text))
    content = str(getattr(glossary, "content_hash", ""))[:12]
    own = str(getattr(glossary, "version", "") or "")
    version = f"{own}+{content}" if own and content else (own or content or None)
    return GlossarySpec.from_mapping(entries, version=version, id=id)


def read_pairs(path: Path) -> dict[str, str]:
    """A two-column CSV/TSV (source, target), header optional — the DeepL glossary CSV layout."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text; save the glossary as UTF-8 CSV") from exc
    from review_app.formats.csvfile import csv_rows, refuse_swallowed_rows

    delimiter = "\t" if path.suffix.lower() == ".tsv" or "\t" in text.split("\n", 1)[0] else ","
    entries: dict[str, str] = {}
    try:
        rows = [(n, r) for n, r in csv_rows(text, delimiter=delimiter) if r and any(c.strip() for c in r)]
    except csv.Error as exc:  # CsvRowError: names the line and the fix
        raise InputError(f"{path}: {exc}") from None
    refuse_swallowed_rows(rows, str(path), delimiter=delimiter)
    for lineno, row in rows:
        if len(row) < 2:
            raise InputError(f"{path}, line {lineno}: expected two columns (source, target), found {len(row)}")
        src, tgt = row[0].strip(), row[1].strip()
        if lineno == 1 and src.lower() in ("source", "ja", "term", "source term"):
            continue
        entries[src] = tgt
    return entries


def load_glossary_spec(
    path: str | Path, source_lang: str, target_lang: str, *, id: str = "project"
) -> GlossarySpec:
    """Read a glossary file (TBX, CSV, XLSX) into a spec."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: glossary file not found")
    from review_app.glossary import load_glossary

    glossary = load_glossary(p, source_lang=source_lang, target_lang=target_lang)
    return spec_from_glossary(glossary, source_lang, target_lang, id=id)


__all__ = ["load_glossary_spec", "read_pairs", "spec_from_glossary"]
