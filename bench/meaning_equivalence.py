#!/usr/bin/env python3
"""Proof that a speed change to the meaning checks moved no finding: a digest of every finding on fixed data.

The four meaning checks (``polarity``, ``omission``, ``addition``, ``entity-consistency``) run on

* ``wmt21`` / ``wmt22`` — the professional reference and every system output of WMT21/22 ja→en
  (``../shared/realworld``), each WMT document checked as one file, as ``bench/realworld.py`` does (AIST's outputs
  included: more text, more paths taken);
* ``bench-unique`` / ``bench-repeated`` — bench/qa.py's synthetic file (``build_xliff``, 20,000 units by default),
  every source unique or sources repeated with other targets, checked as ``review-app qa FILE --glossary G`` checks
  it: the default checks too, with bench/qa.py's 10,000-concept glossary (the meaning analysis reads the glossary
  pass). Only the four checks' findings enter the digest (``tests/test_qa_perf_equivalence.py`` pins the default
  suite's).

Each finding is reduced to (part, document, unit, check, severity, message, source span, target span, data as
sorted JSON); the sorted list of a part is hashed with SHA-256. Printed per part: the digest and the count per
check.

    .venv/bin/python bench/meaning_equivalence.py --save [FILE]      # on the code before a change
    .venv/bin/python bench/meaning_equivalence.py --compare [FILE]   # on the code after it: exit 1 if any differs
    .venv/bin/python bench/meaning_equivalence.py --dump OUT.jsonl   # every finding, to diff where they differ

``FILE`` defaults to ``bench/data/meaning-equivalence.json``, which records the commit it was made on: the digest
moves whenever a rule changes, so save it again on the code a speed change starts from. ``--code DIR`` runs the
checks of another checkout (its ``review_app``) with this script, to save the digest of a commit without checking it
out here. ``--parts`` picks parts; ``--units`` the synthetic file's size. Not part of CI (about 3–4 minutes).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DIGESTS = ROOT / "bench" / "data" / "meaning-equivalence.json"
CHECKS = ("polarity", "omission", "addition", "entity-consistency")
PARTS = ("wmt21", "wmt22", "bench-unique", "bench-repeated")

Row = tuple[str, str, str, str, str, str, Any, Any, str]


def _setup_path(code: Path | None) -> None:
    for p in (ROOT / "bench", code or ROOT):
        if str(p) not in sys.path:
            sys.path.insert(0, str(p))


def _row(part: str, doc: str, issue: Any) -> Row:
    return (part, doc, str(issue.unit), issue.check, issue.severity.value, issue.message,
            list(issue.source_span) if issue.source_span else None,
            list(issue.target_span) if issue.target_span else None,
            json.dumps(issue.data, sort_keys=True, ensure_ascii=False, default=repr))


def wmt_rows(year_name: str) -> Iterator[Row]:
    """The four checks' findings on the reference and every system output of one WMT year, each document one
    file (bench/realworld.py's :func:`run`, keeping the whole finding)."""
    from realworld import DATA, load_year, select

    from review_app.checks.base import CheckConfig, CheckContext, Unit, run_checks

    year = load_year(DATA, year_name)
    checks = select(list(CHECKS), "target")
    ids = [c.check_id for c in checks]
    config = CheckConfig(enabled_only=frozenset(ids), options={cid: {"enabled": True} for cid in ids})
    for name, targets in [("reference", year.ref), *sorted(year.hyps.items())]:
        for doc in year.docs:
            units = [Unit(id=str(i + 1), source=year.src[i], target=targets[i], index=i)
                     for i in range(doc.start, doc.end)]
            for issue in run_checks(checks, CheckContext(units=units, config=config)):
                yield _row(year_name, f"{name}/{doc.id}", issue)


def bench_rows(sources: str, units: int, terms: int, tmp: Path) -> Iterator[Row]:
    """The four checks' findings on bench/qa.py's file as ``review-app qa FILE --glossary G --config C`` (C
    switching the four on) finds them: the same reading, glossary, configuration and run of every check."""
    from qa import build_glossary, build_xliff

    from review_app import qa

    gloss = tmp / "glossary.tbx"
    if not gloss.exists():
        build_glossary(gloss, terms)
    path = tmp / f"bench-{sources}.xlf"
    build_xliff(path, units, repeated_sources=sources == "repeated")
    config_path = tmp / "meaning.toml"
    config_path.write_text("".join(f"[options.{c}]\nenabled = true\n" for c in CHECKS), encoding="utf-8")
    config = qa.load_config(config_path)
    glossary = qa.load_glossary_or_none(gloss)
    read = qa.read_units(path)
    issues = qa.run_units(read.units, glossary=glossary, config=config,
                          source_lang=read.source_lang or "ja", target_lang=read.target_lang or "en")
    part = f"bench-{sources}"
    for issue in issues:
        if issue.check in CHECKS:
            yield _row(part, "", issue)


def digest(rows: list[Row]) -> str:
    h = hashlib.sha256()
    for r in sorted(rows, key=lambda r: json.dumps(r, ensure_ascii=False)):
        h.update(json.dumps(r, ensure_ascii=False).encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


def _commit(code: Path) -> str:
    try:
        out = subprocess.run(["git", "-C", str(code), "rev-parse", "HEAD"], capture_output=True, text=True,
                             check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(code), "status", "--porcelain", "--", "review_app"],
                               capture_output=True, text=True, check=True).stdout.strip()
        return out + (" + uncommitted changes to review_app" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def measure(parts: list[str], units: int, terms: int, dump: Path | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    sink = dump.open("w", encoding="utf-8") if dump else None
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for part in parts:
                started = time.process_time()
                if part.startswith("wmt"):
                    rows = list(wmt_rows(part))
                else:
                    rows = list(bench_rows(part.removeprefix("bench-"), units, terms, Path(tmp)))
                counts = Counter(r[3] for r in rows)
                out[part] = {"sha256": digest(rows), "findings": len(rows),
                             "by_check": {c: counts.get(c, 0) for c in CHECKS}}
                if part.startswith("bench"):
                    out[part]["units"] = units
                print(f"{part}: {len(rows)} findings {dict(out[part]['by_check'])} sha256 {out[part]['sha256']} "
                      f"({time.process_time() - started:.0f} s CPU)", flush=True)
                if sink:
                    for r in sorted(rows, key=lambda r: json.dumps(r, ensure_ascii=False)):
                        sink.write(json.dumps(r, ensure_ascii=False) + "\n")
    finally:
        if sink:
            sink.close()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--save", nargs="?", const=DIGESTS, type=Path, default=None, metavar="FILE",
                    help=f"write the digests to FILE (default {DIGESTS.relative_to(ROOT)})")
    ap.add_argument("--compare", nargs="?", const=DIGESTS, type=Path, default=None, metavar="FILE",
                    help="compare with the digests in FILE; exit 1 if any part differs")
    ap.add_argument("--dump", type=Path, default=None, metavar="OUT.jsonl", help="write every finding, sorted")
    ap.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS))
    ap.add_argument("--units", type=int, default=None,
                    help="units of the synthetic file (default 20000, or --compare's file's)")
    ap.add_argument("--terms", type=int, default=None, help="concepts of its glossary (default 10000, or the file's)")
    ap.add_argument("--code", type=Path, default=None, help="the checkout whose review_app runs (default: this one)")
    args = ap.parse_args(argv)
    code = args.code.resolve() if args.code else ROOT
    _setup_path(code)
    import review_app

    where = Path(review_app.__file__).resolve().parent.parent
    if where != code:
        print(f"review_app is imported from {where}, not {code}", file=sys.stderr)
        return 2
    expected: dict[str, Any] | None = None
    if args.compare:
        expected = json.loads(args.compare.read_text(encoding="utf-8"))
        args.units = args.units or expected.get("units")
        args.terms = args.terms or expected.get("terms")
    args.units, args.terms = args.units or 20_000, args.terms or 10_000
    print(f"code: {code} at {_commit(code)}", flush=True)
    got = measure(args.parts, args.units, args.terms, args.dump)
    if args.save:
        saved: dict[str, Any] = {"commit": _commit(code), "units": args.units, "terms": args.terms, "parts": got}
        if args.save.exists() and set(args.parts) != set(PARTS):  # keep the parts not measured now
            old = json.loads(args.save.read_text(encoding="utf-8"))
            if old.get("units") == args.units:
                saved["parts"] = {**old.get("parts", {}), **got}
        args.save.write_text(json.dumps(saved, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"saved to {args.save}")
    if expected is not None:
        differ = [p for p in got if expected["parts"].get(p, {}).get("sha256") != got[p]["sha256"]]
        for p in differ:
            old = expected["parts"].get(p)
            print(f"DIFFERS {p}: " + (f"{old['findings']} → {got[p]['findings']} findings, by check "
                                      f"{old['by_check']} → {got[p]['by_check']}" if old else "not in the file"))
        if differ:
            return 1
        print(f"IDENTICAL to {args.compare} (made at {expected.get('commit')}): {', '.join(got)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
