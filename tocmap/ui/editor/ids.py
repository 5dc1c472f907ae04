"""The map editor's component ids, in one place so its layout, callbacks and browser tests agree.

The pages' ids are in tocmap/ui/ids.py; the editor map store is declared there, since the export dialog reads it
too.
"""

from tocmap.ui.ids import EDITOR_MAP  # noqa: F401 - the editor's own store, read by the export dialog too

# --- map page: tables ------------------------------------------------------
MAP_TABS = "map-tabs"
ELEMENTS_GRID = "elements-grid"
LINKS_GRID = "links-grid"
INDICATORS_GRID = "indicators-grid"
HISTORY_GRID = "history-grid"

# --- map page: editor ------------------------------------------------------
CANVAS = "canvas"
#: editor-map as the side panels last followed it: it changes only when editor-map did, so that an edit's
#: answer repeating the revision its push already brought sets off no second round of panel requests
EDITOR_MAP_SHOWN = "editor-map-shown"
DELTA = "canvas-delta"  # what the canvas must change after an edit (applied in the browser)
DELTA_APPLIED = "canvas-delta-applied"
MOVED = "canvas-moved"  # positions of dropped elements, set by assets/editor.js
MOVE_ANSWER = "move-answer"  # what a drop changed: {"delta", "revision", "undo"}, spread by assets/editor.js
SAVE_ASK = "save-ask"  # the side panel's Save: only the fields that changed (assets/editor.js, askSave)
SAVE_ANSWER = "save-answer"  # what a Save changed, spread over the page by assets/editor.js (spreadAnswer)
MARKS_DUE = "marks-due"  # the loaded item's language and marks, set only when they change (editor.languages)
LEARNING_DUE = "learning-due"  # set when a change touched the learning log, evidence or a kind (editor.learning)
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
SEARCH_COUNT = "editor-search-count"  # "3 of 42", written by assets/canvas_view.js as you type
LEGEND = "editor-legend"
LEGEND_TOGGLE = "editor-legend-toggle"
LEGEND_OPEN = "editor-legend-open"  # dcc.Store in local storage: whether the legend is unfolded
CANVAS_WRAP = "editor-canvas-wrap"
CONNECT_TO = "editor-connect-to"  # the keyboard path of connecting: choose the other end from a list
CONNECT_TO_BUTTON = "editor-connect-to-button"
PRESENT = "editor-present"  # presentation mode: the map revealed level by level, full screen
PRESENT_DONE = "editor-present-done"
LABEL_FOCUSED = "editor-label-focused"  # set when the label of a new element got the focus
FILTER_KIND = "editor-filter-kind"
FILTER_PARTNER = "editor-filter-partner"
FILTER_TAG = "editor-filter-tag"
FOCUS = "editor-focus"
FOCUS_ON = "editor-focus-on"  # the element whose pathway is in focus (a saved view keeps it)
VIEW_ITEMS = "editor-view-items"  # the toolbar menu's saved views
VIEW_APPLY = "editor-view-apply"  # pattern: {"type": VIEW_APPLY, "id": view id}: a click applies the view
VIEW_OPEN = "editor-view-open"
VIEW_MODAL = "editor-view-modal"
VIEW_TITLE = "editor-view-title"  # names the dialog for screen readers
VIEW_CLOSE = "editor-view-close"
VIEW_NAME = "editor-view-name"
VIEW_SAVE = "editor-view-save"
VIEW_PORT = "editor-view-port"  # {"zoom", "centre"}: where the canvas looks, read in the browser on Save
VIEW_GO = "editor-view-go"  # {"zoom", "centre"}: where a chosen view looks (assets/canvas_view.js goes there)
VIEW_LIST = "editor-view-list"
VIEW_MESSAGE = "editor-view-message"
VIEW_RENAME_NAME = "editor-view-rename-name"  # pattern: {"type": VIEW_RENAME_NAME, "id": view id}
VIEW_RENAME = "editor-view-rename"  # pattern: {"type": VIEW_RENAME, "id": view id}
VIEW_DELETE = "editor-view-delete"  # pattern: {"type": VIEW_DELETE, "id": view id}
VIEW_PRESENT = "editor-view-present"
VIEW_STEPS = "editor-view-steps"  # what a presentation of the saved views steps through
VIEWS_DUE = "editor-views-due"  # set by assets/editor.js when a change touched a saved view
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
# contributions, beside the ownership balance on the Partners tab
CO_SHARES = "co-shares"  # holds the plotly chart (who pays, proposes, owns, agrees, decides), drawn on opening
CO_LIST = "co-list"
CO_MESSAGE = "co-message"
CO_FORM = "co-form"
CO_PARTNER = "co-partner"
CO_KIND = "co-kind"
CO_STATUS = "co-status"
CO_AMOUNT = "co-amount"
CO_CURRENCY = "co-currency"
CO_INTERVENTION = "co-intervention"
CO_START = "co-start"
CO_END = "co-end"
CO_EVIDENCE = "co-evidence"
CO_RECORD = "co-record"
CO_REMOVE = "co-remove"  # pattern: {"type": CO_REMOVE, "id": contribution id}
CO_CHANGED = "co-changed"  # dcc.Store: bumped when this user recorded or removed one
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
HISTORY_DUE = "history-due"  # dcc.Store: the revision to redraw the open history panel at (live updates)
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
PEOPLE_WORKSHOP_ACTION = "people-workshop-action"  # pattern: {"type": ..., "how": "open" | "renew" | "close"}
PEOPLE_OPEN_CLOSE = "people-open-close"  # the workshop's code after opening, "closed" after closing
PEOPLE_LIST = "people-list"
PEOPLE_FORM = "people-form"
PEOPLE_EMAIL = "people-email"
PEOPLE_ROLE = "people-role"
PEOPLE_PARTNER = "people-partner"
PEOPLE_ADD = "people-add"
PEOPLE_REMOVE = "people-remove"  # pattern: {"type": PEOPLE_REMOVE, "user": id}
PEOPLE_KEEP = "people-keep"  # pattern: {"type": PEOPLE_KEEP, "user": id}: keep a workshop guest as a member
PEOPLE_INVITE_LINK = "people-invite-link"

# --- checks and insights panel (in the editor) -----------------------------
CHECKS_DUE = "checks-due"  # the revision to check, set in the browser while the Checks tab is open
SYSTEMS_DUE = "systems-due"  # the revision to read loops of, set in the browser while the Systems tab is open
IND_STYLE_DUE = "ind-style-due"  # the revision to colour elements at while "colour by status" is on (0: switched off)
IND_DUE = "ind-due"  # the revision to list indicators at, set in the browser while the Indicators tab is open
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

# --- comments (the editor's Discuss tab) -------------------------------------
COMMENTS_CHANGED = "comments-changed"  # dcc.Store: when the map's discussion last changed (set by live polling)
COMMENTS_DUE = "comments-due"  # dcc.Store: bumped when the tab is open and there is something to redraw
COMMENTS_SUBJECT = "comments-subject"  # what the threads shown are about
COMMENTS_LIST = "comments-list"
COMMENTS_RESOLVED = "comments-show-resolved"  # switch: also show resolved threads
COMMENT_TEXT = "comment-text"  # a new thread's first comment
COMMENT_SEND = "comment-send"
COMMENT_REPLY_TEXT = "comment-reply-text"  # pattern: {"type": COMMENT_REPLY_TEXT, "thread": id}
COMMENT_REPLY = "comment-reply"  # pattern: {"type": COMMENT_REPLY, "thread": id}
COMMENT_RESOLVE = "comment-resolve"  # pattern: {"type": COMMENT_RESOLVE, "thread": id, "how": "resolve" | "reopen"}

# --- learning log, course corrections, assumptions' evidence -----------------
LN_BANNER = "learning-map-banner"  # on the map page: the course correction in progress, if any
EV_PANEL = "evidence-panel"  # side panel: the selected assumption's evidence log
EV_LIST = "evidence-list"
EV_TEXT = "evidence-text"
EV_LINK = "evidence-link"
EV_STATUS = "evidence-status"  # radio: the assumption's status after this note (or unchanged)
EV_ADD = "evidence-add"
EV_MESSAGE = "evidence-message"
EV_DUE = "evidence-due"  # dcc.Store: bumped after a note is added (redraws the log)
LN_ABOUT = "learning-about"  # side panel: learning entries linked to the selected element

# --- indicators (editor side panel, colour by status, framework table) ----
IND_PANEL = "ind-panel"  # the selected element's indicators
IND_VERSION = "ind-version"  # dcc.Store: bumped after every indicator save (redraws the list)
IND_ALERT = "ind-alert"
IND_ADD = "ind-add"
IND_EDIT = "ind-edit"  # pattern: {"type": IND_EDIT, "id": indicator id}
IND_RECORD = "ind-record"  # pattern: {"type": IND_RECORD, "id": indicator id}
IND_RETIRE = "ind-retire"  # pattern: {"type": IND_RETIRE, "id": indicator id, "how": "retire" | "reactivate"}
IND_STAND = "ind-stand"  # pattern: {"type": IND_STAND, "id": indicator id, "how": "agree" | "dispute" | "withdraw"}
IND_DROP = "ind-drop"  # pattern: {"type": IND_DROP, "id": indicator id, "obs": observation id}: remove a value
IND_MODAL = "ind-modal"
IND_MODAL_TITLE = "ind-modal-title"
IND_EDITING = "ind-editing"  # dcc.Store {"id": indicator id or None, "element", "revision"}
IND_FIELD = "ind-field"  # pattern: {"type": IND_FIELD, "name": Indicator field name}
IND_TARGET = "ind-target"  # pattern: {"type": IND_TARGET, "row": n, "part": "label" | "start" | "end" | "value"}
IND_TARGET_ROW = "ind-target-row"  # pattern: {"type": IND_TARGET_ROW, "row": n}: shown once used or asked for
IND_TARGET_MORE = "ind-target-more"
IND_REASON = "ind-reason"
IND_REASON_ROW = "ind-reason-row"
IND_MESSAGE = "ind-message"
IND_SAVE = "ind-save"
IND_CANCEL = "ind-cancel"
OBS_MODAL = "obs-modal"
OBS_TITLE = "obs-title"
OBS_FOR = "obs-for"  # dcc.Store {"indicator": id}
OBS_FIELD = "obs-field"  # pattern: {"type": OBS_FIELD, "name": "value" | "date" | "label" | "start" | "end" | ...}
OBS_CELL = "obs-cell"  # pattern: {"type": OBS_CELL, "row": n, "part": "dimensions" | "value"}
OBS_HINT = "obs-hint"  # what values this indicator takes
OBS_MESSAGE = "obs-message"
OBS_SAVE = "obs-save"
OBS_CANCEL = "obs-cancel"
IND_COLOUR = "ind-colour"  # toolbar toggle: colour elements by the status of their indicators
IND_STYLE = "ind-style"  # dcc.Store: extra canvas stylesheet rules ([] when the toggle is off)

# --- partnership page: foundations and SWOT --------------------------------
MAP_PURPOSE = "map-purpose"  # the joint purpose line in the map page header
