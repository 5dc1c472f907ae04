"""Each request in its reader's language: their account's choice, else their browser's, else English.

The page frame says which language it is in and which way it is written (``<html lang dir>``),
so screen readers pronounce it and a right-to-left language lays out from the right, canvas labels
included. It also hands the scripts in ``assets/`` their texts in the reader's language
(``window.tocmapWords``): a script marks a text with ``_("...")`` (``var _ = window.tocmapSays``),
which looks it up there and fills its ``{placeholders}``.

The plain pages built from Jinja templates (sign-in, account, administration) translate with
:func:`marked_up`, which escapes the translation and every value it is filled with.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import dash
from flask import Flask, g, request
from flask_login import current_user
from markupsafe import Markup, escape

from tocmap import i18n
from tocmap.resources import assets_dir

#: How a script in assets/ marks a text: ``_("...")`` (babel.cfg extracts the same calls).
SCRIPT_TEXT = re.compile(r'(?<![\w.$])_\(\s*"((?:[^"\\\n]|\\.)*)"\s*[,)]')
#: The scripts' ``_(text, values)``: the reader's words for ``text``, its ``{placeholders}`` filled from ``values``.
SAYS = ("function (text, values) { var words = window.tocmapWords, shown = Object.prototype.hasOwnProperty"
        ".call(words, text) ? words[text] : text; return shown.replace(/\\{(\\w+)\\}/g, function (all, name) "
        "{ return values && name in values ? String(values[name]) : all; }); }")


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
        kwargs["scripts"] = words_script() + kwargs.get("scripts", "")
        return in_language(plain(**kwargs))

    app.interpolate_index = interpolate_index


def _chosen() -> str:
    """The signed-in reader's chosen language, if any."""
    if current_user is not None and current_user.is_authenticated:
        return current_user.user.language or ""
    return ""


def html_attributes() -> Markup:
    """``lang`` and ``dir`` of the current reader's page.

    Examples
    --------
    >>> html_attributes()
    Markup('lang="en" dir="ltr"')
    """
    return Markup('lang="{}" dir="{}"').format(i18n.current(), i18n.direction())


def in_language(page: str) -> str:
    """The page with its ``<html>`` tag saying the reader's language and direction.

    Examples
    --------
    >>> in_language('<!DOCTYPE html><html lang="en"><head>')
    '<!DOCTYPE html><html lang="en" dir="ltr"><head>'
    """
    return page.replace('<html lang="en">', f"<html {html_attributes()}>", 1)


def own_names() -> dict[str, str]:
    """Every language a reader can choose, in its own name, as a menu shows it ("fr" → "Français").

    Examples
    --------
    >>> own_names()["es"]
    'Español'
    """
    return {code: name[:1].upper() + name[1:] for code, name in i18n.available().items()}


# --------------------------------------------------------------------------- the scripts' texts


@cache
def script_texts(folder: Path | None = None) -> tuple[str, ...]:
    """Every text the scripts in ``folder`` (the app's assets) mark with ``_("...")``, as written there."""
    found: dict[str, None] = {}
    for script in sorted((folder or assets_dir()).glob("*.js")):
        for match in SCRIPT_TEXT.finditer(script.read_text(encoding="utf-8")):
            found[json.loads(f'"{match.group(1)}"')] = None
    return tuple(found)


def script_words() -> dict[str, str]:
    """The scripts' texts that read differently in the reader's language: source → translation."""
    translated = {text: i18n._(text) for text in script_texts()}
    return {text: words for text, words in translated.items() if words != text}


def words_script() -> str:
    """The ``<script>`` that gives the page's scripts their words (``window.tocmapWords``) and the function
    they look them up with (``window.tocmapSays``).

    Examples
    --------
    >>> words_script().startswith("<script>window.tocmapWords = {};")  # English: the scripts' own texts
    True
    """
    words = json.dumps(script_words(), ensure_ascii=False).replace("</", "<\\/")
    return f"<script>window.tocmapWords = {words}; window.tocmapSays = {SAYS};</script>"


# --------------------------------------------------------------------------- the plain pages' texts


def marked_up(message: str, /, **values: object) -> Markup:
    """``message`` in the reader's language as safe HTML, its ``{placeholders}`` filled with escaped values
    (a value that is already :class:`~markupsafe.Markup`, such as :func:`bold`, is kept as it is).

    Examples
    --------
    >>> str(marked_up("Hello {name}", name="<Ada>"))
    'Hello &lt;Ada&gt;'
    >>> str(marked_up("You join {map}.", map=bold("R&D")))
    'You join <strong>R&amp;D</strong>.'
    """
    text = escape(i18n._(message))
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):  # a translation that broke its placeholders: show the source
        return escape(message).format(**values)


def bold(text: str) -> Markup:
    """``text`` in bold, escaped, to fill a placeholder of :func:`marked_up`."""
    return Markup("<strong>{}</strong>").format(text)


def anchor(href: str, text: str) -> Markup:
    """A link, escaped, to fill a placeholder of :func:`marked_up`."""
    return Markup('<a href="{}">{}</a>').format(href, text)
