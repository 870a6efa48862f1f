"""The ``goldenage`` command: root application, error handling and exit codes.

Exit codes: 0 success; 2 bad input or usage (one line on stderr naming the field and the
accepted form); 1 any other goldenage error (for example broken shipped data).
"""

from __future__ import annotations

import gc
import sys
from typing import Annotated

import typer

from goldenage import __version__
from goldenage.cli.lazy import lazy_group
from goldenage.errors import GoldenageError, InputError

# Commands and command groups, loaded when used: `goldenage tariff ...` does not import the
# database or the web stack, and `goldenage --version` imports none of them.
# name -> (module, attribute: a Typer group or a command function).
LAZY_GROUPS = {
    "tariff": ("goldenage.cli.tariff_group", "tariff_app"),  # each tariff command is lazy too
    "invest": ("goldenage.cli.invest", "invest_app"),
    "minerals": ("goldenage.cli.minerals", "minerals_app"),
    "commitments": ("goldenage.cli.commitments", "commitments_app"),
    "data": ("goldenage.cli.data", "data_app"),
    "report": ("goldenage.cli.report", "report_command"),
    "serve": ("goldenage.cli.serve", "serve_command"),
}


app = typer.Typer(
    name="goldenage",
    cls=lazy_group(LAZY_GROUPS),
    help=(
        "Rules-as-code for the 2025 US-Japan 'Golden Age' agreements: what a Japanese good "
        "pays at the US border, on which date, under which law."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"goldenage {__version__}")
        raise typer.Exit


@app.callback()
def root(
    version: Annotated[  # noqa: ARG001 - handled by the eager callback
        bool,
        typer.Option("--version", help="Show the version and exit.", callback=_version, is_eager=True),
    ] = False,
) -> None:
    """Rules-as-code for the 2025 US-Japan agreements."""


def _fail(message: str, code: int) -> None:
    sys.stderr.write(f"error: {message}\n")
    raise SystemExit(code)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; translate errors into one line on stderr and an exit code."""
    command = typer.main.get_command(app)
    gc.disable()  # until the command's modules are imported (see goldenage.cli.lazy)
    try:
        outcome = command.main(args=argv, prog_name="goldenage", standalone_mode=False)
    except InputError as err:
        _fail(str(err), 2)
    except GoldenageError as err:
        _fail(str(err), 1)
    except typer.Exit as err:
        raise SystemExit(err.exit_code) from None
    except typer.Abort:
        _fail("aborted", 1)
    except typer.TyperException as err:
        # Usage errors of the parser (unknown option, missing value...): exit 2, one line.
        context = getattr(err, "ctx", None)
        if type(err).__name__ == "NoArgsIsHelpError" and context is not None:
            sys.stdout.write(context.get_help() + "\n")
            raise SystemExit(0) from None
        hint = f" (see '{context.command_path} --help')" if context is not None else ""
        _fail(err.format_message().replace("\n", " ") + hint, err.exit_code)
    finally:
        gc.unfreeze()
        gc.enable()
    raise SystemExit(outcome if isinstance(outcome, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
