"""Lossless segmentation of Japanese (and English) articles into blocks and sentences.

Structure
    A file is a sequence of lines. Every non-blank line is a *block*: Japanese web and news text is not
    hard-wrapped, so a line break ends a paragraph, and blank lines only add space between blocks. A line
    starting with ``- `` (or ``・``, ``• ``, ``* ``) is a list item; a short line without sentence-final
    punctuation (a question only if it also carries a title colon, as in ``その後と展望: …か?``) is a
    heading; everything else is a paragraph.

Sentences
    A block body is split after 。．！？!? (and any closing quotes/brackets that follow them), never inside
    「」『』（）()“”【】〔〕［］ — even when the quotation itself holds several sentences. A top-level quotation
    that ends a sentence (``…武器です!」 興味深いことに``) is split after its closing bracket when whitespace or
    a new quotation follows. Brackets that are never closed in the block are treated as plain characters,
    so one stray 「 cannot swallow a whole paragraph.

Losslessness
    Every character of the input is kept somewhere: the BOM, the separators between blocks (newlines, blank
    lines, CR), each block's prefix (indentation, list marker) and each segment's ``gap_after`` (whitespace
    between sentences, trailing spaces). ``parse_document(text).rebuild() == text`` for any input; a property
    test checks it on arbitrary Unicode.

Stable ids
    A segment's key is a hash of its own text plus an occurrence number for repeated sentences, so
    re-importing the same text yields the same keys and editing one sentence never renumbers the others.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator

from review_app.models import Block, BlockKind, Document, Segment

# Sentence-final characters. ASCII "." is deliberately absent for Japanese: it occurs in numbers (2.4兆),
# abbreviations (U.S.) and URLs far more often than as a sentence end in Japanese prose.
JA_TERMINATORS = frozenset("。．！？!?")
# Characters that close a quotation or bracket; after a terminator they belong to the same sentence.
CLOSERS = frozenset("」』）)”’】〕］]〉》\"'")
BRACKETS = {
    "「": "」",
    "『": "』",
    "（": "）",
    "(": ")",
    "“": "”",
    "【": "】",
    "〔": "〕",
    "［": "］",
    "〈": "〉",
    "《": "》",
}
QUOTE_OPENERS = frozenset("「『“")
LIST_MARKER = re.compile(
    r"""
    (?P<marker>
        [-*•]\ +      # ASCII hyphen, asterisk or bullet followed by spaces: "- 2024年7月13日:…"
      | ・             # Japanese middle dot used as a bullet at the start of a line
    )
    (?=\S)            # the item must have content
    """,
    re.VERBOSE,
)
LINE_BREAK = re.compile(r"(\r\n|\n|\r)")
HEADING_MAX_CHARS = 60
TITLE_COLONS = frozenset(":：")


def _is_space(ch: str) -> bool:
    return ch.isspace()


def _matching_brackets(text: str) -> set[int]:
    """Positions of opening brackets that are closed later in ``text`` (properly nested)."""
    stack: list[tuple[str, int]] = []
    matched: set[int] = set()
    closer_of = BRACKETS
    closers = set(closer_of.values())
    for i, ch in enumerate(text):
        if ch in closer_of:
            stack.append((closer_of[ch], i))
        elif ch in closers:
            # Pop to the matching opener if there is one; openers skipped over are unclosed.
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == ch:
                    matched.add(stack[depth][1])
                    del stack[depth:]
                    break
    return matched


def split_sentences_ja(body: str) -> list[tuple[str, str]]:
    """Split a Japanese block body into ``(sentence, whitespace_after)`` pairs, losslessly.

    Leading whitespace of ``body`` (if any) is kept in the first sentence's text; callers usually move it
    into the block prefix first.
    """
    if not body:
        return [("", "")]
    matched = _matching_brackets(body)
    out: list[tuple[str, str]] = []
    stack: list[str] = []  # expected closers of brackets opened (only matched ones)
    start = 0
    i = 0
    n = len(body)
    while i < n:
        ch = body[i]
        if ch in BRACKETS and i in matched:
            stack.append(BRACKETS[ch])
            i += 1
            continue
        if stack and ch == stack[-1]:
            stack.pop()
            i += 1
            if not stack and ch in "」』”" and i >= 2 and body[i - 2] in JA_TERMINATORS:
                # A top-level quotation that ends in 。!? is a sentence of its own when whitespace or a new
                # quotation follows it (「…武器です!」 興味深いことに…).
                j = i
                while j < n and _is_space(body[j]):
                    j += 1
                if j < n and (j > i or body[j] in QUOTE_OPENERS):
                    out.append((body[start:i], body[i:j]))
                    start = i = j
            continue
        if not stack and ch in JA_TERMINATORS:
            if (
                ch in "!?"
                and i + 1 < n
                and not _is_space(body[i + 1])
                and (
                    (body[i + 1].isascii() and body[i + 1].isalnum())
                    or (i > 0 and body[i - 1].isascii() and body[i - 1].isalnum())
                )
            ):
                i += 1  # "Yahoo!ニュース", "Jeopardy!で": part of a Latin name, not a sentence end
                continue
            j = i + 1
            while j < n and (body[j] in JA_TERMINATORS or (body[j] in CLOSERS and not stack)):
                j += 1
            end = j
            while j < n and _is_space(body[j]):
                j += 1
            out.append((body[start:end], body[end:j]))
            start = i = j
            continue
        i += 1
    if start < n:
        rest = body[start:]
        stripped = rest.rstrip()
        out.append((stripped, rest[len(stripped) :]))
    if not out:
        out.append(("", ""))
    # Whitespace-only "sentences" (a body that ends in spaces after a split) are folded into the gap.
    merged: list[tuple[str, str]] = []
    for text, gap in out:
        if merged and not text.strip():
            prev_text, prev_gap = merged[-1]
            merged[-1] = (prev_text, prev_gap + text + gap)
        else:
            merged.append((text, gap))
    return merged


EN_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "rep",
        "reps",
        "sen",
        "sens",
        "gov",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "adm",
        "pres",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "nos",
        "fig",
        "u.s",
        "u.k",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
        "d.c",
    ]
)
_EN_SPLIT = re.compile(
    r"""
    (?<=[.!?])          # a sentence-final mark …
    ["'”’)\]]*          # … with the closing quotes or brackets that belong to it
    (?P<gap>\s+)        # whitespace between sentences
    (?=["'“‘(\[]*[A-Z0-9$])   # next sentence starts with a capital, a digit or a currency sign
    """,
    re.VERBOSE,
)


_EN_QUOTE_PAIRS = {"“": "”", "(": ")", "[": "]"}


def _en_quoted_positions(body: str) -> set[int]:
    """Positions inside a quotation or bracket that is closed within ``body``.

    Mirrors the Japanese rule (never split inside 「」): a quotation holding several sentences
    (``“Elon and I had a great relationship. I don’t know if we will anymore,” Trump said.``) stays one
    sentence, so that it aligns 1-1 with the Japanese segment that quotes it. Curly “” and brackets are
    matched with a stack; straight ``"`` are paired left to right only when the body holds an even number
    of them. Openers never closed in the body are plain characters, so one stray “ cannot swallow a
    paragraph.
    """
    inside: set[int] = set()
    matched: dict[int, int] = {}
    stack: list[tuple[str, int]] = []
    closers = set(_EN_QUOTE_PAIRS.values())
    for i, ch in enumerate(body):
        if ch in _EN_QUOTE_PAIRS:
            stack.append((_EN_QUOTE_PAIRS[ch], i))
        elif ch in closers:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == ch:
                    matched[stack[depth][1]] = i
                    del stack[depth:]
                    break
    straight = [i for i, ch in enumerate(body) if ch == '"']
    if len(straight) % 2 == 0:
        matched.update(zip(straight[::2], straight[1::2], strict=True))
    for open_at, close_at in matched.items():
        inside.update(range(open_at + 1, close_at))
    return inside


def split_sentences_en(body: str) -> list[tuple[str, str]]:
    """Split English text into ``(sentence, whitespace_after)`` pairs, losslessly.

    Does not split after common abbreviations (Mr., Rep., Gov., U.S., Jan.) or single initials, nor inside
    a quotation or bracket that closes later in ``body`` (see :func:`_en_quoted_positions`).
    """
    out: list[tuple[str, str]] = []
    start = 0
    quoted = _en_quoted_positions(body) if any(c in body for c in '“(["') else set()
    for m in _EN_SPLIT.finditer(body):
        if m.start("gap") in quoted:
            continue
        head = body[start : m.start("gap")]
        last_word = re.sub(r"[\"'”’)\]]+$", "", head).rsplit(None, 1)[-1] if head.split() else ""
        token = last_word.rstrip(".!?").lower().lstrip("(\"'“‘")
        if last_word.endswith(".") and (token in EN_ABBREVIATIONS or re.fullmatch(r"[a-z]", token)):
            continue
        out.append((head, m.group("gap")))
        start = m.end("gap")
    rest = body[start:]
    stripped = rest.rstrip()
    out.append((stripped, rest[len(stripped) :]))
    return out


def classify_block(line: str) -> tuple[BlockKind, str, str]:
    """Return ``(kind, prefix, body)`` for one non-blank line."""
    indent_len = len(line) - len(line.lstrip())
    indent, content = line[:indent_len], line[indent_len:]
    m = LIST_MARKER.match(content)
    if m:
        marker = m.group("marker")
        return BlockKind.LIST_ITEM, indent + marker, content[len(marker) :]
    stripped = content.rstrip()
    if _looks_like_heading(stripped):
        return BlockKind.HEADING, indent, content
    return BlockKind.PARAGRAPH, indent, content


def _looks_like_heading(text: str) -> bool:
    if not text or len(text) > HEADING_MAX_CHARS:
        return False
    if "。" in text or "．" in text:
        return False
    if text[0] in QUOTE_OPENERS:
        return False
    last = text[-1]
    if last in "!！":
        return False
    if last in "?？":
        # Section titles such as "その後と展望: 転覆した船を安定させることができるか?" carry a title colon.
        return any(c in TITLE_COLONS for c in text)
    return not (last in "." and len(text) > 20)


def segment_key(text: str) -> str:
    digest = hashlib.sha1(unicodedata.normalize("NFC", text).encode("utf-8"), usedforsecurity=False)
    return "s" + digest.hexdigest()[:10]


def _lines(body: str) -> Iterator[tuple[str, str]]:
    parts = LINE_BREAK.split(body)
    for k in range(0, len(parts), 2):
        yield parts[k], (parts[k + 1] if k + 1 < len(parts) else "")


def parse_document(text: str, *, lang: str = "ja", name: str = "") -> Document:
    """Parse ``text`` into a :class:`Document` whose ``rebuild()`` returns ``text`` exactly."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    splitter = split_sentences_en if lang.lower().startswith("en") else split_sentences_ja
    blocks: list[Block] = []
    pending = ""
    for line, ending in _lines(body):
        if not line.strip():
            pending += line + ending
            continue
        kind, prefix, content = classify_block(line)
        pairs = splitter(content)
        segs = [Segment(key="", text=t, gap_after=g) for t, g in pairs]
        # Content that the splitter put before the first sentence (never happens for a stripped line)
        blocks.append(Block(kind=kind, segments=segs, sep_before=pending, prefix=prefix))
        pending = ending
    trailer = pending
    _number(blocks)
    return Document(blocks=blocks, bom=bom, trailer=trailer, name=name)


def _number(blocks: list[Block]) -> None:
    seen: dict[str, int] = {}
    index = 0
    for b_index, block in enumerate(blocks):
        block.index = b_index
        for seg in block.segments:
            base = segment_key(seg.text)
            count = seen.get(base, 0) + 1
            seen[base] = count
            seg.key = base if count == 1 else f"{base}-{count}"
            seg.index = index
            seg.block_index = b_index
            seg.block_kind = block.kind
            seg.paragraph = b_index + 1
            index += 1


def block_counts(doc: Document) -> dict[str, int]:
    counts = {k.value: 0 for k in BlockKind}
    for b in doc.blocks:
        counts[b.kind.value] += 1
    return counts
