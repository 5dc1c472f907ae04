"""The application factory: ``create_app(settings)`` returns a ready Dash app."""

from __future__ import annotations

import dash

from tocmap.adapters.database import Database
from tocmap.adapters import notify
from tocmap.adapters.migrate import upgrade
from tocmap import i18n, logs
from tocmap.api import register_api
from tocmap.resources import assets_dir
from tocmap.services.maps import ensure_example
from tocmap.settings import Settings, load_settings
from tocmap.ui import (account, admin, auth, callback_inputs, delivery, downloads, followthrough_files, language, live,
                       rate_limits, request_size, shell)


def create_app(settings: Settings | None = None) -> dash.Dash:
    """Build the app: open and upgrade the database, load the example if empty, wire the pages."""
    settings = settings or load_settings()
    if settings.locales_dir:
        i18n.add_catalogues(settings.locales_dir)
    db = Database(settings.database_url)
    db.limits = settings.limits
    notify.configure(db, settings.redis_url)
    upgrade(db)
    if settings.load_example:
        ensure_example(db)
    app = dash.Dash(
        __name__,
        title="tocmap",
        assets_folder=str(assets_dir()),
        # Bootstrap is served from assets/vendor but linked first, so our styles come after it.
        assets_path_ignore=["vendor"],  # (assets_ignore matches file names only: it let them be linked twice)
        external_stylesheets=["/assets/vendor/bootstrap.min.css", "/assets/vendor/bootstrap-icons.min.css"],
        suppress_callback_exceptions=True,
        on_error=shell.report_error,
        update_title=None,
    )
    app.index_string = app.index_string.replace("<html>", '<html lang="en">', 1)  # the reader's: ui.language
    app.tocmap_db = db
    logs.install(app.server, db, settings)  # first: every request gets its id and clock before anything refuses
    app.tocmap_settings = app.server.tocmap_settings = settings
    request_size.install(app.server, settings.limits)
    auth.install(app.server, db, settings)
    language.install(app)  # after sign-in: a reader's own choice comes first
    callback_inputs.install(app)  # after the sign-in gate: strangers learn nothing of the callbacks
    delivery.install(app)
    account.install(app.server, db, settings)
    admin.install(app.server, db, settings)
    app.layout = shell.layout  # a function: built per page load, for the signed-in user
    shell.register_callbacks(app, db)
    downloads.register_routes(app.server, db)
    followthrough_files.register_routes(app.server, db, settings.base_url)
    live.register_routes(app.server, db)
    register_api(app.server, db)
    rate_limits.install(app.server, settings)  # last: it wraps routes added above
    return app
