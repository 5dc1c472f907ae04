"""tocmap: a collaborative theory-of-change and systems-map editor."""

__version__ = "0.1.0"
