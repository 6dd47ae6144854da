"""Fonts for figures: a CJK font for Chinese text, found by family, never by file path.

Debian/Ubuntu ship it as ``fonts-noto-cjk`` (``scripts/system-deps.sh`` installs it). Without a
CJK font matplotlib draws Chinese characters as empty boxes ("tofu") and only warns, so a
Chinese figure asks for the font first and fails with one clear message when it is missing.
"""

from __future__ import annotations

import re
from functools import lru_cache

from megaregion.errors import MegaregionError

#: Families tried in order (Simplified Chinese first); any one is enough.
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Noto Sans CJK JP",
                "WenQuanYi Zen Hei", "Microsoft YaHei", "SimHei", "PingFang SC")

#: The family plotly asks the browser (or the PDF engine) for; the browser falls back in order.
WEB_FONT_STACK = ("'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', "
                  "'Microsoft YaHei', 'WenQuanYi Zen Hei', sans-serif")

MISSING = ("Chinese figures need a CJK font and none is installed. Install Noto Sans CJK "
           "(Debian/Ubuntu: `sudo apt-get install fonts-noto-cjk`, or run scripts/system-deps.sh); "
           "English figures (--lang en) work without it.")


def _installed_families() -> set[str]:
    from matplotlib import font_manager

    return {f.name for f in font_manager.fontManager.ttflist}


@lru_cache(maxsize=1)
def cjk_family() -> str:
    """The first installed family of :data:`CJK_FAMILIES`.

    Raises
    ------
    MegaregionError
        When no CJK font is installed (:data:`MISSING` says how to install one).
    """
    families = _installed_families()
    for fam in CJK_FAMILIES:
        if fam in families:
            return fam
    # matplotlib's font cache may predate the font's installation: add the system's CJK font
    # files to the live font manager (no rebuild: the module-level findfont stays bound to it).
    from matplotlib import font_manager

    for path in font_manager.findSystemFonts():
        if re.search(r"cjk|wqy|sourcehan|simhei|yahei|pingfang", path, re.IGNORECASE):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue
    families = _installed_families()
    for fam in CJK_FAMILIES:
        if fam in families:
            return fam
    raise MegaregionError(MISSING)


def font_families(lang: str) -> list[str]:
    """matplotlib ``font.family`` for ``lang``: the CJK family first for Chinese (it also holds
    Latin letters and digits), DejaVu Sans for English."""
    if lang == "zh":
        return [cjk_family(), "DejaVu Sans"]
    return ["DejaVu Sans"]
