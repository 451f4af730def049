"""Crash safety (issue 9, part 3): ``kill -9`` in the middle of a DeepL run, of a large export, of SQLite writes.

* ``review-app translate --engine deepl`` against the fake DeepL server (slow responses). The server itself
  SIGKILLs the CLI when the 4th ``/v2/translate`` request arrives — i.e. after three batches were answered
  and, since the runner saves a batch before sending the next one, stored — and does not bill that request.
  The rerun must finish the remaining segments, and the server's billed characters must equal the characters
  of the distinct source texts exactly: nothing finished was sent twice.
* ``review-app export`` of a large project is SIGKILLed while its temporary file is being written; the
  destination must not exist (no partial export), the temporary file left behind carries the killed
  process's PID, and exporting again gives a complete file and removes that leftover (no ``.part`` remains).
  Smaller tests pin down which temporary files the cleanup removes: only this destination's, only those of
  processes that are gone and whose lock nobody holds.
* A process saving revisions of one segment in a loop is SIGKILLed; ``PRAGMA integrity_check`` must be
  ``ok`` and the last revision the process reported as committed must be in the store, with a target text
  consistent with its version.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.fake_deepl import FakeDeepL

KEY = "crash-test-key:fx"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REVIEW_APP_DATABASE_URL", "DEEPL_AUTH_KEY")}
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "review_app.cli", *args]


class KillingDeepL(FakeDeepL):
    """The fake DeepL server, slowed down, that SIGKILLs the client on its ``kill_at``-th translate request."""

    def __init__(self, *, kill_at: int, delay: float = 0.15) -> None:
        super().__init__(auth_key=KEY)
        self.kill_at = kill_at
        self.delay = delay
        self.victim: int | None = None
        self.translate_requests = 0
        self.killed = False

    def handle(self, method: str, path: str, query: dict[str, str], body: bytes, headers: Any) -> tuple[int, Any]:
        if path.endswith("/translate"):
            with self._lock:
                self.translate_requests += 1
                n = self.translate_requests
            if n == self.kill_at and self.victim is not None and not self.killed:
                self.killed = True
                os.kill(self.victim, signal.SIGKILL)
                return 503, {"message": "client killed by the test"}  # never billed
            time.sleep(self.delay)
        return super().handle(method, path, query, body, headers)


@pytest.fixture
def killing_deepl() -> Iterator[KillingDeepL]:
    server = KillingDeepL(kill_at=4)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.slow
def test_kill_during_deepl_run_resumes_without_resending(killing_deepl: KillingDeepL, seed_project: Path) -> None:
    from review_app.project import open_project

    env = _env(DEEPL_AUTH_KEY=KEY)
    cmd = _cli("translate", str(seed_project), "--engine", "deepl", "--server-url", killing_deepl.url, "-y")
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    killing_deepl.victim = proc.pid
    _out, _err = proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL, (proc.returncode, _err.decode()[-2000:])
    assert killing_deepl.killed

    op = open_project(seed_project)
    try:
        svc = op.service()
        segs = svc.list_segments()
        sources = {s.source for s in segs}
        half = sum(1 for s in segs if any(c.engine.startswith("deepl") for c in svc.candidates(s.key)))
    finally:
        op.close()
    assert 0 < half < len(segs), "the kill must land in the middle of the run"
    billed_before = killing_deepl.character_count

    done = subprocess.run(cmd, check=False, env=env, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-2000:]

    op = open_project(seed_project)
    try:
        svc = op.service()
        missing = [
            s.key for s in svc.list_segments() if not any(c.engine.startswith("deepl") for c in svc.candidates(s.key))
        ]
        dupes = [
            s.key for s in svc.list_segments() if sum(c.engine.startswith("deepl") for c in svc.candidates(s.key)) > 1
        ]
    finally:
        op.close()
    assert missing == []
    assert dupes == []
    assert billed_before > 0
    assert killing_deepl.character_count == sum(len(t) for t in sources), "finished segments were sent again"
    assert len(killing_deepl.texts_translated) == len(sources)


def _big_project(tmp_path: Path, n: int) -> Path:
    import sqlalchemy as sa

    from review_app.project import init_project, open_project
    from review_app.store.schema import TargetRow

    lines = [
        "".join(f"これは第{i}番目の文で、クラッシュ試験用の合成テキストです。" for i in range(p, min(p + 5, n)))
        for p in range(0, n, 5)
    ]
    src = tmp_path / "big.ja.txt"
    src.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    proj = tmp_path / "big"
    init_project(proj, source=src)
    op = open_project(proj)
    try:
        with op.db.session() as s:
            s.execute(
                sa.update(TargetRow).values(
                    text="This is a synthetic sentence for the crash test, long enough to take time.",
                    status="translated",
                    version=2,
                )
            )
    finally:
        op.close()
    return proj


@pytest.mark.slow
def test_kill_during_export_leaves_no_partial_file(tmp_path: Path) -> None:
    proj = _big_project(tmp_path, 40_000)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    dest = out_dir / "big.tmx"
    proc = subprocess.Popen(
        _cli("export", str(proj), "--format", "tmx", "-o", str(dest)),
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    saw_part = False
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        parts = [p for p in out_dir.iterdir() if p.name.endswith(".part")]
        if parts and parts[0].stat().st_size > 0:
            saw_part = True
            os.kill(proc.pid, signal.SIGKILL)
            break
        time.sleep(0.002)
    proc.wait(timeout=30)
    assert saw_part, f"the export finished (rc {proc.returncode}) before the test could kill it mid-write"
    assert proc.returncode == -signal.SIGKILL
    from review_app.formats.tmx import read_tmx

    if dest.exists():  # the kill landed after the final rename (a tiny window): the file must be complete
        assert len(read_tmx(dest).units) == 40_000, "a partial export file was left at the destination"
    leftovers = [p.name for p in out_dir.iterdir() if p.name.endswith(".part")]
    # hidden temporary named after the killed writer, never the destination
    assert all(name.startswith(f".big.tmx.{proc.pid}.") for name in leftovers), leftovers
    if not dest.exists():
        assert leftovers, "the kill landed mid-write, so the killed writer's temporary file must still be there"

    again = _cli("export", str(proj), "--format", "tmx", "-o", str(dest), "--force")
    done = subprocess.run(again, check=False, env=_env(), capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert len(read_tmx(dest).units) == 40_000
    assert [p.name for p in out_dir.iterdir()] == ["big.tmx"], "the rerun must remove the stale temporary file"


def _dead_pid() -> int:
    """The PID of a process that has exited (and been reaped), so no live process has it for now."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait(timeout=30)
    return proc.pid


def test_atomic_output_names_its_temporary_file_after_the_writer(tmp_path: Path) -> None:
    from review_app.formats.base import atomic_output

    dest = tmp_path / "a.tmx"
    with atomic_output(dest) as fh:
        fh.write(b"x")
        (part,) = [p.name for p in tmp_path.iterdir()]
        assert part.startswith(f".a.tmx.{os.getpid()}.") and part.endswith(".part")
    assert [p.name for p in tmp_path.iterdir()] == ["a.tmx"]


def test_atomic_output_removes_only_stale_temporary_files_of_its_destination(tmp_path: Path) -> None:
    import fcntl

    from review_app.formats.base import atomic_output, stale_parts

    dead = _dead_pid()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        names = {
            "stale": f".a.tmx.{dead}.k3j_9x2q.part",  # killed writer of a.tmx: removed
            "live": f".a.tmx.{sleeper.pid}.abcdefgh.part",  # a writer still running: kept
            "mine": f".a.tmx.{os.getpid()}.zzzzzzzz.part",  # this process (another thread may be writing): kept
            "locked": f".a.tmx.{dead}.lockedxx.part",  # PID gone here, but its lock is held (other container)
            "other_dest": f".a.tmx.bak.{dead}.qqqqqqqq.part",  # a.tmx.bak's temporary file: not ours
            "other_dest2": f".a.tmx.{dead}.1.abcdefgh.part",  # the temporary file of a.tmx.<dead> (PID 1)
            "old_style": ".a.tmx.abcdefgh.part",  # no PID (written before PIDs were embedded): never guessed at
            "user_file": f"a.tmx.{dead}.notes.part",  # not hidden: a user's file
        }
        for name in names.values():
            (tmp_path / name).write_text("partial", encoding="utf-8")
        holder = os.open(tmp_path / names["locked"], os.O_RDONLY)
        fcntl.flock(holder, fcntl.LOCK_EX)
        try:
            assert stale_parts(tmp_path / "a.tmx") == [tmp_path / names["stale"]]
            with atomic_output(tmp_path / "a.tmx") as fh:
                fh.write(b"<tmx/>")
        finally:
            os.close(holder)
        left = {p.name for p in tmp_path.iterdir()}
        assert left == ({*names.values()} - {names["stale"]}) | {"a.tmx"}
        assert (tmp_path / "a.tmx").read_bytes() == b"<tmx/>"
        # once the lock is released and the PID is gone, the "locked" one is stale too
        assert stale_parts(tmp_path / "a.tmx") == [tmp_path / names["locked"]]
    finally:
        sleeper.kill()
        sleeper.wait(timeout=30)
    # the sleeper is gone now: the next write to a.tmx removes its file as well
    with atomic_output(tmp_path / "a.tmx", mode="w") as fh:
        fh.write("<tmx/>")
    left = {p.name for p in tmp_path.iterdir()}
    assert left == {"a.tmx"} | {names[k] for k in ("mine", "other_dest", "other_dest2", "old_style", "user_file")}


WRITER = r"""
import sys
from review_app.models import Role
from review_app.project import open_project
from review_app.review import Actor

op = open_project(sys.argv[1])
svc = op.service(Actor("writer", Role.REVIEWER))
key = sys.argv[2]
v = svc.get_segment(key).version
i = 0
while True:
    i += 1
    v = svc.save_target(key, f"revision {i} " + "x" * (i % 500), expected_version=v).version
    svc.add_comment(key, f"after revision {i}")
    print(f"{i} {v}", flush=True)
"""


def test_kill_during_sqlite_writes_keeps_the_store_intact(seed_project: Path) -> None:
    from review_app.project import open_project

    op = open_project(seed_project)
    key = op.service().list_segments(limit=1)[0].key
    op.close()
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(seed_project), key],
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    last: tuple[int, int] | None = None
    for line in proc.stdout:
        i, v = map(int, line.split())
        last = (i, v)
        if i >= 150:
            break
    os.kill(proc.pid, signal.SIGKILL)
    _rest, err = proc.communicate(timeout=30)
    assert last is not None, err
    i, v = last

    op = open_project(seed_project)
    try:
        assert op.db.integrity_ok()
        svc = op.service()
        seg = svc.get_segment(key)
        assert seg.version >= v
        history = {h.version or 0: h.new for h in svc.history(key) if h.field == "target"}
        assert history[v] == f"revision {i} " + "x" * (i % 500)
        assert seg.target == history[seg.version]
        assert sorted(history) == list(range(2, seg.version + 1))
        bodies = [c.body for c in svc.comments(key)]
        assert f"after revision {i}" in bodies
    finally:
        op.close()


def test_atomic_output_gives_new_files_the_umask_mode_and_keeps_an_existing_files_mode(tmp_path: Path) -> None:
    """mkstemp creates 0600 files; an export must be readable like any file the user writes (umask 022 → 0644)
    and a replaced file keeps its permissions."""
    from review_app.formats.base import atomic_output

    old = os.umask(0o022)
    try:
        new_file = tmp_path / "article.html"
        with atomic_output(new_file, mode="w") as fh:
            fh.write("<p>Eagle Pass</p>")
        plain = tmp_path / "plain.txt"
        plain.write_text("x")
        assert new_file.stat().st_mode & 0o777 == plain.stat().st_mode & 0o777 == 0o644
        new_file.chmod(0o640)
        with atomic_output(new_file, mode="w") as fh:
            fh.write("<p>again</p>")
        assert new_file.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)
