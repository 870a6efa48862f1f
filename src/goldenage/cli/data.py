"""``goldenage data``: how current each dataset is, and HTSUS revisions added without a release."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from goldenage.cli import options as opt
from goldenage.tariffs.inputs import parse_date

data_app = typer.Typer(
    help="The shipped datasets (edition, as-of date, source) and HTSUS revisions you add yourself.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


@data_app.callback()
def data() -> None:
    """The shipped datasets (edition, as-of date, source) and HTSUS revisions you add yourself."""


@data_app.command("status")
def status_command(as_json: opt.JsonFlag = False) -> None:
    """Each dataset with its edition, as-of date and source, read from its own metadata."""
    from goldenage.datasets.status import data_status  # noqa: PLC0415 - loads every dataset's metadata

    datasets = data_status()
    if as_json:  # the same document as GET /api/data/status
        from goldenage.tariffs.currency import law_currency  # noqa: PLC0415

        payload = law_currency().stamp({"datasets": [d.to_json() for d in datasets]})
        typer.echo(json.dumps(payload, ensure_ascii=False))
        return
    from goldenage.cli.render import print_data_status, wide_console  # noqa: PLC0415

    print_data_status(datasets, wide_console())


@data_app.command("add-revision")
def add_revision_command(  # noqa: PLR0913 - one parameter per documented option
    source: Annotated[
        Path,
        typer.Argument(metavar="FILE.json", help="An official USITC HTSUS JSON export (.json or .json.gz)."),
    ],
    revision: Annotated[
        str,
        typer.Option(
            "--revision", metavar="NAME", help="Its name, e.g. 2026_rev_11 (letters, digits, _ . -)."
        ),
    ],
    effective: Annotated[
        str,
        typer.Option("--effective", metavar="YYYY-MM-DD", help="The date it took effect (after the newest)."),
    ],
    edition: Annotated[
        str | None,
        typer.Option(
            "--edition", metavar="TEXT", help="Its USITC name (default from NAME: 2026 HTS Revision 11)."
        ),
    ] = None,
    note: Annotated[
        str, typer.Option("--note", metavar="TEXT", help="What it changes (shown by data status).")
    ] = "",
    compile_law: Annotated[
        bool, typer.Option("--compile/--no-compile", help="Compile the law ahead afterwards (default: yes).")
    ] = True,
    as_json: opt.JsonFlag = False,
) -> None:
    """Add an HTSUS revision from a USITC JSON export to your own store (the shipped data stays as it is).

    The file is checked whole (format, sizes, nesting, that it lists every line) before anything is
    written; a bad file is refused with the reason and the store stays as it was. Revisions are
    added in order: the effective date must follow the newest revision in use. Remove one with
    `goldenage data remove-revision NAME`. The store is GOLDENAGE_DATA_HOME (default
    ~/.local/share/goldenage); a running `goldenage serve` sees the revision after a restart.
    """
    from goldenage.tariffs.revision_edit import add_revision  # noqa: PLC0415

    day = parse_date(effective, "--effective")
    added = add_revision(source, revision, day, edition=edition, note=note)
    compiled = _compile() if compile_law else None
    payload = {
        "revision": added.revision.id,
        "edition": added.revision.edition,
        "effective_date": added.revision.effective_date.isoformat(),
        "follows": added.previous.id,
        "rows": added.rows,
        "new_lines": added.new_lines,
        "changed_lines": added.changed_lines,
        "retired_lines": added.retired_lines,
        "sha256": added.revision.sha256_gz,
        "store": str(added.folder.parent),
        "compiled": compiled,
    }
    if as_json:
        typer.echo(json.dumps(payload, ensure_ascii=False))
        return
    typer.echo(
        f"added {added.revision.id} ({added.revision.edition}), in force from "
        f"{added.revision.effective_date}, after {added.previous.edition}: {added.rows:,} numbered rows; "
        f"{added.new_lines:,} new lines, "
        f"{added.changed_lines:,} changed, {added.retired_lines:,} retired ({added.folder.parent})"
    )
    if compiled is not None:
        typer.echo(f"compiled the law ahead: {compiled['keys']:,} keys in {compiled['seconds']:.1f} s")


@data_app.command("remove-revision")
def remove_revision_command(
    revision: Annotated[str, typer.Argument(metavar="NAME", help="A revision you added.")],
    compile_law: Annotated[
        bool, typer.Option("--compile/--no-compile", help="Compile the law ahead afterwards (default: yes).")
    ] = True,
) -> None:
    """Remove an HTSUS revision you added (the shipped revisions cannot be removed)."""
    from goldenage.tariffs.revision_edit import remove_revision  # noqa: PLC0415

    removed = remove_revision(revision)
    typer.echo(f"removed {removed.id} ({removed.edition}, in force from {removed.effective_date})")
    if compile_law and _compile() is None:
        sys.stderr.write("note: the compiled-law store is off; nothing compiled\n")


def _compile() -> dict[str, object] | None:
    """Compile the actual law ahead, its daily series' sums and the search index (``None``: store off)."""
    from goldenage.tariffs.etr_segments import ensure_sums  # noqa: PLC0415
    from goldenage.tariffs.kernel.ahead import compile_ahead  # noqa: PLC0415
    from goldenage.tariffs.kernel.store import cache_dir  # noqa: PLC0415
    from goldenage.tariffs.scenario_names import scenario_name  # noqa: PLC0415
    from goldenage.tariffs.search_index import ensure_index  # noqa: PLC0415

    if cache_dir() is None:
        return None
    done = compile_ahead(scenario_name(None))
    ensure_sums(done.scenario, force=done.fresh)  # the daily series' sums (goldenage.tariffs.etr_sums)
    ensure_index()  # goldenage tariff search finds the lines of the revision
    return {"scenario": done.scenario, "keys": done.keys, "seconds": round(done.seconds, 3)}


__all__ = ["data_app"]
