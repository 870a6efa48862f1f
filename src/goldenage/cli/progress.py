"""The progress bar of the long commands (batch files, Monte Carlo runs), on a terminal only."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


def progress_bar(console: Console) -> Progress:
    """Return a transient bar: what is computed, the bar, rows done of the total, time elapsed."""
    return Progress(
        TextColumn("computing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


__all__ = ["progress_bar"]
