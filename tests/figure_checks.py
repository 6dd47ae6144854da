"""Checks shared by the figure, plot and report tests: what a picture really draws, not only
that a file exists."""

from __future__ import annotations

import re

#: Latin words allowed in a Chinese figure: units, codes and abbreviations a Chinese reader
#: uses as they are (GDP, LQ, RCA, ECI, PCI, NAICS, GaWC, km, ...).
ALLOWED_LATIN = {"GDP", "LQ", "RCA", "ECI", "PCI", "COG", "NAICS", "BEA", "CBP", "GB", "GaWC",
                 "FDI", "LISA", "HH", "LL", "HL", "LH", "km", "R", "D", "C", "T", "USD", "CNY",
                 "QAP", "MRQAP", "CONCOR", "SE", "BE", "IO", "US", "USPTO", "NSF", "HERD", "BRDIS",
                 "p", "z", "I", "n", "Moran", "Geary", "Krackhardt", "LUB", "PPML", "x", "y",
                 "Baidu", "TopoJSON", "WKT", "us-atlas", "world-atlas", "Natural", "Earth", "leiii",
                 "census", "Census", "Bureau", "e"}
# authors' names of methods, kept in Latin letters in Chinese academic writing
ALLOWED_LATIN |= {"Rasmussen", "Hirschman", "Borgatti", "Everett", "Taylor", "Besag", "Clifford"}
# triple-helix symbols (university, industry, government and their overlaps)
ALLOWED_LATIN |= {"UIG", "GT", "GO", "TO", "GTO"}


def static_texts(mpl_figure) -> list[str]:
    """Every non-empty text drawn on a matplotlib figure: titles, axis labels, tick labels,
    legend entries, annotations."""
    from matplotlib.text import Text

    mpl_figure.canvas.draw()  # tick labels exist only once drawn
    return [t.get_text() for t in mpl_figure.findobj(Text) if t.get_visible() and t.get_text().strip()]


def latin_words(texts) -> list[str]:
    """Latin words of ``texts`` not in :data:`ALLOWED_LATIN`: English left in a Chinese figure."""
    found = []
    for text in texts:
        for word in re.findall(r"[A-Za-z][A-Za-z\-]+", str(text)):
            # a hyphenated word (Borgatti-Everett, Rasmussen-Hirschman) passes when each part does
            if word not in ALLOWED_LATIN and not all(p in ALLOWED_LATIN for p in word.split("-") if p):
                found.append(word)
    return found


def plotly_texts(fig) -> list[str]:
    """Titles, axis titles, legend names, annotations and hover/text labels of a plotly figure."""
    out = []
    lay = fig.layout
    if lay.title and lay.title.text:
        out.append(lay.title.text)
    for key in dir(lay):
        if key.startswith(("xaxis", "yaxis")):
            ax = getattr(lay, key, None)
            if ax is not None and getattr(ax, "title", None) is not None and ax.title.text:
                out.append(ax.title.text)
    for ann in lay.annotations or ():
        if ann.text:
            out.append(ann.text)
    for trace in fig.data:
        if getattr(trace, "name", None) and trace.showlegend is not False:
            out.append(trace.name)
    return out


def assert_offline(html: str) -> None:
    """Nothing in the page is loaded from elsewhere: no script/link/img with a remote source,
    and no URL outside the inlined plotly.js library (whose own code names its CDN for
    features the figures never use: geo traces, map tiles, MathJax)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(["script", "link", "img", "iframe", "source", "object"]):
        for attr in ("src", "href", "data"):
            value = tag.get(attr) or ""
            assert not value.startswith(("http:", "https:", "//")), (tag.name, value)
    rest = html
    for script in soup.find_all("script"):
        if len(script.text) > 1_000_000 and "plotly" in script.text.lower():
            rest = rest.replace(script.text, "")
    rest = rest.replace("http://www.w3.org/", "")  # SVG / XHTML namespaces, not fetched
    assert "http://" not in rest and "https://" not in rest, re.findall(r"https?://\S{0,60}", rest)[:5]
