"""Charts in the reader's language: Plotly told the month and day names, separators and button tips of the locale.

Plotly draws date axes, hover dates and numbers in the browser, with its own English by default.
:func:`graph_config` hands it a locale built from Babel's data for the reader's language (the same
data :mod:`tocmap.i18n` formats dates and numbers with), so "janv. 2026" and "1 234,5" come from one
source and nothing is fetched from outside.
"""

from __future__ import annotations

from babel import Locale, UnknownLocaleError, numbers

from tocmap.i18n import N_, SOURCE, _, current

#: Plotly's own English texts a reader can meet (mode bar tips, legend hints), translated for its dictionary.
PLOTLY_TEXTS = (
    N_("Download plot as a png"), N_("Zoom"), N_("Pan"), N_("Zoom in"), N_("Zoom out"), N_("Autoscale"),
    N_("Reset axes"), N_("Box Select"), N_("Lasso Select"), N_("Reset"), N_("Toggle Spike Lines"),
    N_("Show closest data on hover"), N_("Compare data on hover"), N_("Double-click to zoom back out"),
    N_("Double-click on legend to isolate one trace"), N_("Produced with Plotly.js"),
)


def plotly_locale(code: str) -> dict:
    """The Plotly locale (``{"dictionary", "format"}``) of language ``code``, from Babel's data.

    Examples
    --------
    >>> french = plotly_locale("fr")["format"]
    >>> french["shortMonths"][0], french["days"][0], french["decimal"]
    ('janv.', 'dimanche', ',')
    """
    locale = Locale.parse(code.replace("-", "_"))
    months, days = locale.months["format"], locale.days["format"]
    sunday_first = [6, 0, 1, 2, 3, 4, 5]  # Babel counts from Monday, Plotly (d3) from Sunday
    return {
        "dictionary": {text: _(text) for text in PLOTLY_TEXTS},
        "format": {
            "days": [days["wide"][d] for d in sunday_first],
            "shortDays": [days["abbreviated"][d] for d in sunday_first],
            "months": [months["wide"][m] for m in range(1, 13)],
            "shortMonths": [months["abbreviated"][m] for m in range(1, 13)],
            "periods": [locale.day_periods["format"]["abbreviated"].get(p, p.upper()) for p in ("am", "pm")],
            "decimal": numbers.get_decimal_symbol(code),
            "thousands": numbers.get_group_symbol(code),
            "grouping": [3],
            "currency": ["", ""],
            "date": "%d/%m/%Y", "time": "%H:%M:%S", "dateTime": "%e %B %Y, %X",
            "year": "%Y", "month": "%b %Y", "dayMonth": "%e %b", "dayMonthYear": "%e %b %Y",
        },
    }


def graph_config(**options) -> dict:
    """A ``dcc.Graph`` config in the reader's language: ``options`` plus Plotly's locale (none in English).

    Examples
    --------
    >>> from tocmap.i18n import using
    >>> graph_config(displayModeBar=False)
    {'displayModeBar': False}
    >>> with using("es"):
    ...     config = graph_config(displayModeBar=False)
    >>> config["locale"], config["locales"]["es"]["format"]["shortMonths"][:2]
    ('es', ['ene', 'feb'])
    """
    code = current()
    if code == SOURCE:
        return options
    try:
        locale = plotly_locale(code)
    except (ValueError, UnknownLocaleError):
        return options
    return {**options, "locale": code, "locales": {code: locale}}
