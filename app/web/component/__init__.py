"""The graph component: vis-network drawn in the page, the selection sent back to Python.

A Streamlit custom component (``components.v1.declare_component(path=...)``) whose
frontend is a static folder (``frontend/``: index.html and main.js, no build step).
vis-network is pyvis's bundled copy, copied beside the page on first use, so the
browser loads nothing from the internet.  It takes generic vis data (nodes with
``id``, ``label``, ``kind``, ``category``; edges with ``id``, ``from``, ``to``; past 5,000 edges the
multi-layer view sends them as ``bulk_edges`` rows, drawn on the canvas by ``frontend/bulkedges.js``) and:

- redraws only when ``view_key`` changes; otherwise nodes and edges are added or
  removed in place (an expansion does not move what is drawn);
- returns ``{"selected": [...ids], "event": "click"|"toggle"|"clear", "node": id, "seq": n}``
  (or ``{"need": version, ...}`` when it lacks the data of ``data_version``):
  click selects one node, shift-click adds or removes papers;
- sizes its frame to the drawing (``height`` px plus a one-line hint).

>>> frontend_dir().name
'frontend'
"""
from __future__ import annotations

import importlib.util
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["graph_component", "component_args", "frontend_dir", "rank_labels", "vis_network_js", "HINT_PX"]

HINT_PX = 22  # the hint line under the drawing
_SOURCE = Path(__file__).resolve().parent / "frontend"
_ASSETS = ("vis-network.min.js", "vis-network.css")
_component = None


def vis_network_js() -> Path:
    """pyvis's bundled copy of vis-network (what the pyvis pages inline), found without importing pyvis
    (its import brings jinja2 and IPython: ~0.4 s of the first page)."""
    spec = importlib.util.find_spec("pyvis")
    return Path(spec.origin).resolve().parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"


def frontend_dir() -> Path:
    """The folder the component is served from, with vis-network copied in from pyvis.

    The package folder when it is writable (the copies are git-ignored), else a
    temporary copy of the whole frontend.
    """
    lib = vis_network_js().parent
    target = _SOURCE
    try:
        for name in _ASSETS:
            if not (target / name).exists():
                shutil.copyfile(lib / name, target / name)
    except OSError:  # a read-only install: serve a private copy
        target = Path(tempfile.mkdtemp(prefix="atlas-component-")) / "frontend"
        shutil.copytree(_SOURCE, target)
        for name in _ASSETS:
            shutil.copyfile(lib / name, target / name)
    return target


_KIND_RANK = {"phenomenon": 0, "label": 0, "keyword": 2, "author": 2, "venue": 2, "paper": 3}


def rank_labels(nodes: list[dict]) -> list[dict]:
    """The nodes with a ``labelRank`` on every visible label, so the drawing keeps labels only where
    they fit: group names and phenomena first, then highlighted papers, keywords and authors, then
    papers; bigger first.  Ranks already given are kept.

    >>> out = rank_labels([{"id": "p", "kind": "Paper", "label": "A paper", "size": 9},
    ...                    {"id": "f", "kind": "Phenomenon", "label": "Grokking", "size": 30},
    ...                    {"id": "k", "kind": "Keyword", "label": " ", "size": 5}])
    >>> [(n["id"], n.get("labelRank")) for n in out]
    [('p', 1), ('f', 0), ('k', None)]
    """
    def order(n: dict) -> tuple:
        kind = str(n.get("kind", "paper")).lower()
        marked = isinstance(n.get("color"), dict) and n.get("borderWidth", 1) >= 4  # a highlighted paper
        return (1 if marked else _KIND_RANK.get(kind, 3), -(n.get("size") or 0), str(n["id"]))

    labelled = sorted((n for n in nodes if str(n.get("label", "")).strip() and "labelRank" not in n), key=order)
    rank = {n["id"]: i for i, n in enumerate(labelled)}
    return [{**n, "labelRank": rank[n["id"]]} if n["id"] in rank else n for n in nodes]


def _declared():
    global _component
    if _component is None:
        import streamlit.components.v1 as components

        _component = components.declare_component("atlas_graph", path=str(frontend_dir()))
    return _component


def graph_component(data: dict[str, Any] | None, *, view_key: str, data_version: str, height: int = 600, selected: list[str] = (),
                    selection_seq: int = 0, focus: str | None = None, focus_seq: int = 0,
                    anchor: str | None = None, fit_to: list[str] = (), key: str = "graph") -> dict | None:
    """Draw ``data`` (``nodes``, ``edges``, ``options``) and return the last selection event, or None.

    ``data_version`` names ``data`` (the view and its expansions).  ``data=None`` says "the
    drawing already has this version" and sends nothing big: a click reruns the page without
    shipping 2,000 nodes again.  A component that lacks it (remounted) answers
    ``{"need": data_version, "nonce": …}`` and the caller sends the data again.

    ``selected`` (with ``selection_seq``, the last event Python handled) is drawn as
    the selection; ``focus`` centres the view on a node once per ``focus_seq``;
    ``anchor`` is where nodes new to this view appear (the node being expanded).
    """
    args = dict(overlay=None if data is None else data.get("overlay"),
                bulk_edges=None if data is None else data.get("bulk_edges"),
                nodes=None if data is None else data["nodes"], edges=None if data is None else data["edges"],
                options=None if data is None else data.get("options", {}), data_version=data_version,
                view_key=view_key, height=int(height), selected=list(selected),
                selection_seq=int(selection_seq), focus=focus, focus_seq=int(focus_seq),
                anchor=anchor, fit_to=list(fit_to))
    # One JSON string, not the args themselves: Streamlit asks of every list or dict argument whether it
    # is a dataframe, which imports pandas (0.4 s of a cold server's first page); a string it passes on.
    return _declared()(payload=json.dumps(args), key=key, default=None)


def component_args(json_args: str) -> dict:
    """The arguments a drawing got, from the JSON Streamlit sent its frame (the inverse of the packing in
    :func:`graph_component`; what the frame's script reads).

    >>> component_args(json.dumps({"payload": json.dumps({"height": 700}), "key": "graph"}))
    {'height': 700, 'key': 'graph'}
    """
    sent = json.loads(json_args)
    payload = sent.pop("payload", None)
    return {**(json.loads(payload) if isinstance(payload, str) else {}), **sent}
