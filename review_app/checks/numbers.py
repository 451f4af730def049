"""Number checks for Japanese→English: every quantity of the source must reach the target with its value.

Both sides are parsed by :mod:`review_app.quantities` to value + unit + qualifier, so ``2億3850万ドル`` and
"$238.5 million" compare equal while "$23.85 million" is reported as a 10× slip. Years, dates and durations are
left to :mod:`review_app.checks.dates`. The pairing is the usual bag-of-numbers comparison of Translate Toolkit's
``numbers`` filter and Okapi CheckMate's "number" pattern, extended with magnitudes and units:

1. exact matches (same value within 0.5 % rounding, compatible unit) are removed from both sides;
2. the remaining source values are paired with the remaining target values of the same unit family; a pair
   whose ratio is a power of ten is a *slip* (10×, 100×, 1000×…), any other pair a *mismatch*;
3. what is left is *missing* (source) or *extra* (target). Weak forms (the numeral 1, English number words,
   "first") never count as missing or extra on their own; vague amounts (数兆, "trillions of") only match by
   order of magnitude.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from review_app.checks.base import EN, JA, Category, Check, CheckContext, Issue, Unit
from review_app.models import Severity
from review_app.quantities.compare import match_times, reconcile
from review_app.quantities.english import parse_en
from review_app.quantities.japanese import parse_ja
from review_app.quantities.model import (
    CURRENCIES,
    ORDINAL,
    PERCENT,
    POINTS,
    TIMES,
    UNIT_NAMES,
    Parsed,
    Qualifier,
    Quantity,
    TimeOfDay,
    format_value,
    power_of_ten_slip,
    same_value,
)
from review_app.quantities.prefilter import maybe_en_quantity


def parsed_pair(unit: Unit) -> tuple[Parsed, Parsed]:
    """Source and target of ``unit`` parsed (not kept: ``ctx.analyses.numbers`` keeps the comparisons instead)."""
    src = parse_ja(unit.source)
    tgt_text = unit.target or ""
    if not (src.quantities or src.dates or src.durations or src.times) and not maybe_en_quantity(tgt_text):
        return src, Parsed()  # nothing to compare and nothing that could be an extra number or date
    return src, parse_en(tgt_text)


_NONE: tuple[()] = ()
_NOTHING: tuple[Sequence[NumberFinding], Sequence[Any]] = (_NONE, _NONE)


def compare_unit(unit: Unit) -> tuple[Sequence[NumberFinding], Sequence[Any]]:
    """Number and date findings of ``unit`` for the seven number and date checks (``ctx.analyses.numbers``
    computes them once per unit and run).

    Only the (usually empty) finding lists are kept, so a 100k-unit run does not hold 100k parse trees.
    """
    from review_app.checks.dates import compare_dates, compare_durations  # (dates imports this module)

    src, tgt = parsed_pair(unit)
    nums = compare_numbers(src.quantities, tgt.quantities) if src.quantities or tgt.quantities else _NONE
    if src.times or tgt.times:
        nums = [*nums, *compare_times(src.times, tgt.times)]
    dates = (compare_dates(src.dates, tgt.dates) + compare_durations(src.durations, tgt.durations)
             if src.dates or tgt.dates or src.durations or tgt.durations else _NONE)
    if nums or dates:  # (rarely: most units have nothing to report)
        nums = reconcile(nums, src, tgt, unit.source, unit.target or "")
        dates = reconcile(dates, src, tgt, unit.source, unit.target or "")
    return (nums or _NONE, dates or _NONE) if nums or dates else _NOTHING  # (mostly the shared empty pair)


def _family(unit: str) -> str:
    if unit in CURRENCIES:
        return "money"
    if unit in (PERCENT, POINTS):
        return "ratio"
    if unit in ("", ORDINAL):
        return "count"
    return unit


def _compatible(s: Quantity, t: Quantity) -> bool:
    """Units that may carry the same value: equal units, or a plain count on either side ("238.5 million");
    points and times count things too (2000P ↔ "2,000 points", ３回 ↔ "three times")."""
    if s.unit == t.unit:
        return True
    if "" in (s.unit, t.unit) and ORDINAL not in (s.unit, t.unit):
        return PERCENT not in (s.unit, t.unit)
    return {s.unit, t.unit} == {"", ORDINAL}


def _same(s: Quantity, t: Quantity) -> bool:
    """The same value in compatible units, or a multiple said as a percentage change (1.5倍 ↔ "up 50%",
    2倍 ↔ "200%")."""
    if _compatible(s, t) and same_value(s.value, t.value):
        return True
    units = {s.unit, t.unit}
    if units == {TIMES, PERCENT}:
        times, pct = (s, t) if s.unit == TIMES else (t, s)
        return same_value((times.value - 1) * 100, pct.value) or same_value(times.value * 100, pct.value)
    return False


def _vague_match(s: Quantity, t: Quantity) -> bool:
    """数百億 ↔ "tens of billions" (same magnitude); 数兆 ↔ "$3 trillion" (a value within the magnitude)."""
    if not (s.vague or t.vague) or not _compatible(s, t):
        return False
    a, b = max(s.value, 1e-9), max(t.value, 1e-9)
    if s.vague and t.vague:
        return abs(math.log10(a) - math.log10(b)) < 0.5
    mag, val = (a, b) if s.vague else (b, a)
    return mag <= val < mag * 10


@dataclass(slots=True)
class NumberFinding:
    kind: str
    """``mismatch``, ``missing``, ``extra`` or ``qualifier``."""
    source: Quantity | TimeOfDay | None
    target: Quantity | TimeOfDay | None
    message: str
    slip: int | None = None
    severity: Severity | None = None
    """None: the check's default; minor where the source reading is in doubt (:attr:`Quantity.doubt`)."""


def compare_numbers(src: Iterable[Quantity], tgt: Iterable[Quantity]) -> list[NumberFinding]:
    """Pair the quantities of a source and a target; return what does not correspond."""
    s_left = list(src)
    t_left = list(tgt)
    matched: list[tuple[Quantity, Quantity]] = []
    # 1. exact matches, then order-of-magnitude matches of vague amounts
    for pred in (lambda s, t: not s.vague and not t.vague and _same(s, t), _vague_match):
        for s in list(s_left):
            for t in t_left:
                if pred(s, t):
                    matched.append((s, t))
                    s_left.remove(s)
                    t_left.remove(t)
                    break
    out: list[NumberFinding] = []
    # 2. pair what is left: slips first, then same-family mismatches in reading order
    # (weak forms only ever match exactly: "first" is no mismatch for 2, nor 2人 for "the pair")
    for s in [q for q in s_left if not q.vague and not q.weak]:
        cands = [t for t in t_left if not t.vague and not t.weak and _family(t.unit) == _family(s.unit)]
        if not cands:
            continue
        slips = [(t, power_of_ten_slip(s.value, t.value)) for t in cands if _compatible(s, t)]
        slips = [(t, k) for t, k in slips if k is not None]
        if slips:
            t, k = slips[0]
            assert k is not None
            factor = abs(k)
            direction = "too large" if k > 0 else "too small"
            out.append(NumberFinding(
                "mismatch", s, t,
                f"{factor:,}× slip: source {s.describe()} rendered as {t.describe()}, {factor:,} times "
                f"{direction}; expected {_render(s)}", slip=k))
        else:
            strong = [t for t in cands if not t.weak] or cands
            t = strong[0]
            if s.value == t.value and s.unit != t.unit:
                what = (f"unit differs: source {s.describe()} is in {UNIT_NAMES.get(s.unit, s.unit)}, target "
                        f"{t.describe()} in {UNIT_NAMES.get(t.unit, t.unit)}")
            else:
                what = f"value differs: source {s.describe()}, target {t.describe()}"
            out.append(NumberFinding("mismatch", s, t, f"{what}; expected {_render(s)}" + _doubt(s),
                                     severity=Severity.MINOR if s.doubt else None))
        s_left.remove(s)
        t_left.remove(t)
    # 3. missing and extra
    for s in s_left:
        if s.vague or s.weak:
            continue
        out.append(NumberFinding("missing", s, None,
                                 f"number missing: source {s.describe()} has no counterpart in the target; "
                                 f"expected {_render(s)}" + _doubt(s), severity=Severity.MINOR if s.doubt else None))
    for t in t_left:
        if t.vague or t.weak:
            continue
        out.append(NumberFinding("extra", None, t,
                                 f"extra number: target {t.describe()} has no counterpart in the source; "
                                 "expected it removed or the source value used"))
    # 4. qualifiers of matched pairs
    for s, t in matched:
        quals = {s.qualifier, t.qualifier}
        if Qualifier.AS_MANY in quals and quals <= {Qualifier.AS_MANY, Qualifier.UP_TO, Qualifier.ONLY, None}:
            continue  # "as much as": emphasis (71%も) or a ceiling (最大) — both fine
        sd = s.qualifier.direction if s.qualifier else None
        td = t.qualifier.direction if t.qualifier else None
        if sd == "emphasis":
            sd = None
        if td == "emphasis":
            td = None
        if sd == td or (sd == "approx" and td is None) or (sd is None and td == "approx"):
            continue
        if {sd, td} == {"approx", "upper"} and ((s.qualifier and s.qualifier.value == "nearly") or
                                                (t.qualifier and t.qualifier.value == "nearly")):
            continue  # 近く "nearly" is an approximation from below
        if sd and td:
            msg = (f"qualifier changes the meaning: source {s.describe()} is {sd}-bounded, target "
                   f"{t.describe()} is {td}-bounded")
        elif sd:
            msg = f"qualifier dropped: source {s.describe()} is {sd}-bounded but the target {t.text!r} is exact"
        else:
            msg = f"qualifier added: target {t.describe()} is {td}-bounded but the source {s.text!r} is exact"
        out.append(NumberFinding("qualifier", s, t, msg))
    return out


def compare_times(src: Sequence[TimeOfDay], tgt: Sequence[TimeOfDay]) -> list[NumberFinding]:
    """Clock times of one side the other does not state (19時 = "7pm"; 8時 = "8am" or "8pm")."""
    s_left, t_left = match_times(src, tgt)
    out = [NumberFinding("missing", s, None, f"time missing: source {s.describe()} has no counterpart in the "
                                             f"target; expected {s.hour % 12 or 12}:{s.minute:02d}"
                                             + (" p.m." if s.hour >= 12 and s.half_known else ""))
           for s in s_left]
    out += [NumberFinding("extra", None, t, f"extra time: target {t.describe()} is not in the source; expected "
                                            "it removed or the source time used") for t in t_left if not t.weak]
    return out


def _doubt(q: Quantity) -> str:
    return f" (minor: {q.doubt})" if q.doubt else ""


def _render(q: Quantity) -> str:
    """How the source value is usually written in English (the 'expected' half of a message)."""
    v = q.value
    if q.unit == PERCENT:
        return f"{format_value(v)}%"
    if q.unit == POINTS:
        return f"{format_value(v)} percentage points"
    if q.unit == "x":
        return f"{format_value(v)} times"
    if q.unit == ORDINAL:
        return f"ordinal {format_value(v)}"
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if v >= scale:
            num = f"{v / scale:,.4f}".rstrip("0").rstrip(".")
            body = f"{num} {word}"
            break
    else:
        body = format_value(v)
    sym = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}.get(q.unit)
    if sym:
        return sym + body
    return body + (f" {UNIT_NAMES[q.unit]}" if q.unit else "")


def number_findings(unit: Unit, ctx: CheckContext) -> Sequence[NumberFinding]:
    return ctx.analyses.numbers.of(unit)[0]


class _NumberCheck(Check):
    kind: str = ""
    category = Category.ACCURACY
    source_langs = JA
    target_langs = EN
    skip_source_copies = True

    def check(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        for f in number_findings(unit, ctx):
            if f.kind != self.kind:
                continue
            data: dict[str, Any] = {}
            if f.source:
                data["source_value"] = f.source.value
                data["source_unit"] = f.source.unit
            if f.target:
                data["target_value"] = f.target.value
                data["target_unit"] = f.target.unit
            if f.slip:
                data["slip"] = f.slip
            yield self.issue(unit, f.message, source_span=f.source.span if f.source else None,
                             target_span=f.target.span if f.target else None,
                             severity=Severity.CRITICAL if f.slip and f.source and f.source.unit in CURRENCIES
                             else f.severity, **data)


class NumberMismatch(_NumberCheck):
    check_id = "number-mismatch"
    name = "Number mismatch"
    description = ("A source quantity appears in the target with another value or unit; 10×/100×/1000× slips "
                   "in myriad conversions (2億3850万 → 23.85 million) are named as such (critical for money).")
    severity = Severity.MAJOR
    kind = "mismatch"


class NumberMissing(_NumberCheck):
    check_id = "number-missing"
    name = "Number missing"
    description = ("A quantity of the source (amount, count, percentage, ratio, time of day) has no counterpart "
                   "in the target, in any form (24日 is matched by \"the 24th\", 1980円 by \"1980 yen\"). Major "
                   "only when the reading is unambiguous: a bare numeral without unit or counter, or a conversion, is "
                   "minor with the doubt stated.")
    severity = Severity.MAJOR
    kind = "missing"


class NumberExtra(_NumberCheck):
    check_id = "number-extra"
    name = "Extra number"
    description = "The target states a quantity that is not in the source."
    severity = Severity.MINOR
    kind = "extra"


class NumberQualifier(_NumberCheck):
    check_id = "number-qualifier"
    name = "Number qualifier"
    description = ("A bound on a quantity is dropped, added or reversed: 超/以上 (more than, at least), "
                   "未満/以下 (less than, at most), 最大 (up to), 約 (about).")
    severity = Severity.MINOR
    kind = "qualifier"


__all__ = ["NumberExtra", "NumberMismatch", "NumberMissing", "NumberQualifier", "compare_numbers"]
