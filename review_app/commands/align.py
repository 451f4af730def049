"""``review-app align``: align an English translation to a Japanese article and write the pairs.

Output is TMX 1.4b (LISA OSCAR, 2004) through :func:`review_app.formats.tmx.write_tmx` — one ``<tu>`` per link,
``tuid`` = the Japanese segment key(s) joined by ``+`` (``en-N`` for English with no Japanese), the link type and
score in a ``<note>`` — or JSON (``--format json``: the summary and every link with its texts).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from review_app.align import Alignment, align, read_glossary_pairs
from review_app.errors import InputError
from review_app.formats.base import BilingualUnit, atomic_output
from review_app.formats.tmx import write_tmx
from review_app.textio import read_text


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
    # Imported here: review_app.cli imports this module while it is being initialised (friendly_errors exists).
    from review_app.cli import friendly_errors

    @main.command("align")
    @click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
    @click.argument("translation", type=click.Path(dir_okay=False, path_type=Path))
    @click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Write the pairs here (default: stdout).",
    )
    @click.option("--format", "fmt", type=click.Choice(["tmx", "json"]), default="tmx", show_default=True)
    @click.option(
        "--no-embeddings",
        is_flag=True,
        help="Do not use the bundled multilingual-e5-small model (faster; length and anchors only).",
    )
    @click.option(
        "--glossary-pairs",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Term pairs as anchors: one 'japanese<TAB>english' (or comma-separated) pair per line.",
    )
    @click.option("--source-lang", default="ja", show_default=True)
    @click.option("--target-lang", default="en", show_default=True)
    @friendly_errors
    def align_command(
        source: Path,
        translation: Path,
        output: Path | None,
        fmt: str,
        no_embeddings: bool,
        glossary_pairs: Path | None,
        source_lang: str,
        target_lang: str,
    ) -> None:
        """Align the sentences of TRANSLATION (English) to the segments of SOURCE (Japanese).

        Links may be 1-1, 1-2, 2-1, 1-0 or 0-1. The summary on stderr says which scorers ran.
        """
        ja_text = _read(source, "Japanese source")
        en_text = _read(translation, "English translation")
        glossary = read_glossary_pairs(read_text(glossary_pairs), name=str(glossary_pairs)) if glossary_pairs else []
        result = align(
            ja_text,
            en_text,
            glossary=glossary,
            embeddings=not no_embeddings,
            ja_name=str(source),
            en_name=str(translation),
        )
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
        s = result.summary
        types = ", ".join(f"{v} {k}" for k, v in s["link_types"].items())
        click.echo(
            f"aligned {s['ja_segments']} Japanese segments with {s['en_sentences']} English sentences: "
            f"{s['links']} links ({types}); scorers: {', '.join(s['scorers'])}",
            err=True,
        )
        if "embeddings_unavailable" in s:
            click.echo(f"note: embeddings not used ({s['embeddings_unavailable']})", err=True)
