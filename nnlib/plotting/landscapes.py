"""Contours of a 2-D loss landscape with optimiser paths on top (chapter 10)."""

from __future__ import annotations

import numpy as np

from .._validation import as_float_array
from .style import LINE_COLOURS as PATH_COLOURS


def _check_paths(paths):
    if paths is None:
        return {}
    if not isinstance(paths, dict):
        raise TypeError(f"paths must be a dict label -> (n_steps + 1, 2) array, got {type(paths).__name__}.")
    out = {}
    for label, path in paths.items():
        path = as_float_array(path, f"paths[{label!r}]", ndim=2)
        if path.shape[1] != 2:
            raise ValueError(f"paths[{label!r}] must have shape (n_steps + 1, 2), got {path.shape}.")
        out[label] = path
    return out


def plot_landscape(ax, landscape, paths=None, resolution=150, n_levels=25, show_minimum=True):
    """Contour ``landscape`` over its ``bounds`` and draw each optimiser path.

    Parameters
    ----------
    landscape : an ``nnlib.landscapes.Landscape``.
    paths : dict label -> ``(n_steps + 1, 2)`` iterates (e.g. from ``run_path``).
    resolution : grid points per axis. n_levels : number of contour lines
        (log-spaced when ``landscape.log_levels``).

    Returns ``ax``.
    """
    (x_lo, x_hi), (y_lo, y_hi) = landscape.bounds
    xx, yy = np.meshgrid(np.linspace(x_lo, x_hi, resolution), np.linspace(y_lo, y_hi, resolution))
    zz = landscape.value(np.stack([xx, yy], axis=-1))
    f_min = landscape.value(landscape.minimum)
    gap = zz - f_min
    if landscape.log_levels:
        positive = gap[gap > 0]
        levels = np.geomspace(max(positive.min(), 1e-3), positive.max(), n_levels)
    else:
        levels = gap.max() * np.linspace(0, 1, n_levels + 1)[1:] ** 2  # denser near the minimum
    ax.contour(xx, yy, gap, levels=levels, cmap="viridis", linewidths=0.7)
    for k, (label, path) in enumerate(_check_paths(paths).items()):
        colour = PATH_COLOURS[k % len(PATH_COLOURS)]
        ax.plot(path[:, 0], path[:, 1], "-o", color=colour, markersize=2.2, linewidth=1.2, label=label)
        ax.plot(path[-1, 0], path[-1, 1], "o", color=colour, markersize=6, markeredgecolor="k")
    if show_minimum:
        ax.plot(*landscape.minimum, marker="*", color="k", markersize=12, linestyle="none", label="minimum")
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(y_lo, y_hi)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(landscape.name)
    return ax


def plot_path_losses(ax, landscape, paths, floor=1e-12):
    """Plot f(x_t) - f(x*) against step t for each path, on a log axis. Returns ``ax``.

    ``floor`` keeps exact convergence (gap 0) drawable on the log scale.
    """
    f_min = landscape.value(landscape.minimum)
    for k, (label, path) in enumerate(_check_paths(paths).items()):
        gap = np.maximum(landscape.value(path) - f_min, floor)
        ax.plot(np.arange(len(gap)), gap, color=PATH_COLOURS[k % len(PATH_COLOURS)], label=label)
    ax.set_yscale("log")
    ax.set_xlabel("step $t$")
    ax.set_ylabel("$f(x_t) - f(x^*)$")
    ax.legend(fontsize="small")
    return ax
