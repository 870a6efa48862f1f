"""The full-text index of the HTSUS descriptions: SQLite FTS5, built once per schedule.

Every version of every 10-digit line (and of an 8-digit line, shown where it has no
statistical line in force) is one document of three columns: the heading's description
(``heading``), the descriptions between the heading and the line (``parents``) and the
line's own description (``leaf``), so that the search ranks by BM25 over the whole
description path and can weigh what a line *is* (its heading, its own words) above what it
is *used with* ("tires of a kind used on motor cars"). The tokenizer is FTS5's Porter
stemmer over ``unicode61`` with diacritics removed (``tyres`` finds ``tyre``, ``saké`` finds
``sake``). A table of every word as written (``words``) serves the typo tolerance of
:mod:`.search_terms`, and ``lines`` holds each version's code, dates and texts.

The index is a file in the store's folder (:func:`.kernel.store.cache_dir`) named by a
fingerprint of the schedule's data and of this module, so a new schedule (``make data``) or
a new layout builds a new one; it is written to a temporary file renamed at the end (a reader
never sees half an index) by ``goldenage tariff compile`` or on first use, and older indexes
are removed. With the store turned off it is built in memory once per process.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import tempfile
import threading
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path

import polars as pl

from goldenage.paths import data_dir
from goldenage.tariffs.kernel.store import cache_dir

_FORMAT = 1  # bump when the tables change meaning
TOKENIZER = "porter unicode61 remove_diacritics 2"
_WORD = re.compile(r"[^\W_]+")
_LOCK = threading.Lock()
_LOCAL = threading.local()


def plain_words(text: str) -> list[str]:
    """Return the words of ``text`` lower-cased without diacritics (as the index splits them)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _WORD.findall(stripped)


@cache
def fingerprint() -> str:
    """Return a digest of the schedule's data files and of this module's code."""
    from goldenage.tariffs.revision_store import hts_folder  # noqa: PLC0415 - the HTSUS in use

    digest = hashlib.sha256(f"search index {_FORMAT}".encode())
    hts = hts_folder()  # shipped, or with the revisions a user added
    files = [Path(__file__), *sorted(hts.glob("*.parquet")), *sorted(hts.glob("*.csv")), _imports_file()]
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


def index_path() -> Path | None:
    """Return the file of the current index, or ``None`` when the store is turned off."""
    folder = cache_dir()
    return None if folder is None else folder / f"search-{fingerprint()}.sqlite"


def _imports_file() -> Path:
    return data_dir() / "weights" / "us_imports_japan_2024.csv"


def _imports() -> pl.DataFrame:
    """Return the value of 2024 US imports from Japan of each 10-digit and 8-digit code (Census)."""
    by_ten = (
        pl.read_csv(_imports_file(), columns=["hts10", "value_usd"], schema_overrides={"hts10": pl.Utf8})
        .group_by("hts10")
        .agg(pl.col("value_usd").sum().cast(pl.Float64))
        .rename({"hts10": "code"})
    )
    by_eight = by_ten.group_by(pl.col("code").str.slice(0, 8)).agg(pl.col("value_usd").sum())
    return pl.concat([by_ten, by_eight])


def _documents() -> pl.DataFrame:
    """Return the versions to index: 10-digit lines and 8-digit lines, with their path parts."""
    from goldenage.tariffs.schedule import schedule  # noqa: PLC0415 - loaded only to build

    lines = schedule().lines.filter(pl.col("code").str.len_chars().is_in([8, 10]))
    lines = lines.join(_imports(), on="code", how="left")
    path = pl.col("description_path")
    return lines.select(
        "code",
        "htsno",
        "description",
        path.list.join(" › ").alias("path"),
        pl.col("general").fill_null(""),
        pl.col("valid_from").cast(pl.Utf8),
        pl.col("valid_to").cast(pl.Utf8),
        pl.col("value_usd").fill_null(0.0).alias("imports"),
        path.list.first().fill_null("").alias("heading"),
        path.list.slice(1, (path.list.len() - 2).clip(lower_bound=0))
        .list.join(" ")
        .fill_null("")
        .alias("parents"),
        path.list.last().fill_null("").alias("leaf"),
    )


def _fill(db: sqlite3.Connection) -> None:
    """Create and fill the tables of a new index."""
    docs = _documents()
    db.executescript(
        f"""
        CREATE TABLE lines (
            id INTEGER PRIMARY KEY, code TEXT NOT NULL, parent TEXT NOT NULL, htsno TEXT NOT NULL,
            description TEXT NOT NULL, path TEXT NOT NULL, general TEXT NOT NULL,
            valid_from TEXT NOT NULL, valid_to TEXT, imports REAL NOT NULL
        );
        CREATE VIRTUAL TABLE docs USING fts5(heading, parents, leaf, tokenize = '{TOKENIZER}');
        CREATE TABLE words (word TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
        """
    )
    rows = list(enumerate(docs.iter_rows(), start=1))
    db.executemany(
        "INSERT INTO lines VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((i, r[0], r[0][:8] if len(r[0]) == 10 else "", *r[1:8]) for i, r in rows),  # noqa: PLR2004
    )
    db.executemany(
        "INSERT INTO docs (rowid, heading, parents, leaf) VALUES (?, ?, ?, ?)", ((i, *r[8:]) for i, r in rows)
    )
    counts: Counter[str] = Counter()
    for text in docs["path"].unique().to_list():
        counts.update(plain_words(text))
    db.executemany("INSERT INTO words VALUES (?, ?)", counts.items())
    db.executescript(
        """
        CREATE INDEX lines_code ON lines (code);
        CREATE INDEX lines_parent ON lines (parent);
        INSERT INTO docs (docs) VALUES ('optimize');
        """
    )
    db.commit()


def build(path: Path) -> Path:
    """Write a new index to ``path`` atomically (temporary file, then rename); return it.

    Older indexes in the same folder (of another schedule or layout) are removed.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".partial-")
    os.close(handle)
    partial = Path(name)
    try:
        db = sqlite3.connect(partial)
        try:
            _fill(db)
        finally:
            db.close()
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    for old in path.parent.glob("search-*.sqlite"):
        if old != path:
            old.unlink(missing_ok=True)
    return path


def ensure_index() -> Path | None:
    """Build the current index unless it exists; return its file (``None``: store turned off)."""
    path = index_path()
    if path is None:
        return None
    with _LOCK:
        if not path.is_file():
            build(path)
    return path


@cache
def _memory_index() -> sqlite3.Connection:
    """Return an index built in memory (the store is turned off), shared by the process's threads."""
    db = sqlite3.connect(":memory:", check_same_thread=False)
    _fill(db)
    return db


def _connection() -> tuple[sqlite3.Connection, threading.Lock | None]:
    """Return a read-only connection to the current index (one per thread) and the lock it needs."""
    path = ensure_index()
    if path is None:
        return _memory_index(), _LOCK
    held: tuple[Path, sqlite3.Connection] | None = getattr(_LOCAL, "db", None)
    if held is None or held[0] != path or not path.is_file():
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        _LOCAL.db = held = (path, db)
    return held[1], None


def query(sql: str, parameters: tuple[object, ...] = ()) -> list[tuple]:
    """Return the rows of a read-only query of the index (built first if needed)."""
    db, lock = _connection()
    if lock is None:
        return db.execute(sql, parameters).fetchall()
    with lock:
        return db.execute(sql, parameters).fetchall()


__all__ = ["TOKENIZER", "build", "ensure_index", "fingerprint", "index_path", "plain_words", "query"]
