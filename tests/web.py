"""Signing in from tests: a Flask test client with a session and the CSRF header."""

from __future__ import annotations

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
