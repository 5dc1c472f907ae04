"""Small pieces shared by pages: how errors are shown."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html


def error_alert(message: str, title: str = "That did not work") -> dbc.Alert:
    """A dismissable red box with one clear sentence."""
    return dbc.Alert([html.Strong(f"{title}: "), message], color="danger", dismissable=True, className="mb-2")
