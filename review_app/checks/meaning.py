"""Word-level evidence for the meaning checks: which source content words reach the target, and the reverse.

The shared analysis ``ctx.analyses.meaning`` (:class:`~review_app.checks.analyses.Analyses`) aligns, for each unit
and once per run, the content words of the Japanese source (fugashi + unidic-lite tokens: nouns, verbs,
adjectives, adverbs; light nouns and auxiliary verbs left out; adjacent nouns looked up as one compound first)
with the words of the English target, by these anchors, in order:

* **numbers** — the digits of a source numeral (full-width folded) occur in a target number;
* **Latin-script words** of the source (CanCam, NHK, PCR) occur in the target, case folded;
* **names and katakana words** — the consonant skeleton of the word's reading (``トノサキ`` → ``tnsk``) is close to
  the skeleton of a target word (``Tonosaki``; :func:`review_app.checks.names.kana_skeleton`, the same
  comparison the name checks use);
* **the dictionary** — an English content word of the source word's JMdict glosses occurs in the target, both
  reduced to a crude stem (irregular forms mapped, a suffix stripped, then the first four letters: ``declined``
  ↔ ``decline``, ``served`` ↔ ``service``). The dictionary is a committed subset of JMdict
  (``review_app/checks/data/jmdict_common.tsv.gz``, CC BY-SA 4.0, made by ``scripts/gen_meaning_dictionary.py``).
* the **glossary** — with a glossary loaded, a source word inside a matched glossary term whose target term is in
  the target is covered (the glossary checks report the others).

A source word is *covered*, *uncovered* (it has anchors — dictionary glosses, a reading — and none is found in
the target) or *unknown* (nothing to look for: not in the dictionary, no reading): unknown words never count as
omissions. A target content word (not an English function word) is *explained* when its stem is among the stems
of all source words' glosses, or it renders a source name, number or Latin word.

The per-unit result (:class:`UnitEvidence`) keeps only spans, weights and flags, never the parse.

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
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from review_app.checks.base import EN, JA, Category, Check
from review_app.models import Severity

if TYPE_CHECKING:
    from review_app.checks.base import CheckContext, Unit

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
    "japanese": "japan", "american": "america", "chinese": "china", "korean": "korea", "british": "britain",
    "russian": "russia", "french": "france", "german": "germany", "u.s": "america", "us": "america",
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
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 2 and not (suf == "s" and w.endswith(("ss", "us", "is"))):
            w = w[: -len(suf)]
            break
    if len(w) > 2 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":  # stopp → stop
        w = w[:-1]
    return w[:4]


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
        """The stems of the headword's English content words (empty when the dictionary does not have it)."""
        hit = self._memo.get(headword)
        if hit is None:
            g = self.glosses.get(headword)
            if not g:
                return frozenset()  # misses are not memoised: the memo stays within the dictionary's size
            hit = self._memo[headword] = frozenset(stem(w) for w in g.split())
        return hit


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
                             "応じる", "沿う", "巡る", "亘る"])
"""Verbs that make a postposition after に/を/と (による, について, における, に対して, に向けて, にとって,
かもしれない…)."""
_NUMBER_UNITS = re.compile(r"^[万億兆千百十]?[年月日時分秒％%]|^[万億兆千百]")
_KATAKANA_WORD = re.compile(r"[\u30a1-\u30fa\u30fc]{2,}")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9.&'\-]*")
_NEG_EXEMPT_BEFORE = ("かも", "に違い", "しか", "ほか", "ざるを得", "ずにはいられ", "とは限ら", "かもしれ", "仕方が",
                      "しょうが", "たまら", "堪ら", "わけにはいか", "ねばなら", "なければなら", "なくてはなら")
_NEG_EXEMPT_AFTER = re.compile(r"^(?:です|でしょう|だろう|のだろう|んだろう|のでは|んじゃ|のか|じゃ)?[かな]*[？?]|"
                               r"^(?:か|かな|かしら|でしょうか|だろうか|のではないか|ければ|くては|くちゃ|きゃ|"
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


@dataclass(slots=True)
class UnitEvidence:
    words: list[SourceWord] = field(default_factory=list)
    unexplained: list[tuple[int, int]] = field(default_factory=list)
    """Target spans of content words that no source word accounts for."""
    target_content: int = 0
    """How many target content words there are."""
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


def _tagger() -> Any:
    from review_app.glossary.matcher import _tagger as tagger

    return tagger()


def _fold_digits(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _nodes(source: str) -> list[tuple[int, int, str, str, str, str, str, str, str]]:
    """(start, end, surface, pos1, pos2, lemma, reading, conjugation form, pos3-pos4) of each token, with offsets.

    Reads the tagger's text output (one C call: unidic-lite's format, ``surface, pronunciation, lemma reading,
    lemma, pos1-pos2-…, conjugation type, conjugation form, accent`` separated by tabs), about 3.5× faster than a
    node object per token."""
    out = []
    pos = 0
    for line in _tagger().parse(source.replace("\n", " ").replace("\r", " ")).split("\n"):
        cols = line.split("\t", 7)
        if len(cols) < 5:
            continue
        surf = cols[0]
        if source.startswith(surf, pos):  # nearly always: MeCab drops only whitespace between tokens
            at = pos
        else:
            at = source.find(surf, pos)
            if at < 0:
                continue
        pos = at + len(surf)
        parts = cols[4].split("-", 3)
        out.append((at, pos, surf, parts[0], parts[1] if len(parts) > 1 else "", cols[3], cols[2],
                    cols[6] if len(cols) > 6 else "", "-".join(parts[2:]) if len(parts) > 2 else ""))
    return out


def _neg_exempt(source: str, start: int, end: int) -> bool:
    before = source[max(0, start - 8):start]
    if any(before.endswith(x) or (x in before[-len(x) - 2:]) for x in _NEG_EXEMPT_BEFORE):
        return True
    after = source[end:end + 12].lstrip(" 　")
    return bool(_NEG_EXEMPT_AFTER.match(after))


def analyse(unit: Unit, glossary_covered: Sequence[tuple[int, int]] = (), dictionary: Dictionary | None = None
            ) -> UnitEvidence:
    """The evidence of one unit (see the module docstring)."""
    from review_app.checks.names import en_skeleton, kana_skeleton, similarity

    d = dictionary or load_dictionary()
    source, target = unit.source, unit.target or ""
    ev = UnitEvidence()
    tw = target_words(target)
    t_stems: dict[str, tuple[int, int]] = {}
    t_skel: list[tuple[str, tuple[int, int]]] = []
    for w, s, e in tw:
        t_stems.setdefault(stem(w), (s, e))
        if w[0].isupper():
            t_skel.append((en_skeleton(w), (s, e)))
    t_lower = target.lower()
    t_numbers = [m.group().replace(",", "") for m in _NUMBER_RE.finditer(_fold_digits(target))]
    t_numbers += [v for w, _, _ in tw if (v := _EN_NUMBER_WORDS.get(w.lower()))]
    nodes = _nodes(source)
    explained: set[str] = set()
    names_sk: list[str] = []
    name_scores: list[tuple[str, tuple[int, int], list[tuple[float, tuple[int, int]]]]] = []
    t_all_skel: list[tuple[str, tuple[int, int]]] | None = None
    last_pred = -1
    for i, n in enumerate(nodes):
        if n[3] in ("動詞", "形容詞") and n[4] != "非自立可能" and n[5] not in _LIGHT_VERBS:
            last_pred = i
    i = 0
    while i < len(nodes):
        start, end, surf, pos1, pos2, lemma, kana, _cform, sub = nodes[i]
        # negation markers
        if (pos1 == "助動詞" and lemma in ("ない", "ず", "ぬ", "ん") and surf not in ("ん",)) or (
                pos1 == "形容詞" and lemma in ("無い", "ない") and i > 0
                and nodes[i - 1][2] in ("て", "で", "く", "は", "も", "じゃ", "しく", "たく")):
            if not _neg_exempt(source, start, end):
                ev.negations.append((start, end))
            else:
                ev.negating_words.append((start, end))
            i += 1
            continue
        if surf == "ません" or (pos1 == "助動詞" and surf == "ませ" and i + 1 < len(nodes) and nodes[i + 1][2] == "ん"):
            span = (start, end + (1 if surf == "ませ" else 0))
            (ev.negating_words if _neg_exempt(source, start, span[1]) else ev.negations).append(span)
            i += 1
            continue
        kind = _CONTENT_POS.get(pos1)
        if kind is None or pos2 in ("代名詞", "非自立可能") or (lemma or surf) in _LIGHT or surf in _LIGHT or (
                kind == "verb" and (lemma in _LIGHT_VERBS or (
                    lemma in _FUNCTION_VERBS and i > 0 and nodes[i - 1][2] in ("に", "を", "と", "も")))):
            i += 1
            continue
        # compound nouns: the longest run of nouns the dictionary knows
        j = i + 1
        span_end, text = end, surf
        if kind == "noun" and pos2 not in ("数詞", "固有名詞"):
            k = i + 1
            run = surf
            while k < len(nodes) and nodes[k][3] in ("名詞", "接尾辞") and nodes[k][4] not in ("数詞",) and k - i < 4:
                if nodes[k][0] != nodes[k - 1][1]:
                    break
                run += nodes[k][2]
                if run in d.glosses or (_KATAKANA_WORD.fullmatch(run) and _KATAKANA_WORD.fullmatch(nodes[k][2])):
                    j, span_end, text = k + 1, nodes[k][1], run  # a compound, or katakana words of one loanword
                k += 1
        head = text if j > i + 1 else (lemma if kind in ("verb", "adj") and lemma else surf)
        if (_NEGATING_PREFIX.match(text) and len(text) >= 2) or d.negative(head) or d.negative(surf) or (
                d.negative(lemma) or (kind == "noun" and d.negative(surf + "る"))):  # 控え → 控える
            ev.negating_words.append((start, span_end))
        weight = 3.0 if i == last_pred else {"verb": 2.0, "adj": 2.0, "noun": 1.5, "adv": 0.5}[kind]
        word = SourceWord((start, span_end), text, kind, weight, UNKNOWN)
        digits = _fold_digits(surf)
        if pos2 == "数詞" and digits.replace(",", "").replace(".", "").isdigit():
            if _NUMBER_UNITS.match(source[end:end + 2]):
                i += 1  # dates, times, percentages and 万/億 amounts: the number and date checks compare them
                continue
            word.kind, word.weight = "number", 3.0
            val = digits.replace(",", "")
            hit = next((x for x in t_numbers if val in x or x.endswith(val) or (x in val and len(x) >= 2)), None)
            word.status = COVERED if hit else UNCOVERED
            explained.add("#" + val)
        elif _LATIN_WORD.fullmatch(digits):
            word.kind, word.weight = "latin", 3.0
            word.status = COVERED if digits.lower() in t_lower else UNCOVERED
            explained.update(stem(w) for w in _WORD_RE.findall(digits))
        else:
            stems = d.stems(head) or (d.stems(surf) if head != surf else frozenset())
            if j > i + 1 and not stems:
                surf = text  # katakana words joined: one loanword, compared by sound below
            if not stems and kind in ("verb", "adj") and lemma:
                stems = d.stems(lemma)
            explained.update(stems)
            reading = surf if _KATAKANA_WORD.fullmatch(surf) else (kana if pos2 == "固有名詞" else "")
            if pos2 == "固有名詞" or (_KATAKANA_WORD.fullmatch(surf) and not stems):
                word.kind, word.weight = "name", 3.0
            if not reading and _KATAKANA_WORD.fullmatch(surf):
                reading = surf
            sk = kana_skeleton(reading) if reading else ""
            if sk:
                names_sk.append(sk)
            hit_span = next((t_stems[s] for s in stems if s in t_stems), None)
            if sk and len(sk) >= 2 and word.kind == "name":
                scored = [(similarity(sk, esk), sp) for esk, sp in t_skel]
                best = max(scored, default=(0.0, None))
                # country names have demonyms (Japan, Japanese): their renderings vary by grammar, not by mistake
                if len(sk) >= 3 and sub != "地名-国":
                    need = 0.6 if pos2 == "固有名詞" else 0.7
                    name_scores.append((text, (start, span_end), [(x, sp) for x, sp in scored if x >= need]))
                if hit_span is None and best[0] >= 0.7:
                    hit_span = best[1]
            if hit_span is None and _KATAKANA_WORD.fullmatch(surf) and len(sk) >= 3:
                # a loanword the target transliterates or spells in English (イニシエーション ↔ initiation)
                if t_all_skel is None:
                    t_all_skel = [(en_skeleton(w), (s_, e_)) for w, s_, e_ in tw if len(w) > 2]
                hit_span = next((sp for esk, sp in t_all_skel if similarity(sk, esk) >= 0.75), None)
            if hit_span is not None:
                word.status, word.target_span = COVERED, hit_span
            elif stems or (sk and len(sk) >= 2):
                word.status = UNCOVERED
            for a in d.antonyms.get(head, ()) if len(head) >= 2 and kind in ("verb", "adj") else ():
                if len(a) < 2:
                    continue
                only = {stem(w) for w in d.glosses.get(a, "").split()[:2]} - stems  # the antonym's first sense
                flip = next((t_stems[s] for s in only if s in t_stems), None)
                if flip is not None and hit_span is None:
                    ev.antonym_flips.append(((start, span_end), flip, text, a))
        if any(s <= start and span_end <= e for s, e in glossary_covered) or (
                word.status == UNCOVERED and text in target):  # left in Japanese: untranslated reports it
            word.status = COVERED
        ev.words.append(word)
        i = j
    for ns, _ne in ev.negations:
        before = [w for w in ev.words if w.span[1] <= ns]
        ev.negated_covered.append(bool(before) and before[-1].status == COVERED)
        ev.negated_at.append(before[-1].target_span if before else None)
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
    # target side: content words nothing in the source accounts for
    for w, s, e in tw:
        lw = w.lower()
        if lw in EN_STOP or len(lw) < 3:
            continue
        ev.target_content += 1
        st = stem(w)
        if st in explained or lw in source.lower():
            continue
        if w[0].isupper() and names_sk:
            esk = en_skeleton(w)
            if any(similarity(sk, esk) >= 0.6 for sk in names_sk):
                continue
        ev.unexplained.append((s, e))
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

    @property
    def all_covered(self) -> bool:
        return self.n_known > 0 and self.n_uncovered == 0


SHOWN = 8


def digest(ev: UnitEvidence) -> Digest:
    """The compact form of ``ev`` the checks read."""
    known = ev.known()
    unc = [w for w in known if w.status == UNCOVERED]
    best = max(runs(ev.words, UNCOVERED), key=lambda r: sum(w.weight for w in r), default=[])
    uncovered_spans = {w.span for w in unc}
    return Digest(
        total=sum(w.weight for w in known), uncovered=sum(w.weight for w in unc), n_known=len(known),
        uncovered_words=tuple(w.text for w in unc[:SHOWN + 1]), n_uncovered=len(unc),
        uncovered_span=(unc[0].span[0], unc[-1].span[1]) if unc else None,
        run=(best[0].span[0], best[-1].span[1]) if best else None, run_weight=sum(w.weight for w in best),
        run_words=tuple(w.text for w in best[:SHOWN + 1]),
        run_anchor=anchor_before(ev, best[0].span[0]) if best else None,
        target_content=ev.target_content, unexplained=tuple(ev.unexplained),
        negations=tuple(zip(ev.negations, ev.negated_covered, ev.negated_at, strict=True)),
        negating=bool(ev.negating_words),
        flips=tuple(f for f in ev.antonym_flips if f[0] in uncovered_spans),
        names=tuple(ev.names))


def evidence_of(ctx: CheckContext) -> Any:
    """``ctx.analyses.meaning``: the per-unit evidence (as a :class:`Digest`), computed once per unit and run.
    With a glossary loaded, a source term whose concept the target also has counts as covered (one source and one
    target match per unit)."""
    from review_app.checks.analyses import PerUnit
    from review_app.glossary.model import Glossary

    glossary = ctx.glossary if isinstance(ctx.glossary, Glossary) and ctx.glossary.concepts else None
    if glossary is None:
        return PerUnit(lambda unit: digest(analyse(unit)))
    src, tgt = glossary.matcher(ctx.source_lang), glossary.matcher(ctx.target_lang)

    def compute(unit: Unit) -> Digest:
        s_matches = src.find(unit.source)
        covered: list[tuple[int, int]] = []
        if s_matches:
            in_target = {m.concept_id for m in tgt.find(unit.target or "")}
            covered = [(m.start, m.end) for m in s_matches if m.concept_id in in_target]
        return digest(analyse(unit, covered))

    return PerUnit(compute)


class MeaningCheck(Check):
    """What the four meaning checks share: accuracy errors of Japanese → English, major, read from
    ``ctx.analyses.meaning``; a target that copies the source is source-copy's to report.

    Opt-in (``[options.<id>] enabled = true``, or the id in an ``enabled`` list): the word-level analysis costs
    about twice what the rest of the QA suite costs per unit (fugashi parse and dictionary alignment of every
    unit; measured in docs/checks.md), above the issue's budget of +50 % for a default check."""

    category = Category.ACCURACY
    severity = Severity.MAJOR
    source_langs = JA
    target_langs = EN
    skip_source_copies = True
    opt_in = True


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
