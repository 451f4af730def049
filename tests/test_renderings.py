"""Accepted renderings (review_app/checks/renderings.py): English words a project accepts for a source word on top
of the meaning checks' dictionary, from a QA configuration file, the project's QA settings (SQLite and PostgreSQL),
the CLI (`review-app qa-settings --accept/--unaccept`) and the app (Settings page, the Review page's finding).

Real data: the shipped reference translation, whose three meaning false alarms come from dictionary gaps (集める
"collect, assemble, gather" beside "attracted", 金 "money" beside "cash", 大きな "big" beside "enormous";
印象深い beside "memorable"; クライマックス beside "high point"); accepting those renderings removes exactly those
findings, and a target that really drops the clause is still reported. Hostile data: keys that are not Japanese
words, English that is not English, removing what is not there, a translator without the glossary permission —
an error naming the problem, and nothing written."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner

from review_app import qa, qa_settings
from review_app.checks import renderings
from review_app.checks.base import CheckConfig, CheckContext, Unit, run_checks
from review_app.checks.meaning import load_dictionary
from review_app.checks.registry import all_checks
from review_app.cli import main
from review_app.errors import InputError, PermissionDenied
from review_app.formats import read_bilingual
from review_app.models import Role
from review_app.review import Actor, ReviewService
from tests.conftest import CORPUS, project_service
from tests.test_app import review
from tests.test_store import _project

MEANING = ("polarity", "omission", "addition", "entity-consistency")
PAIRS = {"集める": ("attract",), "金": ("cash",), "大きな": ("enormous",), "印象深い": ("memorable",),
         "クライマックス": ("high point",), "象徴": ("mark",)}
GAPS = {"この前例のない「金を撒くキャンペーン」は大きな注目を集めた。": "addition",
        "中でも特に印象深いのは、ニューヨークのマディソン・スクエア・ガーデンでの出来事です。": "omission",
        "この行動は、マスク氏とトランプ大統領がいわゆる「政府スリム化」政策のクライマックスに達したことを象徴する"
        "ものだった。": "omission"}
"""The shipped reference's meaning false alarms that are dictionary gaps, by source."""


@pytest.fixture(scope="module")
def reference() -> list[Unit]:
    doc = read_bilingual(CORPUS / "reference.tmx")
    return [Unit(id=u.id, source=u.source, target=u.target, index=n) for n, u in enumerate(doc.units)]


def _meaning(units: list[Unit], pairs: dict[str, tuple[str, ...]] | None = None) -> set[tuple[str, str]]:
    cfg = CheckConfig(enabled_only=frozenset(MEANING), options={c: {"enabled": True} for c in MEANING},
                      renderings=pairs or {})
    units = [dataclasses.replace(u) for u in units]
    by_id = {u.id: u.source for u in units}
    return {(by_id[i.unit], i.check) for i in run_checks([c for c in all_checks() if c.check_id in MEANING],
                                                          CheckContext(units=units, config=cfg))}


def test_accepting_the_shipped_references_missing_renderings_removes_exactly_those_false_alarms(reference) -> None:
    before = _meaning(reference)
    assert set(GAPS.items()) <= before
    after = _meaning(reference, PAIRS)
    assert after == before - set(GAPS.items())
    assert renderings.current() is None  # the run's dictionary does not outlive it
    assert "attract" not in load_dictionary().glosses["集める"]  # the committed dictionary is untouched


def test_a_real_drop_is_still_reported_with_the_renderings_accepted() -> None:
    drop = Unit(id="1", index=0,
                source="この前例のない「金を撒くキャンペーン」は大きな注目を集めた。現金の配布は違法だと批判された。",
                target="This unprecedented cash giveaway attracted enormous attention.")
    found = _meaning([drop], PAIRS)
    assert (drop.source, "omission") in found


def test_a_surface_form_key_reaches_the_dictionary_form() -> None:
    assert renderings.heads("達し") == ("達し", "達する")
    assert set(renderings.heads("印象深い")) >= {"印象深い", "印象", "深い"}
    d = renderings.dictionary_for({"達し": ("peak",)})
    assert "peak" in d.glosses["達する"].split() and d is renderings.dictionary_for({"達し": ("peak",)})
    assert d.version.endswith(renderings.signature({"達し": ("peak",)}) or "-")


@pytest.mark.parametrize(("value", "words"), [
    ({"attract": ["attract"]}, "must be one Japanese source word"),
    ({"集 める": ["attract"]}, "no spaces"),
    ({"集める" * 11: ["attract"]}, "at most 30 characters"),
    ({"集める": []}, "non-empty list"),
    ({"集める": [3]}, "non-empty list"),
    ({"集める": ["<script>"]}, "is not an English word"),
    ({"集める": ["集"]}, "is not an English word"),
    ({"集める": ["x" * 61]}, "at most 60 characters"),
    (["集める"], "must map source words"),
])
def test_bad_renderings_name_the_key_and_the_fix(value, words: str) -> None:
    with pytest.raises(InputError, match=words) as exc:
        renderings.parse(value, "qa.toml")
    assert str(exc.value).startswith("qa.toml")


def test_pairs_add_remove_and_sign() -> None:
    pairs = renderings.with_pair({}, "集める", ("attract", "draw"))
    assert renderings.with_pair(pairs, "集める", ("Attract",)) == {"集める": ("attract", "draw")}
    assert renderings.without(pairs, "集める", ("draw",)) == {"集める": ("attract",)}
    assert renderings.without(pairs, "集める") == {}
    with pytest.raises(InputError, match="no accepted rendering for '金'"):
        renderings.without(pairs, "金")
    with pytest.raises(InputError, match="has no accepted rendering pull"):
        renderings.without(pairs, "集める", ("pull",))
    assert renderings.parse_pair("クライマックス=high point, climax", "--accept") == (
        "クライマックス", ("high point", "climax"))
    with pytest.raises(InputError, match="is not SOURCE=ENGLISH"):
        renderings.parse_pair("集める", "--accept")
    sig = renderings.signature(PAIRS)
    assert sig is not None and sig.startswith("renderings:6|sha256:")
    assert renderings.signature(dict(reversed(list(PAIRS.items())))) == sig and renderings.signature({}) is None


def test_a_config_file_accepts_them_and_the_run_records_them(tmp_path: Path) -> None:
    cfg_file = tmp_path / "qa.toml"
    cfg_file.write_text('[renderings]\n"集める" = ["attract"]\n"印象深い" = "memorable"\n', encoding="utf-8")
    cfg = qa.load_config(cfg_file)
    assert cfg.renderings == {"集める": ("attract",), "印象深い": ("memorable",)}
    prov = qa.run_provenance(cfg, None, "ja", "en")
    assert prov["renderings"] == renderings.signature(cfg.renderings)
    assert "accepted renderings:2|sha256:" in qa.provenance_line(prov)
    cfg_file.write_text('[renderings]\n"collect" = ["attract"]\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"qa.toml: renderings\['collect'\]"):
        qa.load_config(cfg_file)


def test_the_cli_file_run_uses_them(tmp_path: Path) -> None:
    cfg_file = tmp_path / "qa.toml"
    cfg_file.write_text("[renderings]\n" + "".join(f'"{k}" = {list(v)!r}\n'.replace("'", '"')
                                                   for k, v in PAIRS.items()), encoding="utf-8")
    out = []
    for extra in ([], ["--config", str(cfg_file)]):
        r = CliRunner().invoke(main, ["qa", str(CORPUS / "reference.tmx"), *extra])
        assert r.exit_code in (0, 1), r.output
        out.append(r.output)
    assert "attracted enormous" in out[0] and "attracted enormous" not in out[1]
    assert "accepted renderings:6|sha256:" in out[1]


def test_project_settings_keep_them_on_both_databases(database, seed_text) -> None:
    name = _project(database, seed_text)
    svc = ReviewService(database, name, Actor("rita", Role.REVIEWER))
    qa_settings.accept(svc, add=[("集める", ("attract",)), ("金", ("cash", "funds"))])
    assert qa_settings.renderings(qa_settings.load(svc)) == {"集める": ("attract",), "金": ("cash", "funds")}
    qa_settings.accept(svc, remove=[("金", ("funds",))], add=[("集める", ("draw",))])
    assert qa_settings.load(svc) == {"renderings": {"金": ["cash"], "集める": ["attract", "draw"]}}
    # an invalid change is refused whole: nothing of it is written
    with pytest.raises(InputError, match="no accepted rendering for '大きな'"):
        qa_settings.accept(svc, add=[("印象深い", ("memorable",))], remove=[("大きな", ())])
    with pytest.raises(InputError, match="must be one Japanese source word"):
        qa_settings.accept(svc, add=[("collect", ("attract",))])
    assert qa_settings.load(svc) == {"renderings": {"金": ["cash"], "集める": ["attract", "draw"]}}
    translator = ReviewService(database, name, Actor("tom", Role.TRANSLATOR))
    with pytest.raises(PermissionDenied):
        qa_settings.accept(translator, add=[("象徴", ("mark",))])
    with pytest.raises(PermissionDenied):  # switching checks with them still needs the admin role
        qa_settings.accept(svc, add=[("象徴", ("mark",))], off=["omission"])
    assert qa_settings.load(svc) == {"renderings": {"金": ["cash"], "集める": ["attract", "draw"]}}
    assert qa.project_config(svc).renderings == {"金": ("cash",), "集める": ("attract", "draw")}
    assert "accepted renderings: 金 = cash; 集める = attract, draw" in qa_settings.describe(qa_settings.load(svc))


def _save_reference_targets(path: Path) -> dict[str, str]:
    """Save the shipped reference's target of the three gap segments; their keys by source."""
    ref = {u.source: u.target for u in read_bilingual(CORPUS / "reference.tmx").units}
    keys = {}
    with project_service(path) as svc:
        for seg in svc.list_segments():
            if seg.source in GAPS:
                svc.save_target(seg.key, ref[seg.source], expected_version=seg.version)
                keys[seg.source] = seg.key
    assert len(keys) == len(GAPS)
    return keys


def test_the_projects_qa_run_stops_reporting_them_and_the_cli_changes_them(seed_project: Path) -> None:
    keys = _save_reference_targets(seed_project)

    def flagged() -> set[str]:
        with project_service(seed_project) as svc:
            stored = qa.run_project(svc)
        return {i.issue.unit for i in stored if i.issue.check in MEANING and i.issue.unit in keys.values()}

    assert flagged() == set(keys.values())
    args = [a for k, v in PAIRS.items() for a in ("--accept", f"{k}={','.join(v)}")]
    r = CliRunner().invoke(main, ["qa-settings", str(seed_project), *args])
    assert r.exit_code == 0, r.output
    assert "accepted renderings: クライマックス = high point; 印象深い = memorable;" in r.output
    assert flagged() == set()
    with project_service(seed_project) as svc:
        run = qa.latest_run(svc)
    assert run is not None and run["provenance"]["renderings"] == renderings.signature(PAIRS)
    r = CliRunner().invoke(main, ["qa-settings", str(seed_project), "--unaccept", "集める", "--unaccept", "金=cash"])
    assert r.exit_code == 0, r.output
    assert "集める" not in r.output and "金 =" not in r.output
    assert flagged() == {keys[next(s for s, c in GAPS.items() if c == "addition")]}
    r = CliRunner().invoke(main, ["qa-settings", str(seed_project), "--accept", "collect=attract"])
    assert r.exit_code != 0 and "must be one Japanese source word" in r.output
    r = CliRunner().invoke(main, ["qa-settings", str(seed_project), "--unaccept", "集める"])
    assert r.exit_code != 0 and "no accepted rendering for '集める'" in r.output


def test_settings_page_lists_adds_and_removes_them(app, seed_project: Path) -> None:
    app.run()
    app.switch_page("app_pages/settings.py").run()
    assert not app.exception, app.exception
    form = next(t for t in app.text_input if t.label == "Source word")
    form.input("集める")
    next(t for t in app.text_input if t.label.startswith("English word(s)")).input("attract, draw")
    app.button[[b.label for b in app.button].index("Save accepted renderings")].click().run()
    assert not app.exception, app.exception
    assert any("Accepted renderings saved" in s.value for s in app.success), [s.value for s in app.success]
    with project_service(seed_project) as svc:
        assert qa_settings.renderings(qa_settings.load(svc)) == {"集める": ("attract", "draw")}
    remove = next(m for m in app.multiselect if m.label == "Remove")
    remove.set_value(["集める"])
    app.button[[b.label for b in app.button].index("Save accepted renderings")].click().run()
    assert not app.exception, app.exception
    with project_service(seed_project) as svc:
        assert qa_settings.load(svc) == {}
    next(t for t in app.text_input if t.label == "Source word").input("collect")
    next(t for t in app.text_input if t.label.startswith("English word(s)")).input("attract")
    app.button[[b.label for b in app.button].index("Save accepted renderings")].click().run()
    assert any("must be one Japanese source word" in e.value for e in app.error), [e.value for e in app.error]


def test_review_page_accepts_a_rendering_from_a_finding(app, seed_project: Path) -> None:
    keys = _save_reference_targets(seed_project)
    with project_service(seed_project) as svc:
        qa.run_project(svc)
    review(app, search="前例のない「金を撒くキャンペーン」")
    finding = "addition (target): the target's 'unprecedented cash giveaway attracted enormous'"
    assert any(finding in t.value for t in app.text), [t.value for t in app.text]
    key = keys[next(s for s, c in GAPS.items() if c == "addition")]
    with project_service(seed_project) as svc:
        fp = next(i.fingerprint for i in qa.list_issues(svc) if i.issue.unit == key and i.issue.check == "addition")
    form = f"accept-{fp}"
    app.text_input(key=f"{form}-other").input("集める")
    app.text_input(key=f"{form}-en").input("attract")
    next(b for b in app.button if b.key == f"FormSubmitter:{form}-Accept").click().run()
    assert not app.exception, app.exception
    with project_service(seed_project) as svc:
        assert qa_settings.renderings(qa_settings.load(svc)) == {"集める": ("attract",)}
    assert any("Accepted attract as a rendering of 集める" in s.value for s in app.success), [
        s.value for s in app.success]
    # the QA checks ran again: the finding the dictionary's gap made is gone from the segment
    assert not any(finding in t.value for t in app.text), [t.value for t in app.text]


def test_words_of_a_finding() -> None:
    from review_app.app.review.qa_panel import words_of

    msg = ("the source's '中でも特に印象深いのは' has no counterpart in the target (uncovered: 印象, 深い); the target "
           "is short")
    assert words_of(msg, "", None) == ["印象", "深い"]
    assert words_of("the target's 'x' has no counterpart", "この金は", (2, 3)) == ["金"]
    assert words_of("whatever", "この金は", (0, 99)) == []
    assert words_of("the source's '金を撒く' has no counterpart", "", None) == ["金を撒く"]


def test_a_candidate_cards_finding_accepts_a_rendering(app, seed_project: Path) -> None:
    """The shipped reference as a candidate: its card's addition finding offers the same popover, and accepting
    the rendering makes the card clean."""
    from review_app.models import Candidate

    source = next(s for s, c in GAPS.items() if c == "addition")
    ref = {u.source: u.target for u in read_bilingual(CORPUS / "reference.tmx").units}
    with project_service(seed_project) as svc:
        seg = next(s for s in svc.list_segments() if s.source == source)
        svc.add_candidates([Candidate("reference", ref[source], {"note": "the shipped reference"}, seg.key)])
    review(app, search="前例のない「金を撒くキャンペーン」")
    assert any(t.value.startswith("[major] addition: the target's 'unprecedented cash") for t in app.text)
    cand = next(c for c in app.caption if "QA: " in c.value)
    assert "QA: 2 finding(s)" in cand.value, cand.value
    form = next(t.key for t in app.text_input if (t.key or "").startswith("accept-c") and t.key.endswith("-other"))
    form = form.removesuffix("-other")
    app.text_input(key=f"{form}-other").input("集める")
    app.text_input(key=f"{form}-en").input("attract")
    next(b for b in app.button if b.key == f"FormSubmitter:{form}-Accept").click().run()
    assert not app.exception, app.exception
    assert any(c.value.endswith("QA: clean") or "QA: clean" in c.value for c in app.caption), [
        c.value for c in app.caption if "QA" in c.value]
