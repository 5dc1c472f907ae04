"""The home page's callbacks, run the way the browser runs them: a JSON POST to /_dash-update-component."""

from __future__ import annotations

import json

import pytest

from tests.web import signed_in
from tocmap.domain.model import SystemAuthor
from tocmap.services import history, maps
from tocmap.ui import ids
from tocmap.services.access import SYSTEM

ANA = {"name": "Ana"}
EXAMPLE_TITLE = "Surveillance data for decisions: Lumora MoH and Aldria institute"


class Browser:
    """Posts callback requests with the body the Dash renderer sends."""

    def __init__(self, app):
        self.app, self.client = app, signed_in(app)

    def spec(self, name: str) -> tuple[str, dict]:
        for key, spec in self.app.callback_map.items():
            if getattr(spec.get("callback"), "__name__", None) == name:
                return key, spec
        raise KeyError(name)

    def call(self, name: str, trigger: str, **values):
        """Run callback ``name`` as if ``trigger`` ("id.prop") changed; ``values`` by "id.prop".

        A pattern-matching input takes a list of ``(id dict, value)`` under its type ("map-menu-rename.n_clicks");
        ``trigger`` is then the JSON of the id that changed plus ".n_clicks".
        Returns the status code and the updated props as {"id.prop": value}.
        """
        key, spec = self.spec(name)
        outputs = [self._output(part) for part in (key[2:-2].split("...") if key.startswith("..") else [key])]

        def entry(dependency):
            component, prop = dependency["id"], dependency["property"]
            if component.startswith("{"):
                pattern = json.loads(component)["type"]
                return [{"id": i, "property": prop, "value": v} for i, v in values.get(f"{pattern}.{prop}", [])]
            return {"id": component, "property": prop, "value": values.get(f"{component}.{prop}")}

        body = {
            "output": key,
            "outputs": outputs if key.startswith("..") else outputs[0],
            "inputs": [entry(d) for d in spec["inputs"]],
            "state": [entry(d) for d in spec["state"]],
            "changedPropIds": [trigger],
        }
        response = self.client.post("/_dash-update-component", json=body)
        if response.status_code != 200:
            return response.status_code, {}
        props = {}
        for component, changed in response.get_json()["response"].items():
            for prop, value in changed.items():
                props[f"{component}.{prop}"] = value
        return 200, props

    @staticmethod
    def _output(part: str) -> dict:
        component, prop = part.rsplit(".", 1)
        return {"id": component, "property": prop.split("@")[0]}


@pytest.fixture
def db(app):
    """The database of the app with the worked example."""
    return app.tocmap_db


def menu(kind: str, map_id: int) -> dict:
    """The pattern id of a card's menu item."""
    return {"type": kind, "index": map_id}


def clicked(kind: str, map_id: int) -> str:
    return json.dumps(menu(kind, map_id), sort_keys=True, separators=(",", ":")) + ".n_clicks"


def text(component) -> str:
    """All the text in a serialized component tree."""
    if component is None:
        return ""
    if isinstance(component, (str, int, float)):
        return str(component)
    if isinstance(component, list):
        return " ".join(text(c) for c in component)
    return text(component.get("props", {}).get("children"))


def titles(db, include_archived=False) -> dict[int, str]:
    return {info.id: info.title for info in maps.list_maps(db, include_archived, who=SYSTEM)}


@pytest.fixture
def browser(app):
    return Browser(app)


# --------------------------------------------------------------------------- new map


def test_the_new_map_form_opens_empty_with_blank_chosen(browser):
    status, props = browser.call("open_new_map", "home-new.n_clicks", **{"home-new.n_clicks": 1})
    assert status == 200
    assert props[f"{ids.HOME_NEW_MODAL}.is_open"] is True
    assert props[f"{ids.HOME_NEW_TITLE}.value"] == "" and props[f"{ids.HOME_NEW_TEMPLATE}.value"] == ""


def test_a_map_created_from_a_template_opens_and_records_its_author(browser, db):
    status, props = browser.call(
        "create_map", "home-new-create.n_clicks",
        **{"home-new-create.n_clicks": 1, "home-new-title.value": "  Ministry and agency  ",
           "home-new-template.value": "peer-partnership", "identity.data": ANA},
    )
    assert status == 200
    assert props["url.pathname"] == "/maps/2/setup" and props[f"{ids.HOME_NEW_MODAL}.is_open"] is False
    info, _, state = maps.get_map(db, 2, who=SYSTEM)
    assert info.title == "Ministry and agency" and info.element_count == 21 == len(state.elements)
    assert history.history(db, 2, who=SYSTEM)[0].author.name == "Administrator"  # the signed-in account


def test_enter_in_the_title_field_creates_a_blank_map(browser, db):
    status, props = browser.call(
        "create_map", "home-new-title.n_submit",
        **{"home-new-title.n_submit": 1, "home-new-title.value": "From scratch", "home-new-template.value": ""},
    )
    assert status == 200 and props["url.pathname"] == "/maps/2/setup"
    info, _, _ = maps.get_map(db, 2, who=SYSTEM)
    assert info.element_count == 0
    assert history.history(db, 2, who=SYSTEM)[0].author.name == "Administrator"


@pytest.mark.parametrize("title, message", [
    ("   ", "Give the map a title."),
    (None, "Give the map a title."),
    ("x" * 201, "A title can have at most 200 characters; this one has 201."),
])
def test_a_new_map_without_a_valid_title_is_refused_next_to_the_field(browser, db, title, message):
    status, props = browser.call(
        "create_map", "home-new-create.n_clicks",
        **{"home-new-create.n_clicks": 1, "home-new-title.value": title, "home-new-template.value": "peer-partnership"},
    )
    assert status == 200
    assert props[f"{ids.HOME_NEW_TITLE}.invalid"] is True
    assert props[f"{ids.HOME_NEW_TITLE_FEEDBACK}.children"] == message
    assert "url.pathname" not in props and f"{ids.HOME_NEW_MODAL}.is_open" not in props
    assert list(titles(db, include_archived=True)) == [1]


@pytest.mark.parametrize("template", ["no-such-template", "../etc/passwd", 42])
def test_an_unknown_template_gets_a_clear_alert_and_creates_nothing(browser, db, template):
    status, props = browser.call(
        "create_map", "home-new-create.n_clicks",
        **{"home-new-create.n_clicks": 1, "home-new-title.value": "Ours", "home-new-template.value": template},
    )
    assert status == 200
    alert = text(props[f"{ids.HOME_NEW_ALERT}.children"])
    assert "template" in alert or "starting point" in alert
    assert "url.pathname" not in props
    assert list(titles(db, include_archived=True)) == [1]


# --------------------------------------------------------------------------- rename


def ask(browser, kind: str, map_id: int) -> dict:
    status, props = browser.call(
        "ask_title", clicked(kind, map_id), **{f"{kind}.n_clicks": [(menu(kind, map_id), 1)]}
    )
    assert status == 200 and props[f"{ids.HOME_TITLE_MODAL}.is_open"] is True
    return props


def save(browser, target: dict, title, identity=ANA, show_archived=False):
    return browser.call(
        "save_title", "home-title-save.n_clicks",
        **{"home-title-save.n_clicks": 1, "home-title-input.value": title, "home-title-target.data": target,
           "identity.data": identity, "home-show-archived.value": show_archived},
    )


def test_rename_opens_with_the_current_title_and_saves_the_new_one(browser, db):
    props = ask(browser, ids.HOME_MENU_RENAME, 1)
    assert props[f"{ids.HOME_TITLE_INPUT}.value"] == EXAMPLE_TITLE
    assert props[f"{ids.HOME_TITLE_HEADER}.children"] == "Rename map"
    target = props[f"{ids.HOME_TITLE_TARGET}.data"]

    status, saved = save(browser, target, "Data for decisions")
    assert status == 200 and saved[f"{ids.HOME_TITLE_MODAL}.is_open"] is False
    assert "Data for decisions" in text(saved[f"{ids.HOME_MAPS}.children"])
    assert titles(db) == {1: "Data for decisions"}
    last = history.history(db, 1, who=SYSTEM)[0]
    assert last.author.name == "Administrator" and last.revision == target["revision"] + 1


def test_an_empty_title_is_refused_and_nothing_changes(browser, db):
    target = ask(browser, ids.HOME_MENU_RENAME, 1)[f"{ids.HOME_TITLE_TARGET}.data"]
    status, props = save(browser, target, "   ")
    assert status == 200
    assert props[f"{ids.HOME_TITLE_INPUT}.invalid"] is True
    assert props[f"{ids.HOME_TITLE_FEEDBACK}.children"] == "Give the map a title."
    assert f"{ids.HOME_TITLE_MODAL}.is_open" not in props and f"{ids.HOME_MAPS}.children" not in props
    info, _, _ = maps.get_map(db, 1, who=SYSTEM)
    assert (info.title, info.revision) == (EXAMPLE_TITLE, target["revision"])


def test_an_unchanged_title_closes_the_form_without_a_new_revision(browser, db):
    target = ask(browser, ids.HOME_MENU_RENAME, 1)[f"{ids.HOME_TITLE_TARGET}.data"]
    status, props = save(browser, target, EXAMPLE_TITLE + " ")
    assert status == 200 and props[f"{ids.HOME_TITLE_MODAL}.is_open"] is False
    assert maps.get_map(db, 1, who=SYSTEM)[0].revision == target["revision"]


def test_a_rename_over_someone_elses_rename_is_refused_and_keeps_theirs(browser, db):
    target = ask(browser, ids.HOME_MENU_RENAME, 1)[f"{ids.HOME_TITLE_TARGET}.data"]
    maps.rename_map(db, 1, "Their title", SystemAuthor(name="Ben"))
    status, props = save(browser, target, "My title")
    assert status == 200
    assert "Their title" in text(props[f"{ids.HOME_TITLE_ALERT}.children"])
    assert f"{ids.HOME_TITLE_MODAL}.is_open" not in props  # the form stays open with what was typed
    assert titles(db) == {1: "Their title"}


@pytest.mark.parametrize("target", [None, {}, {"action": "rename", "map_id": "1"}, {"action": "rename", "map_id": 99}])
def test_a_forged_target_gets_a_message_not_a_server_error(browser, db, target):
    status, props = save(browser, target, "Anything")
    assert status == 200
    assert text(props[f"{ids.HOME_TITLE_ALERT}.children"])
    assert titles(db) == {1: EXAMPLE_TITLE}


def test_re_rendered_cards_open_no_form(browser):
    status, _ = browser.call(
        "ask_title", clicked(ids.HOME_MENU_RENAME, 1), **{f"{ids.HOME_MENU_RENAME}.n_clicks": [(menu(ids.HOME_MENU_RENAME, 1), None)]}
    )
    assert status == 204


# --------------------------------------------------------------------------- duplicate


def test_duplicate_suggests_copy_of_and_creates_a_new_map(browser, db):
    props = ask(browser, ids.HOME_MENU_DUPLICATE, 1)
    assert props[f"{ids.HOME_TITLE_INPUT}.value"] == f"Copy of {EXAMPLE_TITLE}"
    target = props[f"{ids.HOME_TITLE_TARGET}.data"]

    status, saved = save(browser, target, f"Copy of {EXAMPLE_TITLE}")
    assert status == 200 and saved[f"{ids.HOME_TITLE_MODAL}.is_open"] is False
    assert titles(db) == {1: EXAMPLE_TITLE, 2: f"Copy of {EXAMPLE_TITLE}"}
    assert maps.get_map(db, 2, who=SYSTEM)[0].element_count == maps.get_map(db, 1, who=SYSTEM)[0].element_count
    assert "Created" in text(saved[f"{ids.HOME_ALERTS}.children"])
    assert saved[f"{ids.HOME_COUNT}.children"] == "2 maps"


def test_a_duplicate_with_an_empty_title_is_refused(browser, db):
    target = ask(browser, ids.HOME_MENU_DUPLICATE, 1)[f"{ids.HOME_TITLE_TARGET}.data"]
    status, props = save(browser, target, "")
    assert status == 200 and props[f"{ids.HOME_TITLE_INPUT}.invalid"] is True
    assert list(titles(db, include_archived=True)) == [1]


# --------------------------------------------------------------------------- archive and restore


def test_archive_asks_naming_the_map_then_hides_it_and_restore_brings_it_back(browser, db):
    status, props = browser.call(
        "ask_archive", clicked(ids.HOME_MENU_ARCHIVE, 1),
        **{f"{ids.HOME_MENU_ARCHIVE}.n_clicks": [(menu(ids.HOME_MENU_ARCHIVE, 1), 1)]},
    )
    assert status == 200 and props[f"{ids.HOME_ARCHIVE_MODAL}.is_open"] is True
    assert EXAMPLE_TITLE in text(props[f"{ids.HOME_ARCHIVE_TEXT}.children"])
    target = props[f"{ids.HOME_ARCHIVE_TARGET}.data"]

    status, props = browser.call(
        "archive", "home-archive-confirm.n_clicks",
        **{"home-archive-confirm.n_clicks": 1, "home-archive-target.data": target, "home-show-archived.value": False},
    )
    assert status == 200 and props[f"{ids.HOME_ARCHIVE_MODAL}.is_open"] is False
    assert titles(db) == {} and titles(db, include_archived=True) == {1: EXAMPLE_TITLE}
    assert EXAMPLE_TITLE not in text(props[f"{ids.HOME_MAPS}.children"])
    assert props[f"{ids.HOME_COUNT}.children"] == "0 maps · 1 archived"

    status, props = browser.call("show_archived", "home-show-archived.value", **{"home-show-archived.value": True})
    shown = text(props[f"{ids.HOME_MAPS}.children"])
    assert EXAMPLE_TITLE in shown and "Archived" in shown and "Restore" in shown

    status, props = browser.call(
        "restore", clicked(ids.HOME_MENU_RESTORE, 1),
        **{f"{ids.HOME_MENU_RESTORE}.n_clicks": [(menu(ids.HOME_MENU_RESTORE, 1), 1)], "home-show-archived.value": True},
    )
    assert status == 200 and "Restored" in text(props[f"{ids.HOME_ALERTS}.children"])
    assert titles(db) == {1: EXAMPLE_TITLE}


def test_archiving_a_map_that_is_not_there_says_so(browser, db):
    status, props = browser.call(
        "archive", "home-archive-confirm.n_clicks",
        **{"home-archive-confirm.n_clicks": 1, "home-archive-target.data": {"map_id": 42}},
    )
    assert status == 200 and "There is no map 42." in text(props[f"{ids.HOME_ARCHIVE_ALERT}.children"])


def test_the_home_page_shows_the_new_map_button_and_the_cards(browser):
    status, props = browser.call("show_page", "url.pathname", **{"url.pathname": "/"})
    page = text(props[f"{ids.PAGE}.children"])
    assert status == 200 and "New map" in page and EXAMPLE_TITLE in page
    assert "Peer-to-peer institutional partnership" in json.dumps(props)  # a choice in the new-map form
