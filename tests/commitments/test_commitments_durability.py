"""Durability: a process killed (SIGKILL) in the middle of a batch of updates.

Every update the child reported as committed must be in the database in full (status, evidence
and audit entry); the update it was killed in must be absent in full; nothing is ever partial.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from goldenage.commitments.db import make_engine

CHILD = Path(__file__).with_name("durability_child.py")
BATCH = 8
TIMEOUT_S = 30


def unknown_ids(url: str) -> list[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT id FROM commitments WHERE status = 'unknown' ORDER BY id"))
            return [row[0] for row in rows][:BATCH]
    finally:
        engine.dispose()


def run_until(url: str, ids: list[str], hold_at: int, stage: str, kill_after: str) -> list[str]:
    """Start the child, read its lines until ``kill_after`` appears, SIGKILL it, return the lines."""
    process = subprocess.Popen(  # noqa: S603 - our own script
        [sys.executable, str(CHILD), url, str(hold_at), stage, ",".join(ids)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines: list[str] = []
    deadline = time.monotonic() + TIMEOUT_S
    watchdog = threading.Timer(TIMEOUT_S, process.kill)  # a child that hangs silently is killed too
    watchdog.start()
    try:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line.strip())
            if line.strip() == kill_after or time.monotonic() > deadline:
                break
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=TIMEOUT_S)
    finally:
        watchdog.cancel()
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == -signal.SIGKILL, process.stderr.read() if process.stderr else ""
    assert kill_after in lines, lines
    return lines


def state_of(url: str, ids: list[str]) -> dict[int, tuple[bool, bool, bool]]:
    """For update n: (status changed, evidence n present, audit entry n present)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
            found = {}
            for n, commitment_id in enumerate(ids, start=1):
                status = connection.execute(
                    text("SELECT status FROM commitments WHERE id = :id"), {"id": commitment_id}
                ).scalar_one()
                evidence = connection.execute(
                    text("SELECT count(*) FROM evidence WHERE url = :u"),
                    {"u": f"https://example.org/durability/{n}"},
                ).scalar_one()
                audit = connection.execute(
                    text("SELECT count(*) FROM audit_log WHERE note = :note AND commitment_id = :id"),
                    {"note": f"batch {n}", "id": commitment_id},
                ).scalar_one()
                assert evidence <= 1
                assert audit <= 1
                found[n] = (status == "pending", evidence == 1, audit == 1)
            return found
    finally:
        engine.dispose()


@pytest.mark.parametrize("stage", ["first_flush", "before_commit"])
def test_kill_inside_a_transaction_keeps_committed_updates_and_drops_the_open_one(
    seeded_url: str, stage: str
) -> None:
    ids = unknown_ids(seeded_url)
    assert len(ids) == BATCH
    hold_at = 5
    lines = run_until(seeded_url, ids, hold_at, stage, kill_after=f"inside {hold_at}")
    assert lines == [f"committed {n}" for n in range(1, hold_at)] + [f"inside {hold_at}"]
    state = state_of(seeded_url, ids)
    for n in range(1, hold_at):
        assert state[n] == (True, True, True), n  # committed: every part present
    for n in range(hold_at, BATCH + 1):
        assert state[n] == (False, False, False), n  # killed inside, or never started: nothing


def test_kill_at_a_random_point_leaves_no_partial_update(seeded_url: str) -> None:
    ids = unknown_ids(seeded_url)
    lines = run_until(seeded_url, ids, hold_at=0, stage="first_flush", kill_after="committed 3")
    reported = {int(line.split()[1]) for line in lines if line.startswith("committed")}
    state = state_of(seeded_url, ids)
    for n, parts in state.items():
        assert parts in ((True, True, True), (False, False, False)), (n, parts)  # all or nothing
        if n in reported:
            assert parts == (True, True, True), n
    applied = [n for n, parts in state.items() if parts[0]]
    assert applied == list(range(1, len(applied) + 1))  # a prefix of the batch, in order
