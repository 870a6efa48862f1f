"""iCalendar export (RFC 5545): line endings, folding, escaping, required properties, atomic write."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenage.commitments.ics import calendar_text, escape_text, fold, write_atomically
from goldenage.commitments.views import CommitmentView, SourceView
from goldenage.errors import InputError

NOW = dt.datetime(2026, 11, 25, 13, 0, 5, tzinfo=dt.UTC)


def view(**changes: object) -> CommitmentView:
    fields: dict = {
        "id": "CM-02",
        "title": "Ministerial; minerals, metals",
        "text": "Line one,\nline two; back\\slash",
        "party": "US+Japan",
        "category": "minerals",
        "made_on": dt.date(2025, 10, 28),
        "due_on": dt.date(2026, 4, 26),
        "status": "unknown",
        "rule": "within 180 days of 2025-10-28",
        "rule_kind": "within_days",
        "rule_quote": "within 180 days",
        "rule_note": None,
        "occurrences": (dt.date(2026, 4, 26),),
        "notes": None,
        "sources": (
            SourceView(
                "P2",
                "Framework",
                "The White House",
                dt.date(2025, 10, 27),
                "https://example.org/p2",
                (),
                None,
                None,
            ),
        ),
        "evidence": (),
        "revision": 1,
        "updated_at": NOW,
    }
    fields.update(changes)
    return CommitmentView(**fields)


def unfold(text: str) -> list[str]:
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")  # every line break is CRLF
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def properties(lines: list[str]) -> list[dict[str, str]]:
    events, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = value
    return events


def test_escape_text_per_rfc_5545() -> None:
    # RFC 5545 3.3.11: backslash first, then ; and , ; newlines become \n.
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    assert escape_text("x\r\ny") == "x\\ny"


def test_fold_at_75_octets_with_multibyte_characters() -> None:
    line = "DESCRIPTION:" + "é" * 100  # 12 + 200 octets
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert folded.replace("\r\n ", "") == line
    assert fold("X" * 75) == "X" * 75  # exactly 75 octets: not folded


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_fold_roundtrip_and_limit(value: str) -> None:
    line = "SUMMARY:" + escape_text(value)
    folded = fold(line)
    assert folded.replace("\r\n ", "") == line
    assert all(len(piece.encode("utf-8")) <= 75 for piece in folded.split("\r\n"))


def test_calendar_structure_and_all_day_event() -> None:
    text, count = calendar_text([view()], NOW)
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert any(line.startswith("PRODID:") for line in lines)
    assert count == 1
    (event,) = properties(lines)
    assert event["UID"] == "CM-02@commitments.goldenage"
    assert event["DTSTAMP"] == "20261125T130005Z"
    assert event["DTSTART;VALUE=DATE"] == "20260426"
    assert event["DTEND;VALUE=DATE"] == "20260427"  # all-day: the next day, exclusive
    assert event["SUMMARY"] == "CM-02 due: Ministerial\\; minerals\\, metals"
    assert "Line one\\,\\nline two\\; back\\\\slash" in event["DESCRIPTION"]
    assert event["URL"] == "https://example.org/p2"


def test_recurring_rule_gives_one_event_per_period_with_its_own_uid() -> None:
    # per_year from 2024-03-01 (see test_commitments_rules): 2025-02-28 ... 2028-02-29.
    periods = (dt.date(2025, 2, 28), dt.date(2026, 2, 28), dt.date(2027, 2, 28), dt.date(2028, 2, 29))
    text, count = calendar_text([view(id="PUR-01", rule_kind="per_year", occurrences=periods)], NOW)
    events = properties(unfold(text))
    assert count == 4
    assert [e["UID"] for e in events] == [f"PUR-01-{k}@commitments.goldenage" for k in range(1, 5)]
    assert [e["DTSTART;VALUE=DATE"] for e in events] == ["20250228", "20260228", "20270228", "20280229"]
    assert events[3]["SUMMARY"].endswith("(period 4 of 4)")


def test_write_atomically_replaces_the_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "out.ics"
    target.write_text("old", encoding="utf-8")
    write_atomically(target, "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    assert target.read_bytes() == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ics"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.ics"
    target.write_text("old", encoding="utf-8")

    def broken_replace(self: Path, other: Path) -> None:
        message = "disk full"
        raise OSError(message)

    monkeypatch.setattr(Path, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ics"]


def test_write_into_a_missing_folder_is_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=re.escape("FILE: folder")):
        write_atomically(tmp_path / "missing" / "out.ics", "x")
    with pytest.raises(InputError, match="is a folder"):
        write_atomically(tmp_path, "x")
