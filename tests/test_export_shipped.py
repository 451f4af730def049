"""The shipped corpus files are valid interchange files: ``corpus/musk-trump/reference.tmx`` against the TMX 1.4
DTD and both candidate drafts (``corpus/musk-trump/candidates/*.xlf``) against the OASIS XLIFF 1.2 strict schema
(offline copies in ../shared/schemas, see its README) — with the validation helpers of tests/conftest.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import CORPUS, SCHEMAS, shared_dir

CANDIDATES = sorted((CORPUS / "candidates").glob("*.xlf"))


def test_both_candidate_drafts_are_shipped() -> None:
    assert [p.name for p in CANDIDATES] == ["fluent.xlf", "literal.xlf"]


def test_reference_tmx_is_valid_against_the_tmx14_dtd() -> None:
    dtd = etree.DTD(str(shared_dir(SCHEMAS) / "tmx14.dtd"))
    doc = etree.parse(str(CORPUS / "reference.tmx"), etree.XMLParser(no_network=True, load_dtd=False))
    assert dtd.validate(doc), dtd.error_log.filter_from_errors()
    assert len(doc.getroot().findall("body/tu")) == 326


@pytest.mark.parametrize("path", CANDIDATES, ids=lambda p: p.name)
def test_candidate_xliff_is_valid_against_the_strict_schema(xliff12_schema: etree.XMLSchema, path: Path) -> None:
    doc = etree.parse(str(path), etree.XMLParser(no_network=True, resolve_entities=False))
    assert xliff12_schema.validate(doc), xliff12_schema.error_log
    assert doc.getroot().get("version") == "1.2"


def test_the_validators_do_reject_a_broken_file(xliff12_schema: etree.XMLSchema, tmp_path: Path) -> None:
    """The checks above can fail: an element the schemas do not allow is reported."""
    dtd = etree.DTD(str(shared_dir(SCHEMAS) / "tmx14.dtd"))
    tmx = etree.parse(str(CORPUS / "reference.tmx"))
    etree.SubElement(tmx.getroot().find("body"), "bogus")
    assert not dtd.validate(tmx)
    xlf = etree.parse(str(CANDIDATES[0]))
    unit = xlf.getroot().find(".//{urn:oasis:names:tc:xliff:document:1.2}trans-unit")
    assert unit is not None
    unit.set("state", "not-an-attribute-here")
    assert not xliff12_schema.validate(xlf)
