"""CLI command groups of each feature area, registered on ``review_app.cli.main`` by COMMAND_MODULES there.

Each module defines click commands and a ``register(main: click.Group)`` function. Options shared by the
commands of several areas live here.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def encoding_option(func: F) -> F:
    """``--encoding CODEC`` for a command that reads text files: every text reader it calls decodes with it
    (:func:`review_app.textio.assumed_encoding`). Put it below ``friendly_errors``."""
    from review_app.textio import assumed_encoding

    @functools.wraps(func)
    def wrapper(*args: Any, encoding: str | None = None, **kwargs: Any) -> Any:
        with assumed_encoding(encoding):
            return func(*args, **kwargs)

    return click.option(  # type: ignore[return-value]
        "--encoding",
        default=None,
        metavar="CODEC",
        help="Decode text input (CSV/TSV, plain text, glossary CSV) with this encoding instead of UTF-8, e.g. "
        "cp932 for Shift_JIS files from Windows. XML files declare their own encoding.",
    )(wrapper)
