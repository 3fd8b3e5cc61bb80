"""Loss curves and decision boundaries (chapters 1, 2, 7, 9, 10)."""

from __future__ import annotations

import numpy as np

from .._validation import as_float_array, check_2d, check_same_length

# Colour-blind-safe pair (Okabe-Ito) used for the two classes throughout the book.
CLASS_COLOURS = ("#0072B2", "#E69F00")


def plot_loss_curve(ax, losses, label=None, log_scale=True, **kwargs):
    """Plot a loss per step or epoch on ``ax``; log y-axis by default since
    losses shrink by orders of magnitude. Returns ``ax``."""
    losses = as_float_array(losses, "losses", ndim=1)
    ax.plot(np.arange(len(losses)), losses, label=label, **kwargs)
    if log_scale and np.all(losses > 0):
        ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel("loss")
    if label is not None:
        ax.legend()
    return ax


def plot_decision_boundary(ax, predict_proba, X, y, resolution=200, margin=0.5, levels=(0.5,), cmap="RdBu_r"):
    """Shade P(y = 1 | x) over the plane, draw the 0.5 contour and the data.

    Parameters
    ----------
    predict_proba : callable mapping ``(m, 2)`` points to ``(m,)`` probabilities
        (a model's ``predict_proba``).
    X : (n_samples, 2) points; y : (n_samples,) labels in {0, 1}.

    Returns ``ax``.
    """
    X, y, xx, yy, grid = plane_grid(X, y, margin, resolution, "decision boundaries")
    lo, hi = (xx.min(), yy.min()), (xx.max(), yy.max())
    p = np.asarray(predict_proba(grid), dtype=np.float64).reshape(xx.shape)
    ax.contourf(xx, yy, p, levels=np.linspace(0, 1, 11), cmap=cmap, alpha=0.35, vmin=0, vmax=1)
    if np.ptp(p) > 0:
        ax.contour(xx, yy, p, levels=list(levels), colors="k", linewidths=1.2)
    for label, colour, marker in ((0, CLASS_COLOURS[0], "o"), (1, CLASS_COLOURS[1], "s")):
        mask = y == label
        ax.scatter(X[mask, 0], X[mask, 1], s=14, c=colour, marker=marker, edgecolors="k", linewidths=0.3, label=f"y = {label}")
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_aspect("equal", adjustable="box")
    return ax


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
