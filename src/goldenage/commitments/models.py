"""The tracker's tables, as SQLAlchemy 2 typed ORM classes.

``sources``               documents cited (title, publisher, date, URL, the day it was read)
``commitments``           one pledge: party, text in our words, category, date made, deadline
                          rule, due date computed from the rule, status, how well it is verified
``commitment_sources``    which sources back a commitment, in order (the first is the main one)
``evidence``              dated items (URL, summary, the status they support); append-only
``evidence_corrections``  which later item corrects an earlier one; append-only
``audit_log``             every change (who, when, before, after); append-only

Append-only is enforced twice: by the ORM (:func:`_refuse_changes`) and by database triggers
created in the migrations, so that no client can rewrite history.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from goldenage.commitments.rules import KINDS
from goldenage.commitments.statuses import STATUS_NAMES

VERIFICATIONS = ("verified", "partly_verified", "unverified")
"""How well a commitment's record is verified against its sources (``commitments.verification``)."""

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
URL_LENGTH = 2000


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored in UTC and always read back timezone-aware.

    SQLite has no time zone type, so values are written there as naive UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        """Refuse naive datetimes; convert to UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            msg = "timestamps must be timezone-aware"
            raise ValueError(msg)
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:  # noqa: ARG002
        """Return an aware UTC datetime."""
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    """Declarative base with a fixed constraint naming convention (stable migrations)."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON}  # noqa: RUF012


class Source(Base):
    """A document cited by commitments or evidence."""

    __tablename__ = "sources"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    title: Mapped[str] = mapped_column(String(400))
    publisher: Mapped[str] = mapped_column(String(200))
    published: Mapped[dt.date | None] = mapped_column(Date)
    url: Mapped[str | None] = mapped_column(String(URL_LENGTH))
    other_urls: Mapped[list[str]] = mapped_column(JSON, default=list)
    via: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    retrieved: Mapped[dt.date | None] = mapped_column(Date)


class CommitmentSource(Base):
    """A source backing a commitment, at a position (0 is the main source)."""

    __tablename__ = "commitment_sources"

    commitment_id: Mapped[str] = mapped_column(
        ForeignKey("commitments.id", ondelete="RESTRICT"), primary_key=True
    )
    source_key: Mapped[str] = mapped_column(ForeignKey("sources.key", ondelete="RESTRICT"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)

    source: Mapped[Source] = relationship(lazy="joined")


class Commitment(Base):
    """One pledge: who, what (in our words), when made, the deadline rule and the status."""

    __tablename__ = "commitments"
    __table_args__ = (
        CheckConstraint(_in("status", STATUS_NAMES), name="status"),
        CheckConstraint(_in("deadline_kind", KINDS), name="deadline_kind"),
        CheckConstraint(
            "(deadline_kind = 'none' AND due_on IS NULL) OR (deadline_kind <> 'none' AND due_on IS NOT NULL)",
            name="due_iff_deadline",
        ),
        CheckConstraint(_in("verification", VERIFICATIONS), name="verification"),
    )

    id: Mapped[str] = mapped_column(String(20), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    party: Mapped[str] = mapped_column(String(100), index=True)
    category: Mapped[str] = mapped_column(String(40), index=True)
    made_on: Mapped[dt.date] = mapped_column(Date)
    deadline_kind: Mapped[str] = mapped_column(String(32))
    deadline_count: Mapped[int | None] = mapped_column(Integer)
    deadline_anchor: Mapped[dt.date | None] = mapped_column(Date)
    deadline_date: Mapped[dt.date | None] = mapped_column(Date)
    deadline_quote: Mapped[str | None] = mapped_column(String(300))
    deadline_note: Mapped[str | None] = mapped_column(Text)
    due_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    revision: Mapped[int] = mapped_column(Integer)
    verification: Mapped[str] = mapped_column(String(20), server_default="unverified")
    unverified: Mapped[str | None] = mapped_column(Text)

    __mapper_args__ = {"version_id_col": revision}  # noqa: RUF012 - SQLAlchemy's declarative API

    source_links: Mapped[list[CommitmentSource]] = relationship(
        order_by=CommitmentSource.position, cascade="all, delete-orphan"
    )
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="commitment", order_by="(Evidence.observed_on, Evidence.id)"
    )

    @property
    def sources(self) -> list[Source]:
        """Return the sources in order, the main one first."""
        return [link.source for link in self.source_links]


class Evidence(Base):
    """A dated piece of evidence on a commitment; never edited (a correction is a new item)."""

    __tablename__ = "evidence"
    __table_args__ = (CheckConstraint(f"effect IS NULL OR {_in('effect', STATUS_NAMES)}", name="effect"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    commitment_id: Mapped[str] = mapped_column(ForeignKey("commitments.id", ondelete="RESTRICT"), index=True)
    observed_on: Mapped[dt.date] = mapped_column(Date)
    url: Mapped[str] = mapped_column(String(URL_LENGTH))
    summary: Mapped[str] = mapped_column(Text)
    effect: Mapped[str | None] = mapped_column(String(20))
    source_key: Mapped[str | None] = mapped_column(ForeignKey("sources.key", ondelete="RESTRICT"))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    recorded_by: Mapped[str] = mapped_column(String(100))

    commitment: Mapped[Commitment] = relationship(back_populates="evidence")
    corrected_by: Mapped[list[EvidenceCorrection]] = relationship(
        foreign_keys="EvidenceCorrection.evidence_id", order_by="EvidenceCorrection.id", viewonly=True
    )


class EvidenceCorrection(Base):
    """A later evidence item that corrects an earlier one (which stays, unchanged)."""

    __tablename__ = "evidence_corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id", ondelete="RESTRICT"), index=True)
    correction_id: Mapped[int] = mapped_column(ForeignKey("evidence.id", ondelete="RESTRICT"), unique=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    recorded_by: Mapped[str] = mapped_column(String(100))


class AuditEntry(Base):
    """One change: who made it, when, what it was before and after; never edited or deleted."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(32))
    entity_type: Mapped[str] = mapped_column(String(20))
    entity_key: Mapped[str] = mapped_column(String(40), index=True)
    commitment_id: Mapped[str | None] = mapped_column(ForeignKey("commitments.id", ondelete="RESTRICT"))
    evidence_id: Mapped[int | None] = mapped_column(ForeignKey("evidence.id", ondelete="RESTRICT"))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)


APPEND_ONLY = (AuditEntry, Evidence, EvidenceCorrection)


@event.listens_for(Session, "before_flush")
def _refuse_changes(session: Session, flush_context: object, instances: object) -> None:  # noqa: ARG001
    """Refuse, before any SQL is sent, an update or delete of an append-only row."""
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, APPEND_ONLY) and (obj in session.deleted or session.is_modified(obj)):
            msg = f"{type(obj).__tablename__} is append-only: rows are never changed or deleted"
            raise PermissionError(msg)
