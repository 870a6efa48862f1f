"""How well each record is verified, when each source was read, and corrections of evidence.

- ``sources.retrieved``: the day the source (or the copy named in ``via``) was read;
- ``commitments.verification`` (``verified``, ``partly_verified``, ``unverified``; existing rows
  start at ``unverified`` until the seed import of the same transaction sets them) and
  ``commitments.unverified`` (what could not be verified);
- ``evidence_corrections``: an append-only table linking an evidence item to a later item that
  corrects it, so that a wrong item is never edited (triggers refuse UPDATE, DELETE, TRUNCATE).

Columns are added in place (``ALTER TABLE ... ADD COLUMN``): rebuilding ``commitments`` or
``evidence`` on SQLite would break the rows that reference them and drop the append-only
triggers of ``evidence``.

Revision ID: 0002_verification
Revises: 0001_initial
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_verification"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

VERIFICATIONS = "'verified', 'partly_verified', 'unverified'"
TABLE = "evidence_corrections"


def upgrade() -> None:
    """Add the columns and the corrections table with its append-only triggers."""
    op.add_column("sources", sa.Column("retrieved", sa.Date(), nullable=True))
    op.add_column(
        "commitments",
        sa.Column(
            "verification",
            sa.String(20),
            sa.CheckConstraint(f"verification IN ({VERIFICATIONS})", name="ck_commitments_verification"),
            nullable=False,
            server_default="unverified",
        ),
    )
    op.add_column("commitments", sa.Column("unverified", sa.Text(), nullable=True))
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("correction_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_evidence_corrections"),
        sa.UniqueConstraint("correction_id", name="uq_evidence_corrections_correction_id"),
        sa.ForeignKeyConstraint(
            ["evidence_id"],
            ["evidence.id"],
            name="fk_evidence_corrections_evidence_id_evidence",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["correction_id"],
            ["evidence.id"],
            name="fk_evidence_corrections_correction_id_evidence",
            ondelete="RESTRICT",
        ),
    )
    op.create_index("ix_evidence_corrections_evidence_id", TABLE, ["evidence_id"])
    _append_only_triggers()


def _append_only_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # goldenage_append_only() was created by 0001_initial.
        op.execute(
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION goldenage_append_only()"
        )
        op.execute(
            f"CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE} "
            "FOR EACH STATEMENT EXECUTE FUNCTION goldenage_append_only()"
        )
        return
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {TABLE}_no_{verb.lower()} BEFORE {verb} ON {TABLE} "
            f"BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only: rows are never changed or deleted'); END"
        )


def downgrade() -> None:
    """Drop the corrections table and the added columns (their data with them)."""
    op.drop_table(TABLE)
    op.drop_column("commitments", "unverified")
    op.drop_column("commitments", "verification")
    op.drop_column("sources", "retrieved")
