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
    """Folders of result files, by id.

    ``shared`` is the folder of the runs of every process of one server (``goldenage serve
    --workers N``, which makes it and removes it when the server stops): a result made by one
    process is downloaded through any other. Without it, the process makes its own folder.
    """

    def __init__(self, ttl_seconds: int, shared: Path | None = None) -> None:
        self.ttl = ttl_seconds
        self._shared = shared
        self._root: Path | None = shared  # made on the first upload unless shared, removed by close()
        self._lock = threading.Lock()

    @property
    def root(self) -> Path:
        """Return the private temporary directory of the runs (made on first use)."""
        with self._lock:
            if self._shared is not None:
                self._shared.mkdir(mode=0o700, parents=True, exist_ok=True)
                return self._shared
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
            runs = sorted((_modified(p), p) for p in self._root.iterdir())  # another process may delete
            now = time.time()
            for index, (modified, folder) in enumerate(runs):
                if now - modified > self.ttl or len(runs) - index > MAX_RUNS:
                    shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        """Delete every result (the app is stopping), unless the folder is shared (its server does)."""
        with self._lock:
            if self._root is not None and self._shared is None:
                shutil.rmtree(self._root, ignore_errors=True)
                self._root = None


def _modified(path: Path) -> float:
    """Return the modification time of ``path`` (0 when it is gone: purged first)."""
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return 0.0
