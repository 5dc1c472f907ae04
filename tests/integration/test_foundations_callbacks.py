"""The Partnership page's callbacks POSTed directly, as the Dash renderer would: no more than the services allow."""

from __future__ import annotations

import json

import pytest

from tests.web import example_app, post_callback, signed_in
from tests.integration.test_health_callbacks import MAP, PASSWORD, author
from tocmap.services import accounts, foundations, maps, swot
from tocmap.services.access import SYSTEM
from tocmap.ui import ids

SECRET = "Our peers never share their data plans"


@pytest.fixture
def app(tmp_path):
    dash_app = example_app(tmp_path)
    db = dash_app.tocmap_db
    for email, name, role, partner in [("fac@x.org", "Fac", "facilitator", "moh"), ("ana@moh.org", "Ana", "editor", "moh"),
                                       ("ben@iph.org", "Ben", "editor", "iph")]:
        accounts.create_user(db, email, name, PASSWORD)
        accounts.set_member(db, MAP, email, role, partner, SYSTEM)
    yield dash_app
    db.dispose()


@pytest.fixture
def exercise(app):
    db = app.tocmap_db
    opened = swot.open_exercise(db, MAP, "Review", author(db, "fac@x.org"))
    swot.add_card(db, MAP, opened.id, "weakness", "Weak district data", author(db, "ana@moh.org"))
    theirs = swot.add_card(db, MAP, opened.id, "threat", SECRET, author(db, "ben@iph.org"))
    return opened.id, theirs.id


def run(app, email: str, callback: str, changed: list[str], values: dict, patterns: dict | None = None
        ) -> tuple[int, str]:
    """POST one callback as ``email``. ``patterns`` gives pattern inputs as type -> [(id dict, value)]."""
    return post_callback(signed_in(app, email, PASSWORD), app, callback, changed, values, patterns)


def base(exercise_id):
    return {f"{ids.SW_EXERCISE}.value": exercise_id, f"{ids.FD_MAP}.data": {"map_id": MAP},
            f"{ids.SW_VERSION}.data": 0}


def test_a_member_s_direct_post_does_not_reveal_the_exercise(app, exercise):
    exercise_id, _ = exercise
    status, body = run(app, "ana@moh.org", "act_on_exercise", [f"{ids.SW_REVEAL}.n_clicks"],
                       {f"{ids.SW_REVEAL}.n_clicks": 1, **base(exercise_id)})
    assert status == 200 and "may not manage" in body and SECRET not in body
    assert not swot.exercises(app.tocmap_db, MAP, SYSTEM)[0].revealed
    status, body = run(app, "fac@x.org", "act_on_exercise", [f"{ids.SW_REVEAL}.n_clicks"],
                       {f"{ids.SW_REVEAL}.n_clicks": 1, **base(exercise_id)})
    assert status == 200 and "Revealed every partner" in body
    status, body = run(app, "fac@x.org", "act_on_exercise", [f"{ids.SW_REVEAL}.n_clicks"],
                       {f"{ids.SW_REVEAL}.n_clicks": 1, **base(exercise_id)})
    assert "already revealed" in body  # twice: a clear refusal


def test_a_member_s_direct_post_reads_only_their_partner_s_cards(app, exercise):
    exercise_id, _ = exercise
    status, body = run(app, "ana@moh.org", "show_exercise", [f"{ids.SW_EXERCISE}.value"], base(exercise_id))
    assert status == 200 and "Weak district data" in body and SECRET not in body
    status, body = run(app, "ben@iph.org", "show_exercise", [f"{ids.SW_EXERCISE}.value"], base(exercise_id))
    assert SECRET in body and "Weak district data" not in body


def test_a_member_cannot_open_or_map_another_partner_s_card_before_reveal(app, exercise):
    exercise_id, theirs = exercise
    make_id = {"type": ids.SW_MAKE, "card": theirs}
    status, body = run(app, "ana@moh.org", "open_make", [json.dumps(make_id, separators=(",", ":"), sort_keys=True) + ".n_clicks"],
                       base(exercise_id), patterns={ids.SW_MAKE: [(make_id, 1)]})
    assert status in (200, 204) and SECRET not in body
    status, body = run(app, "ben@iph.org", "open_make", [json.dumps(make_id, separators=(",", ":"), sort_keys=True)
                                                         + ".n_clicks"],
                       base(exercise_id), patterns={ids.SW_MAKE: [(make_id, 1)]})
    assert SECRET in body  # the same request by the card's own partner does open it
    status, body = run(app, "ana@moh.org", "make_element", [f"{ids.SW_MAKE_SAVE}.n_clicks"],
                       {f"{ids.SW_MAKE_SAVE}.n_clicks": 1, f"{ids.SW_MAKE_CARD}.data": {"card": theirs},
                        f"{ids.SW_MAKE_KIND}.value": "outcome", **base(exercise_id)})
    assert status == 200 and SECRET not in body and "no card" in body
    labels = [e.label for e in maps.get_map(app.tocmap_db, MAP, who=SYSTEM)[2].elements.values()]
    assert SECRET not in labels


def test_agreeing_for_another_partner_through_a_forged_button_is_refused(app):
    db = app.tocmap_db
    foundations.set_purpose(db, MAP, "Better data", author(db, "ana@moh.org"))
    stand = {"type": ids.FD_STAND, "kind": "purpose", "id": "purpose", "how": "agree"}
    status, body = run(app, "ana@moh.org", "edit_foundations", [json.dumps(stand, separators=(",", ":"), sort_keys=True) + ".n_clicks"],
                       {f"{ids.FD_MAP}.data": {"map_id": MAP}, f"{ids.FD_VERSION}.data": 0},
                       patterns={ids.FD_STAND: [(stand, 1)]})
    assert status == 200 and "Agreed for your partner" in body
    assert foundations.view(db, MAP, SYSTEM).state.purpose.agreed_by == ["moh"]  # Ana's own partner, never iph
