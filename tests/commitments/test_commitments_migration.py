"""A database written by the previous release migrates to the current schema and seed.

The fixture holds the rows of a database that goldenage wrote at schema ``0001_initial`` with
the seed edition of 2026-11-25, plus one status recorded by an analyst (CM-02 -> missed). The
current ``init`` must upgrade the schema (0002: verification, retrieval dates, evidence
corrections), bring the seed's corrections of 2026-12-06 in (audit ``seed_sync``,
``seed_status``, ``add_evidence``, ``correct_evidence``), keep the analyst's status and every
earlier row as it was (append-only), and write nothing on a second run.
(SQLite; PostgreSQL too when GOLDENAGE_TEST_PG_URL is set.)
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import Engine, select

from goldenage.commitments import migrate, service
from goldenage.commitments.db import make_engine, transaction
from goldenage.commitments.models import AuditEntry, Commitment, Evidence, EvidenceCorrection
from goldenage.commitments.seed import load_seed

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "db_0001_seed_2026-11-25.json"
NOW = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)
DATE_COLUMNS = {"published", "made_on", "deadline_anchor", "deadline_date", "due_on", "observed_on"}
TIME_COLUMNS = {"created_at", "updated_at", "recorded_at", "at"}
JSON_COLUMNS = {"other_urls", "before", "after"}
ORDER = ("sources", "commitments", "commitment_sources", "evidence", "audit_log")


def _typed(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if value is not None and key in DATE_COLUMNS:
            value = dt.date.fromisoformat(value)
        elif value is not None and key in TIME_COLUMNS:
            value = dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)
        out[key] = value
    return out


def _load_old_database(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Create the 0001 schema and insert the fixture's rows as the old release left them."""
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), "0001_initial")
    with engine.begin() as connection:
        for name in ORDER:
            rows = data[name]
            columns = [sa.column(c, sa.JSON() if c in JSON_COLUMNS else sa.types.NullType()) for c in rows[0]]
            table = sa.table(name, *columns)
            connection.execute(table.insert(), [_typed(r) for r in rows])
        if connection.dialect.name == "postgresql":  # ids were given explicitly: move the sequences on
            for name in ("evidence", "audit_log"):
                connection.execute(
                    sa.text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))"
                    )
                )
    return data


@pytest.fixture
def old_engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


def test_a_database_of_the_previous_release_migrates_cleanly(old_engine: Engine) -> None:
    old = _load_old_database(old_engine)
    with old_engine.connect() as connection:
        assert migrate.current_revision(connection) == "0001_initial"

    report = service.init_database(old_engine, actor="upgrade", now=NOW)
    seed = load_seed()
    assert report.revision_before == "0001_initial"
    assert report.revision_after == migrate.head_revision() == "0002_verification"
    # New commitments of the audit: the split of APEC-01 and six that were missing.
    assert set(report.created) == {"APEC-01B", "GA-07", "GA-08", "SEC-02", "DIP-02", "CM-08", "PUR-08"}
    assert len(service.list_commitments(old_engine)) == len(seed.commitments) == 48 + 7
    # DIP-01 was 'done' on one anonymous official's word; no user set it: the seed moves it.
    assert report.statuses_synced == ("DIP-01",)
    assert report.statuses_kept == ()  # CM-02's seed status did not change: nothing to report
    # Two wrong evidence items (INV-01's $109 billion, DIP-01's papers) are corrected, not edited.
    assert report.evidence_corrected == 2
    # Every commitment now carries the seed's verification (the column's default was replaced).
    with transaction(old_engine, write=False) as session:
        rows = {r.id: r for r in session.scalars(select(Commitment))}
    expected = {c.id: c.verification for c in seed.commitments}
    assert {key: row.verification for key, row in rows.items()} == expected

    dip = service.get_commitment(old_engine, "DIP-01")
    assert dip.status == "unknown"
    assert dip.verification == "unverified"
    wrong = next(e for e in dip.evidence if e.effect == "done")
    right = next(e for e in dip.evidence if e.effect == "unknown")
    assert wrong.corrected_by == (right.id,)  # the old item is still there, marked corrected
    history = service.history(old_engine, "DIP-01")
    status_change = next(h for h in history if h.action == "seed_status")
    assert (status_change.before, status_change.after) == ({"status": "done"}, {"status": "unknown"})

    # The analyst's status and evidence survive.
    cm02 = service.get_commitment(old_engine, "CM-02")
    assert cm02.status == "missed"
    assert any(e.url == "https://example.org/no-ministerial" for e in cm02.evidence)

    # CUL-01: Kishida's pledge of 2024-04-10, no date promised: the due date goes away.
    cul = service.get_commitment(old_engine, "CUL-01")
    assert (cul.made_on, cul.due_on) == (dt.date(2024, 4, 10), None)
    # APEC-01 and APEC-01B: No. 70 to 2026-11-10, No. 72 to 2026-11-27.
    assert service.get_commitment(old_engine, "APEC-01").due_on == dt.date(2026, 11, 10)
    assert service.get_commitment(old_engine, "APEC-01B").due_on == dt.date(2026, 11, 27)

    # Append-only: every evidence and audit row of the old release is still there, unchanged.
    with transaction(old_engine, write=False) as session:
        evidence = {e.id: e for e in session.scalars(select(Evidence))}
        audit = {a.id: a for a in session.scalars(select(AuditEntry))}
        corrections = session.scalars(select(EvidenceCorrection)).all()
    for row in old["evidence"]:
        assert (evidence[row["id"]].summary, evidence[row["id"]].effect) == (row["summary"], row["effect"])
    for row in old["audit_log"]:
        assert (audit[row["id"]].action, audit[row["id"]].after) == (row["action"], row["after"])
    assert len(corrections) == 2

    # A second run changes nothing.
    again = service.init_database(old_engine, actor="upgrade")
    assert not again.changed
    with transaction(old_engine, write=False) as session:
        assert len(session.scalars(select(AuditEntry)).all()) == len(audit)


def test_a_status_set_by_a_user_is_kept_when_the_seed_changes_it(
    old_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    _load_old_database(old_engine)
    seed = load_seed()
    # Suppose the shipped data now said CM-02 was done: the analyst's 'missed' must stay.
    changed = tuple(
        c.model_copy(update={"status": "done"}) if c.id == "CM-02" else c for c in seed.commitments
    )
    monkeypatch.setattr(service, "load_seed", lambda: seed.model_copy(update={"commitments": changed}))
    report = service.init_database(old_engine, actor="upgrade", now=NOW)
    assert report.statuses_kept == ("CM-02",)
    assert "CM-02" not in report.statuses_synced
    assert service.get_commitment(old_engine, "CM-02").status == "missed"
    last = service.history(old_engine, "CM-02")[-1]
    assert (last.action, last.before, last.after) == (
        "seed_status_kept",
        {"status": "missed"},
        {"seed_status": "done"},
    )
    # Noted once: the next run has nothing to say.
    again = service.init_database(old_engine, actor="upgrade")
    assert again.statuses_kept == ()
    assert not again.changed
