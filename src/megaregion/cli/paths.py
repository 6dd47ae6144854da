"""Output paths of the commands, checked before any work starts.

``--out`` and ``--graph`` are checked when the command begins, so that a typo in a folder name
or suffix costs one clear error line, not a finished computation and a traceback. The rule:

* the folder that will hold the file must already exist (it is **not** created: a mistyped
  folder name would otherwise silently scatter results), and be writable;
* the suffix must be one the writer knows: ``.xlsx``, ``.json`` or ``.csv`` for ``--out``
  (``.csv`` writes a folder of CSV files named like the path without ``.csv``), ``.gexf``,
  ``.graphml``, ``.net``, ``.dl`` or ``.geojson`` for ``--graph``, and ``.png``, ``.svg`` or
  ``.html`` for ``--plot``.
"""

from __future__ import annotations

import os
from pathlib import Path

from megaregion.errors import MegaregionError

OUT_SUFFIXES = (".xlsx", ".json", ".csv")
GRAPH_SUFFIXES = (".gexf", ".graphml", ".net", ".dl", ".geojson")
PLOT_SUFFIXES = (".png", ".svg", ".html")


def _check(path: Path, option: str, suffixes: tuple[str, ...]) -> Path:
    suffix = path.suffix.lower()
    if suffix not in suffixes:
        raise MegaregionError(f"{option} {path}: unknown suffix {suffix or '(none)'!r}; "
                              f"use {', '.join(suffixes)}")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise MegaregionError(f"{option} {path}: the folder {folder} does not exist "
                              "(it is not created; make it first or choose another)")
    if not os.access(folder, os.W_OK):
        raise MegaregionError(f"{option} {path}: the folder {folder} is not writable")
    target = path.with_suffix("") if suffix == ".csv" and option == "--out" else path
    if suffix == ".csv" and option == "--out" and target.exists() and not target.is_dir():
        raise MegaregionError(f"{option} {path}: .csv writes the folder {target}, but a file has that name")
    if target.is_dir() and target is path:
        raise MegaregionError(f"{option} {path}: a folder has that name")
    return path


def check_out(path: Path | None) -> Path | None:
    """``path`` when ``--out`` can be written there; a MegaregionError saying why not."""
    return None if path is None else _check(Path(path), "--out", OUT_SUFFIXES)


def check_graph(path: Path | None) -> Path | None:
    """``path`` when ``--graph`` can be written there; a MegaregionError saying why not."""
    return None if path is None else _check(Path(path), "--graph", GRAPH_SUFFIXES)


def check_plot(path: Path | None) -> Path | None:
    """``path`` when ``--plot`` can be written there; a MegaregionError saying why not."""
    return None if path is None else _check(Path(path), "--plot", PLOT_SUFFIXES)


def csv_folder(path: Path) -> Path:
    """The folder ``--out x.csv`` writes its CSV files into."""
    return Path(path).with_suffix("")
