"""What the hidden units of a small 2-D network compute (chapter 1).

A network with 2 inputs is easy to look inside: each hidden unit is a
function of the plane, so it can be drawn as a map, and the data set can be
drawn on top to see which points the unit separates.
"""

from __future__ import annotations

import numpy as np

from .._validation import as_float_array, check_same_length
from .style import CLASS_COLOURS, CLASS_MARKERS, plane_grid, scatter_classes


def plot_unit_activations(axes, hidden_fn, X, y, resolution=120, margin=0.5, cmap="PuOr_r", vmin=-1.0, vmax=1.0,
                          titles=None):
    """Draw each hidden unit's activation as a map over the input plane.

    Parameters
    ----------
    axes : sequence of ``n_units`` matplotlib axes, one per hidden unit.
    hidden_fn : callable mapping ``(m, 2)`` points to ``(m, n_units)``
        activations, e.g. ``lambda P: net.forward(P).A[1]``.
    X : (n_samples, 2) data points drawn on top; y : (n_samples,) labels in {0, 1}.
    vmin, vmax : colour range (-1, 1 suits tanh units; use 0, 1 for sigmoid).
    titles : optional names for the units (default ``unit j``).

    Returns ``axes``. The black contour marks where the unit's activation is
    halfway between ``vmin`` and ``vmax`` (z = 0 for tanh): each unit is a
    soft step across one straight line, and that line is where it "fires".
    """
    X, y, xx, yy, grid = plane_grid(X, y, margin, resolution, "unit maps")
    H = np.asarray(hidden_fn(grid), dtype=np.float64)
    if H.ndim != 2 or H.shape[0] != grid.shape[0]:
        raise ValueError(f"hidden_fn must return shape (m, n_units) for m = {grid.shape[0]} points, got {H.shape}.")
    axes = list(np.ravel(axes))
    if len(axes) != H.shape[1]:
        raise ValueError(f"got {len(axes)} axes for {H.shape[1]} hidden units; pass one axis per unit.")
    mid = 0.5 * (vmin + vmax)
    for j, ax in enumerate(axes):
        h = H[:, j].reshape(xx.shape)
        im = ax.contourf(xx, yy, h, levels=np.linspace(vmin, vmax, 11), cmap=cmap, vmin=vmin, vmax=vmax, extend="both")
        if h.min() < mid < h.max():
            ax.contour(xx, yy, h, levels=[mid], colors="k", linewidths=1.2)
        scatter_classes(ax, X, y, size=8)
        ax.set_title(titles[j] if titles is not None else f"unit {j + 1}")
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        ax.set_aspect("equal", adjustable="box")
    axes[0].figure.colorbar(im, ax=axes, shrink=0.8, label="activation")
    return axes


def plot_logit_strip(ax, z, y, title=None, rng=0):
    """A strip plot of a linear classifier's logits ``z`` for each class.

    Parameters
    ----------
    z : (n_samples,) logits w.h + b of a linear classifier on some features h.
    y : (n_samples,) labels in {0, 1}.
    rng : seed for the vertical jitter only (purely cosmetic).

    Returns ``ax``. If the two clouds sit on opposite sides of the dashed line
    z = 0, a straight line (hyperplane) separates the classes in that feature space.
    """
    z = as_float_array(z, "z", ndim=1)
    y = as_float_array(y, "y", ndim=1)
    check_same_length(z.reshape(-1, 1), y, "z", "y")
    jitter = np.random.default_rng(rng).uniform(-0.15, 0.15, size=z.shape[0])
    for label in (0, 1):
        mask = y == label
        ax.scatter(z[mask], label + jitter[mask], s=10, c=CLASS_COLOURS[label], marker=CLASS_MARKERS[label],
                   edgecolors="k", linewidths=0.3)
    ax.axvline(0, color="k", ls="--", lw=1)
    ax.set_yticks([0, 1], ["y = 0", "y = 1"])
    ax.set_ylim(-0.5, 1.5)
    ax.set_xlabel("logit $z = w \\cdot h + b$")
    if title is not None:
        ax.set_title(title)
    return ax
