"""One source of truth per extension point: the registries drive the CLI, the app and the generated docs.

Every Engine subclass of the package is registered and offered by ``translate --engine``, ``engines list`` and
the Compare page; a toy engine registered in one line (``tests/toy_engine.py``) appears in all of them, and in
the generated command reference, without any other edit.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

import review_app
from review_app.cli import main
from review_app.engines import ENGINES, Engine
from tests.conftest import ROOT
from tests.test_app import app  # noqa: F401  (the fixture: the app on the seed project)


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


@pytest.fixture
def toy_engine() -> Iterator[str]:
    ENGINES.register("toy-tag", "tests.toy_engine:TagEngine")  # the one registry line of the recipe
    try:
        yield "toy-tag"
    finally:
        ENGINES.unregister("toy-tag")


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
    spec = importlib.util.spec_from_file_location("gen_cli_docs", ROOT / "scripts" / "gen_cli_docs.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    docs = gen.render()
    assert "toy-tag: a test engine" in " ".join(docs.split()) and "--tag TEXT" in docs


def test_a_toy_engine_appears_in_the_app_and_runs(toy_engine: str, app: AppTest) -> None:  # noqa: F811
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
