"""``--plot FILE.png|.svg|.html`` of the analysis commands: the command's main figures.

The path is checked before any work (:func:`check`: suffix, folder, and that the command has
figures); after the run :func:`write` draws ``figures.registry.figures_for(command, ...)`` and
writes them with ``figures.base.save_figures``: the first figure to ``FILE``, the others beside
it as ``FILE_<figure>.<suffix>``. Where one command runs on several groups and returns one
result per group (``network A B``), each group gets its own files, ``FILE_<group>.<suffix>``.
"""

from __future__ import annotations

from pathlib import Path

#: The ``--plot`` option's help text, the same on every command.
PLOT_HELP = ("Draw the main figure(s): FILE.png, FILE.svg or FILE.html (interactive, offline). The "
             "first figure goes to FILE, further ones beside it as FILE_<figure>.png.")
#: ... on the commands that take several groups and draw each one (``network A B``).
PLOT_HELP_GROUPS = PLOT_HELP + " Several groups: one set of files per group, FILE_<group>.png."


def check(command: str, path: Path | None) -> Path | None:
    """``path`` when ``--plot`` can be written there and ``command`` has figures; one clear
    MegaregionError otherwise, before any work starts."""
    from megaregion.cli.paths import check_plot

    if path is None:
        return None
    check_plot(path)
    from megaregion.figures.registry import FIGURES, figures_for

    if command not in FIGURES:
        figures_for(command, None)  # the registry's own error: which commands draw figures
    return Path(path)


def context(options, store, group=None):
    """The :class:`~megaregion.figures.base.FigureContext` of a run: the data folder
    (``--data-dir``, else ``MEGAREGION_DATA``; ``None`` where neither names one: a map then
    says which file it needs), the store's regions, and the group drawn (``None`` where the
    results span several groups or none)."""
    from megaregion.config import data_dir
    from megaregion.errors import MegaregionError
    from megaregion.figures.base import FigureContext

    try:
        folder = data_dir(options.data_dir, lang=options.lang)
    except MegaregionError:
        folder = None
    return FigureContext(data_dir=folder, regions=store.df("regions"),
                         group=store.group(group) if group is not None else None)


def group_path(path: Path, group: str) -> Path:
    """The ``--plot`` path of one of several groups: ``FILE_<group>.<suffix>``."""
    path = Path(path)
    return path.with_name(f"{path.stem}_{group}{path.suffix}")


def write(command: str, results, path: Path | None, lang: str, ctx) -> list[Path]:
    """Draw ``command``'s figures of ``results`` in ``lang`` to ``path`` (and beside it) and
    print each path written; nothing when ``path`` is ``None``."""
    if path is None:
        return []
    from megaregion.cli.render import console
    from megaregion.figures.base import save_figures
    from megaregion.figures.registry import figures_for
    from megaregion.i18n import t

    figures = figures_for(command, results, lang, ctx)
    if not figures:
        console.print(t("plot.nothing", lang, path=path), highlight=False, markup=False)
        return []
    written = save_figures(figures, path)
    for p in written:
        console.print(f"→ {p}", highlight=False, markup=False)
    return written
