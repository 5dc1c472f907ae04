"""Small pieces shared by pages: who is editing, and how errors are shown."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from tocmap.domain.model import Author

def author_from(identity: dict | None = None, partner: str | None = None) -> Author:
    """The signed-in user as the author of an edit (the arguments are ignored; kept for old callers)."""
    from tocmap.ui.auth import current_author

    return current_author()


def error_alert(message: str, title: str = "That did not work") -> dbc.Alert:
    """A dismissable red box with one clear sentence."""
    return dbc.Alert([html.Strong(f"{title}: "), message], color="danger", dismissable=True, className="mb-2")
