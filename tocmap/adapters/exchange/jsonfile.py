"""tocmap JSON: the full-fidelity map document (partnership, content, snapshots, optionally history)."""

from __future__ import annotations

import json

from tocmap.adapters.exchange import ExportSource, Parsed, ReadOptions
from tocmap.adapters.exchange import building as b
from tocmap.domain.document import json_problem, read_document
from tocmap.domain.errors import InvalidInput
from tocmap.i18n import _


def export(source: ExportSource) -> bytes:
    """The map document as indented JSON."""
    return (source.document.model_dump_json(indent=2, exclude_none=True) + "\n").encode()


def read(data: bytes, options: ReadOptions) -> Parsed:
    """A tocmap map document; nothing is ever left out."""
    source = options.filename or _("the file")
    try:
        parsed = json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise InvalidInput(_("{source} is not valid JSON ({error}).", source=source,
                             error=json_problem(error)[:200])) from None
    if isinstance(parsed, dict):  # counted before a single model is built
        b.check_size(*(len(parsed.get(key)) if isinstance(parsed.get(key), list) else 0
                       for key in ("elements", "links", "indicators")))
    return Parsed(read_document(parsed, source))
