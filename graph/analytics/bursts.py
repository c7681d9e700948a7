"""Burst detection (Kleinberg 2003), as CiteSpace uses it for "citation bursts".

For yearly batches: in year ``t`` there are ``d_t`` papers in all and ``r_t``
of them are about a phenomenon (or carry a keyword).  A two-state automaton
emits the share ``r_t/d_t`` at the base rate ``p0 = Σr/Σd`` (state 0) or at
``s·p0`` (state 1, a burst); entering the burst state costs ``γ·ln(n)`` (``n``
years).  The cheapest state sequence (Viterbi) marks the burst years; a
burst's *weight* is how much cheaper the burst state makes those years.

>>> years = list(range(2010, 2020))
>>> totals = dict.fromkeys(years, 100)
>>> counts = {y: (30 if y in (2015, 2016) else 3) for y in years}
>>> [(b["start"], b["end"]) for b in detect_bursts(counts, totals)]
[(2015, 2016)]
"""
from __future__ import annotations

import math
from collections import Counter

import networkx as nx

from graph.analytics.clusters import label_key
from graph.analytics.paper_arrays import node_attribute

__all__ = ["detect_bursts", "burst_years", "keyword_bursts", "year_totals", "describe_bursts",
           "MIN_YEAR_PAPERS"]

# Below this many papers in its busiest year a series cannot show a burst: with the defaults (s = 2,
# γ = 1, about ten years) a year at twice the base share gains about 0.2 per paper against an
# entry cost of ln(10) ≈ 2.3, so even a two-year burst needs a dozen papers.  Such a series says so.
MIN_YEAR_PAPERS = 8


def _cost(p: float, r: int, d: int) -> float:
    """``-ln`` of the binomial likelihood of ``r`` of ``d`` at rate ``p`` (without the constant binomial term)."""
    p = min(max(p, 1e-12), 1 - 1e-12)
    return -(r * math.log(p) + (d - r) * math.log(1 - p))


def detect_bursts(counts: dict[int, int], totals: dict[int, int], *, s: float = 2.0,
                  gamma: float = 1.0) -> list[dict]:
    """Burst intervals of a yearly series: ``[{"start", "end", "weight"}]``, earliest first.

    ``counts`` and ``totals`` map year -> number; years missing from
    ``counts`` count 0; years with no total are skipped.  ``s`` is the rate
    ratio of the burst state, ``gamma`` the cost of entering it.
    """
    years = sorted(y for y, d in totals.items() if d > 0)
    if len(years) < 2:
        return []
    r = [min(counts.get(y, 0), totals[y]) for y in years]
    d = [totals[y] for y in years]
    if sum(r) == 0:
        return []
    p0 = sum(r) / sum(d)
    rates = (p0, min(s * p0, 0.9999))
    enter = gamma * math.log(len(years))
    # Viterbi over the two states; costs[t][i] = cheapest cost of years[:t+1] ending in state i.
    costs = [[_cost(rates[0], r[0], d[0]), enter + _cost(rates[1], r[0], d[0])]]
    back = [[0, 0]]
    for t in range(1, len(years)):
        row, arg = [], []
        for i in (0, 1):
            options = [costs[-1][j] + (enter if i > j else 0.0) for j in (0, 1)]
            j = min((0, 1), key=lambda k: options[k])
            row.append(options[j] + _cost(rates[i], r[t], d[t]))
            arg.append(j)
        costs.append(row)
        back.append(arg)
    state = min((0, 1), key=lambda i: costs[-1][i])
    states = [state]
    for t in range(len(years) - 1, 0, -1):
        state = back[t][state]
        states.append(state)
    states.reverse()
    out: list[dict] = []
    for t, st in enumerate(states):
        if st != 1:
            continue
        gain = _cost(rates[0], r[t], d[t]) - _cost(rates[1], r[t], d[t])
        if out and out[-1]["end"] == years[t - 1] and states[t - 1] == 1:
            out[-1]["end"] = years[t]
            out[-1]["weight"] += gain
        else:
            out.append({"start": years[t], "end": years[t], "weight": gain})
    for b in out:
        b["weight"] = round(b["weight"], 3)
    return out


def describe_bursts(bursts: list[dict], papers_per_year: dict[int, int]) -> str:
    """The burst years in words, or why there are none (too few papers per year, or a steady share).

    >>> describe_bursts([{"start": 2020, "end": 2022, "weight": 5.0}], {2020: 20})
    '2020–2022'
    >>> describe_bursts([], {2022: 4, 2023: 6})
    'too few papers per year to tell (at most 6 in a year; a burst needs about 8)'
    >>> describe_bursts([], {2021: 9, 2022: 10})
    "none (its share of each year's papers stays steady)"
    """
    if bursts:
        return ", ".join(f"{b['start']}–{b['end']}" if b["end"] != b["start"] else str(b["start"]) for b in bursts)
    peak = max(papers_per_year.values(), default=0)
    if peak < MIN_YEAR_PAPERS:
        return f"too few papers per year to tell (at most {peak} in a year; a burst needs about {MIN_YEAR_PAPERS})"
    return "none (its share of each year's papers stays steady)"


def burst_years(bursts: list[dict]) -> list[int]:
    """Every year inside the burst intervals.

    >>> burst_years([{"start": 2019, "end": 2021, "weight": 1.0}])
    [2019, 2020, 2021]
    """
    return [y for b in bursts for y in range(b["start"], b["end"] + 1)]


def year_totals(G: nx.Graph) -> Counter:
    """Papers per year in the whole graph (the ``d_t`` of every series)."""
    return Counter(y for _, y in node_attribute(G, "year") if y)


def keyword_bursts(G: nx.Graph, *, min_papers: int = 3, top: int = 20, **kwargs) -> list[dict]:
    """The strongest keyword bursts: ``[{"keyword", "start", "end", "weight"}]``, heaviest first.

    Keywords are compared by :func:`graph.analytics.clusters.label_key` (case, hyphens and plurals
    folded); those on fewer than ``min_papers`` papers are skipped.
    """
    totals = year_totals(G)
    per: dict[str, Counter] = {}
    names: dict[str, str] = {}
    for _, data in G.nodes(data=True):
        if not data.get("year"):
            continue
        for k in {label_key(k): k for k in data.get("keywords") or ()}.items():
            per.setdefault(k[0], Counter())[data["year"]] += 1
            names.setdefault(k[0], k[1])
    rows = []
    for key, counts in per.items():
        if sum(counts.values()) >= min_papers:
            rows += [{"keyword": names[key], **b} for b in detect_bursts(counts, totals, **kwargs)]
    rows.sort(key=lambda b: (-b["weight"], b["keyword"], b["start"]))
    return rows[:top]
