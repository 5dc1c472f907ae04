"""Plain text at the domain's edge: what characters any text a partnership writes may hold.

Every text field of every domain model passes through :func:`checked` (see
``tocmap.domain.model.Strict``): control characters other than tab and newline, DEL,
lone surrogates and the non-characters U+FFFE and U+FFFF are refused, naming the field;
Windows (CRLF) and old Mac (CR) line ends become LF. Text read back from storage was
accepted by an earlier version that may not have refused them: inside
:func:`reading_stored_text` such characters are dropped instead of refused, so that
old data still opens and exports.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import re
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from tocmap.domain.field_names import field_name
from tocmap.i18n import _

T = TypeVar("T")

#: Characters no text may hold: C0 controls but tab and newline (CR is turned into a
#: newline first), DEL, C1 controls, lone surrogates, U+FFFE and U+FFFF.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

_STORED: contextvars.ContextVar[bool] = contextvars.ContextVar("tocmap_reading_stored_text", default=False)


def character_name(char: str) -> str:
    """How a forbidden character is named in a message.

    Examples
    --------
    >>> character_name("\\x00"), character_name("\\x7f"), character_name("\\ud800")
    ('U+0000 (NUL)', 'U+007F (DEL)', 'U+D800')
    """
    names = {0: "NUL", 0x7F: "DEL", 0x1B: "ESC", 0x0B: "vertical tab", 0x0C: "form feed", 0x08: "backspace"}
    code = ord(char)
    extra = f" ({names[code]})" if code in names else ""
    return f"U+{code:04X}{extra}"


def text_problem(value: str) -> str | None:
    """Why a text cannot be kept as it is, or None when it can.

    Examples
    --------
    >>> text_problem("Tab\\tand\\nnewline are fine") is None
    True
    >>> text_problem("nul\\x00here")
    'contains the control character U+0000 (NUL) at position 4'
    """
    found = FORBIDDEN.search(value)
    if found is None:
        return None
    return _("contains the control character {name} at position {n}", name=character_name(found.group()),
             n=found.start() + 1)


def normalised_newlines(value: str) -> str:
    r"""The text with CRLF and lone CR line ends turned into LF.

    Examples
    --------
    >>> normalised_newlines("a\r\nb\rc\n")
    'a\nb\nc\n'
    """
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


def printable(value: str) -> str:
    r"""The text with line ends normalised and every forbidden character dropped (for old data).

    Examples
    --------
    >>> printable("Be\x00tter\r\ndata\x7f")
    'Better\ndata'
    """
    value = normalised_newlines(value)
    return FORBIDDEN.sub("", value) if FORBIDDEN.search(value) else value


def checked_text(value: str, field: str) -> str:
    """A text with line ends normalised, refused (``ValueError`` naming ``field``) when it holds a forbidden character.

    Inside :func:`reading_stored_text` the character is dropped instead.

    Examples
    --------
    >>> checked_text("one\\r\\ntwo", "description")
    'one\\ntwo'
    >>> checked_text("bad\\x1b[31m", "label")
    Traceback (most recent call last):
    ...
    ValueError: label contains the control character U+001B (ESC) at position 4
    """
    value = normalised_newlines(value)
    problem = text_problem(value)
    if problem is None:
        return value
    if _STORED.get():
        return FORBIDDEN.sub("", value)
    raise ValueError(_("{field} {problem}", field=field_name(field), problem=problem))


def checked(value: Any, field: str) -> Any:
    """Any field's raw value with every text in it checked (inside lists, tuples, sets and dict keys and values).

    A text in a dict is named by its key (the field an update sets). Other values (numbers,
    dates) are returned as they are, and so are nested models and the dicts that stand for
    them: they check their own fields.

    Examples
    --------
    >>> checked({"a\\r\\nb": ["x", 1]}, "custom")
    {'a\\nb': ['x', 1]}
    >>> checked({"label": "no\\x00"}, "set")
    Traceback (most recent call last):
    ...
    ValueError: label contains the control character U+0000 (NUL) at position 3
    >>> checked(["fine", "no\\x00"], "tags")
    Traceback (most recent call last):
    ...
    ValueError: tags contains the control character U+0000 (NUL) at position 3
    """
    kind = type(value)
    if kind is str:
        return value if _plain(value) else checked_text(value, field)
    if kind is list or kind is tuple or kind is set or kind is frozenset:
        if not value or _plain_texts(value):
            return value
        return kind(v if type(v) is dict else checked(v, field) for v in value)
    if kind is dict:
        return {checked(k, field): v if type(v) is dict else checked(v, k if type(k) is str else field)
                for k, v in value.items()}
    return value


def _plain(value: str) -> bool:
    """Whether a text needs nothing done: no CR, no forbidden character (nearly every text; checked at C speed)."""
    return "\r" not in value and FORBIDDEN.search(value) is None


def _plain_texts(values: Any) -> bool:
    """Whether a collection holds only texts that need nothing done (tags, partner ids)."""
    try:
        return _plain("\n".join(values))
    except TypeError:  # not only texts
        return False


@contextlib.contextmanager
def reading_stored_text() -> Iterator[None]:
    """Within this block, forbidden characters in text are dropped rather than refused.

    For reading what storage holds: it was accepted once and must still open and export.

    Examples
    --------
    >>> with reading_stored_text():
    ...     checked_text("old\\x00label", "label")
    'oldlabel'
    """
    token = _STORED.set(True)
    try:
        yield
    finally:
        _STORED.reset(token)


def from_storage(read: Callable[..., T]) -> Callable[..., T]:
    """Decorate a function that builds models from stored rows: it reads inside :func:`reading_stored_text`.

    Examples
    --------
    >>> @from_storage
    ... def label(row):
    ...     return checked_text(row, "label")
    >>> label("old\\x07bell")
    'oldbell'
    """

    @functools.wraps(read)
    def reading(*args, **kwargs):
        with reading_stored_text():
            return read(*args, **kwargs)

    return reading
