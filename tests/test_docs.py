"""Docs that tests keep true: the CLI reference and the README's quick start."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import ROOT


def test_cli_reference_is_current():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import gen_cli_docs
    finally:
        sys.path.pop(0)
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == gen_cli_docs.render(), "docs/cli.md is stale: run .venv/bin/python scripts/gen_cli_docs.py"


def test_readme_quick_start_is_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Quick start\s+```bash\n(.*?)```", readme, re.S)
    assert block, "README has a Quick start code block"
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]
    assert commands == ["make app", "make test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.M)


def test_every_make_target_in_the_readme_exists():
    out = subprocess.run(["make", "-n", "-p"], cwd=ROOT, capture_output=True, text=True, check=False).stdout
    for target in ("app", "test", "lint", "typecheck", "pytest", "screenshots", "bench"):
        assert re.search(rf"^{target}:", out, re.M), target
