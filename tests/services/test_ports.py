"""The database adapter provides what the services declare in services/ports.py, with the same parameters."""

import inspect

import pytest

from tocmap.adapters.database import Database, Store
from tocmap.services import ports

#: Repositories and the repository of each aggregate it combines.
PROTOCOLS = [c for c in ports.Repositories.__mro__ if c.__module__ == ports.__name__]


def declared(protocol) -> dict[str, inspect.Signature]:
    """The methods a protocol declares itself (not those of its bases)."""
    return {name: inspect.signature(member) for name, member in vars(protocol).items()
            if inspect.isfunction(member) and not name.startswith("_")}


def parameters(signature: inspect.Signature) -> list[tuple[str, object, object]]:
    return [(p.name, p.kind, p.default) for p in signature.parameters.values()]


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=lambda p: p.__name__)
def test_the_store_provides_every_method_a_repository_declares(protocol):
    for name, signature in declared(protocol).items():
        assert hasattr(Store, name), f"Store lacks {protocol.__name__}.{name}"
        assert parameters(inspect.signature(getattr(Store, name))) == parameters(signature), name


def test_every_method_of_the_store_is_declared_for_the_services():
    offered = {name for name, member in inspect.getmembers(Store, inspect.isfunction) if not name.startswith("_")}
    wanted = set().union(*(declared(p) for p in PROTOCOLS))
    assert offered - wanted == set(), "declare these in services/ports.py (or make them private)"


def test_the_database_provides_the_storage_the_services_use():
    for name, signature in declared(ports.Storage).items():
        assert parameters(inspect.signature(getattr(Database, name))) == parameters(signature), name
    database = Database("sqlite://")
    try:
        assert {"limits", "cache"} <= set(vars(database))
        for name, signature in declared(ports.StateCache).items():
            assert parameters(inspect.signature(getattr(database.cache, name).__func__)) == parameters(signature)
    finally:
        database.dispose()
