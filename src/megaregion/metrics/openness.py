r"""Openness kernels: the share of a member's links that leave its group, and FDI relative to GDP.

Pure functions on frames and numbers; the workflow is :mod:`megaregion.analysis.openness`.

Outside share
-------------
For a member *m* of a group *G* with units *U(m)* (a metro's counties, or the member itself) and
link weights :math:`w_{uv}` from unit *u* to unit *v*,

.. math::

    \text{outside}_m = \sum_{u \in U(m)} \sum_{v \notin G} w_{uv}, \quad
    \text{inside}_m = \sum_{u \in U(m)} \sum_{v \in G \setminus U(m)} w_{uv}, \quad
    s_m = \frac{\text{outside}_m}{\text{outside}_m + \text{inside}_m}

(outgoing links; incoming links swap *u* and *v*; undirected links count both orientations).
Links within the member (*v* in *U(m)*) are left out: the share is of the member's links to
*other places*. Links whose partner is unknown (no code) are left out and counted. The group's
share is :math:`\sum_m \text{outside}_m / \sum_m (\text{outside}_m + \text{inside}_m)`, the
share of the members' external links that leave the group.

It is a plain ratio of sums (the external share of a node set's tie weight, as in the E-I
reasoning of Krackhardt & Stern 1988, *Social Psychology Quarterly* 51(2):123-140, here with
weights and with the outside world as the other side). No published worked example of this
exact ratio exists; the tests check it on cases built by hand.

FDI relative to GDP
-------------------
.. math::

    \text{FDI/GDP} = 100 \cdot \frac{F \cdot e / 100}{Y}

with *F* FDI actually used in million US dollars, *e* the annual average exchange rate in yuan
per 100 dollars ÷ 100 (yuan per dollar), so :math:`F \cdot e` is million yuan and
:math:`F \cdot e / 100` is 100 million yuan (亿元), and *Y* GDP in 100 million yuan, current
prices. The ratio is a percentage. This is the usual FDI-intensity indicator of Chinese city
studies (e.g. 实际利用外资占GDP比重; UNCTAD's FDI flows as a share of GDP).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["outside_share", "fdi_gdp_pct"]


def outside_share(flows: pd.DataFrame, member_of: dict, inside: set, *, side: str = "origin") -> pd.DataFrame:
    """Share of each member's links to other places that leave the group.

    Parameters
    ----------
    flows : frame with ``origin``, ``destination``, ``weight`` (units, e.g. counties or metros).
    member_of : unit -> member id, for the units that belong to a member (origins of the count).
    inside : every unit inside the group (members' units and any other unit of the group).
    side : ``"origin"`` (the member sends: outgoing links), ``"destination"`` (incoming), or
        ``"both"`` (undirected links: both orientations are counted).

    Returns
    -------
    DataFrame, one row per member with links: ``member``, ``inside`` (weight to other places in
    the group), ``outside`` (weight to places outside the group), ``total`` (inside + outside),
    ``outside_share`` (outside / total; NaN when total is 0), ``unknown`` (weight whose partner
    has no id, left out).

    Notes
    -----
    Links within a member (partner in the member's own units) are left out; a partner that is
    NaN is unknown, not outside. See the module docstring for the formula.
    """
    if side == "both":
        a = outside_share(flows, member_of, inside, side="origin")
        b = outside_share(flows, member_of, inside, side="destination")
        out = pd.concat([a, b]).groupby("member", as_index=False)[["inside", "outside", "unknown"]].sum()
        out["total"] = out["inside"] + out["outside"]
        out["outside_share"] = np.where(out["total"] > 0, out["outside"] / out["total"].where(out["total"] > 0), np.nan)
        return out[["member", "inside", "outside", "total", "outside_share", "unknown"]]
    if side not in ("origin", "destination"):
        raise ValueError("side must be 'origin', 'destination' or 'both'")
    other = "destination" if side == "origin" else "origin"
    f = flows[["origin", "destination", "weight"]].copy()
    f["member"] = f[side].map(member_of)
    f = f[f["member"].notna()]
    partner = f[other]
    partner_member = partner.map(member_of)
    unknown = partner.isna()
    self_link = (partner_member == f["member"]) & ~unknown
    is_in = partner.isin(inside) & ~self_link & ~unknown
    is_out = ~partner.isin(inside) & ~unknown
    f = f.assign(inside=np.where(is_in, f["weight"], 0.0), outside=np.where(is_out, f["weight"], 0.0),
                 unknown=np.where(unknown, f["weight"], 0.0))
    out = f.groupby("member", as_index=False)[["inside", "outside", "unknown"]].sum()
    out["total"] = out["inside"] + out["outside"]
    out["outside_share"] = out["outside"] / out["total"].where(out["total"] > 0)
    return out[["member", "inside", "outside", "total", "outside_share", "unknown"]]


def fdi_gdp_pct(fdi_million_usd, gdp_100m_cny, cny_per_100_usd):
    """FDI actually used as a percentage of GDP (see the module docstring).

    Parameters
    ----------
    fdi_million_usd : FDI actually used, million US dollars (array-like).
    gdp_100m_cny : GDP, 100 million yuan (亿元), current prices.
    cny_per_100_usd : annual average exchange rate, yuan per 100 US dollars.

    Returns
    -------
    ndarray of percentages; NaN where an input is missing or GDP is not positive.
    """
    f = np.asarray(fdi_million_usd, dtype=float)
    y = np.asarray(gdp_100m_cny, dtype=float)
    e = np.asarray(cny_per_100_usd, dtype=float)
    fdi_100m_cny = f * (e / 100.0) / 100.0
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(y > 0, 100.0 * fdi_100m_cny / np.where(y > 0, y, np.nan), np.nan)
