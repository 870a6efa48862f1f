"""Command groups whose commands are imported when used.

A command module imports its engine (numpy, polars, the parameters, the rules); a group that
imported all of them would make every command pay for all. A lazy group lists its commands by
name and imports a command's module only to run it or show its help.
"""

from __future__ import annotations

import gc
import importlib
from typing import ClassVar

import click
import typer
from typer.core import TyperGroup

# name -> (module, attribute: a Typer group or a command function)
Commands = dict[str, tuple[str, str]]


class LazyGroup(TyperGroup):
    """A group of built-in commands plus those of ``lazy``, imported on first use."""

    lazy: ClassVar[Commands] = {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Return the names of every command, built-in and lazy."""
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Return a command, importing its module first when it is a lazy one."""
        if cmd_name in self.lazy:
            module, attribute = self.lazy[cmd_name]
            group = getattr(importlib.import_module(module), attribute)
            if not isinstance(group, typer.Typer):  # a single command
                function, group = group, typer.Typer(add_completion=False, rich_markup_mode=None)
                group.command(cmd_name)(function)
            command = typer.main.get_command(group)
            command.name = cmd_name
            if not isinstance(command, LazyGroup):  # its commands are imported: they run with it on
                _collect_from_here()
            return command
        return super().get_command(ctx, cmd_name)


def _collect_from_here() -> None:
    """Turn the garbage collector back on once a command's modules are imported, if main turned it off.

    Importing polars, numpy and an engine makes tens of thousands of objects that live as long
    as the process and no garbage; with the collector on, it walked them over a hundred times
    (0.1-0.25 s of a batch run's CPU). They are frozen (never walked again) and the command
    runs with the collector on.
    """
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def lazy_group(commands: Commands) -> type[LazyGroup]:
    """Return a group class whose commands are ``commands`` (for ``typer.Typer(cls=...)``)."""
    return type("LazyCommands", (LazyGroup,), {"lazy": dict(commands)})


__all__ = ["Commands", "LazyGroup", "lazy_group"]
