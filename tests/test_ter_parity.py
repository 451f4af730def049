"""review_app's TER (``review_app.metrics.ter``: sacrebleu's shift search computed faster) gives exactly
sacrebleu's numbers: per-sentence statistics, corpus and sentence scores, signature — on WMT22 ja→en systems
(``../shared/realworld``) and on hostile sentences (repeated words, extreme length ratios, the 1,000-candidate
limit of the shift search, empty sides, Japanese with ``asian_support``)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from sacrebleu.metrics import TER, lib_ter

from review_app.metrics.scores import get_metric
from review_app.metrics.ter import FastTER, translation_edit_rate

from .conftest import CORPUS, SHARED, shared_dir

WMT22 = SHARED / "realworld" / "wmt22-ja-en"
SYSTEMS = ("NT5", "Online-W")


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")[:2008]


@pytest.fixture(scope="module")
def wmt22_sample() -> tuple[list[str], dict[str, list[str]]]:
    """The 12 longest reference lines (past the beam's 25 words, long shifts) and 30 of the others, with the
    lines of two systems."""
    folder = shared_dir(WMT22)
    refs = _lines(folder / "ref.en")
    order = sorted(range(len(refs)), key=lambda i: (-len(refs[i].split()), i))
    picked = sorted(order[:12] + order[12::60][:30])
    systems = {s: _lines(folder / "hyp" / f"{s}.en") for s in SYSTEMS}
    return [refs[i] for i in picked], {s: [lines[i] for i in picked] for s, lines in systems.items()}


def test_wmt22_statistics_scores_and_signature_equal_sacrebleu(
    wmt22_sample: tuple[list[str], dict[str, list[str]]],
) -> None:
    refs, systems = wmt22_sample
    assert max(len(r.split()) for r in refs) > 60
    ter = get_metric("ter")  # review_app's TER: FastTER with review_app's settings (sacrebleu's defaults)
    for name, hyps in systems.items():
        sacre = TER()
        theirs = sacre._extract_corpus_statistics(hyps, [refs])
        ours = ter.statistics(hyps, refs)
        assert ours == theirs, name
        score = ter.score_from_statistics(ours)
        expected = sacre._aggregate_and_compute(theirs)  # what sacre.corpus_score computes from them
        sacre.num_refs = 1
        assert (score.value, score.text, score.signature) == (expected.score, str(expected),
                                                              str(sacre.get_signature()))
        assert "case:lc|tok:tercom|norm:no|punct:yes|asian:no" in score.signature
        assert ter.sentence_scores_from_statistics(ours[:20]) == [
            TER().sentence_score(h, [r]).score for h, r in zip(hyps[:20], refs[:20], strict=True)]


def test_shipped_drafts_equal_sacrebleu() -> None:
    """The demo's drafts against its reference, Japanese-target settings (asian_support) included."""
    from review_app.formats import read_bilingual

    ref = {u.source: u.target for u in read_bilingual(CORPUS / "reference.tmx").units if u.target}
    lit = {u.source: u.target for u in read_bilingual(CORPUS / "candidates" / "literal.xlf").units if u.target}
    keys = [k for k in ref if k in lit][:120]
    hyps, refs = [str(lit[k]) for k in keys], [str(ref[k]) for k in keys]
    assert len(keys) >= 100
    assert FastTER()._extract_corpus_statistics(hyps, [refs]) == TER()._extract_corpus_statistics(hyps, [refs])
    # The Japanese sources scored against each other with asian_support (CJK split to characters).
    sources = list(keys)
    shifted = sources[1:] + sources[:1]
    ours = FastTER(asian_support=True, normalized=True)
    theirs = TER(asian_support=True, normalized=True)
    assert ours._extract_corpus_statistics(shifted[:40], [sources[:40]]) == \
        theirs._extract_corpus_statistics(shifted[:40], [sources[:40]])


def _spy_candidates(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The largest candidate count sacrebleu's search reached, per sentence."""
    seen: list[int] = []
    original = lib_ter._shift

    def spy(*args: object) -> tuple[int, list[str], int]:
        out = original(*args)  # type: ignore[arg-type]
        seen.append(out[2])
        return out

    monkeypatch.setattr(lib_ter, "_shift", spy)
    return seen


@pytest.mark.parametrize("seed", [1, 2])
def test_hostile_sentences_equal_sacrebleu(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Small vocabularies (many matching pairs: long shift searches), lengths from 0 to 160 words on either
    side (the beam widens past a length ratio of 50), sentences reaching the 1,000-candidate limit."""
    seen = _spy_candidates(monkeypatch)
    rng = random.Random(seed)
    cases: list[tuple[list[str], list[str]]] = [([], []), ([], ["a"]), (["a"], []), (["a", "b"], ["b", "a"])]
    for _ in range(40):
        vocab = rng.choice([2, 3, 5, 12, 40])
        n_h = rng.choice([0, 1, 2, 4, 9, 20, 45])
        n_r = rng.choice([1, 2, 4, 9, 20, 45])
        cases.append(([f"w{rng.randrange(vocab)}" for _ in range(n_h)],
                      [f"w{rng.randrange(vocab)}" for _ in range(n_r)]))
    for n_h, n_r in ((1, 140), (3, 160), (140, 2), (60, 61)):  # length ratios that widen the beam; 60-word shifts
        cases.append(([f"w{rng.randrange(4)}" for _ in range(n_h)], [f"w{rng.randrange(4)}" for _ in range(n_r)]))
    for hyp, ref in cases:
        assert translation_edit_rate(hyp, ref) == lib_ter.translation_edit_rate(hyp, ref), (hyp, ref)
    assert max(seen) >= lib_ter._MAX_SHIFT_CANDIDATES  # the limit was exercised


def test_repeated_phrases_and_reordering_equal_sacrebleu() -> None:
    """Clause reordering, the case the shift search exists for, with repeated phrases (ties between equally
    good shifts) and a shift distance past sacrebleu's 50-word limit."""
    base = ["the", "senate", "passed", "the", "bill", "on", "friday", "and", "the", "president", "said", "he",
            "would", "sign", "the", "bill"]
    cases = [
        (base[9:] + base[:9], base),
        (base * 3, list(reversed(base)) * 3),
        (base + ["x"] * 60 + base[:4], base[:4] + ["x"] * 60 + base),
        (["a", "b", "c"] * 20, ["c", "b", "a"] * 20),
    ]
    for hyp, ref in cases:
        assert translation_edit_rate(hyp, ref) == lib_ter.translation_edit_rate(hyp, ref)


def test_system_statistics_equal_each_metric_alone() -> None:
    """compare's statistics (references prepared once per chunk for all systems, chrF taken from chrF++)
    equal sacrebleu's statistics of each metric and system computed alone, across chunk boundaries, with
    empty lines and a second reference settings (lowercased chrF: not derived)."""
    from review_app.formats import read_bilingual
    from review_app.metrics.scores import Chrf, system_statistics

    ref = {u.source: str(u.target) for u in read_bilingual(CORPUS / "reference.tmx").units if u.target}
    systems: dict[str, list[str]] = {}
    for name in ("literal", "fluent"):
        units = {u.source: str(u.target) for u in read_bilingual(CORPUS / "candidates" / f"{name}.xlf").units
                 if u.target}
        systems[name] = [units.get(k, "") for k in ref][:90]
    refs = list(ref.values())[:90]
    refs[5] = ""
    metrics = [get_metric(m) for m in ("bleu", "chrf", "chrf++", "ter")]
    got = system_statistics(metrics, systems, refs, chunk=37)
    for name, hyps in systems.items():
        for m in metrics:
            assert got[name][m.name] == m.sacre()._extract_corpus_statistics(hyps, [refs]), (name, m.name)
    lower = Chrf(lowercase=True)
    got = system_statistics([lower, get_metric("chrf++")], systems, refs)
    assert got["fluent"]["chrf"] == lower.sacre()._extract_corpus_statistics(systems["fluent"], [refs])


def test_distances_at_the_band_bound_equal_sacrebleu() -> None:
    """Long sentences whose band does not cover the matrix, with edit counts on both sides of the bound under
    which the distance without the beam is taken as the band's (``D + |n_r - n_h| <= 2 * beam - 4``): edits
    spread over the sentence, bunched at one end (the path hugs a corner of the band), and length differences
    that move the band's diagonal."""
    from review_app.metrics.ter import _Band

    rng = random.Random(7)
    checked_past_bound = checked_within = 0
    for n_r, n_h in ((60, 60), (70, 52), (52, 70)):
        ref = [f"w{rng.randrange(30)}" for _ in range(n_r)]
        bound = 2 * _Band(n_h, ref).beam - 4 - abs(n_r - n_h)
        for edits in range(max(0, bound - 6), bound + 8, 4):
            for bunched in (False, True):
                hyp = (ref * 2)[:n_h]
                spots = range(n_h - edits, n_h) if bunched else rng.sample(range(n_h), min(edits, n_h))
                for k in spots:
                    hyp[max(k, 0)] = f"x{rng.randrange(9)}"
                ours = translation_edit_rate(hyp, ref)
                assert ours == lib_ter.translation_edit_rate(hyp, ref), (n_r, n_h, edits, bunched)
                if ours[0] > bound:
                    checked_past_bound += 1
                else:
                    checked_within += 1
    # A hypothesis that is the reference moved k words along (k words missing at the start, k others at the
    # end): the cheapest path of the whole matrix runs k columns off the diagonal, outside the band past k = 25.
    ref = [f"r{i}" for i in range(80)]
    for k in range(21, 29):
        hyp = ref[k:] + [f"x{i}" for i in range(k)]
        ours = translation_edit_rate(hyp, ref)
        assert ours == lib_ter.translation_edit_rate(hyp, ref), k
        checked_past_bound += ours[0] > 2 * _Band(len(hyp), ref).beam - 4
    assert checked_past_bound and checked_within
