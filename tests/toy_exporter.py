"""A toy exporter written by following docs/architecture.md's recipe ("add an exporter: one file + one registry
line"): tests/test_registries.py registers it and proves that export, the app's Export page and the generated
docs offer it.

It writes the segment counts of the project by status, one ``status<TAB>count`` line each.
"""

from __future__ import annotations

from collections import Counter
from typing import IO, Any

from review_app.exporters.base import ProjectData, TextExporter


class StatusCountExporter(TextExporter):
    name = "toy-counts"
    extension = ".counts.tsv"
    description = "a test export: segments per status"

    def render(self, data: ProjectData, out: IO[Any]) -> None:
        counts = Counter(seg.status.value for seg in data.segments())
        for status, n in sorted(counts.items()):
            out.write(f"{status}\t{n}\n")
