"""Models rebuilt from JSON that tocmap wrote itself, without validating it again.

A checkpoint holds a whole :class:`~tocmap.domain.model.MapState` that was valid when it was
stored. Validating it again on every read (every text checked, every reference followed)
costs most of a cold rebuild, so :func:`trusted` builds the models field by field from the
JSON instead: nested models, enums, dates and tuples are converted by reading the models'
own annotations, everything else is taken as JSON gave it, and fields left out take their
defaults. Use it only for data this version of tocmap dumped itself (see
:func:`schema_fingerprint`); anything from outside is validated.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import hashlib
import json
import types
import typing
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, TypeAdapter

Convert = Callable[[Any], Any]


def trusted(model: type[BaseModel], data: dict[str, Any]) -> Any:
    """An instance of ``model`` from ``data`` (as ``json.loads`` read its dump), built without validation.

    Examples
    --------
    >>> from tocmap.domain.model import Element, MapState
    >>> state = MapState(title="Ours", elements={"o1": Element(id="o1", kind="outcome", label="Staff use data")})
    >>> again = trusted(MapState, json.loads(state.model_dump_json(exclude_defaults=True)))
    >>> again == state, type(again.elements["o1"].kind).__name__
    (True, 'ElementKind')
    """
    return _builder(model)(data)


@functools.cache
def schema_fingerprint(model: type[BaseModel]) -> str:
    """A short digest of the model's JSON schema: it changes whenever a field, type or constraint does.

    Data dumped under another fingerprint is validated when read, never trusted.

    >>> from tocmap.domain.model import MapState
    >>> len(schema_fingerprint(MapState))
    16
    """
    schema = json.dumps(model.model_json_schema(), sort_keys=True)
    return hashlib.sha256(schema.encode()).hexdigest()[:16]


_BUILDERS: dict[type[BaseModel], Convert] = {}


def _builder(model: type[BaseModel]) -> Convert:
    """The function that builds ``model`` from its dumped fields (made once per model)."""
    if model in _BUILDERS:
        return _BUILDERS[model]
    _BUILDERS[model] = lambda data: _BUILDERS[model](data)  # stands in while a model names itself
    fields = model.model_fields
    converters = [(name, convert) for name, field in fields.items() if (convert := _converter(field.annotation))]
    factories = [(name, field.default_factory) for name, field in fields.items() if field.default_factory]
    # Every field, in the model's order (a dump follows the order of the instance's dict): a
    # value from the data keeps its field's place. Required fields are always in the data.
    defaults = {name: None if field.is_required() else field.default for name, field in fields.items()}

    def build(data: dict[str, Any]) -> BaseModel:
        values = {**defaults, **data}
        for name, convert in converters:
            if name in data:
                values[name] = convert(values[name])
        for name, factory in factories:
            if name not in data:
                values[name] = factory()
        instance = model.__new__(model)
        object.__setattr__(instance, "__dict__", values)
        object.__setattr__(instance, "__pydantic_fields_set__", set(data))
        object.__setattr__(instance, "__pydantic_extra__", None)
        object.__setattr__(instance, "__pydantic_private__", None)
        return instance

    _BUILDERS[model] = build
    return build


def _converter(annotation: Any) -> Convert | None:
    """How a JSON value becomes the annotated Python value (None: it already is one)."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _converter(args[0])
    if origin is None:
        return _plain(annotation)
    if origin is typing.Literal:
        return None
    if origin in (typing.Union, types.UnionType):
        return _union(annotation, args)
    if origin is list:
        item = _converter(args[0])
        return None if item is None else (lambda values: [item(v) for v in values])
    if origin in (set, frozenset):
        item = _converter(args[0])
        return origin if item is None else (lambda values: origin(item(v) for v in values))
    if origin is tuple:
        return _tuple(args)
    if origin is dict:
        return _dict(*args)
    return _validated(annotation)


def _plain(annotation: Any) -> Convert | None:
    if annotation in (str, int, float, bool, Any, type(None)):  # dumped floats keep their ".0"
        return None
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return _builder(annotation)
        if issubclass(annotation, enum.Enum):
            return {member.value: member for member in annotation}.__getitem__
        if annotation is dt.date:
            return dt.date.fromisoformat
    return _validated(annotation)  # datetimes (pydantic's own time zones), anything unusual


def _union(annotation: Any, args: tuple) -> Convert | None:
    present = [a for a in args if a is not type(None)]
    converters = [_converter(a) for a in present]
    if all(c is None for c in converters):
        return None
    if len(present) == 1:  # X | None
        convert = converters[0]
        return lambda value: None if value is None else convert(value)
    return _validated(annotation)


def _dict(key_type: Any, value_type: Any) -> Convert | None:
    key, value = _converter(key_type), _converter(value_type)
    if key is None:
        return None if value is None else (lambda items: {k: value(v) for k, v in items.items()})
    if value is None:
        return lambda items: {key(k): v for k, v in items.items()}
    return lambda items: {key(k): value(v) for k, v in items.items()}


def _tuple(args: tuple) -> Convert:
    if len(args) == 2 and args[1] is Ellipsis:
        item = _converter(args[0])
        return tuple if item is None else (lambda values: tuple(item(v) for v in values))
    items = [_converter(a) or (lambda v: v) for a in args]
    return lambda values: tuple(convert(v) for convert, v in zip(items, values, strict=True))


def _validated(annotation: Any) -> Convert:
    """A value pydantic converts itself (validated, for the few types not worth converting by hand)."""
    return TypeAdapter(annotation).validate_python
