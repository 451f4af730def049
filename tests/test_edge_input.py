"""Edge input at the boundary (issue 19, part 5): text no store or export can hold, invisible targets, bilingual
files given to init, imports that match nothing, and the invisible-characters QA check."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from review_app.checks.base import CheckConfig, CheckContext, Unit, run_checks
from review_app.checks.invisible import InvisibleCharacters
from review_app.cli import main
from tests.conftest import ROOT, SEED


def _invoke(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def _fired(source: str, target: str | None, flags: frozenset[str] = frozenset(),
           config: CheckConfig | None = None) -> list[tuple[str, str, str]]:
    units = [Unit("first", "前の文。", "The sentence before."), Unit("u", source, target, flags=flags)]
    ctx = CheckContext(units=units, config=config or CheckConfig())
    return [(i.severity.value, i.side.value, i.message) for i in run_checks([InvisibleCharacters()], ctx)]


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("彼は同意した。", "He \u202eagreed.", [("major", "target", "U+202E RIGHT-TO-LEFT OVERRIDE")]),
        ("彼は同意した。", "He \u2066agreed\u2069.", [("major", "target", "U+2066"), ("major", "target", "U+2069")]),
        ("鷹潭に現れた。", "Appeared in Eagle\u200bPass.", [("minor", "target", "U+200B ZERO WIDTH SPACE")]),
        ("彼は同意した。", "He agreed.\x1b", [("major", "target", "U+001B ESCAPE")]),
        ("彼は同意した。", "He\x07 agreed.", [("major", "target", "U+0007")]),
        ("彼は同意した。", "He agreed.\x85", [("major", "target", "U+0085")]),
        ("彼は同意した。", "\u200b\u200c\u2060", [("major", "target", "the target has only invisible characters")]),
        ("彼は\u200bイーグルパスに。", "He went to Eagle Pass.", [("minor", "source", "U+200B")]),
        # not reported: plain text, an emoji ZWJ sequence, TAB/LF, empty targets (empty-target's business)
        ("彼は同意した。", "He agreed.", []),
        ("家族を投稿した。", "He posted 👩\u200d👩\u200d👧.", []),
        ("二行。", "Line one.\nLine\ttwo.", []),
        ("彼は同意した。", "", []),
        ("彼は同意した。", None, []),
        ("彼は同意した。", "   ", []),
    ],
)
def test_invisible_characters_table(source: str, target: str | None, expected: list[tuple[str, str, str]]) -> None:
    got = _fired(source, target)
    assert len(got) == len(expected), got
    for (sev, side, msg), (want_sev, want_side, want_msg) in zip(got, expected, strict=True):
        assert (sev, side) == (want_sev, want_side) and want_msg in msg, got


def test_invisible_characters_ignored_and_disabled() -> None:
    assert _fired("彼は同意した。", "He \u202eagreed.", flags=frozenset({"ignore:invisible-characters"})) == []
    cfg = CheckConfig(disabled=frozenset({"invisible-characters"}))
    assert run_checks([InvisibleCharacters()], CheckContext(units=[Unit("u", "彼。", "\u202e")], config=cfg)) == []


def test_a_bom_opening_the_file_is_not_reported() -> None:
    ctx = CheckContext(units=[Unit("u1", "\ufeff見出し", "Heading"), Unit("u2", "\ufeff二つ目。", "Second.")])
    issues = run_checks([InvisibleCharacters()], ctx)
    assert [(i.unit, i.side.value) for i in issues] == [("u2", "source")]


@pytest.fixture
def project(database: Any, tmp_path: Path) -> Any:
    """A ReviewService on the seed article, on SQLite and on PostgreSQL."""
    from review_app.models import Role
    from review_app.project import import_document
    from review_app.review import Actor, ReviewService
    from review_app.segment import parse_document
    from review_app.store.schema import ProjectRow, utcnow

    with database.session() as s:
        row = ProjectRow(name="edge", source_lang="ja", target_lang="en", settings={}, created_at=utcnow())
        s.add(row)
        s.flush()
        pid = row.id
    doc = parse_document(SEED.read_text(encoding="utf-8"), lang="ja", name="seed")
    import_document(database, pid, doc, name="seed", source_path=None)
    return ReviewService(database, "edge", Actor("alice", Role.ADMIN))


def _rows(svc: Any) -> dict[str, int]:
    import sqlalchemy as sa

    with svc.db.engine.connect() as conn:
        names = sa.inspect(conn).get_table_names()
        return {n: conn.execute(sa.text(f'SELECT count(*) FROM "{n}"')).scalar_one() for n in names}


def test_service_refuses_nul_and_surrogates_everywhere(project: Any) -> None:
    """On main a NUL in a reason crashed PostgreSQL and was stored by SQLite; a lone surrogate crashed both."""
    from review_app.errors import InputError
    from review_app.mqm import MqmService

    seg = project.list_segments(limit=1)[0]
    before = _rows(project)
    bad_texts = ["a\x00b", "caf\udce9"]
    for bad in bad_texts:
        calls = [
            lambda b=bad: project.save_target(seg.key, "ok", expected_version=seg.version, reason=b),
            lambda b=bad: project.save_target(seg.key, b, expected_version=seg.version),
            lambda b=bad: project.add_comment(seg.key, b),
            lambda b=bad: project.correct_source(seg.key, seg.source + b, expected_source_version=1),
            lambda b=bad: project.correct_source(seg.key, seg.source + "訂正", expected_source_version=1, reason=b),
            lambda b=bad: project.set_status(seg.key, "draft", expected_version=seg.version, reason=b),
            lambda b=bad: MqmService(project).add_annotation(seg.key, start=0, end=1, category="fluency/grammar",
                                                              severity="minor", note=b, side="source"),
        ]
        for call in calls:
            with pytest.raises(InputError) as err:
                call()
            assert "NUL" in str(err.value) or "not UTF-8" in str(err.value)
    assert _rows(project) == before


def test_zero_width_only_target_cannot_be_approved(project: Any) -> None:
    """On main a target of U+200B alone could be approved."""
    from review_app.errors import InvalidTransition
    from review_app.models import Status, is_blank_target

    seg = project.list_segments(limit=1)[0]
    v = project.save_target(seg.key, "\u200b\u2060\ufeff", expected_version=seg.version)
    for status in (Status.APPROVED, Status.REVIEWED, Status.TRANSLATED):
        with pytest.raises(InvalidTransition):
            project.set_status(seg.key, status, expected_version=v.version)
    assert is_blank_target(" \u200b\u202e\n") and is_blank_target(None) and not is_blank_target("\u200bA")


def test_cli_refuses_arguments_that_are_not_utf8(seed_project: Path) -> None:
    """A Latin-1 argument (Python passes it on as a lone surrogate) crashed edit, comment and correct-source."""
    key = json.loads(_invoke("segments", str(seed_project), "--format", "json", "--limit", "1").output)[0]["id"]
    env = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    for args in (["edit", key, b"caf\xe9", "--version", "1"], ["comment", key, b"caf\xe9"],
                 ["correct-source", key, b"\xe9", "--reason", "x"], ["segments", "--search", b"\xe9"]):
        argv = [a if isinstance(a, bytes) else a.encode() for a in args]
        argv.insert(1, str(seed_project).encode())
        proc = subprocess.run([sys.executable.encode(), b"-c", b"from review_app.cli import main; main()", *argv],
                              env=env, capture_output=True, timeout=120, check=False)
        err = proc.stderr.decode("utf-8", "replace")
        assert proc.returncode == 2, err
        assert len(err.strip().splitlines()) == 1 and "0xE9" in err and "UTF-8" in err, err
    assert "caf" not in _invoke("show", str(seed_project), key).output


def test_init_refuses_bilingual_files_with_the_right_command(tmp_path: Path) -> None:
    """On main init imported an XLIFF file as if it were the article."""
    cases = {
        "a.xlf": '<?xml version="1.0"?><xliff version="1.2"><file><body/></file></xliff>',
        "b.txt": '<?xml version="1.0"?>\n<xliff version="2.0" srcLang="ja"><file id="f"/></xliff>',
        "c.tmx": '<tmx version="1.4"><header/><body/></tmx>',
        "d.csv": "id,source,target\n1,文。,x\n",
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        res = _invoke("init", str(tmp_path / f"p-{name}"), "--source", str(tmp_path / name))
        assert res.exit_code == 2, res.output
        assert len(res.output.strip().splitlines()) == 1 and "candidates import" in res.output, res.output
        assert not (tmp_path / f"p-{name}").exists()
    (tmp_path / "g.tbx").write_text('<martif type="TBX"><text><body/></text></martif>', encoding="utf-8")
    res = _invoke("init", str(tmp_path / "p-tbx"), "--source", str(tmp_path / "g.tbx"))
    assert res.exit_code == 2 and "--glossary" in res.output
    # the real article still works, also from a file whose name does not say .txt
    (tmp_path / "article").write_bytes(SEED.read_bytes())
    assert _invoke("init", str(tmp_path / "ok"), "--source", str(tmp_path / "article")).exit_code == 0


def test_reads_do_not_wait_for_a_writer_holding_the_lock(seed_project: Path) -> None:
    """On main every open ran the migrations inside BEGIN IMMEDIATE, and every read took the write lock too, so a
    writer holding the lock for more than 30 s made even read-only ``segments`` fail with "database is locked"."""
    import sqlite3

    key = json.loads(_invoke("segments", str(seed_project), "--format", "json", "--limit", "1").output)[0]["id"]
    writer = sqlite3.connect(seed_project / "review.db", isolation_level=None, timeout=1)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE targets SET text = 'uncommitted' WHERE segment_id = 1")
    try:
        res = _invoke("segments", str(seed_project), "--format", "json")
        assert res.exit_code == 0, res.output
        assert len(json.loads(res.output)) == 326 and "uncommitted" not in res.output
        shown = _invoke("show", str(seed_project), key)
        assert shown.exit_code == 0 and "uncommitted" not in shown.output, shown.output
    finally:
        writer.execute("ROLLBACK")
        writer.close()


@pytest.mark.parametrize("url", ["not a url", "postgresql://u:s3cret@h:notaport/db", "mysql://u@h/db", "foo://x"])
def test_malformed_database_url_is_one_line(url: str, seed_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On main a malformed REVIEW_APP_DATABASE_URL gave a traceback (and could print the password)."""
    monkeypatch.setenv("REVIEW_APP_DATABASE_URL", url)
    for args in (["segments", str(seed_project)], ["backup", str(seed_project), "-o", str(seed_project / "b.zip")]):
        res = _invoke(*args)
        assert res.exit_code == 2, (res.output, res.exception)
        assert len(res.output.strip().splitlines()) == 1 and "REVIEW_APP_DATABASE_URL" in res.output
        assert "s3cret" not in res.output


def test_imports_that_match_no_segment_fail(seed_project: Path, tmp_path: Path) -> None:
    """On main a candidates file whose units match no segment was 'imported' with exit 0."""
    other = tmp_path / "other.csv"
    other.write_text("id,source,target\n1,全く別の文です。,Something else.\n2,これも違う。,Also different.\n",
                     encoding="utf-8")
    res = _invoke("candidates", "import", str(seed_project), str(other), "--engine", "x",
                  "--provenance", '{"kind": "test"}')
    assert res.exit_code == 2, res.output
    assert "match" in res.output and str(other) in res.output
    assert len(res.output.strip().splitlines()) == 1


def test_exports_say_which_control_characters_they_leave_out(seed_project: Path, tmp_path: Path) -> None:
    """On main ESC was dropped from every export without a word."""
    key = json.loads(_invoke("segments", str(seed_project), "--format", "json", "--limit", "1").output)[0]["id"]
    assert _invoke("edit", str(seed_project), key, "He agreed.\x1b[31m", "--version", "1").exit_code == 0
    qa = _invoke("qa", str(seed_project), "--format", "json")
    assert "U+001B ESCAPE" in qa.output
    for fmt, ext in (("csv", "csv"), ("tmx", "tmx"), ("html", "html")):
        res = CliRunner().invoke(main, ["export", str(seed_project), "--format", fmt, "-o", str(tmp_path / f"o.{ext}")])
        assert res.exit_code == 0, res.output
        assert "warning: 1 segment(s) hold control characters" in res.stderr and f"{key}: U+001B ESC" in res.stderr
        data = (tmp_path / f"o.{ext}").read_bytes()
        assert b"\x1b" not in data and b"He agreed.[31m" in data


def test_interrupted_candidates_import_says_it_resumes(seed_project: Path) -> None:
    """candidates import stores batch by batch; a second run (after an interruption) says what it skipped."""
    from tests.conftest import CORPUS

    args = ["candidates", "import", str(seed_project), str(CORPUS / "candidates" / "literal.xlf"), "--engine",
            "draft-literal", "--provenance", "@" + str(CORPUS / "candidates" / "literal.provenance.json")]
    first = _invoke(*args)
    assert first.exit_code == 0 and "resumed" not in first.output, first.output
    again = _invoke(*args)
    assert again.exit_code == 0, again.output
    assert "resumed: " in again.output and "were skipped" in again.output
