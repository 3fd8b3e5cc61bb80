"""The init-scale explorer (chapters 7 and 8): how the weight scale decides
whether a deep network's signals vanish, explode or survive.

A plain MLP of ``depth`` layers, each ``width`` wide, gets weights
``W[l] ~ N(0, (scale / sqrt(n_in))^2)``: ``scale = 1`` is LeCun's variance
1/n_in (equal to Xavier's 2/(n_in + n_out) here, since n_in = n_out), and
``scale = sqrt(2)`` is He's 2/n_in. A random batch goes forward; a random
gradient ``dL/dA[L]`` comes back. The figure shows, per layer,

- the distribution of the activations ``A[l]`` (a heat map: layer x value),
- the distribution of the backpropagated gradients ``delta[l] = dL/dZ[l]``,
- the standard deviation of ``A[l]`` and the norm of ``dL/dW[l]`` (log axis).

``init_scale_statistics`` is the pure computation (numbers for asserts);
``draw_init_scale`` draws a figure; ``init_scale_explorer`` is the widget,
live in a kernel, precomputed when ``static_mode()`` is true.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import numpy as np

from .._validation import check_choice, check_int, check_positive
from .rendering import encode_png
from .static import _ipywidgets, precomputed_slider, static_mode

ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear")

# Scales offered by the precomputed (static) slider: log-spaced from 0.1 to 10,
# with LeCun/Xavier (1) and He (sqrt 2) among them.
DEFAULT_SCALES = (0.1, 0.25, 0.5, 0.7, 0.85, 1.0, 1.2, float(np.sqrt(2.0)), 2.0, 4.0, 10.0)

# Each activation g, applied in place, and its derivative written in terms of
# the output a = g(z) (tanh' = 1 - a^2, sigmoid' = a(1 - a), relu' = [a > 0]),
# so the backward pass needs only A and z is never stored.
def _sigmoid_into(Z, out):
    np.multiply(Z, 0.5, out=out)        # sigmoid(z) = (1 + tanh(z/2)) / 2: no overflow for any z
    np.tanh(out, out=out)
    out += 1
    out *= 0.5


_FORWARD = {
    "tanh": (lambda Z, out: np.tanh(Z, out=out), lambda A: 1.0 - A * A),
    "relu": (lambda Z, out: np.maximum(Z, 0, out=out), lambda A: A > 0),
    "sigmoid": (_sigmoid_into, lambda A: A * (1.0 - A)),
    "linear": (lambda Z, out: np.copyto(out, Z), lambda A: 1.0),
}


class InitScaleStatistics(NamedTuple):
    """What one run of the explorer's network measured.

    ``A`` and ``delta`` have shape ``(depth, n_samples, width)``: ``A[l]`` is
    the book's a^[l+1] and ``delta[l]`` its dL/dz^[l+1]. The per-layer arrays
    (shape ``(depth,)``) are ``preact_var`` (Var z), ``act_std`` (std of a),
    ``act_second_moment`` (E[a^2]), ``grad_std`` (std of delta) and
    ``grad_norm`` (Frobenius norm of dL/dW).
    """

    scale: float
    activation: str
    A: np.ndarray
    delta: np.ndarray
    preact_var: np.ndarray
    act_std: np.ndarray
    act_second_moment: np.ndarray
    grad_std: np.ndarray
    grad_norm: np.ndarray


@functools.lru_cache(maxsize=1)
def _single_thread_blas():
    """A context manager limiting BLAS to one thread, or a no-op without threadpoolctl.

    These matrices are small (a few hundred rows): threads gain little, and on a
    busy machine OpenBLAS threads waiting for each other made the pass 5-10x slower."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # pragma: no cover - threadpoolctl comes with the dev/widgets installs
        return None
    return ThreadpoolController()


# Weights are drawn for at least this many layers (the depth slider's default
# range), so every depth up to it uses the first layers of one network.
_DRAWN_DEPTH = 50


def _random_draws(depth, width, n_samples, seed, dtype):
    """Standard-normal weights ``(depth, width, width)``, inputs and output
    gradient, drawn once and reused: moving the scale slider rescales the
    same network, so the picture changes smoothly and nothing is re-sampled.
    A depth up to ``_DRAWN_DEPTH`` (50) takes the first layers of one 50-layer draw (and the
    same inputs and output gradient), so the depth slider adds or removes
    layers on top of the same network instead of drawing a new one."""
    W0, X, G = _draws(max(depth, _DRAWN_DEPTH), width, n_samples, seed, dtype)
    return W0[:depth], X, G


@functools.lru_cache(maxsize=8)
def _draws(depth, width, n_samples, seed, dtype):
    rng = np.random.default_rng(seed)
    W0 = rng.standard_normal((depth, width, width), dtype=dtype)
    X = rng.standard_normal((n_samples, width), dtype=dtype)
    G = rng.standard_normal((n_samples, width), dtype=dtype)
    for array in (W0, X, G):
        array.setflags(write=False)
    return W0, X, G


def init_scale_statistics(scale=1.0, depth=50, width=256, n_samples=64, activation="tanh", rng=0,
                          dtype=np.float32) -> InitScaleStatistics:
    """Forward and backward pass through a deep MLP with ``W ~ N(0, (scale/sqrt(width))^2)``.

    Parameters
    ----------
    scale : multiplier of the LeCun standard deviation 1/sqrt(n_in) (> 0).
    depth : number of layers L (1 to 200).
    width : units per layer (= n_in of every layer; the input has this width too).
    n_samples : batch size; the inputs are standard normal, shape ``(n_samples, width)``.
    activation : "tanh", "relu", "sigmoid" or "linear", used in every layer.
    rng : int seed of the weights, inputs and the output gradient (cached per seed).
    dtype : np.float32 (fast, default) or np.float64.

    Biases are zero. The backward pass starts from a standard-normal
    ``dL/dA[L]``, i.e. the loss ``L = sum(G * A[L])`` for a fixed random G.
    Values may overflow to inf for huge scales with "linear"/"relu"; that is
    the explosion, reported as is (no warning).
    """
    scale = check_positive(scale, "scale")
    depth = check_int(depth, "depth")
    if depth > 200:
        raise ValueError(f"depth must be at most 200 to stay interactive, got {depth}.")
    width, n_samples = check_int(width, "width"), check_int(n_samples, "n_samples")
    activation = check_choice(activation, "activation", ACTIVATIONS)
    if not isinstance(rng, (int, np.integer)) or isinstance(rng, bool):
        raise TypeError(f"rng must be an int seed here (the random draws are cached per seed), got {rng!r}.")
    dtype = np.dtype(dtype)
    if dtype not in (np.float32, np.float64):
        raise TypeError(f"dtype must be np.float32 or np.float64, got {dtype}.")
    controller = _single_thread_blas()
    if controller is None:
        return _statistics(scale, depth, width, n_samples, activation, int(rng), dtype)
    with controller.limit(limits=1, user_api="blas"):
        return _statistics(scale, depth, width, n_samples, activation, int(rng), dtype)


def _statistics(scale, depth, width, n_samples, activation, rng, dtype):
    W0, X, G = _random_draws(depth, width, n_samples, rng, dtype)
    g, g_prime = _FORWARD[activation]
    std = dtype.type(scale / np.sqrt(width))
    A = np.empty((depth, n_samples, width), dtype=dtype)
    delta = np.empty_like(A)
    # Work buffers reused by every layer: z = Z[l] (not kept), dA = dL/dA[l-1], dW = dL/dW[l].
    z, dA_prev = np.empty((n_samples, width), dtype=dtype), np.empty((n_samples, width), dtype=dtype)
    dW = np.empty((width, width), dtype=dtype)
    preact_var, grad_norm = np.empty(depth), np.empty(depth)
    with np.errstate(all="ignore"):
        a = X
        for l in range(depth):
            np.matmul(a, W0[l].T, out=z)
            z *= std
            preact_var[l] = _variance(z)
            g(z, out=A[l])
            a = A[l]
        dA = G
        for l in range(depth - 1, -1, -1):
            np.multiply(dA, g_prime(A[l]), out=delta[l])
            np.matmul(delta[l].T, A[l - 1] if l > 0 else X, out=dW)
            grad_norm[l] = np.linalg.norm(dW)
            if not 1e-18 < grad_norm[l] < 1e18:
                # float32 squares underflow to 0 (or overflow) outside this range: redo it in float64.
                grad_norm[l] = np.linalg.norm(dW.astype(np.float64))
            if l > 0:
                dA = np.matmul(delta[l], W0[l], out=dA_prev)
                dA *= std
        act_mean, act_second_moment = _moments(A)
        grad_mean, grad_second_moment = _moments(delta)
        return InitScaleStatistics(
            scale=float(scale), activation=activation, A=A, delta=delta, preact_var=preact_var,
            act_std=np.sqrt(np.maximum(act_second_moment - act_mean ** 2, 0)),
            act_second_moment=act_second_moment,
            grad_std=np.sqrt(np.maximum(grad_second_moment - grad_mean ** 2, 0)), grad_norm=grad_norm)


def _moments(T):
    """Mean and mean square of each ``T[l]``, accumulated in float64.

    Summing with ``dtype=float64`` casts chunk by chunk, so no float64 copy of
    ``T`` is made (a copy the size of the network's activations, freshly
    allocated on every slider move, cost more than the sums). The variance is
    then E[x^2] - E[x]^2: in float64 its rounding error is about
    1e-16 (mean/std)^2 relative, so a std below about 1e-8 |mean| (a layer of
    nearly equal values) is not resolved; no figure or assert here comes near.
    """
    T = T.reshape(T.shape[0], -1)
    n = T.shape[1]
    return T.sum(axis=1, dtype=np.float64) / n, np.einsum("li,li->l", T, T, dtype=np.float64) / n


def _variance(values):
    mean, second_moment = _moments(values[None])
    return max(float(second_moment[0] - mean[0] ** 2), 0.0)


def _value_range(stats, which):
    """Shared x-range of a heat map: fixed for bounded activations, else
    +-4 standard deviations (rounded up to a 1-2-2.5-5 step) of the layer
    where the signal enters (layer 1 forward, layer L backward), so vanishing
    shows as a spike at 0 and exploding as mass piled at the edges."""
    if which == "A":
        if stats.activation == "tanh":
            return (-1.0, 1.0)
        if stats.activation == "sigmoid":
            return (0.0, 1.0)
        ref = stats.act_std[0]
        hi = _nice_ceil(4 * ref) if np.isfinite(ref) and 0 < ref < 1e300 else 1.0
        return (0.0 if stats.activation == "relu" else -hi, hi)
    ref = stats.grad_std[-1]
    hi = _nice_ceil(4 * ref) if np.isfinite(ref) and 0 < ref < 1e300 else 1.0
    return (-hi, hi)


def _fast_density(values, value_range, bins, max_per_layer=16384):
    """Per-layer histogram densities, ``(depth, bins)``.

    Same bins, clipping and normalisation as ``nnlib.plotting.layer_histograms``
    (values outside the range, infinities included, count in the edge bins;
    NaN is dropped), on the first ``max_per_layer`` values of each layer.

    The bin of x is floor(x * k + offset) with k = bins / (hi - lo) and
    offset = -lo * k, taken apart as whole + fraction: with the fraction alone
    added before the floor, a tiny value next to an edge at 0 (the vanishing
    gradients, piled at +-1e-30) keeps its side, where floor((x - lo) * k)
    would round 1 - 1e-30 to 1 and put every negative one right of 0. An
    offset within rounding of a whole number (0 is an edge) is taken as one.
    One layer at a time, in float64 buffers that stay in cache.
    """
    depth = values.shape[0]
    V = values.reshape(depth, -1)[:, :max_per_layer]
    lo, hi = value_range
    per_unit = bins / (hi - lo)                     # k: bins per unit of value
    offset = -lo * per_unit
    whole = np.round(offset)
    if abs(offset - whole) > 1e-9 * max(1.0, abs(offset)):
        whole = np.floor(offset)
    fraction = max(offset - whole, 0.0)
    counts, n_counted = np.empty((depth, bins)), np.empty((depth, 1))
    position = np.empty(V.shape[1])
    with np.errstate(all="ignore"):
        for l in range(depth):
            np.multiply(V[l], per_unit, out=position, dtype=np.float64)
            position += fraction
            np.floor(position, out=position)
            position += whole                       # the bin index; NaN and +-inf stay so
            counted = ~np.isnan(position)
            np.clip(position, 0, bins - 1, out=position)   # out-of-range values count in the edge bins
            idx = position.astype(np.intp)
            if not counted.all():
                idx = idx[counted]
            counts[l] = np.bincount(idx, minlength=bins)
            n_counted[l] = max(idx.size, 1)
    return counts * (per_unit / n_counted)


def _nice_ceil(x):
    """The smallest of 1, 2, 2.5, 5 times a power of ten that is >= x (x > 0)."""
    power = 10.0 ** np.floor(np.log10(x))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        if step * power >= x * (1 - 1e-12):
            return step * power
    return 10.0 * power  # pragma: no cover - unreachable


class _ExplorerFigure:
    """A figure whose artists are updated in place (``set_data``), never rebuilt.

    Axis ranges are rounded (heat maps to 1-2-2.5-5 steps, the log axis to
    whole decades), so most slider moves leave every axis, tick and label as
    it was. Then only the changing artists are redrawn over a saved
    background ("blitting"), several times faster than a full redraw; an
    axis whose range did change is repainted alone (see ``update``).
    """

    def __init__(self, stats, bins=60, figsize=(10.5, 3.5)):
        import matplotlib.figure
        import matplotlib.ticker
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        from ..plotting import plot_layer_heatmap

        self.bins = bins
        # A bare Figure (not pyplot): it never shows by itself and needs no closing.
        self.fig = matplotlib.figure.Figure(figsize=figsize, dpi=72, layout="constrained")
        FigureCanvasAgg(self.fig)
        self.ax_a, self.ax_g, self.ax_n = self.fig.subplots(1, 3)
        depth = stats.A.shape[0]
        sub = [stats.A[l].ravel()[:16384] for l in range(depth)]
        plot_layer_heatmap(self.ax_a, sub, bins=bins, value_range=_value_range(stats, "A"))
        sub = [stats.delta[l].ravel()[:16384] for l in range(depth)]
        with np.errstate(all="ignore"):
            plot_layer_heatmap(self.ax_g, sub, bins=bins, value_range=_value_range(stats, "delta"))
        self.im_a, self.im_g = self.ax_a.images[0], self.ax_g.images[0]
        self.ax_a.set_xlabel("activation value $a^{[l]}$")
        self.ax_g.set_xlabel(r"gradient value $\partial L/\partial z^{[l]}$")
        self.ax_g.set_ylabel("")
        self.ax_g.tick_params(labelleft=False)   # same layer axis as the left panel
        for ax in (self.ax_a, self.ax_g):
            ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(5))
        layers = np.arange(1, depth + 1)
        (self.line_a,) = self.ax_n.plot(layers, stats.act_std, color="#0072B2", label="std of $a^{[l]}$")
        (self.line_g,) = self.ax_n.plot(layers, stats.grad_norm, color="#D55E00",
                                        label=r"$\|\partial L/\partial W^{[l]}\|_F$")
        self.ax_n.set_yscale("log")
        self.ax_n.yaxis.set_minor_locator(matplotlib.ticker.NullLocator())
        # Plain "1e-05" labels: mathtext "10^{-5}" labels cost more to draw than the rest of the axes.
        self.ax_n.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:.0e}"))
        self.ax_n.yaxis.set_major_locator(matplotlib.ticker.LogLocator(numticks=6))
        self.ax_n.set_xlabel("layer $l$")
        self.legend = self.ax_n.legend(loc="upper left", fontsize="small")
        # The one title that changes with the scale: a plain Text (an Axes title
        # is only positioned during a full draw, so it cannot be blitted).
        self.title_a = self.ax_a.text(0.5, 1.02, "", transform=self.ax_a.transAxes, ha="center", va="bottom",
                                      fontsize="medium", clip_on=False)
        self._base_key = self._key = self._ylim_decades = None
        self._set_artists(stats)
        # Lay out once, then freeze: re-running the constrained layout on every
        # redraw would double the cost of a live update.
        self.fig.canvas.draw()
        self.fig.set_layout_engine("none")
        self.update(stats)

    def _ranged_axes(self):
        """The axes whose ticks follow the data: heat-map value axes, the log axis."""
        return [self.ax_a.xaxis, self.ax_g.xaxis, self.ax_n.yaxis]

    def _dynamic_artists(self):
        """What every update redraws, in the order a full draw paints them."""
        return [self.im_a, self.im_g, *self.ax_a.spines.values(), *self.ax_g.spines.values(),
                self.line_a, self.line_g, self.legend, self.title_a]

    def update(self, stats, fresh_axes=False):
        """Show ``stats``; afterwards the canvas buffer holds the new picture.

        ``fresh_axes``: choose the log axis's range as a new figure would,
        forgetting the one kept while a live slider drags (so a precomputed
        frame does not depend on the frames drawn before it).

        Two saved backgrounds: the *base* (everything but the ranged axes and
        the dynamic artists; drawn in full only when the depth or the canvas
        changes) and the *frame* (the base plus the ranged axes). When
        an axis range changes, only that axis is repainted in the frame: the
        base is restored where the axis was and will be, and the axis drawn
        there. Each update restores the frame and draws the dynamic artists
        over it.
        """
        if fresh_axes:
            self._ylim_decades = None
        ranges = self._set_artists(stats)
        canvas = self.fig.canvas
        base_key = (stats.A.shape[0], canvas.get_width_height(), id(canvas.get_renderer()))
        if base_key != self._base_key:
            hidden = self._ranged_axes() + self._dynamic_artists()
            for artist in hidden:
                artist.set_visible(False)
            canvas.draw()
            self._base = self._frame = canvas.copy_from_bbox(self.fig.bbox)
            for artist in hidden:
                artist.set_visible(True)
            # The draw may have made a new renderer: key on the one now in use.
            self._base_key = base_key[:2] + (id(canvas.get_renderer()),)
            self._drawn = [None] * len(ranges)      # per ranged axis: (its range, where it painted)
        changed = {i for i, r in enumerate(ranges) if self._drawn[i] is None or self._drawn[i][0] != r}
        canvas.restore_region(self._frame)
        if changed:
            self._repaint_axes(changed, ranges)
            self._frame = canvas.copy_from_bbox(self.fig.bbox)
        self._key = (self._base_key, ranges)
        for artist in self._dynamic_artists():
            self.fig.draw_artist(artist)
        return self.fig

    def _repaint_axes(self, changed, ranges):
        """Repaint the ranged axes in ``changed`` over the frame on the canvas
        (and any other ranged axis whose painted area overlaps theirs)."""
        from matplotlib.transforms import Bbox

        renderer = self.fig.canvas.get_renderer()
        axes = self._ranged_axes()
        boxes, areas = {}, {}
        while True:
            for i in changed - areas.keys():
                boxes[i] = _painted_area(axes[i], renderer)   # where it will paint at its new range
                old = self._drawn[i][1] if self._drawn[i] is not None else boxes[i]
                areas[i] = Bbox.union([old, boxes[i]]).padded(2)
            overlapping = {j for j in range(len(axes)) if j not in changed and self._drawn[j] is not None
                           and any(self._drawn[j][1].overlaps(areas[i]) for i in changed)}
            if not overlapping:
                break
            changed = changed | overlapping
        height = self.fig.bbox.height
        for i in changed:          # the saved regions count rows from the top of the canvas
            x0, y0, x1, y1 = areas[i].extents
            self.fig.canvas.restore_region(self._base, bbox=(int(x0), int(height - y1), int(np.ceil(x1)) + 1,
                                                             int(np.ceil(height - y0)) + 1), xy=(0, 0))
        for i in sorted(changed):
            self.fig.draw_artist(axes[i])
            self._drawn[i] = (ranges[i], boxes[i])

    def _set_artists(self, stats):
        """Put ``stats`` into the artists; return the ranges of ``_ranged_axes()``, in that order."""
        depth = stats.A.shape[0]
        ranges = []
        for im, ax, values, which in ((self.im_a, self.ax_a, stats.A, "A"), (self.im_g, self.ax_g, stats.delta, "delta")):
            vr = _value_range(stats, which)
            density = np.log1p(_fast_density(values, vr, self.bins))
            im.set_data(density)
            # Colour scale from the 97th percentile, not the maximum: ReLU's spike of exact
            # zeros (half of all values) would otherwise leave the rest of the map black.
            im.set_clim(0, max(float(np.quantile(density, 0.97)), 1e-12))
            im.set_extent((vr[0], vr[1], 0.5, depth + 0.5))
            ax.set_xlim(vr)
            ax.set_ylim(0.5, depth + 0.5)
            ranges.append(vr)
        layers = np.arange(1, depth + 1)
        self.line_a.set_data(layers, stats.act_std)
        self.line_g.set_data(layers, stats.grad_norm)
        ys = np.concatenate([stats.act_std, stats.grad_norm])
        ys = ys[np.isfinite(ys) & (ys > 0)]
        lo, hi = (float(ys.min()), float(ys.max())) if ys.size else (1e-3, 1e3)
        lo, hi = max(lo, 1e-290), min(hi, 1e290)
        # Whole decades, kept while the lines fit and do not look lost in it
        # (hysteresis), re-chosen with two spare decades each side when not:
        # while a slider drags, the axis (and so the saved background) rarely changes.
        need = (np.log10(lo / 2), np.log10(hi * 2))
        old = self._ylim_decades
        if (old is None or need[0] < old[0] or need[1] > old[1]
                or (old[1] - old[0]) > (need[1] - need[0]) + 8):
            span = need[1] - need[0]
            margin = 2 if span < 20 else 0
            old = (np.floor(need[0]) - margin, np.ceil(need[1]) + margin)
            self._ylim_decades = old
        ylim = (10.0 ** old[0], 10.0 ** old[1])
        self.ax_n.set_xlim(0.5, depth + 0.5)
        self.ax_n.set_ylim(*ylim)
        overflow = "" if np.all(np.isfinite(stats.act_std)) and np.all(np.isfinite(stats.grad_norm)) else " (overflow!)"
        self.title_a.set_text(f"activations: {stats.activation}, scale = {stats.scale:.3g}{overflow}")
        self.ax_g.set_title(f"gradients, depth = {depth}", fontsize="medium")
        self.ax_n.set_title("size per layer", fontsize="medium")
        return (*ranges, ylim)


def _painted_area(axis, renderer):
    """Where ``axis`` paints: its tight box (tick labels, axis label) joined
    to the strip between them and the spine, which holds the tick marks (the
    tight box leaves those out)."""
    from matplotlib.transforms import Bbox

    box, frame = axis.get_tightbbox(renderer), axis.axes.bbox
    if axis.axis_name == "x":     # a bottom axis, as both heat maps have
        strip = Bbox.from_extents(frame.x0, box.y0, frame.x1, frame.y0 + 1)
    else:                         # a left axis
        strip = Bbox.from_extents(box.x0, frame.y0, frame.x0 + 1, frame.y1)
    return Bbox.union([box, strip])


def draw_init_scale(stats, bins=60, figsize=(10.5, 3.5)):
    """Draw the explorer's figure for ``init_scale_statistics(...)``; returns a
    ``matplotlib.figure.Figure`` (three panels: activation heat map, gradient
    heat map, per-layer sizes on a log axis)."""
    return _ExplorerFigure(stats, bins=bins, figsize=figsize).fig


def _fast_png(fig) -> bytes:
    """Encode what the Agg canvas holds (``_ExplorerFigure.update`` has just
    drawn it) with light compression: several times faster than ``savefig``."""
    return encode_png(fig.canvas)


def _show(fig):
    """Show a figure as plain output (visible where widgets do not render)."""
    try:
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython always comes with ipywidgets
        return
    display(fig)


def init_scale_explorer(depth=50, width=256, n_samples=64, activation="tanh", scale=1.0, activations=None,
                        scales=DEFAULT_SCALES, static=None, rng=0, show_figure=True):
    """The init-scale slider: a deep network's per-layer signals against the weight scale.

    Parameters
    ----------
    depth, width, n_samples, activation, scale, rng : the starting network
        (see ``init_scale_statistics``).
    activations : activations offered (default: just ``activation`` in static
        mode, all four live). In static mode each gets its own precomputed
        slider, in a Tab.
    scales : the scales precomputed in static mode.
    static : force static (True) or live (False); default ``static_mode()``.
    show_figure : also display the starting figure as plain output, so the
        page shows something where widgets do not render.

    Returns
    -------
    An ipywidgets widget: live, a VBox of controls (``FloatLogSlider`` scale,
    ``Dropdown`` activation, ``IntSlider`` depth) above an ``Image`` that is
    redrawn in place; static, a ``precomputed_slider`` (or a ``Tab`` of them).
    The live widget carries ``.explorer_update(scale, activation, depth)``,
    which recomputes and returns the new PNG (used for timing and tests).
    """
    widgets = _ipywidgets()
    activation = check_choice(activation, "activation", ACTIVATIONS)
    if activations is None:
        activations = [activation] if static_mode(static) else list(ACTIVATIONS)
    activations = [check_choice(a, "activation", ACTIVATIONS) for a in activations]
    stats = init_scale_statistics(scale, depth, width, n_samples, activation, rng)
    view = _ExplorerFigure(stats)
    if show_figure:
        _show(view.fig)

    if static_mode(static):
        scales = [check_positive(s, "each scale") for s in scales]
        if not scales:
            raise ValueError("scales is empty: give the weight scales to precompute, e.g. (0.5, 1, 2).")
        default = min(scales, key=lambda s: abs(np.log(s / scale)))

        def slider_for(act):
            def render(s):
                view.update(init_scale_statistics(s, depth, width, n_samples, act, rng), fresh_axes=True)
                return _fast_png(view.fig)
            return precomputed_slider([(f"{s:.3g}", s) for s in scales], render, description="weight scale",
                                      value=default)

        if len(activations) == 1:
            return slider_for(activations[0])
        tab = widgets.Tab(children=[slider_for(a) for a in activations])
        tab.titles = tuple(activations)
        tab.selected_index = activations.index(activation) if activation in activations else 0
        return tab

    view.update(stats)   # displaying the figure may have re-rendered it at another size
    image = widgets.Image(value=_fast_png(view.fig), format="png",
                          layout=widgets.Layout(width="100%", height="auto"))
    style = {"description_width": "initial"}
    scale_slider = widgets.FloatLogSlider(value=scale, base=10, min=-1, max=1, step=0.02, description="weight scale",
                                          readout_format=".3g", continuous_update=True, style=style,
                                          layout=widgets.Layout(width="min(100%, 36em)"))
    act_menu = widgets.Dropdown(options=activations, value=activation if activation in activations else activations[0],
                                description="activation", style=style)
    depth_slider = widgets.IntSlider(value=depth, min=1, max=max(_DRAWN_DEPTH, depth), description="depth", style=style,
                                     continuous_update=False)

    def explorer_update(new_scale=None, new_activation=None, new_depth=None):
        s = scale_slider.value if new_scale is None else new_scale
        a = act_menu.value if new_activation is None else new_activation
        d = depth_slider.value if new_depth is None else new_depth
        view.update(init_scale_statistics(s, d, width, n_samples, a, rng))
        image.value = _fast_png(view.fig)
        return image.value

    for control in (scale_slider, act_menu, depth_slider):
        control.observe(lambda change: explorer_update(), names="value")
    box = widgets.VBox([widgets.HBox([scale_slider, act_menu, depth_slider],
                                     layout=widgets.Layout(flex_flow="row wrap")), image])
    box.explorer_update = explorer_update
    return box
