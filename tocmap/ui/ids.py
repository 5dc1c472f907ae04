"""Component ids, in one place so layouts, callbacks and browser tests agree.

Each page has its own section; add ids to your page's section only.
"""

# --- shell -----------------------------------------------------------------
URL = "url"
PAGE = "page"
TOAST = "toast"

# --- home page -------------------------------------------------------------
HOME_MAPS = "home-maps"
HOME_COUNT = "home-count"
HOME_ALERTS = "home-alerts"
HOME_NEW = "home-new"
HOME_SHOW_ARCHIVED = "home-show-archived"
HOME_MENU_RENAME = "map-menu-rename"  # pattern: {"type": HOME_MENU_RENAME, "index": map_id}
HOME_MENU_DUPLICATE = "map-menu-duplicate"  # pattern, as above
HOME_MENU_ARCHIVE = "map-menu-archive"  # pattern, as above
HOME_MENU_RESTORE = "map-menu-restore"  # pattern, as above (archived maps)
HOME_NEW_MODAL = "home-new-modal"
HOME_NEW_TITLE = "home-new-title"
HOME_NEW_TITLE_FEEDBACK = "home-new-title-feedback"
HOME_NEW_TEMPLATE = "home-new-template"  # "" is a blank map, else a template name
HOME_NEW_ALERT = "home-new-alert"
HOME_NEW_CREATE = "home-new-create"
HOME_NEW_CANCEL = "home-new-cancel"
HOME_TITLE_TARGET = "home-title-target"  # {"action": "rename" | "duplicate", "map_id", "title", "revision"}
HOME_TITLE_MODAL = "home-title-modal"
HOME_TITLE_HEADER = "home-title-header"
HOME_TITLE_LABEL = "home-title-label"
HOME_TITLE_INPUT = "home-title-input"
HOME_TITLE_HELP = "home-title-help"
HOME_TITLE_FEEDBACK = "home-title-feedback"
HOME_TITLE_ALERT = "home-title-alert"
HOME_TITLE_SAVE = "home-title-save"
HOME_TITLE_CANCEL = "home-title-cancel"
HOME_ARCHIVE_TARGET = "home-archive-target"  # {"map_id", "title"}
HOME_ARCHIVE_MODAL = "home-archive-modal"
HOME_ARCHIVE_TEXT = "home-archive-text"
HOME_ARCHIVE_ALERT = "home-archive-alert"
HOME_ARCHIVE_CONFIRM = "home-archive-confirm"
HOME_ARCHIVE_CANCEL = "home-archive-cancel"

# --- map page: tables ------------------------------------------------------
MAP_TABS = "map-tabs"
ELEMENTS_GRID = "elements-grid"
LINKS_GRID = "links-grid"
INDICATORS_GRID = "indicators-grid"
HISTORY_GRID = "history-grid"

# --- map page: editor ------------------------------------------------------
CANVAS = "canvas"
EDITOR_MAP = "editor-map"  # {"map_id", "partnership_id", "revision"}: what this page shows
DELTA = "canvas-delta"  # what the canvas must change after an edit (applied in the browser)
DELTA_APPLIED = "canvas-delta-applied"
MOVED = "canvas-moved"  # positions of dropped elements, set by assets/editor.js
SELECTION = "editor-selection"  # {"type": "element" | "link", "id": ...}
LOADED = "editor-loaded"  # the values the side panel was filled with, and at which revision
CONNECT = "editor-connect"
CONNECT_FROM = "editor-connect-from"
CONNECT_PAIR = "editor-connect-pair"  # {"source", "target"}: two elements tapped in connect mode
CONNECT_HINT = "editor-connect-hint"
UNDO = "editor-undo"  # this browser tab's own revisions: {"map_id", "undo": [...], "redo": [...]}
UNDO_BUTTON = "editor-undo-button"
REDO_BUTTON = "editor-redo-button"
ADD_KIND = "editor-add-kind"  # pattern: {"type": ADD_KIND, "kind": ...}
ARRANGE = "editor-arrange"  # pattern: {"type": ARRANGE, "how": "level" | "free"}
FIT = "editor-fit"
FIT_DONE = "editor-fit-done"
SEARCH = "editor-search"
FILTER_KIND = "editor-filter-kind"
FILTER_PARTNER = "editor-filter-partner"
FILTER_TAG = "editor-filter-tag"
FOCUS = "editor-focus"
FOCUS_BUTTON = "editor-focus-button"
UNFOCUS_BUTTON = "editor-unfocus-button"
ALERTS = "editor-alerts"
REVISION_BADGE = "editor-revision"
TABLES = "editor-tables"
LIVE = "editor-live"  # written by the live poller's bridge; nothing reads it
LIVE_PEOPLE = "live-people"  # "Also here: ..." (set by assets/editor.js)

PANEL_TABS = "panel-tabs"  # "edit" | "checks"
PANEL_EMPTY = "panel-empty"
AGREEMENT = "panel-agreement"  # who agreed to the selected element or link
AGREE = "panel-agree"  # pattern: {"type": AGREE, "how": "agree" | "dispute" | "withdraw"}
AGREEMENT_VIEW = "editor-agreement-view"  # toolbar switch: highlight what is not agreed by all
BALANCE = "panel-balance"  # ownership balance per partner
AGREEMENT_DUE = "panel-agreement-due"  # set in the browser when the agreement view needs refreshing
BALANCE_DUE = "panel-balance-due"
ELEMENT_FORM = "element-form"
EL_LABEL = "element-label"
EL_KIND = "element-kind"
EL_DESCRIPTION = "element-description"
EL_OWNER = "element-owner"
EL_TAGS = "element-tags"
EL_ACTOR = "element-actor"
EL_ACTOR_ROW = "element-actor-row"
EL_ATTACHED = "element-attached"
EL_STATUS = "element-status"
EL_ASSUMPTION_ROWS = "element-assumption-rows"
EL_SAVE = "element-save"
EL_DELETE = "element-delete"
EL_MESSAGE = "element-message"
LINK_FORM = "link-form"
LINK_ENDS = "link-ends"
LINK_KIND = "link-kind"
LINK_POLARITY = "link-polarity"
LINK_CONFIDENCE = "link-confidence"
LINK_LABEL = "link-label"
LINK_RATIONALE = "link-rationale"
LINK_EVIDENCE = "link-evidence"
LINK_SAVE = "link-save"
LINK_DELETE = "link-delete"
LINK_MESSAGE = "link-message"
KEEP_MINE = "conflict-keep-mine"  # pattern: {"type": KEEP_MINE, "form": "element" | "link"}
TAKE_THEIRS = "conflict-take-theirs"

DELETE_MODAL = "delete-modal"
DELETE_TEXT = "delete-text"
DELETE_CONFIRM = "delete-confirm"
DELETE_CANCEL = "delete-cancel"

HISTORY_BUTTON = "history-button"
HISTORY_PANEL = "history-panel"
HISTORY_LIST = "history-list"
HISTORY_ENTRY = "history-entry"  # pattern: {"type": HISTORY_ENTRY, "revision": n}
HISTORY_DETAIL = "history-detail"
RESTORE = "history-restore"  # pattern: {"type": RESTORE, "revision": n}
SNAPSHOT_NAME = "snapshot-name"
SNAPSHOT_ADD = "snapshot-add"
SNAPSHOT_LIST = "snapshot-list"
SNAPSHOT_ENDORSE = "snapshot-endorse"  # pattern: {"type": ..., "name": ..., "how": "endorse" | "withdraw"}

# --- people panel (in the editor) ------------------------------------------
PEOPLE_MESSAGE = "people-message"
PEOPLE_WORKSHOP = "people-workshop"
PEOPLE_WORKSHOP_ACTION = "people-workshop-action"  # pattern: {"type": ..., "how": "open" | "close"}
PEOPLE_OPEN_CLOSE = "people-open-close"  # the workshop's code after opening, "closed" after closing
PEOPLE_LIST = "people-list"
PEOPLE_FORM = "people-form"
PEOPLE_EMAIL = "people-email"
PEOPLE_ROLE = "people-role"
PEOPLE_PARTNER = "people-partner"
PEOPLE_ADD = "people-add"
PEOPLE_REMOVE = "people-remove"  # pattern: {"type": PEOPLE_REMOVE, "user": id}

# --- checks and insights panel (in the editor) -----------------------------
CHECKS_DUE = "checks-due"  # the revision to check, set in the browser while the Checks tab is open
CHECKS_VIEW = "checks-view"  # "checks" | "insights": which half of the panel shows
CHECKS_BODY = "checks-body"
INSIGHTS_BODY = "insights-body"
CHECKS_SUMMARY = "checks-summary"  # counts of findings by severity
CHECKS_FINDINGS = "checks-findings"  # findings grouped by severity, then by rule
CHECKS_ITEM = "checks-item"  # pattern: {"type": CHECKS_ITEM, "key": ...}: a finding, loop, pathway... to highlight
CHECKS_TARGETS = "checks-targets"  # dcc.Store {key: {"ids": [...], "label": ...}} of the findings list
INSIGHTS_TARGETS = "insights-targets"  # the same for loops and partners' pathways
PATHS_TARGETS = "paths-targets"  # the same for the pathways list
LEVERAGE_TARGETS = "leverage-targets"  # the same for the leverage ranking
CHECKS_HIGHLIGHT = "checks-highlight"  # dcc.Store {"ids", "label"}: what the panel last highlighted
CHECKS_BANNER = "checks-banner"  # "Highlighted on the map: ..." with Show all
CHECKS_BANNER_TEXT = "checks-banner-text"
CHECKS_CLEAR = "checks-clear"
CHECKS_FIT = "checks-fit"  # dcc.Store {"ids": [...]}: the canvas zooms to them (a clientside callback)
CHECKS_FIT_DONE = "checks-fit-done"
INSIGHTS_LOOPS = "insights-loops"
INSIGHTS_PATH_FROM = "insights-path-from"  # dropdown: the intervention pathways start from
INSIGHTS_PATHS = "insights-paths"
INSIGHTS_MEASURE = "insights-measure"  # "betweenness" | "in_degree" | "out_degree" | "reach"
INSIGHTS_MEASURE_ON = "insights-measure-on"  # switch: size the map's elements by the measure
INSIGHTS_LEVERAGE = "insights-leverage"
INSIGHTS_PARTNERS = "insights-partners"
MEASURE_STYLE = "measure-style"  # dcc.Store: canvas stylesheet rules sizing elements by the measure ([] when off)

# --- exports and imports ---------------------------------------------------
EXPORT_MENU = "export-menu"  # the map page's Export dropdown
EXPORT_VERSION_OPEN = "export-version-open"  # "Another version…" item of the menu
EXPORT_VERSION_MODAL = "export-version-modal"
EXPORT_VERSION = "export-version"  # "" = current revision, "snapshot:NAME", or "revision"
EXPORT_REVISION = "export-revision"  # revision number when EXPORT_VERSION is "revision"
EXPORT_REVISION_ROW = "export-revision-row"
EXPORT_FORMAT = "export-format"
EXPORT_DOWNLOAD = "export-download"  # a link whose href the callback sets
EXPORT_VERSION_CANCEL = "export-version-cancel"
EXPORT_VERSION_ALERT = "export-version-alert"
IMPORT_OPEN = "home-import"  # the home page's Import button
IMPORT_MODAL = "import-modal"
IMPORT_UPLOAD = "import-upload"  # dcc.Upload
IMPORT_FILE = "import-file"  # what was chosen: name, size, format
IMPORT_FORMAT = "import-format"  # "" = from the file
IMPORT_ACTIVITY = "import-activity"  # IATI: the activity whose results to import
IMPORT_ACTIVITY_ROW = "import-activity-row"
IMPORT_INTO = "import-into"  # "" = a new map, else a map id
IMPORT_ALERT = "import-alert"
IMPORT_CONFIRM = "import-confirm"
IMPORT_CANCEL = "import-cancel"

# --- results framework page ------------------------------------------------
FW_MAP = "framework-map"  # {"map_id", "partnership_id", "revision"}: the revision the tables show
FW_GRID = "framework-grid"  # pattern: {"type": FW_GRID, "level": "impact" | "outcome" | "output" | "intervention"}
FW_BODY = "framework-body"  # pattern: {"type": FW_BODY, "level": ...}: wraps a level's grid
FW_EMPTY = "framework-empty"  # pattern: {"type": FW_EMPTY, "level": ...}: "no outputs yet" line
FW_ALERTS = "framework-alerts"
FW_REVISION = "framework-revision"
FW_EDITING = "framework-editing"  # {"id", "label", "description"}: what the edit form was filled with
FW_MODAL = "framework-edit-modal"
FW_MODAL_TITLE = "framework-edit-title"
FW_LABEL = "framework-edit-label"
FW_DESCRIPTION = "framework-edit-description"
FW_SAVE = "framework-edit-save"
FW_CANCEL = "framework-edit-cancel"
FW_MESSAGE = "framework-edit-message"

# --- partnership health check ----------------------------------------------
HC_MAP = "health-map"  # dcc.Store {"map_id"}: the map the page shows
HC_VERSION = "health-version"  # dcc.Store: a counter bumped after start, save and reveal (redraws the round)
HC_ROUND = "health-round"  # dropdown: the round shown (its id)
HC_BODY = "health-body"  # the shown round: the answer form before reveal, the results after
HC_TREND = "health-trend"  # the trend chart across revealed rounds
HC_MESSAGE = "health-message"
HC_START_TITLE = "health-start-title"
HC_START_DIMS = "health-start-dimensions"  # checklist of the default dimensions
HC_START = "health-start"
HC_SCORE = "health-score"  # pattern: {"type": HC_SCORE, "dim": key}: radio items 1..5
HC_COMMENT = "health-comment"  # pattern: {"type": HC_COMMENT, "dim": key}
HC_SAVE = "health-save"
HC_REVEAL = "health-reveal"
HC_RADAR = "health-radar"  # the spider chart, one shape per partner
HC_GAPS = "health-gaps"  # the gap table, largest gap first
