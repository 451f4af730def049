"""Safe XML parsing for every reader (XLIFF, TMX, TBX): one place, one policy.

Refused, each with an :class:`~review_app.errors.InputError` naming the file (and the line where lxml knows it):

* entity declarations in an internal DTD subset — XXE to a local file or a URL, billion laughs and other
  expansion bombs, external parameter entities (``<!ENTITY % p SYSTEM …> %p;``);
* references to entities that are not declared (their definition would have to come from an external DTD);
* malformed or truncated XML, empty files, files over ``MAX_XML_BYTES``.

Never done: loading a DTD or any other network/file resource (``no_network``, ``load_dtd=False``,
``resolve_entities=False``), building huge trees (``huge_tree=False``). A bare ``<!DOCTYPE … SYSTEM "x.dtd">``
with no entity declarations is harmless (TMX and TBX files commonly name their DTD) and is accepted.
After OWASP's XXE prevention guidance for lxml and the defusedxml threat list.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from review_app.errors import InputError
from review_app.textio import checked_input

MAX_XML_BYTES = 200 * 1024 * 1024


def _parser(*, remove_comments: bool) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
        strip_cdata=True,
        remove_comments=remove_comments,
        remove_pis=remove_comments,
    )


def _read(source: str | Path | bytes, name: str | None) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        return source, name or "<input>"
    label = name or str(source)
    p = checked_input(source, expected="an XML file", limit=MAX_XML_BYTES, label=label)
    return p.read_bytes(), label


def parse_xml(
    source: str | Path | bytes, *, name: str | None = None, remove_comments: bool = False
) -> etree._ElementTree:
    """Parse ``source`` (a path or bytes) safely, or raise :class:`InputError` naming ``name``/the file."""
    data, label = _read(source, name)
    if not data.strip():
        raise InputError(f"{label}: the file is empty")
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser(remove_comments=remove_comments)))
    except etree.XMLSyntaxError as exc:
        line = getattr(exc, "lineno", None) or (exc.position[0] if exc.position else None)
        msg = str(exc.msg if hasattr(exc, "msg") else exc)
        lowered = msg.lower()
        if "entity" in lowered and any(w in lowered for w in ("amplification", "loop", "recursion")):
            raise InputError(f"{label}: refused: entity expansion attack (line {line}): {msg}") from None
        if "entity" in lowered:
            raise InputError(
                f"{label}: line {line}: refused: the XML uses an entity that is not defined in the file ({msg}); "
                "review_app never loads external DTDs or entities — replace the entity with its text"
            ) from None
        raise InputError(
            f"{label}: not well-formed XML at line {line}: {msg}. Is the file truncated or not XML?"
        ) from None
    except ValueError as exc:  # e.g. an encoding declaration lxml cannot honour
        raise InputError(f"{label}: cannot be parsed as XML: {exc}") from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None:
        entities = list(dtd.iterentities())
        if entities:
            names = ", ".join(str(e.name) for e in entities[:5])
            raise InputError(
                f"{label}: refused: the DOCTYPE declares entities ({names}); entity declarations can read local "
                "files, fetch URLs (XXE) or expand exponentially (billion laughs), so review_app does not accept "
                "them — export the file again without the DOCTYPE's internal subset"
            )
    doctype = tree.docinfo.doctype or ""
    if "[" in doctype and "%" in doctype[doctype.find("[") :]:
        raise InputError(
            f"{label}: refused: the DOCTYPE references a parameter entity (an external DTD); "
            "review_app never fetches DTDs — remove the DOCTYPE's internal subset"
        )
    for node in tree.getroot().iter(etree.Entity):
        raise InputError(
            f"{label}: line {node.sourceline}: refused: the XML uses the entity {node.text} whose definition would "
            "have to come from an external DTD; review_app never loads external DTDs — replace it with its text "
            "(only &amp; &lt; &gt; &quot; &apos; and character references are accepted)"
        )
    return tree
