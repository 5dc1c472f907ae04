"""The API's content-in-several-languages routes (under /api/v1): the map's languages, gaps, translating.

``GET /maps/ID/translations`` lists the map's languages with how many texts are missing, need
review or are done in each; with ``?language=fr`` it lists the texts too (``?gaps=1``: only the
ones to write or check). ``PUT /maps/ID/translations`` writes one text in a language (an empty
``text`` takes the translation away). Registered by :func:`tocmap.api.register_api`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict

from flask import Blueprint, jsonify, request
from pydantic import StrictStr

from tocmap import api_bodies as bodies
from tocmap.domain import translations as tr
from tocmap.domain.model import Author
from tocmap.services import translations


class TranslationBody(bodies.Body):
    """One text in one language, with the revision the client saw."""

    kind: StrictStr
    id: StrictStr
    language: StrictStr
    field: StrictStr
    text: StrictStr = ""
    base_revision: bodies.Number | None = None


class TranslationsQuery(bodies.Query):
    language: str | None = None
    gaps: bool = False


def register_translations_api(api: Blueprint, db, endpoint: Callable, who: Callable[[], Author],
                              parsed: Callable[[type], bodies.Body]) -> None:
    """Add the translation routes to the API blueprint."""

    @api.get("/maps/<int:map_id>/translations")
    @endpoint
    def list_translations(map_id: int):
        query = TranslationsQuery.model_validate(request.args.to_dict())
        found = translations.languages(db, map_id, who=who())
        answer = {"revision": found.revision, "source": found.source, "languages": found.languages,
                  "counts": tr.gap_counts(found.state, found.languages)}
        if query.language:
            code = translations.language(query.language)
            rows = tr.gaps(found.state, code) if query.gaps else tr.texts(found.state, code)
            answer |= {"language": code, "texts": [asdict(row) for row in rows]}
        return jsonify(answer)

    @api.put("/maps/<int:map_id>/translations")
    @endpoint
    def put_translation(map_id: int):
        body = parsed(TranslationBody)
        applied = translations.translate(db, map_id, body.kind, body.id, body.language, body.field, body.text,
                                         who(), body.base_revision)
        return jsonify(revision=applied.revision, summary=applied.record.summary), 201
