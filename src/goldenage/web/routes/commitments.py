"""The commitments pages: a filterable table, a detail page with its history, ICS, status updates.

The update form is a write: it needs the CSRF token of the page and the API token
(``GOLDENAGE_API_TOKEN``) typed in its ``api_token`` field (or an ``Authorization: Bearer``
header); it then redirects to the detail page (303), so a reload never repeats it.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from goldenage.commitments import service
from goldenage.commitments.ics import calendar_text
from goldenage.commitments.inputs import parse_date, parse_party
from goldenage.commitments.statuses import STATUSES, parse_status
from goldenage.errors import GoldenageError, InputError
from goldenage.web.deps import SettingsDep
from goldenage.web.errors import form_message, public_message, status_of
from goldenage.web.security import CSRF_FIELD, TOKEN_FIELD, bearer_of, check_token, csrf_check
from goldenage.web.templating import render
from goldenage.web.tracker import SEED_ACTOR, Tracker, parse_update, sources_by_key, upcoming

router = APIRouter(include_in_schema=False)
log = logging.getLogger("goldenage.web")
Text = Annotated[str | None, Query(max_length=100)]
FormText = Annotated[str | None, Form(max_length=4000)]


def tracker_of(request: Request) -> Tracker:
    """Return the app's tracker."""
    return request.app.state.tracker


def next_deadlines(request: Request) -> dict[str, Any]:
    """Return the overview's next deadlines (or the database error, shown in its place)."""
    try:
        return {"items": upcoming(tracker_of(request).engine(), dt.date.today()), "error": None}
    except GoldenageError as err:
        log.warning("next deadlines unavailable: %s: %s", type(err).__name__, err)
        return {"items": [], "error": public_message(err)}


@router.get("/commitments", response_class=HTMLResponse)
def commitments_page(
    request: Request, status: Text = None, party: Text = None, due_before: Text = None
) -> HTMLResponse:
    """Render the table of commitments, filtered by status, party and due date."""
    form = {"status": status or "", "party": party or "", "due_before": due_before or ""}
    context: dict[str, Any] = {
        "active": "commitments",
        "title": "Summit commitments",
        "form": form,
        "statuses": STATUSES,
        "error": None,
        "items": [],
        "parties": [],
    }
    code = 200
    try:
        engine = tracker_of(request).engine()
        keys = service.party_keys(engine)
        context["parties"] = sorted(keys)
        context["items"] = service.list_commitments(
            engine,
            status=parse_status(status) if status else None,
            party=parse_party(party, keys) if party else None,
            due_before=parse_date(due_before, "--due-before") if due_before else None,
        )
    except GoldenageError as err:
        code = status_of(err)
        if code >= 500:  # noqa: PLR2004 - the server's: say nothing internal
            log.warning("commitments page: %s: %s", type(err).__name__, err)
            context["error"] = public_message(err)
        else:
            context["error"], _ = form_message(err)
    context["today"] = dt.date.today()
    return render(request, "commitments.html", context, code)


@router.get("/commitments.ics")
def calendar(request: Request) -> Response:
    """Every deadline as an all-day event (RFC 5545), as ``goldenage commitments export-ics``."""
    views = service.list_commitments(tracker_of(request).engine())
    content, _ = calendar_text([v for v in views if v.occurrences], service.utc_now())
    return Response(
        content.encode(),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="goldenage-commitments.ics"'},
    )


def _detail(request: Request, commitment_id: str, extra: dict[str, Any], code: int = 200) -> HTMLResponse:
    engine = tracker_of(request).engine()
    view = service.get_commitment(engine, commitment_id)
    keys = {e.source_key for e in view.evidence if e.source_key}
    context = {
        "active": "commitments",
        "title": f"{view.id}: {view.title}",
        "c": view,
        "evidence_sources": sources_by_key(engine, keys),
        "history": service.history(engine, commitment_id),
        "statuses": STATUSES,
        "token_field": TOKEN_FIELD,
        "seed_actor": SEED_ACTOR,
        "update_error": None,
        "updated": None,
        "form": {},
        **extra,
    }
    return render(request, "commitment.html", context, code)


@router.get("/commitments/{commitment_id}", response_class=HTMLResponse)
def commitment_page(
    request: Request,
    commitment_id: str,
    updated: Annotated[int | None, Query(description="Audit entry of a just-made update.")] = None,
) -> HTMLResponse:
    """Render one commitment: text, deadline, sources, evidence, history and the update form."""
    return _detail(request, commitment_id, {"updated": updated})


@router.post("/commitments/{commitment_id}/status", response_class=HTMLResponse, response_model=None)
async def update_status(  # noqa: PLR0913 - one parameter per form field
    request: Request,
    settings: SettingsDep,
    commitment_id: str,
    status: FormText = None,
    evidence: FormText = None,
    note: FormText = None,
    evidence_date: FormText = None,
    by: FormText = None,
    api_token: Annotated[str | None, Form(alias=TOKEN_FIELD, max_length=1000)] = None,
    csrf_token: Annotated[str | None, Form(alias=CSRF_FIELD)] = None,
) -> Response:
    """Apply a status update (CSRF token and API token required), then redirect to the page."""
    form = {"status": status, "evidence": evidence, "note": note, "evidence_date": evidence_date, "by": by}
    problem = csrf_check(request, settings, csrf_token)
    if problem is not None:
        return await run_in_threadpool(
            _detail, request, commitment_id, {"update_error": problem, "form": form}, 403
        )
    failure = check_token(settings, api_token or bearer_of(request))
    if failure is not None:
        extra = {"update_error": failure.message, "form": form}
        return await run_in_threadpool(_detail, request, commitment_id, extra, failure.status)
    try:
        change = parse_update(status, evidence, note, evidence_date, by)
        engine = tracker_of(request).engine()
        result = await run_in_threadpool(
            service.update_status,
            engine,
            commitment_id,
            status=change.status,
            evidence=change.evidence,
            note=change.note,
            actor=change.actor,
        )
    except InputError as err:
        message, _ = form_message(err)
        return await run_in_threadpool(
            _detail, request, commitment_id, {"update_error": message, "form": form}, 422
        )
    target = f"/commitments/{result.commitment_id}?" + urlencode({"updated": result.audit_id})
    return RedirectResponse(target, status_code=303)
