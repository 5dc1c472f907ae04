"""The request size limit of the server, and the clear 413 answer to a request over it."""

from __future__ import annotations

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from tocmap.domain.limits import Limits, size_words
from tocmap.i18n import _


def too_large_message(limits: Limits) -> str:
    """What a user is told when a request (an upload, an API body) is over the limit."""
    return _("The request is too large: files of up to {size} can be uploaded or imported. Nothing was changed.",
             size=size_words(limits.upload_bytes))


def install(server: Flask, limits: Limits) -> None:
    """Refuse requests larger than an upload may make them (Flask's MAX_CONTENT_LENGTH), with a clear 413."""
    server.config["MAX_CONTENT_LENGTH"] = limits.request_bytes

    @server.errorhandler(RequestEntityTooLarge)
    def too_large(error):
        message = too_large_message(limits)
        if request.path.startswith(("/api/", "/_dash")) or request.is_json:
            return jsonify(message=message), 413
        return Response(message, status=413, mimetype="text/plain")
