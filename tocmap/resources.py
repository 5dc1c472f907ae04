"""Where the files that ship with tocmap live: ``models/`` and ``assets/``.

In a source checkout they sit at the repository root; in an installed wheel they are
bundled inside the package (see ``pyproject.toml``).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _folder(name: str) -> Path:
    for candidate in (_PACKAGE / "_bundled" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"tocmap's {name}/ folder is missing; reinstall the package.")


def models_dir() -> Path:
    """The folder of map templates and examples."""
    return _folder("models")


def assets_dir() -> Path:
    """The folder of CSS and JavaScript served by the app."""
    return _folder("assets")
