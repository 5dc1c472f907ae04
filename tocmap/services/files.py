"""A file a service hands over (an export, a download): its bytes, name and media type."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Exported:
    """A file ready to hand over: its bytes, name and media type."""

    data: bytes
    filename: str
    media_type: str
    revision: int = 0

    def __iter__(self):  # so that ``data, filename, media_type = export_map(...)`` works
        return iter((self.data, self.filename, self.media_type))
