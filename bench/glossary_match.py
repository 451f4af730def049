"""Benchmark: glossary matching, Aho-Corasick matcher vs a naive per-term loop, measured in the same run.

A synthetic glossary of 10,000 Japanese terms (katakana names with and without middle dots, kanji compounds,
Latin acronyms) and 100,000 synthetic segments (~50 characters, a third of them containing one or two terms,
some in variant spellings: no middle dot, half-width katakana, full-width Latin) are generated with a fixed
seed. The matcher (review_app.glossary.matcher.TermMatcher: normalisation, Aho-Corasick, token boundaries with
fugashi where needed) runs over all segments. The naive baseline is ``[t for t in terms if t in segment]`` per
segment — plain substring tests, no normalisation, no boundaries, so it is the cheapest possible per-term loop;
it runs on a sample of segments and is extrapolated to 100,000 (the sample size is printed).

Every timing is the best of ``--repeat`` runs (default 3), since the machine is shared.

Usage: ``python bench/glossary_match.py [--terms 10000] [--segments 100000] [--naive-sample 1000] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from review_app.glossary.matcher import TermMatcher, _tagger
from review_app.glossary.model import Concept, ConceptType, Glossary, Term, TermStatus

KANA = list("アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン"
            "ガギグゲゴザジズゼゾダデドバビブベボパピプペポ")
KANJI = list("政府効率化省局委員会議院選挙大統領国境移民法案税制財政赤字貿易関税市場株価経済社会技術電気自動車宇宙"
             "航空産業企業連邦州知事長官補佐報道首席特別顧問職員党派活動資金寄付投票")
FILLER = ["は", "が", "を", "に", "で", "と", "の", "も", "から", "まで", "について", "によると", "として",
          "した。", "している。", "と述べた。", "を発表した。", "、", "また", "しかし", "今回", "先週", "昨年",
          "記者団に", "明らかにした", "強調した", "批判した", "支持する", "反対する", "問題", "関係", "政策"]


def make_terms(rng: random.Random, n: int) -> list[str]:
    terms: set[str] = set()
    while len(terms) < n:
        kind = rng.random()
        if kind < 0.5:
            first = "".join(rng.choices(KANA, k=rng.randint(2, 4)))
            last = "".join(rng.choices(KANA, k=rng.randint(3, 5)))
            terms.add(f"{first}・{last}" if rng.random() < 0.6 else last)
        elif kind < 0.9:
            terms.add("".join(rng.choices(KANJI, k=rng.randint(3, 6))))
        else:
            terms.add("".join(rng.choices("ABCDEFGHIJKLMNOPQRSTUVWXYZ", k=rng.randint(3, 5))))
    return sorted(terms)


def variant(rng: random.Random, term: str) -> str:
    r = rng.random()
    if r < 0.2:
        return term.replace("・", "")
    if r < 0.3:
        return "".join(_halfwidth(c) for c in term)
    if r < 0.35 and term.isascii():
        return "".join(chr(ord(c) + 0xFEE0) for c in term)
    return term


_FULL = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン"
_HALF = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝ"
_H = dict(zip(_FULL, _HALF, strict=True)) | {"・": "･"}


def _halfwidth(c: str) -> str:
    return _H.get(c, c)


def make_segments(rng: random.Random, terms: list[str], n: int) -> list[str]:
    out = []
    for _ in range(n):
        parts = rng.choices(FILLER, k=rng.randint(8, 14))
        if rng.random() < 0.33:
            for _k in range(rng.randint(1, 2)):
                term = variant(rng, rng.choice(terms)) + rng.choice(["氏", "の", "は", ""])
                parts.insert(rng.randrange(len(parts)), term)
        out.append("".join(parts))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--terms", type=int, default=10_000)
    ap.add_argument("--segments", type=int, default=100_000)
    ap.add_argument("--naive-sample", type=int, default=1_000)
    ap.add_argument("--regex-sample", type=int, default=200, help="segments for the per-term regex loop")
    ap.add_argument("--repeat", type=int, default=3, help="best of N runs for each timing")
    args = ap.parse_args()
    rng = random.Random(20250605)
    terms = make_terms(rng, args.terms)
    segments = make_segments(rng, terms, args.segments)
    glossary = Glossary(tuple(Concept(f"c{i}", ConceptType.OTHER, (Term(t, "ja", TermStatus.PREFERRED),))
                              for i, t in enumerate(terms)))
    chars = sum(map(len, segments))
    print(f"glossary: {len(terms):,} terms; segments: {len(segments):,} ({chars:,} characters)")

    _tagger()  # load the dictionary outside the timings (once per process)
    t0 = time.perf_counter()
    matcher = TermMatcher(glossary, "ja")
    build = time.perf_counter() - t0
    # Best of --repeat runs for every timing (as timeit does): the machine is shared, and the minimum is the
    # least disturbed measurement of each side.
    ac = naive_sample = float("inf")
    hits = naive_hits = 0
    sample = segments[: min(args.naive_sample, len(segments))]
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        hits = sum(len(matcher.find(seg)) for seg in segments)
        ac = min(ac, time.perf_counter() - t0)
        t0 = time.perf_counter()
        naive_hits = 0
        for seg in sample:
            naive_hits += len([t for t in terms if t in seg])
        naive_sample = min(naive_sample, time.perf_counter() - t0)
    naive = naive_sample * len(segments) / len(sample)
    patterns = [re.compile(re.escape(t)) for t in terms]
    rsample = segments[: min(args.regex_sample, len(segments))]
    regex_sample = float("inf")
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        for seg in rsample:
            [p for p in patterns if p.search(seg)]
        regex_sample = min(regex_sample, time.perf_counter() - t0)
    regex = regex_sample * len(segments) / len(rsample)

    print(f"aho-corasick matcher: build {build:.2f} s, match {ac:.2f} s for {len(segments):,} segments "
          f"({len(segments) / ac:,.0f} segments/s), {hits:,} matches")
    how = "measured" if len(sample) == len(segments) else f"extrapolated from {len(sample):,} segments " \
          f"measured in {naive_sample:.2f} s"
    print(f"naive per-term `in` loop: {naive:.1f} s for {len(segments):,} segments ({how}), "
          f"{naive_hits:,} raw substring hits in the sample")
    print(f"naive per-term regex loop (re.escape(term).search): {regex:.1f} s for {len(segments):,} segments "
          f"(extrapolated from {len(rsample):,} segments measured in {regex_sample:.2f} s)")
    print(f"ratio regex loop / matcher: {regex / ac:.0f}x")
    print(f"ratio naive / matcher: {naive / ac:.0f}x (match time), {naive / (ac + build):.0f}x including build")


if __name__ == "__main__":
    main()
