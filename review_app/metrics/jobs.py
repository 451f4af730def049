"""Engine comparisons computed once per project revision, off the request path (the Compare page).

A comparison of a 10,000-segment project takes tens of seconds of CPU. Computed inside the Streamlit server, it
would make every session wait (the GIL is shared) and be computed again by each session. Instead the page asks
:class:`CompareJobs` for the result of a :class:`CompareRequest` at the project's current :func:`state_stamp`
(newest revision id, newest candidate id and count, the glossary's and the reference file's identity):

* a finished result is a JSON file in the project folder (``.review-app-cache/compare/KEY.json``), read in
  milliseconds by every session;
* otherwise one child process (``python -m review_app.metrics.jobs``, at lower CPU priority) computes it, started
  by the first session that asks; a lock file with its pid keeps other sessions from starting a second one.
  Meanwhile the page shows "computing… as of revision N" and the newest earlier result for the same choices,
  labelled with the revision it is from;
* a failed computation leaves ``KEY.err`` with its one-line reason, shown instead of retrying in a loop.

Nothing here imports streamlit; results are plain JSON (``Comparison.as_json()`` plus the text table) with the
request and the stamp they answer, so the Dashboard and scripts can read them too (:meth:`CompareJobs.latest`).
The cache holds derived data only: deleting the folder loses nothing (it is not part of a backup).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

CACHE_DIR = Path(".review-app-cache") / "compare"
KEEP_RESULTS = 24
"""Finished results kept per project (the oldest are removed); each is a few hundred kilobytes at most."""
STARTING_GRACE = 120.0
"""Seconds a lock without a live pid counts as a job still starting."""


@dataclass(frozen=True, slots=True)
class CompareRequest:
    """What the user chose on the Compare page."""

    reference: str | None = None
    """A reference file path, ``engine:NAME``, ``approved`` or ``None`` (the project's default)."""
    engines: tuple[str, ...] = ()
    baseline: str | None = None
    test: str = "bs"
    samples: int = 0
    glossary: str | None = None
    """Path of the glossary for term accuracy and QA (``None``: none)."""
    top: int = 10

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "engines": list(self.engines)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CompareRequest:
        return cls(**{**data, "engines": tuple(data.get("engines") or ())})


def _file_identity(path: str | None) -> list[Any] | None:
    if not path:
        return None
    p = Path(path)
    try:
        st = p.stat()
    except OSError:
        return [str(p), None]
    return [str(p.resolve()), st.st_size, st.st_mtime_ns]


def state_stamp(svc: Any, request: CompareRequest) -> dict[str, Any]:
    """The project state a result depends on: any change to it (a save, an approval, a source correction, new
    candidates, another glossary or reference file) makes a new result necessary."""
    from sqlalchemy import func, select

    from review_app.store.schema import CandidateRow, DocumentRow, RevisionRow, SegmentRow

    with svc.db.session() as s:
        revision = s.scalar(select(func.max(RevisionRow.id)).where(RevisionRow.project_id == svc.project_id))
        row = s.execute(
            select(func.max(CandidateRow.id), func.count(CandidateRow.id))
            .join(SegmentRow, CandidateRow.segment_id == SegmentRow.id)
            .join(DocumentRow, SegmentRow.document_id == DocumentRow.id)
            .where(DocumentRow.project_id == svc.project_id)
        ).first()
    ref = request.reference
    is_file = ref is not None and not ref.startswith("engine:") and ref != "approved"
    return {
        "revision": int(revision or 0),
        "candidates": [int(row[0] or 0), int(row[1] or 0)] if row else [0, 0],
        "glossary": _file_identity(request.glossary),
        "reference": _file_identity(ref) if is_file else None,
    }


def job_key(request: CompareRequest, stamp: dict[str, Any]) -> str:
    blob = json.dumps({"request": request.as_json(), "stamp": stamp}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:24]


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class CompareJobs:
    """The comparison results of one project folder (module docstring)."""

    def __init__(self, project_dir: str | Path) -> None:
        self.project_dir = Path(project_dir).resolve()
        self.dir = self.project_dir / CACHE_DIR

    def _path(self, key: str, suffix: str) -> Path:
        return self.dir / f"{key}{suffix}"

    def result(self, key: str) -> dict[str, Any] | None:
        try:
            data: dict[str, Any] = json.loads(self._path(key, ".json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data

    def failure(self, key: str) -> str | None:
        try:
            return self._path(key, ".err").read_text(encoding="utf-8").strip() or "the comparison failed"
        except OSError:
            return None

    def clear_failure(self, key: str) -> None:
        with contextlib.suppress(OSError):
            self._path(key, ".err").unlink()

    def running(self, key: str) -> dict[str, Any] | None:
        """The lock of a job still computing ``key`` (pid, start time, revision), else ``None``."""
        lock = self._path(key, ".lock")
        try:
            info: dict[str, Any] = json.loads(lock.read_text(encoding="utf-8") or "{}")
        except (OSError, ValueError):
            info = {}
            if not lock.exists():
                return None
        pid = info.get("pid")
        if isinstance(pid, int) and _pid_alive(pid):
            return info
        started = float(info.get("started") or 0)
        if pid is None and time.time() - (started or lock.stat().st_mtime) < STARTING_GRACE:
            return info  # being started by another session right now
        with contextlib.suppress(OSError):
            lock.unlink()  # the process is gone without a result
        return None

    def start(self, request: CompareRequest, stamp: dict[str, Any], key: str | None = None) -> dict[str, Any]:
        """Start computing ``request`` at ``stamp`` unless it is done or already being computed; returns the
        lock information of the running job (``{}`` when the result exists)."""
        key = key or job_key(request, stamp)
        if self.result(key) is not None:
            return {}
        found = self.running(key)
        if found is not None:
            return found
        self.dir.mkdir(parents=True, exist_ok=True)
        lock = self._path(key, ".lock")
        info: dict[str, Any] = {"started": time.time(), "revision": stamp.get("revision")}
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            return self.running(key) or info
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(info))
        self.clear_failure(key)
        env = dict(os.environ)
        proc = subprocess.Popen(
            [sys.executable, "-m", "review_app.metrics.jobs", str(self.project_dir), key,
             json.dumps(request.as_json()), json.dumps(stamp)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True, env=env, cwd=str(self.project_dir),
        )
        info["pid"] = proc.pid
        tmp = lock.with_name(lock.name + ".tmp")
        tmp.write_text(json.dumps(info), encoding="utf-8")
        tmp.replace(lock)
        return info

    def wait(self, key: str, timeout: float = 600.0) -> dict[str, Any] | None:
        """Block until ``key`` is computed or failed (for scripts and tests; the page never waits)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = self.result(key)
            if done is not None or self.failure(key) is not None:
                return done
            if self.running(key) is None and self.result(key) is None:
                return None
            time.sleep(0.2)
        return None

    def latest(self, request: CompareRequest | None = None) -> dict[str, Any] | None:
        """The newest finished result (for ``request``'s choices when given), whatever revision it answers."""
        try:
            files = sorted(self.dir.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        except OSError:
            return None
        for path in files:
            try:
                data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if request is None or data.get("request") == request.as_json():
                return data
        return None

    def write(self, key: str, data: dict[str, Any]) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        tmp = self._path(key, ".json.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(self._path(key, ".json"))
        self._prune()

    def _prune(self) -> None:
        files = sorted(self.dir.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[KEEP_RESULTS:]:
            with contextlib.suppress(OSError):
                old.unlink()


def compute(project_dir: str | Path, request: CompareRequest, stamp: dict[str, Any]) -> dict[str, Any]:
    """The comparison of ``request`` on the project, as the cached JSON document."""
    from review_app.glossary import load_glossary
    from review_app.metrics.compare import build_comparison, render_table
    from review_app.metrics.terms import glossary_finder
    from review_app.project import open_project

    op = open_project(project_dir)
    try:
        svc = op.service()
        glossary = finder = None
        if request.glossary:
            glossary = load_glossary(request.glossary, source_lang=svc.source_lang, target_lang=svc.target_lang)
            finder = glossary_finder(glossary, svc.source_lang, svc.target_lang)
        cmp = build_comparison(
            svc, reference=request.reference, engines=request.engines or None, baseline=request.baseline,
            test=request.test, n_samples=request.samples, finder=finder, glossary=glossary, top=request.top,
        )
    finally:
        op.close()
    return {"request": request.as_json(), "stamp": stamp, "computed_at": datetime.now(UTC).isoformat(),
            "json": cmp.as_json(), "table": render_table(cmp)}


def run_job(project_dir: str, key: str, request_json: str, stamp_json: str) -> int:
    """The child process: compute, write the result (or the one-line failure), remove the lock."""
    jobs = CompareJobs(project_dir)
    with contextlib.suppress(OSError, AttributeError):
        os.nice(10)  # background work: the server's request threads come first
    try:
        request = CompareRequest.from_json(json.loads(request_json))
        stamp = json.loads(stamp_json)
        jobs.write(key, compute(project_dir, request, stamp))
        return 0
    except Exception as exc:  # reported to the page as one line; the page offers to try again
        from review_app.errors import ReviewAppError

        text = str(exc) if isinstance(exc, ReviewAppError) else f"{type(exc).__name__}: {exc}"
        jobs.dir.mkdir(parents=True, exist_ok=True)
        jobs._path(key, ".err").write_text(text.splitlines()[0] if text else "the comparison failed",
                                           encoding="utf-8")
        return 1
    finally:
        with contextlib.suppress(OSError):
            jobs._path(key, ".lock").unlink()


if __name__ == "__main__":  # pragma: no cover - exercised through CompareJobs.start in the tests
    sys.exit(run_job(*sys.argv[1:5]))


__all__ = ["CompareJobs", "CompareRequest", "compute", "job_key", "run_job", "state_stamp"]
