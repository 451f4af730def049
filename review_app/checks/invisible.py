"""Invisible and control characters: bidirectional controls, zero-width characters, C0/C1 controls.

After the "Trojan Source" attacks (Boucher & Anderson, 2021, CVE-2021-42574: U+202A–U+202E and U+2066–U+2069
reorder what a reader sees) and Unicode TR #36 §2.4 / UTS #39 (characters that show nothing). In a translation
they come from copying out of web pages, chat tools and word processors: a ZERO WIDTH SPACE splits a word for
search and the glossary matcher, a bidi override makes the text read differently from what it is, and a control
character (ESC, BEL…) is left out of every export because XML and spreadsheets cannot hold it. A target made only
of such characters counts as empty (:func:`review_app.review.is_blank_target`), so it is reported as major.

A ZERO WIDTH JOINER between two pictographs (emoji sequences such as 👩‍👩‍👧) and a BOM opening the very first unit
of a file are legitimate and not reported.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from review_app.checks.base import Category, Check, CheckContext, Issue, Side, Unit
from review_app.models import Severity, is_blank_target

_FOUND = re.compile(
    r"""
      [\u202a-\u202e\u2066-\u2069]          # bidirectional embeddings, overrides and isolates
    | [\u200b-\u200f\u2060-\u2064\ufeff]    # zero width space / (non-)joiner, LRM/RLM, word joiner, BOM…
    | [\u00ad\u061c\u180e]                  # soft hyphen, Arabic letter mark, Mongolian vowel separator
    | [\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f] # C0 controls but TAB/LF/CR, DEL, C1 controls
    """,
    re.VERBOSE,
)
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _name(ch: str) -> str:
    if ch == "\x1b":
        return "ESCAPE"
    return unicodedata.name(ch, "") or f"control character {ord(ch):#04x}"


def _pictograph(ch: str) -> bool:
    return unicodedata.category(ch) == "So" or "\ufe00" <= ch <= "\ufe0f" or "\U0001f3fb" <= ch <= "\U0001f3ff"


class InvisibleCharacters(Check):
    check_id = "invisible-characters"
    name = "Invisible or control characters"
    description = ("A bidirectional control (U+202A–U+202E, U+2066–U+2069, which can make text display differently "
                   "from what it is), a zero-width or other invisible character (U+200B, U+2060, U+FEFF, soft "
                   "hyphen…) or a control character (ESC, BEL, C1) in the target or the source; a target of only "
                   "such characters is empty. Exports leave control characters out.")
    category = Category.FLUENCY
    severity = Severity.MINOR
    needs_target = False

    def check(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        for side, text in ((Side.TARGET, unit.target or ""), (Side.SOURCE, unit.source)):
            if not _FOUND.search(text):
                continue  # the common case: one scan, nothing found
            if side is Side.TARGET and is_blank_target(text):
                yield self.issue(unit, f"the target has only invisible characters ({_list(text)}); it counts as "
                                       "empty: write the translation", severity=Severity.MAJOR,
                                 target_span=(0, len(text)))
                continue
            for m in _FOUND.finditer(text):
                ch, at = m.group(), m.start()
                if ch == "\u200d" and 0 < at < len(text) - 1 and _pictograph(text[at - 1]) and (
                        _pictograph(text[at + 1])):
                    continue  # an emoji ZWJ sequence
                if ch == "\ufeff" and at == 0 and unit is ctx.units[0]:
                    continue  # a byte-order mark opening the file
                if ch in _BIDI:
                    severity, why = Severity.MAJOR, "it can make the text display differently from what it is"
                elif ch < "\u00a0":
                    severity, why = Severity.MAJOR, "exports leave it out; remove it or replace it"
                else:
                    severity, why = Severity.MINOR, "it is invisible but splits words for search and glossary matching"
                message = f"U+{ord(ch):04X} {_name(ch)} in the {side.value}: {why}"
                if side is Side.TARGET:
                    yield self.issue(unit, message, severity=severity, side=side, target_span=(at, at + 1))
                else:
                    yield self.issue(unit, message, severity=severity, side=side, source_span=(at, at + 1))


def _list(text: str) -> str:
    found = sorted({m.group() for m in _FOUND.finditer(text)})
    return ", ".join(f"U+{ord(ch):04X}" for ch in found) or "whitespace"
