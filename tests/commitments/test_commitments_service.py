"""The tracker's operations on a real database (SQLite; PostgreSQL when GOLDENAGE_TEST_PG_URL is set)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.exc import DBAPIError

from goldenage.commitments import importer, migrate, service
from goldenage.commitments.db import make_engine, transaction
from goldenage.commitments.errors import CommitmentNotFoundError, DatabaseError, TransitionError
from goldenage.commitments.models import AuditEntry, Base, Commitment, Evidence
from goldenage.commitments.seed import load_seed

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
TABLES = {"sources", "commitments", "commitment_sources", "evidence", "audit_log", "alembic_version"}


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def seeded(seeded_url: str) -> Iterator[Engine]:
    engine = make_engine(seeded_url)
    yield engine
    engine.dispose()


def evidence(
    url: str = "https://example.org/evidence", day: dt.date = dt.date(2026, 5, 1)
) -> service.EvidenceInput:
    return service.EvidenceInput(url=url, summary="What the evidence shows.", observed_on=day)


def test_init_creates_the_schema_and_imports_the_seed_once(engine: Engine) -> None:
    first = service.init_database(engine, actor="tester", now=NOW)
    seed = load_seed()
    assert first.revision_before is None
    assert first.revision_after == migrate.head_revision()
    assert len(first.created) == len(seed.commitments) >= 30
    assert first.sources_created == len(seed.sources)
    assert first.evidence_added == sum(len(c.evidence) for c in seed.commitments)
    assert TABLES <= set(inspect(engine).get_table_names())
    with transaction(engine, write=False) as session:
        audit = session.scalars(select(AuditEntry)).all()
    # One entry per created source, commitment and evidence item.
    assert len(audit) == first.sources_created + len(first.created) + first.evidence_added
    assert {a.actor for a in audit} == {"tester"}

    second = service.init_database(engine, actor="tester")
    assert not second.changed
    with transaction(engine, write=False) as session:
        assert len(session.scalars(select(AuditEntry)).all()) == len(audit)


def test_migrations_match_the_models_and_downgrade(engine: Engine) -> None:
    with engine.begin() as connection:
        migrate.upgrade(connection)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    with engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    with engine.begin() as connection:
        migrate.upgrade(connection)
    assert TABLES <= set(inspect(engine).get_table_names())


def test_init_is_one_transaction(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    original = importer.SeedImporter._commitment
    calls = {"n": 0}

    def failing(self: object, item: object) -> None:
        calls["n"] += 1
        if calls["n"] == 10:
            message = "boom in the middle of the import"
            raise RuntimeError(message)
        original(self, item)  # type: ignore[arg-type]

    monkeypatch.setattr(importer.SeedImporter, "_commitment", failing)
    with pytest.raises(RuntimeError, match="boom"):
        service.init_database(engine, actor="tester")
    # Nothing is left: not the schema (DDL is transactional on SQLite and PostgreSQL), no rows.
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    with engine.connect() as connection:
        assert migrate.current_revision(connection) is None


def test_ensure_ready_initialises_on_first_use(engine: Engine) -> None:
    service.ensure_ready(engine, actor="first-use")
    assert len(service.list_commitments(engine)) == len(load_seed().commitments)
    service.ensure_ready(engine, actor="first-use")  # at head: nothing to do


def test_a_seed_change_is_synced_with_an_audit_entry_and_keeps_the_status(
    seeded: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    service.update_status(seeded, "CM-03", status="pending", evidence=evidence(), note=None, actor="editor")
    seed = load_seed()
    changed = tuple(
        c.model_copy(update={"text": c.text + " (revised)", "sources": (*c.sources, "E6")})
        if c.id == "CM-03"
        else c
        for c in seed.commitments
    )
    monkeypatch.setattr(service, "load_seed", lambda: seed.model_copy(update={"commitments": changed}))
    report = service.init_database(seeded, actor="seeder", now=NOW)
    assert report.updated == ("CM-03",)
    view = service.get_commitment(seeded, "CM-03")
    assert view.text.endswith("(revised)")
    assert view.status == "pending"  # the status recorded by the editor survives a seed sync
    assert [s.key for s in view.sources] == ["P2", "E6"]
    last = service.history(seeded, "CM-03")[-1]
    assert (last.action, last.actor) == ("seed_sync", "seeder")
    assert last.before is not None
    assert last.after is not None
    assert last.after["text"].endswith("(revised)")
    assert last.before["sources"] == ["P2"]
    assert last.after["sources"] == ["P2", "E6"]


def test_update_writes_status_evidence_and_audit_together(seeded: Engine) -> None:
    before = service.get_commitment(seeded, "CM-02")
    result = service.update_status(
        seeded,
        "cm-02",
        status="missed",
        evidence=evidence(),
        note="No bilateral ministerial.",
        actor="ed",
        now=NOW,
    )
    after = service.get_commitment(seeded, "CM-02")
    assert (result.before, result.after) == ("unknown", "missed")
    assert after.status == "missed"
    assert after.revision == before.revision + 1
    added = [e for e in after.evidence if e.id == result.evidence_id]
    assert added
    assert added[0].url == "https://example.org/evidence"
    assert added[0].effect == "missed"
    entry = service.history(seeded, "CM-02")[-1]
    assert entry.id == result.audit_id
    assert entry.actor == "ed"
    assert entry.at == NOW
    assert entry.before == {"status": "unknown"}
    assert entry.after == {
        "status": "missed",
        "evidence": {"id": result.evidence_id, "date": "2026-05-01", "url": "https://example.org/evidence"},
    }
    assert entry.note == "No bilateral ministerial."


def test_a_failure_during_update_rolls_back_every_part(
    seeded: Engine, seeded_url: str, db_snapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = db_snapshot(seeded_url)

    def broken_audit(**fields: object) -> AuditEntry:
        message = "audit writer failed after the evidence and the status were flushed"
        raise RuntimeError(message)

    monkeypatch.setattr(service, "AuditEntry", broken_audit)
    with pytest.raises(RuntimeError, match="audit writer failed"):
        service.update_status(seeded, "CM-02", status="pending", evidence=evidence(), note=None, actor="ed")
    assert db_snapshot(seeded_url) == before


@pytest.mark.parametrize(
    ("commitment_id", "status", "with_evidence", "day", "message"),
    [
        ("CM-03", "done", False, None, "needs the evidence"),
        ("GA-03", "in_progress", False, None, "leaving the closing status 'done'"),
        ("CM-03", "unknown", False, None, "already 'unknown'"),
        ("CM-03", "missed", True, dt.date(2026, 5, 1), "needs a deadline"),  # CM-03 has no deadline
        ("CM-02", "missed", True, dt.date(2026, 4, 26), r"due 2026-04-26"),  # not after the due date
    ],
)
def test_forbidden_transitions_write_nothing(  # noqa: PLR0913
    seeded: Engine,
    seeded_url: str,
    db_snapshot,
    commitment_id: str,
    status: str,
    with_evidence: bool,
    day: dt.date | None,
    message: str,
) -> None:
    before = db_snapshot(seeded_url)
    item = evidence(day=day) if with_evidence and day else None
    with pytest.raises(TransitionError, match=message):
        service.update_status(seeded, commitment_id, status=status, evidence=item, note=None, actor="ed")
    assert db_snapshot(seeded_url) == before


def test_unknown_id(seeded: Engine, seeded_url: str, db_snapshot) -> None:
    before = db_snapshot(seeded_url)
    with pytest.raises(CommitmentNotFoundError, match="ZZ-99"):
        service.update_status(seeded, "ZZ-99", status="done", evidence=evidence(), note=None, actor="ed")
    with pytest.raises(CommitmentNotFoundError):
        service.history(seeded, "ZZ-99")
    assert db_snapshot(seeded_url) == before


@pytest.mark.parametrize("table", ["audit_log", "evidence"])
def test_the_database_refuses_to_rewrite_history(seeded: Engine, table: str) -> None:
    for statement in (f"UPDATE {table} SET id = id", f"DELETE FROM {table}"):  # noqa: S608 - fixed names
        with pytest.raises(DBAPIError, match="append-only"), seeded.begin() as connection:
            connection.execute(text(statement))
    with seeded.connect() as connection:
        assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() > 0  # noqa: S608


def test_the_orm_refuses_to_change_audit_or_evidence_rows(seeded: Engine) -> None:
    with pytest.raises(PermissionError, match="append-only"), transaction(seeded, write=True) as session:
        session.scalars(select(AuditEntry)).first().actor = "someone else"  # type: ignore[union-attr]
    with pytest.raises(PermissionError, match="append-only"), transaction(seeded, write=True) as session:
        session.delete(session.scalars(select(Evidence)).first())


def test_list_filters(seeded: Engine) -> None:
    views = service.list_commitments(seeded)
    assert len(views) == len(load_seed().commitments)
    dated = [v.due_on for v in views if v.due_on]
    assert dated == sorted(dated)
    assert views[-1].due_on is None
    done = service.list_commitments(seeded, status="done")
    assert done
    assert all(v.status == "done" for v in done)
    japan = service.list_commitments(seeded, party="Japan")
    assert {"CM-01", "DEF-01", "PUR-04"} <= {v.id for v in japan}  # US+Japan counts as Japan
    assert all("Japan" in v.party.split("+") for v in japan)
    # "strictly before": CM-02 is due 2026-04-26, so it is in before 2026-04-27 but not before 2026-04-26.
    assert "CM-02" in {v.id for v in service.list_commitments(seeded, due_before=dt.date(2026, 4, 27))}
    assert "CM-02" not in {v.id for v in service.list_commitments(seeded, due_before=dt.date(2026, 4, 26))}


def test_stored_due_dates_agree_with_the_stored_rules(seeded: Engine) -> None:
    with transaction(seeded, write=False) as session:
        rows = session.scalars(select(Commitment)).all()
        for row in rows:
            view = service.get_commitment(seeded, row.id)
            assert row.due_on == (view.occurrences[0] if view.occurrences else None), row.id


def test_a_database_from_a_newer_version_is_refused(seeded: Engine) -> None:
    with seeded.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(DatabaseError, match="9999_future"):
        service.ensure_ready(seeded, actor="tester")


def test_sqlite_runs_with_foreign_keys_and_wal(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'pragmas.db'}")
    try:
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
            assert connection.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
            assert connection.execute(text("PRAGMA synchronous")).scalar_one() == 2  # FULL
    finally:
        engine.dispose()


def test_concurrent_writers_take_turns(seeded: Engine) -> None:
    # Two threads update different commitments at the same time; every update lands once.
    ids = [v.id for v in service.list_commitments(seeded, status="unknown")][:6]
    errors: list[BaseException] = []

    def worker(chunk: list[str]) -> None:
        try:
            for commitment_id in chunk:
                service.update_status(
                    seeded, commitment_id, status="pending", evidence=evidence(), note=None, actor="t"
                )
        except BaseException as err:  # reported by the assertion below
            errors.append(err)

    threads = [threading.Thread(target=worker, args=(ids[k::2],)) for k in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert {v.id for v in service.list_commitments(seeded, status="pending")} >= set(ids)
    for commitment_id in ids:
        assert [h.action for h in service.history(seeded, commitment_id)][-1] == "update"
