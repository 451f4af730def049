"""Engine registry, glossary spec, translation cache (SQLite + PostgreSQL), runner and the file engine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from review_app.cli import main
from review_app.engines import ENGINES
from review_app.engines.base import Engine, GlossarySpec, SegmentInput
from review_app.engines.file import FileEngine, normalise
from review_app.engines.glossary import load_glossary_spec, read_pairs, spec_from_glossary
from review_app.engines.runner import BatchRunner, TranslationCache, run_engine, settings_hash, text_hash
from review_app.errors import EngineError, InputError, QuotaExceeded
from review_app.models import Status
from review_app.project import import_document, open_project
from review_app.review import Actor, ReviewService
from review_app.segment import parse_document
from review_app.store.schema import ProjectRow
from tests.conftest import INTEROP, shared_dir
from tests.test_engines_contract import EngineContract


class EchoEngine(Engine):
    """An in-memory engine for runner tests: counts what it is sent, can fail on the n-th batch."""

    name = "echo"
    sends_data_to_third_party = False
    max_batch_texts = 4

    def __init__(self, fail_on_batch: int | None = None, error: type[EngineError] = QuotaExceeded) -> None:
        self.sent: list[str] = []
        self.calls = 0
        self.fail_on_batch = fail_on_batch
        self.error = error

    def settings(self) -> dict[str, Any]:
        return {"style": "upper"}

    def _translate(self, texts: list[str], source_lang: str, target_lang: str, glossary: Any) -> list[Any]:
        self.calls += 1
        if self.fail_on_batch is not None and self.calls == self.fail_on_batch:
            raise self.error("simulated failure")
        self.sent.extend(texts)
        return [(f"<{t}>", len(t), {}) for t in texts]


# -- registry and glossary --------------------------------------------------------------------------------


def test_registry_is_lazy_and_complete() -> None:
    assert ENGINES.names() == ["deepl", "openai", "file"]
    assert ENGINES.get("file").sends_data_to_third_party is False
    with pytest.raises(KeyError, match="known: deepl, openai, file"):
        ENGINES.get("google")


@pytest.mark.parametrize(
    ("entries", "text", "expected"),
    [
        ({"大統領": "President"}, "トランプ大統領は", {"大統領": "President"}),
        ({"経済": "economy", "経済政策": "economic policy"}, "経済政策と経済", {"経済政策": "economic policy",
                                                                                "経済": "economy"}),
        ({"経済": "economy", "経済政策": "economic policy"}, "経済政策", {"経済政策": "economic policy"}),
        ({"ＤＯＧＥ": "DOGE"}, "DOGEの責任者", {"ＤＯＧＥ": "DOGE"}),  # NFKC: full-width ASCII
        ({"大統領": "President"}, "", {}),
        ({"  ": "x", "a": " "}, "a", {}),  # blank entries dropped
    ],
)
def test_glossary_matching(entries: dict[str, str], text: str, expected: dict[str, str]) -> None:
    assert GlossarySpec.from_mapping(entries, version="1").matching(text) == expected


def test_glossary_version_defaults_to_content_hash() -> None:
    a = GlossarySpec.from_mapping({"a": "b"})
    assert a.version == GlossarySpec.from_mapping({"a": "b"}).version
    assert a.version != GlossarySpec.from_mapping({"a": "c"}).version


def test_read_pairs(tmp_path: Path) -> None:
    p = tmp_path / "g.csv"
    p.write_text("source,target\n大統領,President\n\n関税,tariff\n", encoding="utf-8")
    assert read_pairs(p) == {"大統領": "President", "関税": "tariff"}
    p.write_text("大統領\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 1: expected two columns"):
        read_pairs(p)


def test_spec_from_rich_glossary() -> None:
    from review_app.glossary import model
    term, concept, ts = model.Term, model.Concept, model.TermStatus
    g = model.Glossary(
        concepts=(
            concept("president", terms=(term("大統領", "ja", ts.PREFERRED), term("プレジデント", "ja", ts.ADMITTED),
                                        term("President", "en", ts.PREFERRED), term("Chief", "en", ts.FORBIDDEN))),
            concept("bad-src", terms=(term("社長", "ja", ts.FORBIDDEN), term("CEO", "en", ts.PREFERRED))),
            concept("no-target", terms=(term("関税", "ja", ts.PREFERRED),)),
        ),
        version="3",
    )
    spec = spec_from_glossary(g, "ja", "en", id="p/g")
    assert dict(spec.entries) == {"大統領": "President", "プレジデント": "President"}
    assert spec.version.startswith("3+") and spec.id == "p/g"


def test_load_glossary_spec_deepl_csv(tmp_path: Path) -> None:
    p = tmp_path / "g.csv"
    p.write_text("大統領,President\nマスク氏,Musk\n", encoding="utf-8")
    spec = load_glossary_spec(p, "ja", "en")
    assert dict(spec.entries) == {"大統領": "President", "マスク氏": "Musk"}
    with pytest.raises(InputError, match="not found"):
        load_glossary_spec(tmp_path / "missing.csv", "ja", "en")


# -- cache on both stores ---------------------------------------------------------------------------------


def _project(db: Any, name: str = "p") -> int:
    with db.session() as s:
        row = ProjectRow(name=name, source_lang="ja", target_lang="en", settings={})
        s.add(row)
        s.flush()
        return int(row.id)


def test_cache_roundtrip_and_first_wins(database: Any) -> None:
    pid = _project(database)
    other = _project(database, "q")
    cache = TranslationCache(database, pid)
    settings = {"model": "x"}
    h = settings_hash(settings)
    cache.put_many("deepl", settings, "g1", [("文A", "A", {"billed_characters": 2}), ("文B", "B", {})])
    cache.put_many("deepl", settings, "g1", [("文A", "A-again", {})])  # existing key kept
    got = cache.get_many("deepl", h, "g1", [text_hash("文A"), text_hash("文B"), text_hash("文C")])
    assert {k: v.target for k, v in got.items()} == {text_hash("文A"): "A", text_hash("文B"): "B"}
    assert got[text_hash("文A")].provenance == {"billed_characters": 2}
    assert cache.get_many("deepl", h, "g2", [text_hash("文A")]) == {}  # other glossary version
    assert cache.get_many("openai", h, "g1", [text_hash("文A")]) == {}
    assert cache.get_many("deepl", settings_hash({"model": "y"}), "g1", [text_hash("文A")]) == {}
    assert TranslationCache(database, other).get_many("deepl", h, "g1", [text_hash("文A")]) == {}
    assert cache.count() == 2 and cache.count("openai") == 0


# -- runner -----------------------------------------------------------------------------------------------


@pytest.fixture
def svc(seed_project: Path) -> Any:
    op = open_project(seed_project)
    yield op.service()
    op.close()


def test_runner_batches_and_provenance(svc: ReviewService) -> None:
    engine = EchoEngine()
    ticks: list[int] = []
    report = run_engine(svc, engine, progress=ticks.append)
    segs = [s for s in svc.list_segments() if s.source.strip()]
    assert report.added == len(segs) == sum(ticks)
    assert report.batches == len(ticks)
    assert max(ticks) <= 4 + 2  # a batch of 4 texts (+ duplicates of those texts)
    c = svc.candidates(segs[5].key)[0]
    assert c.text == f"<{segs[5].source}>"
    assert c.provenance["settings"] == {"style": "upper"}
    assert c.provenance["kind"] == "machine-translation"
    assert c.provenance["cache_key"].startswith("echo:")


def test_failure_keeps_finished_batches_and_resume(svc: ReviewService) -> None:
    n_unique = len({s.source for s in svc.list_segments() if s.source.strip()})
    engine = EchoEngine(fail_on_batch=3)
    with pytest.raises(QuotaExceeded, match=r"simulated failure\. Stopped after 8 new candidates") as info:
        run_engine(svc, engine)
    assert info.value.report.added == 8  # type: ignore[attr-defined]
    assert len(engine.sent) == 8
    resumed = EchoEngine()
    report = run_engine(svc, resumed)
    assert report.done_before == 8
    assert len(resumed.sent) == n_unique - 8
    assert set(resumed.sent).isdisjoint(engine.sent)


def test_cache_hit_costs_nothing(svc: ReviewService) -> None:
    seg = svc.list_segments()[0]
    engine = EchoEngine()
    runner = BatchRunner(svc, engine)
    runner.cache.put_many("echo", runner.settings, "", [(seg.source, "cached!", {"billed_characters": 42})])
    plan = runner.plan([seg.key])
    assert len(plan.from_cache) == 1 and not plan.to_translate
    report = runner.run(plan)
    assert report.from_cache == 1 and engine.calls == 0
    (c,) = svc.candidates(seg.key)
    assert c.text == "cached!"
    assert c.provenance["from_cache"] is True and c.provenance["billed_characters"] == 0
    assert c.provenance["billed_characters_original"] == 42
    assert runner.plan([seg.key]).done == 1
    assert "1 already have a echo candidate" in runner.plan([seg.key]).summary()


def test_corrected_source_is_translated(svc: ReviewService) -> None:
    seg = svc.list_segments()[0]
    svc.correct_source(seg.key, "訂正された文。", expected_source_version=seg.source_version)
    engine = EchoEngine()
    run_engine(svc, engine, keys=[seg.key])
    assert engine.sent == ["訂正された文。"]


def test_unknown_segment_and_permissions(svc: ReviewService, seed_project: Path) -> None:
    from review_app.errors import NotFoundError, PermissionDenied
    from review_app.models import Role

    with pytest.raises(NotFoundError, match="no segment nope"):
        run_engine(svc, EchoEngine(), keys=["nope"])
    op = open_project(seed_project)
    translator = op.service(Actor("tom", Role.TRANSLATOR))
    with pytest.raises(PermissionDenied):
        run_engine(translator, EchoEngine())
    op.close()


# -- file engine ------------------------------------------------------------------------------------------


def _bilingual(units: list[tuple[str, str, str | None]]) -> Any:
    from review_app.formats import BilingualFile, BilingualUnit

    return BilingualFile(
        units=[BilingualUnit(id=i, source=s, target=t, source_lang="ja", target_lang="en") for i, s, t in units],
        source_lang="ja",
        target_lang="en",
    )


@pytest.fixture
def draft_file(tmp_path: Path, svc: ReviewService) -> Path:
    from review_app.formats import write_bilingual

    segs = svc.list_segments()
    units = [(segs[0].key, segs[0].source, "Draft zero."),  # by id
             ("other-7", "　" + segs[1].source + " ", "Draft one."),  # by source (whitespace differs)
             (segs[2].key, segs[2].source, None),  # no target: no candidate
             ("x", "本プロジェクトにない文。", "Not in project.")]
    path = tmp_path / "drafts.xlf"
    write_bilingual(_bilingual(units), path)
    return path


class TestFileContract(EngineContract):
    @pytest.fixture
    def engine(self, tmp_path: Path) -> FileEngine:
        from review_app.formats import write_bilingual

        path = tmp_path / "c.tmx"
        write_bilingual(_bilingual([(str(i), t, f"T{i}") for i, t in enumerate(self.texts)]), path)
        return FileEngine(path, provenance={"kind": "prepared-draft"})


@pytest.mark.parametrize("ext", [".xlf", ".xlf2", ".tmx", ".csv", ".xlsx"])
def test_file_engine_formats(tmp_path: Path, ext: str) -> None:
    from review_app.formats import write_bilingual

    path = tmp_path / f"f{ext}"
    write_bilingual(_bilingual([("a", "文です。", "It is a sentence."), ("b", "二文目。", "Second.")]), path)
    engine = FileEngine(path, engine_name="draft", provenance={"kind": "prepared-draft", "by": "test"})
    out = engine.translate_segments([SegmentInput("b", "二文目。"), SegmentInput("z", "文です。"),
                                     SegmentInput("q", "ない。")], "ja", "en")
    assert [c.text if c else None for c in out] == ["Second.", "It is a sentence.", None]
    assert out[0] is not None and out[0].provenance["by"] == "test"
    assert out[1] is not None and out[1].provenance["matched_by"] == "source"


def test_same_id_different_sentence_is_not_matched(tmp_path: Path) -> None:
    from review_app.formats import write_bilingual

    path = tmp_path / "f.xlf"
    write_bilingual(_bilingual([("k1", "別の文。", "Other.")]), path)
    (c,) = FileEngine(path, provenance={"kind": "x"}).translate_segments([SegmentInput("k1", "この文。")], "ja", "en")
    assert c is None
    (c,) = FileEngine(path, provenance={"kind": "x"}, match="id").translate_segments(
        [SegmentInput("k1", "この文。")], "ja", "en")
    assert c is not None and c.provenance["matched_by"] == "id"


def test_normalise() -> None:
    assert normalise("　ＡＢＣ  です\n。") == "ABC です 。"


def test_candidates_import_cli(svc: ReviewService, seed_project: Path, draft_file: Path) -> None:
    prov = '{"kind": "prepared-draft", "by": "A. Translator", "how": "post-edited MT"}'
    args = ["candidates", "import", str(seed_project), str(draft_file), "--engine", "draft-a", "--provenance", prov]
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0, r.output
    assert "2 candidates imported" in r.output
    segs = svc.list_segments()
    (c0,) = svc.candidates(segs[0].key)
    assert (c0.engine, c0.text) == ("draft-a", "Draft zero.")
    assert c0.provenance["kind"] == "prepared-draft" and c0.provenance["by"] == "A. Translator"
    assert c0.provenance["file"] == "drafts.xlf" and len(c0.provenance["file_sha256"]) == 64
    assert c0.provenance["matched_by"] == "id"
    assert svc.candidates(segs[1].key)[0].provenance["matched_by"] == "source"
    assert svc.candidates(segs[2].key) == []
    r = CliRunner().invoke(main, args)  # importing again adds nothing
    assert r.exit_code == 0 and "0 candidates imported" in r.output and "2 already imported" in r.output


@pytest.mark.parametrize(
    ("prov", "message"),
    [("not json", "not valid JSON"), ('["kind"]', 'at least a "kind"'), ('{"by": "me"}', 'at least a "kind"')],
)
def test_candidates_import_requires_honest_provenance(
    seed_project: Path, draft_file: Path, prov: str, message: str
) -> None:
    r = CliRunner().invoke(main, ["candidates", "import", str(seed_project), str(draft_file), "--engine", "d",
                                  "--provenance", prov])
    assert r.exit_code == 2 and message in r.output


def test_translate_file_engine_needs_file_and_provenance(seed_project: Path, draft_file: Path) -> None:
    r = CliRunner().invoke(main, ["translate", str(seed_project), "--engine", "file"])
    assert r.exit_code == 2 and "--file" in r.output
    r = CliRunner().invoke(main, ["translate", str(seed_project), "--engine", "file", "--file", str(draft_file)])
    assert r.exit_code == 2 and "--provenance" in r.output
    r = CliRunner().invoke(main, ["translate", str(seed_project), "--engine", "file", "--file", str(draft_file),
                                  "--provenance", '{"kind": "prepared-draft"}'])
    assert r.exit_code == 0 and "file: 2 candidates added" in r.output


def test_engines_list_cli() -> None:
    r = CliRunner().invoke(main, ["engines", "list"])
    assert r.exit_code == 0 and "deepl" in r.output and "file     local" in r.output


def test_two_documents_in_one_project(svc: ReviewService) -> None:
    """Segments of every document of the project are translated (ordering by document, then index)."""
    doc = parse_document("追加の文書です。\n", name="second")
    import_document(svc.db, svc.project_id, doc, name="second", source_path=None)
    engine = EchoEngine()
    run_engine(svc, engine)
    assert "追加の文書です。" in engine.sent
    assert all(s.status is Status.NEW for s in svc.list_segments())  # candidates do not touch targets


def test_interop_file_for_another_language_pair_is_refused(svc: ReviewService) -> None:
    path = shared_dir(INTEROP / "xliff12_omegat-test_states-approved_en-ja.xliff")
    engine = FileEngine(path, provenance={"kind": "prepared-draft"})
    with pytest.raises(InputError, match=r"source language is en.*project's is ja"):
        run_engine(svc, engine)
    assert all(svc.candidates(s.key) == [] for s in svc.list_segments()[:5])


def test_interop_xliff2_units_match_by_source(tmp_path: Path) -> None:
    """A real XLIFF 2.0 file (Memsource, en→ja) read in place: its units match segments by source text."""
    path = shared_dir(INTEROP / "xliff20_memsource_en-ja.xlf")
    from review_app.formats import read_bilingual

    units = [u for u in read_bilingual(path).units if (u.target or "").strip()]
    assert units
    engine = FileEngine(path, provenance={"kind": "reference"})
    segs = [SegmentInput(f"k{i}", u.source) for i, u in enumerate(units[:5])]
    out = engine.translate_segments(segs, "en", "ja")
    assert [c.text if c else None for c in out] == [u.target for u in units[:5]]
