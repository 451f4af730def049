"""``review-app align``: align an English translation to a Japanese article and write the pairs.

Output is TMX 1.4b (LISA OSCAR, 2004) through :func:`review_app.formats.tmx.write_tmx` — one ``<tu>`` per link,
``tuid`` = the Japanese segment key(s) joined by ``+`` (``en-N`` for English with no Japanese), the link type and
score in a ``<note>`` — or JSON (``--format json``: the summary and every link with its texts).

With ``--project PROJECT --engine NAME --provenance JSON|@FILE`` the links are imported directly as candidates
of engine NAME into the project (through :class:`review_app.engines.file.FileEngine`, so the rules for
1-2/2-1/1-0 links and the provenance are the file engine's): the alignment runs against the project's own
document (its segment keys and block structure, corrected source where there is one) after checking that
SOURCE is that document. In this mode embeddings are off unless ``--embeddings`` is given; the TMX/JSON mode
keeps its default of trying them (``--no-embeddings`` turns them off). ``-o`` then also writes the pairs.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

import click

from review_app.align import Alignment, align, read_glossary_pairs
from review_app.commands._common import actor, friendly_errors, output_option
from review_app.errors import InputError
from review_app.formats.base import BilingualUnit, atomic_output
from review_app.formats.tmx import write_tmx
from review_app.textio import read_text

_SPACE = re.compile(r"\s+")


def _same_text(a: str, b: str) -> bool:
    def norm(t: str) -> str:
        return _SPACE.sub("", unicodedata.normalize("NFKC", t))

    return norm(a) == norm(b)


def _write(result: Alignment, output: Path | None, fmt: str, source_lang: str, target_lang: str) -> None:
    if fmt == "json":
        data = (json.dumps(result.as_json(), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
        if output is None:
            sys.stdout.buffer.write(data)
        else:
            with atomic_output(output) as fh:
                fh.write(data)
    else:
        units = alignment_units(result)
        if output is None:
            write_tmx(sys.stdout.buffer, units, source_lang=source_lang, target_lang=target_lang)
        else:
            with atomic_output(output) as fh:
                write_tmx(fh, units, source_lang=source_lang, target_lang=target_lang)


def _summary_line(summary: dict[str, Any]) -> str:
    types = ", ".join(f"{v} {k}" for k, v in summary["link_types"].items())
    return (
        f"aligned {summary['ja_segments']} Japanese segments with {summary['en_sentences']} English sentences: "
        f"{summary['links']} links ({types}); scorers: {', '.join(summary['scorers'])}"
    )


def import_alignment(
    project: Path,
    source: Path,
    translation: Path,
    *,
    engine_name: str,
    provenance: dict[str, Any],
    embeddings: bool = False,
    user: str | None = None,
) -> tuple[Any, Any]:
    """Align TRANSLATION to PROJECT's document and import the links as candidates; ``(report, engine)``."""
    from review_app.engines.file import FileEngine
    from review_app.engines.runner import BatchRunner
    from review_app.project import load_document, open_project

    op = open_project(project)
    try:
        svc = op.service(actor(op.config.user, user))
        original = load_document(svc.db, op.config.name)
        corrected = load_document(svc.db, op.config.name, corrected=True)
        ja_text = _read(source, "Japanese source")
        if not (_same_text(ja_text, original.rebuild()) or _same_text(ja_text, corrected.rebuild())):
            raise InputError(
                f"{source}: is not the source document of project {project} (the texts differ); align the "
                "translation of the project's own article, or leave out --project to write TMX/JSON"
            )
        engine = FileEngine(
            translation, engine_name=engine_name, provenance=provenance, document=corrected, embeddings=embeddings
        )
        runner = BatchRunner(svc, engine)
        report = runner.run(runner.plan())
        return report, engine
    finally:
        op.close()


def alignment_units(result: Alignment) -> list[BilingualUnit]:
    """One bilingual unit per link, in document order."""
    units: list[BilingualUnit] = []
    for link, (ja, en) in zip(result.links, result.pairs(), strict=True):
        uid = "+".join(link.ja) if link.ja else "en-" + "+".join(str(i) for i in link.en)
        units.append(
            BilingualUnit(
                id=uid,
                source=ja,
                target=en if link.en else None,
                notes=[f"align: {link.kind} score={link.score:.4f} en={','.join(str(i) for i in link.en) or '-'}"],
            )
        )
    return units


def _read(path: Path, role: str) -> str:
    text = read_text(path)
    if not text.strip():
        raise InputError(f"{path}: the {role} file is empty")
    return text


def register(main: click.Group) -> None:
    from review_app.commands import encoding_option

    @main.command("align")
    @click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
    @click.argument("translation", type=click.Path(dir_okay=False, path_type=Path))
    @output_option("Write the pairs here (default: stdout).")
    @click.option("--format", "fmt", type=click.Choice(["tmx", "json"]), default="tmx", show_default=True)
    @click.option(
        "--embeddings/--no-embeddings",
        "embeddings",
        default=None,
        help="Use the bundled multilingual-e5-small model (default: yes for TMX/JSON output, no with --project).",
    )
    @click.option(
        "--project",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Import the links as candidates into this project (needs --engine and --provenance).",
    )
    @click.option("--engine", "engine_name", default=None, help="With --project: the candidates' engine name.")
    @click.option(
        "--provenance",
        "prov",
        default=None,
        help='With --project: JSON object (at least a "kind") describing the translation, or @FILE.json.',
    )
    @click.option("--user", default=None, help="With --project: who imports (default: the project user).")
    @click.option(
        "--glossary-pairs",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Term pairs as anchors: one 'japanese<TAB>english' (or comma-separated) pair per line.",
    )
    @click.option("--source-lang", default="ja", show_default=True)
    @click.option("--target-lang", default="en", show_default=True)
    @friendly_errors
    @encoding_option
    def align_command(
        source: Path,
        translation: Path,
        output: Path | None,
        fmt: str,
        embeddings: bool | None,
        project: Path | None,
        engine_name: str | None,
        prov: str | None,
        user: str | None,
        glossary_pairs: Path | None,
        source_lang: str,
        target_lang: str,
    ) -> None:
        """Align the sentences of TRANSLATION (English) to the segments of SOURCE (Japanese).

        Links may be 1-1, 1-2, 2-1, 1-0 or 0-1. The summary on stderr says which scorers ran. With --project the
        links become candidates of --engine in the project (1-2: both sentences; 2-1: the English goes to the
        first Japanese segment, the second gets none).
        """
        if project is not None:
            from review_app.commands.engines import _provenance

            if not engine_name:
                raise InputError("--project needs --engine NAME (the name to store the candidates under)")
            if glossary_pairs is not None:
                raise InputError("--glossary-pairs is not supported with --project yet; leave it out")
            provenance = _provenance(prov, required=True)
            report, engine = import_alignment(
                project, source, translation, engine_name=engine_name, provenance=provenance,
                embeddings=bool(embeddings), user=user,
            )
            if engine.alignment is None:
                click.echo(f"{engine_name}: nothing to import ({report.done_before} segments already imported)")
                return
            if output is not None:
                _write(engine.alignment, output, fmt, source_lang, target_lang)
            s = engine.alignment_summary
            click.echo(
                f"{engine_name}: {report.added} candidates imported from {translation.name}, "
                f"{report.no_candidate} segments without an English sentence, {report.done_before} already imported"
            )
            click.echo(_summary_line(s), err=True)
            if "embeddings_unavailable" in s:
                click.echo(f"note: embeddings not used ({s['embeddings_unavailable']})", err=True)
            return
        if engine_name or prov:
            raise InputError("--engine and --provenance import candidates and need --project PROJECT")
        ja_text = _read(source, "Japanese source")
        en_text = _read(translation, "English translation")
        glossary = read_glossary_pairs(read_text(glossary_pairs), name=str(glossary_pairs)) if glossary_pairs else []
        result = align(
            ja_text,
            en_text,
            glossary=glossary,
            embeddings=embeddings is not False,
            ja_name=str(source),
            en_name=str(translation),
        )
        _write(result, output, fmt, source_lang, target_lang)
        s = result.summary
        click.echo(_summary_line(s), err=True)
        if "embeddings_unavailable" in s:
            click.echo(f"note: embeddings not used ({s['embeddings_unavailable']})", err=True)
