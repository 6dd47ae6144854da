"""Operations on canonical flows that analyses share: averaging daily shares over a window.

(County-to-metro aggregation lives beside the group model: :func:`megaregion.model.megaregion.aggregate_flows`.)
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from megaregion.errors import MegaregionError

#: Baidu share definitions (see the ``cn/baidu_migration`` reader).
SHARE_OF = ("origin_outflow", "destination_inflow")
KIND = "migration_share"


def window_mean(flows: pd.DataFrame, start: str, end: str,
                share_of: str = "origin_outflow") -> pd.DataFrame:
    """Mean daily migration share of each directed pair over ``start``–``end`` (inclusive).

    Parameters
    ----------
    flows : Baidu flows in the canonical ``flows`` shape (``origin``, ``destination``,
        ``period`` = ``YYYY-MM-DD``, ``category`` = share_of, ``weight`` in percent), e.g.
        ``read_baidu_migration(...).tables['flows'].to_pandas()`` or the store's rows.
    start, end : first and last day, ``YYYY-MM-DD``; both included.
    share_of : ``origin_outflow`` or ``destination_inflow``; the two are never mixed.

    Returns
    -------
    pandas.DataFrame in the canonical ``flows`` shape: one row per (origin, destination) pair
    seen in the window, ``weight`` = mean daily share (percent), ``period`` ``'START/END'``,
    ``year`` = the year of ``end``, ``kind`` and ``unit`` as in the input, ``directed`` True.
    ``df.attrs['n_days']`` is the number of days averaged over and ``df.attrs['days']`` lists
    them.

    Notes
    -----
    Baidu drops zero shares, so a pair absent on a day counts as **0** that day: the mean is the
    sum of the pair's shares divided by the number of days in the window that have any data
    for ``share_of`` (not by the days on which the pair appears, which would overstate
    occasional links). Days inside the window with no rows at all (a missing source file) are
    treated as unobserved and left out of the denominator; in the 2020 Q1 file all 91 days are
    present, so the denominator is the number of calendar days in the window.
    """
    if share_of not in SHARE_OF:
        raise MegaregionError(f"share_of must be one of {', '.join(SHARE_OF)}, not {share_of!r}")
    try:
        d0, d1 = date.fromisoformat(start), date.fromisoformat(end)
    except ValueError:
        raise MegaregionError(f"window dates must be YYYY-MM-DD, got {start!r} and {end!r}") from None
    if d1 < d0:
        raise MegaregionError(f"window end {end} is before its start {start}")
    start, end = d0.isoformat(), d1.isoformat()
    period = flows["period"].astype("string")
    sel = flows[(flows["category"] == share_of) & (period >= start) & (period <= end)
                & period.str.fullmatch(r"\d{4}-\d\d-\d\d").fillna(False)]
    days = sorted(sel["period"].astype("string").unique().tolist())
    if not days:
        raise MegaregionError(f"no {share_of} migration shares between {start} and {end}")
    g = sel.groupby(["origin", "destination"], as_index=False, sort=True).agg(
        total=("weight", "sum"))
    kind = sel["kind"].iloc[0] if "kind" in sel else KIND
    unit = sel["unit"].iloc[0] if "unit" in sel else "percent"
    out = pd.DataFrame({
        "origin": g["origin"], "destination": g["destination"],
        "year": np.int32(d1.year), "period": f"{start}/{end}", "kind": kind,
        "category": share_of, "weight": g["total"] / len(days), "unit": unit, "directed": True,
    })
    out.attrs["n_days"] = len(days)
    out.attrs["days"] = days
    return out
