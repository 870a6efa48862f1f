r"""Deadlines as an iCalendar file (RFC 5545): one all-day event per due date.

Per RFC 5545: lines end in CRLF (3.1); a content line longer than 75 octets is folded by
inserting CRLF and one space, never inside a UTF-8 character (3.1); in TEXT values backslash,
semicolon, comma and newline are escaped as ``\\``, ``\;``, ``\,`` and ``\n`` (3.3.11);
every VEVENT has UID and DTSTAMP (3.6.1); an all-day date is ``DTSTART;VALUE=DATE:YYYYMMDD``
with DTEND the day after (3.6.1, 3.8.2.2). A recurring rule gives one event per period, each
with its own UID, so that clamped dates (e.g. 29 February) stay exact.

Law: RFC 5545, Internet Calendaring and Scheduling Core Object Specification (iCalendar),
https://www.rfc-editor.org/rfc/rfc5545
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from goldenage.commitments.views import CommitmentView
from goldenage.outputs import write_text

PRODID = "-//goldenage//Summit commitments tracker//EN"
UID_DOMAIN = "commitments.goldenage"
FOLD_OCTETS = 75


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma, newlines."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets joined by CRLF + space (RFC 5545 3.1)."""
    pieces: list[str] = []
    current, size = "", 0
    limit = FOLD_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size = " ", 1  # a continuation line starts with one space, which counts
        current += char
        size += width
    pieces.append(current)
    return "\r\n".join(pieces)


def _date(value: dt.date) -> str:
    return value.strftime("%Y%m%d")


def _events(view: CommitmentView, stamp: str) -> list[list[str]]:
    events: list[list[str]] = []
    dates = list(view.occurrences)
    recurring = len(dates) > 1 or view.rule_kind == "per_year"
    sources = " ".join(view.source_urls)
    for number, due in enumerate(dates, start=1):
        uid = f"{view.id}-{number}@{UID_DOMAIN}" if recurring else f"{view.id}@{UID_DOMAIN}"
        period = f" (period {number} of {len(dates)})" if recurring else ""
        rule = view.rule + (f' ("{view.rule_quote}")' if view.rule_quote else "")
        description = "\n".join(
            [
                f"{view.party} - {view.category} - status: {view.status}",
                f"Deadline: {rule}",
                view.text,
                f"Sources: {sources}",
            ]
        )
        lines = [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_date(due)}",
            f"DTEND;VALUE=DATE:{_date(due + dt.timedelta(days=1))}",
            f"SUMMARY:{escape_text(f'{view.id} due: {view.title}{period}')}",
            f"DESCRIPTION:{escape_text(description)}",
            f"CATEGORIES:{escape_text(view.category)}",
            "TRANSP:TRANSPARENT",
        ]
        if view.source_urls:
            lines.append(f"URL:{view.source_urls[0]}")
        lines.append("END:VEVENT")
        events.append(lines)
    return events


def calendar_text(views: Iterable[CommitmentView], now: dt.datetime) -> tuple[str, int]:
    """Return the iCalendar text for the due dates of ``views`` and the number of events."""
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Summit commitments (goldenage)",
    ]
    count = 0
    for view in views:
        for event in _events(view, stamp):
            lines += event
            count += 1
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines), count


def write_atomically(path: Path, content: str) -> None:
    """Write ``content`` (UTF-8, line endings kept) to ``path``: all of it or, on failure, nothing.

    Through :func:`goldenage.outputs.write_text`: a temporary file in the same folder, flushed,
    then renamed over ``path``; a missing folder, a folder in the way or a path that cannot be
    written is an :class:`InputError` on ``FILE``.
    """
    write_text(path, content, "FILE")
