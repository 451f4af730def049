"""bench/qa.py keeps working: a tiny run of both tools, side by side, with the repeated-run median."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_bench_qa_runs_both_tools_and_reports_the_ratios(tmp_path: Path) -> None:
    pytest.importorskip("translate.filters.pofilter")
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "qa.py"), "--units", "300", "--terms", "60",
                           "--repeat", "2", "--keep", str(tmp_path)], check=False, capture_output=True, text=True,
                          timeout=600, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "review_app: 300 units" in out
    assert re.search(r"CPU-time throughput ratio over 2 alternating runs: median \d+\.\d\d×", out)
    assert re.search(r"10× budget in this run: \d+\.\d\d s .* leaving \d+\.\d µs per unit for all \d+ checks", out)
    assert re.search(r"peak RSS, MB\s+[\d,.]+\s+[\d,.]+", out)
    assert re.search(r"CLI: peak RSS, MB\s+[\d,.]+\s+[\d,.]+", out)
    assert re.search(r"review-app qa CLI vs pofilter over 2 alternating runs: CPU time median \d+\.\d\d of "
                     r"pofilter's \(target ≤ 0.50\), peak RSS median \d+\.\d\d", out)
    assert json.loads((tmp_path / "review-app-report.json").read_text(encoding="utf-8"))["issues"]
    assert (tmp_path / "bench.xlf").stat().st_size > 0 and (tmp_path / "glossary.tbx").stat().st_size > 0
