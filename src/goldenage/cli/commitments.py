"""``goldenage commitments``: the summit commitments tracker (init, list, show, update, history, export-ics).

The database is ``GOLDENAGE_DB_URL`` or the default SQLite file (see ``docs/commitments.md``);
every command except ``init`` initialises it on first use.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine

from goldenage.cli import options as opt
from goldenage.commitments import service
from goldenage.commitments.db import make_engine
from goldenage.commitments.ics import calendar_text, write_atomically
from goldenage.commitments.inputs import (
    ACTOR_LENGTH,
    default_actor,
    parse_date,
    parse_party,
    parse_text,
    parse_update,
)
from goldenage.commitments.statuses import ACCEPTED, STATUSES, parse_status, status_label
from goldenage.commitments.views import AuditView, CommitmentView
from goldenage.outputs import json_text

commitments_app = typer.Typer(
    help="Summit commitments of 2025-10-28: sources, deadlines, evidence and an audit trail.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

IdArgument = Annotated[str, typer.Argument(metavar="ID", help="Commitment id, e.g. CM-02.")]
ByOption = Annotated[
    str | None,
    typer.Option(
        "--by", metavar="NAME", help="Who makes the change (default: $GOLDENAGE_USER or login name)."
    ),
]


@contextmanager
def _engine(*, prepare: bool = True, actor: str | None = None) -> Iterator[Engine]:
    engine = make_engine()
    try:
        if prepare:
            service.ensure_ready(engine, actor=actor or default_actor())
        yield engine
    finally:
        engine.dispose()


def _actor(by: str | None) -> str:
    return parse_text(by, "--by", max_length=ACTOR_LENGTH) if by is not None else default_actor()


def _console() -> Console:
    return Console(width=max(Console().width, 140))


def _echo_json(payload: Any) -> None:
    typer.echo(json_text(payload))


@commitments_app.command("init")
def init_command(by: ByOption = None) -> None:
    """Create or upgrade the database and import the seed dataset (idempotent, one transaction)."""
    with _engine(prepare=False) as engine:
        report = service.init_database(engine, actor=_actor(by))
        where = engine.url.render_as_string(hide_password=True)
    schema = (
        f"schema {report.revision_before or 'empty'} -> {report.revision_after}"
        if report.revision_before != report.revision_after
        else f"schema at {report.revision_after}"
    )
    typer.echo(
        f"{where}: {schema}; commitments created {len(report.created)}, updated {len(report.updated)}; "
        f"sources created {report.sources_created}, updated {report.sources_updated}; "
        f"evidence added {report.evidence_added}" + ("" if report.changed else " (nothing to do)")
    )
    if report.statuses_synced:
        typer.echo(f"statuses corrected from the shipped data: {', '.join(report.statuses_synced)}")
    if report.evidence_corrected:
        typer.echo(f"evidence items corrected by later items: {report.evidence_corrected}")
    if report.statuses_kept:
        typer.echo(
            "statuses you set were kept although the shipped data now says otherwise: "
            f"{', '.join(report.statuses_kept)} (see `goldenage commitments show ID`)"
        )


@commitments_app.command("list")
def list_command(
    status: Annotated[
        str | None, typer.Option("--status", metavar="S", help=f"Only this status: {ACCEPTED}.")
    ] = None,
    party: Annotated[
        str | None,
        typer.Option("--party", metavar="P", help="Only commitments of this party, e.g. Japan, US."),
    ] = None,
    due_before: Annotated[
        str | None, typer.Option("--due-before", metavar="YYYY-MM-DD", help="Only those due strictly before.")
    ] = None,
    as_json: opt.JsonFlag = False,
) -> None:
    """List commitments by due date (undated last).

    JSON: a list of {id, title, party, category, made_on, due_on, status, sources (URLs)}.
    """
    wanted_status = parse_status(status) if status is not None else None
    before = parse_date(due_before, "--due-before") if due_before is not None else None
    with _engine() as engine:
        wanted_party = parse_party(party, service.party_keys(engine)) if party is not None else None
        views = service.list_commitments(engine, status=wanted_status, party=wanted_party, due_before=before)
    if as_json:
        _echo_json([v.to_json() for v in views])
        return
    table = Table(title=f"{len(views)} commitment{'' if len(views) == 1 else 's'}")
    for column in ("ID", "Party", "Category", "Made", "Due", "Status", "Title"):
        table.add_column(column)
    for v in views:
        due = v.due_on.isoformat() if v.due_on else "-"
        table.add_row(v.id, v.party, v.category, v.made_on.isoformat(), due, status_label(v.status), v.title)
    _console().print(table)


@commitments_app.command("show")
def show_command(commitment_id: IdArgument, as_json: opt.JsonFlag = False) -> None:
    """One commitment: text, deadline rule and due dates, sources, evidence."""
    with _engine() as engine:
        view = service.get_commitment(engine, commitment_id)
    if as_json:
        _echo_json(view.to_json_full())
    else:
        _print_commitment(view, _console())


def _print_commitment(view: CommitmentView, console: Console) -> None:
    def line(text: str) -> None:
        console.print(text, highlight=False, markup=False)

    line(f"{view.id}  {view.title}")
    status = status_label(view.status)
    line(f"  party {view.party} | category {view.category} | made {view.made_on} | status {status}")
    line(f"  verification: {view.verification}" + (f" ({view.unverified})" if view.unverified else ""))
    line(f"  {view.text}")
    quote = f' ("{view.rule_quote}")' if view.rule_quote else ""
    due = ", ".join(d.isoformat() for d in view.occurrences) or "none"
    line(f"  deadline: {view.rule}{quote}; due {due}")
    if view.rule_note:
        line(f"  deadline note: {view.rule_note}")
    if view.notes:
        line(f"  notes: {view.notes}")
    line("  sources:")
    for s in view.sources:
        date = s.published.isoformat() if s.published else "undated"
        read = f", read {s.retrieved.isoformat()}" if s.retrieved else ""
        line(f"    [{s.key}] {s.publisher}, {s.title}, {date}{read} <{s.url or s.note}>")
    line(f"  evidence ({len(view.evidence)}):")
    for e in view.evidence:
        corrected = f" (corrected by #{', #'.join(map(str, e.corrected_by))})" if e.corrected_by else ""
        line(f"    #{e.id} {e.observed_on} [{e.effect or '-'}] {e.summary} <{e.url}>{corrected}")


@commitments_app.command("update")
def update_command(  # noqa: PLR0913 - one parameter per documented option
    commitment_id: IdArgument,
    status: Annotated[
        str | None, typer.Option("--status", metavar="S", help=f"New status: {ACCEPTED}.")
    ] = None,
    evidence: Annotated[
        str | None, typer.Option("--evidence", metavar="URL", help="URL of the evidence for the change.")
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="Summary of the evidence, in your own words.")
    ] = None,
    evidence_date: Annotated[
        str | None,
        typer.Option("--evidence-date", metavar="YYYY-MM-DD", help="Date of the evidence (default: today)."),
    ] = None,
    by: ByOption = None,
) -> None:
    """Change the status; with --evidence, add the evidence too. One transaction with its audit entry."""
    request = parse_update(status, evidence, note, evidence_date, by)
    with _engine(actor=request.actor) as engine:
        result = service.update_status(
            engine,
            commitment_id,
            status=request.status,
            evidence=request.evidence,
            note=request.note,
            actor=request.actor,
        )
    added = f", evidence #{result.evidence_id}" if result.evidence_id else ""
    typer.echo(f"{result.commitment_id}: {result.before} -> {result.after}{added}, audit #{result.audit_id}")


@commitments_app.command("history")
def history_command(commitment_id: IdArgument, as_json: opt.JsonFlag = False) -> None:
    """The audit trail of one commitment: every change, who made it, when, before and after."""
    with _engine() as engine:
        entries = service.history(engine, commitment_id)
    if as_json:
        _echo_json([e.to_json() for e in entries])
        return
    table = Table(title=f"History of {commitment_id.strip().upper()}")
    for column in ("#", "When (UTC)", "By", "Action", "Before", "After", "Note"):
        table.add_column(column)
    for e in entries:
        table.add_row(
            str(e.id),
            e.at.strftime("%Y-%m-%d %H:%M:%S"),
            e.actor,
            e.action,
            _short(e, "before"),
            _short(e, "after"),
            e.note or "",
        )
    _console().print(table)


def _short(entry: AuditView, side: str) -> str:
    value = getattr(entry, side)
    if not value:
        return ""
    if entry.action == "create":
        return f"status {value.get('status')}, due {value.get('due_on') or '-'}"
    if entry.action == "add_evidence":
        return f"evidence #{entry.evidence_id} {value.get('date')} {value.get('url')}"
    if entry.action == "update":
        added = f" + evidence #{entry.evidence_id}" if entry.evidence_id else ""
        return f"status {value.get('status')}" + (added if side == "after" else "")
    return json.dumps(value, ensure_ascii=False)


@commitments_app.command("export-ics")
def export_ics_command(
    path: Annotated[
        Path, typer.Argument(metavar="FILE", help="The .ics file to write (replaced atomically).")
    ],
) -> None:
    """Write every deadline as an all-day calendar event (RFC 5545)."""
    with _engine() as engine:
        views = service.list_commitments(engine)
    dated = [v for v in views if v.occurrences]
    content, count = calendar_text(dated, service.utc_now())
    write_atomically(path, content)
    typer.echo(f"wrote {count} events for {len(dated)} commitments to {path}")


@commitments_app.command("statuses")
def statuses_command(as_json: opt.JsonFlag = False) -> None:
    """The statuses, what each means, and which close a commitment."""
    if as_json:
        _echo_json([{"status": s.name, "meaning": s.meaning, "closing": s.closing} for s in STATUSES])
        return
    for s in STATUSES:
        typer.echo(f"{s.name:<12} {'closing ' if s.closing else '        '}{s.meaning}")
