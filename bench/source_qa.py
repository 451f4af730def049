"""Source-side QA, before and after, measured side by side in one run (issue 21).

Two questions, on data nobody on this project wrote and on the shipped article:

* **Human-written Japanese** (``../shared/realworld``, WMT21 and WMT22 ja→en sources, written by people): the share
  of segments with a source-side finding — a false-alarm rate, since these sources were not machine-translated.
  Each year is checked three ways: as an XLIFF 1.2 file with one ``<file>`` per WMT document (``xliff``); as a
  project imported from the WMT XML (``project``, what ``review-app init X --source *.all.xml`` builds); and as
  the line-aligned ``src.ja``/``ref.en`` pair (``lines``: one file, which says nothing of its documents).
* **The shipped article** (``corpus/musk-trump/source.ja.txt``, machine-translated from Chinese): how many of the
  defects listed in ``corpus/musk-trump/source-notes.json`` get a source-side finding, and how many source-side
  findings touch no listed defect ("stray"), without and with ``glossary/musk-trump.tbx``. A defect is found when
  a source-side finding on its segment overlaps the defect's Japanese text (or, where that text is not in the
  segment any more, anywhere in the segment), or when a finding elsewhere names its segment as the place it
  contradicts (``other_unit``).

"Before" is the code of a git revision (default: ``2ca89b3``, main when issue 21's work started), extracted with
``git archive`` into a temporary folder and run in a subprocess with the same measuring code; "after" is this
checkout. Both run in the same invocation, one after the other::

    .venv/bin/python bench/source_qa.py [--before REV] [--only after] [--format table|json] [--save]

``--save`` writes ``bench/data/source_qa.json``, which ``scripts/eval_checks.py --docs`` puts into docs/checks.md.
Not part of CI (tests/test_source_qa.py runs :func:`measure` on the article and on a slice of WMT22).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("REVIEW_APP_REALWORLD", ROOT.parent / "shared" / "realworld"))
ARTICLE = ROOT / "corpus" / "musk-trump"
GLOSSARY = ROOT / "glossary" / "musk-trump.tbx"
SAVED = ROOT / "bench" / "data" / "source_qa.json"
BEFORE_REV = "2ca89b3"
YEARS = {"wmt21": "newstest2021.ja-en.all.xml", "wmt22": "wmttest2022.ja-en.all.xml"}


def _xliff_per_document(xml: Path, out: Path, limit_docs: int | None = None) -> int:
    """Write the WMT test set ``xml`` as XLIFF 1.2 with one ``<file original=DOC>`` per WMT document (source and
    first reference); the number of units written."""
    from lxml import etree

    from review_app.formats.wmt import read_wmt

    ts = read_wmt(xml)
    _, ref = ts.reference()
    ns = "urn:oasis:names:tc:xliff:document:1.2"
    root = etree.Element(f"{{{ns}}}xliff", nsmap={None: ns}, version="1.2")
    files: dict[str, Any] = {}
    n = 0
    for seg, tgt in zip(ts.segments, ref, strict=True):
        body = files.get(seg.document)
        if body is None:
            if limit_docs is not None and len(files) >= limit_docs:
                break
            f = etree.SubElement(root, f"{{{ns}}}file", original=seg.document, datatype="plaintext")
            f.set("source-language", ts.source_lang)
            f.set("target-language", ts.target_lang or "en")
            body = files[seg.document] = etree.SubElement(f, f"{{{ns}}}body")
        tu = etree.SubElement(body, f"{{{ns}}}trans-unit", id=seg.seg)
        etree.SubElement(tu, f"{{{ns}}}source").text = seg.text
        etree.SubElement(tu, f"{{{ns}}}target").text = tgt or ""
        n += 1
    etree.ElementTree(root).write(str(out), xml_declaration=True, encoding="utf-8")
    return n


def _share(units: Sequence[Any], issues: Sequence[Any]) -> dict[str, Any]:
    src = [i for i in issues if i.side.value == "source"]
    flagged = {i.unit for i in src}
    return {"segments": len(units), "flagged": len(flagged),
            "share": round(len(flagged) / len(units), 4) if units else None,
            "by_check": dict(sorted(Counter(i.check for i in src).items()))}


def _project_units(folder: Path, source: Path) -> tuple[list[Any], Any, Any]:
    from review_app import qa
    from review_app.project import init_project, open_project

    os.environ.pop("REVIEW_APP_DATABASE_URL", None)
    init_project(folder, source=source)
    op = open_project(folder)
    try:
        svc = op.service()
        return qa.project_units(svc), svc.source_lang, svc.target_lang
    finally:
        op.close()


def human(year: str, tmp: Path, limit_docs: int | None = None) -> dict[str, Any]:
    """Source-side findings on a WMT year's human-written Japanese, three ways (see the module docstring)."""
    from review_app import qa

    xml = DATA / f"{year}-ja-en" / YEARS[year]
    out: dict[str, Any] = {}
    xlf = tmp / f"{year}.xlf"
    _xliff_per_document(xml, xlf, limit_docs)
    uf = qa.read_units(xlf)
    out["xliff"] = _share(uf.units, qa.run_units(uf.units, source_lang=uf.source_lang, target_lang=uf.target_lang))
    if limit_docs is None:
        units, sl, tl = _project_units(tmp / f"{year}-project", xml)
        out["project"] = _share(units, qa.run_units(units, source_lang=sl, target_lang=tl))
        lf = qa.read_line_units(DATA / f"{year}-ja-en" / "src.ja", DATA / f"{year}-ja-en" / "ref.en")
        out["lines"] = _share(lf.units, qa.run_units(lf.units, source_lang="ja", target_lang="en"))
    return out


def _defects(notes: list[dict[str, Any]], units: dict[str, Any]) -> list[tuple[str, tuple[int, int] | None, str]]:
    """(segment, span of the defect's Japanese in the segment or None, kind) per listed defect."""
    out = []
    for n in notes:
        u = units.get(n["segment"])
        if u is None:
            continue
        at = u.source.find(n["ja"]) if n.get("ja") else -1
        out.append((n["segment"], (at, at + len(n["ja"])) if at >= 0 else None, n["kind"]))
    return out


def _touches(issue: Any, segment: str, span: tuple[int, int] | None) -> bool:
    if issue.unit != segment:
        # a finding that names the other place it contradicts (source-date-conflict's other_unit) touches it too
        return bool(issue.data.get("other_unit") == segment)
    if span is None or issue.source_span is None:
        return True
    a, b = issue.source_span
    return a < span[1] and span[0] < b


def article(tmp: Path) -> dict[str, Any]:
    """Listed source defects of the shipped article found by source-side findings, without and with the glossary."""
    from review_app import qa

    units, sl, tl = _project_units(tmp / "article", ARTICLE / "source.ja.txt")
    by_id = {u.id: u for u in units}
    notes = json.loads((ARTICLE / "source-notes.json").read_text(encoding="utf-8"))
    defects = _defects(notes, by_id)
    out: dict[str, Any] = {"defects": len(defects), "segments": len(units),
                           "kinds": dict(sorted(Counter(d[2] for d in defects).items()))}
    for label, glossary in (("no_glossary", None), ("glossary", qa.load_glossary_or_none(GLOSSARY))):
        issues = [i for i in qa.run_units(units, glossary=glossary, source_lang=sl, target_lang=tl)
                  if i.side.value == "source"]
        found = [d for d in defects if any(_touches(i, d[0], d[1]) for i in issues)]
        stray = [i for i in issues if not any(_touches(i, d[0], d[1]) for d in defects)]
        out[label] = {"found": len(found), "findings": len(issues), "stray": len(stray),
                      "found_kinds": dict(sorted(Counter(d[2] for d in found).items())),
                      "by_check": dict(sorted(Counter(i.check for i in issues).items())),
                      "stray_by_check": dict(sorted(Counter(i.check for i in stray).items()))}
    return out


def measure(years: Sequence[str] = tuple(YEARS), limit_docs: int | None = None) -> dict[str, Any]:
    """Every figure, with the code importable as ``review_app`` (this checkout, or the "before" revision)."""
    with tempfile.TemporaryDirectory(prefix="source-qa-") as d:
        tmp = Path(d)
        return {"human": {y: human(y, tmp, limit_docs) for y in years}, "article": article(tmp)}


def measure_revision(rev: str) -> dict[str, Any]:
    """:func:`measure` on the code of git revision ``rev`` (its ``review_app`` package; this script's measuring
    code), in a subprocess."""
    with tempfile.TemporaryDirectory(prefix="source-qa-before-") as d:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "review_app"], check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", d], input=archive, check=True)
        env = {**os.environ, "PYTHONPATH": d}
        proc = subprocess.run([sys.executable, __file__, "--only", "this", "--format", "json"], env=env,
                              check=True, capture_output=True, text=True, cwd=d)
        result: dict[str, Any] = json.loads(proc.stdout)
        return result


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.1%}"


def rows(report: dict[str, Any]) -> list[list[str]]:
    """(what, before, after) rows of the headline figures."""
    before, after = report.get("before"), report["after"]
    out = []
    for year, sets in after["human"].items():
        for how, fig in sets.items():
            b = (before or {}).get("human", {}).get(year, {}).get(how)
            out.append([f"{year} human Japanese, {how} ({fig['segments']} segments): segments with a "
                        "source-side finding",
                        f"{_pct(b['share'])} ({b['flagged']})" if b else "—",
                        f"{_pct(fig['share'])} ({fig['flagged']})"])
    for label, what in (("no_glossary", "without glossary"), ("glossary", "with glossary/musk-trump.tbx")):
        a = after["article"][label]
        b = (before or {}).get("article", {}).get(label)
        n = after["article"]["defects"]
        out.append([f"article source notes ({n} defects) found, {what}",
                    f"{b['found']} ({b['stray']} stray of {b['findings']} findings)" if b else "—",
                    f"{a['found']} ({a['stray']} stray of {a['findings']} findings)"])
    return out


def render(report: dict[str, Any]) -> str:
    lines = [f"before: {report.get('before_rev') or '(not measured)'}; after: this checkout (its code as of "
             f"{report.get('after_rev', '?')}); measured {report['date']}", ""]
    table = [["figure", "before", "after"], *rows(report)]
    widths = [max(len(r[i]) for r in table) for i in range(3)]
    for r in table:
        lines.append("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))
    lines.append("")
    for side in ("before", "after"):
        rep = report.get(side)
        if not rep:
            continue
        for year, sets in rep["human"].items():
            for how, fig in sets.items():
                lines.append(f"{side} {year} {how}: {fig['by_check']}")
        for label in ("no_glossary", "glossary"):
            a = rep["article"][label]
            lines.append(f"{side} article {label}: found {a['found_kinds']}; findings {a['by_check']}; "
                         f"stray {a['stray_by_check']}")
    return "\n".join(lines)


def _rev(ref: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", ref], capture_output=True,
                          text=True, check=True).stdout.strip()


def _code_rev() -> str:
    """The last commit that changed ``review_app/`` (what "after" measures; a later docs-only commit keeps it)."""
    return subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%h", "--", "review_app"],
                          capture_output=True, text=True, check=True).stdout.strip()


def docs_section() -> list[str]:
    """docs/checks.md's section: the saved figures (``--save``), before and after."""
    if not SAVED.exists():
        return []
    report = json.loads(SAVED.read_text(encoding="utf-8"))
    out = ["## Source-side QA: human-written Japanese and the shipped article", "",
           f"Measured by `bench/source_qa.py` on {report['date']}: \"before\" is the code of "
           f"`{report['before_rev']}` (main when issue 21 started), \"after\" is the code of "
           f"`{report['after_rev']}`, run side by side. Human-written Japanese: the WMT21/WMT22 ja→en sources in "
           f"`../shared/realworld` (professional news, conversations, e-commerce and social text, none machine-"
           f"translated), checked as XLIFF with one `<file>` per WMT document, as a project imported from the WMT"
           f" XML, and as the line-aligned `src.ja` (one file that does not name its documents). A finding there "
           f"is most likely a false alarm. The article: `corpus/musk-trump/source.ja.txt` against the defects "
           f"listed in `corpus/musk-trump/source-notes.json` (a defect counts as found when a source-side finding"
           f" on its segment overlaps its Japanese text, or a finding elsewhere names its segment as the place it"
           f" contradicts; a \"stray\" finding touches no listed defect). The article is the development set of "
           f"the source-side checks (their authors read its notes): its figure shows what they catch there, the "
           f"human-written Japanese is the independent measure.", "",
           "| figure | before | after |", "|---|---|---|"]
    out += [f"| {a} | {b} | {c} |" for a, b, c in rows(report)]
    art = report["after"]["article"]
    for label, what in (("no_glossary", "without glossary"), ("glossary", "with the glossary")):
        a = art[label]
        out += ["", f"After, {what}: defects found by kind "
                + ", ".join(f"{k} {v}" for k, v in a["found_kinds"].items()) + "; findings by check "
                + ", ".join(f"`{k}` {v}" for k, v in a["by_check"].items()) + "; stray findings by check "
                + (", ".join(f"`{k}` {v}" for k, v in a["stray_by_check"].items()) or "none") + "."]
    if set(art["glossary"]["stray_by_check"]) <= {"source-politeness-mix"}:
        out += ["", "The stray findings are the polite (です/ます) paragraphs of the plain article: its style mix, "
                    "which the source notes do not list as defects."]
    if "kinds" in art:
        found = art["glossary"]["found_kinds"]
        out += ["", "Out of reach without a model (listed defects by kind, found with the glossary / listed): "
                + ", ".join(f"{k} {found.get(k, 0)}/{n}" for k, n in art["kinds"].items())
                + ". Mistranslations, polarity reversals, garbled transliterations (ブル・アーティスト, テマ同盟) "
                  "and facts that contradict the world rather than the text (an Iowa rally that was in Butler, "
                  "Election Day) need the original or knowledge of the events; string checks find what the text "
                  "contradicts in itself (names, dates, spellings, repeated words, characters and punctuation)."]
    return [*out, ""]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", default=BEFORE_REV, help=f"git revision of the 'before' code (default {BEFORE_REV})")
    ap.add_argument("--only", choices=("this", "after"), default=None,
                    help="measure only the code importable as review_app (no 'before' run)")
    ap.add_argument("--years", default=",".join(YEARS))
    ap.add_argument("--format", choices=("table", "json"), default="table")
    ap.add_argument("--save", action="store_true", help=f"write {SAVED.relative_to(ROOT)}")
    args = ap.parse_args(argv)
    years = [y for y in args.years.split(",") if y]
    if args.only:
        print(json.dumps(measure(years), ensure_ascii=False))
        return 0
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    report = {"date": datetime.now(UTC).strftime("%Y-%m-%d"), "before_rev": _rev(args.before),
              "after_rev": _code_rev() + ("+changes" if subprocess.run(
                  ["git", "-C", str(ROOT), "diff", "--quiet", "HEAD", "--", "review_app"], check=False).returncode
              else ""),
              "before": measure_revision(args.before), "after": measure(years)}
    print(json.dumps(report, ensure_ascii=False, indent=1) if args.format == "json" else render(report))
    if args.save:
        SAVED.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
