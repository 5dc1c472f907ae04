"""Each request in its reader's language: their account's choice, else their browser's, else English.

The page frame says which language it is in and which way it is written (``<html lang dir>``),
so screen readers pronounce it and a right-to-left language lays out from the right, canvas labels
included.
"""

from __future__ import annotations

import dash
from flask import Flask, g, request
from flask_login import current_user

from tocmap import i18n


def install(app: dash.Dash) -> None:
    """Set the reader's language for every request, and write it into the page frame."""
    server: Flask = app.server

    @server.before_request
    def read_language():
        g.language_token = i18n.set_current(i18n.choose(_chosen(), list(request.accept_languages)))

    @server.teardown_request
    def forget_language(_error=None):
        token = g.pop("language_token", None)
        if token is not None:
            i18n.reset(token)

    plain = app.interpolate_index

    def interpolate_index(**kwargs):
        return in_language(plain(**kwargs))

    app.interpolate_index = interpolate_index


def _chosen() -> str:
    """The signed-in reader's chosen language, if any."""
    if current_user is not None and current_user.is_authenticated:
        return current_user.user.language or ""
    return ""


def html_attributes() -> str:
    """``lang`` and ``dir`` of the current reader's page.

    Examples
    --------
    >>> html_attributes()
    'lang="en" dir="ltr"'
    """
    return f'lang="{i18n.current()}" dir="{i18n.direction()}"'


def in_language(page: str) -> str:
    """The page with its ``<html>`` tag saying the reader's language and direction.

    Examples
    --------
    >>> in_language('<!DOCTYPE html><html lang="en"><head>')
    '<!DOCTYPE html><html lang="en" dir="ltr"><head>'
    """
    return page.replace('<html lang="en">', f"<html {html_attributes()}>", 1)
