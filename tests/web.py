"""Signing in from tests: a Flask test client with a session and the CSRF header."""

from __future__ import annotations

import json
import re

ADMIN_EMAIL = "admin@tocmap.test"
ADMIN_PASSWORD = "a long test password"


def csrf_from(client) -> str:
    """The CSRF token the server set as a cookie."""
    cookie = client.get_cookie("_csrf_token")
    if cookie is None:
        page = client.get("/signin").get_data(as_text=True)
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return cookie.value


def sign_in(client, email: str = ADMIN_EMAIL, password: str = ADMIN_PASSWORD):
    """Sign the client in and make it send the CSRF header, as the Dash renderer does."""
    token = csrf_from(client)
    response = client.post("/signin", data={"email": email, "password": password, "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    client.environ_base["HTTP_X_CSRFTOKEN"] = csrf_from(client)
    return client


def signed_in(app, email: str = ADMIN_EMAIL, password: str = ADMIN_PASSWORD):
    """A new test client of a Dash app, signed in."""
    return sign_in(app.server.test_client(), email, password)


def post_callback(client, app, callback: str, changed: list[str], values: dict,
                  patterns: dict | None = None) -> tuple[int, str]:
    """POST the callback whose function is named ``callback`` as the Dash renderer would.

    ``values`` maps "id.property" to the value of each plain input and state;
    ``patterns`` maps a pattern-matching id's type to its components as [(id dict, value)].
    ``changed`` lists the "id.property" that triggered it. Returns the status and the body.
    """
    key, spec = next((k, s) for k, s in app.callback_map.items()
                     if getattr(s.get("callback"), "__name__", None) == callback)
    parts = key[2:-2].split("...") if key.startswith("..") else [key]
    outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in parts]

    def entry(dependency):
        component, prop = dependency["id"], dependency["property"]
        if component.startswith("{"):
            kind = json.loads(component)["type"]
            return [{"id": i, "property": prop, "value": v} for i, v in (patterns or {}).get(kind, [])]
        return {"id": component, "property": prop, "value": values.get(f"{component}.{prop}")}

    body = {"output": key, "outputs": outputs if key.startswith("..") else outputs[0],
            "inputs": [entry(d) for d in spec["inputs"]], "state": [entry(d) for d in spec["state"]],
            "changedPropIds": changed}
    response = client.post("/_dash-update-component", json=body)
    return response.status_code, response.get_data(as_text=True)


def example_app(tmp_path):
    """A fresh app on a SQLite file in ``tmp_path``, with the administrator and the worked example as map 1."""
    from tocmap.app import create_app
    from tocmap.settings import load_settings

    return create_app(load_settings(database_url=f"sqlite:///{tmp_path / 'tocmap.db'}", load_example=True,
                                    admin_email=ADMIN_EMAIL, admin_password=ADMIN_PASSWORD))


def shown_text(body: str) -> str:
    """Every string in a callback's JSON response, one per line: parsed, so it reads the same
    whichever JSON encoder the server uses (orjson keeps “quotes”, the standard library escapes them)."""
    strings: list[str] = []

    def collect(value) -> None:
        if isinstance(value, str):
            strings.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    collect(json.loads(body))
    return "\n".join(strings)
