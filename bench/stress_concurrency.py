"""Stress test: concurrent reviewers on the same segments (issue 9, "Concurrent reviewers").

N processes (spawned, each with its own database engine) perform M random operations each on the same
S segments of one project: target edits (each with a unique text), status changes (translated / reviewed /
approved) and comments, all through :class:`review_app.review.ReviewService` as a reviewer. Every edit or
status change reads the segment, waits a random moment (so that others overtake it) and saves with the version
it read, i.e. optimistic locking as in the app. Each worker appends every attempt and its outcome to its own
JSON-lines log. Afterwards the logs are checked against the database:

* every accepted edit's text is in the segment's history, with the version it was accepted at;
* no update was lost: the accepted changes of a segment have distinct versions 2…final, one per version;
* every refused attempt raised :class:`~review_app.errors.ConflictError` (or, for a status change of a
  segment without a target, :class:`~review_app.errors.InvalidTransition`); nothing else was raised;
* the final text of each segment equals its last accepted target revision; the comment count matches.

Runs against SQLite (WAL, ``BEGIN IMMEDIATE``) and PostgreSQL (a fresh schema, dropped afterwards)::

    .venv/bin/python bench/stress_concurrency.py [--processes 8] [--ops 1000] [--segments 50]
        [--backend sqlite|postgresql|both] [--pg-url URL] [--logs DIR]

``tests/test_concurrency.py`` runs a small version of the same code in CI.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEED = ROOT / "corpus" / "musk-trump" / "source.ja.txt"
PROJECT = "stress"
DEFAULT_PG = os.environ.get("REVIEW_APP_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def setup_project(url: str, schema: str | None, n_segments: int) -> list[str]:
    """Create the project from the seed article in a fresh database; returns the keys of its first segments."""
    from review_app.project import import_document
    from review_app.segment import parse_document
    from review_app.store.db import open_database
    from review_app.store.schema import ProjectRow, utcnow

    doc = parse_document(SEED.read_text(encoding="utf-8"), name="source.ja.txt")
    db = open_database(url, schema=schema)
    try:
        with db.session() as s:
            row = ProjectRow(name=PROJECT, source_lang="ja", target_lang="en", settings={}, created_at=utcnow())
            s.add(row)
            s.flush()
            pid = row.id
        import_document(db, pid, doc, name=doc.name, source_path=None)
    finally:
        db.dispose()
    keys = [s.key for s in doc.segments][:n_segments]
    if len(keys) < n_segments:
        raise SystemExit(f"the seed article has only {len(keys)} segments")
    return keys


def worker(
    wid: int, url: str, schema: str | None, keys: list[str], ops: int, seed: int, log: str, barrier: Any
) -> None:
    """One reviewer process: ``ops`` random operations, each logged with its outcome."""
    from review_app.errors import ConflictError, InvalidTransition
    from review_app.models import Role, Status
    from review_app.review import Actor, ReviewService
    from review_app.store.db import open_database

    rng = random.Random(seed * 1000 + wid)
    db = open_database(url, schema=schema, create=False)
    svc = ReviewService(db, PROJECT, Actor(f"w{wid}", Role.REVIEWER))
    statuses = [Status.TRANSLATED, Status.REVIEWED, Status.APPROVED]
    barrier.wait()
    with Path(log).open("w", encoding="utf-8") as out:
        for i in range(ops):
            key = rng.choice(keys)
            roll = rng.random()
            action = "edit" if roll < 0.5 else "status" if roll < 0.75 else "comment"
            rec: dict[str, Any] = {"w": wid, "i": i, "key": key, "action": action}
            try:
                if action == "comment":
                    body = f"comment w{wid} op{i} 確認してください"
                    rec["text"] = body
                    c = svc.add_comment(key, body)
                    rec.update(outcome="accepted", comment_id=c.id)
                else:
                    seen = svc.get_segment(key)
                    rec["expected"] = seen.version
                    if rng.random() < 0.7:
                        time.sleep(rng.random() * 0.004)  # let other workers overtake this one
                    if action == "edit":
                        text = f"w{wid} op{i}: edited translation of {key}"
                        rec["text"] = text
                        v = svc.save_target(key, text, expected_version=seen.version)
                    else:
                        status = rng.choice(statuses)
                        rec["status"] = status.value
                        v = svc.set_status(key, status, expected_version=seen.version)
                    if v.version == seen.version:
                        rec.update(outcome="noop", version=v.version)
                    else:
                        rec.update(outcome="accepted", version=v.version, final_text=v.target)
            except ConflictError as exc:
                rec.update(outcome="conflict", error="ConflictError", current_version=exc.current_version)
            except InvalidTransition as exc:
                rec.update(outcome="invalid", error="InvalidTransition", message=str(exc))
            except Exception as exc:  # recorded and counted as a failure by verify()
                rec.update(outcome="error", error=type(exc).__name__, message=str(exc)[:500])
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            out.flush()
    db.dispose()


@dataclass
class Report:
    backend: str
    processes: int
    ops: int
    seconds: float = 0.0
    attempted: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    lost: int = 0
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        c = self.counts
        return (
            f"{self.backend:<10} {self.processes} x {self.ops}: attempted {self.attempted}, "
            f"accepted {c.get('accepted', 0)} (edits {c.get('accepted_edit', 0)}, "
            f"status {c.get('accepted_status', 0)}, "
            f"comments {c.get('accepted_comment', 0)}), conflicts {c.get('conflict', 0)}, "
            f"invalid transitions {c.get('invalid', 0)}, no-ops {c.get('noop', 0)}, other errors "
            f"{c.get('error', 0)}, lost {self.lost}, problems {len(self.problems)}; "
            f"{self.seconds:.1f} s, {self.attempted / max(self.seconds, 1e-9):.0f} ops/s"
        )


def verify(url: str, schema: str | None, keys: list[str], records: list[dict[str, Any]], report: Report) -> None:
    """Check the logged outcomes against the database (see the module docstring)."""
    from review_app.models import Role
    from review_app.review import Actor, ReviewService
    from review_app.store.db import open_database

    counts: dict[str, int] = defaultdict(int)
    for r in records:
        counts[r["outcome"]] += 1
        if r["outcome"] == "accepted":
            counts[f"accepted_{r['action']}"] += 1
        if r["outcome"] == "error":
            report.problems.append(f"unexpected {r['error']} for {r}")
        if r["outcome"] == "conflict" and r.get("error") != "ConflictError":
            report.problems.append(f"refusal without ConflictError: {r}")
    report.counts = dict(counts)
    report.attempted = len(records)

    db = open_database(url, schema=schema, create=False)
    try:
        svc = ReviewService(db, PROJECT, Actor("verifier", Role.REVIEWER))
        for key in keys:
            accepted = [
                r for r in records if r["key"] == key and r["outcome"] == "accepted" and r["action"] != "comment"
            ]
            seg = svc.get_segment(key)
            history = svc.history(key)
            versions = sorted(r["version"] for r in accepted)
            if versions != list(range(2, seg.version + 1)):
                report.lost += max(0, len(versions) - len(set(versions)))
                report.problems.append(
                    f"{key}: accepted versions {versions[:10]}… do not cover 2..{seg.version} exactly once"
                )
            target_revs = {(h.version, h.new) for h in history if h.field == "target"}
            for r in accepted:
                if r["action"] == "edit" and (r["version"], r["text"]) not in target_revs:
                    report.lost += 1
                    report.problems.append(f"{key}: accepted edit {r['w']}/{r['i']} v{r['version']} not in history")
            edits = sorted((r for r in accepted if r["action"] == "edit"), key=lambda r: r["version"])
            last_rev = [h for h in history if h.field == "target"]
            expected_text = edits[-1]["text"] if edits else None
            if seg.target != expected_text or (last_rev and last_rev[-1].new != seg.target):
                report.lost += 1
                report.problems.append(f"{key}: final text {seg.target!r} != last accepted edit {expected_text!r}")
            if len(history) < len(accepted):
                report.problems.append(f"{key}: {len(history)} revisions for {len(accepted)} accepted changes")
            bodies = sorted(c.body for c in svc.comments(key))
            logged = sorted(
                r["text"]
                for r in records
                if r["key"] == key and r["action"] == "comment" and r["outcome"] == "accepted"
            )
            if bodies != logged:
                report.lost += abs(len(bodies) - len(logged)) or 1
                report.problems.append(f"{key}: {len(bodies)} comments stored, {len(logged)} accepted")
        if not db.integrity_ok():
            report.problems.append("PRAGMA integrity_check is not ok")
    finally:
        db.dispose()


def run(
    backend: str,
    *,
    processes: int,
    ops: int,
    segments: int = 50,
    pg_url: str = DEFAULT_PG,
    logs: Path | None = None,
    seed: int = 1,
) -> Report:
    """Create a fresh database, run the workers, verify; the PostgreSQL schema is dropped afterwards."""
    import sqlalchemy as sa

    from review_app.store.db import sqlite_url

    tmp = tempfile.TemporaryDirectory(prefix="stress-")
    folder = Path(tmp.name)
    log_dir = logs or folder
    log_dir.mkdir(parents=True, exist_ok=True)
    schema: str | None = None
    if backend == "sqlite":
        url = sqlite_url(folder / "review.db")
    else:
        url = pg_url
        schema = "stress_" + uuid.uuid4().hex[:10]
        engine = sa.create_engine(pg_url)
        with engine.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        engine.dispose()
    report = Report(backend, processes, ops)
    try:
        keys = setup_project(url, schema, segments)
        ctx = mp.get_context("spawn")
        barrier = ctx.Barrier(processes + 1)
        procs = []
        for w in range(processes):
            log = str(log_dir / f"{backend}-worker{w}.jsonl")
            p = ctx.Process(target=worker, args=(w, url, schema, keys, ops, seed, log, barrier))
            p.start()
            procs.append(p)
        barrier.wait(timeout=300)
        t0 = time.perf_counter()
        for p in procs:
            p.join()
        report.seconds = time.perf_counter() - t0
        for w, p in enumerate(procs):
            if p.exitcode != 0:
                report.problems.append(f"worker {w} exited with {p.exitcode}")
        records = []
        for w in range(processes):
            path = log_dir / f"{backend}-worker{w}.jsonl"
            if path.exists():
                records += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        verify(url, schema, keys, records, report)
    finally:
        if schema:
            engine = sa.create_engine(pg_url)
            with engine.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
            engine.dispose()
        tmp.cleanup()
    return report


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--processes", type=int, default=8)
    ap.add_argument("--ops", type=int, default=1000, help="operations per process")
    ap.add_argument("--segments", type=int, default=50)
    ap.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    ap.add_argument("--pg-url", default=DEFAULT_PG)
    ap.add_argument("--logs", type=Path, default=None, help="keep the per-worker JSON-lines logs here")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    failed = False
    reports = []
    for b in backends:
        rep = run(
            b,
            processes=args.processes,
            ops=args.ops,
            segments=args.segments,
            pg_url=args.pg_url,
            logs=args.logs,
            seed=args.seed,
        )
        reports.append(rep)
        print(rep.line(), flush=True)
        for p in rep.problems[:20]:
            print("  problem:", p)
        failed |= bool(rep.problems) or rep.lost > 0
    if len(reports) == 2 and reports[0].seconds and reports[1].seconds:
        a, b = reports
        print(f"throughput postgresql/sqlite: {(b.attempted / b.seconds) / (a.attempted / a.seconds):.2f}x")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
