"""Small pieces shared by pages: how errors and confirmations are shown."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from tocmap import logs
from tocmap.i18n import _


def error_alert(message: str, title: str | None = None, refused: bool = True) -> dbc.Alert:
    """A dismissable red box with one clear sentence under its ``title`` (by default "That did not work");
    a refusal (the default) is also logged and kept."""
    if refused:
        logs.refusal(message)
    heading = _("{title}:", title=title or _("That did not work"))
    return dbc.Alert([html.Strong(heading), " ", message], color="danger", dismissable=True, className="mb-2")


def notice(*text) -> dbc.Alert:
    """A green confirmation that goes away by itself."""
    return dbc.Alert([html.I(className="bi bi-check-circle me-2"), *text], color="success", dismissable=True,
                     duration=8000, className="mb-3")
