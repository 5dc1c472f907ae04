"""One module per page: ``layout(...)`` and ``register_callbacks(app, db)``."""
