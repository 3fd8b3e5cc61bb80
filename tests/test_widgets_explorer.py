"""Tests for the init-scale explorer's wiring and figure and nnlib.diagnostics.layer_statistics (chapters 7-8). The explorer's numbers are tested in
tests/test_diagnostics.py, its JavaScript in tests/test_explorer_js.py and tests/site/test_explorer.py."""

import numpy as np
import pytest

import nnlib
from nnlib.diagnostics import LayerStatistics, deep_signal_statistics, layer_statistics, mean_field_variance
from nnlib.plotting import heatmap_range, layer_histograms, plot_deep_signals
from nnlib.widgets import init_scale_explorer

ipywidgets = pytest.importorskip("ipywidgets")
pytest.importorskip("anywidget")


# -- the explorer widget: controls wired to the JavaScript explorer ---------------------------

def test_explorer_controls_are_linked_to_the_explorer():
    box = init_scale_explorer(activation="relu", scale=np.sqrt(2), depth=30, show_first_paint=False)
    scale, menu, depth = box.controls["scale"], box.controls["activation"], box.controls["depth"]
    explorer = box.explorer
    assert explorer in box.children
    assert explorer.scale == np.sqrt(2) and explorer.activation == "relu" and explorer.depth == 30
    assert (scale.min <= np.log10(0.05) and scale.max >= np.log10(20)
            and abs(scale.min / scale.step - round(scale.min / scale.step)) < 1e-9)   # scale 1 on the grid
    assert list(menu.options) == ["tanh", "relu", "sigmoid", "identity"]
    assert (depth.min, depth.max) == (1, 100)
    links = {(link.source[0], link.source[1], link.target[1]) for link in box.links if link.target[0] is explorer}
    assert links == {(scale, "value", "scale"), (menu, "index", "activation_index"), (depth, "value", "depth")}
    assert explorer.defaults == {"scale": np.sqrt(2), "activation_index": 1, "depth": 30}
    nodes, weights = np.array(explorer.quadrature["nodes"]), np.array(explorer.quadrature["weights"])
    assert abs(weights.sum() - 1) < 1e-12 and abs(np.sum(weights * nodes ** 2) - 1) < 1e-12   # a rule for N(0, 1)
    assert len(explorer.colormap) == 6 * 256
    assert "deep_signal_statistics" in explorer._esm.splitlines()[1]   # the module names what it mirrors


def test_first_paint_is_the_core_function_drawn_with_alt_text():
    from nnlib.widgets.explorer import first_paint_html
    html = first_paint_html(0.5, 10, 16, 8, "tanh", 0)
    stats = deep_signal_statistics(0.5, 10, 16, 8, "tanh", rng=0)
    assert 'class="nnlib-explorer-first-paint"' in html and "data:image/png;base64," in html
    assert f"the activation std is {stats.act_std[-1]:.2g}" in html and "weight scale 0.5, tanh, 10 layers" in html


@pytest.mark.parametrize("kwargs, error, words", [
    ({"activation": "linear"}, ValueError, "identity"),
    ({"scale": 50.0}, ValueError, "slider"),
    ({"scale": -1.0}, ValueError, "positive"),
    ({"depth": 101}, ValueError, "at most 100"),
    ({"depth": 2.0}, TypeError, "integer"),
    ({"rng": "seed"}, TypeError, "Generator"),
])
def test_explorer_bad_input(kwargs, error, words):
    with pytest.raises(error, match=words):
        init_scale_explorer(show_first_paint=False, **kwargs)


# -- the figure and the one per-layer histogram --------------------------------------------

def test_plot_deep_signals_draws_the_statistics():
    import matplotlib.pyplot as plt
    stats = deep_signal_statistics(1.5, 12, 16, 8, "relu", rng=1)
    q = mean_field_variance(1.5, 12, "relu")
    fig, axes = plt.subplots(1, 3)
    assert plot_deep_signals(axes, stats, "relu", 1.5, predicted_var=q) is axes
    lines = {line.get_label(): line.get_ydata() for line in axes[2].lines}
    np.testing.assert_array_equal(lines["std of $a^{[l]}$"], stats.act_std)
    np.testing.assert_array_equal(lines["mean field $\\sqrt{q^{[l]}}$"], np.sqrt(q))
    density, _ = layer_histograms(stats.activations, 60, heatmap_range("activations", "relu", stats.act_std[0]))
    shown = axes[0].images[0].get_array()
    np.testing.assert_allclose(shown, np.log1p(density))


def test_layer_histograms_against_numpy_histogram():
    rng = np.random.default_rng(5)
    values = rng.standard_normal((6, 40, 30)) * np.arange(1, 7)[:, None, None]
    density, edges = layer_histograms(values, bins=25, value_range=(-3.0, 3.0))
    for layer, row in zip(values, density):
        reference, _ = np.histogram(np.clip(layer.ravel(), -3.0, 3.0), bins=edges, density=True)
        np.testing.assert_allclose(row, reference, rtol=1e-12)
    # NaN dropped; infinities and out-of-range values in the edge bins
    d, _ = layer_histograms([np.array([np.nan, -np.inf, 0.5, 7.0])], bins=2, value_range=(-1.0, 1.0))
    np.testing.assert_allclose(d[0], [1 / 3, 2 / 3])


def test_tiny_values_keep_their_side_of_an_edge_at_zero():
    d, edges = layer_histograms([np.array([-1e-30, 1e-30])], bins=4, value_range=(-2.0, 2.0))
    assert edges[2] == 0 and d[0, 1] == d[0, 2] == 0.5


def test_heatmap_ranges():
    assert heatmap_range("activations", "tanh", 7.0) == (-1.0, 1.0)
    assert heatmap_range("activations", "sigmoid", 7.0) == (0.0, 1.0)
    assert heatmap_range("activations", "relu", 0.3) == (0.0, 2.0)        # 4 x 0.3 = 1.2 -> 2 (1, 2, 2.5, 5 steps)
    assert heatmap_range("gradients", "relu", 0.5) == (-2.0, 2.0)
    assert heatmap_range("gradients", "tanh", 3.0) == (-20.0, 20.0)       # 12 -> 20
    assert heatmap_range("gradients", "tanh", float("inf")) == (-1.0, 1.0)


# -- diagnostics ------------------------------------------------------------------

def test_layer_statistics_agrees_with_forward_and_backward(rng):
    model = nnlib.MLP([4, 6, 5, 1], activation="tanh", rng=0)
    X = rng.standard_normal((20, 4))
    y = (X[:, 0] > 0).astype(float)
    s = layer_statistics(model, X, y)
    assert isinstance(s, LayerStatistics)
    cache = model.forward(X)
    grads = model.backward(cache, y)
    np.testing.assert_allclose(s.preact_var, [np.var(Z) for Z in cache.Z])
    np.testing.assert_allclose(s.act_second_moment, [np.mean(A ** 2) for A in cache.A[1:]])
    np.testing.assert_allclose(s.grad_norm, [np.linalg.norm(dW) for dW in grads.dW])
    assert len(s.activations) == len(s.gradients) == 3


def test_layer_statistics_rejects_non_mlp():
    with pytest.raises(TypeError, match="nnlib.MLP"):
        layer_statistics(object(), np.zeros((2, 2)), np.zeros(2))
