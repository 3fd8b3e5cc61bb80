"""The init-scale explorer (chapters 7 and 8): how the weight scale decides
whether a deep network's signals vanish, explode or survive.

The computation is ``nnlib.diagnostics.deep_signal_statistics`` (and
``mean_field_variance``); the figure is ``nnlib.plotting.plot_deep_signals``.
This module only wires them to controls. The widget is an anywidget whose
JavaScript module (``explorer.js``, next to this file) repeats the same
computation in the browser, bit for bit (a Node test checks it), so the
explorer is live everywhere: in Jupyter, and on the book's static pages
with no kernel at all. Standard ipywidgets controls are ``jslink``-ed to its
traits, which works without a kernel too.

The first paint is a PNG drawn in Python from the core function: it is shown
until the widget has drawn its canvas, and it is all a reader without
JavaScript sees.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path

import numpy as np

from .._validation import check_choice, check_int, check_positive
from ..diagnostics import (DEEP_ACTIVATIONS, MEAN_FIELD_POINTS, _seed_from, deep_signal_statistics, gauss_hermite_normal,
                           mean_field_variance)

ACTIVATIONS = tuple(DEEP_ACTIVATIONS)          # tanh, relu, sigmoid, identity
ESM_PATH = Path(__file__).with_name("explorer.js")
SCALE_RANGE = (0.05, 20.0)
# The slider's exponent grid: 10**-1.305 = 0.0495 to 10**1.305 = 20.2 in steps of 0.005 (1.2% in the scale),
# with 0 on the grid so that scale 1 is exact; the explorer's buttons set 1 and sqrt 2 exactly.
LOG_SCALE_MIN, LOG_SCALE_MAX, LOG_SCALE_STEP = -1.305, 1.305, 0.005
DEPTH_RANGE = (1, 100)


def _colormap_hex(name="magma", n=256):
    """The heat maps' colour map as one hex string (6 characters per colour), for the JavaScript."""
    import matplotlib

    rgb = (matplotlib.colormaps[name](np.linspace(0, 1, n))[:, :3] * 255).round().astype(int)
    return "".join(f"{r:02x}{g:02x}{b:02x}" for r, g, b in rgb)


def _explorer_class():
    import anywidget
    import traitlets

    class InitScaleExplorer(anywidget.AnyWidget):
        """The canvas, the numbers table and the live description; computes in the browser."""

        _esm = ESM_PATH
        scale = traitlets.Float(1.0).tag(sync=True)
        # The activation as its index in ACTIVATIONS (the order explorer.js uses): a Dropdown syncs its index.
        activation_index = traitlets.Int(0).tag(sync=True)
        depth = traitlets.Int(50).tag(sync=True)
        width = traitlets.Int(64).tag(sync=True)
        n_samples = traitlets.Int(64).tag(sync=True)
        seed = traitlets.Int(0).tag(sync=True)
        bins = traitlets.Int(60).tag(sync=True)
        defaults = traitlets.Dict().tag(sync=True)        # what the reset button restores

        @property
        def activation(self):
            return ACTIVATIONS[self.activation_index]
        quadrature = traitlets.Dict().tag(sync=True)      # Gauss-Hermite nodes and weights for N(0, 1)
        colormap = traitlets.Unicode("").tag(sync=True)
        use_url = traitlets.Bool(True).tag(sync=True)     # read and write #scale=..&activation=..&depth=..

    return InitScaleExplorer


def first_paint(scale, depth, width, n_samples, activation, seed, bins=60):
    """(PNG bytes, alt text) of the explorer's figure, drawn by ``nnlib.plotting`` from the core."""
    from ..plotting import plot_deep_signals
    from .rendering import encode_png, new_figure

    stats = deep_signal_statistics(scale, depth, width, n_samples, activation, rng=seed)
    q = mean_field_variance(scale, depth, activation)
    fig = new_figure((10.5, 3.5), dpi=72)
    fig.set_layout_engine("constrained")
    plot_deep_signals(fig.subplots(1, 3), stats, activation, scale, predicted_var=q, bins=bins)
    fig.canvas.draw()
    alt = (f"Init-scale explorer at weight scale {scale:.3g}, {activation}, {depth} layers of width {width}: "
           f"heat maps of the activations and of the gradients in every layer, and their sizes per layer "
           f"on a log axis. In layer {depth} the activation std is {stats.act_std[-1]:.2g}; the gradient "
           f"norm is {stats.grad_norm[-1]:.2g} in layer {depth} and {stats.grad_norm[0]:.2g} in layer 1.")
    return encode_png(fig.canvas), alt


def init_scale_explorer(activation="tanh", scale=1.0, depth=50, width=64, n_samples=64, rng=0,
                        show_first_paint=True):
    """The init-scale slider: a deep network's per-layer signals against the weight scale.

    Parameters
    ----------
    activation, scale, depth : the starting setting (the controls change them).
    width, n_samples, rng : the network (see ``deep_signal_statistics``); rng
        is fixed here so that moving a control never re-draws the weights.
    show_first_paint : also display the precomputed figure (as HTML with alt
        text) above the widget; the widget hides it once its canvas is drawn.

    Returns
    -------
    An ipywidgets ``VBox``: a ``FloatLogSlider`` (weight scale, 0.05 to 20),
    a ``Dropdown`` (activation) and an ``IntSlider`` (depth, 1 to 100), each
    ``jslink``-ed to the explorer widget, which is the box's last child. The
    controls are also ``box.controls`` (a dict by name), the explorer
    ``box.explorer`` and the links ``box.links``.
    """
    import ipywidgets as widgets

    activation = check_choice(activation, "activation", ACTIVATIONS)
    scale = check_positive(scale, "scale")
    if not 10 ** LOG_SCALE_MIN <= scale <= 10 ** LOG_SCALE_MAX:
        raise ValueError(f"scale must be in [{SCALE_RANGE[0]}, {SCALE_RANGE[1]}] (the slider's range), got {scale}.")
    depth = check_int(depth, "depth")
    if depth > DEPTH_RANGE[1]:
        raise ValueError(f"depth must be at most {DEPTH_RANGE[1]} (the slider's range), got {depth}.")
    width, n_samples = check_int(width, "width"), check_int(n_samples, "n_samples")
    seed = _seed_from(rng)
    nodes, weights = gauss_hermite_normal(MEAN_FIELD_POINTS)
    explorer = _explorer_class()(
        scale=scale, activation_index=ACTIVATIONS.index(activation), depth=depth, width=width, n_samples=n_samples, seed=seed,
        defaults={"scale": scale, "activation_index": ACTIVATIONS.index(activation), "depth": depth},
        quadrature={"nodes": nodes.tolist(), "weights": weights.tolist()}, colormap=_colormap_hex())
    style = {"description_width": "initial"}
    controls = {
        "scale": widgets.FloatLogSlider(value=scale, base=10, min=LOG_SCALE_MIN, max=LOG_SCALE_MAX,
                                        step=LOG_SCALE_STEP, description="weight scale", readout_format=".3g", style=style,
                                        layout=widgets.Layout(width="min(100%, 34em)")),
        "activation": widgets.Dropdown(options=list(ACTIVATIONS), value=activation, description="activation",
                                       style=style, layout=widgets.Layout(width="14em")),
        "depth": widgets.IntSlider(value=depth, min=DEPTH_RANGE[0], max=DEPTH_RANGE[1], description="depth",
                                   style=style, layout=widgets.Layout(width="min(100%, 24em)")),
    }
    links = [widgets.jslink((control, "index" if name == "activation" else "value"),
                            (explorer, "activation_index" if name == "activation" else name))
             for name, control in controls.items()]
    box = widgets.VBox([widgets.HBox(list(controls.values()), layout=widgets.Layout(flex_flow="row wrap")), explorer])
    box.add_class("nnlib-explorer")
    box.controls, box.explorer, box.links = controls, explorer, links
    if show_first_paint:
        _display_first_paint(scale, depth, width, n_samples, activation, seed)
    return box


def first_paint_html(scale, depth, width, n_samples, activation, seed):
    """The first paint as an HTML figure (a PNG with alt text), which the widget hides once it has drawn."""
    png, alt = first_paint(scale, depth, width, n_samples, activation, seed)
    src = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    return (f'<figure class="nnlib-explorer-first-paint" style="margin:0">'
            f'<img src="{src}" alt="{html.escape(alt)}" style="max-width:100%;height:auto"></figure>')


def _display_first_paint(scale, depth, width, n_samples, activation, seed):
    try:
        from IPython.display import HTML, display
    except ImportError:  # pragma: no cover - IPython always comes with ipywidgets
        return
    display(HTML(first_paint_html(scale, depth, width, n_samples, activation, seed)))
