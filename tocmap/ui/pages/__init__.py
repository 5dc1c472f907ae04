"""One module per page: ``layout(...)`` and ``register_callbacks(app, db)``."""

from __future__ import annotations

import re

_SLOT = re.compile(r"\{(\w+)\}")


def sentence(translated: str, **parts) -> list:
    """A translated sentence as Dash children, its ``{slots}`` replaced by components or text.

    The translator moves the slots where the language wants them; the code puts a link or a
    bold title there (``_()`` called without values leaves the slots as they are).

    Examples
    --------
    >>> sentence("Archived {title}. Restore it?", title=["“", "Map", "”"])
    ['Archived ', '“', 'Map', '”', '. Restore it?']
    """
    children: list = []
    for index, piece in enumerate(_SLOT.split(translated)):
        if index % 2 == 0:
            if piece:
                children.append(piece)
        else:
            part = parts.get(piece, "{" + piece + "}")
            children.extend(part if isinstance(part, list) else [part])
    return children
