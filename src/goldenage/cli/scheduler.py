"""``--scheduler ADDRESS`` of the Dask engines: a client of a running distributed scheduler.

A malformed address, an unknown scheme or a scheduler that does not answer within
:data:`CONNECT_SECONDS` is a usage error on ``--scheduler`` (exit 2), not a traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from goldenage.errors import InputError

CONNECT_SECONDS = 10
ACCEPTED = "the address of a running Dask scheduler, e.g. tcp://127.0.0.1:8786"


@contextmanager
def scheduler_client(address: str, field: str = "--scheduler") -> Iterator[Any]:
    """Yield a ``distributed.Client`` connected to ``address`` (closed on exit)."""
    from distributed import Client  # noqa: PLC0415 - distributed is slow to import

    try:
        client = Client(address, timeout=CONNECT_SECONDS)
    except (OSError, ValueError, TypeError, TimeoutError) as err:
        msg = f"cannot connect to {address[:200]!r}: {err}".replace("\n", " ")
        raise InputError(field, msg, ACCEPTED) from err
    with client:
        yield client


__all__ = ["ACCEPTED", "CONNECT_SECONDS", "scheduler_client"]
