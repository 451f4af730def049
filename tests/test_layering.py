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
