"""Glossary and Compare pages through AppTest, the translate action against the fake DeepL/OpenAI servers,
and the page-independent glossary operations of review_app.app.glossary_ops."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import deepl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from review_app.app import glossary_ops as ops
from review_app.errors import InputError
from review_app.glossary import load_glossary
from review_app.glossary.model import TermStatus
from review_app.models import Role
from review_app.review import Actor
from tests.conftest import ROOT, project_service, start_app
from tests.fake_deepl import FakeDeepL
from tests.fake_openai import FakeOpenAI

SHIPPED_GLOSSARY = ROOT / "glossary" / "musk-trump.tbx"
CANDIDATES = ROOT / "corpus" / "musk-trump" / "candidates"
DEEPL_KEY = "0123abcd-test-key:fx"


@pytest.fixture
def gloss(tmp_path: Path) -> Path:
    """A private copy of the shipped glossary: the pages write to it, never to the shipped file."""
    path = tmp_path / "glossary.tbx"
    shutil.copy(SHIPPED_GLOSSARY, path)
    return path


@pytest.fixture
def app(seed_project, gloss, monkeypatch):
    """The app on the seed project with a private copy of the shipped glossary (the pages write to it)."""
    return start_app(monkeypatch, seed_project, glossary=gloss)


def key_of(path: Path, search: str) -> str:
    with project_service(path) as svc:
        return svc.list_segments(search=search)[0].key


def page(app: AppTest, name: str) -> AppTest:
    app.run()
    app.switch_page(f"app_pages/{name}.py").run()
    assert not app.exception, app.exception
    return app


def ok(app: AppTest) -> None:
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]


# -- glossary page -----------------------------------------------------------------------------------------------


def test_glossary_page_browses_and_searches(app):
    page(app, "glossary")
    ok(app)
    assert app.dataframe[0].value.shape[0] == 113
    assert "113 of 113 concepts" in " ".join(c.value for c in app.caption)
    app.text_input(key="gl_search").input("イーグル").run()  # Japanese, no spaces
    frame = app.dataframe[0].value
    assert list(frame["id"]) == ["eagle-pass"]
    assert frame["en"].iloc[0] == "Eagle Pass" and "Yingtan" in frame["forbidden"].iloc[0]
    app.text_input(key="gl_search").input("").run()
    app.multiselect(key="gl_types").select("place").run()
    assert set(app.dataframe[0].value["type"]) == {"place"}


def test_glossary_edit_saves_a_new_version_atomically(app, gloss):
    before = load_glossary(gloss)
    page(app, "glossary")
    app.text_input(key="gl_search").input("DOGE").run()
    assert set(app.dataframe[0].value["id"]) >= {"doge", "elon-musk"}  # terms and definitions are searched
    app.selectbox(key="gl_concept").set_value("doge").run()
    k = "gl_0_doge"  # edit widgets of the first edit epoch
    # term 6 is "Government Efficiency Committee" (forbidden): admit it; term 1 (政府効率化局) becomes case-sensitive
    app.selectbox(key=f"{k}_6_status").set_value("admitted")
    app.checkbox(key=f"{k}_1_cs").check()
    app.text_input(key=f"{k}_10_first").input("the government efficiency commission (GEC)")
    app.checkbox(key=f"{k}_7_rm").check()  # remove "Government Efficiency Bureau"
    app.text_input(key=f"{k}_11_text").input("Musk's DOGE")  # the empty row adds a term
    app.button(key="gl_save").click().run()
    ok(app)
    assert any("saved glossary.tbx as version 1.1" in s.value for s in app.success)
    after = load_glossary(gloss)
    assert after.version == "1.1" and after.content_hash != before.content_hash
    doge = {t.text: t for t in after.get("doge").terms}
    assert doge["Government Efficiency Committee"].status is TermStatus.ADMITTED
    assert doge["政府効率化局"].case_sensitive
    assert doge["government efficiency commission"].first_mention == "the government efficiency commission (GEC)"
    assert "Government Efficiency Bureau" not in doge and doge["Musk's DOGE"].lang == "en"
    assert doge["DOGE"].do_not_translate and doge["DOGE"].lang == "en"  # untouched terms keep their flags
    assert not gloss.with_name(gloss.name + ".tmp").exists()
    assert len(after) == len(before)  # nothing else changed
    assert load_glossary(SHIPPED_GLOSSARY).version == "1.0"


def test_glossary_add_and_delete_concept(app, gloss):
    page(app, "glossary")
    app.text_input(key="gl_new_id").input("yingtan-city")
    app.selectbox(key="gl_new_type").set_value("place")
    app.text_input(key="gl_new_src").input("鷹潭市")
    app.text_input(key="gl_new_tgt").input("Yingtan City")
    app.button(key="FormSubmitter:gl_add-Add concept").click().run()
    ok(app)
    g = load_glossary(gloss)
    assert "yingtan-city" in g and g.get("yingtan-city").preferred("ja").text == "鷹潭市"
    # a duplicate id is refused with a message, the file is not rewritten
    app.button(key="FormSubmitter:gl_add-Add concept").click().run()
    assert any("already exists" in e.value for e in app.error)
    assert load_glossary(gloss).version == g.version
    app.text_input(key="gl_search").input("yingtan-city").run()
    app.checkbox(key="gl_delete_sure").check().run()
    app.button(key="gl_delete").click().run()
    ok(app)
    assert "yingtan-city" not in load_glossary(gloss)


def test_glossary_editing_needs_the_glossary_permission(app, seed_project, gloss, monkeypatch):
    monkeypatch.setenv("REVIEW_APP_TEAM", "1")
    app.session_state["actor"] = Actor("tina", Role.TRANSLATOR)
    page(app, "glossary")
    ok(app)
    assert any("Viewing only" in c.value for c in app.caption)
    assert app.button(key="gl_save").disabled
    assert not [f for f in app.get("form") if getattr(f, "form_id", "") == "gl_add"]
    assert load_glossary(gloss).version == "1.0"


def test_glossary_violations_link_to_the_review_page(app, seed_project):
    key = key_of(seed_project, "鷹潭")
    with project_service(seed_project) as svc:
        svc.save_target(key, "Musk appeared in Yingtan, Texas.", expected_version=1)
    page(app, "glossary")
    frame = app.dataframe[1].value  # violations
    hits = frame[frame["segment"] == key]
    assert "term-forbidden" in set(hits["check"]) and "eagle-pass" in set(hits["concept"])
    usage = app.dataframe[3].value  # after the source-side findings
    row = usage[(usage["concept"] == "eagle-pass") & (usage["term"] == "Yingtan")]
    assert int(row["segments"].iloc[0]) == 1 and row["first"].iloc[0] == key
    app.selectbox(key="gl_open_violation").set_value(key)
    app.button(key="gl_go_violation").click().run()
    assert not app.exception, app.exception
    assert app.title[0].value == "Review"
    assert app.selectbox(key="review_key").value == key


def test_glossary_violations_of_targets_and_of_the_source_are_apart(app, seed_project):
    # Bug 4 of issue 18: "Violations in the current targets (N)" counted and listed term-source-variant findings,
    # which are about the Japanese source, even in a project where no segment has a target yet
    page(app, "glossary")
    ok(app)
    headings = [h.value for h in app.subheader]
    assert "Violations in the current targets (0)" in headings
    source = next(h for h in headings if h.startswith("Non-canonical terms in the source ("))
    frame = app.dataframe[1].value
    assert set(frame["check"]) == {"term-source-variant"} and f"({len(frame)})" in source
    assert key_of(seed_project, "鷹潭") in set(frame["segment"])
    key = key_of(seed_project, "鷹潭")
    with project_service(seed_project) as svc:
        svc.save_target(key, "Musk appeared in Yingtan, Texas.", expected_version=1)
    app.run()
    target = app.dataframe[1].value
    assert "term-source-variant" not in set(target["check"]) and "term-forbidden" in set(target["check"])
    assert any(h.value == f"Violations in the current targets ({len(target)})" for h in app.subheader)


def test_glossary_table_row_opens_its_concept(app, gloss):
    # Bug 4 of issue 18: clicking a row of the concepts table did nothing
    page(app, "glossary")
    table = app.dataframe[0]
    ids = list(table.value["id"])
    assert app.selectbox(key="gl_concept").value == ids[0]
    row = ids.index("eagle-pass")
    app.session_state[_table_key(gloss)] = {
        "selection": {"rows": [], "columns": [], "cells": [[row, "type"]]}}
    app.run()
    ok(app)
    assert app.selectbox(key="gl_concept").value == "eagle-pass"
    assert any(h.value == "Edit concept eagle-pass" for h in app.subheader)
    # later reruns keep the user's own choice in the picker while the table keeps its selection
    app.selectbox(key="gl_concept").set_value(ids[0]).run()
    assert app.selectbox(key="gl_concept").value == ids[0]
    # a search changes the rows: a row number then means another concept, and a click on it opens that one
    app.text_input(key="gl_search").input("DOGE").run()
    frame = app.dataframe[0].value
    assert "doge" in set(frame["id"])
    app.session_state[_table_key(gloss, "DOGE")] = {
        "selection": {"rows": [list(frame["id"]).index("doge")], "columns": [], "cells": []}}
    app.run()
    ok(app)
    assert app.selectbox(key="gl_concept").value == "doge"


def _table_key(path: Path, search: str = "") -> str:
    return f"gl_table-{load_glossary(path).content_hash[:12]}-{search}-"  # the page's key of the concepts table


def test_glossary_accepts_an_extraction_suggestion(app, gloss):
    page(app, "glossary")
    app.button(key="gl_extract").click().run()
    ok(app)
    suggestions = app.session_state["gl_suggestions"][1]
    assert suggestions, "the seed article has terms the glossary does not cover"
    first = suggestions[0]["text"]
    assert first not in {t.text for c in load_glossary(gloss).concepts for t in c.terms}
    app.text_input(key="gl_accept_en").input("Accepted Rendering")
    app.text_input(key="gl_accept_id").input("accepted-term")
    form = next(b for b in app.button if b.key and b.key.startswith("FormSubmitter:gl_accept_form_"))
    form.click().run()
    ok(app)
    g = load_glossary(gloss)
    c = g.get("accepted-term")
    assert c.preferred("ja").text == first and c.preferred("en").text == "Accepted Rendering"


# -- glossary operations -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("old", "new"), [("1.0", "1.1"), ("v9", "v10"), ("2025-06-01", "2025-06-2"),
                                          ("", "1"), ("draft", "draft.1")])
def test_bump_version(old, new):
    assert ops.bump_version(old) == new


@pytest.mark.parametrize("fmt", ["tbx", "csv", "xlsx"])
def test_export_import_round_trip(fmt):
    g = load_glossary(SHIPPED_GLOSSARY)
    back = ops.read_upload(ops.export_bytes(g, fmt), f"musk-trump.{fmt}")
    assert back.content_dict()["concepts"] == g.content_dict()["concepts"]


def test_import_merge_keeps_or_replaces():
    g = load_glossary(SHIPPED_GLOSSARY)
    incoming = ops.read_upload(
        "source,target\n鷹潭,Eagle Pool\n新しい語,New Word\n".encode(), "deepl.csv"
    )
    merged, added, replaced = ops.merge(g, incoming, replace_existing=False)
    assert added + replaced == len(incoming) and len(merged) == len(g) + added


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("evil.tbx", b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
                     b"<martif><text><body>&b;</body></text></martif>", "evil.tbx"),
        ("notes.docx", b"PK\x03\x04", "unknown glossary format"),
        ("broken.xlsx", b"not a zip", "broken.xlsx"),
    ],
)
def test_import_rejects_hostile_or_unknown_files(name, data, message):
    with pytest.raises(InputError, match=message):
        ops.read_upload(data, name)


# -- compare page ------------------------------------------------------------------------------------------------


def import_drafts(path: Path, approve: int = 0) -> None:
    from review_app.engines.file import FileEngine
    from review_app.engines.runner import run_engine

    with project_service(path) as svc:
        for name in ("literal", "fluent"):
            prov = {"kind": "prepared-draft", "by": "tests", "how": "shipped"}
            run_engine(svc, FileEngine(CANDIDATES / f"{name}.xlf", engine_name=f"draft-{name}", provenance=prov))
        for seg in svc.list_segments(limit=approve):
            fluent = next(c.text for c in svc.candidates(seg.key) if c.engine == "draft-fluent")
            v = svc.save_target(seg.key, fluent, expected_version=seg.version)
            svc.approve(seg.key, expected_version=v.version)


def computed(app: AppTest, project_dir: Path) -> AppTest:
    """The Compare page computes in a background process: wait for the project's running jobs, then rerun."""
    from review_app.metrics.jobs import CompareJobs

    jobs = CompareJobs(project_dir)
    for lock in list(jobs.dir.glob("*.lock")):
        jobs.wait(lock.name.removesuffix(".lock"))
    app.run()
    assert not app.exception, app.exception
    return app


def test_compare_page_claims_no_significance_from_one_segment(app, seed_project):
    import_drafts(seed_project, approve=1)  # a reviewer who approved one segment opens Compare
    page(app, "compare")
    computed(app, seed_project)
    ok(app)
    sig = app.dataframe[1].value.set_index(["metric", "engine"])
    # sacrebleu gives p = 1/(resamples+1) when the only segment is resampled 300 times; that is no evidence
    assert sig.loc[("BLEU", "draft-literal"), "p-value"] < 0.05
    assert sig.loc[("BLEU", "draft-literal"), "vs baseline"] == "no test possible (1 segment)"
    assert not any("significant (p < 0.05)" in v for v in sig["vs baseline"])
    bullets = [m.value for m in app.markdown if m.value.startswith("- ")]
    assert not any("unlikely to be chance" in b for b in bullets)
    assert any("no paired test can tell the engines apart" in b for b in bullets)


def test_compare_page_without_candidates_explains(app):
    page(app, "compare")
    ok(app)
    assert any("No MT candidates yet" in i.value for i in app.info)


def test_compare_page_against_the_shipped_reference(app, seed_project):
    import_drafts(seed_project, approve=40)
    page(app, "compare")
    computed(app, seed_project)
    ok(app)
    frame = app.dataframe[0].value
    assert list(frame["engine"]) == ["draft-fluent", "draft-literal"]
    assert (frame["scored"] == 40).all()
    assert frame["HTER"].iloc[0] == 0.0 and frame["HTER"].iloc[1] > 0  # the approved targets are fluent's
    sig = app.dataframe[1].value.set_index(["metric", "engine"])
    assert pd.isna(sig.loc[("BLEU", "draft-fluent"), "p-value"])  # the baseline has no p-value
    assert sig.loc[("BLEU", "draft-literal"), "p-value"] < 0.05
    # 40 segments: below significance.MIN_SEGMENTS, so the page says "indicative", not "significant"
    assert sig.loc[("BLEU", "draft-literal"), "vs baseline"] == "p < 0.05, indicative only (40 segments)"
    assert sig.loc[("TER", "draft-literal"), "95% interval"].startswith("[")
    chart = app.get("vega_lite_chart")
    assert len(chart) == 1 and '"x2"' in chart[0].proto.spec  # each score with its interval
    table = app.code[-1].value
    assert "BLEU" in table and "nrefs:1" in table
    app.selectbox(key="cmp_ref").set_value("shipped").run()
    computed(app, seed_project)
    ok(app)
    frame = app.dataframe[0].value
    assert (frame["scored"] == 326).all()
    assert "reference.tmx" in app.caption[0].value
    bleu = dict(zip(frame["engine"], frame["BLEU"], strict=True))
    assert bleu["draft-fluent"] > bleu["draft-literal"]
    app.selectbox(key="cmp_baseline").set_value("draft-literal").run()
    computed(app, seed_project)
    sig = app.dataframe[1].value.set_index(["metric", "engine"])
    assert pd.isna(sig.loc[("chrF", "draft-literal"), "p-value"])
    assert sig.loc[("chrF", "draft-fluent"), "vs baseline"] == "significant (p < 0.05)"
    # the most disagreeing segment opens on the Review page
    first = next(b for b in app.button if b.key == "cmp_open_0")
    first.click().run()
    assert app.title[0].value == "Review"
    assert app.selectbox(key="review_key").value


# -- translate action -------------------------------------------------------------------------------------------


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def fake_deepl(monkeypatch) -> Iterator[FakeDeepL]:
    monkeypatch.setattr(deepl.http_client._BackoffTimer, "BACKOFF_INITIAL", 0.01)
    monkeypatch.setattr(deepl.http_client, "max_network_retries", deepl.http_client.max_network_retries)
    server = FakeDeepL(auth_key=DEEPL_KEY).start()
    try:
        yield server
    finally:
        server.stop()


def engine_candidates(path: Path, engine_prefix: str) -> int:
    with project_service(path) as svc:
        return sum(1 for s in svc.list_segments() for c in svc.candidates(s.key) if c.engine.startswith(engine_prefix))


def test_translate_with_an_openai_compatible_endpoint(app, seed_project, fake_openai):
    page(app, "compare")
    app.radio(key="tr_engine").set_value("openai").run()
    app.text_input(key="tr_base_url").input(fake_openai.url)
    app.text_input(key="tr_model").input("test-model")
    app.text_input(key="tr_name").input("local-llm").run()
    assert app.button(key="tr_run").disabled  # nothing is sent before the user agrees
    app.checkbox(key="tr_consent").check().run()
    app.button(key="tr_run").click().run()
    ok(app)
    assert "local-llm: 326 candidates added" in app.success[0].value
    assert engine_candidates(seed_project, "local-llm") == 326
    sent = len(fake_openai.requests)
    app.button(key="tr_run").click().run()  # a second run costs nothing
    assert "0 candidates added" in app.success[0].value and "326 already done" in app.success[0].value
    assert len(fake_openai.requests) == sent
    assert [p.value for p in app.get("progress")] == [100]


def test_translate_with_deepl_key_from_settings(app, seed_project, fake_deepl):
    page(app, "settings")
    app.text_input(key="key_deepl").input(DEEPL_KEY).run()
    app.switch_page("app_pages/compare.py").run()
    app.text_input(key="tr_server_url").input(fake_deepl.url)
    app.checkbox(key="tr_consent").check().run()
    app.button(key="tr_run").click().run()
    ok(app)
    report = app.success[0].value
    assert "deepl: 326 candidates added" in report and "characters billed" in report and "usage now" in report
    assert engine_candidates(seed_project, "deepl") == 326
    with project_service(seed_project) as svc:
        from review_app.store.schema import CandidateRow

        with svc.db.session() as s:
            stored = " ".join(str(r.provenance) for r in s.query(CandidateRow).all())
        assert DEEPL_KEY not in stored  # the key is never written to the database


def test_translate_with_a_wrong_deepl_key_shows_the_engine_error(app, seed_project, fake_deepl):
    app.session_state["engine_keys"] = {"deepl": "wrong-key:fx"}
    page(app, "compare")
    app.text_input(key="tr_server_url").input(fake_deepl.url)
    app.checkbox(key="tr_consent").check().run()
    app.button(key="tr_run").click().run()
    assert not app.exception, app.exception
    assert any("403" in e.value for e in app.error)
    assert engine_candidates(seed_project, "deepl") == 0


def test_file_import_requires_provenance(app, seed_project):
    page(app, "compare")
    app.radio(key="tr_engine").set_value("file").run()
    app.selectbox(key="tr_file_path").set_value(str(CANDIDATES / "fluent.xlf"))
    app.text_input(key="tr_name").input("draft-fluent").run()
    app.button(key="tr_run").click().run()
    assert any("provenance" in e.value for e in app.error)
    assert engine_candidates(seed_project, "draft-fluent") == 0
    app.text_input(key="tr_prov_by").input("A. Translator")
    app.text_input(key="tr_prov_how").input("edited DeepL output").run()
    app.button(key="tr_run").click().run()
    ok(app)
    assert "draft-fluent: 326 candidates added" in app.success[0].value
    with project_service(seed_project) as svc:
        cand = next(c for c in svc.candidates(svc.list_segments(limit=1)[0].key) if c.engine == "draft-fluent")
        assert cand.provenance["by"] == "A. Translator" and cand.provenance["kind"] == "prepared-draft"


def test_translator_cannot_add_candidates(app, monkeypatch):
    monkeypatch.setenv("REVIEW_APP_TEAM", "1")
    app.session_state["actor"] = Actor("tom", Role.TRANSLATOR)
    page(app, "compare")
    assert any("reviewer or admin" in i.value for i in app.info)
    assert not [b for b in app.button if b.key == "tr_run"]





def test_glossary_import_upload_merges_and_saves(app, gloss):
    page(app, "glossary")
    csv = "source,target\n鷹潭,Eagle Pool\nテスラ・ギガファクトリー,Tesla Gigafactory\n".encode()
    app.get("file_uploader")[0].set_value(("deepl-export.csv", csv, "text/csv")).run()
    app.button(key="gl_import").click().run()
    ok(app)
    message = next(s.value for s in app.success)
    assert "Imported deepl-export.csv" in message and "version 1.1" in message
    after = load_glossary(gloss)
    texts = {t.text for c in after.concepts for t in c.terms}
    assert "テスラ・ギガファクトリー" in texts and "Tesla Gigafactory" in texts
    assert after.get("eagle-pass").preferred("en").text == "Eagle Pass"  # ours kept


def test_glossary_import_of_a_hostile_file_is_refused(app, gloss):
    page(app, "glossary")
    bomb = (b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
            b"<martif><text><body>&b;</body></text></martif>")
    app.get("file_uploader")[0].set_value(("bomb.tbx", bomb, "application/xml")).run()
    app.button(key="gl_import").click().run()
    assert not app.exception, app.exception
    assert any("bomb.tbx" in e.value for e in app.error)
    assert load_glossary(gloss).version == "1.0"


def test_translate_imports_an_uploaded_file(app, seed_project):
    page(app, "compare")
    app.radio(key="tr_engine").set_value("file").run()
    uploader = next(u for u in app.get("file_uploader") if u.id and "tr_upload" in u.id)
    uploader.set_value(("literal.xlf", (CANDIDATES / "literal.xlf").read_bytes(), "application/xml")).run()
    assert any("Uploaded literal.xlf" in c.value for c in app.caption)
    app.text_input(key="tr_name").input("draft-literal")
    app.text_input(key="tr_prov_by").input("the corpus authors")
    app.text_input(key="tr_prov_how").input("word-for-word draft").run()
    app.button(key="tr_run").click().run()
    ok(app)
    assert "draft-literal: 326 candidates added" in app.success[0].value
    app.switch_page("app_pages/compare.py").run()
    assert app.selectbox(key="cmp_baseline").value == "draft-literal"


def test_glossary_edit_conflict_does_not_overwrite_another_users_save(app, gloss):
    before = load_glossary(gloss)
    page(app, "glossary")
    app.text_input(key="gl_search").input("イーグル").run()
    k = "gl_0_eagle-pass"
    # another admin saves the glossary while this page is open
    other = ops.replace_concept(before, before.get("eagle-pass").__class__(
        id="eagle-pass", type=before.get("eagle-pass").type,
        terms=(*before.get("eagle-pass").terms, ops.make_term("Eagle Pass, Texas", "en", "admitted"))))
    ops.save(other, gloss, base_hash=before.content_hash)
    app.selectbox(key=f"{k}_3_status").set_value("forbidden")
    app.button(key="gl_save").click().run()
    assert not app.exception, app.exception
    assert any("changed by someone else" in e.value for e in app.error)
    after = load_glossary(gloss)
    assert after.version == "1.1" and "Eagle Pass, Texas" in {t.text for t in after.get("eagle-pass").terms}
    assert after.get("eagle-pass").preferred("en").text == "Eagle Pass"
    # reload: the editor now starts from their version, and saving works again
    app.button(key="gl_reload").click().run()
    app.selectbox(key="gl_1_eagle-pass_2_status").set_value("admitted")
    app.button(key="gl_save").click().run()
    ok(app)
    final = load_glossary(gloss)
    assert final.version == "1.2" and "Eagle Pass, Texas" in {t.text for t in final.get("eagle-pass").terms}
    assert {t.text: t.status for t in final.get("eagle-pass").terms}["Eagle Pass"] is TermStatus.ADMITTED


def test_save_refuses_when_the_file_changed_underneath(gloss):
    base = load_glossary(gloss)
    ops.save(ops.remove_concept(base, "eagle-pass"), gloss, base_hash=base.content_hash)  # first writer wins
    with pytest.raises(ops.GlossaryConflict, match="changed by someone else"):
        ops.save(ops.remove_concept(base, "doge"), gloss, base_hash=base.content_hash)
    now = load_glossary(gloss)
    assert "doge" in now and "eagle-pass" not in now and now.version == "1.1"


# -- settings: article titles ------------------------------------------------------------------------------------


def test_settings_sets_the_article_titles_used_by_exports(app, seed_project, tmp_path, monkeypatch):
    from review_app.exporters import export_project

    page(app, "settings")
    src = next(t for t in app.text_input if t.label == "Title (ja)")
    tgt = next(t for t in app.text_input if t.label == "Title (en)")
    src.set_value("マスク氏とトランプ氏の同盟の盛衰")
    tgt.set_value("The rise and fall of the Musk-Trump alliance")
    next(b for b in app.button if b.label == "Save titles").click().run()
    ok(app)
    assert any("Titles saved" in s.value for s in app.success)
    export_project(seed_project, "en-html", tmp_path / "a.en.html")
    assert "<title>The rise and fall of the Musk-Trump alliance</title>" in (tmp_path / "a.en.html").read_text(
        encoding="utf-8")
    # a translator sees the titles but cannot change them
    monkeypatch.setenv("REVIEW_APP_TEAM", "1")
    app.session_state["actor"] = Actor("tina", Role.TRANSLATOR)
    page(app, "settings")
    assert next(t for t in app.text_input if t.label == "Title (en)").disabled
    assert any("needs the reviewer or admin role" in c.value for c in app.caption)


def test_compare_page_leaves_out_columns_no_engine_has(app, seed_project):
    """Without approved segments no engine has an HTER: the column is left out (it showed "None" on every row)
    and the page says when it appears. Scored against the shipped reference, imported as the project's
    reference engine (the page's default reference then)."""
    from review_app.engines.file import FileEngine
    from review_app.engines.runner import run_engine

    import_drafts(seed_project, approve=0)
    with project_service(seed_project) as svc:
        prov = {"kind": "human-reference", "by": "tests", "how": "shipped"}
        run_engine(svc, FileEngine(CANDIDATES.parent / "reference.tmx", engine_name="reference", provenance=prov))
    page(app, "compare")
    computed(app, seed_project)
    ok(app)
    frame = app.dataframe[0].value
    assert list(frame["engine"]) == ["draft-fluent", "draft-literal"]
    assert "HTER" not in frame and "HTER segments" not in frame
    assert not frame.isna().any().any(), frame
    captions = [c.value for c in app.caption]
    assert any("HTER appears once segments are approved" in c for c in captions), captions
