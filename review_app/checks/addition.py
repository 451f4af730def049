"""Addition: target content words that nothing in the source accounts for.

Two kinds of evidence of the target's own come first, before any dictionary (cheap, precise and independent of
the language pair):

* **repetition** — an MT loop: the same stretch of words three times or more over at least 40 % of the target
  (three repeats at most three tokens apart; four or more anywhere), one word five times in a row, or ``!``/``?``
  five times in a row, where the source does not say anything that often ("he can score, he can score, he can
  score…", the John clause five times, "I love it!!!!!!!!!!!"); three parallel clauses far apart ("more blood flow
  to the heart …, more blood flow to the muscles …") and a repeat the source has too (290円税抜、490円税抜、
  790円税抜 → "yen tax" three times) are not loops;
* **bracket** — a 【…】 label of the target when the source has no bracket and not its content (【wigs2you】 after
  水の天使 通販);
* **repeated-sentence** — a target sentence that says again, in other words, what an earlier sentence of the
  target says, when the target has more sentences than the source: at least ``repeat_words`` (default 5) of its
  content words (loose stems) occur in the earlier sentence and make at least ``repeat_share`` (default 0.75) of
  its content words, and it names nothing the earlier one does not ("Bizen ware is scheduled to be delivered to
  residents of Okayama City Yurakuen … 40 pieces of Bizen ware will be delivered to the residents of Okayama City
  Yurakuen (same place)."); or, when the target has as many sentences as the source or more, an earlier sentence
  of ``repeat_words`` content words or more, 80 % of which a later sentence says again (The federation says, "All
  of our products make use of local resources. The federation says, "All of our products are made using local
  resources, and …": the source's two sentences are both in the second; on WMT21/22 5 system findings more, all
  Online-W's sentences rendered twice and read as real, no reference finding; 3 findings of the ``doubled`` rule
  below are now this rule's). The loop rule needs identical words; this one sees a near-duplicate. A source that
  says two parallel things about other names ("… to and from Yamanashi, Miyazaki, Okinawa. … to and from Tokyo,
  Osaka") is not reported.

Last for a unit the rules above and below leave alone (:func:`_gloss`), **gloss** (minor) — a romanised word of the
source explained in brackets the source does not have: "two pieces of onigiri (rice balls)", "the bakufu (Japanese
feudal government headed by a shogun)", "Karamon (Chinese gate)", "imoni (stewed potato stew)". The bracket holds
at least ``gloss_words`` (default 2; 0 switches the rule off) content words and no digit, none of them a romanised
source word; one to three words right before it are a romanised reading of the source (as ``Shimbun`` renders 新聞);
the target has more round brackets than the source (a reading in kana, （ばんしょしらべしょ）, not counted), and
none of the source's brackets gives that reading (涼皮（リャンピー） → "liangpi (cool skin)") or half the bracket's
words ((日式中華)). A true explanation, but one the source does not give: the labelled rows count it as an
addition ("'(Japanese feudal government headed by a shogun)': an explanation the source does not have (true, but
added)"). Measured on WMT21/22 (all 30 systems' outputs, AIST left out; read by the engineer who wrote it,
``bench/data/addition-recall-read.jsonl``): 23 findings no other rule makes, all real glosses (14 WMT21, 9 WMT22;
movelikeajaguar 9 of them); no professional reference flagged. It costs the check's DA figures: good systems gloss
(movelikeajaguar, DLUT, JDExploreAcademy), so ``bench/meaning.py``'s τ(z) 0.481 → 0.421 (WMT21) and 0.38 → 0.151
(WMT22), DA gap 27.5 → 25.1 (AUC 0.713 → 0.699) and 36.9 → 36.8 (0.811 → 0.810); hence minor.

Then the dictionary evidence:
Reads the word-level evidence of :mod:`review_app.checks.meaning` (``ctx.analyses.meaning``): a target content
word (not an English function word) is *explained* when its stem is among the stems of the source words'
dictionary glosses, or it renders a source name, number or Latin word. A unit is reported when

* a run of at least ``min_run`` (default 9) consecutive unexplained content words (function words in between
  do not break it) — an invented clause; or
* at least ``min_share`` (default 0.75) of the target's content words are unexplained, with at least
  ``min_words`` (default 2) of them, *and* the source's own words are mostly uncovered (weighted share ≥
  ``min_source_uncovered``, default 0.8, of at least ``min_source_weight``, default 4.5: two nouns and a verb) — a
  target that says something else (an MT hallucination); or
* the target has more sentences than the source and one of them has at least ``sentence_words`` (default 3)
  content words, none of them explained — an invented sentence (a source's end mark inside a quotation, 「どんな
  ときに楽しい ？ 」。, does not end a sentence of its own: "The workshop will be held in the city of Tamano,
  Japan. What is fun?" has one sentence more than its source); or
* the target's first clause (up to its first comma, semicolon, colon or sentence end) has at least
  ``lead_words`` (default 5) content words, none of them explained and none of them capitalised after the first
  (a name there renders the source's), the rest of the target has as many of its own, the source is mostly
  rendered (uncovered weighted share ≤ ``lead_source_uncovered``, default 0.5) and the source's first word with
  anything to look for is rendered *after* that clause — an invented leading clause ("I've been living in the
  same prefecture for less than 30 years since I was born, and when I used the word "zurumikomi" …"; 現在、
  リハビリ中ですが → "I'm currently undergoing physical therapy, but …" is an idiomatic rendering of the source's
  start, not reported); or
* the target is at least ``invented_ratio`` (default 3.5) times the source's length in characters, has at least
  ``invented_words`` (default 4) content words, none of them explained, and no source word is covered under the
  strict coverage of :mod:`review_app.checks.clauses` — a short source (投稿、ありがとうございます。) given a
  longer, unrelated target ("It's a great app, but I can't wait to see how it works.").

**Looking wider before reporting.** The alignment reads the source's content words only and compares a
lower-case target word with no katakana word by sound, so a complete rendering often leaves most target words
unexplained: "Congratulations on the new year!" (おめでとう is two tokens, 年 a light word), "It is finished with
hot cheese!" (チーズ inside the katakana compound アツアツチーズ), "(Courtesy of Nishinippon Shimbun)" (romanised
Japanese), "the long-awaited first official game of the year" (公式 inside 公式戦, 初 and 今年 light words). When
the run, whole, invented or sentence rule would fire, the target words they read are looked at again
(:func:`_still_unexplained`, about a millisecond a suspected unit; the source side is cached): a word is explained
by the glosses of every word of the source the dictionary has (light words, compound parts, two to four tokens read
together; precise keys as well as loose stems), by a loanword's English origin as the parser gives it (チーズ-cheese),
by a romanised reading of one to four source words (Shimbun, Kinnikuman) or by the sound of a katakana word. Then

* the **run** rule keeps its run when at least ``run_share`` (default 0.75) of its words stay unexplained (else the
  longest run of what stays, if it is long enough);
* the **whole** and **invented** rules read the words that stay, and ``whole`` asks more of a short source: a
  source of known weight below ``whole_weight`` (default 10: four nouns and two verbs) gives the dictionary little
  to find, and a target of two to five unexplained words may be its paraphrase (駄文すいません → "I'm sorry for the
  pun.", 謹んでご冥福をお祈り致します → "May he rest in peace.", マジで子供追い出す親とかある? → "Seriously, are there
  any parents who kick their kids out?"), so it needs ``whole_words`` (default 6) unexplained words; a target
  that misses a longer source entirely ("I'm not sure what to make of it." for a box score) needs two;
* the **sentence** rule reads the words that stay; the **leading-clause** rule reads the alignment as before.

Measured on every addition finding on the rated WMT21/22 outputs at main cba71f4 (287, all read:
``whole``/``invented`` in ``bench/data/addition-whole-read.jsonl``, the other rules read by the engineer who made
this change in ``bench/data/addition-rule-read.jsonl``; ``bench/addition_rules.py --score``), real / false alarm
before → after (debatable left out): ``whole`` 44/124 → 34/10, ``invented`` 8/18 → 6/1, ``run`` 20/8 → 18/1,
``sentence`` 6/8 → 6/1, ``leading-clause`` 2/0, ``repetition`` 29/0, ``bracket`` 1/0, ``repeated-sentence`` 6/0 and
``neighbour`` 6/0 unchanged; all rules 122/158 (43.6 %) → 108/13 (89.3 %); WMT21 61.5 % → 90.2 %, WMT22 33.0 % →
88.3 %. The thresholds were chosen on that reading (seen data). Real findings lost: short sources with a short
hallucination ("I will never forget the way you run." for 後は受験に向けて頑張ってください, "It's the first time I've
ever done that.", "Selling them secondhand."), invented targets of three words ("… referring to other
documentaries" for でしょうか), and long sources where a few words of a hallucination are explained after all
("This is the first time I've ever seen a player in the top flight of a team." for a transfer headline). Relaxing
the share for long sources (half the words, known weight ≥ 15) would bring back 5 real findings with 3 false alarms:
not done. ``bench/meaning.py``: WMT references flagged 13 → 2 of 1005 and 33 → 8 of 2008; labelled additions
lost: 2 of the rows written before the code (15 → 13: "I will never forget the way you run.", "… other
documentaries") and 1 written after it (2 → 1: "it's true that it's a slug.").

With ``e5_max_similarity`` set (e.g. 0.81; off by default: one embedding pair, about 0.14 s on a 2-core machine,
only for a unit the ``whole`` or ``invented`` rule flags), the bundled multilingual-e5-small must agree: when the
cosine of source and target is above it, those two rules stand down (the other rules still read the unit) — a
complete rendering the dictionary cannot link ("May he rest in peace." for 謹んでご冥福をお祈り致します, "don't
you have too much time off?" for ちょっとお休みが多すぎませんか？, "Finished with hot cheese!" for
アツアツチーズをかけて完成!), where an MT hallucination reads far from its source ("I'm not sure what to make of
it." for a baseball result: 0.72). Read on every ``whole``/``invented`` finding on the rated WMT21/22 outputs
(198 findings of 287 addition findings at main c580070, all read: ``bench/data/addition-whole-read.jsonl``):
52 real, 142 false alarms, 4 debatable; at 0.81, 39 real and 6 false alarms lie at or below it, and once
``whole`` stands down the invented-sentence rule still reports 2 real findings and 1 false alarm: 41 real and 7
false alarms stay (precision 27 % → 85 %, 11 of 52 real findings lost; WMT21 52 % → 93 %, WMT22 15 % → 72 %). The random
sample of ``bench/data/meaning-findings.jsonl`` (``bench/meaning_findings.py``): WMT21 57 % → 80 % (8/8 real
kept, 2/6 false alarms left), WMT22 30 % → 100 % (2/3 real kept: "I'm not sure how to fix this problem." for
FlashBIOSが終わらない助けて reads 0.84). The threshold was chosen on that reading (seen data); the lead's
first measurement (≤ 0.803 for 6 of 11 real, ≥ 0.814 for all 13 false) pointed to it. Switched on at 0.81,
``bench/meaning.py`` (c580070): WMT references flagged 13 → 5 of 1005 and 33 → 7 of 2008, τ 0.20 → 0.34 (WMT21)
and 0.10 → 0.20 (WMT22); but 3 labelled additions are lost (rows written before the code 15 → 14: "… other
documentaries" for でしょうか, 0.84; rows written after it 2 → 1: "it's a slug", 0.81; fourth held-out set 5 → 4:
"JavaScript seems to be disabled" twice, 0.85): e5 reads a fluent sentence that shares a few words with its
source as close to it. Hence off by default. The veto is read after the wider evidence and the short-source
requirement above, which leave 40 of those 52 real findings and 11 of the 142 false alarms (plus 1 debatable): at
0.81 it would keep 33 real and 1 false alarm (7 more real findings lost for 10 false alarms), asked for about 50
units of WMT21/22 instead of 198. Still off by default.

A Latin-script source word that the analysis found only inside a target word (``R`` in *sure*) counts as
uncovered (:func:`review_app.checks.clauses.strict_status`).

English number words (*seven*, *twice*) are explained by the source's numerals. The thresholds were chosen on the
WMT21/22 professional references (≤ 2 % of their segments flagged) and the labelled rows written before the code
(``bench/meaning.py``: 14 of 22 additions found, no false alarm): a professional translation adds many words a
dictionary cannot trace (explanations, idiomatic renderings), so only long runs, invented sentences and whole
targets are reported.

A *n't* of the target renders a negation of the source (通じないの → "don't know"): it is not an unexplained
word when the source negates.

Measured on WMT21/22 (``bench/meaning.py``): the loop and bracket rules flag no professional reference and 21
system outputs, all of them loops or invented labels read one by one (Online-G's "…I love it!!!!!!!!!!!"
hallucinations, "Sakuma Town," twenty times, "Susumu" 66 times, 【wigs2you】); labelled rows: tuning 14/0/8 →
15/0/7, third held-out set 1/1/2 → 3/0/0. The loop test costs about 13 µs a unit (a word count spares 97 % of
the targets).

After the dictionary rules, for a unit they leave alone: **month** — a month the target names for a day the source
gives alone (ポスコインターナショナルは12日 → "POSCO International announced on April 12"; 【ワシントン共同】…は２４日 →
"Washington, May 24 (Upi) --"): MT that completes a date with a month it guesses. The target's "Month D" (or "D
Month") has a day D that the source writes as D日 (not a length, 12日間, nor a count, 3日目), the source names no
month (7月, ７／１５, 今月, 同月, 下旬, a month's name), and no other source of its document names that month (the
month may come from an earlier sentence: 8月 there, "August 20th" here, is the document's). The date checks
(:mod:`review_app.checks.dates`) accept a month beside a day the source gives alone and report a date that is not in
the source at all, so the two do not report one date twice. ``month`` (default true) switches it off. Measured on
WMT21/22 (``bench/meaning.py``; rated outputs, AIST left out, each document one file): 127 system findings no other
rule makes (85 WMT21, 42 WMT22; Online-W 46, Illini 24, Online-G 20: WMT21's July 2020 articles get March, April,
May …); references flagged 2 → 2 of 1005 and 8 → 11 of 2008 (the translator added the article's month: "on December
12" for １２日); labelled additions of the seen held-out sets 21 → 23 of 35 (September 9, April 12). Twenty findings
drawn at random (seeds 40201/40202, ``bench/data/addition-specifics-read.jsonl``) read before scoring: 18 real, 2
debatable (the month the reference names too), no false alarm. It costs the check's DA gap: a guessed month is a real
error that the raters marked down little (WMT21 gap 23.4 → 12.5 points, AUC 0.685 → 0.608; WMT22 36.7 → 35.9, 0.809
→ 0.803), while τ(z) ranks the systems closer to the raters (0.421 → 0.56, 0.151 → 0.317).

Then **doubled** — a stretch of six words and marks, three content words among them, that the target says twice
where the source says it once (:func:`_doubled`): MT that renders a sentence or a clause and then renders it again,
whatever the sentence count, which the loop rule (three repeats) and the repeated-sentence rule (more sentences
than the source) leave alone ("I bet there are a lot of people who think, "Why not Zelda? I'm sure there are a lot
of people who think, "Why not Zelda?"). Not reported when the source says something three times itself, when a
content word of the stretch renders a word the source has twice (県産ニンニクを使う…、県産米を使う… → "which uses
prefecture-produced" twice: parallel clauses), or when the second one is in brackets the source has too
(国土交通省（国交省） → the ministry's full name twice). ``doubled_tokens`` (default 6; 0 switches it off). On WMT21/22
(``bench/meaning.py``) it adds 20 system findings (3 of them the repeated-sentence rule now reports first) and no
reference finding (2 and 11 as before); all 20 were read
while its conditions were written (seen data, ``bench/data/addition-specifics-read.jsonl``): 17 real (Online-W's
sentences said twice, Illini's and movelikeajaguar's hallucinated loops), 2 false alarms (an explicitation, "the
number of patents registered in China" for 中国の; two titles rendered alike), 1 debatable; the eighth held-out set's
camphor tree row (seen) is now found. τ(z) 0.56 → 0.609 (WMT21) and 0.317 → 0.326, DA gap 12.5 → 11.9 and 35.9 →
35.6 (the raters marked Online-W's doubled sentences down little).

A **leading-clause** finding also comes from a clause the target puts before a quotation that the source gives bare
(the whole source one 「…」): "I'd like you to say something like, "You don't know anything about me, OP, …" for
「OPさんの事何も知らないくせに悪口言わないで！」 — the text before the target's first quotation mark ends with a comma
or a colon and has two content words or more, none of which the source explains read wider (:func:`_quote_framing`).
On WMT21/22 it adds 2 system findings (the seventh held-out set's row, seen, and "Builder Guan Yu:"), both real, and
no reference finding.

Last, across units: **neighbour** — for a unit none of the rules above reports, a run of target content words
its own source does not account for, at least ``neighbour_words`` (default 5) distinct ones of which — and 60 % of
the run — the previous or the next unit's source of the same document does (:meth:`Addition._neighbour`): MT that
translates with its neighbours' context carries their words over (Online-W's "On the other hand, Yamatsuri Town
experienced an "unexpected disaster" …" taken from the sentence before; "… (approximately 17,700 The schedule for
the deployment of hydrogen stations, the core infrastructure, is as follows." taken from the sentence after). A
labelled segment row is checked alone, so the labelled figures do not measure it; on WMT21/22 (each document one
file) it flags no reference and 6 system outputs not reported otherwise, all Online-W's and all real by reading
(14 with those the other rules report too).

A shorter carried run is reported when it opens the target (it starts at one of the target's first two content
words): ``neighbour_lead_words`` (default 3; 0 switches it off) distinct words, which the wider look at the unit's
own source does not explain either, which the neighbour's source explains without the kanji and katakana words the
two sources share (男女 and 独占 in both), and after which the target goes on to render its own source (two explained
content words): Online-W's "No matter how cheap they are, they will not buy such products, and will seek "Japanese
quality" products …" (the sentence before says いくら安くてもそのような商品は購入できない), "I decided to use the money
to buy a DVD player." (そこで僕は決めたよ、このお金を使って、 before DVDプレイヤーを買おう、って。). On WMT21/22 it
adds 6 system findings, all Online-W's and all real by reading (``bench/data/addition-recall-read.jsonl``), and no
reference finding (the professional headline "Dominating the Boys' and Girls' Singles" for 男女個人戦も独占 was one
until the last two conditions).

A later sentence whose three or more content words all occur in an earlier one of about the same size (at most one
word more) is a repeat too (Online-W's "But I was mentally cured (?), so I was very motivated. I was mentally cured
(?), so I was very motivated."); a source end mark right before a closing round bracket (治って（？）たから) ends no
source sentence, and a target period after an abbreviation (No. 4, Mr., Ms.), an initial (F. Lopez) or a list number
at the start (3. Lost in the Woods) ends no target sentence. On WMT21/22 that adds 1 system finding (real) and no
reference finding.

The repeated-sentence rule, the leading-clause rule and the sentence count that ignores an end mark inside a
quotation were written after the fourth held-out set's additions had been read (set ``after-code-4``: 2/1/3 →
5/1/0, tuned on it); measured on WMT21/22 (``bench/meaning.py``) they add no reference finding (14 and 34 as
before) and 8 system findings, all read and real: Online-W's renderings said twice (the Kojihara bridge, the
hydrogen price, "Hakobune", Mika Kuroda, the disaster headline), Online-G's Bizen ware, the invented Tamano
sentence and the invented leading clause; rejected while measuring: a repeat of a source that says two parallel
things (Nagano's two travel advisories) and a fronted clause with a name ("Due to the late arrival of Kendrick
Nan, …").

The finding's ``target_span`` covers the unexplained run (for a loop: the second to the last repeat) and the
message quotes it; ``kind`` names the rule: ``repetition``, ``bracket``, ``repeated-sentence``, ``run``, ``whole``
(a target that says something else), ``sentence`` (an invented sentence), ``leading-clause``, ``invented``, ``month``,
``doubled``, ``gloss`` or ``neighbour`` (with ``neighbour``, the id of the unit whose source the words render).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from review_app.checks.base import CheckContext, Issue, Unit
from review_app.checks.meaning import EN_STOP, Digest, MeaningCheck, target_words
from review_app.errors import InputError
from review_app.models import Severity


class Addition(MeaningCheck):
    check_id = "addition"
    name = "Target words not in the source"
    description = ("Target content words that nothing in the source accounts for: an invented clause or a "
                   "target that says something else. Reports the added span; expected only what the source "
                   "says.")

    def check_document(self, ctx: CheckContext) -> Iterator[Issue]:
        """:meth:`check` on each unit, then, for a unit it does not report, the words its neighbours' sources
        account for (:meth:`_neighbour`)."""
        at = {id(u): n for n, u in enumerate(ctx.units)}
        min_words = int(ctx.config.option(self.check_id, "neighbour_words", 5))
        months: dict[object, frozenset[int]] = {}  # the months the sources of each document name (read lazily)
        for unit in ctx.analyses.checkable:
            found = list(self._check(unit, ctx, functools.partial(_document_months, ctx, months, unit)))
            if found:
                yield from found
            elif min_words > 0:
                yield from self._neighbour(unit, ctx, at.get(id(unit)), min_words,
                                           int(ctx.config.option(self.check_id, "neighbour_lead_words", 3)))

    def _neighbour(self, unit: Unit, ctx: CheckContext, n: int | None, min_words: int, lead_words: int = 3
                   ) -> Iterable[Issue]:
        """A stretch of the target that renders the previous or the next unit's source (same document) and not its
        own: an MT that translates with its neighbours' context carries their words over ("On the other hand,
        Yamatsuri Town experienced an "unexpected disaster" in which a bridge was washed away." for 教訓を忘れない
        ために２０２１年から町独自の取り組みを始めた, whose previous sentence says it). A run of the target's content
        words that nothing in its own source accounts for (function words between them do not break it), at least
        ``neighbour_words`` (default 5) distinct words of it accounted for by the neighbour's source, and those at
        least 60 % of the run. The neighbour's words are matched as the unit's own are
        (:func:`review_app.checks.meaning.analyse`), only for a unit with such a run of its own."""
        if n is None:
            return
        target = unit.target or ""
        d: Digest = ctx.analyses.meaning.of(unit)
        if not ctx.analyses.neighbours.suspected(n, d, target, min_words, lead_words):
            return  # (the necessary condition below, decided once for the unit)
        need = min(min_words, lead_words) if lead_words > 0 else min_words
        if len(d.unexplained) < need or len(_longest_run(d.unexplained, target)) < need:
            return
        from review_app.checks.meaning import analyse

        doc = unit.meta.get("document") if unit.meta else None
        own = set(d.unexplained)
        content = content_spans(target)
        lead = set(content[:2])  # a run that opens the target: MT that starts with its neighbour's sentence
        opening, longest = _own_runs(content, own)
        if opening < need and longest < min_words:
            return  # no run long enough for the loop below (a necessary condition, before any analysis)
        for k, where in ((n - 1, "previous"), (n + 1, "next")):
            if not 0 <= k < len(ctx.units):
                continue
            other = ctx.units[k]
            if (other.meta.get("document") if other.meta else None) != doc or not other.source.strip():
                continue
            if other.source == unit.source:
                continue
            theirs = ctx.analyses.neighbours.unexplained(n, k, other, target, own)
            best: list[tuple[int, int]] = []
            cur: list[tuple[int, int]] = []
            for sp in content:
                cur = [*cur, sp] if sp in own else []
                carried = [x for x in cur if x not in theirs]
                enough = need if cur and cur[0] in lead else min_words
                if (len({target[a:b].lower() for a, b in carried}) >= enough and len(carried) >= 0.6 * len(cur)
                        and len(carried) > len(best)):
                    best = carried
            if best and len({target[a:b].lower() for a, b in best}) < min_words:
                # a short run that opens the target: its words must stay unexplained by the wider look at its own
                # source too (兵学者 explains "scholar of military science" that the next sentence's 兵学 repeats)
                kept = set(_still_unexplained(unit.source, target, tuple(best)))
                # and be accounted for by what the neighbour says that its own source does not (男女 and 独占 in
                # both sources: "Dominating the Boys' and Girls' Singles" for 男女個人戦も独占 is a loose rendering)
                rest = _WORDS_JA.sub(functools.partial(_blank, frozenset(_WORDS_JA.findall(unit.source))),
                                     other.source)
                theirs_only = set(analyse(Unit(id=other.id, source=rest, target=target)).unexplained)
                kept = {sp for sp in kept if sp not in theirs_only}
                # and the target go on to render its own source (two explained words after the run): a short
                # target none of whose words the source explains is a loose rendering as often as a carried one
                after = sum(sp not in own for sp in content if sp[0] >= best[-1][1]) if best else 0
                best = best if after >= 2 and len({target[a:b].lower() for a, b in best if (a, b) in kept}) >= need \
                    else []
            if best:
                span = (best[0][0], best[-1][1])
                yield self.issue(
                    unit, f"the target's {target[span[0]:span[1]]!r} has no counterpart in the source; its words "
                          f"render the {where} segment's source ({other.source[:40]!r}…, unit {other.id}): text "
                          "carried over from a neighbouring segment; expected only what the source says",
                    target_span=span, kind="neighbour", neighbour=other.id)
                return

    def check(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        return self._check(unit, ctx, frozenset)

    def _check(self, unit: Unit, ctx: CheckContext, context_months: Callable[[], frozenset[int]]
               ) -> Iterable[Issue]:
        """The unit's rules; ``context_months`` gives the months its document's sources name (an invented month is
        not reported when the document gives it: the day's month may come from an earlier sentence)."""
        target = unit.target or ""
        loop = _loop(unit.source, target, int(ctx.config.option(self.check_id, "min_repeats", 3)))
        if loop is not None:
            (start, end), text, times = loop
            yield self.issue(
                unit, f"the target repeats {text!r} {times} times (an MT loop) where the source says it once; "
                      "expected only what the source says", target_span=(start, end), kind="repetition")
            return
        bracket = _invented_bracket(unit.source, target)
        if bracket is not None:
            yield self.issue(
                unit, f"the target's {target[bracket[0]:bracket[1]]!r} has no counterpart in the source (a "
                      "bracketed label the source does not have); expected only what the source says",
                target_span=bracket, kind="bracket")
            return
        again = _repeated_sentence(unit.source, target, int(ctx.config.option(self.check_id, "repeat_words", 5)),
                                   float(ctx.config.option(self.check_id, "repeat_share", 0.75)))
        if again is not None:
            (start, end), first = again
            yield self.issue(
                unit, f"the target's {target[start:end]!r} says again what its sentence {first!r} says, where the "
                      "source says it once (a near-repeated sentence); expected only what the source says",
                target_span=(start, end), kind="repeated-sentence")
            return
        d: Digest = ctx.analyses.meaning.of(unit)
        found = self._dictionary_found(unit, ctx, d)
        if found is None and "日" in unit.source and bool(ctx.config.option(self.check_id, "month", True)):
            month = _invented_month(unit.source, target)
            if month is not None and month[1] not in context_months():
                (start, end), number, day = month
                found = self.issue(
                    unit, f"the target's {target[start:end]!r} names a month ({_MONTH_NAMES[number - 1]}) that the "
                          f"source does not give (it says {day}: the day only, and no month); expected only what "
                          "the source says (the day alone, or the month only if it is known)",
                    target_span=(start, end), kind="month")
        if found is None and len(target) >= 40:
            doubled = _doubled(unit.source, target, int(ctx.config.option(self.check_id, "doubled_tokens", 6)))
            if doubled is not None:
                (start, end), _first = doubled
                found = self.issue(
                    unit, f"the target says {target[start:end]!r} a second time where the source says it once (a "
                          "stretch said twice); expected only what the source says",
                    target_span=(start, end), kind="doubled")
        if found is None and "「" in unit.source:
            framing = _quote_framing(unit.source, target)
            if framing is not None:
                found = self.issue(
                    unit, f"the target's {target[framing[0]:framing[1]]!r} has no counterpart in the source (a "
                          "framing clause before a quotation the source gives bare); expected only what the source "
                          "says", target_span=framing, kind="leading-clause")
        if found is None:
            gloss = _gloss(unit.source, target, int(ctx.config.option(self.check_id, "gloss_words", 2)))
            if gloss is not None:
                (start, end), term = gloss
                found = self.issue(
                    unit, f"the target's {target[start:end]!r} explains {term!r} (a romanised word of the source) "
                          "where the source has no such explanation (an added gloss); expected only what the "
                          "source says", target_span=(start, end), severity=Severity.MINOR, kind="gloss")
        if found is not None:
            yield found

    def _dictionary_found(self, unit: Unit, ctx: CheckContext, d: Digest) -> Issue | None:
        """The dictionary rules' finding (:meth:`_dictionary_rules`) on the words the alignment leaves unexplained,
        a target *n't* that renders a source negation left out; None when there is none."""
        target = unit.target or ""
        if not d.unexplained:
            return None
        unexplained, content = d.unexplained, d.target_content
        if d.negations:  # "don't" renders the source's negation (通じないの → "don't know")
            unexplained = tuple(sp for sp in unexplained if not target[sp[0]:sp[1]].lower().endswith("n't"))
            content -= len(d.unexplained) - len(unexplained)
            if not unexplained:
                return None
        return self._dictionary_rules(unit, ctx, d, unexplained, content)

    def _dictionary_rules(self, unit: Unit, ctx: CheckContext, d: Digest, raw: tuple[tuple[int, int], ...],
                          content: int) -> Issue | None:
        """The run, whole, invented, sentence and leading-clause rules on ``raw`` (the target content words the
        alignment leaves unexplained, of ``content``). When the run, whole, invented or sentence rule would fire on
        them, the wider evidence of :func:`_still_unexplained` decides (``unexplained`` below)."""
        target = unit.target or ""
        option = ctx.config.option
        min_run = int(option(self.check_id, "min_run", 9))
        min_share = float(option(self.check_id, "min_share", 0.75))
        min_words = int(option(self.check_id, "min_words", 2))
        min_src_uncovered = float(option(self.check_id, "min_source_uncovered", 0.8))
        min_src_weight = float(option(self.check_id, "min_source_weight", 4.5))
        invented_words = int(option(self.check_id, "invented_words", 4))
        invented_ratio = float(option(self.check_id, "invented_ratio", 3.5))
        sentence_words = int(option(self.check_id, "sentence_words", 3))
        best = _longest_run(raw, target) if len(raw) >= min_run else []
        # Latin words found only inside a target word (R in "sure") count as uncovered
        latin = d.strict.latin if d.strict is not None else 0.0
        src_uncovered = (d.uncovered + latin) / d.total if d.total else 1.0
        share = len(raw) / content if content else 0.0
        whole = (len(raw) >= min_words and share >= min_share and src_uncovered >= min_src_uncovered
                 and d.total >= min_src_weight)
        # a short source and a much longer target none of whose content words it explains (an MT hallucination:
        # "It's a great app, but I can't wait to see how it works." for 投稿、ありがとうございます。)
        ratio = len(target) / len(unit.source) if unit.source else 0.0
        strict = d.strict
        invented_raw = (not whole and strict is not None and len(raw) >= invented_words and len(raw) == content
                        and ratio >= invented_ratio and strict.uncovered >= strict.total)
        unexplained = raw
        extra = _added_sentence(unit.source, target, raw, sentence_words) if (
            len(best) < min_run and not whole and not invented_raw and len(raw) >= sentence_words) else []
        wider = len(best) >= min_run or whole or invented_raw or bool(extra)
        if wider:
            # a rule would fire on the alignment alone: look wider before reporting
            unexplained = _still_unexplained(unit.source, target, raw)
            if best:
                kept = set(unexplained)
                if sum(sp in kept for sp in best) < float(option(self.check_id, "run_share", 0.75)) * len(best):
                    best = _longest_run(unexplained, target) if len(unexplained) >= min_run else []
                    best = best if len(best) >= min_run else []
            share = len(unexplained) / content if content else 0.0
            # a short source (little to find in the target) needs more unexplained words: 駄文すいません → "I'm
            # sorry." is a paraphrase the dictionary cannot link, where a target of six unexplained words or a
            # source of two verbs and four nouns that the target misses entirely says something else
            whole = whole and len(unexplained) >= min_words and share >= min_share and (
                d.total >= float(option(self.check_id, "whole_weight", 10.0))
                or len(unexplained) >= int(option(self.check_id, "whole_words", 6)))
        invented = invented_raw and len(unexplained) >= invented_words and share >= min_share
        e5 = None
        if (whole or invented) and len(best) < min_run:
            e5 = _e5_cosine(unit.source, target, option(self.check_id, "e5_max_similarity", None))
            if e5 is not None and e5[0] > e5[1]:
                whole = invented = False  # the sentence embeddings say the target renders the source
                e5 = None
        if wider:
            extra = _added_sentence(unit.source, target, unexplained, sentence_words) if (
                len(best) < min_run and not whole and not invented and len(unexplained) >= sentence_words) else []
        lead_words = int(option(self.check_id, "lead_words", 5))
        lead = _leading_clause(target, raw, lead_words) if (
            len(best) < min_run and not whole and not invented and not extra and len(raw) >= lead_words
            and src_uncovered <= float(option(self.check_id, "lead_source_uncovered", 0.5))) else []
        if lead and _opens_with_rendering(unit, lead[-1][1]):
            return self.issue(
                unit, f"the target's {target[lead[0][0]:lead[-1][1]]!r} has no counterpart in the source (an "
                      "invented leading clause before the rendering of the source); expected only what the source "
                      "says", target_span=(lead[0][0], lead[-1][1]), kind="leading-clause")
        if len(best) < min_run and not whole and not invented and not extra:
            return None
        run = best if len(best) >= min_run else list(unexplained) if whole or invented else extra
        span = (run[0][0], run[-1][1])
        why = f"; the target is {ratio:.1f}× the source's length and renders none of its words" if (
            invented and len(best) < min_run) else ""
        if e5 is not None and len(best) < min_run and (whole or invented):
            why += f"; the e5 cosine of source and target is {e5[0]:.3f} (≤ {e5[1]:g})"
        return self.issue(
            unit, f"the target's {target[span[0]:span[1]]!r} has no counterpart in the source "
                  f"({len(unexplained)} of {content} target content words unexplained){why}; expected "
                  "only what the source says",
            target_span=span, unexplained=round(share, 2),
            kind="run" if len(best) >= min_run else "whole" if whole else "invented" if invented else "sentence")


_SOURCE_END = re.compile(r"[。．！？!?]+(?![）)])(?=[」』）)\s]*[^。．！？!?」』）)\s])")
"""A sentence end of the source that another sentence follows: an end mark, then closing brackets or spaces, then
a character that is not one of them (「どんなときに楽しい ？ 」。 is one sentence, not two); an end mark right before a
closing round bracket ends none (治って（？）たから)."""
_NOT_AN_END = (r"(?<!\bNo\.)(?<!\bno\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bvs\.)(?<!\bMrs\.)"
               r"(?<!\bNos\.)(?<!\bJr\.)(?<!\bSr\.)(?<!\b[A-Z]\.)(?<!^\d\.)(?<!^\d\d\.)")
"""Periods that end no sentence: an abbreviation (No. 4, Mr., Ms.), an initial (F. Lopez), a list number (3. at the
start)."""
_TARGET_END = re.compile(r"(?<=[.!?])" + _NOT_AN_END + r"[\"'”’)]*\s+(?=[\"'“‘(]*[A-Z0-9])")


@functools.lru_cache(maxsize=64)
def _cuts(target: str) -> tuple[int, ...]:
    """Where the target's sentences end (:data:`_TARGET_END`), read by the sentence and the repeated-sentence rules
    of one unit."""
    return tuple(m.end() for m in _TARGET_END.finditer(target))


@functools.lru_cache(maxsize=64)
def _source_ends(source: str) -> int:
    """How many sentence ends of the source another sentence follows (:data:`_SOURCE_END`)."""
    return len(_SOURCE_END.findall(source.strip()))


def _added_sentence(source: str, target: str, spans: tuple[tuple[int, int], ...], min_words: int
                    ) -> list[tuple[int, int]]:
    """The content words of a target sentence that nothing in the source accounts for, all of them, when the
    target has more sentences than the source (an invented sentence: "No returns or exchanges." after a product
    name); else []."""
    if min_words <= 0 or not spans:
        return []
    cuts = _cuts(target)
    if not cuts or len(cuts) + 1 <= _source_ends(source) + 1:
        return []
    unexplained = set(spans)
    bounds = [0, *cuts, len(target)]
    content = content_spans(target)
    for a, b in itertools.pairwise(bounds):
        words = [sp for sp in content if a <= sp[0] < b]
        if len(words) >= min_words and all(sp in unexplained for sp in words):
            return words
    return []


_CLAUSE_END = re.compile(r"[,;:]\s|(?<=[.!?])" + _NOT_AN_END + r"[\"'”’)]*\s+(?=[\"'“‘(]*[A-Z0-9])")


def _leading_clause(target: str, spans: tuple[tuple[int, int], ...], min_words: int) -> list[tuple[int, int]]:
    """The content words of the target's first clause (up to its first comma, semicolon, colon or sentence end)
    when there are at least ``min_words`` of them and nothing in the source accounts for any, and the rest of the
    target has at least ``min_words`` content words of its own: an invented opening before the rendering of the
    source ("I've been living in the same prefecture for less than 30 years since I was born, and when I used the
    word …"). Else []."""
    m = _CLAUSE_END.search(target)
    if m is None or min_words <= 0:
        return []
    content = content_spans(target)
    head = [sp for sp in content if sp[1] <= m.start()]
    if len(head) < min_words or len(content) - len(head) < min_words:
        return []
    if any(target[a].isupper() for a, _e in head[1:]):
        return []  # a name in it (Due to the late arrival of Kendrick Nan, …) renders the source's name
    unexplained = set(spans)
    return head if all(sp in unexplained for sp in head) else []


def _opens_with_rendering(unit: Unit, clause_end: int) -> bool:
    """Whether the source's first word with anything to look for (a dictionary gloss, a reading) is rendered, after
    ``clause_end`` in the target: the target's first clause then comes before the rendering of the source's start,
    and cannot be an idiomatic rendering of it (現在、リハビリ中ですが → "I'm currently undergoing physical therapy,
    but …" leaves リハビリ uncovered by the dictionary: not reported). Reads the word-level evidence again, for the
    few units the leading-clause rule suspects (:func:`review_app.checks.meaning.analyse`; the source side is
    cached)."""
    from review_app.checks.meaning import COVERED, UNKNOWN, analyse

    first = next((w for w in analyse(unit).words if w.status != UNKNOWN), None)
    return (first is not None and first.status == COVERED and first.target_span is not None
            and first.target_span[0] >= clause_end)


def _sentences(target: str) -> list[tuple[int, int]]:
    """The target's sentences as spans (cut where :data:`_TARGET_END` sees a sentence end)."""
    bounds = [0, *_cuts(target), len(target)]
    return [(a, b) for a, b in itertools.pairwise(bounds) if target[a:b].strip()]


def _repeated_sentence(source: str, target: str, min_words: int = 5, min_share: float = 0.75
                       ) -> tuple[tuple[int, int], str] | None:
    """A target sentence that says again what an earlier one says, when the target has more sentences than the
    source, or an earlier sentence that a later one says again (at least ``min_words`` of its content words,
    :data:`_CONTAINED` of them in the later one) when it has as many (an MT that renders a sentence and then renders
    it again in other words: "Bizen ware is scheduled to
    be delivered to residents of Okayama City Yurakuen … 40 pieces of Bizen ware will be delivered to the
    residents of Okayama City Yurakuen."): at least ``min_words`` of its content words (loose stems, see
    :func:`review_app.checks.meaning.stem`; English function words left out) occur in the earlier sentence, and
    they make at least ``min_share`` of its content words. Returns (the later sentence's span, the earlier
    sentence) or None. A loop of identical words is :func:`_loop`'s; two sentences that share a name and a verb
    are not this, nor two that render a source that says two parallel things about two sets of names (山梨・宮崎・
    沖縄への往来の際は「慎重に行動を」 東京・大阪などへの往来は「慎重に判断を」 → "… when traveling to and from
    Yamanashi, Miyazaki, Okinawa, etc. … when traveling to and from Tokyo, Osaka, etc."): a capitalised word inside
    the later sentence that the earlier one lacks is new information, not a repeat."""
    if min_words <= 0 or len(target) < 40 or not _cuts(target):
        return None  # (no sentence end inside: one sentence)
    spans = _sentences(target)
    ends = _source_ends(source)
    if len(spans) < 2 or len(spans) < ends + 1:
        return None
    more = len(spans) > ends + 1  # more sentences than the source; else only an earlier sentence said again below
    from review_app.checks.meaning import stem

    bags = [{stem(w) for w, _s, _e in target_words(target[a:b]) if w.lower() not in EN_STOP and len(w) >= 3}
            for a, b in spans]
    for j in range(1, len(spans)):
        later = bags[j]
        if len(later) < min(3, min_words):
            continue
        a, b = spans[j]
        names = {stem(w) for w, s, _e in target_words(target[a:b]) if s > 0 and w[0].isupper() and len(w) >= 3}
        for i in range(j):
            shared = len(later & bags[i])
            same = shared == len(later) and len(later) >= min(3, min_words) and len(bags[i]) <= len(later) + 1
            if more and (same or (shared >= min_words and shared >= min_share * len(later))) and names <= bags[i]:
                text = target[a:b].rstrip()
                return (a, a + len(text)), target[spans[i][0]:spans[i][1]].strip()
            # the earlier sentence said again inside a later one, as many sentences as the source or more (The
            # federation says, "All of our products make use of local resources. The federation says, "All of our
            # products are made using local resources, and we would like …)
            if len(bags[i]) >= min_words and shared >= _CONTAINED * len(bags[i]):
                text = target[spans[i][0]:spans[i][1]].rstrip()
                return (spans[i][0], spans[i][0] + len(text)), target[a:b].strip()
    return None


_CONTAINED = 0.8
"""The share of an earlier sentence's content words that a later one must say again (:func:`_repeated_sentence`)."""


def _e5_cosine(source: str, target: str, threshold: object) -> tuple[float, float] | None:
    """(the bundled multilingual-e5-small cosine of ``source`` and ``target``, the threshold) when ``threshold``
    (``e5_max_similarity``) is set, else None. Above the threshold the ``whole`` and ``invented`` rules stand down:
    a complete rendering the dictionary cannot link ("May he rest in peace." for 謹んでご冥福をお祈り致します).
    Off (None) by default; one pair embedded only for a unit those rules flag (about 0.14 s on a 2-core
    machine)."""
    if threshold is None:
        return None
    try:
        limit = float(threshold)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        limit = float("nan")
    if not 0.0 < limit < 1.0:
        raise InputError(f"[options.addition] e5_max_similarity must be a number between 0 and 1 (e.g. 0.81), got "
                         f"{threshold!r}; fix it in the config, or remove it to switch the e5 veto off")
    from review_app.checks import similarity

    return similarity.cosine_pairs([(source, target)])[0], limit


_WORDS_JA = re.compile(r"[一-龯々ァ-ヺー]{2,}")


def _blank(shared: frozenset[str], m: re.Match[str]) -> str:
    """A kanji or katakana word of a neighbour's source left out (・) when the unit's own source has it too."""
    return "・" if m.group() in shared else m.group()

_SKIP_POS = frozenset(["助詞", "助動詞", "補助記号", "記号", "空白"])
_GENERIC_VERBS = frozenset(["為る", "有る", "居る", "成る"])
"""Light verbs whose glosses are too generic to explain a target word (為る: do, make, cause, work, wear, …)."""
_KATAKANA_TOKEN = re.compile(r"[\u30a1-\u30fa\u30fc]+")
_KANA = re.compile(r"[\u3041-\u309f\u30a1-\u30fa\u30fc]+")


@dataclass(frozen=True, slots=True)
class _Wider:
    stems: frozenset[str]
    keys: frozenset[str]
    romaji: frozenset[str]
    skeletons: tuple[str, ...]


def _norm_romaji(text: str) -> str:
    """A romanised word folded so that spellings of one reading meet: letters only, m before b/p as n
    (Shimbun, shinbun), long vowels single (Koushien, Koshien; Yuudai, Yudai)."""
    w = re.sub(r"[^a-z]", "", text.lower())
    w = re.sub(r"m(?=[bp])", "n", w)
    w = re.sub(r"oh(?![aeiou])", "o", w.replace("ou", "o"))
    return re.sub(r"([aeiou])\1+", r"\1", w)


@functools.lru_cache(maxsize=1024)
def _wider(source: str) -> _Wider:
    """What explains a target word beyond the content words' glosses (:mod:`review_app.checks.meaning`), from the
    whole source, once per source: the precise keys (:func:`review_app.checks.meaning.lemma_key`) of the glosses of
    every word the dictionary has, light words too (年 year, 時間 time, 思う think, 見る see; suffixes: 戦 game, 症
    disease; the most generic light verbs left out: :data:`_GENERIC_VERBS`; particles, auxiliaries and one-kana
    surfaces too: と, き have senses of their own), of each part of a compound (公式戦 "regular game" is also 公式
    "official") and of two to four tokens read together from a word (お + めでとう: おめでとう "congratulations"); a
    loanword's English origin as the parser gives it (チーズ-cheese: a katakana compound アツアツチーズ is looked up
    by sound as a whole); the romanised readings of one to four words in a row (新聞 Shimbun, 西日本 Nishinippon,
    キン肉マン Kinnikuman: romanised Japanese in the target renders the source); the consonant skeletons of the
    katakana words (ピザ ↔ pizza when the parser has no origin)."""
    from review_app.checks.entity_terms import romanise
    from review_app.checks.ja_tokens import nodes
    from review_app.checks.meaning import lemma_key, load_dictionary, stem
    from review_app.checks.names import kana_skeleton

    d = load_dictionary()
    side = d.sources.get(source)  # the analysis's parse of the source, while it is kept (else parsed again)
    toks, starts, ends = side.parse if side is not None and side.parse[0] else nodes(source)
    keys: set[str] = set()
    romaji: set[str] = set()
    skeletons: list[str] = []
    heads: set[str] = set()
    for i, n in enumerate(toks):
        if n[1] in _SKIP_POS:
            continue
        surf, lemma = n[0], n[3]
        head, _sep, origin = lemma.partition("-")
        kata = _KATAKANA_TOKEN.fullmatch(surf) is not None
        if origin and kata and origin.isascii():
            keys.update(lemma_key(w) for w in re.findall(r"[A-Za-z]+", origin))
        if kata and len(surf) >= 2:
            sk = kana_skeleton(surf)
            if len(sk) >= 2:
                skeletons.append(sk)
        if head not in _GENERIC_VERBS:
            heads.add(head)
            if len(surf) >= 2 or _KANA.fullmatch(surf) is None:
                heads.add(surf)
        # tokens read together from this one: dictionary words the parse splits (お + めでとう)
        text = surf
        for j in range(i + 1, min(i + 4, len(toks))):
            m = toks[j]
            if starts[j] != ends[j - 1] or m[1] in ("補助記号", "空白", "記号"):
                break
            text += m[0]
            heads.add(text)
    # romanised readings of one to four words in a row (西日本, 新聞, 西日本新聞社)
    for i, n in enumerate(toks):
        if n[1] in _SKIP_POS:
            continue
        kana = ""
        for j in range(i, min(i + 4, len(toks))):
            m = toks[j]
            if (j > i and starts[j] != ends[j - 1]) or m[1] in _SKIP_POS:
                break
            kana += m[14] or (m[0] if _KATAKANA_TOKEN.fullmatch(m[0]) else "")
            r = _norm_romaji(romanise(kana))
            if len(r) >= 3:
                romaji.add(r)
    keys.update(lemma_key(w) for h in heads for w in d.glosses.get(h, "").split())
    stems = {stem(k[1:]) for k in keys}
    stems.update(s for h in heads for s in d.stems(h))
    return _Wider(frozenset(stems), frozenset(keys), frozenset(romaji), tuple(skeletons))


def _still_unexplained(source: str, target: str, spans: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    """The target content words of ``spans`` that the wider evidence of :func:`_wider` does not explain either: read
    only for a unit a rule is about to report (the dictionary alignment of :mod:`review_app.checks.meaning` reads
    the source's content words only, and compares lower-case target words with no katakana word by sound). A
    target word is explained by a stem of those glosses (a hyphenated word by any part's: long-awaited), by a
    romanised reading of the source (Shimbun), or by the sound of a katakana word (cheese ↔ チーズ)."""
    from review_app.checks.meaning import _close, lemma_key, stem
    from review_app.checks.names import en_skeleton

    w = _wider(source)
    out = []
    for a, b in spans:
        word = target[a:b]
        parts = [word, *(p for p in word.split("-") if len(p) > 1)] if "-" in word else [word]
        if any(stem(p) in w.stems or lemma_key(p) in w.keys or (len(p) >= 3 and _norm_romaji(p) in w.romaji)
               for p in parts):
            continue
        sk = en_skeleton(word)
        if len(sk) >= 2 and any(_close(k, sk, 0.75) for k in w.skeletons):
            continue
        out.append((a, b))
    return tuple(out)


class Neighbours:
    """The target words that the previous and the next unit's sources leave unexplained, for
    :meth:`Addition._neighbour` (``ctx.analyses.neighbours``): computed right after a unit's own evidence, for a unit
    that meets the rule's necessary condition (:meth:`prepare`), while the neighbours' parses are still kept
    (the next unit's is then kept for its own evidence) — in the rule's own pass they are long gone and each was
    parsed again. Each answer is read once (:meth:`unexplained`) and computed there if it was not prepared."""

    __slots__ = ("_at", "_done", "_suspects", "_units", "lead_words", "min_words")

    _UNKNOWN, _NO, _YES = 0, 1, 2

    def __init__(self, units: Sequence[Unit], min_words: int, lead_words: int) -> None:
        self._units = units
        self._at = {id(u): n for n, u in enumerate(units)}
        self._done: dict[tuple[int, int], frozenset[tuple[int, int]]] = {}
        self._suspects = bytearray(len(units))
        """Per unit: whether :meth:`prepare` found it a suspect (_YES, _NO; _UNKNOWN if it did not see it)."""
        self.min_words, self.lead_words = min_words, lead_words

    @staticmethod
    def suspect(d: Digest, target: str, min_words: int, lead_words: int) -> bool:
        """Whether :meth:`Addition._neighbour` can report the unit of digest ``d`` (its necessary condition: a run
        of unexplained content words of ``need`` words that opens the target, or one of ``min_words`` anywhere;
        the longest run is :func:`_longest_run`'s)."""
        need = min(min_words, lead_words) if lead_words > 0 else min_words
        if len(d.unexplained) < need:
            return False
        content = content_spans(target)
        opening, longest = _own_runs(content, set(d.unexplained))
        return longest >= need and (opening >= need or longest >= min_words)

    def suspected(self, n: int, d: Digest, target: str, min_words: int, lead_words: int) -> bool:
        """:meth:`suspect` for unit ``n``, as :meth:`prepare` decided it when it saw the unit with these
        options."""
        seen = self._suspects[n] if 0 <= n < len(self._suspects) else self._UNKNOWN
        if seen == self._UNKNOWN or (min_words, lead_words) != (self.min_words, self.lead_words):
            return self.suspect(d, target, min_words, lead_words)
        return seen == self._YES

    def prepare(self, unit: Unit, d: Digest) -> None:
        """Analyse ``unit``'s target against its neighbours' sources if the rule can report it."""
        n = self._at.get(id(unit))
        target = unit.target or ""
        if n is None or self.min_words <= 0:
            return
        if not self.suspect(d, target, self.min_words, self.lead_words):
            self._suspects[n] = self._NO
            return
        self._suspects[n] = self._YES
        own = frozenset(d.unexplained)
        doc = unit.meta.get("document") if unit.meta else None
        for k in (n - 1, n + 1):
            if not 0 <= k < len(self._units):
                continue
            other = self._units[k]
            if (other.meta.get("document") if other.meta else None) != doc or not other.source.strip():
                continue
            if other.source != unit.source:
                self._done[(n, k)] = self._analyse(other, target, own)

    def unexplained(self, n: int, k: int, other: Unit, target: str, own: Iterable[tuple[int, int]]
                    ) -> frozenset[tuple[int, int]]:
        """The target spans of ``own`` (the words unit ``n``'s own source leaves unexplained in its ``target``) that
        unit ``k`` (``other``)'s source leaves unexplained too."""
        hit = self._done.pop((n, k), None)
        return self._analyse(other, target, own) if hit is None else hit

    @staticmethod
    def _analyse(other: Unit, target: str, own: Iterable[tuple[int, int]]) -> frozenset[tuple[int, int]]:
        """The spans of ``own`` that ``other``'s source leaves unexplained in ``target``: the alignment
        (:func:`review_app.checks.meaning.analyse`) of ``other``'s source with ``target`` reduced to the words of
        ``own`` (:func:`_only`; whether the source explains a target word depends on the word alone, and the rule
        reads no other), a few words instead of the whole target."""
        from review_app.checks.meaning import analyse

        return frozenset(analyse(Unit(id=other.id, source=other.source, target=_only(target, own))).unexplained)


def _only(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with everything outside ``spans`` (whole words of it, not overlapping) blanked by spaces: the
    words keep their offsets and are read alone."""
    parts: list[str] = []
    at = 0
    for a, b in sorted(spans):
        parts += (" " * (a - at), text[a:b])
        at = b
    parts.append(" " * (len(text) - at))
    return "".join(parts)


def _own_runs(content: Sequence[tuple[int, int]], own: set[tuple[int, int]]) -> tuple[int, int]:
    """(the run of ``own`` (unexplained) words among the target's content words ``content`` that opens the target,
    starting at the first or the second word — 0 if none —, the longest run anywhere): how :meth:`Addition._neighbour`
    reads runs. Its loop can report only an opening run of ``need`` words or any run of ``neighbour_words``, so a
    unit with neither is passed over before the neighbour's source is analysed."""
    opening = longest = cur = 0
    for k, sp in enumerate(content):
        cur = cur + 1 if sp in own else 0
        longest = max(longest, cur)
        if cur and cur == k + 1 - (0 if content[0] in own else 1):
            opening = cur
    return opening, longest


_CONTENT_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]+[A-Za-z]")
"""A word of three characters or more, as :func:`review_app.checks.meaning.target_words` reads words (a match of
its pattern starts at a run's first letter and ends at its last: those of three characters are these)."""


@functools.lru_cache(maxsize=256)
def content_spans(target: str) -> tuple[tuple[int, int], ...]:
    """The spans of the target's content words as this module's rules read them: the words of
    :func:`review_app.checks.meaning.target_words` of three characters or more that are not English function
    words (:data:`review_app.checks.meaning.EN_STOP`). The rules of one unit read them several times (the run, the
    sentence, the leading-clause and the neighbour rules): the last 256 targets are kept."""
    return tuple(m.span() for m in _CONTENT_WORD.finditer(target) if m.group().lower() not in EN_STOP)


def _longest_run(spans: tuple[tuple[int, int], ...], target: str) -> list[tuple[int, int]]:
    """The longest run of unexplained words with only function words and punctuation between them."""
    best: list[tuple[int, int]] = []
    cur: list[tuple[int, int]] = []
    content = content_spans(target)
    unexplained = set(spans)
    for sp in content:
        if sp in unexplained:
            cur.append(sp)
            if len(cur) > len(best):
                best = list(cur)
        else:
            cur = []
    return best


# -- MT loops and invented brackets: evidence of the target's own, before any dictionary -------------------------

_WORD3 = re.compile(r"[^\W\d_]{3,}")
_COMMON = frozenset(["the", "and", "for", "that", "with", "was", "are", "but", "this", "from", "has", "have",
                     "not", "you", "his", "her", "its", "which", "were", "who", "had", "will", "been", "they"])
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[^\w\s]")
_PUNCT_LOOP = re.compile(r"([!?！？])\1{4,}")
_MAX_TOKENS = 4000


@functools.lru_cache(maxsize=64)
def _word_counts(target: str) -> Counter[str]:
    """How many times each word of three letters or more of the target occurs (lower-cased; kept, not to be
    changed): the cheap tests of the loop and the doubled rules (:func:`_loop`, :func:`_doubled`), counted once for
    both."""
    return Counter(_WORD3.findall(target.lower()))


def _loop(source: str, target: str, min_repeats: int = 3) -> tuple[tuple[int, int], str, int] | None:
    """An MT loop of the target: the same stretch of words (two to fifteen tokens with a word of three letters)
    at least ``min_repeats`` times, the repeats covering at least 40 % of the target's tokens and, when there are
    just ``min_repeats`` of them, at most three tokens apart — or one word or one exclamation or question mark
    five times in a row — where the source does not say anything that often (:func:`_source_loops`; for a mark,
    three of it). Returns (the target span of the second to the last repeat, the repeated text, how many times)
    or None.

    Parallel clauses of a correct translation ("the emperor is strong against the citizen, the citizen is strong
    against the slave…", "more blood flow to the heart …, more blood flow to the muscles …") repeat a short
    stretch over a small share of the sentence, or three times far apart; a loop ("he can score, he can score,
    he can score…", a clause five times) fills the target."""
    if len(target) < 10 or min_repeats < 2:
        return None
    p = _PUNCT_LOOP.search(target)
    if p is not None:
        mark = p.group(1)
        folded = source.replace("！", "!").replace("？", "?")
        if folded.count(mark.replace("！", "!").replace("？", "?")) < 3:
            return p.span(), mark, len(p.group())
    # the cheap test that spares most targets: some word of three letters, not one of the commonest function
    # words, comes back min_repeats times
    if not any(v >= min_repeats and w not in _COMMON for w, v in _word_counts(target).items()):
        return None
    toks = [(m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(target)][:_MAX_TOKENS]
    n = len(toks)
    if n < 3 * min_repeats:
        return None
    words = [t[0] for t in toks]
    counts: dict[str, int] = {}
    for w in words:
        if len(w) >= 3 and w.isalpha():
            counts[w] = counts.get(w, 0) + 1
    # stretches without a word of three letters that comes back min_repeats times cannot loop
    prefix = [0]
    for w in words:
        prefix.append(prefix[-1] + (counts.get(w, 0) >= min_repeats))
    best: tuple[int, list[int]] | None = None
    for size in range(1, 16):
        if size * min_repeats > n:
            break  # min_repeats stretches of this size, none overlapping, do not fit in the target
        at: dict[tuple[str, ...], list[int]] = {}
        for i in range(n - size + 1):
            if prefix[i + size] == prefix[i]:
                continue
            g = tuple(words[i:i + size])
            pos = at.setdefault(g, [])
            if not pos or i >= pos[-1] + size:
                pos.append(i)
        for g, pos in at.items():
            if len(pos) < min_repeats or not any(len(w) >= 3 and w.isalpha() for w in g):
                continue
            gaps = [b - a - size for a, b in itertools.pairwise(pos)]
            if size == 1 and not (max(gaps) == 0 and len(pos) >= 5):
                continue
            if len(pos) == min_repeats and max(gaps) > 3:
                continue  # three parallel clauses apart ("more blood flow to the heart …, to the muscles …")
            if size * len(pos) >= 0.4 * n and (best is None or size * len(pos) > best[0] * len(best[1])):
                best = (size, pos)
    if best is None:
        return None
    size, pos = best
    if _source_loops(source, len(pos)):
        return None
    first, last = pos[0], pos[-1]
    text = target[toks[first][1]:toks[first + size - 1][2]]
    return (toks[pos[1]][1], toks[last + size - 1][2]), text, len(pos)


def _source_loops(source: str, times: int) -> bool:
    """Whether the source itself says something ``times`` times: a stretch of two to six characters with a
    kanji, katakana, Latin letter or digit (not a particle like とか) that often (290円税抜、490円税抜、790円税抜
    → "yen tax" three times; バイバイバイバイ), which a faithful target repeats as well."""
    text = re.sub(r"\s+", "", source)
    for size in range(2, 7):
        seen: dict[str, int] = {}
        for i in range(len(text) - size + 1):
            g = text[i:i + size]
            if _MEANINGFUL.search(g):
                seen[g] = seen.get(g, 0) + 1
                if seen[g] >= times:
                    return True
    return False


_MEANINGFUL = re.compile(r"[一-龯々ァ-ヺーA-Za-zＡ-Ｚａ-ｚ0-9０-９]")


_BRACKET = re.compile(r"【([^】\n]{1,80})】")
_SOURCE_BRACKETS = re.compile(r"[【\[［〔〈《]")


def _invented_bracket(source: str, target: str) -> tuple[int, int] | None:
    """A 【…】 label of the target when the source has no bracket of that kind (【wigs2you】 after 水の天使 通販,
    "Water Angel, online shop"): MT output for shop pages invents store handles and captions in lenticular
    brackets. Its content, folded to letters and digits, must not be in the source either."""
    if "【" not in target or _SOURCE_BRACKETS.search(source):
        return None
    folded = _fold(source)
    for m in _BRACKET.finditer(target):
        inner = _fold(m.group(1))
        if inner and inner not in folded:
            return m.span()
    return None


def _fold(text: str) -> str:
    import unicodedata

    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).lower())


# -- glosses: a romanised word of the source explained in brackets ----------------------------------------------

_GLOSS = re.compile(r"[(（]([^()（）\n]{1,120})[)）]")
_GLOSSED = re.compile(r"([A-Za-z][A-Za-z'’-]*(?:[ ][A-Za-z][A-Za-z'’-]*){0,2})[\s\"'“”‘’「」『』]*$")
_ROUND = re.compile(r"[（(]([^（）()]*)[）)]")
_SOURCE_BRACKET = re.compile(r"[（(〔［\[【]([^（）()〔〕［］\[\]【】]{1,80})[）)〕］\]】]")


def _gloss(source: str, target: str, min_words: int = 2) -> tuple[tuple[int, int], str] | None:
    """A bracketed explanation of a romanised word of the source that the source does not have: MT that writes a
    Japanese word by its sound and then explains it ("two pieces of onigiri (rice balls)", "the bakufu (Japanese
    feudal government headed by a shogun)", "Karamon (Chinese-style gate)", "a yokozuna (sumo grand champion)").
    The bracket holds at least ``min_words`` (default 2) content words; one to three words right before it (quotes
    between them allowed) are a romanised reading of one to four source words (:func:`_wider`, as ``Shimbun``
    renders 新聞). Not reported when the source has a bracket of its own that the target renders: its content is
    the reading of those words (涼皮（リャンピー） → "liangpi (cool skin)", 「蕃書調所」（ばんしょしらべしょ）), or
    it explains half the bracket's content words (冷やし中華 … (日式中華) → "(Japanese-style Chinese food)"), or the
    bracket's text is the source's own (Latin letters, digits). Returns (the bracket's span, the glossed words) or
    None."""
    if min_words <= 0 or ("(" not in target and "（" not in target) or target.count("(") + target.count("（") <= sum(
            _KANA.fullmatch(b.group(1).strip()) is None for b in _ROUND.finditer(source)):
        return None  # as many brackets as the source's (a reading in kana left out): they may render them (（奥右）)
    from review_app.checks.entity_terms import romanise
    from review_app.checks.ja_tokens import nodes

    wider: _Wider | None = None
    own: list[tuple[str, _Wider]] | None = None
    folded = _fold(source)
    for m in _GLOSS.finditer(target):
        inner = m.group(1)
        words = [w for w, _s, _e in target_words(inner) if w.lower() not in EN_STOP and len(w) >= 3 and w.isalpha()]
        if len(words) < min_words or _fold(inner) in folded or any(c.isdigit() for c in inner):
            continue
        g = _GLOSSED.search(target[:m.start()])
        if g is None:
            continue
        parts = g.group(1).split(" ")
        wider = wider or _wider(source)
        if any(_norm_romaji(w) in wider.romaji for w in re.findall(r"[A-Za-z]{3,}", inner)):
            continue  # a romanised source word inside: the bracket renders the source's names (赤坂亭（赤磐市惣分）)
        readings = [(k, _norm_romaji("".join(parts[k:]))) for k in range(len(parts))]
        term = next((" ".join(parts[k:]) for k, r in readings if len(r) >= 4 and r in wider.romaji), None)
        if term is None:
            continue
        if own is None:
            own = []
            for b in _SOURCE_BRACKET.finditer(source):
                kana = "".join(n[14] or (n[0] if _KATAKANA_TOKEN.fullmatch(n[0]) else "") for n in nodes(b.group(1))[0])
                own.append((_norm_romaji(romanise(kana)) if kana else "", _wider(b.group(1))))
        key = _norm_romaji(term.replace(" ", ""))
        if any(r and (key in r or r in key) for r, _w in own):
            continue  # the source gives the reading: the target renders its bracket
        from review_app.checks.meaning import stem

        if any(sum(stem(w) in w2.stems for w in words) * 2 >= len(words) for _r, w2 in own):
            continue  # the bracket renders a bracket of the source
        return m.span(), term
    return None


# -- invented months: a month named for a day the source gives alone ----------------------------------------------

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")
_MONTH_OF = {m.lower(): i + 1 for i, m in enumerate(_MONTH_NAMES)}
_MONTH_OF.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
                  "nov": 11, "dec": 12})
_EN_MONTH = "(?:" + "|".join(_MONTH_NAMES) + r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.)"
_TARGET_MONTH_DAY = re.compile(
    rf"\b(?P<m1>{_EN_MONTH})\s+(?P<d1>[0-3]?[0-9])(?:st|nd|rd|th)?\b(?![.,:]?[0-9])"
    rf"|(?<![0-9.,])\b(?P<d2>[0-3]?[0-9])(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_EN_MONTH})")
_JA_NUM = "(?:[0-9０-９]{1,2}|[〇一二三四五六七八九十]{1,3})"
_SOURCE_DAY = re.compile(rf"(?<![0-9０-９〇一二三四五六七八九十月年/／.．])({_JA_NUM})\s*日"
                         r"(?!間|目|ぶり|振り|連続|分|以上|余|程|超|前|後|ほど|くらい|ぐらい|弱|強|本)")
_SOURCE_MONTH = re.compile(rf"({_JA_NUM})\s*月(?!曜)"
                           r"|(?<![0-9０-９])([0-9０-９]{1,2})\s*[/／]\s*[0-9０-９]{1,2}(?![0-9０-９])")
_SOURCE_SOME_MONTH = re.compile(
    r"[今先来同前翌当本毎]月|月[末初頭内]|[上中下]旬|睦月|如月|弥生|卯月|皐月|水無月|文月|葉月|長月|神無月|霜月|師走"
    r"|(?i:\b(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar"
    r"|apr|jun|jul|aug|sept?|oct|nov|dec)\b)")


def _ja_number(text: str) -> int:
    import unicodedata

    from review_app.quantities.japanese import ja_numeral_value

    return int(ja_numeral_value(unicodedata.normalize("NFKC", text)))


def _source_months(source: str) -> frozenset[int]:
    """The months a source names as a number (7月, 七月, ７／１５): a month of a date or an event."""
    out = set()
    for m in _SOURCE_MONTH.finditer(source):
        n = _ja_number(m.group(1) or m.group(2))
        if 1 <= n <= 12:
            out.add(n)
    return frozenset(out)


def _document_months(ctx: CheckContext, cache: dict[object, frozenset[int]], unit: Unit) -> frozenset[int]:
    """The months the sources of ``unit``'s document name (the units of one file with the same ``document``, as the
    neighbour rule reads them), once per document."""
    doc = unit.meta.get("document") if unit.meta else None
    if doc not in cache:
        cache[doc] = frozenset().union(*(
            _source_months(u.source) for u in ctx.units
            if (u.meta.get("document") if u.meta else None) == doc and "月" in u.source))
    return cache[doc]


def _invented_month(source: str, target: str) -> tuple[tuple[int, int], int, str] | None:
    """A month the target names for a day that the source gives alone (ポスコインターナショナルは12日、… → "POSCO
    International announced on April 12 …"; 9日 (木) と10日 (金) → "Thursday, September 9 and Friday, September
    10"): MT that completes a date with a month it guesses. The target's "Month D" (or "D Month") must have a day D
    that the source writes as D日 (not a length, 12日間, nor a count, 3日目), and the source must name no month at
    all (7月, ７／１５, 今月, 同月, 下旬, a month's name): a month the source gives for another date, or says in other
    words, is not reported. Returns (the span of the
    target's date, the month, the source's day) or None. The date checks (:mod:`review_app.checks.dates`) accept a
    month beside a day the source gives alone, and report a date that is not in the source at all."""
    if "日" not in source or _SOURCE_SOME_MONTH.search(source):
        return None
    days: dict[int, str] = {}
    for m in _SOURCE_DAY.finditer(source):
        days.setdefault(_ja_number(m.group(1)), m.group())
    if not days:
        return None
    if _SOURCE_MONTH.search(source):
        return None
    for m in _TARGET_MONTH_DAY.finditer(target):
        month = _MONTH_OF[(m.group("m1") or m.group("m2")).rstrip(".").lower()]
        day = int(m.group("d1") or m.group("d2"))
        if day in days:
            return m.span(), month, days[day]
    return None


# -- a stretch said twice ---------------------------------------------------------------------------------------


def _doubled(source: str, target: str, min_tokens: int = 6) -> tuple[tuple[int, int], int] | None:
    """A stretch of the target said twice where the source says it once: MT that renders a sentence or a clause and
    then renders it again, whatever the sentence count ("I bet there are a lot of people who think, "Why not Zelda?
    I'm sure there are a lot of people who think, "Why not Zelda?"; "It aims to popularize 65,000 fuel cell vehicles
    by 2022. The roadmap called for the diffusion of 65,000 fuel cell vehicles …"). The same ``min_tokens`` (default
    6; 0 switches it off) words and marks, three content words among them, twice and apart, where

    * the source does not say something three times itself (:func:`_source_loops`: 何度も何度も何度も…);
    * no content word of the stretch renders a word the source has twice (県産ニンニクを使う…、県産米を使う… →
      "which uses prefecture-produced garlic …, which uses prefecture-produced rice": parallel clauses; by its
      glosses or its romanised reading, as :func:`_still_unexplained` reads them);
    * the second one is not in brackets where the source has brackets (国土交通省（国交省） → "the Ministry of Land,
      Infrastructure, Transport and Tourism (Ministry of Land, …)" renders the abbreviation in full).

    The loop rule (:func:`_loop`) needs three repeats, the repeated-sentence rule more target sentences than the
    source's. Returns (the span of the second occurrence, extended while the two go on alike; the offset of the
    first) or None."""
    if min_tokens <= 0:
        return None
    again = frozenset(w for w, v in _word_counts(target).items() if v >= 2 and w not in EN_STOP)
    if len(again) < 3:
        return None  # fewer than three content words come back: no stretch can be said twice
    toks = [(m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(target)][:_MAX_TOKENS]
    words = [t[0] for t in toks]
    seen: dict[tuple[str, ...], int] = {}
    for i in range(len(words) - min_tokens + 1):
        g = tuple(words[i:i + min_tokens])
        if sum(1 for w in g if w in again) < 3:
            continue
        first: int = seen.setdefault(g, i)
        if i < first + min_tokens:
            continue
        end = i + min_tokens
        while end < len(words) and first + (end - i) < i and words[end] == words[first + (end - i)]:
            end += 1
        if _parallel(source, target, toks[i][1], toks[end - 1][2]):
            return None
        if i > 0 and words[i - 1] in ("(", "（") and re.search(r"[（(]", source):
            return None
        return (toks[i][1], toks[end - 1][2]), toks[first][1]
    return None


def _parallel(source: str, target: str, start: int, end: int) -> bool:
    """Whether the source says the stretch ``target[start:end]`` twice itself: it says something three times
    (:func:`_source_loops`), or a content word of the stretch renders a word (lemma) the source has twice."""
    if _source_loops(source, 3):
        return True
    from review_app.checks.ja_tokens import nodes
    from review_app.checks.meaning import lemma_key, stem

    toks = nodes(source)[0]
    counts = Counter(n[3] for n in toks if n[1] not in _SKIP_POS)
    twice = [n[0] for n in toks if n[1] not in _SKIP_POS and counts[n[3]] >= 2]
    if not twice:
        return False
    w = _wider("、".join(dict.fromkeys(twice)))
    for x, _s, _e in target_words(target[start:end]):
        if x.lower() in EN_STOP or len(x) < 3:
            continue
        parts = [x, *(p for p in x.split("-") if len(p) > 1)] if "-" in x else [x]  # e-mail: mail
        if any(stem(p) in w.stems or lemma_key(p) in w.keys or (len(p) >= 3 and _norm_romaji(p) in w.romaji)
               for p in parts):  # Emoji: 絵文字
            return True
    return False


# -- a framing clause before a bare quotation ---------------------------------------------------------------------

_BARE_QUOTE = re.compile(r"「[^「」]+」[。．！？!?]?")
_LEAD_IN = re.compile(r"[,:]\s*$")


def _quote_framing(source: str, target: str) -> tuple[int, int] | None:
    """A clause the target puts before a quotation that the source gives bare (the whole source one 「…」): MT that
    frames a quote with a speaker or a verb of saying from elsewhere ("I'd like you to say something like, "You
    don't know anything about me, OP, …" for 「OPさんの事何も知らないくせに悪口言わないで！」; "Builder Guan Yu: "…"):
    the target's text before its first quotation mark ends with a comma or a colon and has two content words or
    more, none of which the source explains, even read wider (:func:`_still_unexplained`). Returns the span of the
    clause (from its first content word) or None. On WMT21/22 it finds those two system outputs and no reference
    (the whole population: both read, real)."""
    if _BARE_QUOTE.fullmatch(source.strip()) is None:
        return None
    m = re.search(r"[\"“]", target)
    if m is None or m.start() < 3 or _LEAD_IN.search(target[:m.start()]) is None:
        return None
    spans = tuple((a, b) for w, a, b in target_words(target[:m.start()]) if w.lower() not in EN_STOP and len(w) >= 3)
    if len(spans) < 2 or len(_still_unexplained(source, target, spans)) < len(spans):
        return None
    return spans[0][0], len(target[:m.start()].rstrip(" ,:\t"))
