"""How well does the CSV readers' "swallowed rows" evidence tell a stray quote from a legal multi-line cell?

Data: the WMT21 and WMT22 ja→en test sets in ``../shared/realworld`` (Japanese source, professional English
reference, text nobody on this project wrote). Two kinds of bilingual CSV files are built from them:

* **legal** — RFC 4180 files whose cells hold line breaks on purpose: every row is a paragraph of ``--group``
  consecutive segments, source and target joined with newlines, plus a notes column of reference sentences
  joined by line breaks (English prose with commas), with and without an ``id`` column. Any refusal is a false
  alarm.
* **corrupted** — single-segment rows where a quote is opened at the start of one row's target and closed at the
  end of a row 1–5 rows later (the mistake a hand edit makes). The ``csv`` module then reads one row where there
  were several, with the right column count; only files where that happened silently are counted. A refusal is a
  detection.

Prints the false-alarm rate on the legal files and the detection rate on the silently corrupted ones, both per
layout. Deterministic (``--seed``)::

    .venv/bin/python bench/csv_swallow.py [--files 400] [--group 3] [--seed 1]
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from review_app.formats.csvfile import csv_rows, swallowed_rows  # noqa: E402

DATA = ROOT.parent / "shared" / "realworld"


def _pairs() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for folder in ("wmt21-ja-en", "wmt22-ja-en"):
        src = (DATA / folder / "src.ja").read_text(encoding="utf-8").splitlines()
        ref = (DATA / folder / "ref.en").read_text(encoding="utf-8").splitlines()
        out += [(s, r) for s, r in zip(src, ref, strict=True) if s.strip() and r.strip()]
    return out


def _write(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def _cell(text: str) -> str:
    """One cell as csv.writer would write it (quoted only when needed)."""
    return _write([[text]]).rstrip("\n")


def _detected(text: str) -> bool:
    rows = [(n, r) for n, r in csv_rows(text) if r and any(c.strip() for c in r)]
    return swallowed_rows(rows) is not None


def legal(pairs: list[tuple[str, str]], rng: random.Random, group: int, with_id: bool) -> str:
    start = rng.randrange(0, len(pairs) - 10 * group)
    rows: list[list[str]] = [["id", "source", "target", "notes"]] if with_id else []
    for i in range(10):
        chunk = pairs[start + i * group : start + (i + 1) * group]
        notes = "\n".join(r for _s, r in pairs[start + i * group + 1 : start + i * group + 1 + group])
        row = ["\n".join(s for s, _r in chunk), "\n".join(r for _s, r in chunk), notes]
        rows.append([str(i + 1), *row] if with_id else row)
    return _write(rows)


def corrupted(pairs: list[tuple[str, str]], rng: random.Random, with_id: bool) -> tuple[str, int] | None:
    """A file with a stray quote pair, and the number of rows the csv module then reads (None: not silent)."""
    start = rng.randrange(0, len(pairs) - 12)
    chunk = pairs[start : start + 10]
    lines = []
    if with_id:
        lines.append("id,source,target")
    for i, (s, r) in enumerate(chunk, start=1):
        lines.append(",".join(([str(i)] if with_id else []) + [_cell(s), _cell(r)]))
    first = 1 if with_id else 0
    i = rng.randrange(first, len(lines) - 1)
    j = min(len(lines) - 1, i + rng.randint(1, 5))
    if lines[i].endswith('"') or lines[j].endswith('"'):
        return None  # the target is already quoted: the stray quote would not open a cell
    head, _, tail = lines[i].rpartition(",")
    lines[i] = f'{head},"{tail}'
    lines[j] = lines[j] + '"'
    text = "\n".join(lines) + "\n"
    try:
        rows = [r for _n, r in csv_rows(text) if r]
    except csv.Error:
        return None  # refused by the parser already
    if len({len(r) for r in rows}) != 1 or len(rows) == len(lines):
        return None  # ragged (refused anyway) or nothing lost
    return text, len(rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--files", type=int, default=400, help="files per layout and kind")
    ap.add_argument("--group", type=int, default=3, help="segments per multi-line cell in the legal files")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if not DATA.exists():
        print(f"{DATA} is missing", file=sys.stderr)
        return 2
    pairs = _pairs()
    rng = random.Random(args.seed)
    print(f"{len(pairs):,} WMT21+22 ja→en segment pairs; {args.files} files per layout and kind, seed {args.seed}")
    print(f"{'layout':<22} {'legal files':>11} {'false alarms':>13} {'silent corruptions':>19} {'detected':>9}")
    for with_id in (True, False):
        layout = "id,source,target" if with_id else "source,target (no id)"
        false_alarms = sum(_detected(legal(pairs, rng, args.group, with_id)) for _ in range(args.files))
        silent = detected = 0
        while silent < args.files:
            made = corrupted(pairs, rng, with_id)
            if made is None:
                continue
            silent += 1
            detected += _detected(made[0])
        print(f"{layout:<22} {args.files:>11} {false_alarms:>6} ({false_alarms / args.files:6.1%}) "
              f"{silent:>19} {detected:>4} ({detected / silent:5.1%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
