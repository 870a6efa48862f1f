"""Result files of uploads (batch output, refund lines), kept for a while for download.

Each run gets a folder named by a random id under one root folder (``GOLDENAGE_RESULTS_DIR``,
default ``goldenage-web-results-<uid>`` in the temporary folder, mode 0700). The folders are
bounded three ways: each results file by ``GOLDENAGE_MAX_RESULT_BYTES`` (the batch stops at
the limit), all of them together by ``GOLDENAGE_MAX_RESULTS_BYTES`` (the oldest runs are
deleted first), and in time by ``GOLDENAGE_RESULTS_TTL_SECONDS``.

A run folder records the process that made it (``.owner``: its pid). When a store opens (the
server starts), the folders of processes that no longer run are deleted, as are expired ones:
a server killed mid-run (or by a crash) leaves nothing behind for longer than its restart.
Several server processes may share the root (``goldenage serve --workers N``): each deletes
only the runs of dead processes or past their time, and any of them serves any run's files.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import tempfile
import threading
import time
from pathlib import Path

ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
MAX_RUNS = 64
OWNER = ".owner"


def default_root() -> Path:
    """Return the default root folder of the results of this user."""
    return Path(tempfile.gettempdir()) / f"goldenage-web-results-{os.getuid()}"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def _size(folder: Path) -> int:
    total = 0
    for path in folder.rglob("*"):
        with contextlib.suppress(OSError):
            if path.is_file() and not path.is_symlink():
                total += path.stat().st_size
    return total


class ResultStore:
    """Folders of result files, by id (see the module docstring)."""

    def __init__(
        self, ttl_seconds: int, root: Path | str | None = None, max_bytes: int | None = None
    ) -> None:
        self.ttl = ttl_seconds
        self.max_bytes = max_bytes
        self._root = Path(root) if root else default_root()
        self._lock = threading.Lock()
        self._opened = False
        self._mine: set[str] = set()

    @property
    def root(self) -> Path:
        """Return the root folder (made, private, on first use; stale runs are then removed)."""
        with self._lock:
            if not self._opened or not self._root.is_dir():
                self._root.mkdir(mode=0o700, parents=True, exist_ok=True)
                self._opened = True
                self._remove(self._stale(startup=True))
            return self._root

    def open(self) -> None:
        """Make the root folder and delete what dead or expired runs left (the server starts)."""
        _ = self.root

    def new_run(self) -> tuple[str, Path]:
        """Return the id and the (new, empty) folder of a run."""
        root = self.root
        self.purge()
        run_id = secrets.token_urlsafe(18)
        folder = root / run_id
        folder.mkdir(mode=0o700)
        (folder / OWNER).write_text(str(os.getpid()), encoding="ascii")
        with self._lock:
            self._mine.add(run_id)
        return run_id, folder

    def file(self, run_id: str, name: str) -> Path | None:
        """Return the file ``name`` of run ``run_id``, or ``None`` (never a path outside the store)."""
        if not ID_PATTERN.match(run_id) or "/" in name or name.startswith(".") or "\x00" in name:
            return None
        path = self._root / run_id / name
        return path if path.is_file() and not path.is_symlink() else None

    def _runs(self) -> list[Path]:
        runs = []
        with contextlib.suppress(OSError):
            for folder in self._root.iterdir():
                if folder.is_dir() and not folder.is_symlink() and ID_PATTERN.match(folder.name):
                    runs.append(folder)
        return runs

    def _stale(self, startup: bool = False) -> list[Path]:
        """Return the runs past their time, and (at start-up) those of processes that are gone."""
        now = time.time()
        stale = []
        for folder in self._runs():
            try:
                modified = folder.stat().st_mtime
                owner = int((folder / OWNER).read_text(encoding="ascii").strip() or 0)
            except (OSError, ValueError):
                modified, owner = 0.0, 0
            if now - modified > self.ttl or (startup and not _alive(owner)):
                stale.append(folder)
        return stale

    def _remove(self, folders: list[Path]) -> None:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
            self._mine.discard(folder.name)

    def purge(self) -> None:
        """Delete runs past their time, the oldest beyond :data:`MAX_RUNS` and beyond the byte limit."""
        with self._lock:
            self._remove(self._stale())
            runs = sorted(self._runs(), key=lambda p: p.stat().st_mtime if p.exists() else 0.0)
            excess = len(runs) - MAX_RUNS
            if excess > 0:
                self._remove(runs[:excess])
                runs = runs[excess:]
            if self.max_bytes is not None:
                sizes = [_size(folder) for folder in runs]
                total = sum(sizes)
                for folder, size in zip(runs, sizes, strict=True):
                    if total <= self.max_bytes:
                        break
                    self._remove([folder])
                    total -= size

    def close(self) -> None:
        """Delete the runs of this store (the app is stopping)."""
        with self._lock:
            self._remove([self._root / run_id for run_id in list(self._mine)])
