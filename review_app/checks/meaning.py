"""Word-level evidence for the meaning checks: which source content words reach the target, and the reverse.

The shared analysis ``ctx.analyses.meaning`` (:class:`~review_app.checks.analyses.Analyses`) aligns, for each unit
and once per run, the content words of the Japanese source (fugashi + unidic-lite tokens: nouns, verbs,
adjectives, adverbs; light nouns and auxiliary verbs left out; adjacent nouns looked up as one compound first)
with the words of the English target, by these anchors, in order:

* **numbers** — the digits of a source numeral (full-width folded; kanji numerals read as one value by
  :mod:`review_app.checks.kanji_numbers`, a day of the month also rendered by a weekday) occur in a target number;
* **Latin-script words** of the source (CanCam, NHK, PCR) occur in the target, case folded;
* **names and katakana words** — the consonant skeleton of the word's reading (``トノサキ`` → ``tnsk``) is close to
  the skeleton of a target word (``Tonosaki``; :func:`review_app.checks.names.kana_skeleton`, the same
  comparison the name checks use);
* **the dictionary** — an English word of the source word's JMdict glosses occurs in the target, at two levels
  of precision. *Loosely* (:func:`stem`): irregular forms mapped, a suffix stripped, then the first four letters
  (``declined`` ↔ ``decline``, ``served`` ↔ ``service``, but also ``regulation`` ↔ ``contract``, ``common`` ↔
  ``commotion``). *Precisely* (:func:`lemma_key`): irregular forms mapped, then the Snowball English (Porter2)
  stemmer of the ``snowballstemmer`` package (BSD-3-Clause, pure Python, no data to download): inflection and
  regular derivation reduced, the rest of the word kept (``infected`` ↔ ``infection``, ``reviewing`` ↔
  ``review``), only gloss words that are content words (not :data:`EN_STOP`: a cover by *with* or *no* is no
  cover), and each part of a hyphenated target word (``love-hate`` renders 愛憎). The dictionary is a committed
  subset of JMdict (``review_app/checks/data/jmdict_common.tsv.gz``, CC BY-SA 4.0, made by
  ``scripts/gen_meaning_dictionary.py``).
* the **glossary** — with a glossary loaded, a source word inside a matched glossary term whose target term is in
  the target is covered (the glossary checks report the others).

A source word is *covered*, *uncovered* (it has anchors — dictionary glosses, a reading — and none is found in
the target) or *unknown* (nothing to look for: not in the dictionary, no reading): unknown words never count as
omissions. :attr:`SourceWord.status` is the loose reading (each part of a hyphenated target word counts too):
what ``polarity`` and ``addition`` read. :attr:`SourceWord.exact` is the precise one (:func:`refine_exact`,
computed only for the units whose strict coverage a rule reads: stemming every target word and gloss added a
sixth to the four checks' CPU time): what ``omission`` reads, through the one-to-one coverage of
:mod:`review_app.checks.clauses` — a loose four-letter match hides exactly the dropped words it should report.
A target content word (not an English function word) is *explained* when its loose stem is among the stems of
all source words' glosses, or it renders a source name, number or Latin word;
:attr:`UnitEvidence.unexplained_exact` counts the target content words with no precise counterpart (what could
render, in other words, a source word the dictionary does not link to them).

The per-unit result (:class:`UnitEvidence`) keeps only spans, weights and flags, never the parse.

Cost: the part that depends on the source alone (the parse, the content words with their dictionary stems and
readings, the negation markers) is computed once per distinct source text and kept for the last
:data:`SOURCE_CACHE_SIZE` sources, so the MT candidates of one source share it; each distinct token line of the
tagger and each content word are classified once per process (a one-token word's anchors by the token itself).
With a glossary loaded, the glossary checks' pass (``ctx.analyses.glossary``) supplies the term matches: no unit is
matched twice. The parse is shared (:func:`review_app.checks.ja_tokens.nodes`, one token format for the three
readers, a source's tagger lines looked up in one C call); the one-to-one coverage is computed only for the units a
rule can read it for (:class:`StrictReaders`); a source word's stems are intersected with the target's in one C
call. A token type's anchors are memoised by its integer serial number (field 17 of
:data:`review_app.checks.ja_tokens.Token`), not by the 18-field tuple, and whether two sound skeletons are close
(names against capitalised target words, loanwords against every target word) by one table per source skeleton
(:data:`_NEAR_MEMO`): the same names meet the same target words unit after unit.

``bench/meaning.py --cost`` measures what the four checks add to ``review-app qa`` (docs/checks.md, with where the
added time goes); the issue's budget is +50 % on the 100k-unit bench file with unique sources, and it is not met.
``bench/meaning_equivalence.py --compare`` proves that a change meant only to make them faster moves no finding.
MeCab is about an eighth of the added time (``bench/meaning_stages.py`` puts a sampled run's stacks into stages); it
was a sixth, three quarters of that only because each parse ran between two units' Python work with the tagger's
dictionary evicted from the processor's caches, until :class:`ParseAhead` parsed the next :data:`PARSE_AHEAD`
sources in one go. The parse alone, and the parse read into tokens, are already a quarter and nearly a half of the
default checks' CPU time on the bench file (``bench/meaning_floor.py``). The rest is Python work per word, spread
thin (no stage takes more than a sixth of the added time). No sound pruning removes the parse or the word matching:
``polarity``'s antonym rule, ``omission``'s ``whole`` and ``run`` rules (a full-length target can translate
something else or drop a run) and ``entity-consistency`` read every unit's coverage or names, and none has a
necessary condition cheaper than the analysis itself (only ``omission``'s clause and unmatched rules have one, the
length ratio, which :class:`StrictReaders` already applies). A cheaper tagger output was not found: MeCab's own
field format (``%f[N]``) crashes the tagger (a segmentation fault) and prints one field slower than ``%H`` prints
the whole feature string.

Weights (how much an uncovered word matters): names and numbers 3, the last verb or adjective of the sentence
(the main-clause predicate in Japanese word order) 3, other verbs and adjectives 2, nouns 1.5, adverbs 0.5.

Negation markers for the polarity check come from the same parse: the auxiliaries ない/ず/ぬ/ん (and ません),
the adjective ない after a verb's て-form, with the idioms where they do not negate the proposition left out
(かもしれない "may", に違いない "must", しかない "only", ざるを得ない "have to", なければ/なくては "must",
ないか/ないでしょうか/じゃないか rhetorical questions).
"""

from __future__ import annotations

import functools
import gzip
import operator
import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from review_app.checks import renderings as _renderings
from review_app.checks.base import EN, JA, Category, Check
from review_app.checks.ja_tokens import Token, nodes
from review_app.checks.kanji_numbers import kanji_value, number_static, numeral_end, numeral_start
from review_app.models import Severity

if TYPE_CHECKING:
    from review_app.checks.base import CheckContext, Unit
    from review_app.checks.clauses import SentenceGap, Strict

DATA = Path(__file__).resolve().parent / "data" / "jmdict_common.tsv.gz"

COVERED, UNCOVERED, UNKNOWN = 1, 0, -1

# -- English side ------------------------------------------------------------------------------------------------

EN_STOP = frozenset(["a", "an", "the", "and", "or", "but", "nor", "so", "yet", "for", "of", "in", "on", "at", "by",
                      "to", "from", "with", "without", "into", "onto", "upon", "over", "under", "about", "above",
                      "below", "between", "among", "through", "during", "before", "after", "since", "until", "till",
                      "as", "than", "then", "that", "this", "these", "those", "there", "here", "it", "its", "it's",
                      "itself", "he", "him", "his", "himself", "she", "her", "hers", "herself", "they", "them",
                      "their", "theirs", "themselves", "we", "us", "our", "ours", "ourselves", "you", "your",
                      "yours", "yourself", "yourselves", "i", "me", "my", "mine", "myself", "one", "ones", "be",
                      "is", "am", "are", "was", "were", "been", "being", "have", "has", "had", "having", "do",
                      "does", "did", "done", "doing", "will", "would", "shall", "should", "can", "could", "may",
                      "might", "must", "ought", "also", "just", "only", "even", "still", "already", "yet", "very",
                      "too", "quite", "rather", "really", "more", "most", "much", "many", "some", "any", "all",
                      "each", "every", "both", "either", "neither", "no", "not", "never", "none", "nothing", "own",
                      "same", "such", "other", "another", "which", "who", "whom", "whose", "what", "when", "where",
                      "why", "how", "if", "whether", "because", "while", "although", "though", "however",
                      "therefore", "thus", "hence", "s", "t", "d", "ll", "re", "ve", "m", "don", "didn", "doesn",
                      "isn", "aren", "wasn", "weren", "won", "wouldn", "couldn", "shouldn", "can't", "cannot", "mr",
                      "mrs", "ms", "dr", "etc", "let", "lets", "let's", "get", "gets", "got", "make", "makes",
                      "made", "say", "says", "said", "way", "thing", "things", "well", "back", "now", "new", "like",
                      "also", "via", "per"])

PRIMARY_STOP = frozenset(["new", "all", "same", "only", "other", "another", "own", "every", "each", "both", "never",
                           "nothing", "none", "still", "already", "many", "much", "most", "more", "now", "back"])
"""Words of :data:`EN_STOP` that are a source word's meaning when its glosses begin with them (新規 "new", 全員 "all
members", 同一 "identical, same", 唯一 "only"): the precise match (:meth:`Dictionary.keys`) keeps them among a
headword's first three gloss words, where a cover by *with* or *no* stays no cover."""

_IRREGULAR = {
    "rose": "rise", "risen": "rise", "fell": "fall", "fallen": "fall", "won": "win", "lost": "lose", "went": "go",
    "gone": "go", "said": "say", "made": "make", "took": "take", "taken": "take", "gave": "give", "given": "give",
    "saw": "see", "seen": "see", "came": "come", "got": "get", "gotten": "get", "held": "hold", "left": "leave",
    "kept": "keep", "began": "begin", "begun": "begin", "brought": "bring", "bought": "buy", "thought": "think",
    "told": "tell", "found": "find", "built": "build", "sent": "send", "spent": "spend", "paid": "pay",
    "met": "meet", "ran": "run", "led": "lead", "struck": "strike", "stood": "stand", "understood": "understand",
    "wrote": "write", "written": "write", "spoke": "speak", "spoken": "speak", "chose": "choose",
    "chosen": "choose", "fought": "fight", "caught": "catch", "taught": "teach", "sold": "sell", "felt": "feel",
    "heard": "hear", "knew": "know", "known": "know", "grew": "grow", "grown": "grow", "threw": "throw",
    "thrown": "throw", "broke": "break", "broken": "break", "drove": "drive", "driven": "drive", "ate": "eat",
    "eaten": "eat", "drank": "drink", "slept": "sleep", "woke": "wake", "wore": "wear", "worn": "wear",
    "became": "become", "better": "good", "best": "good", "worse": "bad", "worst": "bad", "children": "child",
    "men": "man", "women": "woman", "people": "person", "feet": "foot", "teeth": "tooth", "died": "die",
    "dead": "die", "death": "die", "flew": "fly", "flown": "fly", "hid": "hide", "hidden": "hide", "rode": "ride",
    "sang": "sing", "sung": "sing", "swam": "swim", "shot": "shoot", "lent": "lend", "dealt": "deal",
    "meant": "mean", "sought": "seek", "fed": "feed", "bent": "bend", "bore": "bear", "born": "bear",
    "forgot": "forget", "forgotten": "forget", "hung": "hang", "laid": "lay", "lain": "lie", "lay": "lie",
    "shook": "shake", "shaken": "shake", "stole": "steal", "stolen": "steal", "tore": "tear", "torn": "tear",
    "wound": "wind", "withdrew": "withdraw", "withdrawn": "withdraw", "overtook": "overtake",
    "overtaken": "overtake", "undertook": "undertake", "froze": "freeze", "frozen": "freeze", "ill": "sick",
    "less": "little", "least": "little", "fewer": "few", "fewest": "few", "further": "far", "furthest": "far",
    "farther": "far", "farthest": "far", "japanese": "japan", "american": "america", "chinese": "china",
    "korean": "korea", "british": "britain", "russian": "russia", "french": "france", "german": "germany",
    "u.s": "america", "us": "america",
}
_SUFFIXES = ("ational", "ization", "fulness", "iveness", "ingly", "ments", "ement", "ities", "ness", "ment",
             "ings", "ing", "ies", "ied", "ers", "est", "ed", "es", "er", "ly", "s")
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]")
_NUMBER_RE = re.compile(r"\d[\d,]*(?:\.\d+)?")
_EN_NUMBER_WORDS = {"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
                    "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
                    "first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5", "sixth": "6",
                    "seventh": "7", "eighth": "8", "ninth": "9", "tenth": "10", "half": "2", "twice": "2",
                    "once": "1", "dozen": "12", "hundred": "100", "thousand": "1000", "million": "100",
                    "billion": "10", "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50"}


@functools.lru_cache(maxsize=262144)
def stem(word: str) -> str:
    """Crude English stem for matching: irregular forms mapped, one suffix stripped, a final e dropped, a doubled
    final consonant undoubled, then at most 4 letters (using, used, use → us; stopped → stop; served, service →
    serv)."""
    w = word.lower().strip("'-")
    if w.endswith("'s"):
        w = w[:-2]
    w = _IRREGULAR.get(w, w)
    if w.endswith(_SUFFIXES):  # (one C call for the words that end in none of them: ids, names, most nouns)
        for suf in _SUFFIXES:
            if w.endswith(suf) and len(w) - len(suf) >= 2 and not (suf == "s" and w.endswith(("ss", "us", "is"))):
                w = w[: -len(suf)]
                if len(w) == 2 and suf in ("ied", "ies"):
                    w += "y"  # tried, tries → try (cried, dried, spied): studied → stud keeps its four letters
                break
    if len(w) > 2 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":  # stopp → stop
        w = w[:-1]
    return w[:4]


_PORTER2_LOCK = threading.Lock()
KEY = "="
"""Prefix of a precise key (:func:`lemma_key`) among a word's stems: the loose stems (:func:`stem`) and the
precise keys of one word share one set, told apart by this character (no stem starts with it)."""


@functools.lru_cache(maxsize=262144)
def lemma_key(word: str) -> str:
    """Precise English matching key: the word lower-cased, irregular forms mapped (:data:`_IRREGULAR`), then the
    Snowball English (Porter2) stem — inflection and regular derivation reduced, the rest of the word kept
    (declined, declines → declin; infection, infected → infect; consideration → consider), prefixed with
    :data:`KEY`. Unlike :func:`stem`, two unrelated words rarely share one (consider ≠ constitution ≠ console)."""
    w = word.lower().strip("'-")
    if w.endswith("'s"):
        w = w[:-2]
    w = _IRREGULAR.get(w, w)
    with _PORTER2_LOCK:  # a Snowball stemmer keeps its state between calls: one caller at a time
        return KEY + _porter2().stemWord(w)


@functools.cache
def _porter2() -> Any:
    """The Snowball English (Porter2) stemmer, made on first use."""
    from snowballstemmer import stemmer

    return stemmer("english")


def lemma_keys(word: str) -> tuple[str, ...]:
    """The precise keys of a target word: its own and, for a hyphenated word (love-hate, long-term), each part's."""
    if "-" not in word:
        return (lemma_key(word),)
    parts = [p for p in word.split("-") if len(p) > 1]
    return tuple(dict.fromkeys([lemma_key(word), *(lemma_key(p) for p in parts)]))


def target_words(target: str) -> list[tuple[str, int, int]]:
    """Every word of the target with its span."""
    return [(m.group(), m.start(), m.end()) for m in _WORD_RE.finditer(target)]


# -- the dictionary ------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Dictionary:
    glosses: dict[str, str]
    """Headword → its English content words, space-separated (several entries of one headword joined)."""
    antonyms: dict[str, frozenset[str]]
    version: str
    _memo: dict[str, frozenset[str]] = field(default_factory=dict)
    _negative: dict[str, bool] = field(default_factory=dict)
    _head_of: dict[int, str] = field(default_factory=dict)
    _keys: dict[str, frozenset[str]] = field(default_factory=dict)
    words: dict[tuple[Any, ...], Any] = field(default_factory=dict)
    """Memo of :func:`_word_static`: a source content word's anchors from this dictionary."""
    token_words: dict[int, Any] = field(default_factory=dict)
    """The same for a word of one token, by the token's serial number (field 17 of :data:`_Token`)."""
    sources: OrderedDict[str, Any] = field(default_factory=OrderedDict)
    """The last :data:`SOURCE_CACHE_SIZE` sources' :class:`_SourceSide` (see :func:`_source_side`)."""

    def negative(self, headword: str) -> bool:
        """Whether the headword's glosses are negative in meaning (see :data:`_EN_NEG_GLOSS`)."""
        hit = self._negative.get(headword)
        if hit is None:
            g = self.glosses.get(headword)
            if not g:
                return False
            hit = self._negative[headword] = not _EN_NEG_GLOSS.isdisjoint(g.split())
        return hit

    def stems(self, headword: str) -> frozenset[str]:
        """The loose stems (:func:`stem`) of the headword's English gloss words (empty when the dictionary does not
        have it): what covers a source word loosely and explains a target word. Its precise keys:
        :meth:`keys`."""
        hit = self._memo.get(headword)
        if hit is None:
            g = self.glosses.get(headword)
            if not g:
                return frozenset()  # misses are not memoised: the memo stays within the dictionary's size
            hit = self._memo[headword] = frozenset(stem(w) for w in g.split())
            self._head_of[id(hit)] = headword  # (the memo keeps the set alive: its id stays its own)
        return hit

    def keys(self, stems: frozenset[str]) -> frozenset[str]:
        """The precise keys (:func:`lemma_key`) of the gloss words that are content words (not in
        :data:`EN_STOP`) of the headword whose :meth:`stems` ``stems`` is (that very set); empty for any other set.
        Computed on first use: only the units whose strict coverage is read need them."""
        head = self._head_of.get(id(stems))
        if head is None:
            return frozenset()
        hit = self._keys.get(head)
        if hit is None:
            hit = self._keys[head] = frozenset(lemma_key(w) for k, w in enumerate(self.glosses[head].split())
                                               if w not in EN_STOP or (k < 3 and w in PRIMARY_STOP))
        return hit

    def with_glosses(self, extra: dict[str, str], tag: str) -> Dictionary:
        """This dictionary with ``extra`` (headword → English words, space-separated) added to the headwords'
        glosses, its version followed by `` + tag``; the memos start empty (they depend on the glosses). What a
        project's accepted renderings make (:mod:`review_app.checks.renderings`)."""
        glosses = dict(self.glosses)
        for head, words in extra.items():
            old = glosses.get(head)
            glosses[head] = words if not old else f"{old} {words}"
        return Dictionary(glosses, self.antonyms, f"{self.version} + {tag}")


def current_dictionary() -> Dictionary:
    """The dictionary the analysis reads now: the committed one (:func:`load_dictionary`), with the accepted
    renderings of the run's configuration while its checks run (:func:`review_app.checks.renderings.active`)."""
    return _renderings.current() or load_dictionary()


@functools.lru_cache(maxsize=1)
def load_dictionary(path: Path = DATA) -> Dictionary:
    glosses: dict[str, str] = {}
    antonyms: dict[str, set[str]] = {}
    version = ""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                version = version or line[1:].strip()
                continue
            if line.startswith("!ant\t"):
                _, a, b = line.rstrip("\n").split("\t")
                antonyms.setdefault(a, set()).add(b)
                antonyms.setdefault(b, set()).add(a)
                continue
            heads, _, words = line.rstrip("\n").partition("\t")
            for h in heads.split("|"):
                old = glosses.get(h)
                glosses[h] = words if old is None else f"{old} {words}"
    return Dictionary(glosses, {k: frozenset(v) for k, v in antonyms.items()}, version)


# -- Japanese side -------------------------------------------------------------------------------------------------

_CONTENT_POS = {"名詞": "noun", "動詞": "verb", "形容詞": "adj", "形状詞": "adj", "副詞": "adv"}
_LIGHT = frozenset(["こと", "事", "もの", "物", "ため", "為", "よう", "様", "ところ", "所", "とき", "時", "方",
                    "ほう", "等", "など", "中", "上", "下", "前", "後", "際", "場合", "今回", "今後", "以上", "以下",
                    "他", "ほか", "的", "者", "人", "自分", "たち", "達", "さん", "氏", "様", "頃", "ごろ", "毎",
                    "程", "ほど", "位", "くらい", "ぐらい", "分", "目", "感じ", "感", "そう", "気", "側", "的", "性",
                    "化", "今", "本当", "何", "なに", "なん", "皆", "みんな", "彼", "彼女", "私", "僕", "俺",
                    "あなた", "これ", "それ", "あれ", "どれ", "ここ", "そこ", "あそこ", "こちら", "そちら", "どちら",
                    "いつ", "今日", "今年", "日", "月", "年", "時間", "間", "一", "同", "同じ", "全て", "すべて",
                    "全部", "多く", "少し", "ちょっと", "とても", "すごく", "もっと", "更に", "さらに", "また",
                    "まだ", "もう", "よく", "ずっと", "必ず", "特に", "実際", "本", "号", "回", "度", "番", "件",
                    "点", "つ", "個", "人", "名", "歳", "円", "ドル", "割", "倍", "枚", "台", "社", "校", "店", "町",
                    "市", "州", "県", "区", "村", "都", "代", "部", "元", "語", "商", "得", "先", "手", "形", "数",
                    "うち", "内", "まま", "自身", "あり", "有り", "どう", "こう", "そう", "ああ", "万", "億", "兆",
                    "千", "百", "十", "％", "パーセント", "初", "最", "第", "各", "全", "約", "計", "両", "毎日",
                    "現在", "当時", "今回", "一方", "同日", "同様"])
_LIGHT_VERBS = frozenset(["為る", "する", "居る", "いる", "有る", "ある", "成る", "なる", "来る", "くる", "行く",
                          "いく", "下さる", "くださる", "置く", "おく", "見る", "みる", "仕舞う", "しまう", "貰う",
                          "もらう", "呉れる", "くれる", "遣る", "やる", "出来る", "できる", "思う", "言う", "いう",
                          "云う", "御座る", "ござる", "得る", "える"])
_FUNCTION_VERBS = frozenset(["因る", "依る", "拠る", "よる", "付く", "就く", "つく", "於く", "於ける", "おける",
                             "対する", "関する", "向ける", "取る", "とる", "渡る", "わたる", "知れる", "伴う",
                             "基づく", "際する", "通じる", "比べる", "限る", "従う", "加える", "当たる", "先立つ",
                             "応じる", "沿う", "巡る", "亘る", "関わる"])
"""Verbs that make a postposition after に/を/と (による, について, における, に対して, に向けて, にとって,
かもしれない…, にもかかわらず "despite")."""
_KATAKANA_WORD = re.compile(r"[\u30a1-\u30fa\u30fc]{2,}")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9.&'\-]*")
_NEG_EXEMPT_BEFORE = ("かも", "に違い", "しか", "ほか", "ざるを得", "ずにはいられ", "とは限ら", "かもしれ", "仕方が",
                      "しょうが", "たまら", "堪ら", "わけにはいか", "ねばなら", "なければなら", "なくてはなら")
_NEG_EXEMPT_AFTER = re.compile(r"^(?:です|でしょう|だろう|のだろう|んだろう|のでは|んじゃ|のか|じゃ)?[かな]*[？?]|"
                               r"^(?:か(?!ら)|かな|かしら|でしょうか|だろうか|のではないか|ければ|くては|くちゃ|きゃ|"
                               r"と(?:いけ|だめ|ダメ))")
_NEGATING_PREFIX = re.compile(r"^[未不非無]")


@dataclass(slots=True)
class SourceWord:
    span: tuple[int, int]
    text: str
    kind: str
    """noun, verb, adj, adv, name, number, latin."""
    weight: float
    status: int
    """COVERED, UNCOVERED or UNKNOWN."""
    target_span: tuple[int, int] | None = None
    """Where in the target it was found (covered words)."""
    exact: int = UNKNOWN
    """The status by precise matching: a dictionary rendering counts only when a gloss content word and a target
    word share a :func:`lemma_key` (not merely a loose :func:`stem`); names, numbers and Latin words as for
    :attr:`status`; unknown for a word glossed by English function words alone (依然 "still", 互い "another":
    nothing to look for precisely). What :mod:`review_app.checks.clauses` reads for ``omission``."""
    exact_span: tuple[int, int] | None = None
    """Where in the target the precise match was found."""
    anchors: frozenset[str] = frozenset()
    """The loose stems of its glosses (:meth:`Dictionary.stems`, the dictionary's own set: its precise keys are
    :meth:`Dictionary.keys` of it)."""
    heard: tuple[int, int] | None = None
    """The target word whose sound renders it (a name or a katakana word), if any."""
    sounded: bool = False
    """It has a reading to look for by sound."""
    by_term: bool = False
    """Covered by a glossary term the target renders."""
    loanword: str = ""
    """The consonant skeleton of a katakana word (compared by sound with every target word), else ''."""


@dataclass(slots=True)
class UnitEvidence:
    words: list[SourceWord] = field(default_factory=list)
    unexplained: list[tuple[int, int]] = field(default_factory=list)
    """Target spans of content words that no source word accounts for."""
    target_content: int = 0
    """How many target content words there are."""
    unexplained_exact: int | None = None
    """How many target content words no source word accounts for by precise matching (no gloss content word
    shares a :func:`lemma_key` with it; names, numbers and Latin words as for :attr:`unexplained`): the words
    that could render a source word the dictionary does not link to them. None until :func:`refine_exact`."""
    targets: list[tuple[Any, tuple[int, int]]] = field(default_factory=list)
    """The target's words (:data:`_TargetWord`, span), for :func:`refine_exact`."""
    side: Any = None
    """The source's :class:`_SourceSide`, for :func:`refine_exact`."""
    glossary_spans: Sequence[tuple[int, int]] | Callable[[], Sequence[tuple[int, int]]] = ()
    """The glossary covers :func:`analyse` was given, for :func:`refine_exact`."""
    negations: list[tuple[int, int]] = field(default_factory=list)
    """Source spans of negation markers (idioms that do not negate left out)."""
    negated_covered: list[bool] = field(default_factory=list)
    """For each of :attr:`negations`: whether the content word it negates (the last one before it) is covered in
    the target — a negated clause the target leaves out is an omission, not a reversed polarity."""
    negated_at: list[tuple[int, int] | None] = field(default_factory=list)
    """For each of :attr:`negations`: the target span of the negated word's rendering (where the negation belongs)."""
    negating_words: list[tuple[int, int]] = field(default_factory=list)
    """Source spans of words whose meaning is negative (未/不/非/無-prefixed words, words glossed with not, no,
    impossible, poor…) and of negation markers in idioms that do not negate (かもしれない, ではないか)."""
    antonym_flips: list[tuple[tuple[int, int], tuple[int, int], str, str]] = field(default_factory=list)
    """(source span, target span, the source word, the antonym the target word renders)."""
    names: list[tuple[str, tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    """(source name, source span, target span of its likeliest rendering): names and katakana words of the
    source whose reading sounds like a capitalised target word (skeleton similarity ≥ 0.5), for
    ``entity-consistency``."""

    def known(self) -> list[SourceWord]:
        return [w for w in self.words if w.status != UNKNOWN]


_EN_NEG_GLOSS = frozenset({"not", "no", "non", "without", "never", "lack", "lacking", "absence", "absent", "fail",
                           "failure", "unable", "impossible", "cannot", "refuse", "refusal", "deny", "denial", "stop",
                           "cease", "cancel", "cancellation", "prohibit", "prohibition", "ban", "avoid", "prevent",
                           "refrain", "reject", "rejection", "none", "nothing", "zero", "lose", "loss", "miss",
                           "forget", "useless", "hopeless", "difficult", "hard", "poor", "weak", "bad", "wrong",
                           "unknown", "unclear", "uncertain", "doubt", "doubtful", "hate", "dislike", "only",
                           "unpleasant",
                           "disagreeable", "reluctant", "unwilling", "abstain", "hold"})
"""Gloss words that make a source word negative in meaning (ダメ "no good", 苦手 "poor at", 無理 "impossible"): such a
word may be rendered with *not*, so the target's negation is not an addition."""


def _fold_digits(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


_Token = Token
"""A token type of the tagger's output as every reader of the parse sees it (:data:`review_app.checks.ja_tokens.Token`):
the meaning analysis reads its fields 0-11 — (surface, pos1, pos2, lemma, lemma reading, conjugation form,
pos3-pos4, negation code, content code, content kind, a main-clause predicate, joins a compound noun); the codes
and flags are :func:`_codes`'."""
_MEMO_LIMIT = 1 << 16


_NEG_NONE, _NEG_AUX_CODE, _NEG_ADJ_CODE, _MASEN, _MASE = 0, 1, 2, 3, 4
_NOT_CONTENT, _CONTENT, _CONTENT_UNLESS_PARTICLE = 0, 1, 2


def _codes(surf: str, pos1: str, pos2: str, lemma: str) -> tuple[int, int, str | None, bool, bool]:
    """What :func:`_source_side` needs of a token type, decided once: (negation code, content code, content
    kind, a predicate that can end the main clause, joins a compound noun).

    Negation codes: an auxiliary ない/ず/ぬ/ん (``_NEG_AUX_CODE``), the adjective ない (a negation after a て-form,
    ``_NEG_ADJ_CODE``), ません, ませ (a negation before ん). Content codes: a content word, a verb that makes a
    postposition after に/を/と/も (``_CONTENT_UNLESS_PARTICLE``: による, について…), or not a content word."""
    neg = _NEG_NONE
    if pos1 == "助動詞" and lemma in _NEG_AUX and surf != "ん":
        neg = _NEG_AUX_CODE
    elif pos1 == "形容詞" and lemma in _NEG_ADJ:
        neg = _NEG_ADJ_CODE
    elif surf == "ません":
        neg = _MASEN
    elif pos1 == "助動詞" and surf == "ませ":
        neg = _MASE
    kind = _CONTENT_POS.get(pos1)
    content = _NOT_CONTENT
    if not (kind is None or pos2 in ("代名詞", "非自立可能") or (lemma or surf) in _LIGHT or surf in _LIGHT or (
            kind == "verb" and lemma in _LIGHT_VERBS)):
        content = _CONTENT_UNLESS_PARTICLE if kind == "verb" and lemma in _FUNCTION_VERBS else _CONTENT
    pred = pos1 in ("動詞", "形容詞") and pos2 != "非自立可能" and lemma not in _LIGHT_VERBS
    return neg, content, kind, pred, pos1 in ("名詞", "接尾辞") and pos2 != "数詞"


def _nodes(source: str) -> tuple[tuple[_Token, ...], tuple[int, ...], tuple[int, ...]]:
    """The tokens of ``source`` with their start and end offsets: the parse every check shares
    (:func:`review_app.checks.ja_tokens.nodes`, one C call, each distinct line split once per process)."""
    return nodes(source)


def _neg_exempt(source: str, start: int, end: int) -> bool:
    before = source[max(0, start - 8):start]
    if any(before.endswith(x) or (x in before[-len(x) - 2:]) for x in _NEG_EXEMPT_BEFORE):
        return True
    after = source[end:end + 12].lstrip(" 　")
    return bool(_NEG_EXEMPT_AFTER.match(after))


_BASE_WEIGHT = {"verb": 2.0, "adj": 2.0, "noun": 1.5, "adv": 0.5}
_NEG_AUX = frozenset(["ない", "ず", "ぬ", "ん"])
_NEG_ADJ = frozenset(["無い", "ない"])
_NEG_ADJ_AFTER = frozenset(["て", "で", "く", "は", "も", "じゃ", "しく", "たく"])
_FUNCTION_VERB_AFTER = frozenset(["に", "を", "と", "も"])
_NUMBER_KIND, _LATIN_KIND, _WORD_KIND = 0, 1, 2
_NOT_COMPOUND = frozenset(["数詞", "固有名詞"])
"""Second-level parts of speech of nouns that do not start a compound (numerals, proper nouns)."""
_PREDICATE = operator.itemgetter(10)
"""A token's flag: a predicate that can end the main clause."""


_WordStatic = tuple[bool, str, str, float, int, str, frozenset[str], str, float, bool,
                    tuple[tuple[str, frozenset[str]], ...]]
"""What a source content word brings to the alignment, whatever the target and wherever it occurs (see
:func:`_word_static`): (negating, text, kind — noun, verb, adj, adv, name, number, latin —, base weight, how —
_NUMBER_KIND (``value`` is its digits), _LATIN_KIND (``value`` is the word lower-cased) or _WORD_KIND —, value,
stems, skeleton — the consonant skeleton of its reading (names and katakana words), else '' —, name_need — the
skeleton similarity a target word needs to be an entity rendering, 0: not an entity name —, katakana — compared by
sound with every target word when nothing else covers it —, antonyms — (antonym, the stems of its first sense that
the word's own glosses do not have))."""
_SourceWord = tuple[tuple[int, int], float, _WordStatic]
"""A content word of one source: (span, weight — its base weight, or 3 for the main predicate —, its anchors)."""


@dataclass(slots=True)
class _SourceSide:
    """Everything :func:`analyse` computes from the source alone, cached per distinct source text (a source with
    several MT candidates is parsed once)."""

    words: tuple[_SourceWord, ...]
    negations: tuple[tuple[int, int], ...]
    negating_words: tuple[tuple[int, int], ...]
    explained: frozenset[str]
    names_sk: tuple[str, ...]
    lower: str
    parse: tuple[tuple[_Token, ...], tuple[int, ...], tuple[int, ...]] = ((), (), ())
    """The source's tokens with their offsets (:func:`_nodes`), kept for ``addition``'s wider look at the few units
    it suspects (references to the parse's own tuples: no copy)."""


def _word_static(d: Dictionary, text: str, compound: bool, surf: str, lemma: str, kind: str, pos2: str,
                 kana: str, sub: str) -> _WordStatic:
    """(negating, text, kind, weight, how, value, stems, skeleton, name_need, katakana, antonyms) of one source
    content word, from its tokens alone (memoised per word and part of speech). ``weight`` is the kind's base
    weight (the caller raises the main predicate's)."""
    key = (text, compound, surf, lemma, kind, pos2, kana, sub)
    hit = d.words.get(key)
    if hit is not None:
        return hit
    from review_app.checks.names import kana_skeleton

    head = text if compound else (lemma if kind in ("verb", "adj") and lemma else surf)
    pos_kind = kind
    negating = bool((_NEGATING_PREFIX.match(text) and len(text) >= 2) or d.negative(head) or d.negative(surf) or (
        d.negative(lemma) or (kind == "noun" and d.negative(surf + "る"))))  # 控え → 控える
    weight = _BASE_WEIGHT[kind]
    digits = _fold_digits(surf)
    stems: frozenset[str] = frozenset()
    sk, need, kata = "", 0.0, False
    antonyms: tuple[tuple[str, frozenset[str]], ...] = ()
    kanji = kanji_value(text) if pos2 == "数詞" else None
    if (pos2 == "数詞" or digits.isdigit()) and (kanji or digits.replace(",", "").replace(".", "").isdigit()):
        # (full-width digits are sometimes tagged a common noun: １０ before 時 was glossed "ten years of age")
        how, value, kind, weight = _NUMBER_KIND, kanji or digits.replace(",", ""), "number", 3.0
    elif _LATIN_WORD.fullmatch(digits):
        how, value, kind, weight = _LATIN_KIND, digits.lower(), "latin", 3.0
        stems = frozenset(stem(w) for w in _WORD_RE.findall(digits))
    else:
        how, value = _WORD_KIND, ""
        stems = d.stems(head) or (d.stems(surf) if head != surf else frozenset())
        if compound and not stems:
            surf = text  # katakana words joined: one loanword, compared by sound below
        if not stems and kind in ("verb", "adj") and lemma:
            stems = d.stems(lemma)
        kata = bool(_KATAKANA_WORD.fullmatch(surf))
        reading = surf if kata else (kana if pos2 == "固有名詞" else "")
        if pos2 == "固有名詞" or (kata and not stems):
            kind, weight = "name", 3.0
        sk = kana_skeleton(reading) if reading else ""
        if sk and len(sk) >= 3 and kind == "name" and sub != "地名-国":
            # country names have demonyms (Japan, Japanese): their renderings vary by grammar, not by mistake
            need = 0.6 if pos2 == "固有名詞" else 0.7
        if len(head) >= 2 and pos_kind in ("verb", "adj"):
            antonyms = tuple((a, frozenset(_antonym_only(d, a, stems))) for a in d.antonyms.get(head, ())
                             if len(a) >= 2)
    hit = (negating, text, kind, weight, how, value, stems, sk, need, kata, antonyms)
    if len(d.words) < _MEMO_LIMIT:
        d.words[key] = hit
    return hit


def _antonym_only(d: Dictionary, antonym: str, stems: frozenset[str]) -> set[str]:
    """The stems of the antonym's first sense (its first two gloss words) that the word's own stems lack."""
    return {stem(w) for w in d.glosses.get(antonym, "").split()[:2]} - stems


SOURCE_CACHE_SIZE = 2048


def _source_side(source: str, d: Dictionary) -> _SourceSide:
    """The source's content words with their anchors, its negation markers and negative-meaning words: the part of
    the analysis that does not depend on the target. The last :data:`SOURCE_CACHE_SIZE` sources are kept, so the
    candidates of one source (or a source repeated in a document) share one parse."""
    cache = d.sources
    hit = cache.get(source)
    if hit is not None:
        return hit
    parse = _nodes(source)
    nodes, starts, ends = parse
    words: list[_SourceWord] = []
    negations: list[tuple[int, int]] = []
    negating: list[tuple[int, int]] = []
    explained: set[str] = set()
    names_sk: list[str] = []
    count = len(nodes)
    preds = list(map(_PREDICATE, nodes))
    last_pred = count - 1 - preds[::-1].index(True) if True in preds else -1
    glosses = d.glosses
    statics = d.token_words
    skip_to = 0
    for i in [k for k, n in enumerate(nodes) if n[7] or n[8]]:  # negation markers and content words
        if i < skip_to:
            continue  # inside the compound before
        n = nodes[i]
        start, end = starts[i], ends[i]
        negc = n[7]
        if negc:  # negation markers
            if negc == _NEG_AUX_CODE or (negc == _NEG_ADJ_CODE and i > 0 and nodes[i - 1][0] in _NEG_ADJ_AFTER):
                (negating if _neg_exempt(source, start, end) else negations).append((start, end))
                continue
            if negc == _MASEN or (negc == _MASE and i + 1 < count and nodes[i + 1][0] == "ん"):
                span = (start, end + (1 if n[0] == "ませ" else 0))
                (negating if _neg_exempt(source, start, span[1]) else negations).append(span)
                continue
        contc = n[8]
        if not contc or (contc == _CONTENT_UNLESS_PARTICLE and i > 0 and nodes[i - 1][0] in _FUNCTION_VERB_AFTER):
            continue
        kind = n[9]
        if kind is None:  # (a content code implies a kind)
            continue
        pos2 = n[2]
        j = i + 1
        if kind == "noun" and pos2 not in _NOT_COMPOUND:
            # compound nouns: the longest run of nouns the dictionary knows
            k = i + 1
            run = text = n[0]
            span_end = end
            while k < count and nodes[k][11] and k - i < 4:
                if starts[k] != ends[k - 1]:
                    break
                part = nodes[k][0]
                run += part
                if run in glosses or (_KATAKANA_WORD.fullmatch(run) and _KATAKANA_WORD.fullmatch(part)):
                    j, span_end, text = k + 1, ends[k], run  # a compound, or katakana words of one loanword
                k += 1
        elif pos2 == "数詞":  # a kanji numeral split into tokens (二十 / 四): one number (kanji_numbers)
            j = numeral_end(nodes, starts, ends, i)
            start = starts[numeral_start(nodes, starts, ends, i)]
            span_end, text = ends[j - 1], source[start:ends[j - 1]]
        if j == i + 1 and start == starts[i]:  # one token: its anchors are memoised by the token type
            span_end = end
            static = statics.get(n[17])
            if static is None:
                static = _word_static(d, n[0], False, n[0], n[3], kind, pos2, n[4], n[6])
                if len(statics) < _MEMO_LIMIT:
                    statics[n[17]] = static
        else:
            static = _word_static(d, text, True, n[0], n[3], kind, pos2, n[4], n[6])
        if static[0]:
            negating.append((start, span_end))
        if static[4] == _NUMBER_KIND:
            # (years, months, times, percentages, 万/億 amounts are no anchors: the number and date checks
            # compare them; a day of the month is also covered by a weekday: kanji_numbers.number_static)
            static = number_static(static, source, start, span_end, nodes[j] if j < count else None)
            if static is None:
                continue
            explained.add("#" + static[5])
        elif static[6]:
            explained.update(static[6])
        if static[7]:
            names_sk.append(static[7])
        words.append(((start, span_end), 3.0 if i == last_pred else static[3], static))
        skip_to = j
    side = _SourceSide(tuple(words), tuple(negations), tuple(negating), frozenset(explained), tuple(names_sk),
                       source.lower(), parse)
    if len(cache) >= SOURCE_CACHE_SIZE:
        cache.popitem(last=False)  # the oldest (O(1): a plain dict's first key is found past every deleted slot)
    cache[source] = side
    return side


_TargetWord = tuple[str, str, str, bool, str | None, bool, str, str | None, str]
_TARGET_MEMO: dict[str, _TargetWord] = {}


def _target_word(w: str) -> _TargetWord:
    """(the word, its stem, lower case, is a content word, the number an English number word stands for, is
    capitalised, its consonant skeleton if capitalised else '', ``"#"`` + the number or None, its skeleton if it
    is longer than two letters else '') of a target word, memoised per word."""
    hit = _TARGET_MEMO.get(w)
    if hit is None:
        from review_app.checks.names import en_skeleton

        lw = w.lower()
        num = _EN_NUMBER_WORDS.get(lw)
        cap = w[0].isupper()
        sk = en_skeleton(w) if cap or len(w) > 2 else ""
        hit = (w, stem(w), lw, not (lw in EN_STOP or len(lw) < 3), num, cap, sk if cap else "",
               "#" + num if num else None, sk if len(w) > 2 else "")
        if len(_TARGET_MEMO) < _MEMO_LIMIT:
            _TARGET_MEMO[w] = hit
    return hit


_SIM_MEMO: dict[tuple[str, str], tuple[float, float | None]] = {}


def _close(a: str, b: str, floor: float) -> float:
    """:func:`review_app.checks.names.similarity` of two skeletons when it can reach ``floor``, else 0.0 (decided
    without the sequence matcher when even every character of ``a`` that ``b`` has could not reach it). Memoised
    per pair: that bound, and the similarity once a floor the bound allows asked for it."""
    la, lb = len(a), len(b)
    if not la or not lb or 2.0 * (la if la < lb else lb) / (la + lb) < floor:
        return 0.0  # (the bound below is at most the shorter length)
    hit = _SIM_MEMO.get((a, b))
    if hit is None:
        hit = (2.0 * min(sum(1 for c in a if c in b), lb) / (la + lb), None)
    bound, sim = hit
    if bound < floor:
        if len(_SIM_MEMO) < _MEMO_LIMIT:
            _SIM_MEMO[(a, b)] = hit
        return 0.0
    if sim is None:
        from review_app.checks.names import similarity

        sim = similarity(a, b)
        if len(_SIM_MEMO) < _MEMO_LIMIT:
            _SIM_MEMO[(a, b)] = (bound, sim)
    return sim if sim >= floor else 0.0


_NEAR_MEMO: dict[tuple[float, str], dict[str, bool]] = {}
"""Whether two skeletons are close at a floor (``_close(a, b, floor) > 0``), as one table per (floor, ``a``) keyed
by ``b``: a source name or loanword meets the same target words unit after unit, and a lookup in its table is
a fraction of a call to :func:`_close`. At most :data:`_NEAR_LIMIT` pairs in all are kept (then the rest is
computed each time)."""
_NEAR_LIMIT = 1 << 18
_near_size = [0]


def _near_table(a: str, floor: float) -> dict[str, bool]:
    """The table of :data:`_NEAR_MEMO` for skeleton ``a`` at ``floor`` (a new, unkept one once the memo is full)."""
    table = _NEAR_MEMO.get((floor, a))
    if table is None:
        table = {}
        if _near_size[0] < _NEAR_LIMIT:
            _NEAR_MEMO[(floor, a)] = table
    return table


def _near_in(table: dict[str, bool], a: str, b: str, floor: float) -> bool:
    """``_close(a, b, floor) > 0``, read from or written to ``a``'s table at ``floor``."""
    hit = table.get(b)
    if hit is None:
        hit = _close(a, b, floor) > 0.0
        if _near_size[0] < _NEAR_LIMIT:
            table[b] = hit
            _near_size[0] += 1
    return hit


def _near(skeletons: Sequence[str], b: str, floor: float) -> bool:
    """Whether any of ``skeletons`` is close to ``b`` (:func:`_close` reaches ``floor``), memoised per pair."""
    for a in skeletons:
        table = _near_table(a, floor)
        hit = table.get(b)
        if hit is None:
            hit = _near_in(table, a, b, floor)
        if hit:
            return True
    return False


def analyse(unit: Unit, glossary_covered: Sequence[tuple[int, int]] | Callable[[], Sequence[tuple[int, int]]] = (),
            dictionary: Dictionary | None = None) -> UnitEvidence:
    """The evidence of one unit (see the module docstring): the source side (:func:`_source_side`, cached per
    source text) matched against the target's words. ``glossary_covered``: the source spans of glossary terms the
    target renders, or a function that finds them (called only when a source word is not covered otherwise)."""

    d = dictionary or current_dictionary()
    source, target = unit.source, unit.target or ""
    side = _source_side(source, d)
    ev = UnitEvidence(negating_words=list(side.negating_words), side=side, glossary_spans=glossary_covered)
    get = _TARGET_MEMO.get
    tw = ev.targets
    t_stems: dict[str, tuple[int, int]] = {}
    t_skel: list[tuple[str, tuple[int, int]]] = []
    explained, names_sk, s_lower = side.explained, side.names_sk, side.lower
    unexplained = ev.unexplained
    content = 0
    for m in _WORD_RE.finditer(target):
        tword = m.group()
        info = get(tword) or _target_word(tword)
        sp = m.span()
        tw.append((info, sp))
        st = info[1]
        if st not in t_stems:
            t_stems[st] = sp
        if "-" in tword:  # each part of a hyphenated word renders a word of its own (love-hate: 愛憎)
            for part in tword.split("-"):
                if len(part) > 1:
                    t_stems.setdefault(stem(part), sp)
        esk = info[6]
        if esk:
            t_skel.append((esk, sp))
        # target content words nothing in the source accounts for
        if info[3]:
            content += 1
            if st in explained or info[2] in s_lower or (info[7] and info[7] in explained) or (
                    esk and names_sk and _near(names_sk, esk, 0.6)):
                continue
            unexplained.append(sp)
    ev.target_content = content
    t_lower = target.lower()
    t_numbers: list[str] | None = None
    name_scores: list[tuple[str, tuple[int, int], list[tuple[float, tuple[int, int]]]]] = []
    words = ev.words
    for span, weight, (_neg, text, kind, _w, how, value, stems, sk, need, kata, antonyms) in side.words:
        word = SourceWord(span, text, kind, weight, UNKNOWN)
        if how == _NUMBER_KIND:
            if t_numbers is None:
                t_numbers = [m.group().replace(",", "") for m in _NUMBER_RE.finditer(_fold_digits(target))]
                t_numbers += [info[4] for info, _sp in tw if info[4]]
            hit = next((x for x in t_numbers if value in x or x.endswith(value) or (x in value and len(x) >= 2)),
                       None)
            word.status = COVERED if hit or (stems and not stems.isdisjoint(t_stems)) else UNCOVERED
        elif how == _LATIN_KIND:
            word.status = COVERED if value in t_lower else UNCOVERED
        else:
            word.anchors = stems
            word.sounded = bool(sk and len(sk) >= 2)
            # the earliest target word among the renderings (not the first stem in set order, which varies
            # with the string hash seed from one process to the next)
            common = t_stems.keys() & stems  # (one C intersection, not a loop over the stems)
            hit_span = min(map(t_stems.__getitem__, common)) if common else None
            if kind == "name" and sk and len(sk) >= 2:
                # (similarities below 0.6 count as 0: neither a rendering nor a cover)
                scored = [(_close(sk, esk, 0.6), sp) for esk, sp in t_skel]
                best = max(scored, default=(0.0, None))
                if need:
                    name_scores.append((text, span, [(x, sp) for x, sp in scored if x >= need]))
                if best[0] >= 0.7:
                    word.heard = best[1]
            if kata and len(sk) >= 3:
                word.loanword = sk
                if word.heard is None and hit_span is None:
                    word.heard = _heard(sk, tw)
            if hit_span is None:
                hit_span = word.heard
            if hit_span is not None:
                word.status, word.target_span = COVERED, hit_span
            elif stems or word.sounded:
                word.status = UNCOVERED
            if hit_span is None:
                for a, only in antonyms:
                    # a target word another source word's glosses explain renders that word, not the antonym
                    # ("close aides" for 側近 beside 高く評価: 'close' is also a gloss of 低い)
                    flips = [t_stems[s] for s in only if s in t_stems and s not in explained]
                    if flips:
                        ev.antonym_flips.append((span, min(flips), text, a))
        if word.status == UNCOVERED and text in target:  # left in Japanese: untranslated reports it
            word.status = COVERED
        words.append(word)
    if glossary_covered and any(w.status != COVERED for w in ev.words):
        spans = glossary_covered() if callable(glossary_covered) else glossary_covered
        ev.glossary_spans = spans
        for w in ev.words:
            if w.status != COVERED and any(s <= w.span[0] and w.span[1] <= e for s, e in spans):
                w.status, w.by_term = COVERED, True
    ev.negations = list(side.negations)
    for ns, _ne in side.negations:
        before = None
        for w in ev.words:
            if w.span[1] > ns:
                break
            before = w
        ev.negated_covered.append(before is not None and before.status == COVERED)
        ev.negated_at.append(before.target_span if before is not None else None)
    # each capitalised target word renders at most one source name: the one it sounds most like
    owner: dict[tuple[int, int], tuple[float, int]] = {}
    for k, (_name, _span, scored) in enumerate(name_scores):
        for sim, sp in scored:
            if sim > owner.get(sp, (0.0, -1))[0]:
                owner[sp] = (sim, k)
    for k, (name, span, scored) in enumerate(name_scores):
        mine = [(sim, sp) for sim, sp in scored if owner.get(sp, (0.0, -1))[1] == k]
        if mine:
            ev.names.append((name, span, max(mine)[1]))
    return ev



Span = tuple[int, int]


@dataclass(slots=True, frozen=True)
class Digest:
    """What the meaning checks read of a unit's :class:`UnitEvidence`, kept for the whole run (the evidence
    itself is dropped: a 100k-unit file must not hold 100k word lists). Spans are offsets into the unit's source
    (``s``) or target (``t``)."""

    total: float
    """Weight of the known source words (covered or uncovered)."""
    uncovered: float
    """Weight of the uncovered ones."""
    n_known: int
    uncovered_words: tuple[str, ...]
    """The uncovered words (at most :data:`SHOWN`), in source order; ``n_uncovered`` counts them all."""
    n_uncovered: int
    uncovered_span: Span | None
    """s: from the first uncovered word to the last."""
    run: Span | None
    """s: the heaviest run of consecutive uncovered words."""
    run_weight: float
    run_words: tuple[str, ...]
    run_anchor: Span | None
    """t: the rendering of the last covered source word before the run (where the run should have followed)."""
    target_content: int
    unexplained: tuple[Span, ...]
    """t: the target content words nothing in the source accounts for."""
    negations: tuple[tuple[Span, bool, Span | None], ...]
    """s: negation markers, with whether the negated word is covered and t: where it is rendered."""
    negating: bool
    """The source has a negative-meaning word or a non-negating idiom with ない (see :class:`UnitEvidence`)."""
    flips: tuple[tuple[Span, Span, str, str], ...]
    """Antonym flips of uncovered source words: (s, t, source word, antonym)."""
    names: tuple[tuple[str, Span, Span], ...]
    """(source name, s, t of its likeliest rendering)."""
    strict: Strict | None = None
    """The one-to-one coverage and the heaviest wholly uncovered run of source clauses
    (:func:`review_app.checks.clauses.strict_coverage`; None when the digest was made without the unit, or when no
    rule of the run can read it: see :class:`StrictReaders`)."""
    sentence: SentenceGap | None = None
    """The heaviest sentence of a source of two or more whose known words are all uncovered while another's are
    rendered (:func:`review_app.checks.clauses.dropped_sentence`; None unless ``omission``'s ``sentence`` rule is
    on)."""

    @property
    def all_covered(self) -> bool:
        return self.n_known > 0 and self.n_uncovered == 0


SHOWN = 8


@dataclass(frozen=True, slots=True)
class StrictReaders:
    """Which rules of a run read a unit's strict coverage (:attr:`Digest.strict`), so that the digest computes it
    only for the units where one of them can (it is an eighth of the analysis's time; the evidence it needs is
    dropped with the unit, so it cannot be computed later). Each test below is a condition the rule itself
    requires before it looks at the strict coverage, so a unit left without it gets the findings it would get
    with it:

    * ``omission``'s clause and unmatched rules read the clause gap and the strictly uncovered words of a unit
      with known source words whose target is short for its source: (target length / source length,
      characters) / the run's median ratio ≤ ``max_ratio``, ``unmatched_max_ratio`` or ``main_max_ratio``, whichever
      is largest;
    * ``addition`` reads the strict Latin weight (nonzero only where a Latin word of one or two letters is
      covered: :func:`review_app.checks.clauses.strict_status`) and, for its invented-target rule, the strict
      coverage of a unit whose target content words are all unexplained — both only when some target word is
      unexplained.
    """

    clause_ratio: float | None
    """The largest of ``omission``'s ``max_ratio``, ``unmatched_max_ratio`` and ``main_max_ratio``: the largest
    relative length (a unit's target/source length ratio over :attr:`clause_expected`) at which its clause,
    main-clause or unmatched rule reads the strict coverage; None when ``omission`` is off."""
    clause_expected: float = 1.0
    """The run's median length ratio (or ``omission``'s ``default_ratio``) that divides a unit's ratio."""
    addition: bool = False
    """``addition`` is on."""
    sentence: bool = False
    """``omission``'s ``sentence`` rule is on (:attr:`Digest.sentence` is computed only then)."""

    @classmethod
    def of(cls, ctx: CheckContext) -> StrictReaders:
        """The readers of ``ctx``'s run, with ``omission``'s options as that check reads them (``max_ratio``,
        default 0.77; ``unmatched_max_ratio``, default 0.8; ``main_max_ratio``, default 0.85; ``default_ratio``,
        default 2.6, for a run without a median ratio)."""
        from review_app.checks.base import switched_on
        from review_app.checks.registry import all_checks

        on = {c.check_id for c in all_checks() if c.check_id in ("omission", "addition") and switched_on(c, ctx.config)}
        if "omission" not in on:
            return cls(None, 1.0, "addition" in on)
        max_ratio = max(float(ctx.config.option("omission", "max_ratio", 0.77)),
                        float(ctx.config.option("omission", "unmatched_max_ratio", 0.8)),
                        float(ctx.config.option("omission", "main_max_ratio", 0.85)))
        expected = ctx.analyses.length_ratio or float(ctx.config.option("omission", "default_ratio", 2.6))
        return cls(max_ratio, expected, "addition" in on, bool(ctx.config.option("omission", "sentence", False)))

    def need(self, ev: UnitEvidence, unit: Unit, n_known: int) -> bool:
        """Whether a rule can read the strict coverage of ``unit`` (its evidence ``ev``, ``n_known`` known
        source words)."""
        # (the ratio is omission's expression, so a unit at the bound compares the same)
        if self.clause_ratio is not None and n_known and unit.source and not (
                len(unit.target or "") / len(unit.source)) / self.clause_expected > self.clause_ratio:
            return True
        if self.addition and ev.unexplained:
            if len(ev.unexplained) == ev.target_content:
                return True
            return any(w.kind == "latin" and w.status == COVERED and len(w.text) <= 2 for w in ev.words)
        return False


def _heard(sk: str, tw: Sequence[tuple[Any, tuple[int, int]]]) -> tuple[int, int] | None:
    """The first target word a loanword's skeleton sounds like (イニシエーション ↔ initiation), if any (a
    target skeleton met before with this loanword: one lookup in its :func:`_near_table`)."""
    table = _near_table(sk, 0.75)
    get = table.get
    for info, sp in tw:
        esk = info[8]
        if esk:
            hit = get(esk)
            if hit is None:
                hit = _near_in(table, sk, esk, 0.75)
            if hit:
                return sp
    return None


def refine_exact(ev: UnitEvidence, target: str, dictionary: Dictionary | None = None) -> int:
    """Each source word's precise status (:attr:`SourceWord.exact`, :attr:`SourceWord.exact_span`) and the count
    of target content words with no precise counterpart (:attr:`UnitEvidence.unexplained_exact`, returned).
    Computed after :func:`analyse`, only for a unit whose strict coverage a rule reads (the stems of the target's
    words and of the glosses' content words are the costly part)."""
    if ev.unexplained_exact is not None:
        return ev.unexplained_exact
    d = dictionary or current_dictionary()
    side = ev.side
    t_keys: dict[str, tuple[int, int]] = {}
    content: list[tuple[Any, tuple[int, int], tuple[str, ...]]] = []
    for info, sp in ev.targets:
        if info[3]:
            ks = lemma_keys(info[0])
            content.append((info, sp, ks))
            for k in ks:
                t_keys.setdefault(k, sp)
        elif info[2] in PRIMARY_STOP:
            t_keys.setdefault(lemma_key(info[0]), sp)  # (not a content word of the target: never unexplained)
    source_keys: set[str] = set()
    pending = False
    for w in ev.words:
        if w.kind in ("number", "latin"):
            w.exact = w.status
            continue
        keys = d.keys(w.anchors)
        source_keys.update(keys)
        found = [t_keys[k] for k in keys if k in t_keys]
        span = min(found) if found else w.heard
        if span is None and w.loanword:
            span = w.heard = _heard(w.loanword, ev.targets)
        if span is not None or w.by_term:
            w.exact, w.exact_span = COVERED, span
        elif keys or w.sounded:
            # (a word glossed by English function words alone, 依然 "still", has nothing to look for: unknown)
            w.exact = COVERED if w.text in target else UNCOVERED  # (left in Japanese: untranslated reports it)
            pending = pending or w.exact == UNCOVERED
    if pending and ev.glossary_spans:
        spans = ev.glossary_spans() if callable(ev.glossary_spans) else ev.glossary_spans
        for w in ev.words:
            if w.exact == UNCOVERED and any(s <= w.span[0] and w.span[1] <= e for s, e in spans):
                w.exact = COVERED
    missing = 0
    explained, names_sk, s_lower = side.explained, side.names_sk, side.lower
    for info, _sp, ks in content:
        if not source_keys.isdisjoint(ks) or info[2] in s_lower or (info[7] and info[7] in explained):
            continue
        # a name's sound explains a target word from 0.6 (:func:`analyse`); precisely, from what covers a name, 0.7
        esk = info[6]
        if esk and names_sk and _near(names_sk, esk, 0.7):
            continue
        missing += 1
    ev.unexplained_exact = missing
    return missing


def digest(ev: UnitEvidence, unit: Unit | None = None, readers: StrictReaders | None = None) -> Digest:
    """The compact form of ``ev`` the checks read (one pass over the words; the weights are summed in source
    order, as ``sum`` would, and the heaviest run is the first of the heaviest of :func:`runs`). With ``unit``,
    the evidence's unit: also its strict coverage (:mod:`review_app.checks.clauses`), when ``readers`` (all rules
    if None) can read it."""

    total: float = 0
    uncovered: float = 0
    n_known = 0
    unc: list[SourceWord] = []
    best: list[SourceWord] = []
    best_weight: float = 0
    cur: list[SourceWord] = []
    cur_weight: float = 0
    for w in ev.words:
        st = w.status
        if st == UNKNOWN:
            continue
        n_known += 1
        total += w.weight
        if st == UNCOVERED:
            uncovered += w.weight
            unc.append(w)
            cur.append(w)
            cur_weight += w.weight
        elif cur:
            if not best or cur_weight > best_weight:
                best, best_weight = cur, cur_weight
            cur, cur_weight = [], 0
    if cur and (not best or cur_weight > best_weight):
        best, best_weight = cur, cur_weight
    if unc:
        uncovered_spans = {w.span for w in unc}
        flips = tuple(f for f in ev.antonym_flips if f[0] in uncovered_spans)
    else:
        flips = ()
    return Digest(
        total=total, uncovered=uncovered, n_known=n_known,
        uncovered_words=tuple(w.text for w in unc[:SHOWN + 1]), n_uncovered=len(unc),
        uncovered_span=(unc[0].span[0], unc[-1].span[1]) if unc else None,
        run=(best[0].span[0], best[-1].span[1]) if best else None, run_weight=best_weight,
        run_words=tuple(w.text for w in best[:SHOWN + 1]),
        run_anchor=anchor_before(ev, best[0].span[0]) if best else None,
        target_content=ev.target_content, unexplained=tuple(ev.unexplained),
        negations=tuple(zip(ev.negations, ev.negated_covered, ev.negated_at, strict=True)),
        negating=bool(ev.negating_words),
        flips=flips,
        names=tuple(ev.names),
        strict=_strict(ev, unit) if unit is not None and (readers is None or readers.need(ev, unit, n_known))
        else None,
        sentence=_sentence(ev, unit.source) if unit is not None and unc and len(unc) < n_known and (
            readers is None or readers.sentence) and _SENTENCE_INSIDE.search(unit.source) else None)


_SENTENCE_INSIDE = re.compile(r"[。．！？!?][」』）)】〉》”’\"]*[^\s」』）)】〉》”’\"。．！？!?]")
"""A sentence end with more text after it: the only sources :func:`_sentence` reads."""


def _sentence(ev: UnitEvidence, source: str) -> SentenceGap | None:
    from review_app.checks.clauses import dropped_sentence

    return dropped_sentence(ev.words, source, SHOWN)


def _strict(ev: UnitEvidence, unit: Unit) -> Strict:
    """The unit's strict coverage (:func:`review_app.checks.clauses.strict_coverage`), on the precise statuses."""
    from review_app.checks.clauses import strict_coverage

    target = unit.target or ""
    missing = refine_exact(ev, target)
    return strict_coverage(ev.words, unit.source, target, SHOWN, missing)


def evidence_of(ctx: CheckContext) -> Any:
    """``ctx.analyses.meaning``: the per-unit evidence (as a :class:`Digest`), computed once per unit and run.
    With a glossary loaded, a source term whose concept the target also has counts as covered: those matches come
    from the glossary checks' pass (``ctx.analyses.glossary``, computed here if no glossary check has run yet),
    which matches every unit's source and target once for all of them; a unit that is not one of ``ctx.units``
    is matched here."""
    from review_app.checks.analyses import PerUnit
    from review_app.glossary.model import Glossary

    glossary = ctx.glossary if isinstance(ctx.glossary, Glossary) and ctx.glossary.concepts else None
    readers = StrictReaders.of(ctx)
    ahead = ParseAhead(ctx.analyses.checkable)
    if _renderings.of_config(ctx.config):
        # accepted renderings: a unit analysed outside the run's checks (the Review page's evidence) reads them too
        config = ctx.config
        inner = _evidence(ctx, glossary, readers, ahead)

        def accepted(unit: Unit) -> Digest:
            with _renderings.active(config):
                return inner(unit)

        return PerUnit(accepted)
    return PerUnit(_evidence(ctx, glossary, readers, ahead))


def _evidence(ctx: CheckContext, glossary: Any, readers: StrictReaders, ahead: ParseAhead) -> Callable[[Unit], Digest]:
    if glossary is None:
        return lambda unit: digest(analyse(ahead(unit)), unit, readers)
    rendered = ctx.analyses.glossary.rendered_sources
    units = ctx.units  # (not ctx: the analyses of a context must not hold it, see Analyses._ctx)
    position = {id(u): n for n, u in enumerate(units)}
    src, tgt = glossary.matcher(ctx.source_lang), glossary.matcher(ctx.target_lang)

    def compute(unit: Unit) -> Digest:
        n = position.get(id(unit))
        if n is not None and rendered is not None and units[n] is unit:
            return digest(analyse(ahead(unit), lambda: [(s, e) for s, e, _cid in rendered.get(n)]), unit, readers)

        def covered() -> list[tuple[int, int]]:
            s_matches = src.find(unit.source)
            if not s_matches:
                return []
            in_target = {m.concept_id for m in tgt.find(unit.target or "")}
            return [(m.start, m.end) for m in s_matches if m.concept_id in in_target]

        return digest(analyse(ahead(unit), covered), unit, readers)

    return compute


PARSE_AHEAD = 32
"""How many sources :class:`ParseAhead` parses in one go (fewer than :data:`review_app.checks.ja_tokens.RAW_CACHE_SIZE`,
where the parses wait)."""


class ParseAhead:
    """Parses the sources of the next :data:`PARSE_AHEAD` units in one go when the analysis reaches a unit beyond
    the last batch: MeCab's dictionary then stays in the processor's caches from one parse to the next, where one
    parse between two units' Python work found it evicted (on bench/qa.py's 20,000-unit file, inside a run of the
    four checks, the parses took 2.0 s of CPU one at a time, and 0.5 s parsed again right after). The parses wait in
    :func:`review_app.checks.ja_tokens.raw`'s cache; sources whose analysis is kept already are not parsed. Called
    with each unit whose evidence is computed (returned unchanged); ``units``: the units in the order the
    meaning checks read them (:attr:`review_app.checks.analyses.Analyses.checkable`)."""

    __slots__ = ("_at", "_next", "_units")

    def __init__(self, units: Sequence[Unit]) -> None:
        self._units = units
        self._at: dict[int, int] | None = None
        self._next = 0

    def __call__(self, unit: Unit) -> Unit:
        if self._at is None:
            self._at = {id(u): k for k, u in enumerate(self._units)}
        k = self._at.get(id(unit))
        if k is not None and k >= self._next:
            from review_app.checks.ja_tokens import raw

            kept = current_dictionary().sources
            for u in self._units[k:k + PARSE_AHEAD]:
                if u.source not in kept:
                    raw(u.source)
            self._next = k + PARSE_AHEAD
        return unit


AUTO_MAX_UNITS = 5000
"""The meaning checks run without being switched on on a file or project of at most this many units
(:attr:`review_app.checks.base.Check.auto_max_units`): about 2.5 s of added CPU at the measured 10.3 s per 20,000
distinct sources (docs/checks.md, cost), and a reviewer's article is a few hundred."""


class MeaningCheck(Check):
    """What the four meaning checks share: accuracy errors of Japanese → English, major, read from
    ``ctx.analyses.meaning``; a target that copies the source is source-copy's to report.

    Opt-in with an automatic default: they run on a file or project of at most :data:`AUTO_MAX_UNITS` units
    (an article, a chapter: a second or two of CPU) unless ``[options.<id>] enabled = false``, and above it only
    when switched on (``enabled = true``, or the id in an ``enabled`` list); a run that leaves them out says so.
    On a file whose sources are all distinct the word-level analysis (a fugashi parse and a dictionary alignment of
    every unit) still costs more than the issue's budget of +50 % of the QA suite's CPU time for a default check
    (docs/checks.md gives the last measurement on the 100k-unit bench file), which is why they are not simply
    on."""

    category = Category.ACCURACY
    severity = Severity.MAJOR
    source_langs = JA
    target_langs = EN
    skip_source_copies = True
    opt_in = True
    auto_max_units: ClassVar[int | None] = AUTO_MAX_UNITS


def anchor_before(ev: UnitEvidence, start: int) -> tuple[int, int] | None:
    """The target span of the last covered source word before source offset ``start``: where a dropped source
    span should have appeared (after it), for the Review page's highlight."""
    spans = [w.target_span for w in ev.words if w.span[1] <= start and w.status == COVERED and w.target_span]
    return spans[-1] if spans else None


def runs(words: Iterable[SourceWord], status: int) -> list[list[SourceWord]]:
    """Maximal runs of consecutive known words with ``status`` (unknown words neither break nor join a run)."""
    out: list[list[SourceWord]] = []
    cur: list[SourceWord] = []
    for w in words:
        if w.status == UNKNOWN:
            continue
        if w.status == status:
            cur.append(w)
        else:
            if cur:
                out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out
