"""Glossaries: concept model, TBX/CSV/XLSX input and output, Japanese-aware term matching, term extraction.

``load_glossary(path)`` reads any supported file by extension (``.tbx``/``.xml``, ``.csv``/``.tsv``,
``.xlsx``); ``save_glossary(glossary, path)`` writes one. See :mod:`review_app.glossary.model` for the model.
"""

from __future__ import annotations

from pathlib import Path

from review_app.errors import InputError
from review_app.glossary.model import Concept, ConceptType, Glossary, Term, TermStatus

__all__ = [
    "Concept",
    "ConceptType",
    "Glossary",
    "Term",
    "TermStatus",
    "load_glossary",
    "save_glossary",
]

TBX_EXTENSIONS = (".tbx", ".xml")
CSV_EXTENSIONS = (".csv", ".tsv")
XLSX_EXTENSIONS = (".xlsx",)


def load_glossary(path: str | Path, *, fmt: str | None = None, source_lang: str = "ja",
                  target_lang: str = "en") -> Glossary:
    """Read a glossary file. ``fmt``: tbx, csv (rich or DeepL two-column, detected), deepl, xlsx."""
    from review_app.glossary import csvio, tbx

    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: glossary file not found")
    kind = (fmt or p.suffix.lower().lstrip(".")).lower()
    if kind in ("tbx", "xml"):
        return tbx.read_tbx(p)
    if kind in ("csv", "tsv", "deepl"):
        return csvio.read_csv(p, source_lang=source_lang, target_lang=target_lang,
                              deepl=True if kind == "deepl" else None)
    if kind == "xlsx":
        return csvio.read_xlsx(p, source_lang=source_lang, target_lang=target_lang)
    raise InputError(f"{p}: unknown glossary format {kind!r}; use .tbx, .csv, .tsv or .xlsx (or --format)")


def save_glossary(glossary: Glossary, path: str | Path, *, fmt: str | None = None) -> None:
    """Write a glossary. ``fmt``: tbx (TBX-Basic), csv (rich), deepl (two-column), xlsx."""
    from review_app.glossary import csvio, tbx

    p = Path(path)
    kind = (fmt or p.suffix.lower().lstrip(".")).lower()
    if kind in ("tbx", "xml"):
        tbx.write_tbx(glossary, p)
    elif kind in ("csv", "tsv"):
        csvio.write_csv(glossary, p)
    elif kind == "deepl":
        csvio.write_deepl_csv(glossary, p)
    elif kind == "xlsx":
        csvio.write_xlsx(glossary, p)
    else:
        raise InputError(f"{p}: unknown glossary format {kind!r}; use tbx, csv, deepl or xlsx")
