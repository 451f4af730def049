"""Architecture rules: only review_app/app imports streamlit; checks never import pandas."""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "review_app"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_core_never_imports_streamlit():
    offenders = [
        str(p.relative_to(PKG))
        for p in PKG.rglob("*.py")
        if "app" not in p.relative_to(PKG).parts[:1] and "streamlit" in _imports(p)
    ]
    assert offenders == []


def test_checks_never_import_pandas():
    offenders = [str(p.name) for p in (PKG / "checks").rglob("*.py") if "pandas" in _imports(p)]
    assert offenders == []


def test_app_package_exists_and_imports_streamlit():
    assert "streamlit" in _imports(PKG / "app" / "streamlit_app.py")


def test_qa_on_a_file_never_loads_the_project_store(tmp_path):
    """``review-app qa FILE`` needs no database: loading SQLAlchemy/Alembic at CLI start costs ~35 MB and ~0.5 s per
    call in pipelines (bench/qa.py measures the CLI path). A command module that imports the store at module level
    (e.g. for a constant) breaks this."""
    import subprocess
    import sys

    data = tmp_path / "u.csv"
    data.write_text("id,source,target\n1,こんにちは,Hello\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from review_app.cli import main\n"
        f"try:\n    main(['qa', {str(data)!r}, '--format', 'json', '-o', {str(tmp_path / 'r.json')!r}])\n"
        "except SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "print(sorted(m for m in ('sqlalchemy', 'alembic', 'review_app.store.db') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout + out.stderr


def _review_app_imports(path: Path) -> set[str]:
    """Every ``review_app.*`` module ``path`` imports, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("review_app"))
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("review_app"):
            assert node.module is not None
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return found


def test_nothing_below_the_commands_imports_them():
    """The CLI (``cli.py`` on ``commands/``) stands on the services; no service, exporter, format or page reaches up
    into it (issue 20: ``exporters/reports.py`` took ``issue_json`` from ``commands.qa``), and the command modules
    take their shared helpers from ``commands/_common.py``, not from ``cli.py`` (which imports them)."""
    offenders = {}
    for p in PKG.rglob("*.py"):
        rel = p.relative_to(PKG)
        if rel == Path("cli.py"):
            continue
        above = ("review_app.cli",) if rel.parts[0] == "commands" else ("review_app.cli", "review_app.commands")
        up = sorted(m for m in _review_app_imports(p) if m in above or m.startswith(tuple(a + "." for a in above)))
        if up:
            offenders[str(rel)] = up
    assert offenders == {}
