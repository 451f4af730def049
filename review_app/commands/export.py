"""``review-app export PROJECT`` (every exporter of :data:`review_app.exporters.EXPORTERS`) and
``review-app convert IN OUT`` (every format of :data:`review_app.formats.FORMATS`).

Both commands' format choices, their help tables and the extension list are read from the registries when the
command runs or shows its help. ``convert`` detects the input format from the extension and the root element
and the output format from OUT's extension unless ``--from``/``--to`` say otherwise. Units keep their ids,
texts, states, approved flags, notes and comments; inline markup is flattened to text (the model is the review
model, not a CAT tool's). The output is written atomically: an error never leaves a partial OUT.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from review_app.commands import encoding_option
from review_app.commands._common import (
    LazyHelpOption,
    RegistryChoice,
    RegistryEpilogCommand,
    friendly_errors,
    output_option,
    registry_table,
)
from review_app.errors import InputError

if TYPE_CHECKING:
    from review_app.formats.base import BilingualUnit


def _format_names() -> list[str]:
    from review_app.formats import FORMATS

    return FORMATS.names()


def _writable_names() -> list[str]:
    from review_app.formats import writable_formats

    return writable_formats()


def _to_help() -> str:
    from review_app.formats import EXTENSIONS, writable_formats

    writable = writable_formats()
    endings = ", ".join(f"{ext} → {name}" for ext, name in sorted(EXTENSIONS.items()) if name in writable)
    return f"Output format (default: from OUT's extension: {endings})."


def _formats_table() -> str:
    from review_app.formats import FORMATS

    return registry_table("Formats (--from, --to):", (
        (name, f"{cls.description} ({' '.join(cls.extensions)})") for name, cls in FORMATS))


def _exporters_table() -> str:
    from review_app.exporters import EXPORTERS

    return registry_table("Formats (default file ending, what it holds):",
                          ((name, f"{cls.extension}  {cls.description}") for name, cls in EXPORTERS))


@click.command(cls=RegistryEpilogCommand, epilog_from=_formats_table)
@click.argument("input_path", metavar="IN", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("output_path", metavar="OUT", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--from", "from_fmt", type=RegistryChoice(_format_names), default=None,
              help="Input format (default: detected from the extension and the root element); see below.")
@click.option("--to", "to_fmt", cls=LazyHelpOption, type=RegistryChoice(_writable_names), default=None,
              help_from=_to_help)
@click.option("--source-lang", default=None, help="Source language when the input does not say (CSV).")
@click.option("--target-lang", default=None, help="Target language when the input does not say (CSV).")
@click.option("--force", is_flag=True, help="Overwrite OUT if it exists.")
@encoding_option
def convert(
    input_path: Path,
    output_path: Path,
    from_fmt: str | None,
    to_fmt: str | None,
    source_lang: str | None,
    target_lang: str | None,
    force: bool,
) -> None:
    """Convert the bilingual file IN to OUT, in any of the formats below."""
    from review_app.formats import format_for_output, read_bilingual, write_bilingual

    if output_path.exists() and not force:
        raise InputError(f"{output_path}: already exists; pass --force to overwrite it")
    if input_path.resolve() == output_path.resolve():
        raise InputError(f"{output_path}: is the input file; choose another output name")
    fmt = format_for_output(output_path, format=to_fmt)
    bf = read_bilingual(input_path, format=from_fmt)
    bf.source_lang = bf.source_lang or source_lang
    bf.target_lang = bf.target_lang or target_lang
    if fmt == "tmx" and not bf.source_lang:
        raise InputError(f"{input_path}: the source language is unknown; pass --source-lang (e.g. ja)")
    extra_langs = sorted({str(lang) for u in bf.units for lang in (u.metadata.get("other_targets") or {})})
    _warn_control_characters(input_path, bf.units)
    if fmt == "tmx":  # a translation memory holds what can be translated (formats.tmx.tm_skip_reason)
        from review_app.formats.base import BilingualFile
        from review_app.formats.tmx import tm_skip_reason

        reasons: dict[str, int] = {}
        kept = []
        for u in bf.units:
            if (why := tm_skip_reason(u)) is not None:
                reasons[why] = reasons.get(why, 0) + 1
            else:
                kept.append(u)
        left_out = sum(reasons.values())
        write_bilingual(BilingualFile(kept, bf.source_lang, bf.target_lang, bf.original, bf.metadata), output_path,
                        format=fmt)
        click.echo(
            f"{input_path} → {output_path} ({fmt}): {len(bf.units) - left_out} of {len(bf.units)} units written"
            + ("; left out: " + ", ".join(f"{n} {why}" for why, n in reasons.items()) if reasons else "")
            + (f"; further languages kept: {', '.join(extra_langs)}" if extra_langs else "")
        )
        return
    write_bilingual(bf, output_path, format=fmt)
    skipped = sum(1 for u in bf.units if not u.translatable)
    click.echo(
        f"{input_path} → {output_path} ({fmt}): {len(bf.units)} units"
        + (f" ({skipped} marked translate=no)" if skipped else "")
    )
    if extra_langs:
        n = sum(1 for u in bf.units if u.metadata.get("other_targets"))
        click.echo(
            f"warning: {n} unit(s) of {input_path} have more than one target language; {fmt} holds one target "
            f"per unit, so {', '.join(extra_langs)} {'is' if len(extra_langs) == 1 else 'are'} not in "
            f"{output_path} (convert to .tmx to keep every language)",
            err=True,
        )


def _warn_control_characters(input_path: Path, units: list[BilingualUnit]) -> None:
    """Say which units hold characters no output format can carry (every writer leaves them out), as export does."""
    from review_app.formats.base import control_characters

    found = [(u.id, names) for u in units if (names := control_characters(u.source + (u.target or "")))]
    if found:
        shown = "; ".join(f"{uid}: {', '.join(names)}" for uid, names in found[:5])
        click.echo(f"warning: {len(found)} unit(s) of {input_path} hold control characters that no output format can "
                   f"carry and were left out ({shown}{'; …' if len(found) > 5 else ''}); 'review-app qa' lists them "
                   "as invisible-characters", err=True)


def _exporter_names() -> list[str]:
    from review_app.exporters import EXPORTERS

    return EXPORTERS.names()


@click.command(cls=RegistryEpilogCommand, epilog_from=_exporters_table)
@click.argument("project", type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "fmt", required=True, type=RegistryChoice(_exporter_names), help="See the formats below.")
@output_option(help="Where to write (default: PROJECT-NAME plus the format's own ending in the current folder, e.g. "
              "musk-trump.xliff2.xlf, musk-trump.qa.html; each format has a different one).")
@click.option(
    "--status",
    type=click.Choice(["all", "approved"]),
    default="all",
    show_default=True,
    help="'approved': only approved targets are exported.",
)
@click.option(
    "--side",
    type=click.Choice(["both", "en", "ja"]),
    default="both",
    show_default=True,
    help="Bilingual articles: both languages, or one side only.",
)
@click.option("--no-appendix", is_flag=True, help="Articles: leave out the comments / source-corrections appendix.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
def export(
    project: Path, fmt: str, output: Path | None, status: str, side: str, no_appendix: bool, force: bool
) -> None:
    """Export PROJECT as FORMAT to OUTPUT (written atomically: no partial file on error)."""
    from review_app.exporters import ExportOptions, export_project, get_exporter, left_out_characters
    from review_app.project import load_config

    if output is None:
        output = Path(get_exporter(fmt).file_name(load_config(project).name))
    if output.exists() and not force:
        raise InputError(f"{output}: already exists; pass --force to overwrite it")
    options = ExportOptions(status=status, side=side, appendix=not no_appendix)  # type: ignore[arg-type]
    path = export_project(project, fmt, output, options)
    click.echo(f"exported {project} as {fmt} to {path} ({path.stat().st_size:,} bytes)")
    left_out = left_out_characters(project)
    if left_out:
        shown = "; ".join(f"{key}: {', '.join(names)}" for key, names in left_out[:5])
        click.echo(f"warning: {len(left_out)} segment(s) hold control characters that no export can carry and were "
                   f"left out ({shown}{'; …' if len(left_out) > 5 else ''}); 'review-app qa' lists them as "
                   "invisible-characters", err=True)


def register(main: click.Group) -> None:

    for command in (convert, export):
        assert command.callback is not None
        command.callback = friendly_errors(command.callback)
        main.add_command(command)
