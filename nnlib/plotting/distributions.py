"""Per-layer distributions as a heat map (chapters 7 and 8).

One row per layer, one column per histogram bin, colour = density. Fifty
histograms become one image, which is quick to redraw and easy to read: a
band that stays the same width down the layers means a healthy
initialisation; one that collapses or smears out means vanishing or
exploding signals.

``layer_histograms`` is the book's one per-layer histogram; the init-scale
explorer's JavaScript (``nnlib/widgets/explorer.js``) repeats it, and
``heatmap_range``, operation for operation.
"""

from __future__ import annotations

import numpy as np


def layer_histograms(values, bins=60, value_range=None):
    """Histogram every layer's values on shared bins.

    Parameters
    ----------
    values : one array per layer (a list, or an array whose first axis is the
        layer; any shape per layer, flattened).
    bins : number of bins.
    value_range : (lo, hi); by default symmetric around 0 and covering the
        central 99.8% of all values.

    Returns
    -------
    density : (n_layers, bins) array, each row a normalised density
        (sums to 1 / bin width; a layer with no finite-or-infinite value is all 0).
    edges : (bins + 1,) bin edges.

    Values outside the range, infinities included, count in the edge bins;
    NaN is dropped. The bin of x is floor(x k + offset) with k = bins / (hi - lo)
    and offset = -lo k, taken apart as whole + fraction: with the fraction alone
    added before the floor, a tiny value next to an edge at 0 (vanishing
    gradients at +-1e-30) keeps its side, where floor((x - lo) k) would round
    it into the bin across 0. An offset within 1e-9 of a whole number is taken
    as one (0 is then an edge).
    """
    if len(values) == 0:
        raise ValueError("values is empty: pass one array per layer.")
    bins = int(bins)
    if bins < 1:
        raise ValueError(f"bins must be a positive integer, got {bins}.")
    flat = [np.asarray(v, dtype=np.float64).ravel() for v in values]
    if value_range is None:
        allv = np.concatenate(flat)
        finite = np.abs(allv[np.isfinite(allv)])
        hi = float(np.quantile(finite, 0.998)) if finite.size else 1.0
        hi = hi if hi > 0 else 1.0
        value_range = (-hi, hi)
    lo, hi = float(value_range[0]), float(value_range[1])
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise ValueError(f"value_range must be finite (lo, hi) with lo < hi, got {value_range!r}.")
    per_unit = bins / (hi - lo)                     # k: bins per unit of value
    offset = -lo * per_unit
    whole = float(np.round(offset))
    if abs(offset - whole) > 1e-9 * max(1.0, abs(offset)):
        whole = float(np.floor(offset))
    fraction = max(offset - whole, 0.0)
    density = np.zeros((len(flat), bins))
    with np.errstate(all="ignore"):
        for l, v in enumerate(flat):
            position = np.floor(v * per_unit + fraction) + whole   # the bin index; NaN and +-inf stay so
            position = position[~np.isnan(position)]
            if position.size == 0:
                continue
            idx = np.clip(position, 0, bins - 1).astype(np.intp)
            density[l] = np.bincount(idx, minlength=bins) * (per_unit / idx.size)
    return density, np.linspace(lo, hi, bins + 1)


def nice_ceil(x):
    """The smallest of 1, 2, 2.5, 5 times a power of ten that is >= x (x > 0)."""
    power = 10.0 ** np.floor(np.log10(x))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        if step * power >= x * (1 - 1e-12):
            return step * power
    return 10.0 * power  # pragma: no cover - unreachable


def heatmap_range(which, activation, reference_std):
    """The value axis of the init-scale explorer's heat maps.

    ``which`` is "activations" or "gradients". Activations of tanh and the
    sigmoid have their fixed ranges (-1, 1) and (0, 1); otherwise the range is
    +-4 ``reference_std`` (the std where the signal enters: layer 1 forward,
    layer L backward), rounded up by ``nice_ceil``, (0, hi) for ReLU
    activations. A vanishing signal then shows as a spike at 0, an exploding
    one as mass piled at the edges. A non-finite or zero reference gives +-1.
    """
    if which == "activations" and activation == "tanh":
        return (-1.0, 1.0)
    if which == "activations" and activation == "sigmoid":
        return (0.0, 1.0)
    ref = float(reference_std)
    hi = nice_ceil(4 * ref) if np.isfinite(ref) and 0 < ref < 1e300 else 1.0
    return (0.0 if which == "activations" and activation == "relu" else -hi, hi)


def plot_layer_heatmap(ax, values, bins=60, value_range=None, cmap="magma", title=None, log_density=True):
    """Draw ``layer_histograms(values)`` on ``ax`` (layer on y, value on x). Returns ``ax``.

    ``log_density`` shows log(1 + density), so that a spike and a broad
    spread are both visible in one picture; the colour scale ends at the
    97th percentile (ReLU's spike of exact zeros would otherwise leave the
    rest of the map black).
    """
    density, edges = layer_histograms(values, bins=bins, value_range=value_range)
    shown = np.log1p(density) if log_density else density
    top = max(float(np.quantile(shown, 0.97)), 1e-12)
    ax.imshow(shown, aspect="auto", origin="lower", cmap=cmap, interpolation="nearest", vmin=0, vmax=top,
              extent=(edges[0], edges[-1], 0.5, len(values) + 0.5))
    ax.set_xlabel("value")
    ax.set_ylabel("layer")
    if title:
        ax.set_title(title)
    return ax


def plot_deep_signals(axes, stats, activation, scale, predicted_var=None, bins=60):
    """The init-scale explorer's figure for ``nnlib.diagnostics.deep_signal_statistics(...)``,
    on three given axes; returns them.

    Left: heat map of the activations per layer; middle: of the
    backpropagated gradients dL/dz; right, on a log axis: the std of z and
    of a, the Frobenius norm of dL/dW, and (dashed) the mean-field std
    sqrt(q) of z when ``predicted_var`` (``mean_field_variance``) is given.
    The explorer's JavaScript draws the same picture on a canvas.
    """
    ax_a, ax_g, ax_n = axes
    depth = len(stats.act_var)
    for ax, values, which, xlabel in ((ax_a, stats.activations, "activations", "activation value $a^{[l]}$"),
                                      (ax_g, stats.gradients, "gradients",
                                       r"gradient value $\partial L/\partial z^{[l]}$")):
        reference = stats.act_std[0] if which == "activations" else stats.grad_std[-1]
        plot_layer_heatmap(ax, values, bins=bins, value_range=heatmap_range(which, activation, reference))
        ax.set_xlabel(xlabel)
    ax_g.set_ylabel("")
    overflow = "" if np.all(np.isfinite(stats.act_std)) and np.all(np.isfinite(stats.grad_norm)) else " (overflow!)"
    ax_a.set_title(f"activations: {activation}, scale = {scale:.3g}{overflow}", fontsize="medium")
    ax_g.set_title(f"gradients, depth = {depth}", fontsize="medium")
    layers = np.arange(1, depth + 1)
    ax_n.plot(layers, np.sqrt(stats.preact_var), color="#009E73", label="std of $z^{[l]}$")
    if predicted_var is not None:
        ax_n.plot(layers, np.sqrt(predicted_var), color="#000000", linestyle="--", label="mean field $\\sqrt{q^{[l]}}$")
    ax_n.plot(layers, stats.act_std, color="#0072B2", label="std of $a^{[l]}$")
    ax_n.plot(layers, stats.grad_norm, color="#D55E00", label=r"$\|\partial L/\partial W^{[l]}\|_F$")
    ax_n.set_yscale("log")
    ax_n.set_xlim(0.5, depth + 0.5)
    ax_n.set_xlabel("layer $l$")
    ax_n.set_title("size per layer", fontsize="medium")
    ax_n.legend(loc="best", fontsize="x-small")
    return axes
