"""The head of every page of one map: title, partners, and the navigation between the map's pages.

The map's pages (the editor, results framework, learning log, health check, and the
partnership's foundations with its SWOT) share one head so that people move between them the same way
everywhere; each page adds its own actions on the right.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from tocmap.domain.model import Partner
from tocmap.i18n import N_, _

#: (key, label, icon, path after /maps/ID)
PAGES: list[tuple[str, str, str, str]] = [
    ("map", N_("Map"), "bi-diagram-3", ""),
    ("framework", N_("Results framework"), "bi-table", "/framework"),
    ("learning", N_("Learning"), "bi-journal-text", "/learning"),
    ("health", N_("Health check"), "bi-heart-pulse", "/health"),
    ("foundations", N_("Partnership"), "bi-people", "/foundations"),  # purpose, principles, SWOT
    ("setup", N_("Set-up"), "bi-sliders", "/setup"),  # partners, people, joint purpose
    ("actions", N_("Actions"), "bi-check2-square", "/actions"),  # actions and decisions
    ("journey", N_("Journey"), "bi-signpost-2", "/journey"),  # stages, sessions, documents, the pack
    ("translations", N_("Translations"), "bi-translate", "/translations"),  # the map's texts in other languages
]


def map_nav(map_id: int, active: str) -> dbc.Nav:
    """Links to the map's pages, the current one marked."""
    return dbc.Nav(
        [dbc.NavItem(dbc.NavLink([html.I(className=f"bi {icon} me-1"), _(label)], href=f"/maps/{map_id}{path}",
                                 active=key == active, className=f"tm-map-nav-{key}"))
         for key, label, icon, path in PAGES],
        pills=True, className="tm-map-nav",
    )


def map_head(map_id: int, title: str, partners: list[Partner], active: str, actions: list | None = None,
             note=None) -> html.Div:
    """Title and partners (and a ``note`` under them) on the left, the page's ``actions`` on the right,
    the map's pages below."""
    badges = [dbc.Badge(p.name, color="light", text_color="dark", className="me-1 tm-partner")
              for p in partners]
    return html.Div(
        [
            html.Div(
                [
                    html.Div([html.A([html.I(className="bi bi-arrow-left me-1"), _("All maps")], href="/",
                                     className="tm-back"),
                              html.H1(title, className="h4 mb-1 tm-map-title"), html.Div(badges), note]),
                    html.Div(actions or [], className="tm-header-actions"),
                ],
                className="tm-map-head",
            ),
            map_nav(map_id, active),
        ],
        className="tm-map-top",
    )
