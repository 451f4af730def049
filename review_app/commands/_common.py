"""Helpers shared by the command modules: who acts, and choices and help that read a registry when shown.

A registry's names and descriptions are read when a command is used or its help is printed, not when the CLI is
imported (listing descriptions imports the extension modules), so an extension registered in one line appears
in ``--help``, in the generated ``docs/cli.md`` and among the accepted values without any other edit.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from review_app.review import Actor


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
