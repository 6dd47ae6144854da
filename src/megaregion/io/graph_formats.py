"""Network interchange with Gephi (GEXF, GraphML), Pajek (.net), UCINET (DL) and GIS (GeoJSON).

Every writer takes the same two tables and every reader returns them:

* **node table** - one row per node, column ``id`` (written and read back as text) plus any
  attributes, e.g. ``name``, ``name_zh``, ``tier``, ``coreness``, ``community``, ``lat``,
  ``lon``;
* **edge table** - one row per link, columns ``source`` and ``target`` (node ids), optional
  ``weight`` and further attributes.

What each format carries:

============  =====================================================================
format        what round-trips
============  =====================================================================
GEXF 1.2      ids, all node and edge attributes with their types (string, integer,
              float, boolean), direction. ``name`` is also the Gephi ``label``.
GraphML       ids, all node and edge attributes with their types, direction.
Pajek .net    ids, labels (``name``), weights, direction. Other node attributes are
              kept in ``%@`` comment lines (JSON, one per vertex) before
              ``*Vertices``; Pajek ignores ``%`` lines, megaregion reads them back.
UCINET DL     the network as ``dl n=.. format=edgelist1`` with ``labels embedded``
              (labels are node ids, ASCII-safe for UCINET) or ``format=fullmatrix``;
              numeric node attributes in a companion UCINET attribute file
              ``<stem>_attributes.dl`` (fullmatrix, rows = nodes, columns =
              attributes) and text attributes (``name``, ``name_zh`` ...) in a UTF-8
              ``<stem>_labels.csv`` (UCINET cannot hold non-numeric attributes or
              non-ANSI text in DL). Both companions are optional when reading.
GeoJSON       RFC 7946 FeatureCollection: a Point per node (all node attributes as
              properties) and a LineString per edge (source/target ids and names,
              weight, tiers and all edge attributes). Coordinates are WGS-84 lon/lat.
============  =====================================================================

All text is UTF-8 (Chinese names survive every format). A file that cannot be parsed raises
:class:`megaregion.errors.DataError` naming the file and the line.

References
----------
GEXF 1.2draft specification, gexf.net (Gephi Consortium).
Brandes, U. et al. GraphML specification, graphml.graphdrawing.org.
Batagelj, V. & Mrvar, A. *Pajek manual* (Pajek .net and .paj formats), mrvar.fdv.uni-lj.si/pajek.
Borgatti, S.P., Everett, M.G. & Freeman, L.C. (2002). *UCINET for Windows*, Help: "DL files".
Butler, H. et al. (2016). The GeoJSON format. IETF RFC 7946.
"""

from __future__ import annotations

import json
import math
import re
import shlex
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from megaregion.errors import DataError

__all__ = [
    "read_gexf",
    "read_geojson",
    "read_graphml",
    "read_pajek",
    "read_ucinet_dl",
    "write_geojson",
    "write_gexf",
    "write_graphml",
    "write_pajek",
    "write_ucinet_dl",
]


# --------------------------------------------------------------------------- helpers


def _py(value):
    """Native Python scalar (numpy -> python); None for missing values."""
    if value is None:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def _check_tables(nodes: pd.DataFrame, edges: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    if "id" not in nodes.columns:
        raise ValueError(f"node table needs an 'id' column; it has {list(nodes.columns)}")
    for col in ("source", "target"):
        if col not in edges.columns:
            raise ValueError(f"edge table needs '{col}'; it has {list(edges.columns)}")
    nodes = nodes.copy()
    nodes["id"] = nodes["id"].astype(str)
    if nodes["id"].duplicated().any():
        raise ValueError(f"duplicate node id {nodes['id'][nodes['id'].duplicated()].iloc[0]!r}")
    edges = edges.copy()
    edges["source"] = edges["source"].astype(str)
    edges["target"] = edges["target"].astype(str)
    known = set(nodes["id"])
    unknown = (set(edges["source"]) | set(edges["target"])) - known
    if unknown:
        raise ValueError(f"edges refer to node(s) not in the node table: {sorted(unknown)[:10]}")
    return nodes.reset_index(drop=True), edges.reset_index(drop=True)


def _to_networkx(nodes: pd.DataFrame, edges: pd.DataFrame, directed: bool, label_for_gephi: bool):
    import networkx as nx

    nodes, edges = _check_tables(nodes, edges)
    G = nx.DiGraph() if directed else nx.Graph()
    attr_cols = [c for c in nodes.columns if c != "id"]
    for rec in nodes.to_dict("records"):
        data = {c: _py(rec[c]) for c in attr_cols}
        data = {k: v for k, v in data.items() if v is not None}
        if label_for_gephi and "label" not in data:
            data["label"] = str(data.get("name", rec["id"]))
        G.add_node(rec["id"], **data)
    edge_cols = [c for c in edges.columns if c not in ("source", "target")]
    if not directed:
        seen: set[frozenset] = set()
    for pos, rec in enumerate(edges.to_dict("records")):
        if not directed:
            key = frozenset((rec["source"], rec["target"]))
            if key in seen:
                raise ValueError(f"edge table row {pos} repeats the undirected edge {rec['source']}-{rec['target']}")
            seen.add(key)
        data = {c: _py(rec[c]) for c in edge_cols}
        G.add_edge(rec["source"], rec["target"], **{k: v for k, v in data.items() if v is not None})
    return G


def _from_networkx(G, drop_node_keys: Iterable[str] = (), drop_edge_keys: Iterable[str] = ()):
    drop_node_keys, drop_edge_keys = set(drop_node_keys), set(drop_edge_keys)
    node_rows = []
    for node, data in G.nodes(data=True):
        row = {"id": str(node)}
        row.update({k: v for k, v in data.items() if k not in drop_node_keys})
        node_rows.append(row)
    edge_rows = []
    for s, t, data in G.edges(data=True):
        row = {"source": str(s), "target": str(t)}
        row.update({k: v for k, v in data.items() if k not in drop_edge_keys})
        edge_rows.append(row)
    nodes = pd.DataFrame(node_rows) if node_rows else pd.DataFrame({"id": pd.Series(dtype=str)})
    edges = pd.DataFrame(edge_rows) if edge_rows else pd.DataFrame(
        {"source": pd.Series(dtype=str), "target": pd.Series(dtype=str)}
    )
    return nodes, edges


def _xml_error(path: Path, exc: Exception) -> DataError:
    line = None
    pos = getattr(exc, "position", None)
    if pos:
        line = pos[0]
    else:
        m = re.search(r"line (\d+)", str(exc))
        line = int(m.group(1)) if m else None
    return DataError(file=path, problem=f"not a valid graph file: {exc}", row=line)


# --------------------------------------------------------------------------- GEXF / GraphML


def write_gexf(path, nodes: pd.DataFrame, edges: pd.DataFrame, directed: bool = False) -> Path:
    """Write a GEXF 1.2 file for Gephi.

    Node attributes become GEXF ``<attvalues>`` with declared types; ``name`` (else ``id``)
    is also written as the node ``label`` Gephi shows. ``weight`` becomes the GEXF edge weight.

    Parameters
    ----------
    path : str or pathlib.Path
        Output file (UTF-8).
    nodes : pandas.DataFrame
        Node table with ``id`` and attributes (missing values are left out for that node).
    edges : pandas.DataFrame
        Edge table with ``source``, ``target`` and optional ``weight`` and attributes.
    directed : bool, default False

    Returns
    -------
    pathlib.Path
        The written path.

    References
    ----------
    GEXF 1.2draft specification (gexf.net); written with :func:`networkx.write_gexf`.
    """
    import networkx as nx

    path = Path(path)
    G = _to_networkx(nodes, edges, directed, label_for_gephi=True)
    nx.write_gexf(G, path, encoding="utf-8", version="1.2draft")
    return path


def read_gexf(path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a GEXF file into (node table, edge table).

    The GEXF ``label`` is returned as ``label`` only when the nodes have no ``name`` attribute
    (megaregion writes ``label = name``); edge ``id`` attributes are dropped.

    Parameters
    ----------
    path : str or pathlib.Path

    Returns
    -------
    nodes, edges : pandas.DataFrame
        ``edges.attrs["directed"]`` tells the direction.

    Raises
    ------
    megaregion.errors.DataError
        If the file is not valid GEXF (the message names the line when the parser knows it).
    """
    import networkx as nx

    path = Path(path)
    try:
        G = nx.read_gexf(path, node_type=str)
    except OSError:
        raise
    except Exception as exc:  # ParseError, NetworkXError, KeyError from malformed files
        raise _xml_error(path, exc) from exc
    has_name = any("name" in d for _, d in G.nodes(data=True))
    drop = {"label"} if has_name else set()
    nodes, edges = _from_networkx(G, drop_node_keys=drop, drop_edge_keys={"id"})
    edges.attrs["directed"] = G.is_directed()
    return nodes, edges


def write_graphml(path, nodes: pd.DataFrame, edges: pd.DataFrame, directed: bool = False) -> Path:
    """Write a GraphML file (Gephi, Cytoscape, yEd, igraph, R ``igraph::read_graph``).

    Parameters
    ----------
    path : str or pathlib.Path
    nodes, edges : pandas.DataFrame
        Node table (``id`` + attributes) and edge table (``source``, ``target`` + attributes).
    directed : bool, default False

    Returns
    -------
    pathlib.Path

    References
    ----------
    GraphML specification (graphml.graphdrawing.org); written with
    :func:`networkx.write_graphml`.
    """
    import networkx as nx

    path = Path(path)
    G = _to_networkx(nodes, edges, directed, label_for_gephi=False)
    nx.write_graphml(G, path, encoding="utf-8")
    return path


def read_graphml(path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a GraphML file into (node table, edge table).

    Parameters
    ----------
    path : str or pathlib.Path

    Returns
    -------
    nodes, edges : pandas.DataFrame
        ``edges.attrs["directed"]`` tells the direction.

    Raises
    ------
    megaregion.errors.DataError
        If the file is not valid GraphML.
    """
    import networkx as nx

    path = Path(path)
    try:
        G = nx.read_graphml(path, node_type=str)
    except OSError:
        raise
    except Exception as exc:
        raise _xml_error(path, exc) from exc
    nodes, edges = _from_networkx(G, drop_edge_keys={"id"})
    edges.attrs["directed"] = G.is_directed()
    return nodes, edges


# --------------------------------------------------------------------------- Pajek


def _pajek_quote(text: str) -> str:
    return '"' + str(text).replace('"', "'") + '"'


def write_pajek(
    path, nodes: pd.DataFrame, edges: pd.DataFrame, directed: bool = False, label: str = "name"
) -> Path:
    """Write a Pajek ``.net`` file (UTF-8), readable by Pajek, igraph, networkx and Gephi.

    Layout::

        % megaregion Pajek export ...
        %@ {"vertex": 1, "id": "310000", "name_zh": "上海", "tier": 1, ...}
        *Vertices 3
        1 "Shanghai"
        ...
        *Arcs            (directed; *Edges if undirected)
        1 2 3.5

    Vertex numbers are 1-based positions in the node table; the label is column ``label``
    (default ``name``; ``id`` when that column is absent). Every node attribute, ``id``
    included, is also kept as JSON in a ``%@`` comment line per vertex, which Pajek ignores and
    :func:`read_pajek` restores. Edge weights are the third field (1 when there is no
    ``weight``); other edge attributes are not representable in ``.net`` and are dropped.

    Parameters
    ----------
    path : str or pathlib.Path
    nodes, edges : pandas.DataFrame
    directed : bool, default False
    label : str, default "name"
        Node column used as the Pajek vertex label.

    Returns
    -------
    pathlib.Path

    References
    ----------
    Batagelj, V. & Mrvar, A. *Pajek: Program for Analysis and Visualization of Large
    Networks*, Reference Manual, section "Network (.net) files".
    """
    path = Path(path)
    nodes, edges = _check_tables(nodes, edges)
    label_col = label if label in nodes.columns else "id"
    number = {node_id: i + 1 for i, node_id in enumerate(nodes["id"])}
    lines = ["% megaregion Pajek export; '%@' lines hold node attributes as JSON (ignored by Pajek)"]
    attr_cols = list(nodes.columns)
    for i, rec in enumerate(nodes.to_dict("records")):
        data = {"vertex": i + 1}
        data.update({c: _py(rec[c]) for c in attr_cols})
        lines.append("%@ " + json.dumps(data, ensure_ascii=False))
    lines.append(f"*Vertices {len(nodes)}")
    for i, rec in enumerate(nodes.to_dict("records")):
        lab = _py(rec[label_col])
        lines.append(f"{i + 1} {_pajek_quote(rec['id'] if lab is None else lab)}")
    lines.append("*Arcs" if directed else "*Edges")
    has_w = "weight" in edges.columns
    for rec in edges.to_dict("records"):
        w = _py(rec["weight"]) if has_w else 1
        w = 1 if w is None else w
        lines.append(f"{number[rec['source']]} {number[rec['target']]} {w!r}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _num(text: str):
    value = float(text)
    return int(value) if value.is_integer() and re.fullmatch(r"[-+]?\d+", text) else value


def read_pajek(path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a Pajek ``.net`` file into (node table, edge table).

    Understands ``*Network``, ``*Vertices n`` (and two-mode ``*Vertices n n1``), quoted or bare
    labels (coordinates and shape fields after the label are ignored), ``*Arcs``/``*Edges``
    with optional weights, ``*Arcslist``/``*Edgeslist``, ``%`` comments and megaregion's
    ``%@`` attribute lines. Vertices without ``%@`` data get ``id`` = vertex number and
    ``name`` = label. A file with both ``*Arcs`` and ``*Edges`` is returned as directed with
    each edge listed in both directions.

    Parameters
    ----------
    path : str or pathlib.Path

    Returns
    -------
    nodes, edges : pandas.DataFrame
        ``edges.attrs["directed"]`` tells the direction.

    Raises
    ------
    megaregion.errors.DataError
        Naming the file and line of the first line that cannot be parsed.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(file=path, problem=f"not UTF-8 text ({exc.reason})", expected="a UTF-8 Pajek .net file") from exc
    extra: dict[int, dict] = {}
    labels: dict[int, str] = {}
    n_vertices = None
    section = None
    arcs: list[tuple[int, int, object]] = []
    edge_kinds: set[str] = set()
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("%@"):
            try:
                data = json.loads(line[2:].strip())
                extra[int(data.pop("vertex"))] = data
            except (ValueError, KeyError, TypeError) as exc:
                raise DataError(file=path, problem=f"bad '%@' attribute line: {exc}", row=lineno) from exc
            continue
        if line.startswith("%"):
            continue
        if line.startswith("*"):
            head = line.split()[0].lower()
            if head == "*network":
                section = None
            elif head == "*vertices":
                parts = line.split()
                try:
                    n_vertices = int(parts[1])
                except (IndexError, ValueError) as exc:
                    raise DataError(file=path, problem="'*Vertices' needs a vertex count", row=lineno, found=line) from exc
                section = "vertices"
            elif head in ("*arcs", "*edges", "*arcslist", "*edgeslist"):
                section = head[1:]
                edge_kinds.add("arcs" if head.startswith("*arcs") else "edges")
            else:
                raise DataError(file=path, problem="unknown Pajek section", row=lineno, found=line.split()[0],
                                expected="*Vertices, *Arcs, *Edges, *Arcslist or *Edgeslist")
            continue
        if section is None:
            raise DataError(file=path, problem="data line before any *Vertices/*Arcs/*Edges section", row=lineno, found=line)
        try:
            if section == "vertices":
                number, _, rest = line.partition(" ")
                v = int(number)
                rest = rest.strip()
                if rest.startswith('"'):
                    end = rest.find('"', 1)
                    if end < 0:
                        raise ValueError("unclosed quote in vertex label")
                    labels[v] = rest[1:end]
                else:
                    labels[v] = rest.split()[0] if rest else str(v)
            elif section in ("arcs", "edges"):
                parts = line.split()
                if len(parts) < 2:
                    raise ValueError("an arc/edge line needs two vertex numbers")
                w = _num(parts[2]) if len(parts) > 2 else 1
                arcs.append((int(parts[0]), int(parts[1]), w, section))
            else:  # arcslist / edgeslist
                parts = [int(p) for p in line.split()]
                for t in parts[1:]:
                    arcs.append((parts[0], t, 1, "arcs" if section == "arcslist" else "edges"))
        except ValueError as exc:
            raise DataError(file=path, problem=f"cannot parse Pajek line ({exc})", row=lineno, found=line) from exc
    if n_vertices is None:
        raise DataError(file=path, problem="no '*Vertices' line", expected="a Pajek .net file")
    rows = []
    for v in range(1, n_vertices + 1):
        if v in extra:
            row = dict(extra[v])
            row["id"] = str(row.get("id", v))
        else:
            row = {"id": str(v), "name": labels.get(v, str(v))}
        rows.append(row)
    nodes = pd.DataFrame(rows)
    nodes = nodes[["id", *[c for c in nodes.columns if c != "id"]]]
    ids = nodes["id"].tolist()
    directed = "arcs" in edge_kinds
    edge_rows = []
    for s, t, w, kind in arcs:
        if not (1 <= s <= n_vertices and 1 <= t <= n_vertices):
            raise DataError(file=path, problem=f"arc {s} {t} refers to a vertex outside 1..{n_vertices}")
        edge_rows.append({"source": ids[s - 1], "target": ids[t - 1], "weight": w})
        if directed and kind == "edges":
            edge_rows.append({"source": ids[t - 1], "target": ids[s - 1], "weight": w})
    edges = pd.DataFrame(edge_rows, columns=["source", "target", "weight"])
    edges.attrs["directed"] = directed
    return nodes, edges


# --------------------------------------------------------------------------- UCINET DL


def _dl_label(text: str) -> str:
    text = str(text)
    if re.fullmatch(r"[A-Za-z0-9_.\-]+", text):
        return text
    return '"' + text.replace('"', "'") + '"'


def _companions(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.stem + "_attributes.dl"), path.with_name(path.stem + "_labels.csv")


def write_ucinet_dl(
    path,
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    directed: bool = False,
    format: str = "edgelist1",
    write_attributes: bool = True,
) -> Path:
    """Write a UCINET DL network file (plus attribute companions).

    ``format="edgelist1"`` (default)::

        dl n=3 format=edgelist1
        labels embedded
        labels:
        310000,320100,320500
        data:
        310000 320100 3.5

    lists each link with its weight; an undirected edge is written in both directions (UCINET
    treats an edgelist as directed ties). ``format="fullmatrix"``::

        dl n=3 format=fullmatrix
        labels:
        310000,320100,320500
        data:
        0 3.5 0
        ...

    Labels are the node ``id`` values (UCINET labels must be short ANSI text, so names are not
    used). With ``write_attributes``, numeric node attributes go to ``<stem>_attributes.dl``
    (``dl nr=.. nc=.. format=fullmatrix`` with row labels = ids and column labels = attribute
    names - UCINET's attribute file) and text attributes (``name``, ``name_zh`` ...) to the
    UTF-8 ``<stem>_labels.csv``.

    Parameters
    ----------
    path : str or pathlib.Path
    nodes, edges : pandas.DataFrame
    directed : bool, default False
    format : {"edgelist1", "fullmatrix"}, default "edgelist1"
    write_attributes : bool, default True

    Returns
    -------
    pathlib.Path
        The network file.

    References
    ----------
    Borgatti, S.P., Everett, M.G. & Freeman, L.C. (2002). *UCINET 6 for Windows*, Help topic
    "DL" (formats fullmatrix, edgelist1; keywords labels embedded, row labels, column labels).
    """
    if format not in ("edgelist1", "fullmatrix"):
        raise ValueError(f"format must be 'edgelist1' or 'fullmatrix', got {format!r}")
    path = Path(path)
    nodes, edges = _check_tables(nodes, edges)
    ids = nodes["id"].tolist()
    n = len(ids)
    weights = edges["weight"].astype(float).to_numpy() if "weight" in edges.columns else np.ones(len(edges))
    lines = [f"dl n={n} format={format}"]
    if format == "edgelist1":
        # the labels: list fixes node order and keeps isolates; the data lines embed labels
        lines += ["labels embedded", "labels:", ",".join(_dl_label(i) for i in ids), "data:"]
        for s, t, w in zip(edges["source"], edges["target"], weights):
            lines.append(f"{_dl_label(s)} {_dl_label(t)} {float(w)!r}")
            if not directed and s != t:
                lines.append(f"{_dl_label(t)} {_dl_label(s)} {float(w)!r}")
    else:
        pos = {node_id: i for i, node_id in enumerate(ids)}
        M = np.zeros((n, n))
        for s, t, w in zip(edges["source"], edges["target"], weights):
            M[pos[s], pos[t]] = w
            if not directed:
                M[pos[t], pos[s]] = w
        lines += ["labels:", ",".join(_dl_label(i) for i in ids), "data:"]
        lines += [" ".join(repr(float(v)) for v in row) for row in M]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    attr_path, label_path = _companions(path)
    if write_attributes:
        attrs = nodes.drop(columns="id")
        numeric = [c for c in attrs.columns if pd.api.types.is_numeric_dtype(attrs[c]) and not pd.api.types.is_bool_dtype(attrs[c])]
        text_cols = [c for c in attrs.columns if c not in numeric]
        if numeric:
            out = [f"dl nr={n} nc={len(numeric)} format=fullmatrix", "row labels:",
                   ",".join(_dl_label(i) for i in ids), "column labels:",
                   ",".join(_dl_label(c) for c in numeric), "data:"]
            for rec in attrs[numeric].itertuples(index=False):
                out.append(" ".join("." if _py(v) is None else repr(float(v)) for v in rec))
            attr_path.write_text("\n".join(out) + "\n", encoding="utf-8")
        if text_cols:
            nodes[["id", *text_cols]].to_csv(label_path, index=False, encoding="utf-8")
    return path


_DL_KEYWORD = re.compile(r"(\w+)\s*=\s*(\S+)")


def _dl_tokens(line: str, path: Path, lineno: int) -> list[str]:
    try:
        return shlex.split(line.replace(",", " "), posix=True)
    except ValueError as exc:
        raise DataError(file=path, problem=f"cannot split DL line ({exc})", row=lineno, found=line) from exc


def _parse_dl(path: Path) -> dict:
    """Parse a DL file into its header keywords, label lists and data tokens (with lines)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(file=path, problem=f"not UTF-8 text ({exc.reason})") from exc
    lines = text.splitlines()
    first = next((i for i, l in enumerate(lines) if l.strip()), None)
    if first is None or not lines[first].strip().lower().startswith("dl"):
        raise DataError(file=path, problem="a DL file must start with 'dl'", row=(first or 0) + 1,
                        found=lines[first].strip() if first is not None else "")
    header: dict[str, str] = {}
    labels: dict[str, list[str]] = {}
    embedded = False
    data: list[tuple[int, list[str]]] = []
    mode = "header"
    for idx in range(first, len(lines)):
        lineno = idx + 1
        raw = lines[idx].strip()
        if not raw:
            continue
        low = raw.lower()
        if mode != "data":
            if low.startswith("dl"):
                raw, low = raw[2:], low[2:]
            for key, value in _DL_KEYWORD.findall(low):
                header[key] = value
            if "labels embedded" in low:
                embedded = True
            m = re.match(r"(row labels|column labels|col labels|labels)\s*:\s*(.*)$", raw, flags=re.I)
            if m:
                mode = {"row labels": "row", "column labels": "col", "col labels": "col"}.get(m.group(1).lower(), "both")
                labels[mode] = _dl_tokens(m.group(2), path, lineno) if m.group(2).strip() else []
                continue
            m = re.match(r"data\s*:\s*(.*)$", raw, flags=re.I)
            if m:
                mode = "data"
                if m.group(1).strip():
                    data.append((lineno, _dl_tokens(m.group(1), path, lineno)))
                continue
            if mode in ("row", "col", "both") and not _DL_KEYWORD.search(low):
                labels[mode] += _dl_tokens(raw, path, lineno)
                continue
        else:
            data.append((lineno, _dl_tokens(raw, path, lineno)))
    if mode != "data":
        raise DataError(file=path, problem="no 'data:' line", expected="a UCINET DL file")
    return {"header": header, "labels": labels, "embedded": embedded, "data": data}


def _dl_float(tok: str, path: Path, lineno: int) -> float:
    if tok == ".":
        return float("nan")
    try:
        return float(tok)
    except ValueError as exc:
        raise DataError(file=path, problem="not a number", row=lineno, found=tok) from exc


def read_ucinet_dl(path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a UCINET DL network (``fullmatrix`` or ``edgelist1``) into (nodes, edges).

    Labels come from ``labels:``/``row labels:`` or are embedded (``labels embedded``);
    without labels node ids are ``"1".."n"``. If the companions written by
    :func:`write_ucinet_dl` (``<stem>_attributes.dl``, ``<stem>_labels.csv``) exist, their
    attributes are joined to the node table (integer-valued numeric attributes come back as
    integers). The edge table lists the non-zero cells; ``edges.attrs["directed"]`` is False
    when the weight matrix is symmetric (then each pair appears once, source before target in
    node order).

    Parameters
    ----------
    path : str or pathlib.Path

    Returns
    -------
    nodes, edges : pandas.DataFrame

    Raises
    ------
    megaregion.errors.DataError
        Naming the file and line of the first problem (unknown format, bad number, label
        not declared, wrong row length ...).
    """
    path = Path(path)
    dl = _parse_dl(path)
    header, data = dl["header"], dl["data"]
    fmt = header.get("format", "fullmatrix")
    if "n" not in header:
        raise DataError(file=path, problem="header lacks n=", row=1, expected="dl n=<number of nodes> ...")
    try:
        n = int(header["n"])
    except ValueError as exc:
        raise DataError(file=path, problem="n= is not an integer", row=1, found=header["n"]) from exc
    labels = dl["labels"].get("both") or dl["labels"].get("row")
    M = np.zeros((n, n))
    if fmt in ("fullmatrix", "fm"):
        ids = labels if labels else [str(i + 1) for i in range(n)]
        offset = 1 if dl["embedded"] else 0
        if dl["embedded"]:
            # first data line holds column labels, each row starts with its label
            data_lines = data[1:]
            ids = [str(t) for t in data[0][1]]
        else:
            data_lines = data
        tokens = [(ln, t) for ln, row in data_lines for t in row[offset:]]
        if len(tokens) != n * n:
            ln = data_lines[-1][0] if data_lines else 1
            raise DataError(file=path, problem=f"fullmatrix needs {n * n} values, found {len(tokens)}", row=ln)
        M = np.array([_dl_float(t, path, ln) for ln, t in tokens]).reshape(n, n)
    elif fmt in ("edgelist1", "el1"):
        if dl["embedded"]:
            ids = list(labels) if labels else []
        else:
            ids = labels if labels else [str(i + 1) for i in range(n)]
        pos = {node_id: i for i, node_id in enumerate(ids)}
        entries = []
        for ln, row in data:
            if len(row) not in (2, 3):
                raise DataError(file=path, problem="edgelist1 lines need 'from to [value]'", row=ln, found=" ".join(row))
            s, t = row[0], row[1]
            w = _dl_float(row[2], path, ln) if len(row) == 3 else 1.0
            for node in (s, t):
                if node not in pos:
                    if dl["embedded"]:
                        pos[node] = len(ids)
                        ids.append(node)
                    else:
                        try:
                            k = int(node)
                        except ValueError as exc:
                            raise DataError(file=path, problem="node is neither a number nor a declared label",
                                            row=ln, found=node) from exc
                        if not 1 <= k <= n:
                            raise DataError(file=path, problem=f"node number outside 1..{n}", row=ln, found=node)
                        pos[node] = k - 1
            entries.append((pos[s], pos[t], w, ln))
        if len(ids) > n:
            raise DataError(file=path, problem=f"more than n={n} distinct labels", row=entries[-1][3])
        while len(ids) < n:
            ids.append(str(len(ids) + 1))
        for i, j, w, _ in entries:
            M[i, j] = w
    else:
        raise DataError(file=path, problem="unsupported DL format", row=1, found=fmt,
                        expected="fullmatrix or edgelist1")
    ids = [str(i) for i in ids]
    directed = not np.allclose(M, M.T, equal_nan=True)
    if directed:
        r, c = np.nonzero(M)
    else:
        r, c = np.nonzero(np.triu(M))
    edges = pd.DataFrame({"source": [ids[i] for i in r], "target": [ids[j] for j in c], "weight": M[r, c]})
    edges.attrs["directed"] = bool(directed)
    nodes = pd.DataFrame({"id": ids})
    attr_path, label_path = _companions(path)
    if label_path.exists():
        try:
            lab = pd.read_csv(label_path, dtype={"id": str}, encoding="utf-8", keep_default_na=False, na_values=[""])
        except (pd.errors.ParserError, UnicodeDecodeError) as exc:
            raise DataError(file=label_path, problem=f"cannot read label table: {exc}") from exc
        nodes = nodes.merge(lab, on="id", how="left")
    if attr_path.exists():
        att = _parse_dl(attr_path)
        rows = att["labels"].get("row") or att["labels"].get("both") or []
        cols = att["labels"].get("col") or []
        values = [(ln, t) for ln, row in att["data"] for t in row]
        if len(values) != len(rows) * len(cols):
            raise DataError(file=attr_path, problem=f"expected {len(rows)}x{len(cols)} values, found {len(values)}",
                            row=att["data"][-1][0] if att["data"] else None)
        A = np.array([_dl_float(t, attr_path, ln) for ln, t in values]).reshape(len(rows), len(cols))
        table = pd.DataFrame(A, columns=cols)
        for c in cols:
            col = table[c]
            if col.notna().all() and np.all(col == np.round(col)):
                table[c] = col.astype("int64")
        table.insert(0, "id", [str(r) for r in rows])
        nodes = nodes.merge(table, on="id", how="left")
    return nodes, edges


# --------------------------------------------------------------------------- GeoJSON


def write_geojson(
    path,
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    lat: str = "lat",
    lon: str = "lon",
    node_properties_on_edges: Iterable[str] = ("name", "name_zh", "tier"),
) -> Path:
    """Write nodes and links as an RFC 7946 GeoJSON FeatureCollection.

    * Node -> ``Point`` feature, ``geometry.coordinates = [lon, lat]``, properties: every node
      column except ``lat``/``lon`` plus ``"feature": "node"``.
    * Edge -> ``LineString`` from source to target, properties: ``source``, ``target``, every
      edge column (``weight`` ...), ``source_<p>`` and ``target_<p>`` for each
      ``node_properties_on_edges`` column present (names and tiers of both ends) and
      ``"feature": "edge"``.

    Links are straight in lon/lat (no great-circle densification; lines crossing the
    antimeridian are not split). Missing values are written as ``null``.

    Parameters
    ----------
    path : str or pathlib.Path
    nodes : pandas.DataFrame
        Node table with ``id``, ``lat`` and ``lon`` (WGS-84 decimal degrees).
    edges : pandas.DataFrame
        Edge table.
    lat, lon : str
        Coordinate column names.
    node_properties_on_edges : iterable of str
        Node columns copied onto each link as ``source_*``/``target_*``.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    ValueError
        If a node lacks coordinates (the message names the node ids).

    References
    ----------
    Butler, H. et al. (2016). The GeoJSON Format. IETF RFC 7946.
    """
    path = Path(path)
    nodes, edges = _check_tables(nodes, edges)
    for c in (lat, lon):
        if c not in nodes.columns:
            raise ValueError(f"node table needs a '{c}' column for GeoJSON")
    la = pd.to_numeric(nodes[lat], errors="coerce")
    lo = pd.to_numeric(nodes[lon], errors="coerce")
    bad = la.isna() | lo.isna() | (la.abs() > 90) | (lo.abs() > 180)
    if bad.any():
        raise ValueError(f"missing or invalid coordinates for node id(s) {nodes.loc[bad, 'id'].tolist()[:10]}")
    coords = {i: [float(x), float(y)] for i, x, y in zip(nodes["id"], lo, la)}
    props_cols = [c for c in nodes.columns if c not in (lat, lon)]
    node_props = {rec["id"]: {c: _py(rec[c]) for c in props_cols} for rec in nodes.to_dict("records")}
    carry = [c for c in node_properties_on_edges if c in nodes.columns]
    features = []
    for rec in nodes.to_dict("records"):
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": coords[rec["id"]]},
                         "properties": {"feature": "node", **node_props[rec["id"]]}})
    edge_cols = [c for c in edges.columns if c not in ("source", "target")]
    for rec in edges.to_dict("records"):
        s, t = rec["source"], rec["target"]
        props = {"feature": "edge", "source": s, "target": t}
        props.update({c: _py(rec[c]) for c in edge_cols})
        for c in carry:
            props[f"source_{c}"] = node_props[s][c]
            props[f"target_{c}"] = node_props[t][c]
        features.append({"type": "Feature", "geometry": {"type": "LineString", "coordinates": [coords[s], coords[t]]},
                         "properties": props})
    collection = {"type": "FeatureCollection", "features": features}
    path.write_text(json.dumps(collection, ensure_ascii=False, allow_nan=False), encoding="utf-8")
    return path


def read_geojson(path, lat: str = "lat", lon: str = "lon") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a FeatureCollection written by :func:`write_geojson` back into (nodes, edges).

    Point features become nodes (``lat``/``lon`` from the geometry), LineString features
    edges; the ``source_*``/``target_*`` copies and the ``feature`` marker are dropped.

    Parameters
    ----------
    path : str or pathlib.Path
    lat, lon : str
        Names of the coordinate columns to create.

    Returns
    -------
    nodes, edges : pandas.DataFrame

    Raises
    ------
    megaregion.errors.DataError
        If the file is not JSON (naming the line) or not a FeatureCollection.
    """
    path = Path(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise DataError(file=path, problem=f"not valid JSON ({exc.msg})", row=exc.lineno) from exc
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise DataError(file=path, problem="not a GeoJSON FeatureCollection")
    node_rows, edge_rows = [], []
    for k, feat in enumerate(doc.get("features", [])):
        geom = (feat or {}).get("geometry") or {}
        props = dict((feat or {}).get("properties") or {})
        props.pop("feature", None)
        if geom.get("type") == "Point":
            x, y = geom["coordinates"][:2]
            node_rows.append({**props, lat: y, lon: x})
        elif geom.get("type") == "LineString":
            row = {k2: v for k2, v in props.items() if not re.match(r"(source|target)_", k2)}
            edge_rows.append(row)
        else:
            raise DataError(file=path, problem=f"feature {k} has unsupported geometry {geom.get('type')!r}")
    nodes = pd.DataFrame(node_rows)
    edges = pd.DataFrame(edge_rows, columns=None if edge_rows else ["source", "target"])
    return nodes, edges
