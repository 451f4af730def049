"""Benchmark: ``review-app compare`` on a large project built like the demo (bug 10 of issue 22).

The project is the shipped article repeated until it has ``--segments`` segments (31 copies ≈ 10,000), with the
demo's three engines (``draft-literal``, ``draft-fluent`` and ``reference``: the shipped files' translations,
copy by copy) and a reference TMX for the whole project, plus the demo's source corrections (``fixes --apply
--side source``), so corrected segments are part of the work. The project is built once per size and kept in
``--work`` (default: a folder under the system's temp directory).

Each run is ``review-app compare PROJECT --reference REF --glossary glossary/musk-trump.tbx --format json`` in a
child process; the script prints its wall time and the child's peak RSS (the operating system's accounting).
``--repo PATH`` runs the CLI from another checkout of review_app (e.g. a worktree of the commit before a change)
with this interpreter, so before and after are measured in one run, alternating:

    .venv/bin/python bench/compare_scale.py --segments 10000 --repeat 1 --repo /tmp/review-app-before

Targets (issue 22): ≤ 30 s and ≤ 500 MB at 10,000 segments × 3 engines, and cost linear in segments × engines
(``--segments 326,10000`` prints the time per segment of each size).

``--page`` measures the Compare page on the same project through Streamlit's AppTest (no browser): the background
computation's time, the page's time once the result is stored (target ≤ 3 s), and another session's Review page
(render, save a segment) without and while a comparison computes (target: unchanged).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = ROOT / "corpus" / "musk-trump"
GLOSSARY = ROOT / "glossary" / "musk-trump.tbx"
ENGINES = {"draft-literal": CORPUS / "candidates" / "literal.xlf", "draft-fluent": CORPUS / "candidates" / "fluent.xlf",
           "reference": CORPUS / "reference.tmx"}


def build(folder: Path, segments: int) -> tuple[Path, Path]:
    """A project of about ``segments`` segments (whole copies of the article) and its reference TMX."""
    from review_app.formats import read_bilingual
    from review_app.formats.base import BilingualUnit
    from review_app.formats.tmx import write_tmx
    from review_app.project import init_project, open_project

    project = folder / f"project-{segments}"
    ref_path = folder / f"reference-{segments}.tmx"
    if (project / "done").exists():
        return project, ref_path
    if project.exists():
        import shutil

        shutil.rmtree(project)
    article = (CORPUS / "source.ja.txt").read_text(encoding="utf-8")
    from review_app.segment import parse_document

    per_copy = len(parse_document(article).segments)
    copies = max(1, round(segments / per_copy))
    src = folder / f"source-{segments}.ja.txt"
    src.write_text("\n".join([article.rstrip("\n")] * copies) + "\n", encoding="utf-8")
    init_project(project, source=src, source_lang="ja", target_lang="en", name=f"bench-{segments}",
                 glossary=GLOSSARY)
    op = open_project(project)
    try:
        segs = op.service().list_segments()
    finally:
        op.close()
    originals = parse_document(article).segments
    for name, path in ENGINES.items():
        units = {u.source: u for u in read_bilingual(path).units}
        by_key = {u.id: u for u in units.values()}
        out: list[BilingualUnit] = []
        for s in segs:
            orig = originals[s.index % per_copy]
            u = by_key.get(orig.key) or units.get(s.source)
            if u is None or u.target is None:
                continue
            meta = {"props": u.metadata["props"]} if name == "reference" and u.metadata.get("props") else {}
            out.append(BilingualUnit(id=s.key, source=s.source, target=u.target, metadata=meta))
        dest = ref_path if name == "reference" else folder / f"{name}-{segments}.tmx"
        with dest.open("wb") as fh:
            write_tmx(fh, out, source_lang="ja", target_lang="en")
        prov = json.dumps({"kind": "prepared-draft", "by": "review_app benchmark",
                           "how": f"{path.name}, repeated copy by copy"})
        subprocess.run([*cli(None), "candidates", "import", str(project), str(dest), "--engine", name,
                        "--provenance", prov], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([*cli(None), "qa", str(project), "--format", "json", "-o", str(folder / "qa.json")], check=False,
                   stdout=subprocess.DEVNULL)
    subprocess.run([*cli(None), "fixes", str(project), "--apply", "--side", "source"], check=True,
                   stdout=subprocess.DEVNULL)
    (project / "done").write_text("")
    return project, ref_path


def cli(repo: Path | None) -> list[str]:
    code = "import sys; from review_app.cli import main; sys.argv[0] = 'review-app'; main()"
    if repo is None:
        return [sys.executable, "-c", code]
    return [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(repo)!r}); " + code]


def run_once(repo: Path | None, project: Path, ref: Path, out: Path) -> tuple[float, float, float, dict]:
    """(wall seconds, CPU seconds, peak RSS in MB, the report) of one compare run in a child process."""
    cmd = [*cli(repo), "compare", str(project), "--reference", str(ref), "--glossary", str(GLOSSARY),
           "--format", "json", "-o", str(out)]
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    code = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
        "w = time.perf_counter() - t\n"
        "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(p.returncode, w, r.ru_utime + r.ru_stime, r.ru_maxrss)\n"
    )
    # A small parent per run: a child's ru_maxrss would otherwise start from this process's peak.
    res = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, text=True, env=env, check=True)
    rc, wall, cpu, rss = res.stdout.split()
    if rc != "0":
        raise SystemExit(f"compare failed (exit {rc}): {' '.join(cmd)}")
    return float(wall), float(cpu), int(rss) / 1024, json.loads(out.read_text(encoding="utf-8"))


def page_bench(project: Path, repeat: int) -> None:
    """The Compare page and another session's Review page, with and without a comparison computing."""
    import statistics

    from streamlit.testing.v1 import AppTest  # noqa: TID251 (the benchmark drives the app like the tests)

    from review_app.metrics.jobs import CompareJobs, CompareRequest, job_key, state_stamp
    from review_app.project import open_project

    app_file = ROOT / "review_app" / "app" / "streamlit_app.py"
    os.environ["REVIEW_APP_PROJECT"] = str(project)
    os.environ["REVIEW_APP_GLOSSARY"] = str(GLOSSARY)
    jobs = CompareJobs(project)
    op = open_project(project)
    try:
        svc = op.service()
        # The page's default choices: the project's default reference, every other engine, the first as baseline.
        from review_app.app import queries
        from review_app.metrics.compare import ENGINE_PREFIX, default_reference

        reference = default_reference(svc)
        ref_engine = reference[len(ENGINE_PREFIX):] if reference.startswith(ENGINE_PREFIX) else None
        engines = tuple(e for e in queries.engines(svc) if e != ref_engine)
        request = CompareRequest(reference=reference, engines=engines, baseline=engines[0],
                                 test="bs", samples=300, glossary=str(GLOSSARY.resolve()))
        print(f"the page's default comparison: reference {reference}, engines {', '.join(engines)}")
        stamp = state_stamp(svc, request)
    finally:
        op.close()
    key = job_key(request, stamp)
    t = time.perf_counter()
    jobs.start(request, stamp, key)
    jobs.wait(key, timeout=3600)
    print(f"background computation of the page's default comparison: {time.perf_counter() - t:.1f} s wall")

    def compare_page() -> float:
        at = AppTest.from_file(str(app_file), default_timeout=600)
        at.run()
        t0 = time.perf_counter()
        at.switch_page("app_pages/compare.py").run()
        took = time.perf_counter() - t0
        assert not at.exception, at.exception
        assert at.dataframe, "the stored comparison was not shown"
        return took

    def review_page(i: int) -> tuple[float, float]:
        at = AppTest.from_file(str(app_file), default_timeout=600)
        at.run()
        t0 = time.perf_counter()
        at.switch_page("app_pages/review.py").run()
        render = time.perf_counter() - t0
        seg = at.selectbox(key="review_key").value
        at.text_area(key=f"editor-{seg}").input(f"Benchmark translation number {i}.")
        t0 = time.perf_counter()
        at.button(key="save").click().run()
        return render, time.perf_counter() - t0

    shown = [compare_page() for _ in range(repeat)]
    print(f"Compare page with the stored result: median {statistics.median(shown):.2f} s (target ≤ 3 s)")
    quiet = [review_page(i) for i in range(repeat)]
    # A save makes a new revision: the next Compare visit starts a computation; keep one running meanwhile.
    busy: list[tuple[float, float]] = []
    for i in range(repeat):
        op = open_project(project)
        try:
            stamp = state_stamp(op.service(), request)
        finally:
            op.close()
        jobs.start(request, stamp)
        running = jobs.running(job_key(request, stamp)) is not None
        busy.append(review_page(100 + i))
        if not running:
            print("  (the computation had finished before the Review page was timed)")
    for name, rows in (("no comparison computing", quiet), ("a comparison computing", busy)):
        print(f"Review page, {name}: render median {statistics.median(r for r, _ in rows):.2f} s, "
              f"save median {statistics.median(s for _, s in rows):.2f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--segments", default="10000", help="project size(s), comma-separated (default 10000)")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--repo", type=Path, default=None, help="also run this checkout of review_app (before)")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "review-app-bench-compare")
    ap.add_argument("--page", action="store_true", help="also measure the Compare and Review pages (AppTest)")
    ap.add_argument("--skip-cli", action="store_true", help="only build the project(s) (and --page)")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    sides: list[tuple[str, Path | None]] = [("this", None)]
    if args.repo is not None:
        sides.append((f"repo {args.repo}", args.repo.resolve()))
    print(f"{'size':>7} {'side':<30} {'wall s':>8} {'CPU s':>8} {'peak MB':>8} {'CPU ms/seg':>10}  scored  engines")
    for size in (int(s) for s in args.segments.split(",")):
        t = time.perf_counter()
        project, ref = build(args.work, size)
        built = time.perf_counter() - t
        if built > 1:
            print(f"(built the {size}-segment project in {built:.0f} s)")
        results: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in sides}
        if args.page:
            page_bench(project, args.repeat)
        for _ in range(0 if args.skip_cli else args.repeat):
            for name, repo in sides:
                wall, cpu, rss, report = run_once(repo, project, ref, args.work / f"out-{size}.json")
                results[name].append((cpu, rss))
                n = report["segments"]
                print(f"{n:>7} {name:<30} {wall:8.1f} {cpu:8.1f} {rss:8.0f} {1000 * cpu / n:10.2f}  "
                      f"{report['scored_segments']:>6}  {len(report['engines'])}", flush=True)
        if len(sides) == 2 and not args.skip_cli:
            a = sorted(w for w, _ in results[sides[0][0]])[len(results[sides[0][0]]) // 2]
            b = sorted(w for w, _ in results[sides[1][0]])[len(results[sides[1][0]]) // 2]
            print(f"{size}: median CPU time this/repo = {a / b:.3f}")
    print(f"(this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
