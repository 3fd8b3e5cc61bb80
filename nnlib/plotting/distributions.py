"""Per-layer distributions as a heat map (chapters 7 and 8).

One row per layer, one column per histogram bin, colour = density. Fifty
histograms become one image, which is quick to redraw and easy to read: a
band that stays the same width down the layers means a healthy
initialisation; one that collapses or smears out means vanishing or
exploding signals.
"""

from __future__ import annotations

import numpy as np


def layer_histograms(values, bins=60, value_range=None):
    """Histogram every layer's values on shared bins.

    Parameters
    ----------
    values : list of arrays, one per layer (any shape; flattened).
    bins : number of bins.
    value_range : (lo, hi); by default symmetric around 0 and covering the
        central 99.8% of all values.

    Returns
    -------
    density : (n_layers, bins) array, each row a normalised density.
    edges : (bins + 1,) bin edges.
    """
    if len(values) == 0:
        raise ValueError("values is empty: pass one array per layer.")
    flat = [np.asarray(v, dtype=np.float64).ravel() for v in values]
    if value_range is None:
        allv = np.concatenate(flat)
        hi = float(np.quantile(np.abs(allv), 0.998)) if allv.size else 1.0
        hi = hi if hi > 0 else 1.0
        value_range = (-hi, hi)
    edges = np.linspace(value_range[0], value_range[1], bins + 1)
    density = np.stack([np.histogram(np.clip(v, edges[0], edges[-1]), bins=edges, density=True)[0]
                        if v.size else np.zeros(bins) for v in flat])
    return density, edges


def plot_layer_heatmap(ax, values, bins=60, value_range=None, cmap="magma", title=None, log_density=True):
    """Draw ``layer_histograms(values)`` on ``ax`` (layer on y, value on x). Returns ``ax``.

    ``log_density`` shows log(1 + density), so that a spike and a broad
    spread are both visible in one picture.
    """
    density, edges = layer_histograms(values, bins=bins, value_range=value_range)
    shown = np.log1p(density) if log_density else density
    ax.imshow(shown, aspect="auto", origin="lower", cmap=cmap, interpolation="nearest",
              extent=(edges[0], edges[-1], 0.5, len(values) + 0.5))
    ax.set_xlabel("value")
    ax.set_ylabel("layer")
    if title:
        ax.set_title(title)
    return ax
