"""The set-up page (``/maps/ID/setup``): the partners, the people, the joint purpose, in three steps.

A facilitator who creates a map lands here. Each step can be skipped and revisited; the
map works before any of it is done. Partners are added, edited (name, short name, colour,
working language, the organisations of a group), merged, retired and reinstated; people are
invited by email to a partner and a role (a one-time link to copy, emailed when a mail server
is configured); workshop guests are kept as members; the joint purpose is written. Every
callback goes through the services, which refuse whoever may not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from tocmap.adapters.mail import Mailer
from tocmap.domain.errors import TocmapError
from tocmap.domain.model import STATEMENT_MAX, Partner, Partnership
from tocmap.domain.partners import next_colour
from tocmap.domain.roles import Role
from tocmap.i18n import N_, _, format_date
from tocmap.services import accounts, foundations, invitations, partners
from tocmap.ui import ids
from tocmap.ui.account import base_url
from tocmap.ui.auth import current_author
from tocmap.ui.components import error_alert, notice
from tocmap.ui.map_nav import map_head

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database

STEPS = [("partners", N_("1 · Partners")), ("people", N_("2 · People")), ("purpose", N_("3 · Joint purpose"))]
NO_PARTNER = "-"
#: The page's Next button's words per step, in the reader's language (read by a clientside callback).
NEXT_LABELS = "setup-next-labels"


def role_options() -> list[dict]:
    """The roles someone can be invited in."""
    return [{"label": role.title, "value": role.value} for role in Role]


def next_labels() -> dict[str, str]:
    """What the Next button says on each step."""
    return {"partners": _("Next: People"), "people": _("Next: Joint purpose"), "purpose": _("Done: open the map")}


# --------------------------------------------------------------------------- layout


def layout(db: Database, map_id: int) -> html.Div:
    who = current_author()
    view = foundations.view(db, map_id, who)
    partnership = partners.partnership_of(db, map_id, who)
    manage = partners.may_manage(db, map_id, who)
    members = accounts.members(db, map_id, who)
    open_map = dbc.Button([html.I(className="bi bi-diagram-3 me-1"), _("Open the map")], href=f"/maps/{map_id}",
                          color="light", size="sm", className="tm-setup-open")
    return html.Div(
        [
            dcc.Store(id=ids.SETUP_MAP, data={"map_id": map_id}),
            dcc.Store(id=ids.SETUP_PARTNER_EDITING, data=None),
            dcc.Store(id=NEXT_LABELS, data=next_labels()),
            map_head(map_id, view.state.title, partnership.partners, "setup", [open_map]),
            html.Div([
                html.P([_("Set up the partnership: who works together, who speaks for each partner, and why."), " ",
                        html.Strong(_("Every step can be skipped and revisited; the map already works."))],
                       className="tm-setup-intro"),
                None if manage else dbc.Alert(_("Only facilitators change the partnership and invite people; you "
                                                "can see how it is set up."), color="secondary", className="py-2"),
                html.Div(id=ids.SETUP_MESSAGE, role="status"),
                dbc.Tabs(
                    [dbc.Tab(body, label=_(label), tab_id=key, tab_class_name=f"tm-setup-tab-{key}")
                     for (key, label), body in zip(STEPS, [
                         _partners_step(partnership, members), _people_step(db, map_id, partnership, members, manage),
                         _purpose_step(map_id, view)])],
                    id=ids.SETUP_STEPS, active_tab="partners", className="tm-setup-steps",
                ),
                html.Div([
                    html.Small(_("Nothing here is required: skip a step and come back to it any time."),
                               className="text-secondary"),
                    dbc.Button(next_labels()["partners"], id=ids.SETUP_NEXT, color="primary"),
                ], className="tm-setup-foot"),
            ], className="tm-setup"),
        ],
        className="tm-setup-page tm-fd-page",
    )


def _partners_step(partnership: Partnership, members) -> html.Div:
    return html.Div(
        [
            html.P(_("The organisations working together on this map. A partner can be a group of organisations "
                     "(“development partners”): list them under it. Agreement counts once every partner agreed."),
                   className="text-secondary small"),
            html.Div(partner_table(partnership, members), id=ids.SETUP_PARTNERS),
            dbc.Row([
                dbc.Col(_partner_form(partnership), lg=7),
                dbc.Col(_merge_form(partnership), lg=5),
            ], className="g-3 mt-1"),
        ],
        className="tm-setup-step",
    )


def _partner_form(partnership: Partnership) -> dbc.Card:
    return dbc.Card(dbc.CardBody([
        html.H2(_("Add a partner"), id=ids.SETUP_PARTNER_FORM_TITLE, className="h6"),
        dbc.Row([
            dbc.Col([dbc.Label(_("Name"), html_for=ids.SETUP_PARTNER_NAME),
                     dbc.Input(id=ids.SETUP_PARTNER_NAME, maxLength=200, placeholder=_("e.g. Ministry of Health"))], md=7),
            dbc.Col([dbc.Label(_("Short name"), html_for=ids.SETUP_PARTNER_SHORT),
                     dbc.Input(id=ids.SETUP_PARTNER_SHORT, maxLength=20, placeholder=_("e.g. MoH"))], md=5),
        ], className="g-2 mb-2"),
        dbc.Row([
            dbc.Col([dbc.Label(_("Colour"), html_for=ids.SETUP_PARTNER_COLOUR),
                     dbc.Input(id=ids.SETUP_PARTNER_COLOUR, type="color", value=next_colour(partnership),
                               className="form-control-color")], md=3),
            dbc.Col([dbc.Label(_("Working language"), html_for=ids.SETUP_PARTNER_LANGUAGE),
                     dbc.Input(id=ids.SETUP_PARTNER_LANGUAGE, maxLength=35, placeholder=_("e.g. fr, en, pt-BR"))], md=9),
        ], className="g-2 mb-2"),
        dbc.Label(_("Organisations in this partner (for a group; one per line)"), html_for=ids.SETUP_PARTNER_ORGS),
        dbc.Textarea(id=ids.SETUP_PARTNER_ORGS, rows=2, placeholder=_("e.g. UNICEF\nWHO"), className="mb-2"),
        dbc.Button([html.I(className="bi bi-plus-lg me-1"), _("Add partner")], id=ids.SETUP_PARTNER_SAVE,
                   color="primary", className="me-2"),
        dbc.Button(_("Cancel"), id=ids.SETUP_PARTNER_CANCEL, color="link", style={"display": "none"}),
    ]))


def _merge_form(partnership: Partnership) -> dbc.Card:
    options = _partner_options(partnership.partners)
    return dbc.Card(dbc.CardBody([
        html.H2(_("Merge two partners"), className="h6"),
        html.P(_("The first one's members then speak for the second; what it proposed and agreed keeps its name."),
               className="small text-secondary"),
        dbc.Select(id=ids.SETUP_MERGE_FROM, options=options, placeholder=_("Merge this partner…"), className="mb-2"),
        dbc.Select(id=ids.SETUP_MERGE_INTO, options=options, placeholder=_("…into this one"), className="mb-2"),
        dbc.Button(_("Merge"), id=ids.SETUP_MERGE, color="secondary", outline=True),
    ]), className="h-100")


def partner_table(partnership: Partnership, members) -> html.Div:
    """Current partners with their members, language and organisations; former ones below."""
    if not partnership.partners and not partnership.former:
        return html.Div(_("No partners yet: add the first below."), className="tm-setup-empty text-secondary mb-2")
    count = {p.id: sum(1 for m in members if m.partner == p.id) for p in partnership.partners}
    rows = [html.Tr([
        html.Td([html.Span(className="tm-swatch", style={"background": p.colour}), html.Strong(p.name),
                 html.Span(f" ({p.short_name})" if p.short_name else "", className="text-secondary"),
                 html.Div(", ".join(p.organisations), className="tm-partner-orgs") if p.organisations else None]),
        html.Td(p.language or "—"),
        html.Td(count[p.id]),
        html.Td(html.Div([
            dbc.Button(_("Edit"), id={"type": ids.SETUP_PARTNER_ACTION, "how": "edit", "id": p.id}, size="sm",
                       color="secondary", outline=True, title=_("Edit {partner}", partner=p.name)),
            dbc.Button(_("Retire"), id={"type": ids.SETUP_PARTNER_ACTION, "how": "retire", "id": p.id}, size="sm",
                       color="danger", outline=True, title=_("Retire {partner}", partner=p.name)),
        ], className="d-flex gap-1 justify-content-end")),
    ], className="tm-partner-row") for p in partnership.partners]
    names = {p.id: p.name for p in partnership.partners}
    former = [html.Tr([
        html.Td([html.Span(className="tm-swatch", style={"background": p.colour}), p.name,
                 html.Small(_("merged into {partner}", partner=names.get(p.merged_into, p.merged_into))
                            if p.merged_into else _("retired"), className="ms-1")]),
        html.Td(p.language or "—"), html.Td("—"),
        html.Td(dbc.Button(_("Reinstate"), id={"type": ids.SETUP_PARTNER_ACTION, "how": "reinstate", "id": p.id},
                           size="sm", color="secondary", outline=True), className="text-end"),
    ], className="tm-former") for p in partnership.former]
    head = html.Thead(html.Tr([html.Th(_("Partner")), html.Th(_("Working language")), html.Th(_("Members on this map")),
                               html.Th("")]))
    return dbc.Table([head, html.Tbody(rows + former)], size="sm", className="tm-partner-table")


def _people_step(db: Database, map_id: int, partnership: Partnership, members, manage: bool) -> html.Div:
    return html.Div(
        [
            html.P(_("Invite each person by email to speak for a partner, in a role. They get a one-time link: they "
                     "choose a name and password and land on this map."), className="text-secondary small"),
            dbc.Row([
                dbc.Col([dbc.Label(_("Email"), html_for=ids.SETUP_INVITE_EMAIL),
                         dbc.Input(id=ids.SETUP_INVITE_EMAIL, type="email", placeholder=_("name@organisation.org"))], md=5),
                dbc.Col([dbc.Label(_("Speaks for"), html_for=ids.SETUP_INVITE_PARTNER),
                         dbc.Select(id=ids.SETUP_INVITE_PARTNER, options=invite_partner_options(partnership),
                                    value=partnership.partners[0].id if partnership.partners else NO_PARTNER)], md=3),
                dbc.Col([dbc.Label(_("Role"), html_for=ids.SETUP_INVITE_ROLE),
                         dbc.Select(id=ids.SETUP_INVITE_ROLE, options=role_options(), value=Role.EDITOR.value)], md=2),
                dbc.Col(dbc.Button([html.I(className="bi bi-envelope me-1"), _("Invite")], id=ids.SETUP_INVITE_SEND,
                                   color="primary", className="w-100"), md=2, className="d-flex align-items-end"),
            ], className="g-2"),
            html.Div(id=ids.SETUP_INVITE_RESULT, className="mt-2"),
            html.Div(people_lists(db, map_id, partnership, members, manage), id=ids.SETUP_PEOPLE, className="mt-3"),
        ],
        className="tm-setup-step",
    )


def people_lists(db: Database, map_id: int, partnership: Partnership, members, manage: bool) -> html.Div:
    """Open invitations (facilitators only) and the map's members, guests with "Keep as member"."""
    names = {p.id: p.short_name or p.name for p in [*partnership.partners, *partnership.former]}
    waiting = invitations.open_invitations(db, map_id, current_author()) if manage else []
    invited = [html.Tr([
        html.Td(i.email), html.Td(names.get(i.partner, "—")), html.Td(Role(i.role).title),
        html.Td(_("until {date}", date=format_date(i.expires_at)), className="text-secondary small"),
        html.Td(dbc.Button(_("Withdraw"), id={"type": ids.SETUP_PEOPLE_ACTION, "how": "withdraw", "id": i.id},
                           size="sm", color="link"), className="text-end"),
    ]) for i in waiting]
    people = [html.Tr([
        html.Td([m.name, html.Small(" " + _("(workshop guest)") if m.workshop_id else "", className="text-secondary")]),
        html.Td(names.get(m.partner, "—")), html.Td(Role(m.role).title), html.Td(m.email or ""),
        html.Td(dbc.Button(_("Keep as member"), id={"type": ids.SETUP_PEOPLE_ACTION, "how": "keep", "id": m.user_id},
                           size="sm", color="secondary", outline=True) if m.workshop_id and manage else None,
                className="text-end"),
    ]) for m in members]
    return html.Div([
        html.H2(_("Invited, not yet accepted"), className="h6") if invited else None,
        dbc.Table(html.Tbody(invited), size="sm", className="tm-invitations") if invited else None,
        html.H2(_("Members of this map"), className="h6"),
        dbc.Table([html.Thead(html.Tr([html.Th(_("Name")), html.Th(_("Partner")), html.Th(_("Role")), html.Th(_("Email")),
                                       html.Th("")])), html.Tbody(people)], size="sm", className="tm-setup-members"),
        html.P(_("People joining a workshop with its code appear here as guests until it closes; keep the ones "
                 "who stay."), className="small text-secondary"),
    ])


def _purpose_step(map_id: int, view: foundations.View) -> html.Div:
    return html.Div(
        [
            html.P(_("Why the partners work together, in a sentence or two. It heads the map and the report, and "
                     "counts once every partner has agreed it (on the Partnership page, where principles and "
                     "responsibilities are kept too)."), className="text-secondary small"),
            dbc.Textarea(id=ids.SETUP_PURPOSE_TEXT, value=view.state.purpose.text, rows=4, maxLength=STATEMENT_MAX,
                         placeholder=_("e.g. Districts use timely, reliable health data to plan services")),
            dbc.Button([html.I(className="bi bi-check2 me-1"), _("Save the purpose")], id=ids.SETUP_PURPOSE_SAVE,
                       color="primary", className="mt-2 me-2"),
            html.Span(_purpose_status(view), id=ids.SETUP_PURPOSE_STATUS, className="small"),
            html.Div(dcc.Link(_("Principles and responsibilities, on the Partnership page →"),
                              href=f"/maps/{map_id}/foundations"), className="small mt-3"),
        ],
        className="tm-setup-step",
    )


def _purpose_status(view: foundations.View) -> str:
    purpose = view.state.purpose
    if not purpose.text:
        return _("No joint purpose yet.")
    agreed = [p.short_name or p.name for p in view.partners if p.id in purpose.agreed_by]
    return (_("Agreed by {partners}.", partners=", ".join(agreed)) if agreed
            else _("Proposed; not agreed by any partner yet."))


def _partner_options(partners_: list[Partner]) -> list[dict]:
    return [{"label": p.name, "value": p.id} for p in partners_]


def invite_partner_options(partnership: Partnership) -> list[dict]:
    """The partners someone can be invited to speak for, then "no partner"."""
    return _partner_options(partnership.partners) + [{"label": _("— no partner —"), "value": NO_PARTNER}]


# --------------------------------------------------------------------------- callbacks


def register_callbacks(app, db: Database) -> None:
    """Wire the set-up page."""
    settings = app.tocmap_settings
    mailer = Mailer.from_settings(settings)

    @app.callback(
        Output(ids.SETUP_PARTNERS, "children"), Output(ids.SETUP_MESSAGE, "children"),
        Output(ids.SETUP_PARTNER_EDITING, "data"), Output(ids.SETUP_PARTNER_FORM_TITLE, "children"),
        Output(ids.SETUP_PARTNER_SAVE, "children"), Output(ids.SETUP_PARTNER_CANCEL, "style"),
        Output(ids.SETUP_PARTNER_NAME, "value"), Output(ids.SETUP_PARTNER_SHORT, "value"),
        Output(ids.SETUP_PARTNER_COLOUR, "value"), Output(ids.SETUP_PARTNER_LANGUAGE, "value"),
        Output(ids.SETUP_PARTNER_ORGS, "value"),
        Output(ids.SETUP_MERGE_FROM, "options"), Output(ids.SETUP_MERGE_INTO, "options"),
        Output(ids.SETUP_INVITE_PARTNER, "options"),
        Input(ids.SETUP_PARTNER_SAVE, "n_clicks"), Input(ids.SETUP_PARTNER_CANCEL, "n_clicks"),
        Input({"type": ids.SETUP_PARTNER_ACTION, "how": ALL, "id": ALL}, "n_clicks"), Input(ids.SETUP_MERGE, "n_clicks"),
        State(ids.SETUP_PARTNER_NAME, "value"), State(ids.SETUP_PARTNER_SHORT, "value"),
        State(ids.SETUP_PARTNER_COLOUR, "value"), State(ids.SETUP_PARTNER_LANGUAGE, "value"),
        State(ids.SETUP_PARTNER_ORGS, "value"), State(ids.SETUP_PARTNER_EDITING, "data"),
        State(ids.SETUP_MERGE_FROM, "value"), State(ids.SETUP_MERGE_INTO, "value"), State(ids.SETUP_MAP, "data"),
        prevent_initial_call=True,
    )
    def change_partners(_clicks, __, ___, ____, name, short, colour, language, orgs, editing, merge_from, merge_into, meta):
        if not _clicked():
            return (no_update,) * 14
        map_id, who, trigger = meta["map_id"], current_author(), ctx.triggered_id
        form = {"name": name or "", "short_name": short or "", "colour": colour or "", "language": language or "",
                "organisations": orgs or ""}
        message, editing_next, fill = None, None, None
        try:
            if trigger == ids.SETUP_PARTNER_SAVE and editing:
                partners.update_partner(db, map_id, editing, _changed(db, map_id, editing, form), who)
                message = notice(_("Saved “{name}”.", name=form["name"]))
            elif trigger == ids.SETUP_PARTNER_SAVE:
                partners.add_partner(db, map_id, form["name"], who, short_name=form["short_name"],
                                     colour=form["colour"], language=form["language"],
                                     organisations=form["organisations"])
                message = notice(_("Added “{name}”.", name=form["name"].strip()))
            elif trigger == ids.SETUP_MERGE:
                applied = partners.merge_partners(db, map_id, merge_from or "", merge_into or "", who)
                message = notice(applied.record.summary + ".")
            elif isinstance(trigger, dict) and trigger["how"] == "edit":
                editing_next = trigger["id"]
                fill = partners.partnership_of(db, map_id, who).find(editing_next)
            elif isinstance(trigger, dict):
                action = {"retire": partners.retire_partner, "reinstate": partners.reinstate_partner}[trigger["how"]]
                message = notice(action(db, map_id, trigger["id"], who).record.summary + ".")
        except TocmapError as error:
            problem = error_alert(str(error), _("Not done"))
            return (no_update, problem) + (no_update,) * 12  # the form keeps what was typed
        partnership = partners.partnership_of(db, map_id, who)
        members = accounts.members(db, map_id, who)
        if fill is not None:
            values = (fill.name, fill.short_name, fill.colour, fill.language, "\n".join(fill.organisations))
            heading, button, cancel = _("Edit “{name}”", name=fill.name), _("Save changes"), {"display": "inline-block"}
        else:
            values = ("", "", next_colour(partnership), "", "")
            heading, button, cancel = _("Add a partner"), [html.I(className="bi bi-plus-lg me-1"), _("Add partner")], {
                "display": "none"}
        options = _partner_options(partnership.partners)
        return (partner_table(partnership, members), message, editing_next, heading, button, cancel, *values,
                options, options, invite_partner_options(partnership))

    @app.callback(
        Output(ids.SETUP_INVITE_RESULT, "children"), Output(ids.SETUP_PEOPLE, "children"),
        Output(ids.SETUP_INVITE_EMAIL, "value"),
        Input(ids.SETUP_INVITE_SEND, "n_clicks"), Input(ids.SETUP_INVITE_EMAIL, "n_submit"),
        Input({"type": ids.SETUP_PEOPLE_ACTION, "how": ALL, "id": ALL}, "n_clicks"),
        Input(ids.SETUP_STEPS, "active_tab"),
        State(ids.SETUP_INVITE_EMAIL, "value"), State(ids.SETUP_INVITE_PARTNER, "value"),
        State(ids.SETUP_INVITE_ROLE, "value"), State(ids.SETUP_MAP, "data"),
        prevent_initial_call=True,
    )
    def invite_people(_clicks, __, ___, tab, email, partner, role, meta):
        trigger = ctx.triggered_id
        if trigger == ids.SETUP_STEPS:
            if tab != "people":
                return no_update, no_update, no_update
        elif not _clicked():
            return no_update, no_update, no_update
        map_id, who, result, keep_email = meta["map_id"], current_author(), None, no_update
        try:
            if trigger in (ids.SETUP_INVITE_SEND, ids.SETUP_INVITE_EMAIL):
                sent = invitations.invite(db, map_id, email or "", role, None if partner == NO_PARTNER else partner,
                                          who, base_url=base_url(settings), mailer=mailer)
                result, keep_email = invitation_sent(sent), ""
            elif isinstance(trigger, dict) and trigger["how"] == "withdraw":
                invitations.withdraw(db, map_id, trigger["id"], who)
            elif isinstance(trigger, dict) and trigger["how"] == "keep":
                invitations.keep_guest(db, map_id, trigger["id"], who)
                result = notice(_("Kept as a member: they stay on the map when the workshop closes."))
        except TocmapError as error:
            return error_alert(str(error), _("Not done")), no_update, no_update
        partnership = partners.partnership_of(db, map_id, who)
        members = accounts.members(db, map_id, who)
        lists = people_lists(db, map_id, partnership, members, partners.may_manage(db, map_id, who))
        return (result if result is not None else no_update), lists, keep_email

    @app.callback(
        Output(ids.SETUP_PURPOSE_STATUS, "children"), Output(ids.SETUP_MESSAGE, "children", allow_duplicate=True),
        Input(ids.SETUP_PURPOSE_SAVE, "n_clicks"), State(ids.SETUP_PURPOSE_TEXT, "value"), State(ids.SETUP_MAP, "data"),
        prevent_initial_call=True,
    )
    def save_purpose(_clicks, text, meta):
        try:
            foundations.set_purpose(db, meta["map_id"], text or "", current_author())
        except TocmapError as error:
            return no_update, error_alert(str(error), _("Not done"))
        return _purpose_status(foundations.view(db, meta["map_id"], current_author())), notice(
            _("The joint purpose is saved; each partner agrees it on the Partnership page."))

    @app.callback(
        Output(ids.SETUP_STEPS, "active_tab"), Output(ids.URL, "pathname", allow_duplicate=True),
        Input(ids.SETUP_NEXT, "n_clicks"), State(ids.SETUP_STEPS, "active_tab"), State(ids.SETUP_MAP, "data"),
        prevent_initial_call=True,
    )
    def next_step(clicks, tab, meta):
        if not clicks:  # the button was just drawn
            return no_update, no_update
        keys = [key for key, _label in STEPS]
        if tab == keys[-1]:
            return no_update, f"/maps/{meta['map_id']}"
        return keys[keys.index(tab) + 1 if tab in keys else 0], no_update

    app.clientside_callback(
        """function(tab, labels) {
            return (labels || {})[tab] || (labels || {}).partners;
        }""",
        Output(ids.SETUP_NEXT, "children"), Input(ids.SETUP_STEPS, "active_tab"), State(NEXT_LABELS, "data"),
    )


def invitation_sent(sent: invitations.Invitation) -> dbc.Alert:
    """The link to copy, and whether it went by email."""
    how = (_("Emailed to {email}. You can also copy the link:", email=sent.email) if sent.emailed else
           sent.mail_problem or _("No mail server is set up: copy this link and send it to {email}.", email=sent.email))
    return dbc.Alert([
        html.Div([html.I(className="bi bi-envelope-check me-2"), how], className="mb-1"),
        dbc.InputGroup([
            dbc.Input(value=sent.link, readonly=True, className="tm-invite-link", id="setup-invite-link"),
            dbc.InputGroupText(dcc.Clipboard(target_id="setup-invite-link", title=_("Copy the link"))),
        ], size="sm"),
        html.Small(_("It works once, until {date}.", date=format_date(sent.expires_at)), className="text-secondary"),
    ], color="success" if sent.emailed else "info", className="tm-invite-sent")


def _clicked() -> bool:
    """Whether a real click triggered the callback (not a button that was just drawn)."""
    return bool(ctx.triggered and ctx.triggered[0].get("value"))


def _changed(db: Database, map_id: int, partner_id: str, form: dict) -> dict:
    """The fields of the form that differ from the partner's current values."""
    partner = partners.partnership_of(db, map_id, current_author()).find(partner_id)
    if partner is None:
        return form
    current = {"name": partner.name, "short_name": partner.short_name, "colour": partner.colour,
               "language": partner.language, "organisations": partners.organisation_list(partner.organisations)}
    wanted = {**form, "organisations": partners.organisation_list(form["organisations"])}
    return {field: value for field, value in wanted.items() if value != current[field]}
