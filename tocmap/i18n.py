"""The interface in each reader's language: gettext catalogues read with Babel, one locale per request.

Every text a person reads is written in English in the code and marked for translation:

- ``_("Saved {label}", label=...)`` translates now, in the reader's language, then fills the
  ``{placeholders}`` (so a translator can move them);
- ``ngettext("{n} element", "{n} elements", n)`` chooses the plural form of that language;
- ``N_("Saved")`` only marks a text kept in a module-level constant: call ``_(CONSTANT)`` where it
  is shown, so each request reads it in its own language;
- ``pgettext("verb", "Open")`` (and ``npgettext``) translate a word whose English has two meanings,
  each meaning under its own context: "Open" a map is "Ouvrir", an open action is "Ouverte".

The catalogues are the ``.po`` files under ``tocmap/locales/<language>/LC_MESSAGES/``; every file of
a language is read and merged, so each part of the app keeps its own file. An operator can offer
another language by pointing ``TOCMAP_LOCALES_DIR`` at a folder laid out the same way. ``pybabel``
extracts the marked texts (``babel.cfg``); a test fails when a shipped language misses one.

The reader's language lives in a context variable that each request sets (see
:mod:`tocmap.ui.language`); outside a request it is English. This module imports nothing of ours,
so every ring may use it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError, dates, numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

#: The language the code is written in.
SOURCE = "en"
#: The languages tocmap ships complete (a test checks every marked text is translated in each).
SHIPPED = ("en", "fr", "es")
#: Where the shipped catalogues live.
LOCALES = Path(__file__).resolve().parent / "locales"

_current: ContextVar[str] = ContextVar("tocmap_language", default=SOURCE)
_extra_dirs: list[Path] = []
_TAG = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$")


# --------------------------------------------------------------------------- which language


def add_catalogues(folder: str | Path) -> None:
    """Offer the languages in ``folder`` too (``<language>/LC_MESSAGES/*.po``), after the shipped ones."""
    path = Path(folder)
    if not path.is_dir():
        raise FileNotFoundError(f"No catalogue folder at {path}")
    if path not in _extra_dirs:
        _extra_dirs.append(path)
        _translations.cache_clear()
        available.cache_clear()


def remove_catalogues(folder: str | Path) -> None:
    """Stop offering what :func:`add_catalogues` added from ``folder``."""
    if Path(folder) in _extra_dirs:
        _extra_dirs.remove(Path(folder))
        _translations.cache_clear()
        available.cache_clear()


@cache
def available() -> dict[str, str]:
    """Every language a reader can choose, as code → its own name ("fr" → "français").

    Examples
    --------
    >>> {code: available()[code] for code in SHIPPED}
    {'en': 'English', 'fr': 'français', 'es': 'español'}
    """
    codes = list(SHIPPED)
    for folder in _extra_dirs:
        codes += sorted(p.name for p in folder.iterdir() if (p / "LC_MESSAGES").is_dir() and p.name not in codes)
    return {code: _own_name(code) for code in codes}


def _own_name(code: str) -> str:
    try:
        return Locale.parse(code).get_display_name(code) or code
    except (ValueError, UnknownLocaleError):
        return code


def current() -> str:
    """The reader's language code (English outside a request)."""
    return _current.get()


def choose(preferred: str | None, accepted: list[tuple[str, float]] | None = None) -> str:
    """The language to show: the reader's choice, else the browser's best offered match, else English.

    ``accepted`` is the Accept-Language list as (tag, quality), best first.

    Examples
    --------
    >>> choose("fr")
    'fr'
    >>> choose("", [("de-CH", 1.0), ("es-MX", 0.8), ("en", 0.5)])
    'es'
    >>> choose("xx", [("de", 1.0)])
    'en'
    """
    offered = available()
    for tag in [preferred or "", *(tag for tag, _quality in accepted or [])]:
        tag = tag.replace("_", "-")
        for candidate in (tag, tag.split("-")[0].lower()):
            if candidate in offered:
                return candidate
    return SOURCE


def set_current(code: str):
    """Make ``code`` the language of this context; returns the token :func:`reset` takes."""
    return _current.set(code if code in available() else SOURCE)


def reset(token) -> None:
    """Go back to the language before :func:`set_current`."""
    _current.reset(token)


@contextmanager
def using(code: str) -> Iterator[str]:
    """Run a block in ``code`` (an export in the language asked for, a test).

    Examples
    --------
    >>> with using("fr"):
    ...     current()
    'fr'
    >>> current()
    'en'
    """
    token = set_current(code)
    try:
        yield current()
    finally:
        reset(token)


def direction(code: str | None = None) -> str:
    """``"rtl"`` for a language written right to left, else ``"ltr"``.

    Examples
    --------
    >>> direction("ar"), direction("fr")
    ('rtl', 'ltr')
    """
    try:
        order = Locale.parse(code or current()).character_order
    except (ValueError, UnknownLocaleError):
        return "ltr"
    return "rtl" if order == "right-to-left" else "ltr"


# --------------------------------------------------------------------------- translating


def _(message: str, /, **values: object) -> str:
    """``message`` in the reader's language, its ``{placeholders}`` filled from ``values``.

    Examples
    --------
    >>> _("Saved {label}", label="Better data")
    'Saved Better data'
    """
    return _filled(_translations(current()).gettext(message), message, values)


def ngettext(singular: str, plural: str, n: int, /, **values: object) -> str:
    """The form of ``singular``/``plural`` for ``n`` in the reader's language; ``{n}`` is filled too.

    Examples
    --------
    >>> ngettext("{n} element", "{n} elements", 1), ngettext("{n} element", "{n} elements", 3)
    ('1 element', '3 elements')
    """
    text = _translations(current()).ngettext(singular, plural, n)
    return _filled(text, singular if n == 1 else plural, {"n": n, **values})


def pgettext(context: str, message: str, /, **values: object) -> str:
    """``message`` in the reader's language as meant in ``context``, for an English word with two meanings.

    The catalogues hold the contexted text as a ``msgctxt`` entry; without one, the English is shown.

    Examples
    --------
    >>> pgettext("verb", "Open")
    'Open'
    >>> with using("fr"):
    ...     pgettext("verb", "Open"), _("Open")
    ('Ouvrir', 'Ouverte')
    """
    return _filled(_translations(current()).pgettext(context, message), message, values)


def npgettext(context: str, singular: str, plural: str, n: int, /, **values: object) -> str:
    """The form of ``singular``/``plural`` for ``n`` as meant in ``context``; ``{n}`` is filled too."""
    text = _translations(current()).npgettext(context, singular, plural, n)
    return _filled(text, singular if n == 1 else plural, {"n": n, **values})


def sentence(clause: str) -> str:
    """A translated clause made a sentence of its own: a capital first letter and a full stop.

    Examples
    --------
    >>> sentence("le libellé est obligatoire")
    'Le libellé est obligatoire.'
    """
    return clause[:1].upper() + clause[1:] + ("" if clause.endswith((".", "?", "!")) else ".")


def N_(message: str, /) -> str:
    """Mark ``message`` for translation without translating it (module-level constants)."""
    return message


def _filled(text: str, source: str, values: dict[str, object]) -> str:
    if not values:
        return text
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):  # a translation that broke its placeholders: show the source
        return source.format(**values)


@cache
def _translations(code: str) -> NullTranslations:
    """Every catalogue of ``code``, merged; nothing for English or an unknown language."""
    if code == SOURCE or not _TAG.match(code):
        return NullTranslations()
    merged: Translations | None = None
    for folder in [LOCALES, *_extra_dirs]:
        for po in sorted((folder / code / "LC_MESSAGES").glob("*.po")):
            part = _compiled(po, code)
            merged = part if merged is None else merged.merge(part)
    return merged or NullTranslations()


def _compiled(po: Path, code: str) -> Translations:
    with po.open("rb") as source:
        catalogue = read_po(source, locale=code)
    binary = io.BytesIO()
    write_mo(binary, catalogue)  # fuzzy entries are left out
    binary.seek(0)
    return Translations(binary)


# --------------------------------------------------------------------------- dates and numbers


def format_date(value: dt.date | dt.datetime, form: str = "medium") -> str:
    """A date as the reader writes it ("5 Dec 2026", "5 déc. 2026").

    Examples
    --------
    >>> with using("fr"):
    ...     format_date(dt.date(2026, 12, 5))
    '5 déc. 2026'
    """
    return dates.format_date(value, form, locale=current())


def format_datetime(value: dt.datetime, form: str = "medium") -> str:
    """A moment as the reader writes it."""
    return dates.format_datetime(value, form, locale=current())


def format_number(value: float, decimals: int | None = None) -> str:
    """A number with the reader's separators ("1,234.5", "1 234,5").

    Examples
    --------
    >>> with using("es"):
    ...     format_number(12345.5)
    '12.345,5'
    """
    pattern = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    return numbers.format_decimal(value, format=pattern, locale=current())


def format_percent(share: float) -> str:
    """A share (0.25) as a percentage in the reader's writing ("25 %", "25%")."""
    return numbers.format_percent(share, locale=current())
