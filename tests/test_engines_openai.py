"""OpenAI-compatible engine against a fake chat-completions server: prompt content, errors, retries, runner."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from review_app.cli import main
from review_app.engines.base import GlossarySpec, SegmentInput
from review_app.engines.openai_compat import OpenAICompatEngine, build_messages
from review_app.engines.runner import run_engine
from review_app.errors import EngineAuthError, EngineError, EngineUnavailable, InputError, QuotaExceeded
from review_app.project import open_project
from tests.fake_openai import FakeOpenAI
from tests.test_engines_contract import EngineContract


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI().start()
    try:
        yield server
    finally:
        server.stop()


def make(fake: FakeOpenAI, **kw: object) -> OpenAICompatEngine:
    return OpenAICompatEngine(fake.url, "test-model", backoff=0.001, **kw)  # type: ignore[arg-type]


class TestOpenAIContract(EngineContract):
    @pytest.fixture
    def engine(self, fake: FakeOpenAI) -> OpenAICompatEngine:
        return make(fake)


def test_prompt_has_matching_glossary_entries_and_context() -> None:
    g = GlossarySpec.from_mapping({"大統領": "President", "経済政策": "economic policy", "経済": "economy",
                                   "関税": "tariff"}, version="1")
    seg = SegmentInput("k", "大統領の経済政策。", previous="前の文。", next="次の文。")
    system, user = build_messages(seg, "ja", "en", g)
    assert "Japanese to English" in system["content"]
    text = user["content"]
    assert "- 大統領 → President" in text and "- 経済政策 → economic policy" in text
    assert "関税" not in text  # not in the segment
    assert "- 経済 → economy" not in text  # contained in the longer match
    assert "Previous sentence: 前の文。" in text and "Next sentence: 次の文。" in text
    assert text.endswith("Translate:\n大統領の経済政策。")


def test_first_segment_has_no_previous_context() -> None:
    (_, user) = build_messages(SegmentInput("k", "文。", next="次。"), "ja", "en", None)
    assert "Previous sentence" not in user["content"] and "Next sentence: 次。" in user["content"]
    assert "glossary" not in user["content"]


def test_runner_uses_neighbours_and_glossary(fake: FakeOpenAI, seed_project: Path) -> None:
    op = open_project(seed_project)
    svc = op.service()
    segs = svc.list_segments()
    keys = [segs[1].key, segs[2].key]
    g = GlossarySpec.from_mapping({"マスク氏": "Musk"}, version="v7")
    report = run_engine(svc, make(fake), glossary=g, keys=keys)
    assert report.added == 2 and len(fake.requests) == 2
    first = fake.requests[0]["messages"][-1]["content"]
    assert f"Previous sentence: {segs[0].source}" in first and f"Next sentence: {segs[2].source}" in first
    assert fake.requests[0]["temperature"] == 0.0 and fake.requests[0]["model"] == "test-model"
    (cand,) = svc.candidates(segs[2].key)
    assert cand.engine == "openai" and cand.text.startswith("EN<<") and not cand.text.endswith("\n")
    assert cand.provenance["settings"]["model"] == "test-model"
    assert cand.provenance["model_reported"] == "test-model-2025"
    assert cand.provenance["glossary"]["version"] == "v7"
    assert cand.provenance["context_segments"] == 2
    # Re-running costs nothing.
    again = run_engine(svc, make(fake), glossary=g, keys=keys)
    assert again.added == 0 and len(fake.requests) == 2
    op.close()


def test_loopback_servers_are_local() -> None:
    assert OpenAICompatEngine("http://127.0.0.1:8080/v1", "m").sends_data_to_third_party is False
    assert OpenAICompatEngine("http://localhost:11434/v1", "m").sends_data_to_third_party is False
    assert OpenAICompatEngine("https://api.openai.com/v1", "m").sends_data_to_third_party is True


@pytest.mark.parametrize(("url", "model"), [("", "m"), ("ftp://x/v1", "m"), ("file:///etc/passwd", "m"),
                                            ("http://127.0.0.1/v1", "")])
def test_bad_configuration(url: str, model: str) -> None:
    with pytest.raises(InputError):
        OpenAICompatEngine(url, model)


def test_api_key_sent_and_401_mapped(monkeypatch: pytest.MonkeyPatch) -> None:
    server = FakeOpenAI(api_key="sk-test").start()
    try:
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
        assert make(server).translate_batch(["文。"], "ja", "en")[0].text == "EN<<文。>>"
        monkeypatch.setenv("OPENAI_API_KEY", "sk-wrong")
        with pytest.raises(EngineAuthError, match="OPENAI_API_KEY"):
            make(server).translate_batch(["文。"], "ja", "en")
    finally:
        server.stop()


@pytest.mark.parametrize("codes", [[429], [500, 503], [502]])
def test_retries(fake: FakeOpenAI, codes: list[int]) -> None:
    fake.fail_next = list(codes)
    assert make(fake).translate_batch(["文。"], "ja", "en")[0].text == "EN<<文。>>"
    assert fake.status_calls == len(codes) + 1


def test_gives_up_after_retries(fake: FakeOpenAI) -> None:
    fake.fail_next = [503] * 5
    with pytest.raises(EngineUnavailable, match="HTTP 503 after 2 retries"):
        make(fake, max_retries=2).translate_batch(["文。"], "ja", "en")


def test_insufficient_quota(fake: FakeOpenAI) -> None:
    fake.fail_next = [(429, "insufficient_quota")]
    with pytest.raises(QuotaExceeded):
        make(fake).translate_batch(["文。"], "ja", "en")
    assert fake.status_calls == 1


def test_unknown_model(fake: FakeOpenAI) -> None:
    with pytest.raises(EngineError, match="model 'nope' must exist"):
        OpenAICompatEngine(fake.url, "nope").translate_batch(["文。"], "ja", "en")


def test_connection_refused() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    e = OpenAICompatEngine(f"http://127.0.0.1:{port}/v1", "test-model", max_retries=1, backoff=0.001)
    with pytest.raises(EngineUnavailable, match="is the server running"):
        e.translate_batch(["文。"], "ja", "en")


def test_cli_openai(fake: FakeOpenAI, seed_project: Path) -> None:
    r = CliRunner().invoke(main, ["translate", str(seed_project), "--engine", "openai", "--base-url", fake.url,
                                  "--model", "test-model", "--name", "local-llm"])
    assert r.exit_code == 0, r.output
    assert "local-llm: " in r.output and "candidates added" in r.output
    op = open_project(seed_project)
    svc = op.service()
    assert svc.candidates(svc.list_segments()[0].key)[0].engine == "local-llm"
    op.close()
