"""Computation graphs (chapters 4 and 5).

``draw_computation_graph`` draws a directed acyclic graph
(a network layer by layer, or a recurrent network unrolled in time) from a
dict of edges, so the figure is built from the same object the code checks.
"""

from __future__ import annotations

from graphlib import TopologicalSorter

import numpy as np
from matplotlib.patches import FancyArrowPatch

from .style import LAYER_COLOURS, PALETTE


def _layers_by_depth(graph):
    """Longest-path depth of each node in a DAG ``{node: predecessors}``."""
    depth = {}
    for node in TopologicalSorter(graph).static_order():
        preds = graph.get(node, ())
        depth[node] = 1 + max((depth[p] for p in preds), default=-1)
    return depth


def draw_computation_graph(ax, graph, positions=None, labels=None, highlight=(), node_size=0.32,
                           allow_cycles=False):
    """Draw a directed graph given as ``{node: iterable of predecessors}``, acyclic unless ``allow_cycles``.

    This is the format ``graphlib.TopologicalSorter`` takes, so the same dict
    can be checked for cycles and drawn. Without ``positions`` each node sits
    in a column given by its depth (longest path from an input).

    Parameters
    ----------
    graph : dict mapping each node (a str) to the nodes it reads from.
    positions : optional dict node -> (x, y).
    labels : optional dict node -> text (may contain $TeX$); default the node name.
    highlight : nodes drawn in the output colour (e.g. the loss).
    allow_cycles : draw a graph with cycles too (needs ``positions``: a cycle
        has no depth); an edge that points back (to a node further left) is
        drawn as a curved arrow in the warning colour, so the feedback shows.

    Returns ``ax``. Raises ``graphlib.CycleError`` if the graph has a cycle
    and ``allow_cycles`` is false.
    """
    nodes = set(graph) | {p for preds in graph.values() for p in preds}
    full = {n: tuple(graph.get(n, ())) for n in nodes}
    if positions is None:
        if allow_cycles:
            raise ValueError("allow_cycles=True needs positions: a graph with a cycle has no depth to lay it out by.")
        depth = _layers_by_depth(full)
        columns = {}
        for n in sorted(nodes, key=str):
            columns.setdefault(depth[n], []).append(n)
        positions = {}
        for d, col in columns.items():
            for k, n in enumerate(col):
                positions[n] = (1.6 * d, (len(col) - 1) / 2 - k)
    else:
        if not allow_cycles:
            TopologicalSorter(full).prepare()  # raises CycleError for a cyclic graph
        missing = nodes - set(positions)
        if missing:
            raise ValueError(f"positions must give (x, y) for every node; missing {sorted(map(str, missing))}.")
    labels = labels or {}
    for node, preds in full.items():
        for p in preds:
            (x0, y0), (x1, y1) = positions[p], positions[node]
            back = x1 < x0   # feedback: drawn curving below the forward edges
            ax.add_patch(FancyArrowPatch((x0, y0), (x1, y1), arrowstyle="-|>", mutation_scale=12,
                                         color=PALETTE["vermillion"] if back else "0.35",
                                         connectionstyle="arc3,rad=0.3" if back else "arc3",
                                         linewidth=1.6 if back else 1.0,
                                         shrinkA=node_size * 45, shrinkB=node_size * 45, zorder=1))
    for node in nodes:
        x, y = positions[node]
        colour = LAYER_COLOURS["output"] if node in highlight else LAYER_COLOURS["hidden"] if full[node] else LAYER_COLOURS["input"]
        ax.scatter([x], [y], s=(node_size * 100) ** 2 / 2, color=colour, edgecolor="k", zorder=2)
        ax.text(x, y, labels.get(node, str(node)), ha="center", va="center", fontsize=10, zorder=3)
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    ax.set_xlim(min(xs) - 0.8, max(xs) + 0.8)
    ax.set_ylim(min(ys) - (1.6 if allow_cycles else 0.8), max(ys) + 0.8)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax
