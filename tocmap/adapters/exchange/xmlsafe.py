"""Parsing XML from uploads safely, with errors that name the line."""

from __future__ import annotations

from lxml import etree

from tocmap.domain.errors import InvalidInput
from tocmap.i18n import _


def parser() -> etree.XMLParser:
    """An lxml parser that resolves no entities, reads nothing from the network and refuses huge trees."""
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True,
                           load_dtd=False)


def parse(data: bytes, source: str) -> etree._ElementTree:
    """The XML tree of a file, or one clear sentence with the line where it breaks."""
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser()))
    except etree.XMLSyntaxError as error:
        line = f" (line {error.lineno})" if getattr(error, "lineno", None) else ""
        message = str(error.msg if hasattr(error, "msg") else error).split(", line")[0]
        raise InvalidInput(_("{source} is not well-formed XML{line}: {message}.", source=source, line=line, message=message)) from None
    except ValueError as error:
        raise InvalidInput(_("{source} is not XML tocmap can read: {error}.", source=source, error=error)) from None
    if b"<!ENTITY" in data[:65536]:
        raise InvalidInput(_("{source} declares XML entities; tocmap does not read files that do.", source=source))
    return tree


def local(tag) -> str:
    """An element's name without its namespace."""
    return etree.QName(tag).localname if isinstance(tag, str) else ""
