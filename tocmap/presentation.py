"""How the map looks wherever it is shown: on the screen, in pictures, in reports and in files.

One place for what the screen and the exported files show alike: the colour and shape of
each element kind, the words for agreement, values with their units, and the size of a
node and its label. The Dash presenters (``tocmap.ui``) and the file formats
(``tocmap.adapters.exchange``) both read from here; this module imports only the domain.
"""

from __future__ import annotations

import math

from tocmap.domain.insights import plural  # noqa: F401 - one wording of counts for the screen and the files
from tocmap.domain.model import ElementKind, Indicator, MapState, Partnership, TranslatedTitles
from tocmap.i18n import N_, _, format_number

#: Colour and cytoscape shape of each element kind: the canvas, its legend, pictures, reports and graph files.
KIND_STYLE: dict[ElementKind, tuple[str, str]] = {
    ElementKind.IMPACT: ("#7b2cbf", "round-octagon"),
    ElementKind.OUTCOME: ("#1c7ed6", "round-rectangle"),
    ElementKind.OUTPUT: ("#0ca678", "round-rectangle"),
    ElementKind.INTERVENTION: ("#f08c00", "round-hexagon"),
    ElementKind.ACTOR: ("#495057", "ellipse"),
    ElementKind.ASSUMPTION: ("#e8590c", "round-diamond"),
    ElementKind.EXTERNAL_FACTOR: ("#868e96", "round-triangle"),
}

#: How an item's agreement among the partners reads (in the reader's language when looked up).
AGREEMENT_LABEL = TranslatedTitles({"agreed": N_("Agreed by all"), "proposed": N_("Proposed"), "disputed": N_("Disputed")})

#: The colour of text on light backgrounds.
INK = "#1f2a44"
#: A node's width; its height follows its label (:func:`node_height`).
NODE_WIDTH = 190
CHARS_PER_LINE = 24
LINE_HEIGHT = 17
#: Where elements without a stored position are placed: a grid below the map.
GRID_STEP = (230, 120)


def tint(colour: str, amount: float = 0.86) -> str:
    """A light tint of a #rrggbb colour: the fill of a node drawn in that colour.

    Examples
    --------
    >>> tint("#000000", 0.5)
    '#7f7f7f'
    """
    channels = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{int(c + (255 - c) * amount):02x}" for c in channels)


def ink_on(colour: str) -> str:
    """The text colour that reads best on a #rrggbb background: the product's dark ink or white.

    Examples
    --------
    >>> ink_on("#e8a400"), ink_on("#1f2a44")
    ('#1f2a44', '#ffffff')
    """
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    background = luminance(colour)
    dark = (background + 0.05) / (luminance(INK) + 0.05)
    light = 1.05 / (background + 0.05)
    return INK if dark >= light else "#ffffff"


def node_height(label: str) -> int:
    """Height that fits the label wrapped at the node's width.

    Examples
    --------
    >>> node_height("Short"), node_height("A much longer label that wraps onto three lines at least")
    (37, 71)
    """
    words, lines, line = label.split(), 1, 0
    for word in words:
        length = min(len(word), CHARS_PER_LINE)
        if line and line + 1 + length > CHARS_PER_LINE:
            lines, line = lines + 1, length
        else:
            line += length + (1 if line else 0)
    return 20 + LINE_HEIGHT * min(lines, 6)


def unplaced_positions(state: MapState) -> dict[str, tuple[float, float]]:
    """Grid positions below the map for elements that have none yet.

    Examples
    --------
    >>> from tocmap.domain.model import Element
    >>> state = MapState(title="m", elements={"a": Element(id="a", kind="outcome", label="A", x=0.0, y=100.0),
    ...                                      "b": Element(id="b", kind="output", label="B")})
    >>> unplaced_positions(state)
    {'b': (0, 300.0)}
    """
    placed = [e.y for e in state.elements.values() if e.y is not None]
    top = (max(placed) + 200) if placed else 0.0
    missing = [e.id for e in state.elements.values() if e.x is None]
    columns = max(1, math.ceil(math.sqrt(len(missing) * 2)))
    return {
        element_id: (GRID_STEP[0] * (n % columns), top + GRID_STEP[1] * (n // columns))
        for n, element_id in enumerate(missing)
    }



def partner_names(partnership: Partnership) -> dict[str, str]:
    """Partner id -> the name shown (short name when there is one), former partners included."""
    return {p.id: p.short_name or p.name for p in partnership.everyone}


def show_value(indicator: Indicator, value) -> str:
    """A value with its unit ("42 %", "yes", "EUR 1,200").

    Examples
    --------
    >>> show_value(Indicator(id="i", element="o", name="Coverage", measure="percentage"), 42.0)
    '42 %'
    """
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float):
        number = f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
        if indicator.measure == "percentage":
            return f"{number} %"
        if indicator.measure == "currency":
            return f"{indicator.currency} {number}"
        return f"{number} {indicator.unit}".strip()
    return str(value)


def latest_value(indicator: Indicator) -> str:
    """The most recent observation, as shown ("42 %" or "—")."""
    if not indicator.observations:
        return "—"
    last = max(indicator.observations, key=lambda o: o.date or o.period.end)
    return show_value(indicator, last.value)


# --------------------------------------------------------------------------- sized and coloured by the map's fields

#: Colours for a choice field's options: the Okabe-Ito set, told apart by people with any common colour
#: vision; the legend names every option in words too. Beyond eight options the colours repeat.
OPTION_COLOURS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")
#: Elements without a value for the colouring field.
NO_VALUE_COLOUR = "#adb5bd"
#: How much bigger than usual an element sized by a number field is drawn: the smallest value keeps the
#: usual size (never a smaller, less readable label), the biggest does not swallow its neighbours.
SIZE_RANGE = (1.0, 1.8)


def option_colours(state: MapState) -> dict[str, str]:
    """Each option of the field the map is coloured by -> its colour (empty when it is coloured by none).

    Examples
    --------
    >>> from tocmap.domain.model import FieldDefinition, FieldDisplay
    >>> state = MapState(title="m", fields={"p": FieldDefinition(id="p", name="Priority", type="choice",
    ...                  choices=["High", "Low"])}, display=FieldDisplay(colour_by="p"))
    >>> option_colours(state)
    {'High': '#0072b2', 'Low': '#e69f00'}
    """
    field = state.fields.get(state.display.colour_by or "")
    if field is None or field.type != "choice":
        return {}
    return {option: OPTION_COLOURS[n % len(OPTION_COLOURS)] for n, option in enumerate(field.choices)}


def element_colours(state: MapState) -> dict[str, str]:
    """Element id -> the colour of its option of the colouring field (grey without a value); empty when
    the map is coloured by kind."""
    colours = option_colours(state)
    if not colours:
        return {}
    key = state.display.colour_by
    return {e.id: colours.get(e.custom.get(key), NO_VALUE_COLOUR) for e in state.elements.values()}


def size_range(state: MapState) -> tuple[float, float] | None:
    """The smallest and biggest value of the sizing field among the elements (None when nothing is sized)."""
    field = state.fields.get(state.display.size_by or "")
    if field is None or field.type != "number":
        return None
    values = [v for e in state.elements.values() if isinstance(v := e.custom.get(field.id), int | float)]
    return (min(values), max(values)) if values else None


def element_scales(state: MapState) -> dict[str, float]:
    """Element id -> how much bigger than usual it is drawn, from its value of the sizing field.

    Sizes follow the value linearly between :data:`SIZE_RANGE`; elements without a value are left
    out (drawn at the usual size).

    Examples
    --------
    >>> from tocmap.domain.model import Element, FieldDefinition, FieldDisplay
    >>> els = {i: Element(id=i, kind="output", label=i, custom={"b": v}) for i, v in (("a", 10.0), ("z", 30.0))}
    >>> els["n"] = Element(id="n", kind="output", label="n")
    >>> state = MapState(title="m", elements=els, fields={"b": FieldDefinition(id="b", name="Budget",
    ...                  type="number")}, display=FieldDisplay(size_by="b"))
    >>> element_scales(state)
    {'a': 1.0, 'z': 1.8}
    """
    bounds = size_range(state)
    if bounds is None:
        return {}
    low, high = bounds
    small, big = SIZE_RANGE
    key = state.display.size_by
    scales = {}
    for element in state.elements.values():
        value = element.custom.get(key)
        if isinstance(value, int | float):
            share = (value - low) / (high - low) if high > low else 1.0
            scales[element.id] = round(small + (big - small) * share, 3)
    return scales


def display_legend(state: MapState) -> list[tuple[str, str]]:
    """What the sizes and colours mean, as (colour or "" for the size note, words), for every legend.

    Examples
    --------
    >>> from tocmap.domain.model import FieldDefinition, FieldDisplay
    >>> state = MapState(title="m", fields={"p": FieldDefinition(id="p", name="Priority", type="choice",
    ...                  choices=["High"])}, display=FieldDisplay(colour_by="p"))
    >>> display_legend(state)
    [('#0072b2', 'Priority: High'), ('#adb5bd', 'Priority: no value')]
    """
    items = []
    colours = option_colours(state)
    if colours:
        name = state.fields[state.display.colour_by].name
        items += [(colour, f"{name}: {option}") for option, colour in colours.items()]
        items.append((NO_VALUE_COLOUR, _("{field}: no value", field=name)))
    bounds = size_range(state)
    if bounds is not None:
        name = state.fields[state.display.size_by].name
        items.append(("", _("Size: {field}, from {low} to {high}", field=name, low=format_number(bounds[0]),
                            high=format_number(bounds[1]))))
    return items
