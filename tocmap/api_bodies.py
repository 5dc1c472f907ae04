"""What each API request may send: pydantic models for its JSON body and its query string.

Every body is a JSON object whose fields have the types named here (text is text, a revision
is a whole number, true is not a revision); every number a client sends about ids, limits
or revisions lies within what JavaScript holds exactly (0 to 2**53). A request that does not
fit is refused with 400 and a message naming the field, before any service runs. The
services still check what the values mean (a known template, a comment not too long...).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr

#: The largest whole number a browser holds exactly.
NUMBER_MAX = 2**53

#: A revision, an id or a count a client sends.
Number = Annotated[StrictInt, Field(ge=0, le=NUMBER_MAX)]
#: The same read from a query string ("?limit=50"), where everything arrives as text.
QueryNumber = Annotated[int, Field(ge=0, le=NUMBER_MAX, strict=False)]


class Body(BaseModel):
    """Base of the request bodies: the fields they name, with the types they name; others are kept."""

    model_config = ConfigDict(extra="allow", strict=True)


class Query(BaseModel):
    """Base of query strings: numbers arrive as text and are read as numbers."""

    model_config = ConfigDict(extra="ignore")


class NewToken(Body):
    name: StrictStr = "API token"


class NewMap(Body):
    title: StrictStr = ""
    template: StrictStr | None = None


class ChangeBody(Body):
    change: dict[str, Any]
    base_revision: Number | None = None


class ItemBody(Body):
    """An element or link to add or fields to change, with the revision the client saw."""

    base_revision: Number | None = None
    set: dict[str, Any] | None = None


class ViewBody(Body):
    """A saved view's fields (name, kinds, owners, tags, search, focus, agreement, status, zoom, centre)."""

    base_revision: Number | None = None


class RenameView(Body):
    name: StrictStr
    base_revision: Number | None = None


class NewThread(Body):
    subject_kind: StrictStr = "map"
    subject_id: StrictStr = ""
    text: StrictStr


class Reply(Body):
    text: StrictStr


class Resolve(Body):
    resolved: StrictBool = True


class NewLearning(Body):
    text: StrictStr
    kind: StrictStr = "reflection"
    date: StrictStr | None = None
    elements: list[StrictStr] | None = None
    indicators: list[StrictStr] | None = None
    source: dict[str, Any] | None = None


class NewPartner(Body):
    name: StrictStr
    short_name: StrictStr = ""
    colour: StrictStr | None = None
    language: StrictStr = ""
    organisations: list[StrictStr] | None = None


class Merge(Body):
    into: StrictStr


class Invite(Body):
    email: StrictStr
    role: StrictStr = "editor"
    partner: StrictStr | None = None


class MapQuery(Query):
    revision: QueryNumber | None = None


class HistoryQuery(Query):
    limit: QueryNumber = 100
    before: QueryNumber | None = None


class ItemsQuery(Query):
    """Listing elements or links: optionally only those whose value of one of the map's fields fits.

    ``?field=priority&value=High&value=Low`` (a choice field: any of the options),
    ``?field=budget&min=1000&max=5000`` (a number or a date field: either end may be left out),
    ``?field=note&contains=water`` (a text field).
    """

    field: StrictStr | None = None
    value: list[StrictStr] = Field(default_factory=list, max_length=100)
    min: StrictStr | None = None
    max: StrictStr | None = None
    contains: StrictStr = ""


class RemoveQuery(Query):
    base_revision: QueryNumber | None = None


class ThreadsQuery(Query):
    subject_kind: str | None = None
    subject_id: str = ""


class LearningQuery(Query):
    partner: str | None = None
