"""What the check and build scripts share: the commit measured, generated sections of a document."""

from __future__ import annotations

import subprocess
from pathlib import Path

import goldenage
from goldenage.outputs import atomic_path


def commit() -> str:
    """Return the short commit of the goldenage checkout that is imported (``unknown`` outside git)."""
    checkout = Path(goldenage.__file__).resolve().parents[2]
    try:
        done = subprocess.run(
            ["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return done.stdout.strip()


def replace_section(path: Path, begin: str, end: str, body: str) -> None:
    """Write ``body`` between the markers of ``path`` (appended with its markers if absent).

    The file is written through a temporary file and an atomic rename.
    """
    text = path.read_text(encoding="utf-8") if path.exists() else "# Validation\n"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        _, tail = rest.split(end, 1)
        text = f"{head}{begin}\n\n{body}\n\n{end}{tail}"
    else:
        text = f"{text.rstrip()}\n\n{begin}\n\n{body}\n\n{end}\n"
    with atomic_path(path, "--out") as partial:
        Path(partial).write_text(text, encoding="utf-8")


__all__ = ["commit", "replace_section"]
