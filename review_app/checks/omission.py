"""Omission: source content words with no counterpart in the target, weighted by importance.

Reads the word-level evidence of :mod:`review_app.checks.meaning` (``ctx.analyses.meaning``): each source content
word is covered (a dictionary gloss, a number, a name's sound or a Latin word found in the target), uncovered or
unknown (the dictionary has nothing to look for: never counted). *r* below is the target's length over the
source's, in characters, divided by the file's median ratio (``default_ratio``, 2.6, for a file of fewer than 20
translated units): a dropped clause makes the target short for its source, a loose but complete translation is
not short. A unit is reported by one of the rules below, tried in this order (the finding's ``rule`` says which):

* ``whole`` — the uncovered words weigh at least ``min_share`` (default 0.7) of the known words' weight, with at
  least ``min_weight`` (default 6) known, at least ``min_unexplained`` (default 0.8) of the target's content
  words are unexplained by the source (``addition``'s evidence), and either *r* is at most ``whole_max_ratio``
  (default 0.9) or no source word at all is found in the target: a target that translates something else.
  When the target renders some source word, at least ``whole_partial_words`` (default 5) must be uncovered: with
  three or four known words, one found says the target translates this source, garbled or idiomatically
  (確かに → "Certainly", 川口はるな → "haruna kawaguchi"; 18 of the 24 such findings on WMT21/22 system
  outputs were false alarms by reading, 3 real).
  A target not short for its source (*r* above ``whole_max_ratio``) that renders none of it must also have
  at least ``whole_unrendered_words`` (default 6) known source words, or be at least ``whole_long_ratio``
  (default 1.6) × the usual length (a loop, boilerplate), and every ``whole`` finding needs at least
  ``whole_min_words`` (default 3) known source words: every finding of the rule on WMT21/22 system outputs
  (AIST left out) was read, 85 at main cba71f4 (bench/data/omission-findings-read.jsonl), 51 real, 28 false
  alarms, 6 debatable (65 %); the false ones were short sources (two to five known words) rendered in full
  with words the dictionary does not link (そして当面は漫喫と日払いでなんとかなったとしても for 12 systems, コロナ禍で
  テレワークになりました, 待ち望んだ今年初公式戦とあって気合が入った, 義将 read "Yoshimasa"). With these bounds: 48
  real, 4 false, 3 debatable (92 %).
  (Without the length test, idiomatic but complete renderings of short sources — "For all the commotion, …",
  "He also mocked Musk …" — were reported on the professional references; the MT hallucinations of the labelled
  rows are short, and a long one renders nothing of its source.)
* ``run`` — a run of consecutive uncovered words weighs at least ``min_run`` (default 12: four names, numbers or
  main-clause verbs; six other verbs; eight nouns): a dropped stretch of text;
* ``clause`` — with the strict coverage of :mod:`review_app.checks.clauses` (precise matching of whole lemmas, a
  target word covers at most as many source words as it occurs, a cover by an English function word or by a
  Latin word inside another word is no cover), a run of whole source clauses (cut at 。、, brackets and
  conjunctive endings) whose known words are all uncovered, not the whole source, with a predicate in it (a
  verb, an adjective, a noun before する/な/だ), weighing at least ``min_clause_weight`` (default 3) and at least
  ``clause_weight_per_ratio`` (default 5.5) × *r*, with *r* at most ``max_ratio`` (default 0.77). This catches a
  dropped second sentence whose verb the first also has (中古PCは売ったことないです), and short clauses
  (寄付を募って, (には見えない)) in short targets. With ``e5_margin`` set (e.g. 0.002; off by default: three
  embeddings, 0.1–0.4 s per suspected unit on a 2-core machine), the bundled multilingual-e5-small must agree:
  the source must be no closer to the target with the clause than without it by more than the margin
  (:func:`review_app.checks.clauses.clause_margin`). A predicate the dictionary does not know counts
  (に事故撲滅の意味を掛け合わせた: 掛け合わせ is the tagger's verb);
* ``main-clause`` — the same uncovered run in a target too long for the clause rule, when the run holds the
  sentence's main predicate (its last verb or adjective: the main clause is dropped, not a subordinate one),
  *r* is at most ``main_max_ratio`` (default 0.85), the run weighs at least ``main_weight_per_ratio`` (default
  7) × *r*, and *r* is at most ``main_length_slack`` (default 1.25) × the share of the source's characters left
  without the run: a target that still renders the run is longer than that. A second sentence or a last clause
  dropped after a long quote (113人増え, …と相乗効果として好意的な受け止めだ). Without the length test
  idiomatic renderings of a short source's predicate ("there is a gap" for ズレが生じてしまっているのだ, 44 % of
  the source, rendered so by all 11 systems) were reported;
* ``unmatched`` — the strictly uncovered words, wherever they are, weigh at least ``min_unmatched`` (default 4.5)
  plus ``unmatched_per_unexplained`` (default 3) for each target content word that has no precise counterpart in
  the source, with *r* at most ``unmatched_max_ratio`` (default 0.8). Each such target word may render an
  uncovered source word in words the dictionary does not give ("memorable" for 印象深い); when the target has
  none or few of them, the uncovered words are simply not there: 教授 in "…," says Casa. for とカサ教授,
  この特別な公務に in "Princess Catherine chose a knee-length dress…", コロナで規模縮小も. The shorter the
  target, the less room its unexplained words have: below *r* = ``unmatched_short_ratio`` (default 0.65) each
  counts *r* / 0.65 of its weight (二十四日 and 動画投稿サイト dropped from "The song was released on YouTube.",
  ニュース and 報じる from "Local media coverage - Yahoo!"). At 0.8 it found 27 more system outputs over
  WMT21/22 (about 23 of them real omissions, by reading) but also the shipped reference's idiomatic
  "Shame on those who voted for it…" (恥を知れ…と…怒りを込めて叱責した).

* ``hedge`` — tried when no rule above reports the unit, after ``sentence`` and ``bracket`` (below): a hedge or
  evidential of the source (:mod:`review_app.checks.modality`: hearsay そうだ, とのことだ, らしい, と伺いました;
  とされる, とみられる; かもしれない, ようだ, に違いない) in a target with no English hedge or evidential anywhere
  (*reportedly, said, apparently, seems, may, believed…*), when the target renders most of the source (at most
  ``hedge_max_uncovered``, default 0.5, of the known weight uncovered); ``hedge = false`` switches it off. A dropped
  hedge states as fact what the source reports or supposes (ためとみられる "this is believed to be why",
  不可能とされていた "was considered impossible"); the dictionary never sees it, the endings being function words.
  Read on 30 findings drawn at random from WMT21/22 system outputs (bench/data/omission-findings-read.jsonl,
  ``sample`` hedge; judged by the engineer who wrote it): 18 real, 7 false, 5 debatable (the reference drops the same
  hedge) as first written; the false ones were the suffix らしい (あなたらしい "your own", six systems) and
  かもしれない rendered "can". Now らしい and そう count only after a plain form (the auxiliary らしい, the hearsay
  そう; not あなたらしい, しまいそう), と思われる was left out (a labelled row kept its softening clean) and ようだ
  counts only after a verb or an adjective (after a noun it is as often a simile: リアリティ番組のようだ "like a
  reality show", on the shipped article's reference): 14 real, 1 false, 5 debatable still reported. On WMT21/22 it
  reports 74 and 33 system outputs (AIST left out), and the WMT raters do not mark them down: their mean DA is 71.0
  against 63.5 for the rest (WMT21) and 61.7 against 66.2 (WMT22); among the outputs of sources with a hedge, AUC 0.47
  and 0.53. The references drop a hedge now and then: 2 of 1005 and 6 of 2008 are reported, all read as real drops.
  Since the labelling convention of December 7, 2026 (bench/data/README.md: a dropped impersonal と思われる is an
  omission; that row relabelled) the plain と思われる counts again, not the polite と思われます (the writer's
  advice, 良いと思われます "it's a good idea to": 3 debatable findings of 13 read): 10 more WMT system outputs
  reported, every one read and real but all of one source (はっきり見えるようになると思われるのが rendered "what we
  can clearly see"), no more references.

* ``bracket`` — tried after the five rules above (and ``sentence``), before ``hedge``: a bracketed or parenthesised
  part of the source (（約29億円）, （１２月１２日）, （慶長17年）; not the whole source) whose every number and date
  (the number and date comparison of :mod:`review_app.checks.numbers`, which the number checks share) is missing from
  the target in any form. It reports the part as dropped, and replaces the ``number-missing`` and ``date-missing``
  findings on it (``supersedes``: one error, one report; with ``omission`` off they report it as before). Read on 20
  of its 69 findings on WMT21/22 system outputs (AIST left out; bench/data/omission-recall-read.jsonl, seeds 40103 and
  40104, judged by the developer who wrote it before scoring): 19 real (yen conversions, a date, an era year dropped;
  the references keep them), 0 false, 1 debatable ((日本時間) rendered, its 12日 dropped). No WMT reference is
  reported; on the shipped article's reference one, (10月下旬) after 2024年10月5日, which it does not render.
* ``scope`` — tried last: a degree or scope word of the source the dictionary does not see as such
  (:data:`review_app.checks.modality.SCOPE`: ならではの "that only … can offer", ケタが違う "differ by orders of
  magnitude") none of whose English renderings (*unique, only, special, distinctive…*; *orders, magnitude,
  digits, far…*) is in a target that renders most of the source (at most ``hedge_max_uncovered`` uncovered, as
  for ``hedge``). Every one of its 10 findings on WMT21/22 system outputs was read (seeds 40107, 40108): 10 real
  (オンラインならではの見せ方 "the way it is shown online", ケタ left as "keta"); they come from three sources,
  two of them rows of the seen labelled sets the rule was written from, so the figure says little beyond them.
* ``sentence`` — off unless ``sentence = true``, tried after the five rules above: a sentence of a source of two or
  more (cut after 。！？ and the closing quotes after them; a Latin ! or ? only before a space, a quote or the end, so
  ヤフオク!と is one sentence) whose known words (at least ``sentence_min_words``, default 2, weighing at least
  ``sentence_min_weight``, default 3.5) the target renders none of by the loose coverage while it renders another
  sentence's, with *r* at most ``sentence_max_ratio`` (default 1.5); a quote's last sentence with its framing
  (…引き継いでいきたい」と思いを新たにした) is passed over. As first written (no Latin-! rule, no framing rule) all 19
  of its WMT findings were read: 5 real, 9 false, 5 debatable (36 %); with both fixes 5 are left, all real, but those
  were read before the fixes (seen), and the shipped article's reference gets a false alarm
  (イーロンはあらゆる面で私を称賛してきた rendered "said the most beautiful things about me"), so it stays off. It
  finds two labelled omissions of the seen sets (a quote's dropped middle sentence, a dropped second half).

Rules for full, fluent targets that drop a clause, a condition or one word (December 7, 2026), tried in this
order after the five rules above (and ``sentence``), before ``bracket``: the unit-level rules allow paraphrase per
unit, so a target long enough for its source passed whatever it dropped.

* ``aligned`` — the paraphrase allowance per clause (:mod:`review_app.checks.omission_align`): a run of whole
  source clauses with a predicate and at least ``aligned_words`` (default 5) known words weighing at least
  ``aligned_weight`` (default 6), none of which the target renders by the loose or by the strict coverage, while
  the target renders at least ``aligned_rendered`` (default 0.7) of the rest of the source's known weight and *r*
  is at most ``aligned_slack`` (default 1.5) × the share of the source's characters left without the run (a
  target long enough for the whole source may say the clause in words the dictionary does not link).
  感染症の早期収束や健康を願い企画した dropped from a target 0.9 × the usual length; 特産品認証の独自ブランド刷新
  dropped from a headline. Measured on the WMT21/22 references with a permissive length test first: with four
  words it reported 5 references (得点を豪快な一発で奪い rendered "got the hit … with a spectacular swing",
  生物多様性 "biodiversity", 推して知るべし moved to the front…), with five and the length test none; 12 system
  outputs on WMT21, 0 on WMT22.
* ``loop`` — an MT loop (one to four words said at least six times in a row over at least 30 % of the target) in a
  target that leaves at least ``loop_weight`` (default 4.5) and ``loop_share`` (default 0.3) of the known weight
  uncovered: the loop took the place of the rest of the source ("Hun Hun Hun …", "Sakuma Town, Sakuma Town, …").
  A loop repeating one clause of an otherwise full rendering ("he can score, he can score, …": 2 of 15 words
  uncovered) is ``addition``'s.
* ``condition``, ``bound``, ``contrast``, ``price`` (option ``grammar``) — what the grammar says and the dictionary
  does not see (:mod:`review_app.checks.omission_grammar`), in a target with none of its English renderings, when
  the target renders most of the source (at most ``grammar_max_uncovered``, default 0.7, of the known weight
  uncovered): the condition 〜場合 (*if, when, in case, unless, should…*; "the revision will be made after 21
  years" for 改正が行われる場合の時期は); a bound after a number (1900円以上, 3日以内, 100人超 ↔ *or more, over,
  at least, under, within…*; not an approximate one, 約 / くらい); a contrast of a thing and its negation
  (自分に合う方と合わない方 rendered "Some doctors don't fit you" ↔ *and, or, while, others, from, whether…*); a
  tax qualifier (税抜, 税込 ↔ *excl., before, plus, incl., w/o…*; "290 yen tax"). The verb conditionals 〜たら,
  〜れば, 〜なら were measured with the same English list and left out: 3 of 1005 and 20 of 2008 WMT references
  reported (a past sequence, 飲んだら楽しくなった; a topic, 今なら), against none for 場合.
* ``position`` — a number the source makes a position or an ordinal (8番, 3位, 第4打席, ４回戦) that the target
  has in no form (the number checks' comparison; spelled out, "the eighty-fifth person", counts as rendered),
  when the target renders most of the source (``grammar_max_uncovered``). Reported in place of the
  ``number-missing`` finding on it (:attr:`Omission.supersedes`): the No. 8 hitter dropped from a full rendering
  is an omission, one report.

Precision (bench/data/omission-clause-read.jsonl, seeds 20262001–20262013, every finding of each rule or 10 drawn
at random per rule and year, judged by the developer who wrote them before scoring, most of them seen while the
rules were written — the populations are small): ``aligned`` 10 real of 10 (12 WMT findings), ``condition`` 11 of 11
(two sources), ``position`` 9 real, 1 debatable (a wrong number, ４回戦 "first round"), ``bound`` 3 of 3, ``contrast``
2 real, 1 debatable (garbled), ``loop`` 2 of 2, ``price`` 4 real, 1 false ("w/o tax", since added to its English
list). WMT references reported by them: 1 of 1005 (``bound``: １２万軒以上といわれる rendered "said to be 120,000",
which drops the bound) and 0 of 2008. Labelled rows (TP/FP/FN): the tenth held-out set 2/0/9 → 8/0/3 (seen: the
classes were taken from its misses), set 8 7/0/1 → 8/0/0, set 3 11/0/9 → 12/0/8, the tuning set and the other
sets unchanged, no new false alarm; the eleventh held-out set, unseen while they were written, 4/1/8 before and
after: they find none of its omissions. Not kept: the sentence's last predicate uncovered while the rest is
rendered (88 of 1005 and 76 of 2008 references: main verbs are paraphrased freely) and a Latin word of the source
missing from the target (11 and 27 references: ＳＮＳ "social media", WEB "online").

Not kept, measured the same way: a ``desire`` rule (ほしい, てほしい, てもらいたい with no *want, wish, hope, would,
please…* in the target): of its 15 WMT findings 1 real, 3 false (requests rendered as questions, ほしい as
"looking for"), 11 debatable (one source, なってほしいと folded into "called on … to"); and ``min_unmatched``
3.5 instead of 4.5: two more labelled omissions, but two more WMT22 references reported and, of 15 of its 66 new
WMT findings (seed 40110), 7 real, 7 false, 1 debatable.

Anchors the rules read (:mod:`review_app.checks.meaning`, :mod:`review_app.checks.clauses`,
:mod:`review_app.checks.kanji_numbers`): a kanji numeral is one number (二十四日 is 24, not the words "twenty" and
"four"), a day of the month is covered by its digits or a weekday, a lone kanji digit is a number only before a
counter (三重 is a place; full-width digits the tagger reads as a noun are numbers too); 午前 and 午後 are
covered by *a.m.* and *p.m.* after a time (10am, 4 p.m.: 午前１０時～午後４時 was reported for 13 systems); a
reporting verb (話す, 述べる, 語る, 説明する) is covered by *said*, which the precise
match otherwise ignores as a function word (と話した was reported as a dropped clause for every "… said" rendering);
a katakana compound is covered by adjacent target words that sound like it together (コーチングイベント, *coaching
event*: reported for 9 systems' full renderings of one source before). A verb's listing たり ends a clause, so
マティス前国防長官に反旗を翻したり, dropped from the shipped fluent draft, is reported as that clause.

Figures (``bench/meaning.py``, December 7, 2026; TP/FP/FN; every labelled set was seen while the rules were
tuned): written before the code (the tuning set) 19/0/12; after-code 11/0/5 (10/0/6 before the main-clause
rule, the unknown predicates and the shorter-target weighting); after-code-2 2/0/6 (unchanged); after-code-3
10/0/9 (9/0/10); after-code-4 10/1/6 (7/1/9). WMT21/22 professional references flagged: 5/1005 and 19/2008
(0.5 % / 0.9 %; 5 and 20 before: two new main-clause findings, one a clause the reference does drop,
さらに都内の観光名所も楽しむことができます, and three fewer since a Latin word may touch digits — AC100V, A12,
AM10:00 — which also removed 30 false alarms on system outputs); 3/1005 and 17/2008 once ``whole`` needed
five unrendered words in a target that renders some (labelled rows unchanged). The shipped article's reference
translation: 2 of 326 units reported, both idiomatic renderings ("marked the high point of …", "The most
memorable was …").

Weights: names, numbers and the sentence's last predicate 3; verbs and adjectives 2; nouns 1.5; adverbs 0.5.
The finding's ``source_span`` covers the uncovered run or clauses and the message quotes it; for a ``run``,
``target_span`` points at the rendering of the last covered source word before it (where the text should have
followed), which the Review page highlights on the target side.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

from review_app.checks.base import CheckContext, Issue, Unit
from review_app.checks.clauses import ClauseGap, clause_margin
from review_app.checks.meaning import SHOWN, Digest, MeaningCheck
from review_app.checks.modality import SCOPE, dropped_closed, dropped_hedges

if TYPE_CHECKING:
    from review_app.checks.omission_align import AlignedOptions

_BRACKET_HINT = re.compile(r"[（(〈【＜《［]")
_BRACKETED = re.compile(r"（[^（）]{1,60}）|\([^()]{1,60}\)|〈[^〈〉]{1,60}〉|【[^【】]{1,60}】|＜[^＜＞]{1,60}＞|"
                        r"《[^《》]{1,60}》|［[^［］]{1,60}］")
_DIGIT = re.compile(r"[0-9０-９〇一二三四五六七八九十百千万億兆]")
_JA_CONTENT = re.compile(r"[\u3040-\u30ff\u3400-\u9fffA-Za-z0-9０-９Ａ-Ｚａ-ｚ]{2}")


class Omission(MeaningCheck):
    check_id = "omission"
    name = "Source words not translated"
    description = ("Source content words (names, numbers, verbs, nouns) that nothing in the target renders: a "
                   "dropped clause or a target that translates something else. Reports the uncovered span; "
                   "expected every part of the source to be translated.")
    supersedes = ("number-missing", "date-missing")  # a dropped part with a number is reported once, as dropped

    def check(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        found = list(self._rules(unit, ctx))
        if found:
            yield from found
            return
        opt = ctx.config.option
        for name, rule, on in (("sentence", self._sentence, False), ("aligned", self._aligned, True),
                               ("loop", self._loop, True),
                               ("grammar", self._grammar, True), ("bracket", self._bracket, True),
                               ("position", self._position, True),
                               ("hedge", self._hedge, True), ("scope", self._scope, True)):
            if opt(self.check_id, name, on):
                found = list(rule(unit, ctx))
                if found:
                    yield from found
                    return

    def _sentence(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        """The ``sentence`` rule: a sentence of a source of two or more (cut after 。！？, inside quotes too)
        whose known words the target renders none of, by the loose coverage, while it renders another's: at
        least ``sentence_min_words`` (default 2) known words weighing at least ``sentence_min_weight``
        (default 3.5), with the target at most ``sentence_max_ratio`` (default 1.5) × the usual length."""
        d: Digest = ctx.analyses.meaning.of(unit)
        gap = d.sentence
        if gap is None:
            return
        opt = ctx.config.option
        if gap.n_words < int(opt(self.check_id, "sentence_min_words", 2)) or gap.weight < float(
                opt(self.check_id, "sentence_min_weight", 3.5)):
            return
        target = unit.target or ""
        expected = ctx.analyses.length_ratio or float(opt(self.check_id, "default_ratio", 2.6))
        ratio = len(target) / len(unit.source) if unit.source else 0.0
        if ratio / expected > float(opt(self.check_id, "sentence_max_ratio", 1.5)):
            return
        yield self._dropped(unit, gap.span, None, gap.words, gap.weight, d, "sentence",
                            "; it is a sentence of its own and the target renders the others")

    def _aligned(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        """The ``aligned`` rule: a run of whole source clauses none of whose (at least ``aligned_words``, default 5)
        known words the target renders, loosely or strictly, with a predicate and at least ``aligned_weight``
        (default 6) weight, while the target renders at least ``aligned_rendered`` (default 0.7) of the rest of the
        source's known weight (:func:`review_app.checks.omission_align.dropped_clause`), and *r* is at most
        ``aligned_slack`` (default 1.5) × the share of the source's characters left without the run."""
        d: Digest = ctx.analyses.meaning.of(unit)
        opts = aligned_options(ctx)
        if not may_align(d, unit, opts):
            return
        gap = ctx.analyses.aligned.gap(unit, opts)
        if gap is None:
            return
        # the paraphrase allowance, per clause: a target long enough for the whole source may say the clause in
        # words the dictionary does not link; one no longer than aligned_slack x what the rest of the source needs
        # has no room for it
        ratio = len(unit.target or "") / len(unit.source) if unit.source else 0.0
        share = (gap.span[1] - gap.span[0]) / len(unit.source)
        if ratio / opts.expected > opts.slack * (1.0 - share):
            return
        yield self._dropped(unit, gap.span, None, gap.words, gap.weight, d, "aligned",
                            f"; the target renders {gap.rendered:.0%} of the rest of the source, clause by clause")

    def _loop(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        """The ``loop`` rule: an MT loop (one to four words said at least six times in a row over at least 30 % of
        the target: :func:`review_app.checks.omission_align.target_loop`) in a target that leaves at least
        ``loop_weight`` (default 4.5) and ``loop_share`` (default 0.3) of the source's known weight uncovered: the
        loop took the place of the rest of the source (a loop that repeats one clause of a target rendering the rest
        is ``addition``'s)."""
        d: Digest = ctx.analyses.meaning.of(unit)
        if not d.total or d.uncovered < float(ctx.config.option(self.check_id, "loop_weight", 4.5)) or (
                d.uncovered / d.total < float(ctx.config.option(self.check_id, "loop_share", 0.3))):
            return
        from review_app.checks.omission_align import target_loop

        loop = target_loop(unit.target or "")
        if loop is None or d.uncovered_span is None:
            return
        at, said, times = loop
        yield self.issue(
            unit, f"the target repeats {said!r} {times} times in a loop and leaves {d.n_uncovered} of the source's "
                  f"{d.n_known} content words untranslated ({_listed(d.uncovered_words, d.n_uncovered)}); expected "
                  "the rest of the source translated", source_span=d.uncovered_span, target_span=at,
            uncovered=round(d.uncovered / d.total, 2), run_weight=d.run_weight, rule="loop")

    def _grammar(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        """The ``condition`` rule: a condition (場合) or a quantity bound (1900円以上) of the source none of whose
        English renderings is in a target that renders most of the source
        (:func:`review_app.checks.omission_grammar.dropped_grammar`; the ``hedge`` rule's gate)."""
        from review_app.checks.omission_grammar import dropped_grammar

        found = dropped_grammar(unit.source, unit.target or "")
        if not found:
            return
        d = self._mostly_rendered(unit, ctx, "grammar_max_uncovered", 0.7)
        if d is None:
            return
        marker, span = found[0]
        yield self.issue(
            unit, f"the source's {unit.source[span[0]:span[1]]!r} ({marker.meaning}) has no counterpart in the "
                  "target: none of the English words that say it is there, so the target states unconditionally "
                  "what the source limits; expected it translated",
            source_span=span, uncovered=round(d.uncovered / d.total, 2), run_weight=0.0, rule=marker.name)

    def _bracket(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        """The ``bracket`` rule: a bracketed or parenthesised part of the source （約29億円）, （１２月１２日）
        holding a number or a date that the target has none of, in any form, while the source has more than the
        bracket. Reported as the dropped part in place of the ``number-missing`` / ``date-missing`` findings on
        it (:attr:`supersedes`)."""
        source = unit.source
        if not _BRACKET_HINT.search(source):
            return
        parts = [m for m in _BRACKETED.finditer(source) if _DIGIT.search(m.group())]
        if not parts:
            return
        rest = _BRACKETED.sub("", source)
        if not _JA_CONTENT.search(rest):
            return  # (the bracket is the whole source)
        numbers, dates = ctx.analyses.numbers.of(unit)
        missing = [f.source.span for f in numbers if f.kind == "missing" and f.source is not None]
        missing += [f.source.span for f in dates if f.kind == "missing" and f.source is not None]
        if not missing:
            return
        from review_app.quantities.japanese import parse_ja

        parsed = parse_ja(source)
        every = [q.span for q in parsed.quantities if not q.weak] + [x.span for x in parsed.dates]
        for m in parts:
            a, b = m.span()
            inside = [sp for sp in every if a <= sp[0] and sp[1] <= b]
            if inside and all(sp in missing for sp in inside):
                d: Digest = ctx.analyses.meaning.of(unit)
                yield self.issue(
                    unit, f"the source's {m.group()!r} has no counterpart in the target: none of its numbers or "
                          f"dates ({', '.join(source[x:y] for x, y in inside)}) is there in any form; expected "
                          "it translated", source_span=(a, b),
                    uncovered=round(d.uncovered / d.total, 2) if d.total else 0.0, run_weight=0.0,
                    rule="bracket")
                return

    def _position(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        """The ``position`` rule: a number the source makes a position or an ordinal (8番, 3位, 第2打席:
        :func:`review_app.checks.omission_grammar.is_position`) that the target has in no form (the number checks'
        comparison, digits or words) when the target renders most of the source (the ``hedge`` rule's gate).
        Reported as dropped in place of the ``number-missing`` finding on it (:attr:`supersedes`)."""
        from review_app.checks.omission_grammar import POSITION_AFTER, is_position, spelled

        source = unit.source
        if "第" not in source and not POSITION_AFTER.search(source):
            return
        numbers, _dates = ctx.analyses.numbers.of(unit)
        missing = [f.source.span for f in numbers if f.kind == "missing" and f.source is not None]
        missing = [sp for sp in missing if is_position(source, sp)]
        if not missing:
            return
        d = self._mostly_rendered(unit, ctx, "grammar_max_uncovered", 0.7)
        if d is None:
            return
        low = (unit.target or "").lower()
        for a, b in missing:
            digits = unicodedata.normalize("NFKC", source[a:b])
            if digits.isdigit() and any(w in low for w in spelled(int(digits))):
                continue  # (spelled out: "the eighty-fifth person")
            end = b + (m.end() - m.start() if (m := POSITION_AFTER.match(source, b)) else 0)
            yield self.issue(
                unit, f"the source's {source[a - (source[a - 1:a] == '第'):end]!r} (a position or an ordinal) has no "
                      "counterpart in the target: its number is not there in any form; expected it translated",
                source_span=(a, b), uncovered=round(d.uncovered / d.total, 2), run_weight=0.0, rule="position")
            return

    def _mostly_rendered(self, unit: Unit, ctx: CheckContext, option: str = "hedge_max_uncovered",
                         default: float = 0.5) -> Digest | None:
        """The unit's digest when the target renders most of the source (at most ``hedge_max_uncovered``, default
        0.5, of the known words' weight uncovered), else None: the gate of the ``scope`` and ``hedge`` rules, which
        look for one dropped word in an otherwise full rendering (a target that says something else is another
        rule's). The ``condition`` and ``position`` rules read ``grammar_max_uncovered`` (default 0.7): what they
        look for is not a word the dictionary might have missed elsewhere, and a target that renders a third of
        the source's known words is still its translation (names the sound match misses: エンゼルス, "Angels")."""
        d: Digest = ctx.analyses.meaning.of(unit)
        if not d.total or d.uncovered / d.total > float(ctx.config.option(self.check_id, option, default)):
            return None
        return d

    def _scope(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        """The ``scope`` rule: a degree or scope word of the source the dictionary does not see as such
        (:data:`review_app.checks.modality.SCOPE`: ならではの, ケタが違う) none of whose English renderings is in a
        target that renders most of the source (at most ``hedge_max_uncovered`` of the known weight uncovered, as
        for ``hedge``)."""
        found = dropped_closed(SCOPE, unit.source, unit.target or "")
        d = self._mostly_rendered(unit, ctx) if found else None
        if d is None:
            return
        marker, span = found[0]
        yield self.issue(
            unit, f"the source's {unit.source[span[0]:span[1]]!r} ({marker.meaning}) has no counterpart in the "
                  "target: none of the English words that say it is there; expected it translated",
            source_span=span, uncovered=round(d.uncovered / d.total, 2), run_weight=0.0, rule="scope")

    def _hedge(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        """The ``hedge`` rule: a hedge or evidential of the source (:mod:`review_app.checks.modality`) in a target
        with no English hedge at all, when the target renders most of the source (at most ``hedge_max_uncovered``,
        default 0.5, of the known words' weight uncovered: a target that says something else is another rule's)."""
        target = unit.target or ""
        found = dropped_hedges(unit.source, target)
        d = self._mostly_rendered(unit, ctx) if found else None
        if d is None:
            return
        marker, span = found[0]
        listed = ", ".join(dict.fromkeys(f"{unit.source[a:b]!r}: {m.meaning}" for m, (a, b) in found))
        yield self.issue(
            unit, f"the source hedges or reports its claim ({listed}) and the target states it as a plain fact, with "
                  "no word such as 'reportedly', 'said to', 'apparently', 'seems', 'may' or 'believed'; expected the "
                  "hedge translated", source_span=span, uncovered=round(d.uncovered / d.total, 2),
            run_weight=0.0, rule="hedge", marker=marker.name)

    def _rules(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        d: Digest = ctx.analyses.meaning.of(unit)
        min_run = float(ctx.config.option(self.check_id, "min_run", 12.0))
        min_share = float(ctx.config.option(self.check_id, "min_share", 0.7))
        min_weight = float(ctx.config.option(self.check_id, "min_weight", 6.0))
        min_unexplained = float(ctx.config.option(self.check_id, "min_unexplained", 0.8))
        if not d.total:
            return
        target = unit.target or ""
        expected = ctx.analyses.length_ratio or float(ctx.config.option(self.check_id, "default_ratio", 2.6))
        ratio = len(target) / len(unit.source) if unit.source else 0.0
        rel = ratio / expected
        if d.run_weight >= min_run or d.total >= min_weight:
            unexplained = len(d.unexplained) / d.target_content if d.target_content else 1.0
            # a target that renders some source word must leave at least whole_partial_words unrendered: with a
            # few known words, one found is evidence it translates this source, garbled or idiomatic
            # a target not short for its source that renders none of it needs at least whole_unrendered_words
            # known source words, or to be whole_long_ratio times the usual length (a loop, boilerplate): with three
            # to five, a complete paraphrase the dictionary cannot link is likelier than a target that says
            # something else
            # and a source of two known words is not enough to say so: two misses of the dictionary or the sound
            # match (a name read another way, 義将 → "Yoshimasa") are too likely
            whole = (d.total >= min_weight and d.n_known >= int(ctx.config.option(self.check_id, "whole_min_words", 3))
                     and d.uncovered / d.total >= min_share and unexplained >= min_unexplained
                     and (rel <= float(ctx.config.option(self.check_id, "whole_max_ratio", 0.9))
                          or (d.n_uncovered == d.n_known and (d.n_known >= int(ctx.config.option(
                              self.check_id, "whole_unrendered_words", 6)) or rel >= float(ctx.config.option(
                                  self.check_id, "whole_long_ratio", 1.6)))))
                     and (d.n_uncovered == d.n_known or d.n_uncovered >= int(ctx.config.option(
                         self.check_id, "whole_partial_words", 5))))
            if whole and d.uncovered_span is not None:
                yield self.issue(
                    unit, f"{d.n_uncovered} of the source's {d.n_known} content words have no counterpart in the "
                          f"target ({_listed(d.uncovered_words, d.n_uncovered)}); the target may translate "
                          "something else; expected it translated", source_span=d.uncovered_span,
                    uncovered=round(d.uncovered / d.total, 2), run_weight=d.run_weight, rule="whole")
                return
            if d.run_weight >= min_run and d.run is not None:
                yield self._dropped(unit, d.run, d.run_anchor, d.run_words, d.run_weight, d, "run")
                return
        strict = d.strict
        if strict is None or not unit.source:
            return
        gap = strict.gap
        if gap is None or gap.whole or (not gap.predicate and ctx.config.option(
                self.check_id, "clause_needs_predicate", True)):
            # (a noun phrase or a name: the dictionary and the name checks miss too many renderings for a clause)
            yield from self._unmatched(unit, ctx, d, ratio, expected)
            return
        min_clause = float(ctx.config.option(self.check_id, "min_clause_weight", 3.0))
        per_ratio = float(ctx.config.option(self.check_id, "clause_weight_per_ratio", 5.5))
        max_ratio = float(ctx.config.option(self.check_id, "max_ratio", 0.77))
        rule = "clause"
        if rel > max_ratio or gap.weight < max(min_clause, per_ratio * rel):
            if not self._main_clause(ctx, gap, rel, len(unit.source)):
                yield from self._unmatched(unit, ctx, d, ratio, expected)
                return
            rule = "main-clause"
        max_margin = ctx.config.option(self.check_id, "e5_margin", None)
        margin = clause_margin(unit.source, target, gap.span) if max_margin is not None else None
        if margin is not None and margin > float(max_margin):
            return  # the sentence embeddings say the target renders the clause after all
        seen = f", and the source reads as close to the target without it (e5 margin {margin:+.3f})" if (
            margin is not None) else ""
        yield self._dropped(unit, gap.span, None, gap.words, gap.weight, d, rule,
                            f"; the target is {ratio:.1f}× the source's length in characters where this "
                            f"file's translations are {expected:.1f}×{seen}")

    def _main_clause(self, ctx: CheckContext, gap: ClauseGap, rel: float, source_length: int) -> bool:
        """The ``main-clause`` rule: the uncovered run holds the main predicate, weighs at least
        ``main_weight_per_ratio`` × *r*, *r* is at most ``main_max_ratio``, and the target is no longer than
        ``main_length_slack`` × what is left of the source without the run (its share of the source's
        characters): a target that renders the run would be longer."""
        if not gap.main or rel > float(ctx.config.option(self.check_id, "main_max_ratio", 0.85)):
            return False
        if gap.weight < max(float(ctx.config.option(self.check_id, "min_clause_weight", 3.0)),
                            float(ctx.config.option(self.check_id, "main_weight_per_ratio", 7.0)) * rel):
            return False
        share = (gap.span[1] - gap.span[0]) / source_length if source_length else 1.0
        return rel <= float(ctx.config.option(self.check_id, "main_length_slack", 1.25)) * (1.0 - share)

    def _unmatched(self, unit: Unit, ctx: CheckContext, d: Digest, ratio: float, expected: float
                   ) -> Iterable[Issue]:
        """The ``unmatched`` rule: strictly uncovered source words the target has no other words for."""
        strict = d.strict
        if strict is None or not strict.uncovered or strict.span is None:
            return
        rel = ratio / expected
        max_rel = float(ctx.config.option(self.check_id, "unmatched_max_ratio", 0.8))
        if rel > max_rel:
            return
        base = float(ctx.config.option(self.check_id, "min_unmatched", 4.5))
        # the shorter the target, the less its unexplained words can be renderings of the uncovered ones: below
        # unmatched_short_ratio their weight shrinks in proportion
        short = float(ctx.config.option(self.check_id, "unmatched_short_ratio", 0.65))
        per_word = float(ctx.config.option(self.check_id, "unmatched_per_unexplained", 3.0)) * (
            min(1.0, rel / short) if short > 0 else 1.0)
        if strict.uncovered < base + per_word * strict.unexplained:
            return
        others = (f"the target has only {strict.unexplained} content word(s) the source does not account for"
                  if strict.unexplained else "every content word of the target renders another source word")
        yield self.issue(
            unit, f"the source's {_listed(strict.words, strict.n_uncovered)} have no counterpart in the target "
                  f"({others}; it is {ratio:.1f}× the source's length in characters where this file's "
                  f"translations are {expected:.1f}×); expected them translated",
            source_span=strict.span, uncovered=round(strict.uncovered / strict.total, 2) if strict.total else 0.0,
            run_weight=strict.uncovered, rule="unmatched")

    def _dropped(self, unit: Unit, span: tuple[int, int], at: tuple[int, int] | None, words: tuple[str, ...],
                 weight: float, d: Digest, rule: str, why: str = "") -> Issue:
        target = unit.target or ""
        where = f" after {target[at[0]:at[1]]!r}" if at else ""
        return self.issue(
            unit, f"the source's {unit.source[span[0]:span[1]]!r} has no counterpart in the target (uncovered: "
                  f"{_listed(words, len(words))}){why}; expected it translated{where}",
            source_span=span, target_span=at, uncovered=round(d.uncovered / d.total, 2) if d.total else 0.0,
            run_weight=weight, rule=rule)


def _listed(words: tuple[str, ...], total: int) -> str:
    return ", ".join(words[:SHOWN]) + ("…" if total > SHOWN else "")


def aligned_options(ctx: CheckContext) -> AlignedOptions:
    """The ``aligned`` rule's options in ``ctx``'s run (see :meth:`Omission._aligned`), with the run's expected
    length ratio."""
    from review_app.checks.omission_align import AlignedOptions

    opt = ctx.config.option
    return AlignedOptions(
        min_words=int(opt("omission", "aligned_words", 5)), min_weight=float(opt("omission", "aligned_weight", 6.0)),
        min_rendered=float(opt("omission", "aligned_rendered", 0.7)), shown=SHOWN,
        slack=float(opt("omission", "aligned_slack", 1.5)),
        expected=ctx.analyses.length_ratio or float(opt("omission", "default_ratio", 2.6)))


def may_align(d: Digest, unit: Unit, opts: AlignedOptions) -> bool:
    """The ``aligned`` rule's necessary conditions, read from the digest before any clause is aligned: the clause
    run's words are loosely uncovered and consecutive, so some loose run weighs as much and the source has as many
    loosely uncovered words; and the target is no longer than ``aligned_slack`` x the usual length (the rule's
    length test, whatever the clause's share)."""
    if not d.total or d.run_weight < opts.min_weight or d.n_uncovered < opts.min_words or d.uncovered >= d.total:
        return False
    ratio = len(unit.target or "") / len(unit.source) if unit.source else 0.0
    return not ratio / opts.expected > opts.slack
