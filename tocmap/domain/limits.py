"""How big a map, an import, an upload and a JSON body may be: the limits and the pure rules.

The numbers are settings (``TOCMAP_MAX_...``, see :mod:`tocmap.settings`); the services
apply them, so the app, the API and the command line obey the same ones. Each rule returns
a sentence for the user, or None when the thing fits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tocmap.i18n import N_, _, format_number, ngettext

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The limits of one instance (defaults: a national programme's systems map, with room to spare)."""

    #: Elements and links one map may hold.
    elements: int = 20_000
    links: int = 50_000
    #: Elements and links one imported file may bring.
    import_elements: int = 20_000
    import_links: int = 50_000
    #: Bytes of one uploaded or imported file.
    upload_bytes: int = 20 * MB
    #: How deeply arrays and objects may nest in a JSON request body.
    json_depth: int = 32

    @property
    def request_bytes(self) -> int:
        """Bytes a request may carry: an upload as the browser sends it (base64, a third larger), and a margin."""
        return self.upload_bytes * 4 // 3 + MB


def map_size_problem(elements: int, links: int, limits: Limits, was: tuple[int, int] = (0, 0)) -> str | None:
    """Why a map of this size cannot be kept, or None when it can.

    A map may not grow past a limit; one already past it (a limit lowered later) may still shrink.

    Examples
    --------
    >>> small = Limits(elements=3, links=5)
    >>> map_size_problem(4, 0, small)
    'A map may hold at most 3 elements; this change would leave it with 4.'
    >>> map_size_problem(4, 0, small, was=(5, 0)) is None
    True
    """
    for count, before, limit, said in (
            (elements, was[0], limits.elements, N_("A map may hold at most {limit} elements; this change would leave "
                                                   "it with {count}.")),
            (links, was[1], limits.links, N_("A map may hold at most {limit} links; this change would leave it with "
                                             "{count}."))):
        if count > limit and count > before:
            return _(said, limit=format_number(limit), count=format_number(count))
    return None


def import_size_problem(elements: int, links: int, limits: Limits) -> str | None:
    """Why a file with this many elements and links cannot be imported, or None when it can.

    Examples
    --------
    >>> import_size_problem(10, 60_000, Limits())
    'The file has 60,000 links; one import may bring at most 50,000.'
    """
    for count, limit, said in (
            (elements, limits.import_elements, N_("The file has {count} elements; one import may bring at most {limit}.")),
            (links, limits.import_links, N_("The file has {count} links; one import may bring at most {limit}."))):
        if count > limit:
            return _(said, count=format_number(count), limit=format_number(limit))
    return None


def upload_size_problem(size: int, limits: Limits, name: str = "") -> str | None:
    """Why a file of ``size`` bytes cannot be uploaded, or None when it can.

    Examples
    --------
    >>> upload_size_problem(25 * MB, Limits(), "plan.xlsx")
    'plan.xlsx is 25 MB; files of up to 20 MB can be imported.'
    """
    if size <= limits.upload_bytes:
        return None
    return _("{name} is {size}; files of up to {limit} can be imported.", name=name or _("The file"),
             size=size_words(size), limit=size_words(limits.upload_bytes))


def size_words(size: int) -> str:
    """A number of bytes as people read it.

    Examples
    --------
    >>> size_words(20 * MB), size_words(1536), size_words(10)
    ('20 MB', '1.5 KB', '10 bytes')
    """
    if size >= MB:
        return _("{n} MB", n=format_number(round(size / MB, 1)))
    if size >= 1024:
        return _("{n} KB", n=format_number(round(size / 1024, 1)))
    return ngettext("{n} byte", "{n} bytes", size)


def json_depth(value: Any, stop_after: int | None = None) -> int:
    """How deeply arrays and objects nest in a parsed JSON value (a scalar is 0), counted without recursion.

    ``stop_after`` ends the count as soon as that depth is passed.

    Examples
    --------
    >>> json_depth({"a": [1, {"b": []}]}), json_depth("text")
    (4, 0)
    """
    deepest = 0
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            if stop_after is not None and deepest > stop_after:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            pending.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


def json_depth_problem(value: Any, limits: Limits) -> str | None:
    """Why a JSON body nests too deeply, or None when it does not.

    Examples
    --------
    >>> json_depth_problem([[[[]]]], Limits(json_depth=3))
    'The JSON body nests arrays and objects more than 3 deep.'
    """
    if json_depth(value, stop_after=limits.json_depth) > limits.json_depth:
        return f"The JSON body nests arrays and objects more than {limits.json_depth} deep."
    return None
