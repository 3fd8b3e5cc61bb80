"""Computation graphs (chapters 4 and 5).

``draw_computation_graph`` draws a directed acyclic graph
(a network layer by layer, or a recurrent network unrolled in time) from a
dict of edges, so the figure is built from the same object the code checks.
"""

from __future__ import annotations

from graphlib import TopologicalSorter

import numpy as np
from matplotlib.patches import FancyArrowPatch

from .style import LAYER_COLOURS


def _layers_by_depth(graph):
    """Longest-path depth of each node in a DAG ``{node: predecessors}``."""
    depth = {}
    for node in TopologicalSorter(graph).static_order():
        preds = graph.get(node, ())
        depth[node] = 1 + max((depth[p] for p in preds), default=-1)
    return depth


def draw_computation_graph(ax, graph, positions=None, labels=None, highlight=(), node_size=0.32):
    """Draw a directed acyclic graph given as ``{node: iterable of predecessors}``.

    This is the format ``graphlib.TopologicalSorter`` takes, so the same dict
    can be checked for cycles and drawn. Without ``positions`` each node sits
    in a column given by its depth (longest path from an input).

    Parameters
    ----------
    graph : dict mapping each node (a str) to the nodes it reads from.
    positions : optional dict node -> (x, y).
    labels : optional dict node -> text (may contain $TeX$); default the node name.
    highlight : nodes drawn in the output colour (e.g. the loss).

    Returns ``ax``. Raises ``graphlib.CycleError`` if the graph has a cycle.
    """
    nodes = set(graph) | {p for preds in graph.values() for p in preds}
    full = {n: tuple(graph.get(n, ())) for n in nodes}
    if positions is None:
        depth = _layers_by_depth(full)
        columns = {}
        for n in sorted(nodes, key=str):
            columns.setdefault(depth[n], []).append(n)
        positions = {}
        for d, col in columns.items():
            for k, n in enumerate(col):
                positions[n] = (1.6 * d, (len(col) - 1) / 2 - k)
    else:
        TopologicalSorter(full).prepare()  # raises CycleError for a cyclic graph
        missing = nodes - set(positions)
        if missing:
            raise ValueError(f"positions must give (x, y) for every node; missing {sorted(map(str, missing))}.")
    labels = labels or {}
    for node, preds in full.items():
        for p in preds:
            (x0, y0), (x1, y1) = positions[p], positions[node]
            ax.add_patch(FancyArrowPatch((x0, y0), (x1, y1), arrowstyle="-|>", mutation_scale=12, color="0.35",
                                         shrinkA=node_size * 45, shrinkB=node_size * 45, zorder=1))
    for node in nodes:
        x, y = positions[node]
        colour = LAYER_COLOURS["output"] if node in highlight else LAYER_COLOURS["hidden"] if full[node] else LAYER_COLOURS["input"]
        ax.scatter([x], [y], s=(node_size * 100) ** 2 / 2, color=colour, edgecolor="k", zorder=2)
        ax.text(x, y, labels.get(node, str(node)), ha="center", va="center", fontsize=10, zorder=3)
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    ax.set_xlim(min(xs) - 0.8, max(xs) + 0.8)
    ax.set_ylim(min(ys) - 0.8, max(ys) + 0.8)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax
