"""How pages reach a browser on a weak link: compressed, and each big library only where it is used.

- Responses are compressed (brotli, else gzip) by flask-compress; the fingerprinted files that never
  change (Dash's component bundles, the assets) are compressed once per process and kept.
- :data:`ON_DEMAND` libraries are left out of every page's first load: a small stand-in
  (assets/lazy_libraries.js) takes their place and fetches the real bundle, once, the first time one
  of their components is drawn (the ag-grid tables sit behind the editor's Tables tab).
"""

from __future__ import annotations

import json
import re

from flask import request
from flask_compress import Compress

#: Component libraries fetched when first drawn, with the components they offer.
ON_DEMAND = {"dash_ag_grid": ["AgGrid"]}
#: Files whose address changes whenever their content does: compressed once, then served from memory.
FINGERPRINTED = ("/_dash-component-suites/", "/assets/")


class _Kept(dict):
    """Compressed bodies of fingerprinted files, as flask-compress's cache (``get`` and ``set``).

    flask-compress asks the cache about every response, under "algorithm;key": a response that is
    not fingerprinted has an empty key, and is neither looked up nor kept.
    """

    def get(self, key):
        return None if key.endswith(";") else super().get(key)

    def set(self, key, value):  # noqa: A003 - the name flask-compress calls
        if not key.endswith(";"):
            self[key] = value


def _fingerprinted_key(req) -> str:
    """The key of a fingerprinted file's compressed body; empty for every other response."""
    return f"{req.path}?{req.query_string.decode()}" if req.path.startswith(FINGERPRINTED) else ""


def install(app) -> None:
    """Compress the app's responses and load :data:`ON_DEMAND` libraries when first used."""
    server = app.server
    server.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    server.config.setdefault("COMPRESS_MIN_SIZE", 500)
    server.config.setdefault("COMPRESS_STREAMS", False)  # the live stream is never held back to compress it
    kept = _Kept()
    server.config["COMPRESS_CACHE_BACKEND"] = lambda: kept
    server.config["COMPRESS_CACHE_KEY"] = _fingerprinted_key
    Compress(server)

    @server.after_request  # runs before flask-compress's (Flask runs them last registered first)
    def read_assets_whole(response):
        """Assets are sent as file streams, which flask-compress leaves alone: read them into memory."""
        if request.path.startswith("/assets/") and response.status_code == 200 and response.is_streamed:
            response.direct_passthrough = False
            response.make_sequence()
        return response
    plain = app.interpolate_index

    def interpolate_index(**kwargs):
        kwargs["scripts"] = on_demand(kwargs.get("scripts", ""))
        return plain(**kwargs)

    app.interpolate_index = interpolate_index


def on_demand(scripts: str) -> str:
    """The page's script tags with :data:`ON_DEMAND` bundles replaced by where to fetch them.

    Examples
    --------
    >>> tags = ('<script src="/_dash-component-suites/dash_ag_grid/dash_ag_grid.v1m2.min.js"></script>'
    ...         '<script src="/_dash-component-suites/dash/dcc/dcc.v1.js"></script>')
    >>> print(on_demand(tags))  # doctest: +NORMALIZE_WHITESPACE
    <script>window.tocmapOnDemand = {"dash_ag_grid": {"url": "/_dash-component-suites/dash_ag_grid/dash_ag_grid.v1m2.min.js", "components": ["AgGrid"]}};</script><script src="/_dash-component-suites/dash/dcc/dcc.v1.js"></script>
    """
    found = {}

    def take(match: re.Match) -> str:
        found[match.group(2)] = {"url": match.group(1), "components": ON_DEMAND[match.group(2)]}
        return ""

    names = "|".join(re.escape(n) for n in ON_DEMAND)
    pattern = rf'<script src="(/_dash-component-suites/({names})/\2[^"]*?\.min\.js)"></script>\s*'
    rest = re.sub(pattern, take, scripts)
    if not found:
        return scripts
    return f"<script>window.tocmapOnDemand = {json.dumps(found)};</script>" + rest
