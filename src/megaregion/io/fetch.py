"""Download the official County Business Patterns files, cached and checked.

:func:`fetch_cbp` downloads ``cbpYYco.zip`` (county) or ``cbpYYmsa.zip`` (metro) from the
Census Bureau with :mod:`pooch` into a cache folder and returns their paths, ready for
:func:`megaregion.io.census_cbp.read_cbp_file`::

    from megaregion.io.fetch import fetch_cbp
    from megaregion.io.census_cbp import read_cbp_file

    paths = fetch_cbp([2019, 2021], level="county", cache_dir="~/cbp")
    batches = [read_cbp_file(p) for p in paths]

The URL is ``{base_url}/{YYYY}/cbp{YY}co.zip`` (``msa`` for metros); ``base_url`` defaults to
``https://www2.census.gov/programs-surveys/cbp/datasets`` and can be changed with the argument
or the environment variable ``MEGAREGION_CBP_URL`` (a mirror, or a local server in tests).

Integrity: the Census Bureau publishes no checksums, so the SHA-256 of each file is recorded in
``registry.txt`` inside the cache folder when the file is first downloaded (or first found
there), one ``<file name> <sha256>`` line per file, the format of a pooch registry. Later calls
check the cached file against it; a file that changed raises :class:`CachedFileChangedError`,
and a fresh download is checked against the recorded hash too. Files already in the cache are
never downloaded again.

Without network access, download the files by hand (same names) into the cache folder:
:func:`fetch_cbp` then finds them, records their hashes and does not connect.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Iterable

import pooch

from megaregion.errors import MegaregionError

#: Where the Census Bureau publishes the CBP files (one folder per year).
DEFAULT_CBP_URL = "https://www2.census.gov/programs-surveys/cbp/datasets"
#: Environment variable that overrides :data:`DEFAULT_CBP_URL`.
CBP_URL_ENV = "MEGAREGION_CBP_URL"
#: Name of the hash manifest kept in the cache folder.
REGISTRY_NAME = "registry.txt"

_LEVELS = {"county": "co", "metro": "msa"}


class FetchError(MegaregionError):
    """A file could not be downloaded or a cached file is not the one first downloaded."""


class DownloadError(FetchError):
    """The server could not be reached or refused the file; the message says what to do."""


class CachedFileChangedError(FetchError):
    """A cached file's SHA-256 differs from the one recorded when it was first stored."""


class RichProgressBar:
    """Progress bar with :mod:`rich`, in the interface pooch expects of a custom bar.

    pooch sets ``total`` (bytes, from Content-Length), calls ``update(n)`` per chunk, then
    ``reset()``, ``update(total)`` and ``close()``. Used when :mod:`tqdm` is not installed.

    Parameters
    ----------
    description : str
        Text shown left of the bar (the file name).
    """

    def __init__(self, description: str) -> None:
        """Create the (not yet started) bar; see the class docstring."""
        from rich.progress import (BarColumn, DownloadColumn, Progress, TextColumn,
                                   TransferSpeedColumn)

        self._progress = Progress(TextColumn("{task.description}"), BarColumn(),
                                  DownloadColumn(), TransferSpeedColumn(), transient=False)
        self._task = None
        self._description = description
        self._total = 0

    @property
    def total(self) -> int:
        """Expected size in bytes (0 when the server did not say)."""
        return self._total

    @total.setter
    def total(self, value: int) -> None:
        """Set the expected size and start drawing the bar."""
        self._total = int(value or 0)
        if self._task is None:
            self._progress.start()
            self._task = self._progress.add_task(self._description, total=self._total or None)
        else:
            self._progress.update(self._task, total=self._total or None)

    def update(self, n: int) -> None:
        """Advance by ``n`` bytes.

        Parameters
        ----------
        n : int
            Bytes received since the last call.
        """
        if self._task is not None:
            self._progress.advance(self._task, n)

    def reset(self) -> None:
        """Set the bar back to zero (pooch then fills it to the exact total)."""
        if self._task is not None:
            self._progress.reset(self._task, total=self._total or None)

    def close(self) -> None:
        """Stop drawing the bar."""
        self._progress.stop()


def _progressbar(enabled: bool, description: str):
    """tqdm through pooch when installed, else a rich bar, else none."""
    if not enabled:
        return False
    try:
        import tqdm  # noqa: F401

        return True
    except ImportError:
        try:
            return RichProgressBar(description)
        except ImportError:  # pragma: no cover - rich is a dependency
            return False


def cbp_url(year: int, level: str = "county", base_url: str | None = None) -> str:
    """URL of the official CBP zip file of one year and level.

    Parameters
    ----------
    year : int
        Reference year, e.g. 2019.
    level : {'county', 'metro'}
        County file ``cbpYYco.zip`` or metro file ``cbpYYmsa.zip``.
    base_url : str, optional
        Folder holding the year folders; default ``$MEGAREGION_CBP_URL`` or
        :data:`DEFAULT_CBP_URL`.

    Returns
    -------
    str
        E.g. ``https://www2.census.gov/programs-surveys/cbp/datasets/2019/cbp19co.zip``.
    """
    base = (base_url or os.environ.get(CBP_URL_ENV) or DEFAULT_CBP_URL).rstrip("/")
    return f"{base}/{int(year)}/{cbp_file_name(year, level)}"


def cbp_file_name(year: int, level: str = "county") -> str:
    """File name the Census Bureau uses: ``cbp19co.zip`` or ``cbp19msa.zip``.

    Parameters
    ----------
    year : int
        Reference year.
    level : {'county', 'metro'}
        Geography of the file.

    Returns
    -------
    str
        The zip file name.

    Raises
    ------
    ValueError
        For an unknown level.
    """
    if level not in _LEVELS:
        raise ValueError(f"level must be 'county' or 'metro', not {level!r}")
    return f"cbp{int(year) % 100:02d}{_LEVELS[level]}.zip"


def read_registry(cache_dir: str | Path) -> dict[str, str]:
    """The recorded SHA-256 hashes of the cache folder.

    Parameters
    ----------
    cache_dir : str or Path
        The cache folder.

    Returns
    -------
    dict
        File name -> SHA-256 hex digest (empty when there is no ``registry.txt``).
    """
    reg = Path(cache_dir) / REGISTRY_NAME
    out: dict[str, str] = {}
    if reg.is_file():
        for line in reg.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) >= 2 and not line.lstrip().startswith("#"):
                out[parts[0]] = parts[1].removeprefix("sha256:")
    return out


def _write_registry(cache_dir: Path, registry: dict[str, str]) -> None:
    """Rewrite ``registry.txt`` atomically from ``registry`` (file name -> SHA-256)."""
    lines = ["# SHA-256 of files downloaded by megaregion (recorded at first download)"]
    lines += [f"{name} {digest}" for name, digest in sorted(registry.items())]
    tmp = cache_dir / (REGISTRY_NAME + ".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(cache_dir / REGISTRY_NAME)


def fetch_cbp(years: int | Iterable[int], level: str = "county",
              cache_dir: str | Path | None = None, base_url: str | None = None, *,
              progress: bool = True) -> list[Path]:
    """Download official CBP files into a cache folder (once) and return their paths.

    Parameters
    ----------
    years : int or iterable of int
        Reference years, e.g. ``[2012, 2019]``.
    level : {'county', 'metro'}
        ``cbpYYco.zip`` (counties) or ``cbpYYmsa.zip`` (metros).
    cache_dir : str or Path, optional
        Folder for the files and their ``registry.txt``; default: pooch's user cache folder
        for ``megaregion`` (``pooch.os_cache('megaregion') / 'cbp'``).
    base_url : str, optional
        Folder holding the year folders; default ``$MEGAREGION_CBP_URL`` or
        :data:`DEFAULT_CBP_URL`.
    progress : bool
        Show a download progress bar (tqdm if installed, else rich).

    Returns
    -------
    list of Path
        One path per year, in the order given.

    Raises
    ------
    DownloadError
        The server cannot be reached or does not have the file. The one-line message names the
        URL and says where to put a file downloaded by hand.
    CachedFileChangedError
        A cached (or newly downloaded) file's SHA-256 differs from the one recorded in
        ``registry.txt``.
    ValueError
        An unknown ``level``.
    """
    if isinstance(years, int):
        years = [years]
    if level not in _LEVELS:
        raise ValueError(f"level must be 'county' or 'metro', not {level!r}")
    cache = Path(cache_dir).expanduser() if cache_dir is not None else \
        Path(pooch.os_cache("megaregion")) / "cbp"
    cache.mkdir(parents=True, exist_ok=True)
    registry = read_registry(cache)
    out: list[Path] = []
    for year in years:
        name = cbp_file_name(year, level)
        target = cache / name
        url = cbp_url(year, level, base_url)
        recorded = registry.get(name)
        if target.is_file():
            digest = pooch.file_hash(str(target), alg="sha256")
            if recorded is None:
                registry[name] = digest
                _write_registry(cache, registry)
            elif digest != recorded:
                raise CachedFileChangedError(
                    f"{target} has changed since it was stored (SHA-256 {digest[:12]}... , "
                    f"recorded {recorded[:12]}... in {cache / REGISTRY_NAME}); delete the file "
                    "to download it again, or delete its line in registry.txt to accept it")
            out.append(target)
            continue
        known = f"sha256:{recorded}" if recorded else None
        logger = pooch.get_logger()
        level_before = logger.level
        logger.setLevel(logging.WARNING)
        try:
            fetched = pooch.retrieve(
                url, known_hash=known, fname=name, path=cache,
                downloader=pooch.HTTPDownloader(progressbar=_progressbar(progress, name),
                                                timeout=60),
            )
        except ValueError as exc:
            if "hash" in str(exc).lower() and recorded:
                raise CachedFileChangedError(
                    f"{url} no longer matches the SHA-256 recorded in {cache / REGISTRY_NAME} "
                    f"({recorded[:12]}...); the Census Bureau may have revised the file; delete "
                    f"its line in registry.txt to accept the new version") from None
            raise
        except Exception as exc:  # requests errors, OSError, socket errors
            reason = _reason(exc)
            raise DownloadError(
                f"could not download {url} ({reason}); check the internet connection, or "
                f"download the file by hand and save it as {target}, then run again") from None
        finally:
            logger.setLevel(level_before)
        path = Path(fetched)
        if recorded is None:
            registry[name] = pooch.file_hash(str(path), alg="sha256")
            _write_registry(cache, registry)
        out.append(path)
    return out


def _reason(exc: BaseException) -> str:
    """A short reason for a failed download (HTTP status or connection problem)."""
    response = getattr(exc, "response", None)
    if response is not None and getattr(response, "status_code", None):
        return f"HTTP {response.status_code} {getattr(response, 'reason', '') or ''}".strip()
    name = type(exc).__name__
    if "Connection" in name:
        return "the server cannot be reached"
    if "Timeout" in name:
        return "the server did not answer in time"
    text = str(exc).splitlines()[0] if str(exc) else name
    return text[:160]
