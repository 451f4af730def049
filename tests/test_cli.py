"""The command line, as a user runs it (in-process through click's runner, and once as a real process)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from review_app.cli import main


@pytest.fixture
def run():
    runner = CliRunner()

    def _run(*args: str, ok: bool = True):
        result = runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, result.output + (result.stderr or "")
        return result

    return _run


def test_init_segments_show(run, tmp_path, seed_path):
    proj = tmp_path / "myproj"
    out = run("init", proj, "--source", seed_path, "--source-lang", "ja", "--target-lang", "en").output
    assert "326 segments in 98 blocks" in out and "7 heading" in out and "13 list-item" in out
    table = run("segments", proj).output
    assert "326 segments" in table and "list-item" in table and "heading" in table
    data = json.loads(run("segments", proj, "--format", "json", "--kind", "heading").output)
    assert len(data) == 7 and {d["kind"] for d in data} == {"heading"}
    assert {"id", "kind", "paragraph", "source", "status"} <= set(data[0])
    key = json.loads(run("segments", proj, "--format", "json", "--search", "鷹潭").output)[0]["id"]
    run("edit", proj, key, "Musk showed up in Eagle Pass, Texas.", "--user", "rev1")
    run("status", proj, key, "approved")
    run("correct-source", proj, key, "テキサス州の小さな国境の町、イーグルパスに…", "--reason", "鷹潭 is Yingtan")
    run("comment", proj, key, "checked against the AP report")
    shown = run("show", proj, key).output
    assert "status: approved" in shown and "Eagle Pass" in shown and "イーグルパス" in shown
    assert "rev1" in shown and "checked against the AP report" in shown
    tsv = run("segments", proj, "--format", "tsv", "--status", "approved").output.splitlines()
    assert len(tsv) == 2 and tsv[1].startswith(key)


def test_source_rebuilds_file(run, tmp_path, seed_path):
    proj = tmp_path / "p"
    run("init", proj, "--source", seed_path)
    out = tmp_path / "rebuilt.txt"
    run("source", proj, "-o", out)
    assert out.read_bytes() == seed_path.read_bytes()


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        (None, ["init", "{tmp}/a", "--source", "{tmp}/missing.txt"], "missing.txt: no such file"),
        ("sjis", ["init", "{tmp}/b", "--source", "{tmp}/sjis.txt"], "not valid UTF-8"),
        ("empty", ["init", "{tmp}/c", "--source", "{tmp}/empty.txt"], "empty"),
        (None, ["segments", "{tmp}/nowhere"], "not a review_app project"),
        (None, ["init", "{tmp}/d", "--source", "{seed}", "--source-lang", "日本語"], "not a language code"),
    ],
)
def test_errors_are_one_clear_line(run, tmp_path, seed_path, setup, args, message):
    if setup == "sjis":
        (tmp_path / "sjis.txt").write_bytes("マスク氏は鷹潭に現れた。".encode("shift_jis"))
    if setup == "empty":
        (tmp_path / "empty.txt").write_text("\n\n", encoding="utf-8")
    args = [a.format(tmp=tmp_path, seed=seed_path) for a in args]
    result = run(*args, ok=False)
    assert result.exit_code != 0
    err = result.stderr.strip()
    assert err.startswith("error: ") and message in err and "\n" not in err, err
    assert "Traceback" not in result.output


def test_shift_jis_names_detected_encoding_and_encoding_option_works(run, tmp_path):
    src = tmp_path / "sjis.txt"
    src.write_bytes("マスク氏は国境の町を訪れた。トランプ氏も同意した。\n".encode("shift_jis"))
    result = run("init", tmp_path / "x", "--source", src, ok=False)
    assert "iconv" in result.stderr and ("shift_jis" in result.stderr.lower() or "cp932" in result.stderr.lower())
    assert not (tmp_path / "x").exists(), "a failed init leaves nothing behind"
    run("init", tmp_path / "y", "--source", src, "--encoding", "shift_jis")
    assert "2 segments" in run("segments", tmp_path / "y").output


def test_stale_version_is_a_conflict_exit(run, tmp_path, seed_path):
    proj = tmp_path / "p"
    run("init", proj, "--source", seed_path)
    key = json.loads(run("segments", proj, "--format", "json", "--limit", "1").output)[0]["id"]
    run("edit", proj, key, "first", "--version", "1")
    result = run("edit", proj, key, "second", "--version", "1", ok=False)
    assert result.exit_code == 3 and "conflict:" in result.stderr and "first" in result.stderr


def test_init_twice_refused(run, tmp_path, seed_path):
    proj = tmp_path / "p"
    run("init", proj, "--source", seed_path)
    result = run("init", proj, "--source", seed_path, ok=False)
    assert "already a project" in result.stderr


def test_every_command_has_help(run):
    top = run("--help").output
    for name in ("init", "segments", "serve", "show", "edit", "status", "correct-source", "comment", "source"):
        assert name in top
        assert "Usage:" in run(name, "--help").output


def test_console_script_runs_as_a_process(tmp_path, seed_path):
    exe = [sys.executable, "-m", "review_app.cli"]
    proc = subprocess.run(
        [*exe, "init", str(tmp_path / "p"), "--source", str(seed_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    proc = subprocess.run(
        [*exe, "segments", str(tmp_path / "p"), "--limit", "3"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0 and "3 segments" in proc.stdout
