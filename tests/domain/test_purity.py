"""The domain ring and the presentation ring stay pure: no web framework, no database library.

Which of our own modules each ring may import is checked by import-linter (tests/test_rings.py).
"""

import ast
from pathlib import Path

import tocmap.domain
import tocmap.presentation

FORBIDDEN = ("dash", "flask", "sqlalchemy", "alembic", "werkzeug", "psycopg")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def offenders(paths) -> set[str]:
    return {f"{path.name}: {name}" for path in paths for name in imported_modules(path) if name.split(".")[0] in FORBIDDEN}


def test_the_domain_imports_no_dash_flask_or_sqlalchemy():
    assert not offenders(Path(tocmap.domain.__file__).parent.rglob("*.py"))


def test_what_the_screen_and_the_files_share_imports_no_dash_flask_or_sqlalchemy():
    assert not offenders([Path(tocmap.presentation.__file__)])


def test_the_purity_check_would_notice_a_forbidden_import(tmp_path):
    sample = tmp_path / "bad.py"
    sample.write_text("from sqlalchemy import select\nimport dash.html\n")
    assert {"sqlalchemy", "dash.html"} <= imported_modules(sample)
