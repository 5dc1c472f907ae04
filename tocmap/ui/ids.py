"""Component ids, in one place so layouts, callbacks and browser tests agree.

Each page has its own section; add ids to your page's section only.
"""

# --- shell -----------------------------------------------------------------
URL = "url"
PAGE = "page"
IDENTITY = "identity"  # dcc.Store (browser localStorage): {"name": ..., "partner": ...}
IDENTITY_BUTTON = "identity-button"
IDENTITY_MODAL = "identity-modal"
IDENTITY_NAME = "identity-name"
IDENTITY_SAVE = "identity-save"
TOAST = "toast"

# --- home page -------------------------------------------------------------
HOME_MAPS = "home-maps"

# --- map page: tables ------------------------------------------------------
MAP_TABS = "map-tabs"
ELEMENTS_GRID = "elements-grid"
LINKS_GRID = "links-grid"
INDICATORS_GRID = "indicators-grid"
HISTORY_GRID = "history-grid"

# --- map page: editor ------------------------------------------------------

# --- results framework page ------------------------------------------------
