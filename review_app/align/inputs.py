"""What the alignment accepts: input checks (empty, swapped or implausibly long texts), hard-wrapped English
joined back into paragraphs, and glossary pair files."""

from __future__ import annotations

import re

from review_app.align.length import CALIBRATION, en_length, ja_length
from review_app.errors import InputError
from review_app.segment import EN_ABBREVIATIONS

MAX_LENGTH_RATIO = 10.0
"""Refuse inputs whose English length is more than this factor away from the calibrated expectation."""

_JA_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")
_LATIN_CHAR = re.compile(r"[A-Za-z]")


def script_profile(text: str) -> tuple[int, int]:
    """``(japanese_chars, latin_letters)`` in ``text``."""
    return len(_JA_CHAR.findall(text)), len(_LATIN_CHAR.findall(text))


def check_inputs(ja_text: str, en_text: str, *, ja_name: str = "source", en_name: str = "translation") -> None:
    """Raise :class:`InputError` for empty files, swapped languages and 10× length mismatches."""
    if not ja_text.strip():
        raise InputError(f"{ja_name}: the Japanese source is empty; give the article text to align against")
    if not en_text.strip():
        raise InputError(f"{en_name}: the English translation is empty; give the translated article")
    ja_j, ja_l = script_profile(ja_text)
    en_j, en_l = script_profile(en_text)
    if ja_j < ja_l and en_j > en_l:
        raise InputError(
            f"{ja_name}: looks English and {en_name} looks Japanese; the files seem swapped — "
            "give the Japanese source first, then the English translation"
        )
    if ja_j == 0 or ja_j * 4 < ja_l:
        raise InputError(
            f"{ja_name}: expected Japanese but found {ja_j} kana/kanji against {ja_l} Latin letters; "
            "give the Japanese source as the first file"
        )
    if en_j > en_l or en_l == 0:
        raise InputError(
            f"{en_name}: expected English but found {en_j} kana/kanji against {en_l} Latin letters; "
            "give the English translation as the second file"
        )
    expected = ja_length(ja_text) * float(CALIBRATION["ratio"])
    actual = en_length(en_text)
    if actual * MAX_LENGTH_RATIO < expected or actual > expected * MAX_LENGTH_RATIO:
        factor = max(actual / expected, expected / max(actual, 1))
        raise InputError(
            f"{en_name}: {actual:,} characters of English for {ja_length(ja_text):,} of Japanese "
            f"(expected about {expected:,.0f}; off by {factor:.0f}×) — is it a translation of {ja_name}?"
        )



_EN_LINE_END = re.compile(r"[.!?:;][\"'”’)\]]*$")
_LIST_START = re.compile(r"\s*(?:[-*•]\s+|・|\d+[.)]\s+)")
WRAPPED_SHARE = 0.3
"""Treat English as hard-wrapped when at least this share of its lines look wrapped (see below)."""


def unwrap_hard_wrapped(text: str) -> tuple[str, int]:
    """Join the lines of hard-wrapped English (e-mail, plain-text exports wrapped at ~72 columns).

    The wrap width is the longest line not longer than 1.1× the 90th percentile of line lengths (texts whose
    90th percentile exceeds 160 characters are not wrapped). A line *looks wrapped* when it does not end a
    sentence (``.!?:;`` and closing quotes), the next line is not blank and does not start a list item, and
    the next line's first word would not have fitted on it within the wrap width — the test that keeps
    headings (short lines followed by a paragraph) on their own lines. When at least :data:`WRAPPED_SHARE` of
    the non-blank lines look wrapped, each such line is joined to the next with one space. Returns
    ``(text, line_breaks_joined)``; the text is unchanged (``0``) when it does not look wrapped.
    """
    lines = text.split("\n")
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if len(lengths) < 4:
        return text, 0
    p90 = lengths[int(0.9 * (len(lengths) - 1))]
    if p90 > 160:
        return text, 0
    width = max(n for n in lengths if n <= 1.1 * p90)

    def wrapped(k: int) -> bool:
        line = lines[k].rstrip()
        nxt = lines[k + 1].strip() if k + 1 < len(lines) else ""
        if not nxt or _LIST_START.match(lines[k + 1]):
            return False
        if _EN_LINE_END.search(line):
            last = line.rsplit(None, 1)[-1].rstrip(".").lower()
            if last not in EN_ABBREVIATIONS:  # "… tariff war against U.S." + "allies" is still wrapped
                return False
        return len(line) + 1 + len(nxt.split()[0]) > width

    joins = [k for k in range(len(lines)) if lines[k].strip() and wrapped(k)]
    if len(joins) < WRAPPED_SHARE * len(lengths):
        return text, 0
    join_set = set(joins)
    out: list[str] = []
    carry = ""
    for k, line in enumerate(lines):
        piece = line.strip() if carry else line.rstrip()
        if k in join_set:
            carry = (carry + " " if carry else "") + piece
            continue
        out.append((carry + " " if carry else "") + piece)
        carry = ""
    if carry:
        out.append(carry)
    return "\n".join(out), len(joins)



def read_glossary_pairs(text: str, *, name: str = "glossary") -> list[tuple[str, str]]:
    """``(ja, en)`` pairs from a tab- or comma-separated file; ``#`` starts a comment line."""
    pairs: list[tuple[str, str]] = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        sep = "\t" if "\t" in line else ","
        parts = [p.strip() for p in line.split(sep)]
        if len(parts) < 2 or not parts[0] or not parts[1]:
            raise InputError(
                f"{name}: line {line_no}: expected 'japanese<TAB>english' (or 'japanese,english'), got {line!r}"
            )
        pairs.append((parts[0], parts[1]))
    return pairs
