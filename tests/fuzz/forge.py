"""Forged requests for the fuzz tests: random JSON values, callback bodies, and the database's fingerprint."""

from __future__ import annotations

import json
import os

from hypothesis import strategies as st
from sqlalchemy import inspect, text

#: Numbers a client may send: small ones, the edges of what JavaScript holds exactly, and far beyond.
NUMBERS = st.one_of(st.integers(-3, 3), st.sampled_from([2**53, -(2**53), 10**20, -(10**20), 2**64]),
                    st.floats(allow_nan=False, allow_infinity=False))
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, st.text(max_size=12), st.sampled_from(["", "1", "moh", "x" * 300]))
#: Any JSON value, nested a little.
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                         max_size=3), max_leaves=6)


#: Random values of the type each property carries (the callbacks must cope with any of them).
WELL_TYPED = {
    "n_clicks": st.none() | st.integers(0, 5), "n_submit": st.none() | st.integers(0, 5),
    "value": st.none() | st.text(max_size=12) | st.sampled_from(["", "oc-1", "moh", "1", "2026-01-01"]),
    "active_tab": st.none() | st.text(max_size=8), "active": st.none() | st.booleans(),
    "data": st.none() | st.dictionaries(st.sampled_from(["map_id", "id", "type", "revision"]), SCALARS, max_size=3),
}


def _wildcard_free(dependency_id: str, draw_value) -> dict:
    """A concrete id for a pattern-matching dependency: its fixed keys, and random values for its wildcards."""
    pattern = json.loads(dependency_id)
    return {k: (draw_value() if isinstance(v, list) else v) for k, v in pattern.items()}


@st.composite
def callback_body(draw, key: str, spec: dict, plausible: dict) -> dict:
    """A /_dash-update-component body for one callback, every input and state a random JSON value
    (or, half of the time, a plausible one from ``plausible``: "id.property" -> value)."""
    parts = key[2:-2].split("...") if key.startswith("..") else [key]

    def ident(component: str):
        return _wildcard_free(component, lambda: draw(st.integers(0, 3) | st.text(max_size=4))) \
            if component.startswith("{") else component

    def output(part: str):
        component, prop = part.rsplit(".", 1)
        if component.startswith("{") and ('["ALL"]' in component or '["ALLSMALLER"]' in component):
            return [{"id": ident(component), "property": prop} for _ in range(draw(st.integers(0, 2)))]
        return {"id": ident(component), "property": prop}  # a wildcard (ALL) output is a list, as the renderer sends

    outputs = [output(p) for p in parts]

    def value(name: str):
        prop = name.rsplit(".", 1)[1]
        choice = draw(st.integers(0, 2))
        if choice == 0 and name in plausible:
            return plausible[name]
        if choice == 1 and prop in WELL_TYPED:  # the right type, so that the call reaches the callback itself
            return draw(WELL_TYPED[prop])
        return draw(JSON)

    def entry(dependency):
        component, prop = dependency["id"], dependency["property"]
        if component.startswith("{"):
            return [{"id": ident(component), "property": prop, "value": value(f"{component}.{prop}")}
                    for _ in range(draw(st.integers(0, 2)))]
        return {"id": component, "property": prop, "value": value(f"{component}.{prop}")}

    inputs = [entry(d) for d in spec["inputs"]]
    changed = [f"{json.dumps(i['id'], sort_keys=True, separators=(',', ':')) if isinstance(i['id'], dict) else i['id']}"
               f".{i['property']}" for i in (x for e in inputs for x in (e if isinstance(e, list) else [e]))]
    return {"output": key, "outputs": outputs if key.startswith("..") else outputs[0], "inputs": inputs,
            "state": [entry(d) for d in spec["state"]],
            "changedPropIds": draw(st.lists(st.sampled_from(changed), min_size=1, max_size=1)) if changed else []}


def fingerprint(db) -> dict:
    """How many rows each table holds, and every map's revision: what a refused request must leave as it was."""
    with db.engine.connect() as connection:
        tables = sorted(inspect(connection).get_table_names())
        found = {t: connection.execute(text(f'select count(*) from "{t}"')).scalar() for t in tables
                 if t not in ("refusals", "sessions", "rate_limits")}
        found["revisions"] = connection.execute(text("select id, revision from maps order by id")).all()
    return found


def app_for_fuzzing(path):
    """The app with the worked example, built so that rate limits never answer the fuzz instead of the app:
    the API's limit is off while the app is built (TOCMAP_LIMIT_API empty means none; the environment is
    restored afterwards), and any limiter the app installed is switched off."""
    from tests.web import example_app

    saved = os.environ.get("TOCMAP_LIMIT_API")
    os.environ["TOCMAP_LIMIT_API"] = ""
    try:
        app = example_app(path)
    finally:
        if saved is None:
            os.environ.pop("TOCMAP_LIMIT_API", None)
        else:
            os.environ["TOCMAP_LIMIT_API"] = saved
    limiters = app.server.extensions.get("limiter") or ()
    for limiter in limiters if isinstance(limiters, set | list | tuple) else [limiters]:
        limiter.enabled = False
    return app


def facts_of_an_app(read):
    """What ``read(app)`` finds in a freshly built app (for parametrizing tests at collection time)."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        app = app_for_fuzzing(Path(folder))
        try:
            return read(app)
        finally:
            app.tocmap_db.dispose()
