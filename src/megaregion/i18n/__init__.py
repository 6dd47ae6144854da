"""English and Chinese labels for everything the command line and reports print."""

from megaregion.i18n.labels import LANGS, t

__all__ = ["LANGS", "t"]
