"""The domain ring stays pure: no web framework, no database library."""

import ast
from pathlib import Path

import tocmap.domain

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


def test_the_domain_imports_no_dash_flask_or_sqlalchemy():
    folder = Path(tocmap.domain.__file__).parent
    offenders = {
        f"{path.name}: {name}"
        for path in folder.rglob("*.py")
        for name in imported_modules(path)
        if name.split(".")[0] in FORBIDDEN
    }
    assert not offenders


def test_the_purity_check_would_notice_a_forbidden_import(tmp_path):
    sample = tmp_path / "bad.py"
    sample.write_text("from sqlalchemy import select\nimport dash.html\n")
    assert {"sqlalchemy", "dash.html"} <= imported_modules(sample)
