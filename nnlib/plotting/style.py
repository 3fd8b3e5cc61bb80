"""The book's colours and the helpers every 2-D figure shares.

One palette (Okabe & Ito's eight colours, distinguishable with every common
colour-vision deficiency), one way to draw two classes (blue circles for
y = 0, orange squares for y = 1) and one grid over the plane, so every
figure in the book reads the same way and restyles from here.
"""

from __future__ import annotations

import numpy as np

from .._validation import as_float_array, check_2d, check_same_length

# Okabe-Ito, by name.
PALETTE = {
    "blue": "#0072B2", "orange": "#E69F00", "vermillion": "#D55E00", "green": "#009E73",
    "sky": "#56B4E9", "purple": "#CC79A7", "yellow": "#F0E442", "black": "#000000",
}
# y = 0 and y = 1 in every figure.
CLASS_COLOURS = (PALETTE["blue"], PALETTE["orange"])
CLASS_MARKERS = ("o", "s")
# One colour per curve or optimiser path, in this order.
LINE_COLOURS = tuple(PALETTE[k] for k in ("vermillion", "blue", "green", "purple", "orange", "sky"))
# Network diagrams: input, hidden and output units.
LAYER_COLOURS = {"input": PALETTE["sky"], "hidden": PALETTE["green"], "output": PALETTE["orange"]}
# Signed quantities (a weight's sign, a positive/negative edge).
SIGN_COLOURS = {"positive": PALETTE["blue"], "negative": PALETTE["vermillion"]}


def scatter_classes(ax, X, y, size=14, alpha=1.0, edgecolor="k", label=True, zorder=None):
    """Scatter 2-D points ``X``, shape (n, 2), coloured by their label ``y`` in {0, 1}, shape (n,).

    Class 0: blue circles, class 1: orange squares, each labelled "y = 0" /
    "y = 1" for a legend (``label=False`` leaves them out, e.g. for a faint
    second split). Returns the two ``PathCollection`` artists.
    """
    X = check_2d(X)
    y = as_float_array(y, "y", ndim=1)
    check_same_length(X, y)
    artists = []
    for k in (0, 1):
        mask = y == k
        artists.append(ax.scatter(X[mask, 0], X[mask, 1], s=size, c=CLASS_COLOURS[k], marker=CLASS_MARKERS[k],
                                  edgecolors=edgecolor, linewidths=0.3 if size < 20 else 0.6, alpha=alpha,
                                  label=f"y = {k}" if label else None, zorder=zorder))
    return artists


def plane_grid(X, y, margin, resolution, what="maps"):
    """Validate 2-D points ``X`` with labels ``y`` and lay a grid over them.

    Returns ``X, y, xx, yy, grid``: ``xx`` and ``yy`` are ``(resolution,
    resolution)`` meshes covering the data plus ``margin``; ``grid`` is the
    same points as ``(resolution**2, 2)`` rows, ready for a model.
    """
    X = check_2d(X)
    y = as_float_array(y, "y", ndim=1)
    check_same_length(X, y)
    if X.shape[1] != 2:
        raise ValueError(f"{what} are drawn for 2-D inputs; X has shape {X.shape}.")
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    xx, yy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    return X, y, xx, yy, np.column_stack([xx.ravel(), yy.ravel()])
