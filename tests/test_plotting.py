"""Smoke tests for nnlib.plotting and nnlib.widgets that assert what was drawn
(Agg backend, set in conftest)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

pytest.importorskip("matplotlib", reason="plotting needs matplotlib (the plot extra)")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.collections import PathCollection
from matplotlib.patches import Circle

from nnlib import LogisticRegression
from nnlib.data import make_blobs
from nnlib.plotting import (draw_network, draw_neuron, layer_histograms, plot_decision_boundary, plot_layer_heatmap,
                            plot_loss_curve)


def test_import_nnlib_needs_neither_matplotlib_nor_ipywidgets():
    code = ("import sys, nnlib; bad = [m for m in ('matplotlib', 'ipywidgets') if m in sys.modules]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_plot_decision_boundary_draws_contour_and_points():
    X, y = make_blobs(60, centers=[[-1.0, 0.0], [1.0, 0.0]], std=1.0, rng=0)  # overlapping: finite optimum
    model = LogisticRegression(max_iter=2000, tol=1e-6).fit(X, y)
    fig, ax = plt.subplots()
    out = plot_decision_boundary(ax, model.predict_proba, X, y, resolution=50)
    assert out is ax
    contour_sets = [c for c in ax.collections if hasattr(c, "levels")]
    levels = sorted({float(lv) for c in contour_sets for lv in c.levels})
    assert 0.5 in levels  # the decision boundary p = 1/2
    scatters = [c for c in ax.collections if isinstance(c, PathCollection) and not hasattr(c, "levels")]
    assert sum(len(s.get_offsets()) for s in scatters) == len(y)
    # The boundary crosses the x1-axis where the model's logit is 0.
    x0 = -model.intercept_ / model.coef_[0]
    lo, hi = ax.get_xlim()
    assert lo < x0 < hi


def test_plot_decision_boundary_rejects_3d_inputs():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match=r"2-D inputs; X has shape \(4, 3\)"):
        plot_decision_boundary(ax, lambda P: np.zeros(len(P)), np.zeros((4, 3)), np.zeros(4))


def test_plot_loss_curve():
    fig, ax = plt.subplots()
    losses = np.geomspace(1, 1e-3, 20)
    assert plot_loss_curve(ax, losses, label="gd") is ax
    (line,) = ax.get_lines()
    np.testing.assert_array_equal(line.get_ydata(), losses)
    np.testing.assert_array_equal(line.get_xdata(), np.arange(20))
    assert ax.get_yscale() == "log"
    fig, ax = plt.subplots()
    plot_loss_curve(ax, [1.0, 0.0, -1.0])  # non-positive values: stays linear
    assert ax.get_yscale() == "linear"


def test_layer_histograms_rows_are_densities():
    rng = np.random.default_rng(0)
    values = [rng.standard_normal(5000) * s for s in (0.1, 1.0, 3.0)]
    density, edges = layer_histograms(values, bins=40)
    assert density.shape == (3, 40)
    assert edges.shape == (41,)
    widths = np.diff(edges)
    np.testing.assert_allclose(density @ widths, 1.0, rtol=1e-12)
    # Narrow layers are peaked: the first row's maximum density is the largest.
    assert density[0].max() > density[1].max() > density[2].max()
    density, edges = layer_histograms(values, bins=10, value_range=(-1, 1))
    assert edges[0] == -1 and edges[-1] == 1
    with pytest.raises(ValueError, match="values is empty"):
        layer_histograms([])


def test_plot_layer_heatmap():
    fig, ax = plt.subplots()
    values = [np.random.default_rng(l).standard_normal(100) for l in range(4)]
    assert plot_layer_heatmap(ax, values, bins=20, title="t") is ax
    (image,) = ax.get_images()
    assert image.get_array().shape == (4, 20)
    assert ax.get_title() == "t"


@pytest.mark.parametrize("layer_sizes", [[2, 3, 1], [3, 5, 4, 2], [1, 1]])
def test_draw_network_draws_every_edge_and_node(layer_sizes):
    fig, ax = plt.subplots()
    assert draw_network(ax, layer_sizes) is ax
    n_edges = sum(a * b for a, b in zip(layer_sizes[:-1], layer_sizes[1:]))
    assert len(ax.get_lines()) == n_edges
    assert sum(isinstance(p, Circle) for p in ax.patches) == sum(layer_sizes)


def test_draw_network_with_weights_shows_sign_and_size():
    fig, ax = plt.subplots()
    W = [np.array([[1.0, -2.0]])]
    draw_network(ax, [2, 1], weights=W)
    lines = ax.get_lines()
    assert len(lines) == 2
    widths = sorted(line.get_linewidth() for line in lines)
    assert widths[0] < widths[1]  # |w| = 1 thinner than |w| = 2
    assert len({line.get_color() for line in lines}) == 2  # + and - in different colours
    with pytest.raises(ValueError, match=r"\(n_out, n_in\) = \[\(1, 2\)\], got \[\(2, 1\)\]"):
        draw_network(ax, [2, 1], weights=[np.ones((2, 1))])


def test_draw_network_bias_nodes():
    fig, ax = plt.subplots()
    draw_network(ax, [2, 3, 1], show_bias=True)
    assert sum(isinstance(p, Circle) for p in ax.patches) == 6 + 2
    assert len(ax.get_lines()) == (2 * 3 + 3 * 1) + (3 + 1)


def test_draw_neuron():
    fig, ax = plt.subplots()
    assert draw_neuron(ax, n_inputs=4) is ax
    texts = [t.get_text() for t in ax.texts]
    for i in range(1, 5):
        assert f"$x_{i}$" in texts and f"$w_{i}$" in texts


def test_widgets_static_helpers(monkeypatch):
    from nnlib.widgets.static import figure_to_png, precomputed_slider, static_mode

    monkeypatch.setenv("NNLIB_WIDGETS", "static")
    assert static_mode() is True
    assert static_mode(False) is False
    monkeypatch.delenv("NNLIB_WIDGETS")
    assert static_mode() is False

    fig, ax = plt.subplots(figsize=(1, 1))
    png = figure_to_png(fig, dpi=20)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"

    box = precomputed_slider([1, 2, 3], lambda v: png, description="n")
    slider, stack = box.children
    assert len(stack.children) == 3
    assert slider.index == stack.selected_index == 1
    with pytest.raises(ValueError, match="options is empty"):
        precomputed_slider([], lambda v: png)


def test_computation_graph_refuses_cycles_unless_asked_and_draws_feedback_in_red():
    from graphlib import CycleError

    from nnlib.plotting import PALETTE, draw_computation_graph

    graph = {"Z1": ["X", "A2"], "A1": ["Z1"], "Z2": ["A1"], "A2": ["Z2"]}
    positions = {"X": (0, 0), "Z1": (1, 0), "A1": (2, 0), "Z2": (3, 0), "A2": (4, 0)}
    fig, ax = plt.subplots()
    with pytest.raises(CycleError):
        draw_computation_graph(ax, graph, positions=positions)
    with pytest.raises(ValueError, match="needs positions"):
        draw_computation_graph(ax, graph, allow_cycles=True)
    draw_computation_graph(ax, graph, positions=positions, allow_cycles=True)
    from matplotlib.colors import to_hex

    colours = [to_hex(p.get_edgecolor()) for p in ax.patches]
    assert colours.count(PALETTE["vermillion"].lower()) == 1      # the one edge A2 -> Z1 points back
    assert len(colours) == 5                                      # one arrow per edge
