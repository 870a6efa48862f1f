"""In-process caches of pure engine results (the law is fixed for the life of a process).

:class:`DutyCache` keeps the JSON of recent duty results by their exact inputs, so a repeated
query is answered without the engine; :class:`EtrCache` computes each scenario's ETR series
once (about 1-5 s each, cold) and serves it to every later page; :class:`CollectedCache` does
the same for the overview's monthly collected series and savings (several seconds each, cold).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from goldenage.tariffs.etr import EtrSeries, etr_series
from goldenage.tariffs.scenarios import scenarios
from goldenage.tariffs.schedule import schedule

log = logging.getLogger("goldenage.web")
ETR_START = dt.date(2025, 1, 1)


class DutyCache:
    """A thread-safe least-recently-used map of inputs -> response bytes."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> bytes | None:
        """Return the cached bytes of ``key``, or ``None``."""
        with self._lock:
            found = self._items.get(key)
            if found is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: Hashable, value: bytes) -> None:
        """Keep ``value`` under ``key``, dropping the least recently used beyond the size."""
        if self.size <= 0:
            return
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


def etr_end() -> dt.date:
    """Return the last day of the overview's series: today, within the HTSUS data."""
    return min(dt.date.today(), schedule().coverage_end)


def compute_etr(name: str) -> EtrSeries:
    """Return scenario ``name``'s series from :data:`ETR_START` to :func:`etr_end` (in-process)."""
    return etr_series(ETR_START, etr_end(), scenario=name)


class EtrCache:
    """Each scenario's daily ETR series from :data:`ETR_START` to :func:`etr_end`, computed once.

    ``compute`` makes one scenario's series (the app runs :func:`compute_etr` in a job worker,
    so that the seconds of a cold series never hold the server's GIL).
    """

    def __init__(self, compute: Callable[[str], EtrSeries] = compute_etr) -> None:
        self.compute = compute
        self._series: dict[str, EtrSeries] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        self._thread: threading.Thread | None = None

    def names(self) -> list[str]:
        """Return the scenario names, ``actual`` first."""
        return list(scenarios())

    def _lock(self, name: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(name, threading.Lock())

    def series(self, name: str) -> EtrSeries:
        """Return the series of scenario ``name``, computing it on first use (blocks)."""
        found = self._series.get(name)
        if found is not None:
            return found
        with self._lock(name):
            found = self._series.get(name)
            if found is None:
                found = self.compute(name)
                self._series[name] = found
        return found

    def all(self) -> dict[str, EtrSeries]:
        """Return every scenario's series (computing the missing ones)."""
        return {name: self.series(name) for name in self.names()}

    def ready(self) -> bool:
        """Return whether every scenario's series is computed."""
        return all(name in self._series for name in self.names())

    def warm(self) -> None:
        """Compute every series now (the body of the startup thread)."""
        for name in self.names():
            try:
                self.series(name)
            except Exception:  # a failure here must not kill the server; the page reports it
                log.exception("ETR series of scenario %s could not be computed", name)

    def start_warming(self, then: Callable[[], None] | None = None) -> None:
        """Compute the series in a background thread (once per process), then run ``then`` there."""
        if self._thread is None:

            def work() -> None:
                self.warm()
                if then is not None:
                    then()

            self._thread = threading.Thread(target=work, name="goldenage-etr-warm", daemon=True)
            self._thread.start()


class Once:
    """A value computed once, on first use, by one thread (the others wait for it)."""

    def __init__(self, compute: Callable[[], Any]) -> None:
        self._compute = compute
        self._value: Any = None
        self._done = False
        self._lock = threading.Lock()

    def ready(self) -> bool:
        """Return whether the value is computed."""
        return self._done

    def get(self) -> Any:
        """Return the value, computing it on first use (blocks)."""
        if not self._done:
            with self._lock:
                if not self._done:
                    self._value = self._compute()
                    self._done = True
        return self._value


def compute_collected_monthly() -> Any:
    """Return the overview's monthly collected series (in-process; the app runs it in a job worker)."""
    from goldenage.tariffs.etr_report import etr_report  # noqa: PLC0415 - loaded with the page

    return etr_report(ETR_START, etr_end(), basis="collected", monthly=True)


def compute_collected_savings() -> Any:
    """Return the overview's savings (in-process; the app runs it in a job worker)."""
    from goldenage.tariffs.savings import savings  # noqa: PLC0415 - loaded with the page

    return savings(ETR_START, etr_end(), basis="collected")


def _here(what: str, compute: Callable[[], Any]) -> Any:  # noqa: ARG001 - the signature of JobPool.call
    return compute()


class CollectedCache:
    """The overview's monthly collected series (with the statutory rate and Census) and savings, once.

    ``run(what, function)`` computes one of them (the app gives ``JobPool.call``, so that their
    seconds, cold, are spent in a job worker and never hold the server's GIL; default: here).
    """

    def __init__(self, run: Callable[[str, Callable[[], Any]], Any] = _here) -> None:
        self.monthly = Once(lambda: run("the monthly collected series", compute_collected_monthly))
        self.savings = Once(lambda: run("the savings", compute_collected_savings))

    def ready(self) -> bool:
        """Return whether everything is computed."""
        return self.monthly.ready() and self.savings.ready()

    def warm(self) -> None:
        """Compute everything now (the body of the startup thread)."""
        for once in (self.monthly, self.savings):
            try:
                once.get()
            except Exception:  # a failure here must not kill the server; the page reports it
                log.exception("collected series or savings could not be computed")
