"""Initial schema: sources, commitments, their links, evidence and the audit log.

Evidence and the audit log are append-only: triggers refuse UPDATE and DELETE on them (and
TRUNCATE on PostgreSQL).

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None

STATUSES = "'unknown', 'pending', 'in_progress', 'done', 'missed', 'superseded', 'disputed'"
KINDS = "'none', 'within_days', 'within_months', 'by_date', 'business_days_after', 'per_year'"
APPEND_ONLY = ("evidence", "audit_log")


def upgrade() -> None:
    """Create the tables, indexes and append-only triggers."""
    op.create_table(
        "sources",
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("title", sa.String(400), nullable=False),
        sa.Column("publisher", sa.String(200), nullable=False),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("url", sa.String(2000), nullable=True),
        sa.Column("other_urls", sa.JSON(), nullable=False),
        sa.Column("via", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("key", name="pk_sources"),
    )
    op.create_table(
        "commitments",
        sa.Column("id", sa.String(20), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("party", sa.String(100), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("made_on", sa.Date(), nullable=False),
        sa.Column("deadline_kind", sa.String(32), nullable=False),
        sa.Column("deadline_count", sa.Integer(), nullable=True),
        sa.Column("deadline_anchor", sa.Date(), nullable=True),
        sa.Column("deadline_date", sa.Date(), nullable=True),
        sa.Column("deadline_quote", sa.String(300), nullable=True),
        sa.Column("deadline_note", sa.Text(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_commitments"),
        sa.CheckConstraint(f"status IN ({STATUSES})", name="ck_commitments_status"),
        sa.CheckConstraint(f"deadline_kind IN ({KINDS})", name="ck_commitments_deadline_kind"),
        sa.CheckConstraint(
            "(deadline_kind = 'none' AND due_on IS NULL) OR (deadline_kind <> 'none' AND due_on IS NOT NULL)",
            name="ck_commitments_due_iff_deadline",
        ),
    )
    op.create_index("ix_commitments_party", "commitments", ["party"])
    op.create_index("ix_commitments_category", "commitments", ["category"])
    op.create_index("ix_commitments_due_on", "commitments", ["due_on"])
    op.create_index("ix_commitments_status", "commitments", ["status"])
    op.create_table(
        "commitment_sources",
        sa.Column("commitment_id", sa.String(20), nullable=False),
        sa.Column("source_key", sa.String(40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("commitment_id", "source_key", name="pk_commitment_sources"),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitments.id"],
            name="fk_commitment_sources_commitment_id_commitments",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["source_key"],
            ["sources.key"],
            name="fk_commitment_sources_source_key_sources",
            ondelete="RESTRICT",
        ),
    )
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("commitment_id", sa.String(20), nullable=False),
        sa.Column("observed_on", sa.Date(), nullable=False),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("effect", sa.String(20), nullable=True),
        sa.Column("source_key", sa.String(40), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_evidence"),
        sa.CheckConstraint(f"effect IS NULL OR effect IN ({STATUSES})", name="ck_evidence_effect"),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitments.id"],
            name="fk_evidence_commitment_id_commitments",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["source_key"], ["sources.key"], name="fk_evidence_source_key_sources", ondelete="RESTRICT"
        ),
    )
    op.create_index("ix_evidence_commitment_id", "evidence", ["commitment_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("entity_type", sa.String(20), nullable=False),
        sa.Column("entity_key", sa.String(40), nullable=False),
        sa.Column("commitment_id", sa.String(20), nullable=True),
        sa.Column("evidence_id", sa.Integer(), nullable=True),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitments.id"],
            name="fk_audit_log_commitment_id_commitments",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["evidence_id"], ["evidence.id"], name="fk_audit_log_evidence_id_evidence", ondelete="RESTRICT"
        ),
    )
    op.create_index("ix_audit_log_entity_key", "audit_log", ["entity_key"])
    _create_append_only_triggers()


def _create_append_only_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION goldenage_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '% is append-only: rows are never changed or deleted', TG_TABLE_NAME;
            END;
            $$
            """
        )
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION goldenage_append_only()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION goldenage_append_only()"
            )
        return
    for table in APPEND_ONLY:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: rows are never changed or deleted'); END"
            )


def downgrade() -> None:
    """Drop everything (the data with it)."""
    bind = op.get_bind()
    for table in ("audit_log", "evidence", "commitment_sources", "commitments", "sources"):
        op.drop_table(table)
    if bind.dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS goldenage_append_only()")
