"""Component ids, in one place so layouts, callbacks and browser tests agree."""

URL = "url"
PAGE = "page"

HOME_MAPS = "home-maps"

MAP_TABS = "map-tabs"
ELEMENTS_GRID = "elements-grid"
LINKS_GRID = "links-grid"
INDICATORS_GRID = "indicators-grid"
HISTORY_GRID = "history-grid"
