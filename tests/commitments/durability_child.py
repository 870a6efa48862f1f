"""Child process of the durability test: a batch of status updates, one transaction each.

Usage: durability_child.py DB_URL HOLD_AT STAGE ID[,ID...]

Update n (1-based) sets commitment ID[n-1] to ``pending`` with evidence
``https://example.org/durability/<n>`` and note ``batch <n>``, then prints ``committed <n>``.
For update number HOLD_AT it prints ``inside <n>`` and sleeps at STAGE, inside the open
transaction: ``first_flush`` (after the evidence row is written) or ``before_commit`` (after the
evidence, the status change and the audit entry are all written, just before COMMIT). The parent
kills the process there with SIGKILL. HOLD_AT 0 never holds (the parent kills at some point).
"""

from __future__ import annotations

import datetime as dt
import sys
import time

from sqlalchemy import event
from sqlalchemy.orm import Session

from goldenage.commitments import service
from goldenage.commitments.db import make_engine

HOLD_SECONDS = 60


def main() -> None:
    url, hold_at, stage, ids = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4].split(",")
    engine = make_engine(url)
    current = {"n": 0}

    def hold(*_: object) -> None:
        if current["n"] == hold_at:
            print(f"inside {current['n']}", flush=True)
            time.sleep(HOLD_SECONDS)

    event.listen(Session, "after_flush" if stage == "first_flush" else "before_commit", hold)
    for n, commitment_id in enumerate(ids, start=1):
        current["n"] = n
        service.update_status(
            engine,
            commitment_id,
            status="pending",
            evidence=service.EvidenceInput(
                url=f"https://example.org/durability/{n}",
                summary=f"Durability batch item {n}.",
                observed_on=dt.date(2026, 11, 1),
            ),
            note=f"batch {n}",
            actor="durability-test",
        )
        print(f"committed {n}", flush=True)


if __name__ == "__main__":
    main()
