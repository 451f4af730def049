"""Evaluate the meaning checks (polarity, omission, addition, entity-consistency) on labelled rows and on WMT.

Two measurements, both on ``../shared/realworld`` (WMT21/22 Japanese→English: source, professional reference,
every submitted system's output, human DA scores):

* **labelled rows** — ``bench/data/meaning-labels.jsonl`` (read by hand by this project, see
  ``bench/data/README.md``): per check, precision and recall of its findings against the rows' labels, reported
  separately for the rows written before the checks were coded (``labelled_before_code: true``, the set the
  thresholds were tuned on) and after (held out). A segment row is one unit checked alone; an entity row is one
  system's output of one WMT document, checked as one file, and counts as found when a finding of
  ``entity-consistency`` names the row's source term (or the longer name the row's ``entity`` records, when the
  term was drawn as a part of it: 浜松 of 浜松城北工).
* **the harness** — ``bench/realworld.py``'s ``evaluate`` with these checks: per check the share of the reference's
  segments it flags (a false-alarm proxy: target ≤ 2 %), Kendall's τ-b between the systems' flagged share
  (negated) and their human z score, and the mean human score of flagged and unflagged segments with the AUC,
  per WMT year.

    .venv/bin/python bench/meaning.py [--labels-only] [--limit N] [--save] [--cost [UNITS] [--cost-repeat N]]
        [--in-document]
    .venv/bin/python bench/meaning.py --draw N [--seed S --low-da X --low-share F]

``--cost`` also measures what switching the checks on costs ``review-app qa`` (CPU, side by side, with bench/qa.py's
glossary, on a file of unique sources and on one whose sources repeat). ``--draw`` prints segment rows to label by
hand (see :func:`draw`), without running any check. ``--in-document`` scores the segment rows a second time, each
inside its WMT document (:func:`predict_in_document`), and prints both per set.

``--save`` writes ``bench/data/meaning-figures.json``, which ``scripts/eval_checks.py --docs docs/checks.md``
renders into the catalogue. Not part of CI (tests/test_checks_meaning.py runs the labelled part on a few rows).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

LABELS = ROOT / "bench" / "data" / "meaning-labels.jsonl"
FIGURES = ROOT / "bench" / "data" / "meaning-figures.json"
CHECKS = ("polarity", "omission", "addition", "entity-consistency")
SEGMENT_CHECKS = CHECKS[:3]


def load_rows(path: Path = LABELS) -> list[dict[str, Any]]:
    """The labelled rows (one JSON object a line; a clear error naming the line otherwise)."""
    from realworld import load_labels

    return load_labels(path)


(BEFORE, AFTER, AFTER2, AFTER3, AFTER4, AFTER5, AFTER6, AFTER7, AFTER8, AFTER9, AFTER10, AFTER11, AFTER12, AFTER13,
 AFTER14, AFTER15) = (
    "written before the code", "written after the code", "drawn at random after the code (second held-out set)",
    "drawn after the code, random and from error-prone pools (third held-out set)",
    "drawn after the code, random and from error-prone pools (fourth held-out set)",
    "entity terms drawn after the code (fifth held-out set)",
    "drawn after the code, random, from error-prone pools and entity terms (sixth held-out set)",
    "drawn after the code from outputs scored low and error-prone pools (seventh held-out set)",
    "drawn after the code from outputs scored low and error-prone pools (eighth held-out set)",
    "drawn after the code from error-prone pools, negation disagreements included (ninth held-out set)",
    "drawn after the code from outputs scored low, error-prone pools and entity terms (tenth held-out set)",
    "drawn after the code from outputs scored low, error-prone pools and entity terms (eleventh held-out set)",
    "drawn after the code from outputs scored low, error-prone pools and entity terms (twelfth held-out set)",
    "drawn after the code from outputs scored low, error-prone pools and entity terms (thirteenth held-out set)",
    "drawn after the code from outputs scored low, error-prone pools and entity terms (fourteenth held-out set)",
    "drawn after the code from outputs scored low, error-prone pools and entity terms (fifteenth held-out set)")


# the rows of the sets drawn for the session still running are not printed (--verbose) nor saved as examples in
# bench/data/meaning-figures.json and docs/checks.md: the engineers of that session read both, and the sets must stay
# unseen until its note; their counts are saved as usual. The session's lead empties this when it ends.
WITHHELD: frozenset[str] = frozenset()


def group_of(row: dict[str, Any]) -> str:
    """The labelled set a row belongs to: written before the checks were coded (the tuning set), written after
    them (held out), drawn at random and labelled after them (``"set": "after-code-2"``, held out; see
    :func:`draw`), or the third held-out set (``"set": "after-code-3"``: random and from error-prone pools,
    labelled before the changes it measures; bench/data/README.md), or the fourth (``"after-code-4"``, drawn
    the same way on December 7, 2026), or the fifth (``"after-code-5"``: entity rows only, drawn that day after the
    fourth had been scored), or the sixth (``"after-code-6"``: segment and entity rows, drawn and labelled on
    December 7, 2026 at the start of a session, before its changes), or the seventh (``"after-code-7"``: drawn
    during that session with the human scores on their right segments, never shown to the engineers), or the
    eighth (``"after-code-8"``: segment rows drawn the same way at the start of the session of December 7, 2026
    06:20 UTC, before its changes, never shown to its engineers), or the ninth (``"after-code-9"``: pool rows drawn
    right after the eighth, before the same changes), or the tenth (``"after-code-10"``: segment and entity rows
    drawn the same way at the start of the session of December 7, 2026 09:32 UTC, before its changes), or the
    eleventh (``"after-code-11"``: drawn the same way at the start of the session of December 7, 2026 12:17 UTC,
    before its changes), or the twelfth (``"after-code-12"``: drawn the same way at the start of the session of
    December 7, 2026 15:22 UTC, before its changes), or the thirteenth (``"after-code-13"``: drawn the same way at
    the start of the session of December 7, 2026 17:40 UTC, before its changes), or the fourteenth
    (``"after-code-14"``: drawn the same way at the start of the session of December 7, 2026 20:04 UTC, before its
    changes), or the fifteenth (``"after-code-15"``: drawn the same way at the start of the session of December 7,
    2026 23:21 UTC, before its changes)."""
    if row.get("labelled_before_code"):
        return BEFORE
    return {"after-code-2": AFTER2, "after-code-3": AFTER3, "after-code-4": AFTER4,
            "after-code-5": AFTER5, "after-code-6": AFTER6,
            "after-code-7": AFTER7, "after-code-8": AFTER8, "after-code-9": AFTER9,
            "after-code-10": AFTER10, "after-code-11": AFTER11,
            "after-code-12": AFTER12, "after-code-13": AFTER13,
            "after-code-14": AFTER14, "after-code-15": AFTER15}.get(row.get("set") or "", AFTER)


def _run(units: list[Any], ids: Sequence[str]) -> list[Any]:
    from review_app.checks.base import CheckConfig, CheckContext, run_checks
    from review_app.checks.registry import all_checks

    checks = [c for c in all_checks() if c.check_id in ids]
    return list(run_checks(checks, CheckContext(units=units, config=CheckConfig(enabled_only=frozenset(ids)))))


def predict(row: dict[str, Any]) -> set[str]:
    """The checks that report the row (segment rows: its unit alone; entity rows: its document's units)."""
    from review_app.checks.base import Unit

    if "term" in row:
        units = [Unit(id=str(n), source=s, target=t, index=i)
                 for i, (n, s, t) in enumerate(zip(row["segs"], row["sources"], row["targets"], strict=True))]
        found = _run(units, ["entity-consistency"])
        names = [row["term"], *([row["entity"]] if row.get("entity") else [])]
        hit = any(t in f.data.get("name", "") or f.data.get("name", "") in t for f in found for t in names)
        return {"entity-consistency"} if hit else set()
    found = _run([Unit(id="1", source=row["source"], target=row["target"])], SEGMENT_CHECKS)
    return {f.check for f in found}


_YEARS: dict[str, Any] = {}
_IN_DOCUMENT: dict[tuple[str, str, str], dict[int, set[str]]] = {}


def predict_in_document(row: dict[str, Any]) -> set[str]:
    """The checks that report a segment row when the row's whole WMT document (that system's output, or the
    reference for ``REF``) is checked as one file, as the harness checks it and as a reviewer's project holds an
    article: the file's length ratio, the neighbouring units and the document's names are then known to the checks.
    Entity rows are documents already (:func:`predict`). One run per (year, system, document), cached. A row whose
    source or target is not that line of the WMT files is an error naming the row (the labels file copies them)."""
    if "term" in row:
        return predict(row)
    from realworld import DATA, load_year

    from review_app.checks.base import Unit

    year = row["dataset"]
    if year not in _YEARS:
        _YEARS[year] = load_year(DATA, year)
    w = _YEARS[year]
    line = row["seg"] - 1
    targets = w.ref if row["system"] == "REF" else w.hyps[row["system"]]
    if w.src[line] != row["source"] or targets[line] != row["target"]:
        raise ValueError(f"{LABELS.name}: row {year} {row['system']} seg {row['seg']}: its source or target is not "
                         f"line {row['seg']} of the WMT files; fix the row or its seg")
    doc = next(d for d in w.docs if d.start <= line < d.end)
    key = (year, row["system"], doc.id)
    if key not in _IN_DOCUMENT:
        units = [Unit(id=str(i + 1), source=w.src[i], target=targets[i], index=i) for i in range(doc.start, doc.end)]
        found: dict[int, set[str]] = defaultdict(set)
        for f in _run(units, SEGMENT_CHECKS):
            found[int(f.unit) - 1].add(f.check)
        _IN_DOCUMENT[key] = found
    return set(_IN_DOCUMENT[key].get(line, ()))


def score(rows: list[dict[str, Any]], in_document: bool = False) -> dict[str, dict[str, Any]]:
    """Per check: positives, TP, FP, FN, precision, recall over the rows the check applies to (segment checks on
    segment rows, entity-consistency on entity rows) and the rows it got wrong. ``in_document``: each segment row
    checked inside its WMT document (:func:`predict_in_document`) instead of as a file of one unit."""
    out: dict[str, dict[str, Any]] = {c: {"rows": 0, "positives": 0, "tp": 0, "fp": 0, "fn": 0, "missed": [],
                                          "false_alarms": []} for c in CHECKS}
    for r in rows:
        pred = predict_in_document(r) if in_document else predict(r)
        applies = ["entity-consistency"] if "term" in r else list(SEGMENT_CHECKS)
        where = (f"{r['dataset']} {r['system']} " + (f"{r['doc']} {r['term']}" if "term" in r else f"seg {r['seg']}")
                 + f": {r['note']}")
        for c in applies:
            b = out[c]
            b["rows"] += 1
            gold, got = c in r["labels"], c in pred
            b["positives"] += gold
            if gold and got:
                b["tp"] += 1
            elif got:
                b["fp"] += 1
                b["false_alarms"].append(where)
            elif gold:
                b["fn"] += 1
                b["missed"].append(where)
    for b in out.values():
        b["precision"] = round(b["tp"] / (b["tp"] + b["fp"]), 3) if b["tp"] + b["fp"] else None
        b["recall"] = round(b["tp"] / b["positives"], 3) if b["positives"] else None
    return out


HELD_OUT_SETS = ("after-code-2", "after-code-3", "after-code-4", "after-code-5", "after-code-6", "after-code-7",
                 "after-code-8", "after-code-9", "after-code-10", "after-code-11", "after-code-12",
                 "after-code-13", "after-code-14", "after-code-15")


def drawn_after(set_name: str) -> tuple[str, ...]:
    """The drawn held-out sets from ``set_name`` on (itself included): rows a repeated draw of ``set_name`` must not
    count as used, since they did not exist when it was first drawn."""
    return HELD_OUT_SETS[HELD_OUT_SETS.index(set_name):] if set_name in HELD_OUT_SETS else (set_name,)


# the sets drawn while bench/realworld.py read a segment score's id as its line number (it is the segment's place
# with the documents in id order: realworld.sid_lines): their "rated outputs" and "raw DA below X" pools were in
# effect random outputs and random scores. Their draws are repeated with that reading, so they give the same rows.
XML_ORDER_SETS = ("after-code", "after-code-2", "after-code-3", "after-code-4", "after-code-5", "after-code-6")


def sid_order_of(set_name: str) -> str:
    """How the draw of ``set_name`` reads the segment ids of the score files (:func:`realworld.sid_lines`)."""
    return "xml" if set_name in XML_ORDER_SETS else "sorted"


def unlabelled_outputs(labelled: list[dict[str, Any]], set_name: str
                       ) -> Iterator[tuple[dict[str, Any], str]]:
    """Every rated WMT21/22 system output (AIST left out: its outputs are mostly unrelated text) on a segment no
    row of ``labelled`` uses, as an unlabelled row of set ``set_name``, with the segment's reference. The scores
    are read as that set's draw read them (:func:`sid_order_of`)."""
    from realworld import DATA, load_year

    used = {(r["dataset"], r["seg"]) for r in labelled if "seg" in r}
    used |= {(r["dataset"], s) for r in labelled if "segs" in r for s in r["segs"]}
    for year in ("wmt21", "wmt22"):
        w = load_year(DATA, year, sid_order=sid_order_of(set_name))
        doc_of = {i: d.id for d in w.docs for i in range(d.start, d.end)}
        for system, scores in sorted(w.seg_scores.items()):
            if system.startswith("AIST") or system not in w.hyps:
                continue
            for line, (raw, _z) in sorted(scores.items()):
                if (year, line + 1) in used or not w.src[line].strip():
                    continue
                yield ({"dataset": year, "system": system, "doc": doc_of.get(line, ""), "seg": line + 1,
                        "source": w.src[line], "target": w.hyps[system][line], "labels": [], "note": "",
                        "human_raw": raw, "labelled_before_code": False, "set": set_name}, w.ref[line])


def draw(n: int, seed: int = 20261206, low_da: float = 50.0, low_share: float = 0.5, exclude: Path = LABELS,
         set_name: str = "after-code-2") -> list[dict[str, Any]]:
    """Segment rows to label by hand, drawn without running any check: rated system outputs of WMT21/22 (AIST left
    out: its outputs are mostly unrelated text) on segments no labelled row uses (any system), at most one row a
    segment; a ``low_share`` of them from the low-scored outputs (raw DA < ``low_da``, where errors are), the rest
    from all rated outputs. Each
    row comes with empty ``labels`` and ``labelled_before_code: false``: the labeller fills ``labels`` and ``note``
    from reading the source and the output, before running ``bench/meaning.py``."""
    import random

    rng = random.Random(seed)
    pools: dict[str, list[dict[str, Any]]] = {"low": [], "any": []}
    # the rows of the set being drawn and of later sets do not count as used: its draw can be repeated
    labelled = [r for r in load_rows(exclude) if r.get("set") not in drawn_after(set_name)]
    for row, _reference in unlabelled_outputs(labelled, set_name):
        pools["any"].append(row)
        if row["human_raw"] < low_da:
            pools["low"].append(row)
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, int]] = set()
    for k in range(4 * n):
        if len(out) >= n:
            break
        pool = pools["low" if (k * low_share) % 1 < low_share else "any"]  # 0.5: low, any, low, any…
        while pool:
            row = pool.pop(rng.randrange(len(pool)))
            if (row["dataset"], row["seg"]) not in seen:
                seen.add((row["dataset"], row["seg"]))
                out.append(row)
                break
    return out


def harness(limit: int | None = None) -> dict[str, Any]:
    from realworld import evaluate

    report = evaluate(checks=list(CHECKS), side="target", limit=limit, bleu=False)
    out: dict[str, Any] = {"provenance": report["provenance"], "years": {}}
    import statistics

    for y, d in report["years"].items():
        per = {}
        systems = [x for x in d["systems"] if x.get("z") is not None]
        worst = min(systems, key=lambda x: x["z"]) if systems else None
        for c in CHECKS:
            seg = d["segment"]["by_check"].get(c, {})
            segz = d["segment"].get("by_check_z", {}).get(c, {})
            segw = d["segment"].get("by_check_without_lowest", {}).get(c, {})
            per[c] = {"reference_flagged": d["reference"]["by_check"].get(c, 0), "segments": d["segments"],
                      "reference_share": round(d["reference"]["by_check"].get(c, 0) / d["segments"], 4),
                      "tau_z": d["tau_by_check"].get(c), "flagged": seg.get("flagged"),
                      "flagged_mean": seg.get("flagged_mean"), "unflagged_mean": seg.get("unflagged_mean"),
                      "gap": seg.get("gap"), "auc": seg.get("auc"),
                      "z_flagged_mean": segz.get("flagged_mean"), "z_unflagged_mean": segz.get("unflagged_mean"),
                      "z_gap": segz.get("gap"), "z_auc": segz.get("auc"),
                      "without_lowest_flagged_mean": segw.get("flagged_mean"),
                      "without_lowest_unflagged_mean": segw.get("unflagged_mean"),
                      "without_lowest_gap": segw.get("gap"), "without_lowest_auc": segw.get("auc"),
                      "lowest_system": worst["system"] if worst else None,
                      "lowest_system_share": round(worst["by_check"].get(c, 0) / worst["segments"], 4) if worst
                      else None,
                      "others_median_share": round(statistics.median(
                          x["by_check"].get(c, 0) / x["segments"] for x in systems if x is not worst), 4)
                      if len(systems) > 1 else None}
        out["years"][y] = per
    return out


def render(labelled: dict[str, Any], figures: dict[str, Any] | None) -> str:
    lines = []
    for name, sc in labelled.items():
        lines.append(f"labelled rows ({name}):")
        lines.append(f"  {'check':20} {'rows':>5} {'pos':>4} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>9} "
                     f"{'recall':>6}")
        for c, b in sc.items():
            lines.append(f"  {c:20} {b['rows']:5} {b['positives']:4} {b['tp']:4} {b['fp']:4} {b['fn']:4} "
                         f"{b['precision'] if b['precision'] is not None else '–':>9} "
                         f"{b['recall'] if b['recall'] is not None else '–':>6}")
    if figures:
        lines.append("harness (bench/realworld.py):")
        for y, per in figures["years"].items():
            for c, f in per.items():
                lines.append(f"  {y} {c:20} reference {f['reference_flagged']}/{f['segments']} "
                             f"({100 * f['reference_share']:.1f}%)  τ(z) {f['tau_z']}  flagged {f['flagged']} "
                             f"mean DA {f['flagged_mean']} vs {f['unflagged_mean']} (gap {f['gap']})  AUC {f['auc']}"
                             f"  mean z {f.get('z_flagged_mean')} vs {f.get('z_unflagged_mean')} (gap {f.get('z_gap')})"
                             f"  AUC {f.get('z_auc')}  without {f.get('lowest_system')}: gap "
                             f"{f.get('without_lowest_gap')} AUC {f.get('without_lowest_auc')}")
    return "\n".join(lines)


def cost(units: int = 5000, repeat: int = 3, terms: int = 10_000) -> dict[str, Any]:
    """CPU time of ``review-app qa FILE --glossary G --format json -o OUT`` on bench/qa.py's synthetic file (the
    shipped reference repeated, injected slips) and ``terms``-concept glossary, with the default checks and with
    the four meaning checks switched on as well; separate processes, alternating, medians of ``repeat`` runs
    (children's rusage), with the load average at the start and the end. Two files: every source unique (a tag
    appended: no cache can help) and sources repeated untagged with other targets (several MT candidates of one
    source, which share its parse)."""
    import os
    import resource
    import statistics
    import subprocess
    import tempfile

    from qa import build_glossary, build_xliff

    out: dict[str, Any] = {"units": units, "repeat": repeat, "terms": terms,
                           "load_start": round(os.getloadavg()[0], 1)}
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "meaning.toml"
        config.write_text("".join(f'[options.{c}]\nenabled = true\n' for c in CHECKS), encoding="utf-8")
        off = Path(tmp) / "default.toml"  # the default checks alone, whatever the file's size (at 5,000 units or
        off.write_text("".join(f'[options.{c}]\nenabled = false\n' for c in CHECKS), encoding="utf-8")  # fewer
        gloss = Path(tmp) / "glossary.tbx"                                             # the four run by themselves)
        build_glossary(gloss, terms)
        for sources in ("unique", "repeated"):
            path = Path(tmp) / f"bench-{sources}.xlf"
            build_xliff(path, units, repeated_sources=sources == "repeated")
            base = [sys.executable, "-m", "review_app.cli", "qa", str(path), "--glossary", str(gloss), "--format",
                    "json", "-o", str(Path(tmp) / "out.json")]
            times: dict[str, list[float]] = {"default": [], "meaning": []}
            for _ in range(repeat):
                for name, extra in (("default", ["--config", str(off)]), ("meaning", ["--config", str(config)])):
                    before = resource.getrusage(resource.RUSAGE_CHILDREN)
                    subprocess.run([*base, *extra], check=True, capture_output=True, cwd=ROOT)
                    after = resource.getrusage(resource.RUSAGE_CHILDREN)
                    times[name].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            d, m = statistics.median(times["default"]), statistics.median(times["meaning"])
            out[sources] = {"default_cpu_s": round(d, 2), "meaning_cpu_s": round(m, 2), "added": round(m / d - 1, 3)}
    out["load_end"] = round(os.getloadavg()[0], 1)
    return out


def _f(x: Any, pct: bool = False) -> str:
    if x is None:
        return "–"
    return f"{100 * x:.1f} %" if pct else f"{x}"


FLOOR = {"parse_cpu_s": 5.4, "parse_and_tokens_cpu_s": 10.3}
"""``python bench/meaning_floor.py 100000`` (December 7, 2026, medians of three runs, load about 2 on 2 cores): CPU
seconds of the MeCab parse of the cost file's 100,000 unique sources, and of that parse read into the shared tokens,
for the cost paragraph of docs/checks.md."""
SAVED = [(4, 15.15, 15.85, 0.945), (5, 15.43, 15.62, 0.977), (5, 18.54, 18.40, 1.008)]
"""The side-by-side measurements of the savings of December 7, 2026 (``farm-bench``, 20,000 unique-source units of
the cost file, the command with the four checks, this code against 6883d1d's): (pairs, median CPU seconds after,
before, median of the pairs' ratios), for the cost paragraph of docs/checks.md."""


def docs_section(path: Path = FIGURES) -> list[str]:
    """Markdown for docs/checks.md: the saved figures of the meaning checks (``--save``)."""
    if not path.exists():
        return []
    fig = json.loads(path.read_text(encoding="utf-8"))
    h = fig.get("harness") or {}
    years = list((h.get("years") or {}).keys())
    out = ["## Meaning checks: polarity, omission, addition, entity-consistency", "",
           "These four checks read one shared analysis, the word-level evidence of `review_app/checks/meaning.py` "
           "(`ctx.analyses.meaning`): source content words aligned to target words through a committed subset of "
           "JMdict (`review_app/checks/data/jmdict_common.tsv.gz`, CC BY-SA 4.0, built by "
           "`scripts/gen_meaning_dictionary.py` from the `jamdict-data` package, which is too large to depend "
           "on: 311 MB installed, 37 s to install here), numbers, Latin words, names compared by sound, and the "
           "glossary when one is loaded. No model is downloaded. The four run by themselves on a file or project "
           "of up to 5,000 units (`review_app.checks.meaning.AUTO_MAX_UNITS`: an article, a chapter, where they "
           "add a second or two of CPU) unless switched off (`[options.<id>] enabled = false`, `review-app "
           "qa-settings PROJECT --off ID`, the Settings page); above that only when switched on (`enabled = "
           "true`, or listed in `enabled`), and the run says on stderr which it left out; the limit is the "
           "option `auto_max_units`. See the cost below. A project can add *accepted renderings* to the "
           "dictionary (`review_app/checks/renderings.py`: `[renderings]` in a QA configuration, `review-app "
           "qa-settings PROJECT --accept 集める=attract`, the Settings page, or **Accept a rendering** on a "
           "finding of the Review page): English words that then cover the source word and explain the target "
           "word in every unit, recorded in each run's provenance. They can only remove findings; none is used "
           "in the figures below.",
           "",
           f"Measured with `python bench/meaning.py --save` on {fig['date']}: the WMT figures on "
           "`../shared/realworld` (each WMT document checked as one file, the four checks only); the labelled "
           "figures on `bench/data/meaning-labels.jsonl`, rows read and labelled by hand by the project "
           "maintainers from WMT21/22 system outputs and references (how they were chosen: "
           "`bench/data/README.md`). The rows written before the code are the ones the thresholds were tuned "
           "on; the rows written after the code are held out, and so is the second held-out set: segments "
           "drawn at random by `python bench/meaning.py --draw` (one half from outputs scored below 50, then a "
           "batch from outputs scored below 30) and labelled by reading them before any check ran on them. The "
           "third held-out set (110 rows) was labelled at the start of a session, before that session's changes "
           "to the four checks, and not shown to the engineers who made them: 50 outputs drawn at random from "
           "those scored below 35, and 60 from pools where these errors gather (outputs much shorter or much "
           "longer than the reference, outputs that disagree with the reference on negation). The fourth to "
           "fifteenth sets were drawn the same way (the fifth: entity terms only; the ninth: pools only), each "
           "before a session's changes or while they were made, and never shown to the engineers who made them; "
           "after a session's note they are seen, and every engineer since tuned on them. So only the sets the "
           "latest session added are unseen: "
           "read their rows as the figures on text nobody tuned on. The sets up to the sixth were drawn while the "
           "human scores were read on the wrong segments (bench/data/README.md): their \"scored below 35\" halves "
           "are in effect random outputs.", ""]
    hdr = ["check", *(f"{y} reference flagged" for y in years), *(f"{y} τ (z)" for y in years),
           *(f"{y} mean DA flagged / unflagged (gap), AUC" for y in years),
           *(f"{y} mean z flagged / unflagged (gap), AUC" for y in years),
           *(f"{y} without the lowest-scored system: mean DA gap, AUC" for y in years)]
    hdr.append("share flagged: lowest-scored system / median of the others")
    out += ["| " + " | ".join(hdr) + " |", "|" + "---|" * len(hdr)]
    for c in CHECKS:
        cells = [f"`{c}`"]
        per = [h["years"][y][c] for y in years]
        cells += [f"{f['reference_flagged']}/{f['segments']} ({_f(f['reference_share'], True)})" for f in per]
        cells += [_f(f["tau_z"]) for f in per]
        cells += [f"{_f(f['flagged_mean'])} / {_f(f['unflagged_mean'])} ({_f(f['gap'])}), {_f(f['auc'])}"
                  for f in per]
        cells += [f"{_f(f.get('z_flagged_mean'))} / {_f(f.get('z_unflagged_mean'))} ({_f(f.get('z_gap'))}), "
                  f"{_f(f.get('z_auc'))}" for f in per]
        cells += [f"{_f(f.get('without_lowest_gap'))}, {_f(f.get('without_lowest_auc'))}" for f in per]
        cells.append("; ".join(f"{y} {f.get('lowest_system')}: {_f(f.get('lowest_system_share'), True)} / "
                               f"{_f(f.get('others_median_share'), True)}" for y, f in zip(years, per, strict=True)))
        out.append("| " + " | ".join(cells) + " |")
    out += ["", "Reading the table: the flagged share of the professional references is the false-alarm proxy "
            "(target ≤ 2 %: met by every check). The segment columns compare the human scores of flagged and "
            "unflagged system outputs, raw DA and the rater-standardised z the official ranking uses. Until "
            "December 7, 2026 they put each score on the wrong segment (bench/realworld.py read a score's segment "
            "id as its line number; the ids count the documents in id order: `realworld.sid_lines`), which is why "
            "earlier versions of this page found no gap on WMT21 and a WMT22 gap made by one system alone. Read "
            "right, `omission` and `addition` flagged outputs score clearly lower in both years (WMT21: 9.8 and "
            "11.2 DA points, AUC 0.60; `omission` 12.5 without its `hedge` rule, measured before its last "
            "change; `addition` 23.4 before its `month` and `doubled` rules, whose guessed months and sentences "
            "said twice the raters marked down little), and still do without the "
            "lowest-scored system (WMT22 without AIST, whose outputs are mostly unrelated text: 6.0 and 11.8 "
            "points). `entity-consistency` is a "
            "document-level finding compared with segment scores: its gap is small. `polarity` flags a handful "
            "of segments (5 and 17): its gap is noise either way. The random sample of findings below says how "
            "many of the flagged outputs really drop or add what the message says.", "",
            "`polarity` was narrowed after reading every finding it made on WMT21/22: most were one source-driven "
            "false alarm repeated for every system and the reference (高くない \"not high\", 記憶がない \"no "
            "memory\", 無失点 \"no runs\" read as negations the source lacks; まもなく \"soon\" read as one it "
            "has; \"not only … but also\", \"none other than\"). What it reports now is rare and mostly real "
            "(点滅もせず rendered \"flashed\", 何故でしょうか rendered \"Why not?\"), but the WMT raters scored "
            "those outputs high: with a dozen flagged segments its τ and AUC are noise, not evidence either way. "
            "Its false alarms in the 1bc9067 sample were classes of idiom and are gone (a rhetorical "
            "ゼルダじゃないのか rendered as a belief, 例年にない \"unusual\" left out, "
            "メダルならず rendered \"Loses … Medal\", 以外で rendered \"when they're not in\"); "
            "it now also finds a verb rendered unnegated beside an *only* that renders だけ "
            "(日本人だけが知らない → \"that only the Japanese know\"). "
            "`entity-consistency` is a document-level finding compared with segment-level scores (raters judged "
            "each segment, not the spelling of a name across segments), so its AUC near 0.5 says little; its "
            "reference findings on WMT21 are real inconsistencies of the reference (Tonozaki/Tonosaki, "
            "Spectee/Sepctee, Shoko/Shoku), judged by reading. Common nouns rendered two ways are not reported: "
            "`python bench/term_variation.py` finds the references vary their wording of repeated nouns as often "
            "as the systems do (about one repeated noun in six to nine).", "",
            "`omission` and `addition` gained recall from a second, stricter reading of the same evidence "
            "(`review_app/checks/clauses.py`): one target word covers at most as many source words as it occurs "
            "(売る and a dropped 売った no longer share one \"sell\"), a cover by an English function word or by "
            "a Latin letter inside another word is no cover, and the source is cut into clauses without a model "
            "(at 。、, brackets, けど/ので/たら/て-forms). `omission` reports a run of whole clauses with nothing "
            "rendered and a predicate in it when the target is short for its source — its length ratio compared "
            "with the file's median ratio, so a terse but complete translation (the shipped article's reference: "
            "4 clause findings in 326 units) is not read as short; `addition` reports a target 3.5 times longer "
            "than a short source that renders none of it. An optional check by the bundled multilingual-e5-small "
            "(`[options.omission] e5_margin = 0.002`) drops clause findings whose source reads closer to the "
            "target with the clause than without it; measured on an earlier form of the rule it cut the WMT "
            "reference findings from 12 to 8 (WMT21) and 37 to 28 (WMT22) without losing a labelled omission, "
            "but it costs 0.1–0.4 s per suspected unit here, so it "
            "is off by default.", "",
            "Can the bundled model see the dropped clause the dictionary cannot (set 10's misses: full-length, "
            "fluent targets)? Measured on December 7, 2026 with `bench/omission_e5.py` (an experiment, not a "
            "check): in units no `omission` rule reports, each source clause the strict matching leaves weakly "
            "covered (known words weighing at least 2, at most half of that weight found, in a source of two or "
            "more content clauses of which another has a word found) was put to multilingual-e5-small two ways. "
            "Leave one clause out (cos(source, target) − cos(source without the clause, target), per how far the "
            "clause moves the source): rendered clauses of the references score as low as dropped ones (宝富士 "
            "rendered \"Takarafuji\", 作戦のスタート行事として \"to kickstart the initiative\"); on the first 92 "
            "WMT21 reference segments every setting that adds five or more labelled omissions (281 rows: the "
            "tuning set, sets 1 and 2, part of set 3) also flags six or more references (6.5 %), and the settings "
            "that flag none add at most one. The clause's best "
            "cosine with a target span less the median of the source's other clauses' best (the gap) does better "
            "but not enough: on 150 random reference segments a year (seed 20262101) a gap of −0.04, −0.05, "
            "−0.06, −0.07 flags 8, 5, 2, 1 (WMT21) and 5, 3, 2, 1 (WMT22), where 1 % is 1.5; on the labelled rows "
            "of the tuning set and sets 1–10 (686 rows, 149 omissions, 84 found by the rules) it adds 12, 8, 2, 1 "
            "omissions and 16, 7, 4, 1 false alarms on rows without one. At −0.05 it finds one of set 10's nine "
            "misses (the dropped main clause 感染症の早期収束や健康を願い企画した); within the ≤ 1 % bound it adds "
            "one omission in 686 rows. On set 11, unseen (counts only), −0.05 adds none of the eight omissions "
            "the rules miss and one false alarm. On rated system outputs in a seeded random order (seeds "
            "20262102, 20262103) it reports 4 of the first 361 (WMT21) and 9 of the first 567 (WMT22), judged "
            "before scoring (`bench/data/omission-e5-sample.jsonl`): 0 real, 11 false alarms (rendered names, "
            "中日 → \"Chunichi\"; a list title beside its number, 3. 迷いの森 → \"3. Lost Forest\"), 2 debatable. "
            "Cost, apart from the dictionary's budget (`farm-bench -n 2`, not pinned, load average about 20 on "
            "2 cores; no instruction counter here): 20 random WMT21 outputs checked one by one cost 11.4 s CPU "
            "with the experiment against 0.73 s without (×15.7, the model's load included); in one process 40 "
            "outputs, 12 of them past the dictionary gate, cost 19.1 s against 0.46 s, 1.55 s per embedded unit, "
            "so about 100 s of CPU for a 200-segment article. "
            "So it is not a rule: the 4-bit e5-small tells a clause's topic, not whether its predicate, condition "
            "or number was kept.", "",
            "That stricter reading matches whole lemmas, not the loose four-letter stems the other checks read "
            "(Snowball English stems from the `snowballstemmer` package: \"infected\" matches \"infection\", but "
            "\"contract\" no longer covers 調節 \"regulation\" nor \"commotion\" 公 \"common\"), and "
            "`omission` has a fourth rule, `unmatched`: the strictly uncovered words of a short target weigh more "
            "than its content words that nothing in the source accounts for could render (この特別な公務に dropped "
            "from \"Princess Catherine chose a knee-length dress…\"). Its other rules were narrowed after reading "
            "their findings on the shipped article's reference (7 findings in 326 units, all idiomatic renderings; "
            "2 now): a target that \"translates something else\" must also be short unless it renders nothing of "
            "its source, and a word inside "
            "parentheses no longer takes the target word of the words it restates.", "",
            "`omission`'s fifth rule, `main-clause`, reads a target too long for the clause rule (up to 0.85 of the "
            "file's median length ratio) when the uncovered run holds the sentence's main predicate and the target "
            "is no longer than 1.25 × what the source is without the run (a second sentence, or a last clause "
            "after a long quote, dropped: 113人増え, と相乗効果として好意的な受け止めだ); the clause rules count a "
            "verb the dictionary does not know as a predicate (掛け合わせた); `unmatched` lets a target's "
            "unexplained words weigh less the shorter the target is (below 0.65 of the median ratio: ニュース of "
            "Yahoo!ニュース and 報じる dropped from \"Local media coverage - Yahoo!\"). Two anchors changed under "
            "them: a kanji numeral is one number (二十四日 is 24; a day of the month is also covered by a weekday, "
            "a lone kanji digit counts only before a counter, `review_app/checks/kanji_numbers.py`), a "
            "reporting verb (話す, 述べる, 語る) is covered by \"said\", and a one- or two-letter Latin word may "
            "touch digits (AC100V, A12: 30 false alarms on system outputs and 3 on references gone), and a katakana "
            "compound may be rendered by two or three words that sound like it together (コーチングイベント, "
            "\"coaching event\"); a verb's listing たり/だり ends a clause (マティス前国防長官に反旗を翻したり, the "
            "shipped fluent draft's documented omission, is now reported as that clause). Every "
            "labelled set had been read when these were written: they were judged by their findings over all WMT "
            "systems' outputs (read) and on the references, not by the labelled rows alone.", "",
            "`addition` has two rules for what MT adds to a correct rendering, written after the fourth held-out "
            "set's additions were read: `repeated-sentence`, a target sentence that says again in other words what "
            "an earlier one says (five content words or more, three quarters of its words, no new name) when the "
            "target has more sentences than the source — the loop rule needs identical words; and "
            "`leading-clause`, a first clause of five unexplained content words before the rendering of the "
            "source's first word (\"I've been living in the same prefecture for less than 30 years since I was "
            "born, and when I used the word …\"). An end mark inside a quotation (「どんなときに楽しい ？ 」。) no "
            "longer counts as a sentence of the source, so an invented first sentence before a one-sentence source "
            "is seen. On WMT21/22 they add no reference finding and eight system findings, all read and real; a "
            "third, `neighbour`, reads the units around: a run of target words its own source does not account "
            "for and the previous or next segment's source does (MT that carries its neighbours' sentences over): "
            "no reference finding, six more system findings, all real (labelled rows are checked alone and cannot "
            "show it). "
            "`entity-consistency` now keys a name the parser joins to a neighbour in one sentence and not in "
            "another (レイズ筒香, 筒香嘉 + 智, 筒香) as one term, lets an English word render a katakana name that "
            "sounds like it (マカオ as Macau and Macao, one letter apart: they may share a sentence), and no "
            "longer takes a word the target says more often than "
            "the source names the entity for a spelling of it (Todai for 十和田): written after the fourth and "
            "fifth held-out sets' entity rows were read; on WMT21/22 no new reference finding, 13 new system "
            "findings, read and real, one false alarm gone. Its kanji-name reading fallback (one first syllable, "
            "letters 40 % alike) was measured by switching it off: no reference finding, four system findings, "
            "all real.", "",
            "`entity-consistency` has three more classes, written after the tenth held-out set's four entity "
            "misses were read (one of each): a person's name rendered by its sound in some lines and, in a line "
            "whose source has it, by a word that sounds like nothing in that source (宮本 MIYAMOTO / McCormick) or "
            "by another reading of its kanji (小百合 Sayuri / Koyuri, 茅原 Chihara / Kayahara); a name garbled a "
            "different way in each line (Koyyoi / Koyri / Koyyy); and a compound name translated in one line and "
            "romanised in another (西日本新聞 \"West Japan Newspaper\" / \"Nishinippon Shimbun\"). Set 10: 0 → 4 "
            "of 4 (seen); the other sets unchanged. On WMT21/22 no reference finding is added and ten system "
            "findings are, every one read and real (`bench/data/entity-recall-findings.jsonl`, judged by the "
            "developer who changed the check while writing it).", "",
            "Precision per rule on what it reports (December 7, 2026, main 2f3e3c5): every `omission` finding on "
            "the rated WMT21/22 system outputs but AIST's (846: `python bench/omission_rules.py --year Y` lists them "
            "with their rule), 24 drawn at random per rule (all 20 of `main-clause`) and read "
            "(`bench/data/omission-rule-sample.jsonl`, verdicts and reasons): `run` 22 real, 2 false (92 %), "
            "`unmatched` 18 real, 4 false, 2 debatable "
            "(82 %), `clause` 15 real, 8 false, 1 debatable (65 %), `main-clause` 12 real, 6 false, 2 debatable "
            "(67 %; idioms the dictionary lacks: 推して知るべし ×3, 競う, 促す, 相乗効果), `whole` 13 real, 11 "
            "false (54 %). A clause of one uncovered word is the weakest case left: 28 such `clause`/`main-clause` "
            "findings, all read, 10 real (捨て時, 少なくない, には見えない dropped) and 18 false alarms "
            "(載っています \"It's on\" for ten systems, 通じないの \"don't work\", お気に入り \"favorite\"); "
            "neither the loose reading nor the count of unexplained target words separates them, so they are "
            "still reported. Most of `whole`'s false alarms "
            "were short sources of three to five known words of which the target renders one (確かに → "
            "\"Certainly\", a name the sound match misses: 川口はるな → \"haruna kawaguchi\"), so a target that "
            "renders any source word must now leave at least five unrendered (`whole_partial_words`): of the 24 "
            "such findings, read, 18 were false alarms, 3 debatable and 3 real (a garbled sumo line, #Product1# "
            "dropped twice); 3 of them are now reported by another rule (2 false, 1 debatable). The labelled rows "
            "are unchanged by it; WMT references flagged went from 5 to 3 (WMT21) and 19 to 17 (WMT22).", "",
            "A second reading, at main cba71f4 (`bench/data/omission-findings-read.jsonl`, judged by the engineer "
            "who then changed the check; `python bench/omission_rules.py --score FILE` scores it): 8 findings per "
            "rule and year drawn at random (80) and every `whole` finding (85). `whole` was 51 real, 28 false, 6 "
            "debatable (65 %): short sources rendered in full in words the dictionary does not link "
            "(当面は漫喫と日払いでなんとかなった for 12 systems, コロナ禍でテレワーク, 義将 read \"Yoshimasa\"). It "
            "now needs three known source words, and six — or a target 1.6 times the usual length, a loop — when "
            "the target renders none of a source it is not short for: 48 real, 4 false, 3 debatable (92 %). "
            "午前/午後 are covered by a.m./p.m. after a time (午前１０時～午後４時 was `unmatched` for 13 systems), "
            "\"tried\" renders 試す, \"least\" 少ない, and an English function word among a word's first three "
            "glosses covers it (新規 \"new\", 全員 \"all members\", 同一 \"same\"): on the 80 drawn, 77 % → 83 % "
            "(`unmatched` 80 → 91 %, `whole` 69 → 91 %; `clause` 86 %, `run` 93 %, `main-clause` 60 % unchanged: "
            "idioms the dictionary lacks, 推して知るべし for five systems). A sixth rule, `hedge`, reports a hedge "
            "or evidential of the source (hearsay そうだ, とのことだ, らしい, と伺いました; とされる, とみられる; "
            "かもしれない, ようだ after a verb) in a target with no English hedge at all "
            "(`review_app/checks/modality.py`): of 30 of its findings read, 14 real, 1 false and 5 debatable (the "
            "reference drops the same hedge) are still reported in its final form. The WMT raters do not mark these "
            "outputs down (its flagged outputs' mean DA is above the rest on WMT21), which lowers `omission`'s "
            "WMT21 gap in the table above; `hedge = false` switches it off. A fresh sample of every rule's "
            "findings, drawn after the hedge rule was added and judged before the last two changes (seeds "
            "32500/32501): WMT21 16 real, 1 false, 3 debatable (94 %), WMT22 14, 4, 2 (78 %).", "",
            "Two more rules, tried after the others, for omissions the dictionary coverage cannot see "
            "(December 7, 2026; `bench/data/omission-recall-read.jsonl`, judged by the developer who changed the "
            "check before scoring): `bracket` reports a bracketed part of the source whose every number and date "
            "the target lacks in any form (（約29億円）, （１２月１２日）, （慶長17年）), in place of the "
            "`number-missing` / `date-missing` findings on it — 19 real, 0 false, 1 debatable of 20 of its 69 "
            "WMT findings; `scope` reports ならではの and ケタが違う with none of their English renderings — 10 real "
            "of its 10 findings (three sources). Neither reports a WMT reference. `hedge` counts the plain, "
            "impersonal と思われる again, as the labelling convention now does (10 more WMT findings, all real, "
            "one source). Together they find five more labelled omissions of the seen held-out sets (57 → 62 of "
            "106 after the relabelling) and lower the DA gap a little (WMT21 9.8 → 9.0 points): the raters do not "
            "mark down a dropped yen conversion. An opt-in `sentence` rule "
            "(a sentence of several whose content words the target renders none of) was 5 real, 9 false, 5 "
            "debatable as first written; `desire` (ほしい) and a lower `min_unmatched` were measured and not kept "
            "(`review_app/checks/omission.py`).", "",
            "Rules for full, fluent targets that drop a clause, a condition or one word (December 7, 2026; "
            "`review_app/checks/omission_align.py`, `review_app/checks/omission_grammar.py`): the unit-level rules "
            "allow paraphrase per unit, so a target long enough for its source passed whatever it dropped. "
            "`aligned` makes the allowance per clause: a run of whole source clauses with a predicate and five or "
            "more known words, none of which the target renders by either coverage, while the target renders 70 % "
            "of the rest and is no longer than 1.5 × what the rest of the source needs (感染症の早期収束や健康を願い"
            "企画した dropped from a target 0.9 × the usual length); with four words or without the length test it "
            "reported 5 WMT references (idioms, compounds: 生物多様性 \"biodiversity\"), with both none. `loop`: an MT "
            "loop that took the place of the rest of the source. `condition` 場合, `bound` 1900円以上, `contrast` "
            "合う方と合わない方, `price` 税抜: grammar the dictionary does not see, with none of its English "
            "renderings in a target that renders most of the source (the verb conditionals たら/れば/なら were "
            "measured and left out: 3 and 20 references reported). `position`: a batting order or an ordinal (8番, "
            "第4打席) whose number the target lacks, reported in place of `number-missing`. Read on every finding or "
            "ten per rule and year (`bench/data/omission-clause-read.jsonl`, seeds 20262001–20262013, judged by the "
            "developer who wrote them, most seen while writing): 41 real, 1 false (since fixed), 2 debatable of 44. "
            "The tenth held-out set, seen since its session ended, goes from 2 to 8 of 11 (its misses gave the "
            "classes), set 8 from 7 to 8 of 8, set 3 from 11 to 12 of 20; no labelled false alarm; WMT references "
            "flagged 5 → 6 of 1005 (a reference that drops 以上) and 19 → 19 of 2008; WMT21 DA gap 8.8 → 8.5 "
            "points, τ unchanged. On the eleventh held-out set, unseen, they find nothing more: omission 4/1/8 before "
            "and after. Not kept: the sentence's last predicate uncovered (88 and 76 references) and a "
            "Latin word of the source missing (11 and 27).", "",
            "`addition`'s rules for a target that says something else (`whole`) and for a short source given a "
            "long unrelated target (`invented`) were read on every finding they make on the rated WMT21/22 outputs "
            "(198 findings at main c580070, `bench/data/addition-whole-read.jsonl`): 52 real (MT hallucinations "
            "such as \"I'm not sure what to make of it.\", boilerplate, unrelated sentences), 142 false alarms "
            "(complete renderings the dictionary cannot link), 4 debatable — 27 % precision, 52 % on WMT21 and 15 % "
            "on WMT22. The loop, bracket, repeated-sentence, leading-clause and neighbour rules were read and are "
            "real. An opt-in veto by the bundled multilingual-e5-small (`[options.addition] e5_max_similarity = "
            "0.81`) makes those two rules stand down when source and target read alike: on that reading 85 % "
            "precision, 11 of 52 real findings lost, and 3 labelled additions lost, so it is off by default; it "
            "costs about 0.14 s per flagged unit.", "",
            "Most of those false alarms were the alignment's blind spots, not paraphrase: light words (年 \"year\", "
            "時間 \"time\"), words the parse splits (お + めでとう), compound parts (公式 in 公式戦), loanwords inside "
            "a katakana compound (チーズ in アツアツチーズ), romanised Japanese (Shimbun, Kinnikuman). Since December "
            "7, 2026 `addition` looks wider before it reports a unit its run, whole, invented or sentence rule "
            "suspects (`addition._still_unexplained`: the glosses of every source word, the parser's loanword "
            "origins, romanised readings, katakana sound), and `whole` asks a short source (known weight below 10) "
            "for six unexplained words. Every addition finding on the rated WMT21/22 outputs at cba71f4 was read "
            "(287: the 89 other than `whole`/`invented` in `bench/data/addition-rule-read.jsonl`, by the engineer "
            "who made the change; `python bench/addition_rules.py --score bench/data/addition-*-read.jsonl`), real "
            "/ false alarm before → after: `whole` 44/124 → 34/10, `invented` 8/18 → 6/1, `run` 20/8 → 18/1, "
            "`sentence` 6/8 → 6/1, the other rules 44/0 unchanged; all 43.6 % → 89.3 % (WMT21 61.5 % → 90.2 %, "
            "WMT22 33.0 % → 88.3 %), 14 of 122 real findings lost (short sources with a short hallucination, "
            "three-word invented targets). Seen data: the thresholds were chosen on that reading. The e5 veto stays "
            "opt-in: on top of the new rules it would drop 10 of the 11 remaining whole/invented false alarms and 7 "
            "of their 40 real findings.", ""]
    for name, sc in fig["labelled"].items():
        hdr = ["check", "rows", "positives", "TP/FP/FN", "precision", "recall"]
        out += [f"**Labelled rows {name}** (targets: precision ≥ 90 %, recall ≥ 60 %)", "",
                "| " + " | ".join(hdr) + " |", "|" + "---|" * len(hdr)]
        for c, b in sc.items():
            out.append(f"| `{c}` | {b['rows']} | {b['positives']} | {b['tp']}/{b['fp']}/{b['fn']} | "
                       f"{_f(b['precision'] and round(b['precision'], 3), True) if b['precision'] is not None else '–'}"
                       f" | {_f(b['recall'], True) if b['recall'] is not None else '–'} |")
        out.append("")
    inside = fig.get("in_document")
    if inside:
        moved = [f"{name}: " + ", ".join(f"`{c}` {a} → {b}" for c, (a, b) in per.items() if a != b)
                 for name, per in inside.items() if any(a != b for a, b in per.values())]
        out += ["**Rows checked inside their documents** (`python bench/meaning.py --in-document`): the segment rows "
                "above are each checked as a file of one unit. Checked instead inside their WMT document (that "
                "system's whole output of the document as one file, as the harness checks it and as a reviewer's "
                "project holds an article: the file's length ratio, the neighbouring units and the document's names "
                "known), " + ("the figures are the same in every set." if not moved else
                              "TP/FP/FN change only here, alone → inside: " + "; ".join(moved) + "."), ""]
    fs = fig.get("findings_sample")
    if fs:
        hdr = ["sample", "findings judged", "real / false alarm / debatable", "precision as drawn",
               "now: real still reported, false alarms still reported", "precision now"]
        out += ["**Precision on what the checks report** (`python bench/meaning_findings.py`): findings drawn at "
                "random from a run of the checks on every rated system's output (AIST left out), judged by reading "
                "(`bench/data/meaning-findings.jsonl`, judged by the project maintainers; precision leaves the "
                "debatable ones out). The labelled rows above come from pools chosen for their errors; this is the "
                "precision a reviewer meets. The samples marked † were judged by the developer who changed the "
                "check (`bench/data/entity-findings.jsonl`, `bench/data/polarity-findings.jsonl`), not "
                "independently, and those drawn before the last change were read while tuning it.", "",
                "| " + " | ".join(hdr) + " |", "|" + "---|" * len(hdr)]
        for k, b in fs.items():
            mark = " †" if b.get("by_its_developer") else ""
            out.append(f"| {k}{mark} (drawn at {b['drawn_at']} from {b['of']} findings) | {b['rows']} | "
                       f"{b['real']} / {b['false-alarm']} / {b['debatable']} | {_f(b['precision_drawn'], True)} | "
                       f"{b['real_still']} of {b['real']}, {b['false-alarm_still']} of {b['false-alarm']} | "
                       f"{_f(b['precision_now'], True)} |")
        out.append("")
    c = fig.get("cost")
    if c and "unique" in c:
        u, r = c["unique"], c["repeated"]
        runs = "one run of each command" if c["repeat"] == 1 else f"medians of {c['repeat']} alternating runs"
        out += [f"**Cost** (`python bench/meaning.py --cost`, {c['units']:,} units of bench/qa.py's file with its "
                f"{c['terms']:,}-concept glossary, {runs}, load average "
                f"{c['load_start']} → {c['load_end']} on 2 cores): `review-app qa FILE --glossary G --format json "
                f"-o OUT` took {u['default_cpu_s']} s CPU with the default checks and {u['meaning_cpu_s']} s with "
                f"the four meaning checks switched on when every source is unique (+{100 * u['added']:.0f} %), and "
                f"{r['default_cpu_s']} s against {r['meaning_cpu_s']} s when the sources repeat with other targets, "
                f"as the MT candidates of one source do (+{100 * r['added']:.0f} %). The issue's budget is +50 % on "
                "the unique-source file: not met, so the checks do not run by themselves above 5,000 units (a run "
                "of this file leaves them out and says so), and tuning this design cannot meet it. "
                "The floor (`python bench/meaning_floor.py 100000`, the same file, one process, December 7, 2026): "
                f"MeCab's parse of the 100,000 unique sources alone took {FLOOR['parse_cpu_s']} s CPU, and the parse "
                "read into the token tuples every reader of it starts from (`ja_tokens.nodes`) "
                f"{FLOOR['parse_and_tokens_cpu_s']} s, "
                f"{100 * FLOOR['parse_cpu_s'] / u['default_cpu_s']:.0f} % and "
                f"{100 * FLOOR['parse_and_tokens_cpu_s'] / u['default_cpu_s']:.0f} % of the default run's CPU time "
                "above: a design that parses each unique source leaves about half the budget for everything after "
                "the parse, and one that reads the parse into Python tuples before matching its words in Python "
                "leaves next to nothing. Where the added time goes (20,000 unique-source units, the command "
                "with the four checks sampled by `py-spy record`, its stacks put into stages by `python "
                "bench/meaning_stages.py`, two runs, 9,391 samples, scaled to the command's median CPU time, 15.4 s, "
                "of which the default checks' work — reading the XLIFF, the glossary and its pass, the default "
                "checks, the report — is 5.1 s): (a) the MeCab parse 1.3 s, 13 % of the 10.3 s the four checks add; "
                "(b) the source side 1.8 s (18 %): the parse read into tokens 0.7 s, the content words with their "
                "dictionary anchors 1.1 s; (c) the target side 2.7 s (27 %): the target's words matched against "
                "the anchors 1.6 s, their precise keys (Porter2 stems, for the units whose one-to-one coverage a "
                "rule reads) 0.4 s, that coverage 0.3 s, the digest the checks read 0.35 s; (d) the checks' own "
                "rules 2.6 s (25 %): `polarity` 0.7 s, `omission` 0.6 s (its aligned rule's clause alignments 0.16 "
                "s of it), `addition` 1.2 s (the analyses of its suspected units' neighbours 0.6 s of it); (e) "
                "`entity-consistency` 1.6 s (15 %): the names read from each source's parse 0.5 s, its "
                "document-level passes 1.0 s; (f) the dictionary's load and the per-unit calls 0.36 s (3 %). About "
                "0.9 s of (a)–(c) is this file's own: the tag that makes each source unique is a new word of the "
                "source and of the target in every unit, so each unit pays for one new token type, one new source "
                "word and one new target word, where the repeated reference text pays for none. Four savings made "
                "that day leave every finding unchanged (`python bench/meaning_equivalence.py --compare`: the same "
                "SHA-256 of every finding of the four checks on the WMT21/22 references and system outputs and on "
                "20,000 units of this file, unique and repeated sources): `omission`'s aligned rule aligns a "
                "suspected unit's clauses right after its digest, while its source's analysis is kept "
                "(`omission_align.AlignedAhead`; in the rule's own pass it parsed and analysed 1,488 of the 20,000 "
                "sources again); `entity-consistency`'s readers of the parse test a token's script once per token "
                "type (fields of `ja_tokens.Token`) and pass over the sources and the one-token runs that cannot "
                "make a name before any other work; its target words fold the source only when a word needs it; "
                "and `entity_terms.with_parts` looks up each term's prefixes and suffixes among the document's "
                "terms instead of testing every term of the document for each unit (linear in the document's size "
                "whatever its number of names). Side by side with the code before them (`farm-bench`, 20,000 "
                "unique-source units, the command with the four checks, three sessions, the first two before the "
                "`with_parts` change, of "
                f"{', '.join(str(x[0]) for x in SAVED[:-1])} and {SAVED[-1][0]} alternating pairs, load about 2 on 2 "
                f"cores): median CPU ratios {', '.join(str(x[3]) for x in SAVED[:-1])} and {SAVED[-1][3]} ("
                + ", ".join(f"{x[1]} against {x[2]} s" for x in SAVED) + "): within this shared machine's noise, "
                "a few percent at most of what the checks add, because no stage is large. Earlier savings, "
                "checked the same way: the sources of the next 32 units are parsed in one go (`meaning.ParseAhead`: "
                "one parse between two units' Python work found MeCab's dictionary evicted from the processor's "
                "caches, and took four times as long); `addition`'s neighbour rule reads its neighbours' analyses "
                "made right after each suspected unit's own (`addition.Neighbours`); `entity-consistency` keeps what "
                "its passes read of each parse for the run (`ctx.analyses`), where they parsed again the sources "
                "their caches had dropped; and `review-app qa` freezes what the run left alive once the report is "
                "written (`gc.freeze`). No sound pruning removes the parse or the word matching: `polarity`'s "
                "antonym rule, `omission`'s whole and run rules (a full-length target may translate something else "
                "or drop a run) and `entity-consistency` read every unit's coverage or names, and none of them has "
                "a necessary condition cheaper than the analysis itself (the clause and unmatched rules have one, "
                "the length ratio, and the one-to-one coverage is computed only where it holds). MeCab's own field "
                "output (`%f[N]`) crashes the tagger (a segmentation fault) and prints one field slower than `%H` "
                "prints them all. What is left is Python work per word, spread thin (no step above is more than a "
                "sixth of the added time), which compiling the modules unchanged (mypyc, Cython) cut by at most a "
                "fifth of a stage in an earlier prototype: the budget needs a compiled path with another data layout "
                "(stems interned as integers, spans in arrays) and, past the parse's own share, a cheaper tokenizer, "
                "not tuning. With repeated sources each source is parsed once, so what remains there is the per-unit "
                "work on the target side and in the rules. `entity-consistency`'s passes that find a second "
                "rendering by another name, another reading or a translated name can be switched off with "
                "`[options.entity-consistency] other_renderings = false` (on by default: their findings were all "
                "real). `python bench/meaning_scaling.py` prints the CPU ratio of 2N to N units side by side, so that "
                "a pass whose time grows with the square of a document's size shows before a 100,000-unit run "
                "does: 2.05 with the four checks at N = 20,000 (linear).", ""]
    out += ["What they still miss (rows of the labelled set the checks do not report):", ""]
    for name, sc in fig["labelled"].items():
        for c, b in sc.items():
            for m in b.get("missed_examples", [])[:2]:
                out.append(f"- `{c}` ({name}): {m}")
    out.append("")
    wrong = [(c, name, m) for name, sc in fig["labelled"].items() for c, b in sc.items()
             for m in b.get("false_alarm_examples", [])[:2]]
    if wrong:
        out += ["What they report wrongly (rows labelled clean for the check that fires):", ""]
        out += [f"- `{c}` ({name}): {m}" for c, name, m in wrong]
        out.append("")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels-only", action="store_true", help="skip the WMT harness (a few seconds instead of "
                                                               "minutes)")
    ap.add_argument("--limit", type=int, default=None, help="harness: only the first N segments of each year")
    ap.add_argument("--verbose", action="store_true", help="list the rows each check gets wrong")
    ap.add_argument("--in-document", action="store_true",
                    help="also score each segment row inside its WMT document (the whole document checked as one "
                    "file, as the harness and a reviewer's project check it) and print both, per set")
    ap.add_argument("--save", action="store_true", help=f"write {FIGURES.relative_to(ROOT)}")
    ap.add_argument("--cost", type=int, nargs="?", const=5000, default=None, metavar="UNITS",
                    help="also measure the CPU cost on a UNITS-unit file (default 5000)")
    ap.add_argument("--cost-repeat", type=int, default=3, help="--cost: runs of each command (median)")
    ap.add_argument("--draw", type=int, default=None, metavar="N",
                    help="print N unlabelled segment rows to label by hand (JSON lines; see draw()) and stop")
    ap.add_argument("--seed", type=int, default=20261206, help="--draw: the random seed")
    ap.add_argument("--set", default="after-code-2", help="--draw: the set the rows are drawn for (its own rows do "
                    "not count as used; after-code-4: --draw 30 --seed 20261208 --low-da 35 --low-share 1)")
    ap.add_argument("--low-da", type=float, default=50.0, help="--draw: a low-scored output's raw DA is below this")
    ap.add_argument("--low-share", type=float, default=0.5, help="--draw: the share drawn from low-scored outputs")
    args = ap.parse_args(argv)
    if args.draw:
        for row in draw(args.draw, args.seed, args.low_da, args.low_share, set_name=args.set):
            print(json.dumps(row, ensure_ascii=False))
        return 0
    rows = load_rows()
    groups = defaultdict(list)
    for r in rows:
        groups[group_of(r)].append(r)
    labelled = {name: score(groups[name]) for name in (BEFORE, AFTER, AFTER2, AFTER3, AFTER4, AFTER5, AFTER6,
                                                                     AFTER7, AFTER8, AFTER9, AFTER10, AFTER11, AFTER12,
                                                                     AFTER13, AFTER14, AFTER15)
                if groups[name]}
    if args.in_document:
        print("segment rows checked alone (one-unit file) vs inside their WMT document, TP/FP/FN:")
        for name in labelled:
            seg_rows = [r for r in groups[name] if "term" not in r]
            if not seg_rows:
                continue
            alone, inside = score(seg_rows), score(seg_rows, in_document=True)
            print(f"  {name}: " + "; ".join(
                f"{c} {alone[c]['tp']}/{alone[c]['fp']}/{alone[c]['fn']} → "
                f"{inside[c]['tp']}/{inside[c]['fp']}/{inside[c]['fn']}" for c in SEGMENT_CHECKS))
    figures = None if args.labels_only else harness(args.limit)
    print(render(labelled, figures))
    from meaning_findings import SAMPLE, samples
    from meaning_findings import load as load_sample
    from meaning_findings import render as render_sample
    from meaning_findings import score as score_sample

    sample = score_sample([r for p in samples() for r in load_sample(p)]) if SAMPLE.exists() else None
    if sample:
        print("precision on a random sample of the checks' findings on WMT system outputs "
              "(bench/meaning_findings.py; labelled by reading):")
        print(render_sample(sample))
    spent = cost(args.cost, args.cost_repeat) if args.cost else None
    if spent:
        print(f"cost: {spent}")
    if args.verbose:
        for name, sc in labelled.items():
            if name in WITHHELD:
                print(f"{name}: rows withheld until the session that drew them ends")
                continue
            for c, b in sc.items():
                print(f"{name} {c}: missed {b['missed']}\n  false alarms {b['false_alarms']}")
    if args.save:
        sizes = {name: {c: {"rows": b["rows"], "positives": b["positives"]} for c, b in sc.items()}
                 for name, sc in labelled.items()}
        payload = {"date": datetime.now(UTC).strftime("%Y-%m-%d"),
                   "labelled": {name: {c: {**{k: v for k, v in b.items() if k not in ("missed", "false_alarms")},
                                           "missed_examples": [] if name in WITHHELD else b["missed"][:3],
                                           "false_alarm_examples": [] if name in WITHHELD else
                                           b["false_alarms"][:3]}
                                       for c, b in sc.items()} for name, sc in labelled.items()},
                   "sizes": sizes, "harness": figures, "findings_sample": sample,
                   "in_document": {name: {c: ("{tp}/{fp}/{fn}".format(**a[c]), "{tp}/{fp}/{fn}".format(**b[c]))
                                          for c in SEGMENT_CHECKS}
                                   for name in labelled
                                   if (seg_rows := [r for r in groups[name] if "term" not in r])
                                   for a, b in [(score(seg_rows), score(seg_rows, in_document=True))]},
                   "cost": spent or (json.loads(FIGURES.read_text(encoding="utf-8")).get("cost")
                                     if FIGURES.exists() else None)}
        FIGURES.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {FIGURES.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
