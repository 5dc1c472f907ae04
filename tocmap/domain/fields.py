"""Filtering a map by its own fields: which elements and links hold a value that fits.

A filter names one of the map's fields and what to look for, by the field's type: some of
a choice field's options, a range of numbers or of dates (either end may stay open), or
text that a text field's value contains. An item without a value for the field never
matches. The editor dims what does not match; the API lists only what does.
"""

from __future__ import annotations

import datetime as dt
import re

from babel import numbers
from pydantic import Field, model_validator

from tocmap.domain.errors import InvalidInput
from tocmap.domain.model import (
    Element,
    FieldDefinition,
    FieldKey,
    FieldValue,
    Link,
    MapState,
    ShortText,
    Strict,
)
from tocmap.i18n import _, current, sentence


class FieldFilter(Strict):
    """What to look for in one field: ``values`` (choice), ``low``/``high`` (number or date), ``contains`` (text)."""

    field: FieldKey
    values: list[ShortText] = Field(default_factory=list, max_length=100)
    low: float | dt.date | None = None
    high: float | dt.date | None = None
    contains: ShortText = ""

    @model_validator(mode="after")
    def _low_before_high(self) -> FieldFilter:
        if self.low is not None and self.high is not None and type(self.low) is type(self.high) \
                and self.low > self.high:
            raise ValueError(_("the lower end of the range is above the upper end"))
        return self

    @property
    def is_open(self) -> bool:
        """Whether the filter asks for nothing yet (no option, no bound, no text): everything matches."""
        return not self.values and self.low is None and self.high is None and not self.contains


def checked_filter(fields: dict[str, FieldDefinition], wanted: FieldFilter) -> FieldDefinition:
    """The field a filter names, once it is sure the filter fits its type; a clear refusal otherwise.

    Examples
    --------
    >>> fields = {"budget": FieldDefinition(id="budget", name="Budget", type="number")}
    >>> checked_filter(fields, FieldFilter(field="budget", contains="x"))
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: 'Budget' is a number field: filter it by a range (low, high).
    """
    field = fields.get(wanted.field)
    if field is None:
        raise InvalidInput(_("This map has no field '{field}'.", field=wanted.field))
    ranged = wanted.low is not None or wanted.high is not None
    bounds = [b for b in (wanted.low, wanted.high) if b is not None]
    if field.type in ("number", "date"):
        kind = float if field.type == "number" else dt.date
        if wanted.values or wanted.contains or any(not isinstance(b, kind) for b in bounds):
            words = (_("'{field}' is a number field: filter it by a range (low, high).", field=field.name)
                     if field.type == "number" else
                     _("'{field}' is a date field: filter it by a range of dates (YYYY-MM-DD).", field=field.name))
            raise InvalidInput(words)
    elif field.type == "choice":
        if ranged or wanted.contains:
            raise InvalidInput(_("'{field}' is a choice field: filter it by its options.", field=field.name))
        unknown = [v for v in wanted.values if v not in field.choices]
        if unknown:
            raise InvalidInput(_("'{field}' has no option '{value}'.", field=field.name, value=unknown[0]))
    elif ranged or wanted.values:
        raise InvalidInput(_("'{field}' is a text field: filter it by the text its values contain.", field=field.name))
    return field


def fits(field: FieldDefinition, wanted: FieldFilter, value) -> bool:
    """Whether one value fits the filter (a missing value never does).

    Examples
    --------
    >>> budget = FieldDefinition(id="budget", name="Budget", type="number")
    >>> [fits(budget, FieldFilter(field="budget", low=10), v) for v in (5.0, 10.0, None)]
    [False, True, False]
    """
    if value is None:
        return False
    if field.type == "choice":
        return not wanted.values or value in wanted.values
    if field.type == "text":
        return wanted.contains.casefold() in str(value).casefold()
    if field.type == "date":
        try:
            value = dt.date.fromisoformat(str(value))
        except ValueError:
            return False
    elif isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return (wanted.low is None or value >= wanted.low) and (wanted.high is None or value <= wanted.high)


def matching(state: MapState, wanted: FieldFilter) -> set[str]:
    """The ids of the elements and links whose value fits the filter.

    Examples
    --------
    >>> from tocmap.domain.graph import sketch
    >>> state = sketch("a -> b")
    >>> state.fields["priority"] = FieldDefinition(id="priority", name="Priority", type="choice",
    ...                                            choices=["High", "Low"])
    >>> state.elements["a"] = state.elements["a"].model_copy(update={"custom": {"priority": "High"}})
    >>> sorted(matching(state, FieldFilter(field="priority", values=["High"])))
    ['a']
    """
    field = checked_filter(state.fields, wanted)
    items: list[Element | Link] = []
    if field.applies_to in ("elements", "both"):
        items += state.elements.values()
    if field.applies_to in ("links", "both"):
        items += state.links.values()
    return {item.id for item in items if fits(field, wanted, item.custom.get(field.id))}


def field_key(name: str, taken: set[str]) -> str:
    """A new field's id made from its name, unlike any in ``taken``.

    Examples
    --------
    >>> field_key("Budget (EUR)", {"budget_eur"}), field_key("  ", set()), field_key("2025 target", set())
    ('budget_eur_2', 'field', '2025_target')
    """
    key = re.sub(r"[^a-z0-9_]+", "_", name.casefold()).strip("_")[:40] or "field"
    key = key if key[0].isalnum() else f"f_{key}"[:40]
    base, n = key, 2
    while key in taken:
        key, n = f"{base[:36]}_{n}", n + 1
    return key


def parse_value(field: FieldDefinition, said: object) -> FieldValue | None:
    """A value typed into a form, read for its field (None when left empty); a clear refusal when it does not fit.

    Numbers are read as the reader writes them (:func:`read_number`).

    Examples
    --------
    >>> parse_value(FieldDefinition(id="b", name="Budget", type="number"), " 1,200.5 ")
    1200.5
    >>> parse_value(FieldDefinition(id="s", name="Start", type="date"), "")
    """
    if said is None or (isinstance(said, str) and not said.strip()):
        return None
    value: FieldValue = said.strip() if isinstance(said, str) else said
    if field.type == "number" and isinstance(value, str):
        value = read_number(value)
    elif field.type == "number" and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    problem = field.problem(value)
    if problem:
        raise InvalidInput(sentence(problem))
    return value


def read_number(said: str) -> float | str:
    """A number typed as the reader writes it ("1,200.5"; "1 200,5" in French), else the text as typed.

    Examples
    --------
    >>> from tocmap.i18n import using
    >>> with using("fr"):
    ...     read_number("1 200,5"), read_number("3.5"), read_number("beaucoup")
    (1200.5, 3.5, 'beaucoup')
    """
    compact = re.sub(r"\s", "", said)
    try:
        return float(numbers.parse_decimal(compact, locale=current(), strict=True))
    except numbers.NumberFormatError:
        try:
            return float(compact)
        except ValueError:
            return said
