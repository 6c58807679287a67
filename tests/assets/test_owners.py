"""Every asset names who answers for it, and a newsroom can rename the teams without touching code."""

import dagster as dg
import pytest

from assets.definitions import defs
from assets.owners import DEFAULT_OWNERS, configured_owners, owned


def test_every_asset_has_its_groups_owner_and_models_their_layer() -> None:
    for spec in defs.resolve_all_asset_specs():
        assert spec.owners == [DEFAULT_OWNERS[spec.group_name]], spec.key
        if spec.group_name == "models":
            assert spec.tags["layer"] == spec.key.path[-1].split("_")[0], spec.key


def test_owners_are_overridden_per_group_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_OWNERS", "models=analysts@newsroom.example, ingest=team:scrapers")
    spec = owned(dg.AssetSpec("mart_x", group_name="models"))
    assert spec.owners == ["analysts@newsroom.example"]
    assert owned(dg.AssetSpec("pages", group_name="ingest")).owners == ["team:scrapers"]
    assert owned(dg.AssetSpec("articles", group_name="warehouse")).owners == [DEFAULT_OWNERS["warehouse"]]


def test_a_malformed_owner_entry_is_an_error() -> None:
    with pytest.raises(dg.DagsterInvalidConfigError, match="'models' is not group=owner"):
        configured_owners("models")
