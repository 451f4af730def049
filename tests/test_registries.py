"""One source of truth per extension point: the registries drive the CLI, the app and the generated docs.

Every Check, Engine, Exporter and Format class of the package is registered; every registered engine, format and
exporter is offered by the CLI, the generated command reference and the app, every check by ``qa --list-checks``;
a toy engine, format and exporter (``tests/toy_*.py``), each registered in one line, appear in ``--help``, the
app's choices and the generated command reference, and work, without any other edit.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

import review_app
from review_app.checks.base import Check
from review_app.checks.registry import CHECKS
from review_app.cli import main
from review_app.engines import ENGINES, Engine
from review_app.exporters import EXPORTERS
from review_app.exporters.base import Exporter
from review_app.formats import EXTENSIONS, FORMATS, BilingualFormat, detect_format, read_bilingual
from review_app.registry import Registry
from tests.conftest import ROOT


def _subclasses(base: type) -> set[type]:
    """Every concrete subclass of ``base`` defined in the package (all its modules imported)."""
    for info in pkgutil.walk_packages(review_app.__path__, "review_app."):
        if ".app" in info.name or ".migrations" in info.name:
            continue  # Streamlit pages run on import; migrations are scripts
        importlib.import_module(info.name)
    out: set[type] = set()
    todo = [base]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("review_app."):
                out.add(sub)
    return out


def _registered(registry: Registry[Any], name: str, target: str) -> Iterator[str]:
    registry.register(name, target)  # the one registry line of the recipe
    try:
        yield name
    finally:
        registry.unregister(name)


@pytest.fixture
def toy_engine() -> Iterator[str]:
    yield from _registered(ENGINES, "toy-tag", "tests.toy_engine:TagEngine")


@pytest.fixture
def toy_format() -> Iterator[str]:
    yield from _registered(FORMATS, "toy-pipe", "tests.toy_format:PipeFormat")


@pytest.fixture
def toy_exporter() -> Iterator[str]:
    yield from _registered(EXPORTERS, "toy-counts", "tests.toy_exporter:StatusCountExporter")


def _docs() -> str:
    spec = importlib.util.spec_from_file_location("gen_cli_docs", ROOT / "scripts" / "gen_cli_docs.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    return " ".join(gen.render().split())


def _help(*command: str) -> str:
    return " ".join(CliRunner().invoke(main, [*command, "--help"]).output.split())


def test_every_check_format_and_exporter_class_is_registered_under_its_name() -> None:
    assert {c for c in _subclasses(Check) if getattr(c, "check_id", "")} == {cls for _, cls in CHECKS}
    assert all(CHECKS.get(name).check_id == name for name in CHECKS.names())
    assert {c for c in _subclasses(BilingualFormat) if c.name} == {cls for _, cls in FORMATS}
    assert all(FORMATS.get(name).name == name and FORMATS.get(name).extensions for name in FORMATS.names())
    assert {c for c in _subclasses(Exporter) if c.name} == {cls for _, cls in EXPORTERS}
    assert all(EXPORTERS.get(name).name == name and EXPORTERS.get(name).extension for name in EXPORTERS.names())


def test_extensions_come_from_the_format_classes() -> None:
    """The .xlf2 drift of issue 20: EXTENSIONS named an ending that no format class declared."""
    declared = {ext for _, cls in FORMATS for ext in cls.extensions}
    assert set(EXTENSIONS) == declared and ".xlf2" in FORMATS.get("xliff2").extensions
    assert EXTENSIONS[".xlf"] == "xliff12"  # the first registered owns a shared ending; the root element decides


def test_every_check_format_and_exporter_is_offered_by_the_cli_and_the_docs() -> None:
    listed = CliRunner().invoke(main, ["qa", "--list-checks"]).output
    assert all(name in listed for name in CHECKS.names())
    convert, export, docs = _help("convert"), _help("export"), _docs()
    for name, cls in FORMATS:
        assert f"{name} {cls.description}" in convert and f"{name} {cls.description}" in docs, name
    for name, cls in EXPORTERS:
        assert f"{name} {cls.extension} {cls.description}" in export, name


def test_every_engine_class_is_registered_under_its_name() -> None:
    registered = {cls for _, cls in ENGINES}
    assert _subclasses(Engine) == registered
    for name, cls in ENGINES:
        assert cls.name == name and cls.label and cls.description, name
        assert "from_settings" in vars(cls), f"{name}: no from_settings()"


def test_every_engine_is_offered_by_the_cli() -> None:
    out = CliRunner().invoke(main, ["translate", "--help"]).output
    listed = CliRunner().invoke(main, ["engines", "list"]).output
    for name, cls in ENGINES:
        assert name in out and cls.description in " ".join(out.split()), name
        assert listed.count(f"\n{name} ") + listed.startswith(f"{name} ") == 1, name
        for opt in cls.options:
            assert opt.cli_flag in out, (name, opt.cli_flag)


def test_a_toy_engine_appears_in_the_cli_and_runs(toy_engine: str, seed_project: Path) -> None:
    help_text = CliRunner().invoke(main, ["translate", "--help"]).output
    assert "toy-tag" in help_text and "--tag TEXT" in help_text and "toy-tag: The tag put before" in help_text
    assert "toy-tag" in CliRunner().invoke(main, ["engines", "list"]).output
    r = CliRunner().invoke(main, ["translate", str(seed_project), "--engine", "toy-tag", "--tag", "<t>", "-y"])
    assert r.exit_code == 0, r.output
    assert "326" in r.output
    from review_app.project import open_project

    op = open_project(seed_project)
    try:
        svc = op.service()
        seg = svc.list_segments(limit=1)[0]
        cand = next(c for c in svc.candidates(seg.key) if c.engine == "toy-tag")
        assert cand.text == f"<t> {seg.source}" and cand.provenance["settings"] == {"tag": "<t>"}
    finally:
        op.close()
    # another engine's option is refused, naming the engine's own
    r = CliRunner().invoke(main, ["translate", str(seed_project), "--engine", "toy-tag", "--model", "m", "-y"])
    assert r.exit_code == 2 and "--model is not an option of the toy-tag engine" in r.output and "--tag" in r.output


def test_a_toy_engine_appears_in_the_generated_docs(toy_engine: str) -> None:
    docs = _docs()
    assert "toy-tag: a test engine" in docs and "--tag TEXT" in docs


def test_a_toy_format_appears_in_the_cli_and_docs_and_converts(toy_format: str, tmp_path: Path) -> None:
    convert = _help("convert")
    assert "toy-pipe a test format" in convert and "toy-pipe]" in convert and ".pipe → toy-pipe" in convert
    assert "toy-pipe a test format" in _docs()
    pipe = tmp_path / "fluent.pipe"
    r = CliRunner().invoke(main, ["convert", str(ROOT / "corpus/musk-trump/candidates/fluent.xlf"), str(pipe)])
    assert r.exit_code == 0 and "(toy-pipe)" in r.output, r.output
    assert detect_format(pipe) == "toy-pipe"
    units = read_bilingual(pipe).units
    assert len(units) == 326 and all(u.target for u in units)
    back = tmp_path / "back.tmx"
    r = CliRunner().invoke(main, ["convert", str(pipe), str(back), "--source-lang", "ja", "--target-lang", "en"])
    assert r.exit_code == 0, r.output
    assert [(u.source, u.target) for u in read_bilingual(back).units] == [(u.source, u.target) for u in units]
    # terms suggest reads it as a bilingual file (its targets give the English column), not as source text
    r = CliRunner().invoke(main, ["terms", "suggest", str(pipe), "--output", "tsv", "--no-glossary"])
    assert r.exit_code == 0 and "\tイーロン・マスク\t" in r.output and "\tElon Musk\t" in r.output, r.output


def test_a_toy_exporter_appears_in_the_cli_and_docs_and_exports(toy_exporter: str, seed_project: Path,
                                                                tmp_path: Path) -> None:
    assert "toy-counts .counts.tsv a test export" in _help("export")
    assert "toy-counts .counts.tsv a test export" in _docs()
    out = tmp_path / "c.tsv"
    r = CliRunner().invoke(main, ["export", str(seed_project), "--format", "toy-counts", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert out.read_text(encoding="utf-8") == "new\t326\n"


def test_a_toy_format_and_exporter_appear_in_the_app(toy_format: str, toy_exporter: str, app: AppTest,
                                                     tmp_path: Path) -> None:
    pipe = tmp_path / "literal.pipe"
    r = CliRunner().invoke(main, ["convert", str(ROOT / "corpus/musk-trump/candidates/literal.xlf"), str(pipe)])
    assert r.exit_code == 0, r.output
    app.run()
    app.switch_page("app_pages/compare.py").run()
    app.radio(key="tr_engine").set_value("file").run()
    uploader = next(u for u in app.get("file_uploader") if u.id and "tr_upload" in u.id)
    assert set(uploader.proto.type) == {f".{ext.lstrip('.')}" for ext in EXTENSIONS} and ".pipe" in uploader.proto.type
    assert "toy-pipe" in uploader.proto.label
    uploader.set_value(("literal.pipe", pipe.read_bytes(), "text/plain")).run()
    app.text_input(key="tr_name").input("draft-pipe")
    app.text_input(key="tr_prov_by").input("the corpus authors")
    app.text_input(key="tr_prov_how").input("word-for-word draft, through the toy format").run()
    app.button(key="tr_run").click().run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    assert "draft-pipe: 326 candidates added" in app.success[0].value

    app.switch_page("app_pages/export.py").run()
    offered = app.selectbox(key="export_fmt").options
    assert [o.split(" — ")[0] for o in offered] == EXPORTERS.names() and "toy-counts" in offered[-1]
    app.selectbox(key="export_fmt").set_value("toy-counts").run()
    assert app.get("download_button")[0].proto.label == "Download proj.counts.tsv"
    app.button(key="export_prepare").click().run()
    assert not app.exception and "new\t326" in app.code[0].value


def test_a_toy_engine_appears_in_the_app_and_runs(toy_engine: str, app: AppTest) -> None:
    app.run()
    app.switch_page("app_pages/compare.py").run()
    radio = app.radio(key="tr_engine")
    assert radio.options == [ENGINES.get(n).label for n in ENGINES.names()] and "Toy tagger" in radio.options
    radio.set_value("toy-tag").run()
    assert app.text_input(key="tr_tag").label == "Tag"
    assert app.button(key="tr_run").label == "Translate" and not app.button(key="tr_run").disabled
    app.text_input(key="tr_tag").input("«app»").run()
    app.button(key="tr_run").click().run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    assert "toy-tag" in app.success[0].value and "326" in app.success[0].value
