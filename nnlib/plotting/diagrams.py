"""Network and neuron diagrams drawn with matplotlib (chapters 1, 3, 4).

The source text refers to pictures it does not ship; these draw them from
the layer sizes, so they always match the network in the code next to them.
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Circle, FancyArrowPatch

from .._validation import check_int
from .style import LAYER_COLOURS, SIGN_COLOURS


def _layer_positions(layer_sizes, width, height):
    xs = np.linspace(0, width, len(layer_sizes))
    positions = []
    for x, n in zip(xs, layer_sizes):
        ys = np.linspace(height / 2 + (n - 1) / 2, height / 2 - (n - 1) / 2, n) if n > 1 else np.array([height / 2])
        positions.append([(x, y) for y in ys])
    return positions


def draw_network(ax, layer_sizes, weights=None, layer_labels=None, node_radius=0.22, show_bias=False):
    """Draw a fully connected feed-forward network.

    Parameters
    ----------
    layer_sizes : [n_in, n_1, ..., n_out].
    weights : optional list of ``(n_out, n_in)`` arrays, one per layer; edge
        width then shows |w| and colour its sign (blue +, orange -).
    layer_labels : names under each column (default: input, hidden l, output).
    show_bias : draw a "+1" bias node above each non-output layer.

    Returns ``ax``.
    """
    if isinstance(layer_sizes, (str, bytes)) or not hasattr(layer_sizes, "__len__") or len(layer_sizes) < 2:
        raise ValueError(f"layer_sizes must list at least two sizes, like [2, 3, 1], got {layer_sizes!r}.")
    layer_sizes = [check_int(n, "each entry of layer_sizes") for n in layer_sizes]
    if weights is not None:
        expected = [(o, i) for i, o in zip(layer_sizes[:-1], layer_sizes[1:])]
        got = [tuple(np.shape(W)) for W in weights]
        if got != expected:
            raise ValueError(f"weights must have shapes (n_out, n_in) = {expected}, got {got}.")
    height = max(layer_sizes)
    width = 2.2 * (len(layer_sizes) - 1)
    pos = _layer_positions(layer_sizes, width, height)
    wmax = max((np.max(np.abs(W)) for W in weights), default=1.0) if weights is not None else 1.0
    for l in range(len(layer_sizes) - 1):
        for j, (x1, y1) in enumerate(pos[l + 1]):
            for i, (x0, y0) in enumerate(pos[l]):
                if weights is None:
                    lw, colour = 0.8, "0.55"
                else:
                    w = float(weights[l][j, i])
                    lw = 0.3 + 3 * abs(w) / (wmax or 1.0)
                    colour = SIGN_COLOURS["positive"] if w >= 0 else SIGN_COLOURS["negative"]
                ax.plot([x0, x1], [y0, y1], color=colour, lw=lw, zorder=1)
    n_layers = len(layer_sizes)
    if layer_labels is None:
        layer_labels = ["input"] + [f"hidden {l}" for l in range(1, n_layers - 1)] + ["output"]
    for l, column in enumerate(pos):
        kind = "input" if l == 0 else "output" if l == n_layers - 1 else "hidden"
        for (x, y) in column:
            ax.add_patch(Circle((x, y), node_radius, facecolor=LAYER_COLOURS[kind], edgecolor="k", lw=1, zorder=2))
        ax.text(column[0][0], -0.6, layer_labels[l], ha="center", va="top", fontsize=10)
        if show_bias and l < n_layers - 1:
            bx, by = column[0][0], max(y for _, y in column) + 1
            ax.add_patch(Circle((bx, by), node_radius, facecolor="white", edgecolor="k", lw=1, ls="--", zorder=2))
            ax.text(bx, by, "+1", ha="center", va="center", fontsize=8, zorder=3)
            for (x1, y1) in pos[l + 1]:
                ax.plot([bx, x1], [by, y1], color="0.75", lw=0.6, ls="--", zorder=1)
    ax.set_xlim(-0.8, width + 0.8)
    ax.set_ylim(-1.2, height + (1.2 if show_bias else 0.5))
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def draw_neuron(ax, n_inputs=3, activation="g", show_bias=True):
    """One neuron: inputs x_i, weights w_i, the sum z = w.x + b, then a = g(z).

    Returns ``ax``.
    """
    n_inputs = check_int(n_inputs, "n_inputs")
    ys = np.linspace(n_inputs - 1, 0, n_inputs) - (n_inputs - 1) / 2
    body = (3.0, 0.0)
    for i, y in enumerate(ys, start=1):
        ax.add_patch(Circle((0, y), 0.28, facecolor=LAYER_COLOURS["input"], edgecolor="k", zorder=2))
        ax.text(0, y, f"$x_{i}$", ha="center", va="center", fontsize=11, zorder=3)
        ax.add_patch(FancyArrowPatch((0.3, y), (body[0] - 0.75, body[1] + 0.15 * y), arrowstyle="-|>",
                                     mutation_scale=12, color="0.3", zorder=1))
        ax.text(1.3, y * 0.6 + 0.15, f"$w_{i}$", fontsize=11, color="0.2")
    if show_bias:
        ax.text(body[0], body[1] + 1.05, "$+\\,b$", ha="center", fontsize=11)
    ax.add_patch(Circle(body, 0.75, facecolor=LAYER_COLOURS["hidden"], edgecolor="k", zorder=2))
    ax.plot([body[0], body[0]], [body[1] - 0.75, body[1] + 0.75], color="k", lw=1, zorder=3)
    ax.text(body[0] - 0.37, body[1], "$\\Sigma$", ha="center", va="center", fontsize=15, zorder=4)
    ax.text(body[0] + 0.37, body[1], f"${activation}$", ha="center", va="center", fontsize=14, zorder=4)
    ax.text(body[0] - 0.37, body[1] - 1.05, "$z = w \\cdot x + b$", ha="center", fontsize=10)
    ax.add_patch(FancyArrowPatch((body[0] + 0.78, 0), (body[0] + 2.0, 0), arrowstyle="-|>", mutation_scale=14,
                                 color="0.2"))
    ax.text(body[0] + 2.15, 0, f"$a = {activation}(z)$", va="center", fontsize=12)
    top = max(1.5, n_inputs / 2 + 0.5)
    ax.set_xlim(-0.6, body[0] + 4.2)
    ax.set_ylim(-top, top)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax
