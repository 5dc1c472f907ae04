"""Small pieces shared by pages: who is editing, and how errors are shown."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from tocmap.domain.model import Author

ANONYMOUS = "Guest"


def author_from(identity: dict | None, partner: str | None = None) -> Author:
    """The author of an edit made in the browser, from the identity the person gave.

    Examples
    --------
    >>> author_from({"name": "  Amina  "}).name, author_from(None).name
    ('Amina', 'Guest')
    """
    name = ((identity or {}).get("name") or "").strip()[:200] or ANONYMOUS
    return Author(name=name, partner=partner or None)


def error_alert(message: str, title: str = "That did not work") -> dbc.Alert:
    """A dismissable red box with one clear sentence."""
    return dbc.Alert([html.Strong(f"{title}: "), message], color="danger", dismissable=True, className="mb-2")
