"""Hedges and evidentials of the source that the target drops: a closed-class signal for ``omission``'s ``hedge`` rule.

A Japanese sentence marks how sure the writer is, or where the claim comes from, with a small closed set of
endings: hearsay (〜そうだ after a plain form, 〜とのことだ, 〜らしい, 〜と聞いた/と伺いました), reported or received
opinion (〜とされる, 〜とみられる), conjecture (〜かもしれない, 〜ようだ/みたいだ, 〜に違いない).
English renders each of them with a word from a closed set as well — *reportedly, said to, apparently, seems,
may, might, likely, I heard, believed, supposedly…* — so a target that has none of those words anywhere states as a
fact what the source reports, supposes or hedges: 原因とみられる "is believed to be the cause" rendered "was
caused by", やめたそうです "apparently quit" rendered "quit", 適法とされてます "is considered legal" rendered "it is
legal". The dictionary alignment cannot see this: the endings are function words, never content words.

Both sides are closed lists, matched without a parse (:data:`MARKERS`; Japanese text is never assumed to have
spaces or ASCII punctuation). The English side is one list for every marker (:data:`EN_HEDGE`): translators render
one hedge with another (とされる as "apparently", らしい as "it is said"), so any of them counts as a rendering,
which keeps the rule quiet on loose but faithful renderings and makes it miss a hedge replaced by an unrelated one.
What is deliberately left out, after reading what it did on the WMT21/22 references and system outputs (bench
figures in :mod:`review_app.checks.omission`): だろう/でしょう (often a tag question or a polite future the
references drop as well), 〜はず (references render it as a plain statement more often than the systems do),
〜と思う, the polite と思われます and と考えられる (the writer's own opinion or advice, softened: 良いと思われます
"it's a good idea to"; a first-person "I think" left out is not an omission by the labelling convention of
bench/data/README.md), らしい after a noun or an
adjective stem (男らしい "manly", かわいらしい "cute": not hearsay), そう after a verb stem or an adjective stem
(しまいそう, 良さそう "looks like": appearance, often rendered "feel like" or not at all), ようだ after a noun
(リアリティ番組のようだ "like a reality show": a simile, not a conjecture), and 聞こえる.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Marker:
    name: str
    pattern: re.Pattern[str]
    meaning: str
    """What the marker says, for the message (``reportedly``, ``it seems``…)."""


MARKERS: tuple[Marker, ...] = (
    Marker("hearsay", re.compile(r"とのこと(?:だ|です|で|。|！|$)"), "reportedly (とのことだ)"),
    Marker("hearsay", re.compile(r"と(?:うかが|伺)(?:い|っ)|と(?:聞い|聞き)(?:た|て|まし|ます)"),
           "I heard (と聞いた/と伺った)"),
    Marker("reported", re.compile(r"とされ(?:る|て|た|ます|ており)"), "is said / considered to (とされる)"),
    Marker("reported", re.compile(r"と(?:みられ|見られ|推測され|推定され|見込まれ)"), "is believed to (とみられる)"),
    Marker("reported", re.compile(r"と(?:思われ|おもわれ)(?:る|た|てい)"), "is thought to (impersonal と思われる)"),
    Marker("conjecture", re.compile(r"かも(?:しれ|知れ)"), "may / might (かもしれない)"),
    Marker("conjecture", re.compile(r"(?<=[るたい])(?:よう|みたい)(?:だ|です|でした|だった|である)(?![がけ])"),
           "it seems (ようだ)"),
    Marker("conjecture", re.compile(r"に(?:違い|ちがい)(?:ない|ありません)"), "must (に違いない)"),
)
"""The source endings read as a hedge or an evidential by their letters alone."""

MARKERS += (
    Marker("hearsay", re.compile(r"(?:(?<=[るただ])|(?<=ない))そう(?:だ|です|で(?!す)|。|$)"),
           "reportedly (hearsay そうだ)"),
    Marker("hearsay", re.compile(r"(?:(?<=[るだ])|(?<=(?<!な)た)|(?<=ない))らしい"), "apparently (らしい)"),
)
"""The hearsay そう after a plain form (やめたそうです, あるそうだ, 病気だそうだ), not the appearance そう after a stem
(しまいそう, 良さそう, 恥ずかしそう) nor the adverb (そうですね, そうした); the auxiliary らしい after a plain form
(送ったらしい, 終わるらしい), not the suffix after a noun or an adjective stem (男らしい, かわいらしい, あなたらしい
"your own": た of あなた). Told apart by the letter before them, without the tagger: the parse is the meaning
analysis's, made once per source and not kept for a check that runs after the others (an i-adjective before the
hearsay そう, 高いそうだ, is missed so)."""

EN_HEDGE = re.compile(
    r"\b(?:may|might|could|would|should|must|perhaps|maybe|possibl[ey]|possibilit(?:y|ies)|probabl[ey]|"
    r"(?:un)?likely|likelihood|apparent(?:ly)?|seem(?:s|ed|ing|ingly)?|appear(?:s|ed|ing)?|report(?:s|ed|edly|ing)?|"
    r"alleged(?:ly)?|supposed(?:ly)?|suppos(?:e|es|ing)|said|says?|saying|according|believ(?:e|es|ed|ing)|thought|"
    r"think(?:s|ing)?|consider(?:s|ed)?|regard(?:s|ed)?|deemed|seen|viewed|perceived|expect(?:s|ed|ing)?|estimat(?:e|es|ed|ing)|"
    r"presum(?:ably|ed|e)|suspect(?:s|ed|ing)?|assum(?:e|es|ed|ing)|guess(?:es|ed)?|heard|hear(?:s|ing)?|told|"
    r"tell(?:s|ing)?|rumou?r(?:s|ed)?|understood|understand|learn(?:ed|t)|eviden(?:tly|t)|claim(?:s|ed|ing)?|"
    r"indicat(?:e|es|ed|ing)|suggest(?:s|ed|ing)?|predict(?:s|ed|ing)?|project(?:ed)|forecast|anticipated|"
    r"chance|risk|fear(?:s|ed)?|wonder(?:s|ed|ing)?|sure|surely|certain(?:ly)?|doubt(?:s|ful)?|known|"
    r"looks? like|looked like|sounds? like|feels? like|felt like|as if|as though|kind of|sort of|"
    r"(?:it|that|this) (?:is|was) (?:said|believed|thought))\b", re.IGNORECASE)
"""English words and phrases that render a hedge or an evidential (any of them renders any marker)."""


_HINT = re.compile(r"と(?:のこと|うかが|伺|聞|され|みられ|見られ|推測され|推定され|見込まれ|思われ|おもわれ)|"
                   r"かも(?:しれ|知れ)|よう|みたい|に(?:違い|ちがい)|そう|らしい")
"""The fixed letters of every :data:`MARKERS` pattern (each match of one holds one of these): a source without any,
most sources, has no marker — decided in one fast scan instead of one scan per marker. A new marker adds its own
here (tests/test_checks_meaning_cost_helpers.py checks every marker's matches on the WMT sources against it)."""


def source_hedges(source: str) -> list[tuple[Marker, Span]]:
    """The hedge and evidential markers of a Japanese source, in order (one per place)."""
    if _HINT.search(source) is None:
        return []
    found: list[tuple[Marker, Span]] = []
    taken: list[Span] = []
    for m in MARKERS:
        for hit in m.pattern.finditer(source):
            span = hit.span()
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue
            taken.append(span)
            found.append((m, span))
    return sorted(found, key=lambda x: x[1])


def dropped_hedges(source: str, target: str) -> list[tuple[Marker, Span]]:
    """The source's hedges when the target has no English hedge or evidential at all (empty otherwise)."""
    if not target or not source:
        return []
    found = source_hedges(source)
    if not found or EN_HEDGE.search(target):
        return []
    return found


@dataclass(frozen=True, slots=True)
class Closed:
    """A closed-class word of the source with a closed set of English renderings: the target renders it when it has
    one of them (:func:`dropped_closed`)."""

    name: str
    pattern: re.Pattern[str]
    english: re.Pattern[str]
    meaning: str


SCOPE: tuple[Closed, ...] = (
    Closed("scope", re.compile(r"ならでは"),
           re.compile(r"\b(?:unique(?:ly|ness)?|only|special(?:ly|ty)?|distinct(?:ive|ively)?|characteristic(?:s|ally)?|"
                      r"peculiar|typical(?:ly)?|exclusive(?:ly)?|signature|particular|own|original|specific|"
                      r"hallmark|trademark|native|inherent|authentic|genuine|essence|nowhere|except|unlike|"
                      r"exclusive(?:ly)?|sole(?:ly)?)\b", re.IGNORECASE),
           "unique to / only … can (ならではの)"),
    Closed("scope", re.compile(r"(?:ケタ|桁)(?:が|違い|外れ|はずれ|ちがい)"),
           re.compile(r"\b(?:digits?|orders?|magnitudes?|figures?|zeros?|zeroes|times|fold|-fold|leagues?|scale|"
                      r"decimal|places?|level|far|vastly|hugely|incomparabl[ey]|dimension|class|whole)\b",
                      re.IGNORECASE),
           "by an order of magnitude (ケタが違う)"),
)
"""Degree and scope words the dictionary does not see as such: 〜ならではの "that only … can offer" (rendered as a
plain "the way to show it online" for オンラインならではの見せ方), ケタが違う "differ by orders of magnitude" (rendered
"a big difference"). Each with the English words that render it, the exception words included for
ならでは, which English may render as "nowhere else", "unlike anywhere"."""


def dropped_closed(markers: tuple[Closed, ...], source: str, target: str) -> list[tuple[Closed, Span]]:
    """The ``markers`` of ``source`` whose English renderings are all absent from ``target`` (in source order)."""
    if not target or not source:
        return []
    found: list[tuple[Closed, Span]] = []
    for m in markers:
        hit = m.pattern.search(source)
        if hit and not m.english.search(target):
            found.append((m, hit.span()))
    return sorted(found, key=lambda x: x[1])
