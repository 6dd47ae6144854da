"""The ``megaregion`` command: Typer app, global options and the one place errors are printed.

Presentation only: every command calls the library and renders what it returns. User mistakes
(:class:`~megaregion.errors.MegaregionError`) print one line and exit with status 2.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape

from megaregion.errors import MegaregionError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Industrial and innovation coordination among the cities of a megaregion.")
from megaregion.cli.render import console, err_console  # noqa: F401  (re-exported for commands)


@dataclass
class Options:
    lang: str = "en"
    store: Optional[Path] = None
    data_dir: Optional[Path] = None

    def open_store(self, *, create: bool = False):
        """The store of ``--store`` (else ``MEGAREGION_STORE``, else the user data dir).

        A store named on the command line or in the environment whose folder does not exist is
        an error (a mistyped path would otherwise open a new, empty store), except where the
        command imports data (``create=True``: ``data import``, ``data fetch``), which makes
        the folder. The default location is always created."""
        from megaregion import open_store
        from megaregion.config import store_path
        from megaregion.errors import StoreError

        path = store_path(self.store)
        named = self.store is not None or bool(os.environ.get("MEGAREGION_STORE"))
        if named and not create and not path.parent.is_dir():
            raise StoreError(f"--store {path}: the folder {path.parent} does not exist; only "
                             "`megaregion data import` creates a new store (and its folder)")
        return open_store(path)


@app.callback()
def _global(ctx: typer.Context,
            lang: str = typer.Option("en", "--lang", help="Language of labels and messages: en or zh."),
            store: Optional[Path] = typer.Option(None, "--store", help="Store file (default: user data dir; env MEGAREGION_STORE)."),
            data_dir: Optional[Path] = typer.Option(None, "--data-dir", help="Data folder (default: env MEGAREGION_DATA).")):
    if lang not in ("en", "zh"):
        raise typer.BadParameter("use en or zh", param_hint="--lang")
    ctx.obj = Options(lang, store, data_dir)


def _register() -> None:
    from megaregion.cli import (alliances, blocks, compare, data, demo, indicators, innovation, io_tables,
                                network, openness, regions, spatial, structure)

    app.add_typer(data.app, name="data")
    app.add_typer(regions.app, name="regions")
    app.command("groups")(regions.groups)
    app.command("demo")(demo.demo)
    # the brief's four features
    app.command("structure")(structure.structure)
    app.command("network")(network.network)
    app.command("blocks")(blocks.blocks)
    app.command("innovation")(innovation.innovation)
    app.command("complexity")(innovation.complexity)
    app.command("collaboration")(innovation.collaboration)
    app.command("synergy")(innovation.synergy)
    app.command("cofunding")(innovation.cofunding)
    app.command("world-cities")(innovation.world_cities)
    # the brief's lessons
    app.command("io")(io_tables.io)
    app.command("division")(io_tables.division)
    app.command("alliances")(alliances.alliances)
    app.command("openness")(openness.openness)
    app.command("spatial")(spatial.spatial)
    app.command("compare")(compare.compare)
    app.command("indicators")(indicators.indicators)
    from megaregion.cli import report
    app.command("report")(report.report)

_register()


def _expand_multi(argv: list[str], options=("--years",)) -> list[str]:
    """Let ``--years 2019 2021`` mean ``--years 2019 --years 2021`` (Typer takes one value)."""
    out: list[str] = []
    option = None
    for arg in argv:
        if arg in options:
            option = arg
            continue
        if option and not arg.startswith("-"):
            out += [option, arg]
            continue
        option = None
        out.append(arg)
    return out


def _lang(args: list[str]) -> str:
    """The --lang given on the command line (errors are printed before Typer's context exists)."""
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return "en"


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script."""
    args = _expand_multi(list(sys.argv[1:] if argv is None else argv))
    try:
        app(args=args, standalone_mode=False)
    except MegaregionError as exc:
        # the message is the user's data (headers like "[columns]", cell text): never markup
        if _lang(args) == "zh":
            from megaregion.i18n.error_texts import zh

            err_console.print(f"[bold red]错误：[/]{escape(zh(exc))}", highlight=False, soft_wrap=True)
        else:
            err_console.print(f"[bold red]error:[/] {escape(exc.message)}", highlight=False, soft_wrap=True)
        raise SystemExit(2)
    except typer.Exit as exc:
        raise SystemExit(exc.exit_code)
    except typer.Abort:
        raise SystemExit(1)
    except Exception as exc:
        # Usage errors (bad option value, missing argument). Typer >= 0.25 vendors its own click,
        # so its exceptions are not click's: recognise both by their interface.
        if callable(getattr(exc, "show", None)) and isinstance(getattr(exc, "exit_code", None), int):
            message = str(exc.format_message() if hasattr(exc, 'format_message') else exc)
            if _lang(args) == "zh":
                from megaregion.i18n.error_texts import usage_zh

                err_console.print(f"[bold red]错误：[/]{escape(usage_zh(message))}", highlight=False, soft_wrap=True)
            else:
                err_console.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
            raise SystemExit(2)
        raise
