"""CLI: ``review-app glossary show|import|export|match`` and ``review-app terms suggest``.

Glossaries are files (TBX, CSV, TSV, XLSX); projects reference the shipped ones (``glossary/musk-trump.tbx``).
Every command prints the glossary signature so that results can cite the exact glossary they used.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from review_app.commands import encoding_option
from review_app.commands._common import friendly_errors, output_option
from review_app.errors import InputError
from review_app.formats.base import tsv_line
from review_app.glossary import load_glossary, save_glossary
from review_app.glossary.model import Glossary

FORMATS = ("tbx", "csv", "tsv", "deepl", "xlsx")
_FORMAT_HELP = "tbx (TBX-Basic), csv/tsv (rich, one row per term), deepl (two-column source,target), xlsx"


def _load(path: Path, fmt: str | None, source_lang: str = "ja", target_lang: str = "en") -> Glossary:
    return load_glossary(path, fmt=fmt, source_lang=source_lang, target_lang=target_lang)


def _summary(g: Glossary) -> str:
    by_type: dict[str, int] = {}
    for c in g:
        by_type[c.type.value] = by_type.get(c.type.value, 0) + 1
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(by_type.items(), key=lambda kv: -kv[1]))
    return (f"{len(g)} concepts, {g.term_count} terms, languages {' '.join(g.languages) or '-'} ({kinds})\n"
            f"signature: {g.signature}")


@click.group("glossary")
def glossary_group() -> None:
    """Read, convert and inspect glossaries (TBX, CSV, TSV, XLSX)."""


@glossary_group.command("show")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help=f"Input format: {_FORMAT_HELP}.")
@click.option("--concept", "concept_id", default=None, help="Show only this concept id.")
@click.option("--output", "out", type=click.Choice(["table", "json"]), default="table", show_default=True)
@friendly_errors
@encoding_option
def show(file: Path, fmt: str | None, concept_id: str | None, out: str) -> None:
    """Print the concepts and terms of FILE with their status and flags."""
    g = _load(file, fmt)
    concepts = list(g)
    if concept_id is not None:
        if concept_id not in g:
            raise InputError(f"{file}: no concept {concept_id!r}; `review-app glossary show {file}` lists the ids")
        concepts = [g.get(concept_id)]
    if out == "json":
        click.echo(json.dumps({"signature": g.signature, "concepts": [c.as_dict() for c in concepts]},
                              ensure_ascii=False, indent=1))
        return
    for c in concepts:
        click.echo(f"{c.id}  [{c.type.value}]{'  single-rendering' if c.single_rendering else ''}")
        if c.definition:
            click.echo(f"    {c.definition}")
        for t in c.terms:
            flags = [f for f, on in (("case-sensitive", t.case_sensitive), ("do-not-translate", t.do_not_translate),
                                     ("non-canonical", t.non_canonical)) if on]
            if t.first_mention:
                flags.append(f"first mention: {t.first_mention}")
            click.echo(f"    {t.lang:<6} {t.status.value:<10} {t.text}" + (f"  ({'; '.join(flags)})" if flags else ""))
    click.echo(_summary(g))


@glossary_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@output_option("Write the validated glossary here (format from the extension, default TBX).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help=f"Input format: {_FORMAT_HELP}.")
@click.option("--source-lang", default="ja", show_default=True, help="Source language of DeepL two-column files.")
@click.option("--target-lang", default="en", show_default=True, help="Target language of DeepL two-column files.")
@friendly_errors
@encoding_option
def import_(file: Path, output: Path | None, fmt: str | None, source_lang: str, target_lang: str) -> None:
    """Validate FILE (hostile XML is refused) and optionally save it as TBX-Basic or CSV."""
    g = _load(file, fmt, source_lang, target_lang)
    if output is not None:
        out_fmt = output.suffix.lower().lstrip(".") or "tbx"
        save_glossary(g, output, fmt=out_fmt if out_fmt in FORMATS else "tbx")
        click.echo(f"wrote {output}")
    click.echo(_summary(g))


@glossary_group.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@output_option(required=True)
@click.option("--to", "to_fmt", type=click.Choice(FORMATS), default=None,
              help=f"Output format (default: from the extension): {_FORMAT_HELP}.")
@friendly_errors
@encoding_option
def export(file: Path, output: Path, to_fmt: str | None) -> None:
    """Convert FILE to another glossary format (DeepL CSV for the DeepL API, XLSX for spreadsheets)."""
    g = _load(file, None)
    fmt = to_fmt or output.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise InputError(f"{output}: cannot tell the output format from the extension; pass --to "
                         f"({', '.join(FORMATS)})")
    left_out: list[tuple[str, str]] = []
    if fmt == "deepl":
        from review_app.glossary.csvio import write_deepl_csv

        write_deepl_csv(g, output, left_out=left_out)
    else:
        save_glossary(g, output, fmt=fmt)
    click.echo(f"wrote {output} ({fmt}); {g.signature}")
    if left_out:
        shown = "; ".join(f"{s} → {t}" for s, t in left_out[:5]) + ("; …" if len(left_out) > 5 else "")
        click.echo(f"warning: left out {len(left_out)} entr{'y' if len(left_out) == 1 else 'ies'} starting with "
                   f"= + - or @ ({shown}): a spreadsheet would run them as formulas and DeepL would keep a guarding "
                   "quote as part of the term; add them in DeepL's glossary editor", err=True)


@glossary_group.command("match")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("text")
@click.option("--lang", default=None, help="Language of TEXT (default: the glossary's source language).")
@friendly_errors
@encoding_option
def match(file: Path, text: str, lang: str | None) -> None:
    """Show the glossary terms found in TEXT, with their spans (for checking a glossary entry)."""
    g = _load(file, None)
    for m in g.matcher(lang or g.source_lang).find(text):
        click.echo(f"{m.start:>4}-{m.end:<4} {m.text}  → {m.concept_id} ({m.status.value} {m.term.text!r})")


@click.group("terms")
def terms_group() -> None:
    """Term extraction: candidates for the glossary."""


@terms_group.command("suggest")
@click.argument("target", type=click.Path(exists=True, path_type=Path))
@click.option("--glossary", "glossary_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Skip what this glossary already covers; default for a project: its glossary (init --glossary).")
@click.option("--no-glossary", is_flag=True, help="Skip nothing, not even what the project's glossary covers.")
@click.option("--engine", default=None,
              help="In a project, align with this engine's candidates instead of the segments' targets.")
@click.option("--limit", type=int, default=40, show_default=True, help="Show this many candidates.")
@click.option("--output", "out", type=click.Choice(["table", "json", "tsv"]), default="table", show_default=True)
@friendly_errors
@encoding_option
def suggest(target: Path, glossary_file: Path | None, no_glossary: bool, engine: str | None, limit: int,
            out: str) -> None:
    """Rank glossary candidates in TARGET not yet in the glossary.

    TARGET is a project folder, a bilingual file (any format of 'review-app convert': the reference or a
    candidate) or a source text file. Where translations are aligned (project targets or --engine candidates,
    bilingual targets), the likely English rendering is shown.
    """
    from review_app.formats import EXTENSIONS, read_bilingual
    from review_app.glossary.extract import suggest_terms
    from review_app.segment import parse_document
    from review_app.textio import read_text

    units: list[tuple[str, str | None]]
    if target.is_dir():
        from review_app.commands.engines import project_glossary
        from review_app.project import open_project

        op = open_project(target)
        try:
            glossary_file = project_glossary(op, glossary_file, no_glossary)
            svc = op.service()
            rows = svc.list_segments()
            if engine is None:
                units = [(r.effective_source, r.target) for r in rows]
            else:
                units = []
                for r in rows:
                    texts = [c.text for c in svc.candidates(r.key) if c.engine == engine]
                    units.append((r.effective_source, texts[-1] if texts else None))
                if not any(t for _, t in units):
                    raise InputError(f"{target}: no candidates from engine {engine!r}; see `review-app show` "
                                     "for the engines of a segment")
        finally:
            op.close()
    elif target.suffix.lower() in EXTENSIONS:

        units = [(u.source, u.target) for u in read_bilingual(target).units]
    else:
        units = [(s.text, None) for s in parse_document(read_text(target)).segments]
    if no_glossary and glossary_file is not None:
        raise InputError("give --glossary or --no-glossary, not both")
    g = _load(glossary_file, None) if glossary_file is not None and not no_glossary else None
    found = suggest_terms(units, g, limit=limit)
    if out == "json":
        click.echo(json.dumps([s.as_json() for s in found], ensure_ascii=False, indent=1))
        return
    if out == "tsv":
        click.echo("rank\tterm\tkind\tcount\tscore\tenglish\tcontext")
        for i, s in enumerate(found, start=1):
            ctx = s.contexts[0] if s.contexts else ""
            click.echo(tsv_line([str(i), s.text, s.kind, str(s.count), f"{s.score:.1f}", s.english or "", ctx]))
        return
    for i, s in enumerate(found, start=1):
        eng = f"  → {s.english}" if s.english else ""
        ctx = s.contexts[0] if s.contexts else ""
        click.echo(f"{i:>3}. {s.text}  [{s.kind}, {s.count}×, score {s.score:.1f}]{eng}")
        if ctx:
            click.echo(f"      {ctx[:80]}")
    if g is not None:
        click.echo(f"glossary: {g.signature}")


def register(main: click.Group) -> None:
    main.add_command(glossary_group)
    main.add_command(terms_group)
