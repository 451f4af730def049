"""Helpers shared by ``cli.py`` and the command modules: errors as one line, opening a project without importing
the store at CLI start, who acts, and choices and help that read a registry when shown.

A registry's names and descriptions are read when a command is used or its help is printed, not when the CLI is
imported (listing descriptions imports the extension modules), so an extension registered in one line appears
in ``--help``, in the generated ``docs/cli.md`` and among the accepted values without any other edit.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from review_app.errors import ConflictError, ReviewAppError

if TYPE_CHECKING:
    from review_app.project import OpenProject, ProjectConfig
    from review_app.review import Actor

F = TypeVar("F", bound=Callable[..., Any])


def friendly_errors(func: F) -> F:
    """A command callback whose :class:`~review_app.errors.ReviewAppError` is one ``error: …`` line on stderr and
    the error's exit code (a :class:`~review_app.errors.ConflictError`: the current text too, exit 3)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ConflictError as exc:
            click.echo(f"conflict: {exc}", err=True)
            if exc.current_text is not None:
                click.echo(f"current text (version {exc.current_version}): {exc.current_text}", err=True)
            sys.exit(3)
        except ReviewAppError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]


# The project store (SQLAlchemy, Alembic: ~45 MB and ~0.4 s) is imported by the commands that open a project,
# not by every command: `review-app qa FILE` never needs it.


def open_project(path: Path) -> OpenProject:
    from review_app.project import open_project as _open_project

    return _open_project(path)


def init_project(*args: Any, **kwargs: Any) -> ProjectConfig:
    from review_app.project import init_project as _init_project

    return _init_project(*args, **kwargs)


def load_config(path: Path) -> ProjectConfig:
    from review_app.project import load_config as _load_config

    return _load_config(path)


def output_option(help: str | None = None, *, required: bool = False) -> Callable[[F], F]:
    """``-o/--output FILE``: a file (not a folder) the command writes; ``None`` when not given (unless
    ``required``)."""
    return click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
                        required=required, help=help)


def emit(text: str, output: Path | None) -> None:
    """Print a report, or write it to ``output`` atomically (a temporary file renamed into place: never half a
    file) and say so."""
    if output is None:
        click.echo(text, nl=False)
        return
    tmp = output.with_name(output.name + ".tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(output)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    click.echo(f"wrote {output}")


def actor(project_user: str, user: str | None) -> Actor:
    """The local actor of a command: ``--user``, else ``$REVIEW_APP_USER``, else the project's user."""
    from review_app.review import Actor

    return Actor.local(user or os.environ.get("REVIEW_APP_USER") or project_user)


class _Computed:
    """An attribute click sets in ``__init__`` whose value is, instead, computed when read: the callable stored under
    its name in the instance's ``_computed``."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, objtype: type | None = None) -> Any:
        return self if obj is None else obj._computed[self.name]()

    def __set__(self, obj: Any, value: Any) -> None:
        pass


class RegistryChoice(click.Choice):
    """A :class:`click.Choice` whose choices are ``names()`` at the time they are needed."""

    choices = _Computed()

    def __init__(self, names: Callable[[], Iterable[str]]) -> None:
        self._computed = {"choices": lambda: tuple(names())}
        super().__init__(())


class LazyHelpOption(click.Option):
    """A :class:`click.Option` whose help text is ``help_from()`` at the time it is shown."""

    help = _Computed()

    def __init__(self, *args: Any, help_from: Callable[[], str], **kwargs: Any) -> None:
        self._computed = {"help": help_from}
        super().__init__(*args, **kwargs)


class RegistryEpilogCommand(click.Command):
    """A :class:`click.Command` whose epilog (after the options in ``--help``) is ``epilog_from()`` when shown."""

    epilog = _Computed()

    def __init__(self, *args: Any, epilog_from: Callable[[], str], **kwargs: Any) -> None:
        self._computed = {"epilog": epilog_from}
        super().__init__(*args, **kwargs)


def registry_table(title: str, rows: Iterable[tuple[str, str]]) -> str:
    """A ``--help`` table of ``name  description`` lines, kept as they are (click's ``\\b`` paragraph)."""
    rows = list(rows)
    width = max((len(name) for name, _ in rows), default=0)
    return "\b\n" + title + "\n" + "\n".join(f"  {name:<{width}}  {description}" for name, description in rows)


def trim_heap() -> None:
    """Give the C heap's free pages back to the operating system (glibc ``malloc_trim``; elsewhere nothing): the
    CLI calls it after reading a large file, a process-wide matter the services leave to their caller.

    libxml2 frees a parsed tree into the C heap, which glibc keeps: after reading a 10,000-term TBX file the
    process held about 50 MB it no longer used (measured with bench/qa.py), more than the glossary itself.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Any:
    """glibc's ``malloc_trim`` (None on other C libraries)."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes
        import ctypes.util

        name = ctypes.util.find_library("c")
        if name and "libc.so" in name:
            return ctypes.CDLL(name).malloc_trim
    return None
