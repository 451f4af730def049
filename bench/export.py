"""Benchmark: TMX and XLIFF export of a large synthetic project (time and peak memory).

Builds a SQLite project with N segments (default 100 000: paragraphs of five Japanese sentences, every
segment translated, a third approved, 10 % with a comment and a revision), then exports it in a fresh
child process per format so that each peak RSS (``ru_maxrss`` of the child) is that format's alone. The
baseline child only reads every segment through the same paged service query, so the ratios show what
writing costs on top of reading.

    .venv/bin/python bench/export.py [--segments 100000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build(folder: Path, n: int) -> None:
    from sqlalchemy import insert, text

    from review_app.project import init_project, open_project
    from review_app.store.schema import CommentRow, RevisionRow, utcnow

    lines = []
    for p in range(0, n, 5):
        lines.append(
            "".join(f"これは第{i}番目の文で、ベンチマーク用の合成テキストです。" for i in range(p, min(p + 5, n)))
        )
    source = folder.parent / "bench-source.ja.txt"
    source.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    t0 = time.perf_counter()
    init_project(folder, source=source)
    op = open_project(folder)
    try:
        with op.db.session() as s:
            s.execute(
                text(
                    "UPDATE targets SET text = 'This is synthetic benchmark sentence number ' || segment_id || '.', "
                    "status = CASE WHEN segment_id % 3 = 0 THEN 'approved' ELSE 'translated' END, "
                    "version = 2, updated_by = 'bench', updated_at = :now"
                ),
                {"now": utcnow()},
            )
            pid = s.execute(text("SELECT id FROM projects")).scalar_one()
            ids = [r[0] for r in s.execute(text("SELECT id FROM segments WHERE id % 10 = 0"))]
            now = utcnow()
            s.execute(
                insert(CommentRow),
                [{"segment_id": i, "user": "reviewer", "at": now, "body": f"check <term> & number {i}"} for i in ids],
            )
            s.execute(
                insert(RevisionRow),
                [
                    {
                        "project_id": pid,
                        "segment_id": i,
                        "user": "translator",
                        "at": now,
                        "field": "target",
                        "old": None,
                        "new": "x",
                        "reason": None,
                        "version": 2,
                    }
                    for i in ids
                ],
            )
    finally:
        op.close()
    print(f"built {n:,} segments in {time.perf_counter() - t0:.1f} s")


def peak_rss_kb() -> int:
    """This process's peak resident set size in KiB.

    ``VmHWM`` from /proc is per address space, so it is reset by ``exec``; ``ru_maxrss`` is not (Linux
    carries the forking parent's high-water mark into the child), which would charge the project build
    to every export.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def child(project: Path, fmt: str, out: Path) -> None:
    from review_app.exporters import ExportOptions, ProjectData, export_project
    from review_app.project import open_project

    t0 = time.perf_counter()
    if fmt == "read-only":
        op = open_project(project)
        try:
            data = ProjectData.of(op, ExportOptions())
            count = sum(1 for _ in data.units())
        finally:
            op.close()
        size = 0
    else:
        export_project(project, fmt, out)
        size = out.stat().st_size
        count = -1
    elapsed = time.perf_counter() - t0
    rss_kb = peak_rss_kb()
    print(json.dumps({"format": fmt, "seconds": elapsed, "peak_rss_mb": rss_kb / 1024, "bytes": size, "units": count}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, default=None, help="Build/keep the project in this folder.")
    parser.add_argument("--child", nargs=3, metavar=("PROJECT", "FORMAT", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), args.child[1], Path(args.child[2]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        project = base / "bench-project"
        if not (project / "review-app.toml").exists():
            build(project, args.segments)
        else:
            print(f"reusing {project}")
        results = []
        for fmt, ext in (("read-only", ""), ("tmx", ".tmx"), ("xliff12", ".xlf"), ("xliff2", ".xlf2")):
            proc = subprocess.run(
                [sys.executable, __file__, "--child", str(project), fmt, str(base / f"bench{ext or '.none'}")],
                check=True,
                capture_output=True,
                text=True,
            )
            results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    base_row = results[0]
    print(f"{args.segments:,} segments, SQLite; each format in its own process")
    print(f"{'format':<10} {'seconds':>8} {'peak RSS MB':>12} {'file MB':>8} {'time/read':>10} {'RSS/read':>9}")
    for r in results:
        print(
            f"{r['format']:<10} {r['seconds']:>8.2f} {r['peak_rss_mb']:>12.1f} {r['bytes'] / 1e6:>8.1f} "
            f"{r['seconds'] / base_row['seconds']:>9.2f}x {r['peak_rss_mb'] / base_row['peak_rss_mb']:>8.2f}x"
        )


if __name__ == "__main__":
    main()
