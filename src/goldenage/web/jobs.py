"""Heavy work off the request path: a bounded pool of worker processes with time limits.

Linear programs, Monte Carlo runs, batch files, refund estimates and the ETR series run in
worker processes (:mod:`pebble`), never on the server's event loop or in its threads, so a
request that computes for minutes holds neither the event loop nor the GIL: ``/healthz`` and
the cached pages answer meanwhile. Each job

- waits at most for a free worker, with at most ``GOLDENAGE_JOB_QUEUE`` jobs waiting; beyond
  that the server is busy (503 with ``Retry-After``);
- runs at most ``GOLDENAGE_JOB_TIMEOUT_SECONDS``: then its worker process is killed (a
  runaway LP or Monte Carlo stops for real) and replaced; the request gets a 422 naming the
  limit;
- is cancelled, its worker killed, when the client disconnects before the answer.

A worker that dies (killed by the kernel for memory, say) fails its job with a 503 and is
replaced. The pool is started on first use and belongs to one app (one server process):
several server processes (``goldenage serve --workers N``) each have their own, and nothing
here needs to be unique on the machine. Workers are forks of a ``forkserver`` process that
has imported the app's modules and nothing else: they inherit no thread or lock of the
server, and start in milliseconds.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from pebble import ProcessExpired, ProcessPool
from starlette.requests import Request

from goldenage.errors import GoldenageError, InputError

POLL_SECONDS = 0.2  # how often a waiting request checks that its client is still there
# Imported once by the fork server, so that a worker (a fork of it) starts in milliseconds.
# Only imports: nothing may start threads there (polars' pool would not survive the fork).
PRELOAD = ["goldenage.web"]


class BusyError(GoldenageError):
    """Every worker is busy and the queue is full (HTTP 503, retry later)."""

    retry_after = 5


class JobFailedError(GoldenageError):
    """A worker process died while computing (HTTP 503): killed for memory, or a crash."""


class ClientGoneError(GoldenageError):
    """The client disconnected; the job was cancelled (no response is sent)."""


def _consume(waiting: asyncio.Future) -> None:
    """Mark the outcome of an asyncio wrapper as read (it is read from the job's own future)."""
    if not waiting.cancelled():
        waiting.exception()


class JobPool:
    """A pool of ``workers`` processes running jobs with a time limit (see the module docstring)."""

    def __init__(self, workers: int, timeout_seconds: float, queue: int) -> None:
        self.workers = workers
        self.timeout = timeout_seconds
        self.queue = queue
        self._pool: ProcessPool | None = None
        self._lock = threading.Lock()
        self._pending = 0

    @property
    def pending(self) -> int:
        """Return the jobs running or waiting."""
        return self._pending

    def _get_pool(self) -> ProcessPool:
        with self._lock:
            if self._pool is None:
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(PRELOAD)
                self._pool = ProcessPool(max_workers=self.workers, context=context)
            return self._pool

    def _admit(self) -> None:
        with self._lock:
            if self._pending >= self.workers + self.queue:
                msg = (
                    f"the server is busy: {self._pending} computations are running or waiting "
                    f"(GOLDENAGE_JOB_WORKERS={self.workers}, GOLDENAGE_JOB_QUEUE={self.queue}); retry shortly"
                )
                raise BusyError(msg)
            self._pending += 1

    def _done(self) -> None:
        with self._lock:
            self._pending -= 1

    def _outcome(self, future: Any, what: str) -> Any:
        """Return the job's result or raise what its failure means for the request."""
        try:
            return future.result()
        except FutureTimeout as err:
            field = "request"
            msg = f"{what} took longer than this server's limit of {self.timeout:g} s and was stopped"
            accepted = "a smaller input (GOLDENAGE_JOB_TIMEOUT_SECONDS), or the goldenage CLI"
            raise InputError(field, msg, accepted) from err
        except ProcessExpired as err:
            msg = f"{what} stopped: its worker process ended ({err})"
            raise JobFailedError(msg) from err

    async def run(self, request: Request | None, what: str, function: Callable[..., Any], *args: Any) -> Any:
        """Run ``function(*args)`` in a worker and return its result (its exceptions are raised).

        ``what`` names the work in messages. With a ``request``, the job is cancelled when the
        client disconnects (:class:`ClientGoneError`).
        """
        self._admit()
        future = None
        try:
            future = self._get_pool().schedule(function, args=args, timeout=self.timeout)
            waiting = asyncio.wrap_future(future)
            waiting.add_done_callback(_consume)  # the outcome is read from ``future`` itself
            while True:
                done, _ = await asyncio.wait({waiting}, timeout=POLL_SECONDS)
                if done:
                    return self._outcome(future, what)
                if request is not None and await request.is_disconnected():
                    msg = f"the client left; {what} was cancelled"
                    raise ClientGoneError(msg)
        finally:
            if future is not None and not future.done():
                future.cancel()  # a running job's worker is killed and replaced
            self._done()

    def call(self, what: str, function: Callable[..., Any], *args: Any) -> Any:
        """Run ``function(*args)`` in a worker from a thread (blocking it, not the GIL)."""
        self._admit()
        try:
            future = self._get_pool().schedule(function, args=args, timeout=self.timeout)
            return self._outcome(future, what)
        finally:
            self._done()

    def close(self) -> None:
        """Stop the workers (running jobs are killed)."""
        with self._lock:
            if self._pool is not None:
                self._pool.stop()
                self._pool.join(timeout=10)
                self._pool = None


__all__ = ["BusyError", "ClientGoneError", "JobFailedError", "JobPool"]
