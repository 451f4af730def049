"""DeepL engine against a fake DeepL API server, through the real ``deepl`` SDK (``server_url``).

Covers: success with provenance, request limits, glossary sync (created once, reused, re-created on a new
version), 403, 456 mid-run (partial results kept, resume finishes without re-translating — checked with the
server's billed-character counter), 429/503 retry with backoff, connection refused, usage, the CLI.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import deepl
import pytest
from click.testing import CliRunner

from review_app.cli import main
from review_app.engines.base import GlossarySpec
from review_app.engines.deepl import DeepLEngine
from review_app.engines.runner import BatchRunner, run_engine
from review_app.errors import EngineAuthError, EngineUnavailable, QuotaExceeded
from review_app.project import init_project, open_project
from review_app.review import ReviewService
from tests.fake_deepl import FakeDeepL
from tests.test_engines_contract import EngineContract

KEY = "0123abcd-test-key:fx"


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the SDK's real retry logic but make its sleeps short; restore the global retry count."""
    monkeypatch.setattr(deepl.http_client._BackoffTimer, "BACKOFF_INITIAL", 0.01)
    monkeypatch.setattr(deepl.http_client, "max_network_retries", deepl.http_client.max_network_retries)


@pytest.fixture
def fake() -> Iterator[FakeDeepL]:
    server = FakeDeepL(auth_key=KEY).start()
    try:
        yield server
    finally:
        server.stop()


def make_engine(fake: FakeDeepL, **kw: object) -> DeepLEngine:
    return DeepLEngine(KEY, server_url=fake.url, **kw)  # type: ignore[arg-type]


class TestDeepLContract(EngineContract):
    @pytest.fixture
    def engine(self, fake: FakeDeepL) -> Iterator[DeepLEngine]:
        e = make_engine(fake)
        yield e
        e.close()


def synthetic_project(tmp_path: Path, n: int) -> Path:
    """A project of ``n`` distinct Japanese sentences, one paragraph each (~20 characters per sentence)."""
    src = tmp_path / "synthetic.ja.txt"
    body = "\n\n".join(f"これは第{i}番目の文で、内容は{i * 7}です。" for i in range(n))
    src.write_text(body + "\n", encoding="utf-8")
    path = tmp_path / "synthetic"
    init_project(path, source=src, source_lang="ja", target_lang="en")
    return path


@pytest.fixture
def seed_service(seed_project: Path) -> Iterator[ReviewService]:
    op = open_project(seed_project)
    yield op.service()
    op.close()


def all_candidates(svc: ReviewService, engine: str = "deepl") -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for seg in svc.list_segments():
        texts = [c.text for c in svc.candidates(seg.key) if c.engine == engine]
        if texts:
            out[seg.key] = texts
    return out


def test_seed_article_success(fake: FakeDeepL, seed_service: ReviewService, seed_project: Path) -> None:
    engine = make_engine(fake)
    report = run_engine(seed_service, engine)
    segs = [s for s in seed_service.list_segments() if s.source.strip()]
    unique_chars = sum(len(t) for t in {s.source for s in segs})
    assert report.added == len(segs)
    assert fake.character_count == unique_chars == report.billed_characters
    cands = all_candidates(seed_service)
    assert set(cands) == {s.key for s in segs}
    for seg in segs:
        (text,) = cands[seg.key]
        assert text == f"EN({seg.source})"
        (c,) = seed_service.candidates(seg.key)
        prov = c.provenance
        assert prov["engine"] == "deepl" and prov["endpoint"] == "custom" and prov["target_lang"] == "EN-US"
        assert prov["settings"]["english_variant"] == "EN-US"
        assert prov["timestamp"] and prov["cache_key"].startswith("deepl:")
        assert isinstance(prov["billed_characters"], int)
    # The key is never written to the project database.
    engine.close()
    db_bytes = b"".join(p.read_bytes() for p in seed_project.rglob("*") if p.is_file())
    assert KEY.encode() not in db_bytes
    assert b"DeepL-Auth-Key" not in db_bytes


def test_requests_stay_within_deepl_limits(fake: FakeDeepL, tmp_path: Path) -> None:
    op = open_project(synthetic_project(tmp_path, 130))
    svc = op.service()
    report = run_engine(svc, make_engine(fake))
    op.close()
    assert report.added == 130
    assert [len(call["text"]) for call in fake.translate_calls] == [50, 50, 30]
    assert report.batches == 3


def test_batches_split_by_size() -> None:
    from review_app.engines.base import SegmentInput

    engine = DeepLEngine.__new__(DeepLEngine)  # batching needs no connection
    long = "あ" * 20_000  # 60 000 UTF-8 bytes
    batches = list(engine.batches([SegmentInput(str(i), long) for i in range(5)]))
    assert [len(b) for b in batches] == [2, 2, 1]
    assert all(sum(len(s.text.encode()) for s in b) <= 128 * 1024 for b in batches)


def test_rerun_costs_nothing(fake: FakeDeepL, seed_service: ReviewService) -> None:
    first = run_engine(seed_service, make_engine(fake))
    billed, calls = fake.character_count, len(fake.translate_calls)
    second = run_engine(seed_service, make_engine(fake))
    assert second.added == 0 and second.done_before == first.added
    assert (fake.character_count, len(fake.translate_calls)) == (billed, calls)
    assert all(len(v) == 1 for v in all_candidates(seed_service).values())


def test_identical_sentences_sent_once(fake: FakeDeepL, tmp_path: Path) -> None:
    src = tmp_path / "dup.txt"
    src.write_text("同じ文です。\n\n違う文です。\n\n同じ文です。\n", encoding="utf-8")
    init_project(tmp_path / "p", source=src)
    op = open_project(tmp_path / "p")
    svc = op.service()
    report = run_engine(svc, make_engine(fake))
    assert report.added == 3
    assert sorted(fake.texts_translated) == ["同じ文です。", "違う文です。"]
    provs = [svc.candidates(s.key)[0].provenance for s in svc.list_segments()]
    assert sum(p["billed_characters"] for p in provs) == fake.character_count
    op.close()


# -- glossary sync ---------------------------------------------------------------------------------------


def test_glossary_created_once_reused_and_recreated(fake: FakeDeepL) -> None:
    g1 = GlossarySpec.from_mapping({"大統領": "President", "マスク氏": "Mr. Musk"}, version="1", id="proj/terms")
    text = "マスク氏は大統領を批判した。"
    e = make_engine(fake)
    (c,) = e.translate_batch([text], "ja", "en", g1)
    assert c.text == "EN(Mr. MuskはPresidentを批判した。)"
    assert fake.glossaries_created == 1
    gid = c.provenance["glossary"]["deepl_glossary_id"]
    assert c.provenance["glossary"]["version"] == "1" and gid in fake.glossaries
    e.translate_batch([text], "ja", "en", g1)  # same engine: no new request to the glossary API
    e.close()
    e2 = make_engine(fake)  # a new session finds the existing glossary by name
    (c2,) = e2.translate_batch([text], "ja", "en", g1)
    assert fake.glossaries_created == 1 and c2.provenance["glossary"]["deepl_glossary_id"] == gid
    assert fake.translate_calls[-1]["glossary_id"] == gid
    g2 = GlossarySpec.from_mapping({"大統領": "the president", "マスク氏": "Musk"}, version="2", id="proj/terms")
    (c3,) = e2.translate_batch([text], "ja", "en", g2)
    assert c3.text == "EN(Muskはthe presidentを批判した。)"
    assert fake.glossaries_created == 2 and fake.glossaries_deleted == 1
    assert list(fake.glossaries) == [c3.provenance["glossary"]["deepl_glossary_id"]]
    e2.close()


def test_glossary_of_another_project_untouched(fake: FakeDeepL) -> None:
    e = make_engine(fake)
    e.translate_batch(["大統領"], "ja", "en", GlossarySpec.from_mapping({"大統領": "P"}, version="1", id="a/g"))
    e.translate_batch(["大統領"], "ja", "en", GlossarySpec.from_mapping({"大統領": "Q"}, version="1", id="b/g"))
    assert fake.glossaries_created == 2 and fake.glossaries_deleted == 0
    e.close()


def test_invalid_glossary_terms_are_left_out(fake: FakeDeepL) -> None:
    g = GlossarySpec.from_mapping({"大統領": "President", "改行\n入り": "bad"}, version="1")
    e = make_engine(fake)
    e.translate_batch(["大統領"], "ja", "en", g)
    (info,) = fake.glossaries.values()
    assert info["entries"] == {"大統領": "President"}
    e.close()


def test_glossary_version_is_part_of_the_cache_key(fake: FakeDeepL, seed_service: ReviewService) -> None:
    g1 = GlossarySpec.from_mapping({"大統領": "President"}, version="1")
    keys = [s.key for s in seed_service.list_segments() if "大統領" in s.source][:3]
    run_engine(seed_service, make_engine(fake), glossary=g1, keys=keys)
    n = len(fake.translate_calls)
    run_engine(seed_service, make_engine(fake), glossary=g1, keys=keys)
    assert len(fake.translate_calls) == n
    g2 = GlossarySpec.from_mapping({"大統領": "the President"}, version="2")
    report = run_engine(seed_service, make_engine(fake), glossary=g2, keys=keys)
    assert report.translated == 3 and len(fake.translate_calls) == n + 1
    assert all("the President" in seed_service.candidates(k)[-1].text for k in keys)


# -- errors ----------------------------------------------------------------------------------------------


def test_bad_key_403(fake: FakeDeepL) -> None:
    e = DeepLEngine("wrong-key:fx", server_url=fake.url)
    with pytest.raises(EngineAuthError, match="DEEPL_AUTH_KEY") as info:
        e.translate_batch(["テスト"], "ja", "en")
    assert "403" in str(info.value) and "wrong-key" not in str(info.value)
    assert fake.character_count == 0
    e.close()


def test_missing_key_names_the_env_var(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)
    with pytest.raises(EngineAuthError, match=r"set DEEPL_AUTH_KEY"):
        DeepLEngine()


@pytest.mark.parametrize(
    ("key", "url"), [("abc:fx", "https://api-free.deepl.com"), ("abc", "https://api.deepl.com")]
)
def test_free_and_pro_endpoints(key: str, url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPL_AUTH_KEY", key)
    e = DeepLEngine()
    assert e.server_url == url and e.endpoint == ("free" if key.endswith(":fx") else "pro")
    e.close()


def test_quota_456_mid_run_then_resume(fake: FakeDeepL, tmp_path: Path) -> None:
    op = open_project(synthetic_project(tmp_path, 120))
    svc = op.service()
    texts = [s.source for s in svc.list_segments()]
    total_chars = sum(len(t) for t in texts)
    fake.character_limit = sum(len(t) for t in texts[:50]) + 10  # room for the first batch only
    with pytest.raises(QuotaExceeded, match=r"456.*Stopped after 50 new candidates.*saved") as info:
        run_engine(svc, make_engine(fake))
    assert "remaining 70" in str(info.value)
    assert len(all_candidates(svc)) == 50  # the finished batch is kept
    assert fake.character_count == sum(len(t) for t in texts[:50])
    # Next billing period: resume finishes the rest without re-translating the first 50.
    fake.character_limit = 1_000_000
    runner = BatchRunner(svc, make_engine(fake))
    plan = runner.plan()
    assert plan.done == 50 and len(plan.to_translate) == 70
    report = runner.run(plan)
    assert report.added == 70
    assert fake.character_count == total_chars
    assert sorted(fake.texts_translated) == sorted(texts)  # each text billed exactly once
    assert len(all_candidates(svc)) == 120
    op.close()


@pytest.mark.parametrize("codes", [[429], [429, 429], [503], [500, 429]])
def test_retries_429_and_5xx_with_backoff(fake: FakeDeepL, codes: list[int]) -> None:
    fake.fail_next = list(codes)
    e = make_engine(fake)
    (c,) = e.translate_batch(["再試行のテスト"], "ja", "en")
    assert c.text == "EN(再試行のテスト)"
    assert fake.requests.count(("POST", "/v2/translate")) == len(codes) + 1
    assert fake.character_count == len("再試行のテスト")
    e.close()


def test_retries_give_up_with_clear_message(fake: FakeDeepL) -> None:
    fake.fail_next = [429] * 10
    e = make_engine(fake, max_retries=2)
    with pytest.raises(EngineUnavailable, match="429 Too Many Requests after 2 retries"):
        e.translate_batch(["テスト"], "ja", "en")
    assert fake.requests.count(("POST", "/v2/translate")) == 3
    e.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_connection_refused(seed_service: ReviewService) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    e = DeepLEngine(KEY, server_url=url, max_retries=1)
    with pytest.raises(EngineUnavailable, match=r"cannot reach DeepL at http://127\.0\.0\.1:\d+.*network") as info:
        run_engine(seed_service, e)
    assert "Stopped after 0 new candidates" in str(info.value)
    assert all_candidates(seed_service) == {}
    e.close()


def test_usage(fake: FakeDeepL) -> None:
    fake.character_limit = 1000
    e = make_engine(fake)
    e.translate_batch(["一二三四五"], "ja", "en")
    u = e.usage()
    assert (u.used, u.limit) == (5, 1000)
    assert str(u) == "5 of 1,000 characters used (0.5%)"
    e.close()


# -- CLI -------------------------------------------------------------------------------------------------


def test_cli_translate_and_quota(fake: FakeDeepL, seed_project: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"DEEPL_AUTH_KEY": KEY}
    glossary = tmp_path / "g.csv"
    glossary.write_text("大統領,President\nマスク氏,Musk\n", encoding="utf-8")
    fake.character_limit = 300
    args = ["translate", str(seed_project), "--engine", "deepl", "--server-url", fake.url, "--yes",
            "--glossary", str(glossary)]
    r = runner.invoke(main, args, env=env)
    assert r.exit_code == 1, r.output
    assert "usage before this run: 0 of 300 characters used" in r.output
    assert "warning: this run needs up to" in r.output and "only 300 are left" in r.output
    assert "quota" in r.output.lower() and "run the same command again" in r.output.lower()
    fake.character_limit = 1_000_000
    r = runner.invoke(main, args, env=env)
    assert r.exit_code == 0, r.output
    assert "to translate" in r.output and "candidates added" in r.output
    assert "deepl usage:" in r.output and "characters used" in r.output
    assert fake.glossaries_created == 1
    r = runner.invoke(main, args, env=env)
    assert r.exit_code == 0 and "0 to translate" in r.output
    r = runner.invoke(main, ["show", str(seed_project), json.loads(
        runner.invoke(main, ["segments", str(seed_project), "--format", "json"]).output)[0]["id"]])
    assert "candidate [deepl]: EN(" in r.output


def test_cli_missing_key(seed_project: Path) -> None:
    r = CliRunner().invoke(main, ["translate", str(seed_project), "--engine", "deepl", "--yes"],
                           env={"DEEPL_AUTH_KEY": ""})
    assert r.exit_code == 1
    assert "DEEPL_AUTH_KEY" in r.output


def test_cli_engines_usage(fake: FakeDeepL) -> None:
    fake.character_count, fake.character_limit = 1234, 500_000
    r = CliRunner().invoke(main, ["engines", "usage", "--server-url", fake.url], env={"DEEPL_AUTH_KEY": KEY})
    assert r.exit_code == 0, r.output
    assert r.output.strip() == "deepl (custom): 1,234 of 500,000 characters used (0.2%)"
    r = CliRunner().invoke(main, ["engines", "usage", "--server-url", fake.url], env={"DEEPL_AUTH_KEY": "bad"})
    assert r.exit_code == 1 and "DEEPL_AUTH_KEY" in r.output
