"""``/api/commitments/...``: the JSON of ``goldenage commitments list|show|history|update|export-ics``.

``POST /api/commitments/{id}/status`` is a write: ``Authorization: Bearer <GOLDENAGE_API_TOKEN>``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from goldenage.commitments import service
from goldenage.commitments.ics import calendar_text
from goldenage.commitments.inputs import parse_date, parse_party
from goldenage.commitments.statuses import ACCEPTED, STATUSES, parse_status
from goldenage.web.deps import WriteAuth
from goldenage.web.routes.commitments import tracker_of
from goldenage.web.tracker import parse_update

router = APIRouter(prefix="/api/commitments", tags=["commitments"])


class StatusUpdate(BaseModel):
    """A status change, as the options of ``goldenage commitments update``."""

    model_config = ConfigDict(extra="forbid")

    status: str = Field(description=f"New status: {ACCEPTED}.", max_length=40)
    evidence: str | None = Field(default=None, description="URL of the evidence.", max_length=4000)
    note: str | None = Field(
        default=None, description="Summary of the evidence, in your own words.", max_length=4000
    )
    evidence_date: str | None = Field(
        default=None, description="Date of the evidence (default today).", max_length=40
    )
    by: str | None = Field(default=None, description="Who makes the change.", max_length=200)


@router.get("", summary="List commitments (goldenage commitments list --json)")
def list_route(
    request: Request,
    status: Annotated[str | None, Query(description=f"Only this status: {ACCEPTED}.")] = None,
    party: Annotated[str | None, Query(description="Only commitments of this party, e.g. Japan, US.")] = None,
    due_before: Annotated[
        str | None, Query(description="Only those due strictly before (YYYY-MM-DD).")
    ] = None,
) -> list[dict[str, Any]]:
    """Each item: id, title, party, category, made_on, due_on, status, sources (URLs)."""
    wanted_status = parse_status(status) if status is not None else None
    before = parse_date(due_before, "--due-before") if due_before is not None else None
    engine = tracker_of(request).engine()
    wanted_party = parse_party(party, service.party_keys(engine)) if party is not None else None
    views = service.list_commitments(engine, status=wanted_status, party=wanted_party, due_before=before)
    return [v.to_json() for v in views]


@router.get("/statuses", summary="The statuses (goldenage commitments statuses --json)")
def statuses_route() -> list[dict[str, Any]]:
    """Each status, what it means and whether it closes a commitment."""
    return [{"status": s.name, "meaning": s.meaning, "closing": s.closing} for s in STATUSES]


@router.get("/calendar.ics", summary="Deadlines as iCalendar (goldenage commitments export-ics)")
def calendar_route(request: Request) -> Response:
    """Every deadline as an all-day event (RFC 5545)."""
    views = service.list_commitments(tracker_of(request).engine())
    content, _ = calendar_text([v for v in views if v.occurrences], service.utc_now())
    return Response(content.encode(), media_type="text/calendar; charset=utf-8")


@router.get("/{commitment_id}", summary="One commitment (goldenage commitments show --json)")
def show_route(request: Request, commitment_id: str) -> dict[str, Any]:
    """Text, deadline rule and due dates, sources and evidence."""
    return service.get_commitment(tracker_of(request).engine(), commitment_id).to_json_full()


@router.get("/{commitment_id}/history", summary="The audit trail (goldenage commitments history --json)")
def history_route(request: Request, commitment_id: str) -> list[dict[str, Any]]:
    """Every change: who, when, before and after."""
    return [e.to_json() for e in service.history(tracker_of(request).engine(), commitment_id)]


@router.post(
    "/{commitment_id}/status",
    summary="Change the status (goldenage commitments update); needs the bearer token",
    dependencies=[WriteAuth],
    responses={
        401: {"description": "No bearer token"},
        403: {"description": "Wrong token, or writes disabled"},
    },
)
def update_route(request: Request, commitment_id: str, update: StatusUpdate) -> dict[str, Any]:
    """Status, evidence and audit entry in one transaction; returns what was written."""
    change = parse_update(update.status, update.evidence, update.note, update.evidence_date, update.by)
    result = service.update_status(
        tracker_of(request).engine(),
        commitment_id,
        status=change.status,
        evidence=change.evidence,
        note=change.note,
        actor=change.actor,
    )
    return {
        "id": result.commitment_id,
        "before": result.before,
        "after": result.after,
        "evidence_id": result.evidence_id,
        "audit_id": result.audit_id,
    }
