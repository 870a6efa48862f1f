"""Result files of uploads (batch output, refund lines), kept for a while for download.

Each run gets a folder named by a random id in a private temporary directory; folders older
than the time-to-live are deleted when a new one is made and when the app stops.
"""

from __future__ import annotations

import re
import secrets
import shutil
import tempfile
import threading
import time
from pathlib import Path

ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
MAX_RUNS = 64


class ResultStore:
    """Folders of result files, by id."""

    def __init__(self, ttl_seconds: int) -> None:
        self.ttl = ttl_seconds
        self._root: Path | None = None  # made on the first upload, removed by close()
        self._lock = threading.Lock()

    @property
    def root(self) -> Path:
        """Return the private temporary directory of the runs (made on first use)."""
        with self._lock:
            if self._root is None or not self._root.is_dir():
                self._root = Path(tempfile.mkdtemp(prefix="goldenage-web-"))
            return self._root

    def new_run(self) -> tuple[str, Path]:
        """Return the id and the (new, empty) folder of a run."""
        self.purge()
        run_id = secrets.token_urlsafe(18)
        folder = self.root / run_id
        folder.mkdir(mode=0o700)
        return run_id, folder

    def file(self, run_id: str, name: str) -> Path | None:
        """Return the file ``name`` of run ``run_id``, or ``None`` (never a path outside the store)."""
        if not ID_PATTERN.match(run_id) or "/" in name or name.startswith(".") or self._root is None:
            return None
        path = self._root / run_id / name
        return path if path.is_file() else None

    def purge(self) -> None:
        """Delete the runs past their time-to-live, and the oldest beyond :data:`MAX_RUNS`."""
        with self._lock:
            if self._root is None or not self._root.is_dir():
                return
            runs = sorted(self._root.iterdir(), key=lambda p: p.stat().st_mtime)
            now = time.time()
            for index, folder in enumerate(runs):
                if now - folder.stat().st_mtime > self.ttl or len(runs) - index > MAX_RUNS:
                    shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        """Delete every result (the app is stopping)."""
        with self._lock:
            if self._root is not None:
                shutil.rmtree(self._root, ignore_errors=True)
                self._root = None
