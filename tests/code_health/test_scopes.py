"""Code health: every scope list loads, is cited, and every list a rule reads exists."""

from __future__ import annotations

from goldenage.tariffs.scopes import all_scopes, scope
from goldenage.tariffs.timeline import MODULES


def test_every_scope_list_loads_with_citations_and_sources() -> None:
    lists = all_scopes()
    assert lists
    for listed in lists:
        assert listed.entries, listed.id
        assert listed.metadata.reference, listed.id
        assert listed.metadata.sources, listed.id
        assert listed.metadata.built_by, listed.id


def test_every_list_an_authority_reads_is_shipped() -> None:
    for module in MODULES.values():
        for list_id in module.SCOPES:
            assert scope(list_id).id == list_id
