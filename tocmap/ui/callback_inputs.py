"""Every callback call checked before any callback runs: a malformed or forged POST gets a clear 400.

The Dash renderer POSTs ``/_dash-update-component`` with the callback's output key and, for
each input and state, the component id, property and value. Anyone can POST that body with
other values, so one guard, run before Dash reads the body, checks:

- the body's shape: a JSON object naming a callback the app has, with one entry for each of
  its inputs and states, in order, for the components and properties it declared;
- each value by the component property it comes from (:data:`PROPERTY_RULES`: a click count
  is a whole number or nothing, a text box's value is text, a number or a list of them...),
  and the stores that carry a page's map by their shape (:data:`COMPONENT_RULES`);
- every number anywhere within what JavaScript holds exactly (±2**53).

A request that fails gets ``400 {"message": ...}`` in the reader's language (the log and the
record of refusals keep it in English) and no callback runs, so nothing is read or written.
Refusals by the services themselves (no permission, bad text) are not this module's: they reach
the page as a message (see ``shell.report_error``).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from flask import jsonify, request

from tocmap import logs
from tocmap.i18n import N_, _
from tocmap.ui import ids
from tocmap.ui.editor import ids as editor_ids

#: The largest whole number a browser holds exactly; ids, counts and revisions stay within it.
NUMBER_MAX = 2**53
#: How deep a callback value may nest (a store holding a list of dicts of lists...).
DEPTH_MAX = 12

Rule = Callable[[object], str | None]


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def count(value: object) -> str | None:
    """A click or submit count: a whole number from 0, or nothing yet.

    >>> count(3), count(None), count("3")
    (None, None, 'a count (a whole number)')
    """
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= NUMBER_MAX):
        return None
    return N_("a count (a whole number)")


def text_or_nothing(value: object) -> str | None:
    """Text, or nothing."""
    return None if value is None or isinstance(value, str) else N_("text")


def flag(value: object) -> str | None:
    """True, false or nothing."""
    return None if value is None or isinstance(value, bool) else N_("true or false")


_SCALARS = (str, int, float, bool, type(None))


def plain_value(value: object) -> str | None:
    """What a form field holds: text, a number, true or false, or nothing.

    >>> plain_value("x"), plain_value(2), plain_value(["a"])
    (None, None, 'text or a number')
    """
    return None if isinstance(value, _SCALARS) else N_("text or a number")


def chosen_values(value: object) -> str | None:
    """What a checklist or a multiple choice holds: a list of texts, or nothing.

    >>> chosen_values(["a", "b"]), chosen_values([None]), chosen_values({"a": 1})
    (None, 'a list of texts', 'a list of texts')
    """
    if value is None or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        return None
    return N_("a list of texts")


def list_of_objects(value: object) -> str | None:
    """A list of objects (style rules a panel hands to the canvas), or nothing."""
    if value is None or (isinstance(value, list) and all(isinstance(v, dict) for v in value)):
        return None
    return N_("a list of objects")


def object_or_nothing(value: object) -> str | None:
    """A JSON object (what the canvas or a grid says was tapped), or nothing."""
    return None if value is None or isinstance(value, dict) else N_("an object")


def tapped(value: object) -> str | None:
    """What the canvas says was tapped: nothing, or the node's or edge's data with its ``id`` as text."""
    if value is None or (isinstance(value, dict) and isinstance(value.get("id"), str)):
        return None
    return N_("nothing or an object with an id")


def texts(value: object) -> str | None:
    """Text, a list of texts (several files), or nothing."""
    if value is None or isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        return None
    return N_("text or a list of texts")


def map_store(value: object) -> str | None:
    """A page's map store: an object naming the map by a whole-number ``map_id``.

    >>> map_store({"map_id": 1}), map_store({}), map_store(None)
    (None, 'an object with the map id', 'an object with the map id')
    """
    if isinstance(value, dict):
        map_id = value.get("map_id")
        if isinstance(map_id, int) and not isinstance(map_id, bool) and 0 < map_id <= NUMBER_MAX:
            return None
    return N_("an object with the map id")


def selection(value: object) -> str | None:
    """What is selected on the canvas: nothing, or an object with a ``type`` and an ``id`` as text.

    >>> selection({"type": "element", "id": "oc-1"}), selection({"id": "oc-1"})
    (None, 'nothing or an object with a type and an id')
    """
    if value is None or (isinstance(value, dict) and isinstance(value.get("type"), str)
                         and isinstance(value.get("id"), str)):
        return None
    return N_("nothing or an object with a type and an id")


def version(value: object) -> str | None:
    """A page's refresh counter: a whole number, or nothing yet."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return None
    return N_("a whole number")


#: What each component property may carry, whatever the component.
PROPERTY_RULES: dict[str, Rule] = {
    "n_clicks": count, "n_submit": count, "n_blur": count,
    "value": plain_value, "pathname": text_or_nothing, "search": text_or_nothing, "hash": text_or_nothing,
    "active_tab": text_or_nothing, "active": flag, "is_open": flag,
    "contents": texts, "filename": texts,
    "tapNodeData": tapped, "tapEdgeData": tapped, "cellClicked": object_or_nothing,
    "extent": object_or_nothing, "style": object_or_nothing,
}

def undo_stacks(value: object) -> str | None:
    """A tab's undo store: nothing, or its map id and the revisions it may undo and redo.

    >>> undo_stacks({"map_id": 1, "undo": [7], "redo": []}), undo_stacks({"map_id": 1, "undo": [7]})
    (None, 'nothing or an object with the map id and lists of revisions')
    """
    if value is None:
        return None
    if map_store(value) is None and all(
            isinstance(value.get(stack), list) and all(isinstance(r, int) and not isinstance(r, bool)
                                                       for r in value[stack])
            for stack in ("undo", "redo")):
        return None
    return N_("nothing or an object with the map id and lists of revisions")


def pair(value: object) -> str | None:
    """Two elements to connect: nothing, or an object with a ``source`` and a ``target`` id."""
    if value is None or (isinstance(value, dict) and isinstance(value.get("source"), str)
                         and isinstance(value.get("target"), str)):
        return None
    return N_("nothing or an object with a source and a target")


def moved(value: object) -> str | None:
    """Where elements were dropped: nothing, or ``{"positions": {element id: [x, y]}}``.

    >>> moved({"positions": {"oc-1": [10, 20.5]}}), moved({"positions": 3})
    (None, 'nothing or an object of positions [x, y] by element id')
    """
    if value is None:
        return None
    positions = value.get("positions") if isinstance(value, dict) else 0
    if isinstance(positions, dict | type(None)) and all(
            isinstance(p, list) and len(p) == 2 and all(_is_number(n) for n in p) for p in (positions or {}).values()):
        return None
    return N_("nothing or an object of positions [x, y] by element id")


def _revision(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= NUMBER_MAX


def dropped(value: object) -> str | None:
    """Where elements were dropped, on which map and at which of its revisions: nothing, or
    ``{"positions": {element id: [x, y]}, "map": map id, "at": revision}`` (assets/editor.js).

    >>> dropped({"positions": {"oc-1": [10, 20.5]}, "map": 1, "at": 4}), dropped({"positions": {}, "map": "1"})
    (None, 'nothing or positions [x, y] by element id, with the map id and the revision shown')
    """
    if value is None or (moved(value) is None and map_store({"map_id": value.get("map")}) is None
                         and _revision(value.get("at"))):
        return None
    return N_("nothing or positions [x, y] by element id, with the map id and the revision shown")


def save_ask(value: object) -> str | None:
    """The side panel's Save (assets/editor.js, askSave): the form, the item, the map, the revision the form was
    filled at and the one the canvas shows, and the changed fields, each a plain value or a list of texts.

    >>> ask = {"form": "element", "id": "oc-1", "map": 1, "base": 3, "at": 4, "set": {"label": "A", "tags": "x"}}
    >>> save_ask(ask), save_ask(None), save_ask({**ask, "set": {"label": {"a": 1}}})
    (None, None, 'a Save: the form, the item, the map, its revisions and the changed fields')
    """
    if value is None:
        return None
    if (isinstance(value, dict) and value.get("form") in ("element", "link") and isinstance(value.get("id"), str)
            and map_store({"map_id": value.get("map")}) is None
            and _revision(value.get("base")) and _revision(value.get("at"))
            and text_or_nothing(value.get("language")) is None and isinstance(value.get("set"), dict)
            and all(plain_value(v) is None or chosen_values(v) is None for v in value["set"].values())):
        return None
    return N_("a Save: the form, the item, the map, its revisions and the changed fields")


def objects_by_key(value: object) -> str | None:
    """A store of objects by key (the loops found on a systems map), or nothing."""
    if value is None or (isinstance(value, dict) and all(isinstance(v, dict) for v in value.values())):
        return None
    return N_("an object of objects")


#: Rules for one component's property, where it differs from :data:`PROPERTY_RULES`: multiple
#: choices, and the stores whose shape callbacks rely on (each page's map, refresh counters...).
COMPONENT_RULES: dict[tuple[str, str], Rule] = {
    **{(component, "value"): chosen_values for component in (
        editor_ids.FILTER_KIND, editor_ids.FILTER_PARTNER, editor_ids.FILTER_TAG, editor_ids.EL_ATTACHED,
        ids.AC_ITEMS, ids.LN_ELEMENTS, ids.LN_INDICATORS, ids.HC_START_DIMS)},
    **{(store, "data"): map_store for store in (
        ids.EDITOR_MAP, editor_ids.EDITOR_MAP_SHOWN, ids.AC_MAP, ids.FD_MAP, ids.FW_MAP, ids.HC_MAP, ids.JR_MAP,
        ids.LN_MAP, ids.SETUP_MAP)},
    **{(store, "data"): version for store in (
        ids.AC_VERSION, ids.FD_VERSION, ids.HC_VERSION, ids.JR_VERSION, ids.LN_VERSION, ids.MY_VERSION,
        ids.SW_VERSION, editor_ids.IND_VERSION, editor_ids.EV_DUE, editor_ids.CHECKS_DUE, editor_ids.SYSTEMS_DUE,
        editor_ids.IND_DUE, editor_ids.IND_STYLE_DUE)},
    (editor_ids.SELECTION, "data"): selection,
    (editor_ids.UNDO, "data"): undo_stacks,
    (editor_ids.FOCUS, "data"): chosen_values,
    (editor_ids.MEASURE_STYLE, "data"): list_of_objects,
    (editor_ids.IND_STYLE, "data"): list_of_objects,
    (editor_ids.CONNECT_PAIR, "data"): pair,
    (editor_ids.MOVED, "data"): dropped,
    (editor_ids.SAVE_ASK, "data"): save_ask,
    (editor_ids.LEARNING_DUE, "data"): version,
    ("systems-loops", "data"): objects_by_key,
    ("fields-filter-choices", "value"): chosen_values,
    ("fields-meta", "data"): objects_by_key,
    ("fields-display-style", "data"): list_of_objects,
    ("fields-filter-style", "data"): list_of_objects,
    ("fields-due", "data"): version,
}


class Malformed(ValueError):
    """A callback request that no page of this app would send.

    ``str()`` is the English sentence the log keeps; :meth:`in_language` is the one the reader gets.
    ``expected``, when given, is a description marked with ``N_`` (a rule's answer), translated too.
    """

    def __init__(self, message: str, **values: object):
        super().__init__(message.format(**values))
        self.message, self.values = message, values

    def in_language(self) -> str:
        """The sentence in the reader's language."""
        values = {name: _(value) if name == "expected" else value for name, value in self.values.items()}
        return _(self.message, **values)


def problem(body: object, callback_map: dict) -> str | None:
    """Why this /_dash-update-component body may not reach a callback (None when it may).

    >>> problem([], {})
    'Send a callback call as a JSON object.'
    >>> problem({"output": "x.children", "inputs": [], "state": []}, {})
    'This app has no callback for x.children.'
    """
    try:
        check_body(body, callback_map)
    except Malformed as error:
        return str(error)
    return None


def check_body(body: object, callback_map: dict) -> None:
    """Raise :class:`Malformed` unless the body calls one of the app's callbacks with well-typed values."""
    if not isinstance(body, dict):
        raise Malformed(N_("Send a callback call as a JSON object."))
    output = body.get("output")
    spec = callback_map.get(output) if isinstance(output, str) else None
    if spec is None or not spec.get("callback"):
        raise Malformed(N_("This app has no callback for {output}."), output=str(output)[:80])
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        raise Malformed(N_("changedPropIds must be a list of component properties."))
    outputs = body.get("outputs", [])
    flat = [o for group in (outputs if isinstance(outputs, list) else [outputs])
            for o in (group if isinstance(group, list) else [group])]  # an ALL output is a list of components
    if not all(isinstance(o, dict) for o in flat):
        raise Malformed(N_("outputs must name components and properties."))
    for part in ("inputs", "state"):
        entries = body.get(part, [])
        declared = spec[part]
        if not isinstance(entries, list) or len(entries) != len(declared):
            raise Malformed(N_("The callback for {output} takes {count} {part}."), output=output[:80],
                            count=len(declared), part=part)
        for entry, dependency in zip(entries, declared, strict=True):
            _check_entry(entry, dependency)
    sent = {_prop_id(item) for entry in body["inputs"] for item in (entry if isinstance(entry, list) else [entry])}
    if not set(changed) <= sent:
        raise Malformed(N_("changedPropIds must name inputs of this callback."))
    if not changed and spec.get("prevent_initial_call"):
        raise Malformed(N_("The callback for {output} runs only when one of its inputs changes."), output=output[:80])


def _prop_id(item: dict) -> str:
    """"component.property" as the renderer names a triggering input (a pattern id as sorted compact JSON)."""
    component = item["id"]
    if isinstance(component, dict):
        component = "{" + ",".join(f"{json.dumps(k)}:{json.dumps(component[k])}" for k in sorted(component)) + "}"
    return f"{component}.{item['property']}"


def _check_entry(entry: object, dependency: dict) -> None:
    """One input or state: the declared component and property, with a value of the right type."""
    component, prop = dependency["id"], dependency["property"]
    if component.startswith("{"):  # pattern-matching: one entry (MATCH) or a list of them (ALL)
        pattern_type = json.loads(component).get("type")
        for item in entry if isinstance(entry, list) else [entry]:
            if not (isinstance(item, dict) and isinstance(item.get("id"), dict)
                    and item["id"].get("type") == pattern_type and item.get("property") == prop):
                raise Malformed(N_("Expected {component} components here."), component=f"{pattern_type}.{prop}")
            _check_pattern_id(item["id"], pattern_type)
            _check_value(item.get("value"), pattern_type, prop)
        return
    if not (isinstance(entry, dict) and entry.get("id") == component and entry.get("property") == prop):
        raise Malformed(N_("Expected {component} here."), component=f"{component}.{prop}")
    _check_value(entry.get("value"), component, prop)


#: Keys of pattern-matching ids that always hold a whole number (a revision, a row, a thread, a map...).
WHOLE_NUMBER_KEYS = frozenset({"revision", "row", "thread", "card", "map", "index", "decision"})


def _check_pattern_id(component: dict, pattern_type: str) -> None:
    """A pattern-matching id names its component by text or whole numbers (ids, rows, revisions).

    >>> _check_pattern_id({"type": "history-entry", "revision": 3}, "history-entry")
    >>> _check_pattern_id({"type": "history-entry", "revision": "3"}, "history-entry")
    Traceback (most recent call last):
    ...
    tocmap.ui.callback_inputs.Malformed: history-entry ids hold a whole number as revision.
    """
    for key, value in component.items():
        whole = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= NUMBER_MAX
        if key in WHOLE_NUMBER_KEYS and not whole:
            raise Malformed(N_("{kind} ids hold a whole number as {key}."), kind=pattern_type, key=key)
        if not (whole or isinstance(value, str)):
            raise Malformed(N_("{kind} ids hold text or whole numbers."), kind=pattern_type)


def _check_value(value: object, component: str, prop: str) -> None:
    rule = COMPONENT_RULES.get((component, prop)) or PROPERTY_RULES.get(prop)
    expected = rule(value) if rule else None
    if expected:
        raise Malformed(N_("{component} must be {expected}."), component=f"{component}.{prop}", expected=expected)
    if not _within_bounds(value, DEPTH_MAX):
        raise Malformed(N_("{component} holds a number beyond ±2**53 or nests deeper than {depth}."),
                        component=f"{component}.{prop}", depth=DEPTH_MAX)


def _within_bounds(value: object, depth: int) -> bool:
    """Whether every number in the value is within ±2**53, and it nests no deeper than ``depth``.

    >>> _within_bounds([1, {"a": 2**53}], 3), _within_bounds(10**20, 3), _within_bounds([[[]]], 2)
    (True, False, False)
    """
    if _is_number(value):
        return abs(value) <= NUMBER_MAX
    if isinstance(value, list | dict):
        if depth <= 0:
            return False
        items = value.values() if isinstance(value, dict) else value
        return all(_within_bounds(v, depth - 1) for v in items)
    return True


def _with_initial_calls(app) -> dict:
    """The app's callback map, each entry also saying whether it runs when the page loads."""
    if getattr(app, "_tocmap_checked_map", (None, 0))[1] != len(app.callback_map):
        prevented = {c["output"]: bool(c.get("prevent_initial_call")) for c in app._callback_list}
        checked = {key: {**spec, "prevent_initial_call": prevented.get(key, False)}
                   for key, spec in app.callback_map.items()}
        app._tocmap_checked_map = (checked, len(app.callback_map))
    return app._tocmap_checked_map[0]


def install(app) -> None:
    """Check every callback call before Dash reads it (see the module's docstring)."""

    @app.server.before_request
    def guard_callbacks():
        if request.path != "/_dash-update-component" or request.method != "POST":
            return None
        try:
            check_body(request.get_json(silent=True), _with_initial_calls(app))
        except Malformed as error:
            logs.refusal(str(error))
            return jsonify(message=_("Refused: {problem} Reload the page and try again.",
                                     problem=error.in_language())), 400
        return None
