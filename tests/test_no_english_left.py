"""A refusal is written whole in ``_()``: never an f-string or English pieces glued together.

Every error the domain, the services and the adapters raise on purpose (a ``TocmapError``) is shown to the
person as it is; a message built outside ``_()`` reaches a French or Spanish reader in English.
"""

from __future__ import annotations

import ast
from pathlib import Path

import tocmap
from tocmap.domain import errors

ROOT = Path(tocmap.__file__).parent
SHOWN = {name for name, value in vars(errors).items() if isinstance(value, type) and issubclass(value, Exception)}
SHOWN |= {"MailNotSent", "TooLarge", "TooMany"}


def _built_outside_gettext(node: ast.expr) -> bool:
    """A literal, an f-string, or a ``+`` of texts: English that no catalogue sees."""
    if isinstance(node, ast.Constant | ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return True
    if isinstance(node, ast.IfExp):
        return _built_outside_gettext(node.body) or _built_outside_gettext(node.orelse)
    return False


def english_refusals(folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
                called = node.exc.func
                name = called.id if isinstance(called, ast.Name) else getattr(called, "attr", "")
                if name in SHOWN and _built_outside_gettext(node.exc.args[0]):
                    found.append(f"{path.relative_to(ROOT.parent)}:{node.lineno}: {ast.unparse(node.exc)[:90]}")
    return found


def test_the_domain_services_and_adapters_raise_refusals_written_in_gettext():
    found = [line for ring in ("domain", "services", "adapters") for line in english_refusals(ROOT / ring)]
    assert not found, "wrap these messages in _() and translate them:\n" + "\n".join(found)


def test_the_check_sees_an_f_string_refusal(tmp_path):
    (tmp_path / "bad.py").write_text('def f(x):\n    raise InvalidInput(f"There is no {x}.")\n')
    (tmp_path / "good.py").write_text('def f(x):\n    raise InvalidInput(_("There is no {x}.", x=x))\n')
    assert [line.split(":")[0].endswith("bad.py") for line in english_refusals_in(tmp_path)] == [True]


def english_refusals_in(folder: Path) -> list[str]:
    global ROOT
    saved, ROOT = ROOT, folder / "pkg"
    try:
        return english_refusals(folder)
    finally:
        ROOT = saved


def test_what_a_person_sees_after_a_crash_reads_in_french():
    from flask import Flask
    from flask_login import LoginManager

    from tocmap import logs
    from tocmap.i18n import using

    server = Flask(__name__)
    LoginManager(server).user_loader(lambda _id: None)
    with server.test_request_context("/maps/1"), using("fr"):
        said = logs.crash(RuntimeError("boom"))
    assert said.startswith("Un problème est survenu de notre côté et rien n'a été modifié.")
