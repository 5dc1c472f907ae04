"""One rule for every CSV and XLSX file tocmap writes: text that a spreadsheet would run as a formula is quoted."""

from __future__ import annotations

#: What a spreadsheet reads as the start of a formula (or of a hidden one, after a tab or a carriage return).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """A value safe to open in a spreadsheet: text that looks like a formula is quoted.

    Examples
    --------
    >>> safe_cell("=HYPERLINK(1)"), safe_cell("fine"), safe_cell(2.5)
    ("'=HYPERLINK(1)", 'fine', 2.5)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
