"""Kumu's view code (its Advanced Editor's CSS-like markup): what sizes and colours elements, read and written.

Kumu keeps a view's decorations as code such as::

    @settings {
      element-size: scale("Budget", 10, 50);
      element-color: categorize("Priority");
    }

or the same as ``size`` and ``color`` in an ``element { ... }`` block, and what a view shows
as ``include: <selectors>;`` (the rest hidden) or ``showcase: <selectors>;`` (the rest faded).
tocmap reads the field named by the two decoration rules and the simple selectors of the
other two (an element type, ``.tag``, ``["element type" = "..."]``); the rest of the code is
reported, not carried (focus, controls, other decorations), and tocmap writes its own
settings back the same way.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

_COMMENT = re.compile(r'("(?:[^"\\]|\\.)*")|/\*.*?\*/|//[^\n]*', re.DOTALL)
_DECLARATION = re.compile(r'([\w-]+)\s*:\s*((?:"(?:[^"\\]|\\.)*"|[^;"{}])+);?')
_FIELD_CALL = re.compile(r"^(scale|categorize)\(\s*\"((?:[^\"\\]|\\.)*)\"")
#: The declarations that size or colour every element, by the block they stand in.
SIZE = {("@settings", "element-size"), ("@settings", "element-scale"), ("element", "size"), ("element", "scale")}
COLOUR = {("@settings", "element-color"), ("element", "color")}


@dataclass
class Decorations:
    """What a view's code sizes and colours elements by (Kumu field names), and what else it says."""

    size_by: str | None = None
    colour_by: str | None = None
    #: How elements are coloured: ``categorize`` (one colour per value) or ``scale`` (a gradient).
    colour_how: str | None = None
    #: What the view shows, as written (``include`` and ``showcase`` selectors).
    shows: list[str] = field(default_factory=list)
    #: Declarations tocmap does not carry, as written (``"layout: force"``).
    others: list[str] = field(default_factory=list)


def blocks(markup: str) -> list[tuple[str, str]]:
    """The top-level blocks of Kumu code as (selector, body), comments taken out; braces in quotes are text.

    Examples
    --------
    >>> blocks('@settings { a: "{x}"; } /* note */ @view "X" { @settings { b: 2; } }')
    [('@settings', ' a: "{x}"; '), ('@view "X"', ' @settings { b: 2; } ')]
    """
    text = _COMMENT.sub(lambda m: m.group(1) or "", markup)
    found, depth, start, opened, quoted, escaped = [], 0, 0, 0, False, False
    for at, char in enumerate(text):
        if quoted:
            quoted, escaped = (escaped or char != '"'), (not escaped and char == "\\")
        elif char == '"':
            quoted = True
        elif char == "{":
            if depth == 0:
                selector, opened = text[start:at].strip(), at + 1
            depth += 1
        elif char == "}" and depth:
            depth -= 1
            if depth == 0:
                found.append((selector, text[opened:at]))
                start = at + 1
    return found


def decorations(markup: str) -> Decorations:
    """The field elements are sized and coloured by in one view's code, and the declarations left over.

    Examples
    --------
    >>> said = decorations('@settings { element-size: scale("Budget", 10, 50); layout: force; } '
    ...                    'element { color: categorize("Priority", set2); }')
    >>> said.size_by, said.colour_by, said.colour_how, said.others
    ('Budget', 'Priority', 'categorize', ['layout: force'])
    """
    found = Decorations()
    for selector, body in blocks(markup or ""):
        where = selector if selector in ("@settings", "element") else None
        if where is None:
            found.others.append(f"{selector} {{…}}")
            continue
        for name, value in _DECLARATION.findall(body):
            call = _FIELD_CALL.match(value.strip())
            name = name.strip().lower()
            if call and (where, name) in SIZE and call.group(1) == "scale":
                found.size_by = _unquoted(call.group(2))
            elif call and (where, name) in COLOUR:
                found.colour_by, found.colour_how = _unquoted(call.group(2)), call.group(1)
            elif (where, name) in {("@settings", "include"), ("@settings", "showcase")}:
                found.shows.append(value.strip())
            else:
                found.others.append(f"{name}: {value.strip()}")
    return found


_PART = re.compile(r'\s*(?:\.([\w-]+)|\[\s*"?(?:element[ -])?type"?\s*=\s*"((?:[^"\\]|\\.)*)"\s*\]|([a-z][\w-]*))\s*$',
                   re.IGNORECASE)
_EVERYTHING = {"*", "element", "connection", "loop"}


def selection(selectors: str) -> list[tuple[str, str]] | None:
    """A comma-separated list of simple Kumu selectors as ("tag", slug) and ("type", name) parts; None if not simple.

    Examples
    --------
    >>> selection('.economy, ["element type" = "Stock"], policy')
    [('tag', 'economy'), ('type', 'Stock'), ('type', 'policy')]
    >>> selection("person --> organization") is None, selection("element")
    (True, [])
    """
    parts = []
    for part in re.split(r',(?=(?:[^"]*"[^"]*")*[^"]*$)', selectors):
        if part.strip() in _EVERYTHING:
            continue
        matched = _PART.match(part)
        if matched is None:
            return None
        tag, quoted, bare = matched.groups()
        parts.append(("tag", tag) if tag else ("type", _unquoted(quoted) if quoted is not None else bare))
    return parts


def shows(kinds: list[str], tags: list[str]) -> str:
    """Kumu code that shows these element types and brings forward these tags ("" for neither).

    Examples
    --------
    >>> print(shows(["Outcome", "Impact"], ["health data"]))
    @settings {
      include: ["element type" = "Outcome"], ["element type" = "Impact"];
      showcase: .health-data;
    }
    """
    lines = []
    if kinds:
        lines.append("  include: " + ", ".join(f'["element type" = {json.dumps(k, ensure_ascii=False)}]'
                                              for k in kinds) + ";")
    if tags:
        lines.append("  showcase: " + ", ".join(f".{slug(t)}" for t in tags) + ";")
    return "@settings {\n" + "\n".join(lines) + "\n}" if lines else ""


def slug(text: str) -> str:
    """Kumu's slug of a name: lower case, letters and digits, hyphens between words.

    Examples
    --------
    >>> slug("Health data (2026)!"), slug("Économie")
    ('health-data-2026', 'économie')
    """
    return re.sub(r"[^\w]+", "-", text.casefold()).strip("-_")


def _unquoted(said: str) -> str:
    """A quoted name's text, its escapes undone where they can be."""
    try:
        return json.loads(f'"{said}"')
    except ValueError:
        return said


def settings(size_by: str | None, colour_by: str | None) -> str:
    """Kumu code that sizes and colours elements by these fields ("" when by neither).

    Examples
    --------
    >>> print(settings("Budget", 'The "best"'))
    @settings {
      element-size: scale("Budget", 20, 80);
      element-color: categorize("The \\"best\\"");
    }
    """
    lines = []
    if size_by:
        lines.append(f"  element-size: scale({json.dumps(size_by, ensure_ascii=False)}, 20, 80);")
    if colour_by:
        lines.append(f"  element-color: categorize({json.dumps(colour_by, ensure_ascii=False)});")
    return "@settings {\n" + "\n".join(lines) + "\n}" if lines else ""
