"""A toy bilingual format written by following docs/architecture.md's recipe ("add a format: one file + one
registry line"): tests/test_registries.py registers it and proves that convert, format detection, the app's
upload fields and the generated docs know it.

A ``.pipe`` file holds one unit a line: ``id|source|target`` (UTF-8; no escaping: a ``|`` in a text is refused).
"""

from __future__ import annotations

from pathlib import Path

from review_app.errors import InputError
from review_app.formats.base import BilingualFile, BilingualFormat, BilingualUnit, atomic_output


class PipeFormat(BilingualFormat):
    name = "toy-pipe"
    extensions = (".pipe",)
    description = "a test format: id|source|target, one unit a line"

    def read(self, path: str | Path) -> BilingualFile:
        units = []
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
            parts = line.split("|")
            if len(parts) != 3:
                raise InputError(f"{path}: line {n} has {len(parts)} fields, expected id|source|target")
            units.append(BilingualUnit(id=parts[0], source=parts[1], target=parts[2] or None))
        return BilingualFile(units=units, original=Path(path).name)

    def write(self, bf: BilingualFile, path: str | Path) -> None:
        with atomic_output(path, mode="w") as out:
            for u in bf.units:
                fields = (u.id, u.source, u.target or "")
                if any("|" in f or "\n" in f for f in fields):
                    raise InputError(f"{path}: unit {u.id} holds a '|' or a line break, which {self.name} cannot hold")
                out.write("|".join(fields) + "\n")
