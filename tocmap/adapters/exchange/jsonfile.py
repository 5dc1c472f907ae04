"""tocmap JSON: the full-fidelity map document (partnership, content, snapshots, optionally history)."""

from __future__ import annotations

from tocmap.adapters.exchange import ExportSource, Parsed, ReadOptions
from tocmap.domain.document import read_document


def export(source: ExportSource) -> bytes:
    """The map document as indented JSON."""
    return (source.document.model_dump_json(indent=2, exclude_none=True) + "\n").encode()


def read(data: bytes, options: ReadOptions) -> Parsed:
    """A tocmap map document; nothing is ever left out."""
    return Parsed(read_document(data, options.filename or "the file"))
