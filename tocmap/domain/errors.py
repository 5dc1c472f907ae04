"""Errors that carry a message fit for a workshop participant and an HTTP status.

Every error the domain or the services raise on purpose is a :class:`TocmapError`;
entry points (CLI, Dash callbacks, API) show ``str(error)`` as it is.
"""

from __future__ import annotations


class TocmapError(Exception):
    """Base class of all errors meant to be shown to users.

    Examples
    --------
    >>> err = NotFound("There is no map 7.")
    >>> str(err), err.status
    ('There is no map 7.', 404)
    """

    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidInput(TocmapError):
    """The request or file does not describe a valid map or change."""

    status = 400


class NotFound(TocmapError):
    """A map, element, revision or snapshot that does not exist."""

    status = 404


class PermissionDenied(TocmapError):
    """The user may not do this on this map."""

    status = 403


class NotSignedIn(PermissionDenied):
    """The caller is anonymous (or sent a token that is not valid): sign in first.

    A kind of :class:`PermissionDenied`, so code that refuses both alike still can.

    Examples
    --------
    >>> NotSignedIn("Sign in first.").status
    401
    """

    status = 401


class Conflict(TocmapError):
    """Someone else changed the same thing since the author last saw it.

    ``conflicts`` lists one :class:`FieldConflict`-like dict per clashing field:
    ``item``, ``field``, ``current`` (its value now), ``revision``, ``user`` and ``partner``
    (who set it), so a client can offer "keep mine" or "take theirs".
    """

    status = 409

    def __init__(self, message: str, conflicts: list[dict] | None = None):
        super().__init__(message)
        self.conflicts = conflicts or []
