"""The JSON HTTP API under /api/v1, for other MEL systems.

Authenticated by the session cookie (then CSRF applies, as for the app) or by an API
token: ``Authorization: Bearer tm_...``. It calls the same services as the app, so the
same permission and conflict rules hold. Errors are JSON ``{"message": ...}`` with the
status the error carries (400, 401, 403, 404, 409; a conflict also lists the clashing
fields under ``conflicts``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Blueprint, Flask, current_app, jsonify, request
from flask_login import current_user
from pydantic import ValidationError

from tocmap import api_bodies as bodies
from tocmap import logs
from tocmap.adapters.database import Database
from tocmap.api_people import register_people_api
from tocmap.api_translations import register_translations_api
from tocmap.domain.changes import (
    AddElement,
    AddLink,
    RemoveElement,
    RemoveLink,
    UpdateElement,
    UpdateLink,
    parse_change,
)
from tocmap.domain.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    NotSignedIn,
    TocmapError,
)
from tocmap.domain.fields import FieldFilter
from tocmap.domain.limits import json_depth_problem
from tocmap.domain.model import Author, Element, Link, explain, new_id, validated
from tocmap.i18n import N_, _, format_number
from tocmap.services import accounts, comments, history, learning, maps, views
from tocmap.services import fields as own_fields

MAX_BODY = 2_000_000
#: What a reader is told when a number in the path is past any id there can be.
NOT_FOUND = {"map_id": N_("There is no map {number}."), "thread_id": N_("There is no comment thread {number}."),
             "user_id": N_("There is no account {number}."), "invitation_id": N_("There is no invitation {number}.")}
NOTHING_NUMBERED = N_("There is nothing numbered {number}.")
#: What a reader is told when a map has no element, link or indicator with the id asked for.
MISSING_ITEM = {"element": N_("Map {map} has no element '{id}'."), "link": N_("Map {map} has no link '{id}'."),
                "indicator": N_("Map {map} has no indicator '{id}'.")}


def _db() -> Database:
    return current_app.extensions["tocmap_db"]


def _who() -> Author:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        user = accounts.user_for_token(_db(), header.removeprefix("Bearer ").strip())
        if user is None:
            raise NotSignedIn(_("That API token is not valid."))
        return accounts.author_of(user)
    if current_user.is_authenticated:
        return accounts.author_of(current_user.user)
    raise NotSignedIn(_("Sign in, or send an API token as 'Authorization: Bearer ...'."))


def _body() -> dict:
    if (request.content_length or 0) > MAX_BODY:
        raise InvalidInput(_("The request body is larger than {size} bytes.", size=format_number(MAX_BODY)))
    limits = _db().limits
    try:
        data = request.get_json(silent=True)
    except RecursionError:  # nested deeper than the parser goes: far past the limit
        raise InvalidInput(_("The JSON body nests arrays and objects more than {depth} deep.",
                               depth=limits.json_depth)) from None
    if not isinstance(data, dict):
        raise InvalidInput(_("Send a JSON object with Content-Type: application/json."))
    too_deep = json_depth_problem(data, limits)
    if too_deep:
        raise InvalidInput(too_deep)
    return data


def _parsed(model: type[bodies.Body]) -> bodies.Body:
    """The JSON body, checked against its model (see :mod:`tocmap.api_bodies`)."""
    return model.model_validate(_body())


def _query(model: type[bodies.Query]) -> bodies.Query:
    """The query string, checked against its model."""
    return model.model_validate(request.args.to_dict())


def _endpoint(func: Callable) -> Callable:
    """Turn errors into JSON with the HTTP status each one carries; ids in the path stay within 2**53."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        try:
            for name, value in kwargs.items():
                if isinstance(value, int) and value > bodies.NUMBER_MAX:
                    raise NotFound(_(NOT_FOUND.get(name, NOTHING_NUMBERED), number=value))
            return func(*args, **kwargs)
        except Conflict as conflict:
            logs.refusal(conflict)
            return jsonify(message=str(conflict), conflicts=conflict.conflicts), 409
        except TocmapError as error:
            logs.refusal(error)
            return jsonify(message=str(error)), error.status
        except ValidationError as error:
            logs.refusal(explain(error))
            return jsonify(message=explain(error)), 400

    return wrapper


def register_api(server: Flask, db: Database) -> None:
    """Mount /api/v1 on the Flask server."""
    server.extensions["tocmap_db"] = db
    api = Blueprint("api", __name__, url_prefix="/api/v1")

    @api.get("/me")
    @_endpoint
    def me():
        who = _who()
        user = accounts.get_user(db, who.user_id)
        return jsonify(id=user.id, name=user.name, email=user.email, admin=user.is_admin)

    @api.post("/tokens")
    @_endpoint
    def new_token():
        who = _who()
        token = accounts.create_token(db, accounts.get_user(db, who.user_id), _parsed(bodies.NewToken).name)
        return jsonify(token=token, note=_("Keep it secret: it is shown only once.")), 201

    @api.get("/maps")
    @_endpoint
    def list_maps():
        rows = maps.list_maps(db, who=_who())
        return jsonify([{"id": m.id, "title": m.title, "revision": m.revision, "elements": m.element_count,
                         "updated_at": m.updated_at.isoformat()} for m in rows])

    @api.post("/maps")
    @_endpoint
    def create_map():
        body = _parsed(bodies.NewMap)
        map_id = maps.create_map(db, body.title, _who(), template=body.template)
        return jsonify(id=map_id), 201

    @api.get("/maps/<int:map_id>")
    @_endpoint
    def get_map(map_id: int):
        revision = _query(bodies.MapQuery).revision
        document = maps.export_document(db, map_id, revision, who=_who())
        return jsonify(document.model_dump(mode="json", exclude_none=True))

    @api.get("/maps/<int:map_id>/history")
    @_endpoint
    def get_history(map_id: int):
        query = _query(bodies.HistoryQuery)
        entries = history.history(db, map_id, limit=query.limit, before=query.before, who=_who())
        return jsonify([{"revision": e.revision, "at": e.at.isoformat(), "user": e.author.name,
                         "partner": e.author.partner, "summary": e.summary,
                         "change": e.change.model_dump(mode="json", exclude_none=True)} for e in entries])

    @api.post("/maps/<int:map_id>/changes")
    @_endpoint
    def post_change(map_id: int):
        body = _parsed(bodies.ChangeBody)
        return _applied(map_id, parse_change(body.change), body.base_revision)

    @api.get("/maps/<int:map_id>/comments")
    @_endpoint
    def list_threads(map_id: int):
        query = _query(bodies.ThreadsQuery)
        found = comments.threads(db, map_id, query.subject_kind, query.subject_id, who=_who())
        return jsonify([_thread_json(t) for t in found])

    @api.post("/maps/<int:map_id>/comments")
    @_endpoint
    def start_thread(map_id: int):
        body = _parsed(bodies.NewThread)
        thread = comments.start_thread(db, map_id, body.subject_kind, body.subject_id, body.text, _who())
        return jsonify(_thread_json(thread)), 201

    @api.post("/maps/<int:map_id>/comments/<int:thread_id>/replies")
    @_endpoint
    def reply(map_id: int, thread_id: int):
        return jsonify(_thread_json(comments.reply(db, map_id, thread_id, _parsed(bodies.Reply).text, _who()))), 201

    @api.post("/maps/<int:map_id>/comments/<int:thread_id>/resolve")
    @_endpoint
    def resolve(map_id: int, thread_id: int):
        resolved = _parsed(bodies.Resolve).resolved
        return jsonify(_thread_json(comments.resolve(db, map_id, thread_id, _who(), resolved)))

    @api.get("/maps/<int:map_id>/learning")
    @_endpoint
    def list_learning(map_id: int):
        log = learning.learning_log(db, map_id, who=_who(), partner=_query(bodies.LearningQuery).partner or None)
        return jsonify([e.model_dump(mode="json", exclude_none=True) for e in log.entries])

    @api.post("/maps/<int:map_id>/learning")
    @_endpoint
    def record_learning(map_id: int):
        body = _parsed(bodies.NewLearning)
        entry_id = learning.record_entry(
            db, map_id, text=body.text, kind=body.kind, date=body.date, elements=body.elements or (),
            indicators=body.indicators or (), source=body.source, who=_who())
        return jsonify(id=entry_id), 201

    @api.get("/maps/<int:map_id>/views")
    @_endpoint
    def list_views(map_id: int):
        return jsonify([v.model_dump(mode="json") for v in views.saved_views(db, map_id, _who())])

    @api.post("/maps/<int:map_id>/views")
    @_endpoint
    def save_view(map_id: int):
        body = _parsed(bodies.ViewBody)
        applied = views.save_view(db, map_id, dict(body.model_extra or {}), _who(), body.base_revision)
        return jsonify(id=applied.record.change.view.id, revision=applied.revision,
                       summary=applied.record.summary), 201

    @api.patch("/maps/<int:map_id>/views/<view_id>")
    @_endpoint
    def rename_view(map_id: int, view_id: str):
        body = _parsed(bodies.RenameView)
        return _answer(views.rename_view(db, map_id, view_id, body.name, _who(), body.base_revision))

    @api.delete("/maps/<int:map_id>/views/<view_id>")
    @_endpoint
    def remove_view(map_id: int, view_id: str):
        return _answer(views.remove_view(db, map_id, view_id, _who(), _query(bodies.RemoveQuery).base_revision))

    for kind, model, add, update, remove in (
        ("elements", Element, AddElement, UpdateElement, RemoveElement),
        ("links", Link, AddLink, UpdateLink, RemoveLink),
    ):
        _items(api, kind, model, add, update, remove)
    register_people_api(api, db, getattr(server, "tocmap_settings", None), _endpoint, _who, _parsed)
    register_translations_api(api, db, _endpoint, _who, _parsed)

    server.register_blueprint(api)


def _thread_json(thread) -> dict:
    return thread.model_dump(mode="json") | {"open": thread.is_open}


def _applied(map_id: int, change, base_revision: int | None) -> tuple:
    return _answer(history.apply(_db(), map_id, change, _who(), base_revision))


def _answer(applied: history.Applied) -> tuple:
    """What a change sent through the API answers: the new revision and its line in the history."""
    return jsonify(revision=applied.revision, summary=applied.record.summary), 201


def _items(api: Blueprint, kind: str, model, add, update, remove) -> None:
    """GET/POST /maps/<id>/<kind> and GET/PATCH/DELETE /maps/<id>/<kind>/<item id>."""
    singular = kind.removesuffix("s")

    def table(map_id: int) -> dict:
        state = maps.get_map(_db(), map_id, who=_who())[2]
        return getattr(state, kind)

    @api.get(f"/maps/<int:map_id>/{kind}", endpoint=f"list_{kind}")
    @_endpoint
    def list_items(map_id: int):
        query = bodies.ItemsQuery.model_validate({**request.args.to_dict(), "value": request.args.getlist("value")})
        items = table(map_id)
        if query.field is not None:
            wanted = validated(FieldFilter, {"field": query.field, "values": query.value, "low": query.min,
                                             "high": query.max, "contains": query.contains}, "filter")
            kept = own_fields.filtered(_db(), map_id, wanted, _who())
            items = {i: item for i, item in items.items() if i in kept}
        return jsonify([item.model_dump(mode="json") for item in items.values()])

    @api.post(f"/maps/<int:map_id>/{kind}", endpoint=f"add_{singular}")
    @_endpoint
    def add_item(map_id: int):
        body = _parsed(bodies.ItemBody)
        fields = dict(body.model_extra or {}) | ({"set": body.set} if body.set is not None else {})
        item = model.model_validate({**fields, "id": fields.get("id") or new_id(singular[:2])})
        return _applied(map_id, add(**{singular: item}), body.base_revision)

    @api.get(f"/maps/<int:map_id>/{kind}/<item_id>", endpoint=f"get_{singular}")
    @_endpoint
    def get_item(map_id: int, item_id: str):
        item = table(map_id).get(item_id)
        if item is None:
            return jsonify(message=_(MISSING_ITEM[singular], map=map_id, id=item_id)), 404
        return jsonify(item.model_dump(mode="json"))

    @api.patch(f"/maps/<int:map_id>/{kind}/<item_id>", endpoint=f"update_{singular}")
    @_endpoint
    def update_item(map_id: int, item_id: str):
        body = _parsed(bodies.ItemBody)
        fields = body.set or dict(body.model_extra or {})
        return _applied(map_id, update(id=item_id, set=fields), body.base_revision)

    @api.delete(f"/maps/<int:map_id>/{kind}/<item_id>", endpoint=f"remove_{singular}")
    @_endpoint
    def remove_item(map_id: int, item_id: str):
        return _applied(map_id, remove(id=item_id), _query(bodies.RemoveQuery).base_revision)
