"""Every QA count carries its provenance: tool version, language pair and the glossary's signature (name,
version, size, content hash), in file-mode reports and in the stored project run and its exports."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from review_app import qa
from review_app.checks.base import CheckConfig
from review_app.cli import main
from review_app.exporters import export_project
from review_app.glossary import load_glossary
from review_app.models import Severity
from review_app.project import open_project

ROOT = Path(__file__).resolve().parent.parent
FLUENT = ROOT / "corpus" / "musk-trump" / "candidates" / "fluent.xlf"
GLOSSARY = ROOT / "glossary" / "musk-trump.tbx"


def test_text_and_html_reports_name_the_glossary_version_and_hash(tmp_path: Path) -> None:
    sig = load_glossary(GLOSSARY).signature
    assert "version:" in sig and "sha256:" in sig
    res = CliRunner().invoke(main, ["qa", str(FLUENT), "--glossary", str(GLOSSARY)])
    last = res.stdout.strip().splitlines()[-1]
    assert last.startswith("provenance: review_app ") and "ja → en" in last and sig in last
    out = tmp_path / "r.html"
    CliRunner().invoke(main, ["qa", str(FLUENT), "--glossary", str(GLOSSARY), "--format", "html", "-o", str(out)])
    assert sig in out.read_text(encoding="utf-8")
    bare = CliRunner().invoke(main, ["qa", str(FLUENT)])
    assert "no glossary" in bare.stdout.strip().splitlines()[-1]


def test_a_changed_glossary_changes_the_signature(tmp_path: Path) -> None:
    g = load_glossary(GLOSSARY)
    edited = g.with_concepts(g.concepts[1:])
    assert edited.signature != g.signature and f"concepts:{len(g) - 1}" in edited.signature


def test_provenance_line_lists_overrides() -> None:
    cfg = CheckConfig(disabled=frozenset({"length-outlier"}), severity={"number-extra": Severity.MAJOR})
    line = qa.provenance_line(qa.run_provenance(cfg, None, "ja", "en"))
    assert "disabled: length-outlier" in line and "number-extra=major" in line
    assert "not recorded" in qa.provenance_line({"disabled": []})  # a run stored by an older version


def test_project_run_stores_provenance_and_exports_show_it(seed_project: Path, tmp_path: Path) -> None:
    op = open_project(seed_project)
    try:
        glossary = load_glossary(GLOSSARY)
        qa.run_project(op.service(), glossary=glossary)
    finally:
        op.close()
    export_project(seed_project, "qa-json", tmp_path / "qa.json")
    doc = json.loads((tmp_path / "qa.json").read_text(encoding="utf-8"))
    prov = doc["run"]["provenance"]
    assert prov["glossary"] == glossary.signature and prov["languages"] == ["ja", "en"]
    export_project(seed_project, "qa-html", tmp_path / "qa.html")
    assert glossary.signature in (tmp_path / "qa.html").read_text(encoding="utf-8")
    res = CliRunner().invoke(main, ["qa", str(seed_project), "--glossary", str(GLOSSARY)])
    assert glossary.signature in res.stdout.strip().splitlines()[-1]
