"""Loss curves and decision boundaries (chapters 1, 2, 7, 9, 10)."""

from __future__ import annotations

import numpy as np

from .._validation import as_float_array
from .style import plane_grid, scatter_classes


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


def plot_decision_boundary(ax, predict_proba, X, y, resolution=200, margin=0.5, levels=(0.5,), cmap="RdBu_r",
                           legend=True):
    """Shade P(y = 1 | x) over the plane, draw the 0.5 contour and the data.

    The shading runs from blue (P = 0, class 0) to red (P = 1, class 1); the
    legend names the two point styles and the black 0.5 contour (the
    boundary). A model whose P is the same everywhere has no boundary to
    draw, and the title of such a panel should say so.

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
    # A boundary exists only where P crosses the level inside the window (a constant P has none).
    if np.ptp(p) > 0 and any(p.min() < level < p.max() for level in levels):
        ax.contour(xx, yy, p, levels=list(levels), colors="k", linewidths=1.2)
        ax.plot([], [], color="k", linewidth=1.2, label="P = 0.5")
    scatter_classes(ax, X, y)
    if legend:
        ax.legend(loc="best", fontsize="x-small", framealpha=0.8, handlelength=1.2, borderpad=0.3)
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_aspect("equal", adjustable="box")
    return ax
