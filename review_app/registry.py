"""Lazy, ordered registries of extension classes ("module:Class" strings).

Like sacrebleu's ``_TOKENIZERS`` and Weblate's ``CHECKS`` class loader: adding a check, engine, metric,
exporter or reader is one module plus one line in its registry; importing a registry does not import every
implementation (DeepL's SDK, lxml, fugashi load only when used), and an unknown name gets a helpful error
listing the known ones.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, kind: str, entries: dict[str, str]) -> None:
        self.kind = kind
        self._entries = dict(entries)
        self._loaded: dict[str, type[T]] = {}

    def names(self) -> list[str]:
        return list(self._entries)

    def register(self, name: str, target: str) -> None:
        """Add (or re-point) ``name``: the one line a new extension needs, e.g. in a plug-in or a test."""
        self._entries[name] = target
        self._loaded.pop(name, None)

    def unregister(self, name: str) -> None:
        self._entries.pop(name, None)
        self._loaded.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def get(self, name: str) -> type[T]:
        if name not in self._entries:
            known = ", ".join(self._entries) or "none"
            raise KeyError(f"unknown {self.kind} {name!r}; known: {known}")
        if name not in self._loaded:
            module_name, _, attr = self._entries[name].partition(":")
            module = importlib.import_module(module_name)
            self._loaded[name] = getattr(module, attr)
        return self._loaded[name]

    def __iter__(self) -> Iterator[tuple[str, type[T]]]:
        for name in self._entries:
            yield name, self.get(name)
