"""The answers of a line under every declaration value, kept on disk and shared between processes.

:func:`goldenage.tariffs.declaration_effects.plain_declaration_effects` needs, once per line,
the line's answers under every value a declaration can take in every period of the law: about
2,900 rows of the rules, 10-25 ms. Each process evaluated them anew, so each of the N processes
of ``goldenage serve --workers N`` paid it again for every line, at every start. They are now
kept in a SQLite file beside the compiled law, in a folder named by the same fingerprint of the
rules' code and data (:mod:`.store`): a changed rule, parameter, scope list or revision starts
a new folder and the folders of other fingerprints are deleted, so answers of other rules are
never read. Only the laws of the shipped scenarios are kept (a law built otherwise has no
name to file it under).

Data only: the arrays as raw little-endian bytes, the messages as JSON. A row whose sizes do
not fit the law's layout is ignored (the answers are evaluated again and replace it). Any
error of the store (a read-only folder, a file locked too long or damaged) is logged and
ignored: the answers are evaluated by the rules as before, never guessed.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from goldenage.tariffs.kernel import store

FILE = "answers.sqlite"
PREFIX = "answers-"
log = logging.getLogger("goldenage.tariffs")
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS answers ("
    "code TEXT PRIMARY KEY, periods INTEGER, slots INTEGER, authorities INTEGER, "
    "idx BLOB, rates BLOB, failed BLOB, errors TEXT)"
)
_INSERT = "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
_SELECT = "SELECT periods, slots, authorities, idx, rates, failed, errors FROM answers WHERE code = ?"
Answers = tuple[np.ndarray, np.ndarray, np.ndarray, list[str | None]]
"""``index`` (periods, slots) of the rows of ``rates`` (distinct, authorities), ``failed`` and
the ``errors`` of those rows (see ``declaration_effects._Answers``)."""


class AnswersStore:
    """One scenario's answers by line, in one SQLite file (safe between threads and processes)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self._pid = 0  # the process that opened it: a forked child opens its own
        self._broken = False

    def _connect(self) -> sqlite3.Connection | None:
        if self._pid != os.getpid():
            self._connection = None
        if self._connection is None and not self._broken:
            try:
                fresh = not self.path.parent.is_dir()
                self.path.parent.mkdir(parents=True, exist_ok=True)
                connection = sqlite3.connect(self.path, timeout=5.0, check_same_thread=False)
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute(_SCHEMA)
                connection.commit()
                self._connection, self._pid = connection, os.getpid()
                if fresh:
                    store.remove_others(self.path.parent, PREFIX)
            except (OSError, sqlite3.Error) as err:
                log.warning("the store of line answers %s is not used: %s", self.path, err)
                self._broken = True
        return self._connection

    def get(self, code: str, periods: int, slots: int, authorities: int) -> Answers | None:
        """Return the stored answers of ``code`` for a law of this layout, or ``None``."""
        with self._lock:
            connection = self._connect()
            if connection is None:
                return None
            try:
                row = connection.execute(_SELECT, (code,)).fetchone()
            except sqlite3.Error as err:
                log.warning("the store of line answers %s could not be read: %s", self.path, err)
                return None
        if row is None or tuple(row[:3]) != (periods, slots, authorities):
            return None
        try:
            index = np.frombuffer(row[3], dtype="<i4").reshape(periods, slots)
            rates = np.frombuffer(row[4], dtype="<f8").reshape(-1, authorities)
            failed = np.frombuffer(row[5], dtype=np.uint8).astype(bool)
            errors = json.loads(row[6])
        except (ValueError, TypeError):
            return None
        distinct = len(rates)
        if not (
            len(failed) == distinct == len(errors)
            and index.size
            and 0 <= int(index.min())
            and int(index.max()) < distinct
            and all(e is None or isinstance(e, str) for e in errors)
        ):
            return None
        return index.astype(np.int64), rates, failed, errors

    def put(self, code: str, answers: Answers) -> None:
        """Keep the answers of ``code`` (in place of a stored row that did not fit)."""
        self.put_many([(code, answers)])

    def put_many(self, items: Iterable[tuple[str, Answers]]) -> None:
        """Keep the answers of several lines in one transaction."""
        values = [
            (
                code,
                int(index.shape[0]),
                int(index.shape[1]),
                int(rates.shape[1]),
                np.ascontiguousarray(index, dtype="<i4").tobytes(),
                np.ascontiguousarray(rates, dtype="<f8").tobytes(),
                np.asarray(failed, dtype=np.uint8).tobytes(),
                json.dumps(errors),
            )
            for code, (index, rates, failed, errors) in items
        ]
        with self._lock:
            connection = self._connect()
            if connection is None:
                return
            try:
                with connection:  # one transaction: all the rows or none
                    connection.executemany(
                        "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?)", values
                    )
            except sqlite3.Error as err:
                log.warning("the store of line answers %s could not be written: %s", self.path, err)

    def close(self) -> None:
        """Close the file (it is opened again on next use)."""
        with self._lock:
            if self._connection is not None:
                self._connection.close()
            self._connection = None


_STORES: dict[Path, AnswersStore] = {}
_GUARD = threading.Lock()


def answers_store(scenario: str) -> AnswersStore | None:
    """Return the store of a shipped scenario's line answers, or ``None`` when the store is off."""
    folder = store.scenario_folder(PREFIX, scenario)
    if folder is None:
        return None
    path = folder / FILE
    with _GUARD:
        if path not in _STORES:
            _STORES[path] = AnswersStore(path)
        return _STORES[path]


__all__ = ["Answers", "AnswersStore", "answers_store"]
