"""Component ids, in one place so layouts, callbacks and browser tests agree.

Each page has its own section; add ids to your page's section only. The map editor keeps its own ids in
tocmap/ui/editor/ids.py.
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

# --- map page: editor ------------------------------------------------------
EDITOR_MAP = "editor-map"  # {"map_id", "partnership_id", "revision"}: what this page shows

# --- partnership set-up page (/maps/ID/setup) ------------------------------
SETUP_MAP = "setup-map"  # dcc.Store {"map_id"}
SETUP_STEPS = "setup-steps"  # tabs: "partners" | "people" | "purpose"
SETUP_NEXT = "setup-next"
SETUP_MESSAGE = "setup-message"
SETUP_PARTNERS = "setup-partners"  # the partners table, current and former
SETUP_PARTNER_EDITING = "setup-partner-editing"  # dcc.Store: id of the partner in the form, None when adding
SETUP_PARTNER_FORM_TITLE = "setup-partner-form-title"
SETUP_PARTNER_NAME = "setup-partner-name"
SETUP_PARTNER_SHORT = "setup-partner-short"
SETUP_PARTNER_COLOUR = "setup-partner-colour"
SETUP_PARTNER_LANGUAGE = "setup-partner-language"
SETUP_PARTNER_ORGS = "setup-partner-orgs"
SETUP_PARTNER_SAVE = "setup-partner-save"
SETUP_PARTNER_CANCEL = "setup-partner-cancel"
SETUP_PARTNER_ACTION = "setup-partner-action"  # pattern: {"type": ..., "how": "edit"|"retire"|"reinstate", "id": pid}
SETUP_MERGE_FROM = "setup-merge-from"
SETUP_MERGE_INTO = "setup-merge-into"
SETUP_MERGE = "setup-merge"
SETUP_INVITE_EMAIL = "setup-invite-email"
SETUP_INVITE_PARTNER = "setup-invite-partner"
SETUP_INVITE_ROLE = "setup-invite-role"
SETUP_INVITE_SEND = "setup-invite-send"
SETUP_INVITE_RESULT = "setup-invite-result"  # the link to copy, and whether it was emailed
SETUP_PEOPLE = "setup-people"  # open invitations and members
SETUP_PEOPLE_ACTION = "setup-people-action"  # pattern: {"type": ..., "how": "withdraw"|"keep", "id": n}
SETUP_PURPOSE_TEXT = "setup-purpose-text"
SETUP_PURPOSE_SAVE = "setup-purpose-save"
SETUP_PURPOSE_STATUS = "setup-purpose-status"

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
HC_CUSTOM = "health-custom"  # dcc.Store: the facilitator's own dimensions for the next round (list of dicts)
HC_CUSTOM_TITLE = "health-custom-title"
HC_CUSTOM_STATEMENT = "health-custom-statement"
HC_CUSTOM_POINTS = "health-custom-points"  # number of points on the scale
HC_CUSTOM_NAMES = "health-custom-names"  # optional names of the points, comma-separated, lowest first
HC_CUSTOM_ADD = "health-custom-add"
HC_CUSTOM_LIST = "health-custom-list"  # the own dimensions added so far, each with a remove button
HC_CUSTOM_REMOVE = "health-custom-remove"  # pattern: {"type": HC_CUSTOM_REMOVE, "index": n}
HC_CHANGE = "health-change"  # table: each partner's change of mean per dimension since the previous round
HC_EXPORT = "health-export"  # the export links of a revealed round
HC_ACT = "health-act"  # pattern: {"type": HC_ACT, "dim": key}: "Act on this gap" in a gap row
HC_ACT_MODAL = "health-act-modal"
HC_ACT_DIM = "health-act-dimension"  # dcc.Store: the dimension whose gap is being acted on
HC_ACT_WHAT = "health-act-what"  # radio: "element" or "learning"
HC_ACT_KIND = "health-act-kind"  # the element kind (outcome...)
HC_ACT_LABEL = "health-act-label"  # the new element's label
HC_ACT_TEXT = "health-act-text"  # the learning-log entry's text
HC_ACT_SAVE = "health-act-save"
HC_ACT_CANCEL = "health-act-cancel"
HC_ACTIONS = "health-actions"  # the list of actions taken from the shown round
HC_ACT_MESSAGE = "health-act-message"  # what went wrong, inside the dialog
HC_ACT_TITLE = "health-act-title"  # the dialog's title, naming the dimension
HC_ACT_ELEMENT = "health-act-element"  # the dialog's fields for a map element
HC_ACT_LEARNING = "health-act-learning"  # the dialog's fields for a learning-log entry
# the fairer health check (tocmap/ui/pages/health_fair.py)
HC_ANON_DIM = "health-anonymous-dimension"
HC_ANON_TEXT = "health-anonymous-text"
HC_ANON_ADD = "health-anonymous-add"
HC_ANON_COUNT = "health-anonymous-count"
HC_DIAGNOSIS_TEXT = "health-diagnosis-text"
HC_DIAGNOSIS_SAVE = "health-diagnosis-save"
HC_DIAGNOSIS_AGREE = "health-diagnosis-agree"  # pattern: {"type": HC_DIAGNOSIS_AGREE, "how": "agree" | "withdraw"}
HC_DIAGNOSIS = "health-diagnosis"
HC_FAIR = "health-fair"  # not scored, spread inside partners, anonymous comments
HC_REVIEW = "health-review"  # review points and the findings of those met
HC_REVIEW_TITLE = "health-review-title"
HC_REVIEW_KIND = "health-review-kind"
HC_REVIEW_LINE = "health-review-line"
HC_REVIEW_LINE_LABEL = "health-review-line-label"  # names the line for screen readers; follows the kind
HC_REVIEW_LINE_HINT = "health-review-line-hint"  # what the line means for the kind chosen
HC_REVIEW_DIM = "health-review-dimension"
HC_REVIEW_ADD = "health-review-add"
HC_REVIEW_REMOVE = "health-review-remove"  # pattern: {"type": HC_REVIEW_REMOVE, "id": point id}
HC_REVIEW_MESSAGE = "health-review-message"

# --- learning log, course corrections, assumptions' evidence -----------------
LN_MAP = "learning-map"  # dcc.Store {"map_id"}: the map the learning page shows
LN_VERSION = "learning-version"  # dcc.Store: bumped after every write on the page (redraws the log)
LN_PARTNER = "learning-partner"  # dropdown: show the entries of one partner (None: all)
LN_LOG = "learning-log"  # the entries, newest first
LN_PER_PARTNER = "learning-per-partner"  # chart: entries recorded per partner
LN_ACTIVE = "learning-active"  # banner: the active course correction, with its "Finish" button
LN_MESSAGE = "learning-message"
LN_TEXT = "learning-text"  # the new entry's text
LN_KIND = "learning-kind"  # radio: reflection or decision
LN_DATE = "learning-date"
LN_ELEMENTS = "learning-elements"  # dropdown (multi): elements the entry is linked to
LN_INDICATORS = "learning-indicators"  # dropdown (multi): indicators the entry is linked to
LN_ADD = "learning-add"
LN_START = "learning-start"  # pattern: {"type": LN_START, "entry": id}: start a course correction
LN_FINISH = "learning-finish"  # pattern: {"type": LN_FINISH, "entry": id}: finish it
LN_REMOVE = "learning-remove"  # pattern: {"type": LN_REMOVE, "entry": id}: take an entry out of the log
LN_EDIT = "learning-edit"  # pattern: {"type": LN_EDIT, "entry": id}: load an entry into the form to change it
LN_EDITING = "learning-editing"  # dcc.Store: the id of the entry the form is changing (None: a new entry)
LN_FORM_TITLE = "learning-form-title"
LN_CANCEL = "learning-cancel-edit"

# --- indicators (editor side panel, colour by status, framework table) ----
FW_TVA_GRID = "framework-tva-grid"  # target versus actual, whole map
FW_CHART_MODAL = "framework-chart-modal"
FW_CHART_TITLE = "framework-chart-title"
FW_CHART = "framework-chart"
FW_CHART_RULE = "framework-chart-rule"
FW_CHART_VALUES = "framework-chart-values"
FW_CHART_EDIT = "framework-chart-edit"  # link: the indicator in the editor's Indicators tab, to edit or record values

# --- partnership page: foundations and SWOT --------------------------------
FD_MAP = "fd-map"  # dcc.Store {"map_id"}
FD_VERSION = "fd-version"  # dcc.Store: a counter bumped after every save (redraws the page body)
FD_TABS = "fd-tabs"  # "foundations" | "swot"
FD_MESSAGE = "fd-message"
FD_PURPOSE = "fd-purpose"  # the purpose card (text, agreement)
FD_PURPOSE_TEXT = "fd-purpose-text"
FD_PURPOSE_SAVE = "fd-purpose-save"
FD_PRINCIPLES = "fd-principles"
FD_PRINCIPLE_TEXT = "fd-principle-text"
FD_PRINCIPLE_ADD = "fd-principle-add"
FD_DUTIES = "fd-duties"
FD_DUTY_PARTNER = "fd-duty-partner"
FD_DUTY_TEXT = "fd-duty-text"
FD_DUTY_ADD = "fd-duty-add"
FD_STAND = "fd-stand"  # pattern: {"type": FD_STAND, "kind", "id", "how": "agree" | "dispute" | "withdraw"}
FD_REMOVE = "fd-remove"  # pattern: {"type": FD_REMOVE, "kind": "principle" | "responsibility", "id"}
FD_RA_OPEN = "fd-ra-open"
FD_RA_MODAL = "fd-ra-modal"
FD_RA_PURPOSE = "fd-ra-purpose"
FD_RA_PRINCIPLES = "fd-ra-principles"  # one per line
FD_RA_DUTIES = "fd-ra-duties"  # "partner: commitment", one per line
FD_RA_REASON = "fd-ra-reason"
FD_RA_MESSAGE = "fd-ra-message"
FD_RA_SAVE = "fd-ra-save"
FD_RA_CANCEL = "fd-ra-cancel"
FD_VERSIONS = "fd-versions"
FD_COMPARE = "fd-compare"  # dropdown: the version compared with the current one
FD_COMPARISON = "fd-comparison"
SW_VERSION = "sw-version"  # dcc.Store: a counter bumped after every SWOT action
SW_OPEN_TITLE = "sw-open-title"
SW_OPEN = "sw-open"
SW_EXERCISE = "sw-exercise"  # dropdown: the exercise shown
SW_BODY = "sw-body"
SW_QUADRANT = "sw-quadrant"
SW_CARD_TEXT = "sw-card-text"
SW_ADD = "sw-add"
SW_REMOVE = "sw-remove"  # pattern: {"type": SW_REMOVE, "card": id}
SW_REVEAL = "sw-reveal"
SW_PAIR = "sw-pair"  # pattern: {"type": SW_PAIR, "a": id, "b": id, "how": "confirm" | "undo"}
SW_MAKE = "sw-make"  # pattern: {"type": SW_MAKE, "card": id}
SW_MAKE_MODAL = "sw-make-modal"
SW_MAKE_CARD = "sw-make-card"  # dcc.Store {"card": id, "quadrant"}
SW_MAKE_TEXT = "sw-make-text"
SW_MAKE_KIND = "sw-make-kind"
SW_MAKE_SAVE = "sw-make-save"
SW_MAKE_CANCEL = "sw-make-cancel"
SW_MAKE_MESSAGE = "sw-make-message"
SW_ALIGNMENT = "sw-alignment"  # the per-quadrant alignment chart
SW_FAC_BAR = "sw-facilitator-bar"  # the reveal bar (shown to facilitators while an exercise is open)
SW_ADD_ROW = "sw-add-row"  # the add-card form (shown to members of a partner while an exercise is open)
SW_ADD_TITLE = "sw-add-title"

# --- actions page (/maps/ID/actions): actions and decisions -------------------
AC_MAP = "ac-map"  # dcc.Store {"map_id"}
AC_VERSION = "ac-version"  # dcc.Store: a counter bumped after every change on the page
AC_MESSAGE = "ac-message"
AC_TITLE = "ac-title"
AC_SOURCE = "ac-source"  # dropdown: "kind|ref" of what the action is made from, "" for on its own
AC_OWNER = "ac-owner"  # dropdown: a member's user id
AC_PARTNER = "ac-partner"  # dropdown: the partner the owner acts for (default theirs)
AC_DUE = "ac-due"
AC_ITEMS = "ac-items"
AC_NOTES = "ac-notes"
AC_ADD = "ac-add"
AC_SHOW_CLOSED = "ac-show-closed"
AC_LIST = "ac-list"
AC_STATUS = "ac-status"  # pattern: {"type": AC_STATUS, "action": id, "to": status}
DC_TEXT = "dc-text"
DC_RULE = "dc-rule"
DC_THRESHOLD = "dc-threshold"
DC_THRESHOLD_ROW = "dc-threshold-row"
DC_CONSULTED = "dc-consulted"
DC_PROPOSE = "dc-propose"
DC_LIST = "dc-list"
DC_STAND = "dc-stand"  # pattern: {"type": DC_STAND, "decision": id, "stand": "agree" | "object" | ...}

# --- my actions (/actions): across maps, reminders, calendar feed -------------
MY_VERSION = "my-version"
MY_REMINDERS = "my-reminders"
MY_LIST = "my-list"
MY_STATUS = "my-status"  # pattern: {"type": MY_STATUS, "map": id, "action": id, "to": status}
MY_FEED = "my-feed"
MY_FEED_MAKE = "my-feed-make"

# --- journey page (/maps/ID/journey) -----------------------------------------
JR_MAP = "jr-map"
JR_VERSION = "jr-version"
JR_MESSAGE = "jr-message"
JR_BODY = "jr-body"
JR_STAGE_KIND = "jr-stage-kind"
JR_STAGE_TITLE = "jr-stage-title"
JR_STAGE_STARTS = "jr-stage-starts"
JR_STAGE_ENDS = "jr-stage-ends"
JR_STAGE_ADD = "jr-stage-add"
JR_SESSION_TITLE = "jr-session-title"
JR_SESSION_DATE = "jr-session-date"
JR_SESSION_STAGE = "jr-session-stage"
JR_ATTENDANCE = "jr-attendance"  # pattern: {"type": JR_ATTENDANCE, "partner": id}
JR_SESSION_ADD = "jr-session-add"
JR_DOC_TITLE = "jr-doc-title"
JR_DOC_URL = "jr-doc-url"
JR_DOC_SESSION = "jr-doc-session"
JR_DOC_PRE = "jr-doc-pre"
JR_DOC_ADD = "jr-doc-add"
