"""Tests for the init-scale explorer, the four-inits playground and nnlib.diagnostics (chapters 7-8)."""

import numpy as np
import pytest

import nnlib
from nnlib.diagnostics import LayerStatistics, layer_statistics
from nnlib.gradcheck import numerical_gradient
from nnlib.plotting import layer_histograms
from nnlib.widgets import init_scale_explorer, init_scale_statistics
from nnlib.widgets.explorer import _fast_density, _random_draws

ipywidgets = pytest.importorskip("ipywidgets")


# -- init_scale_statistics: the pure computation --------------------------------

def test_shapes_and_fields():
    s = init_scale_statistics(1.0, depth=7, width=16, n_samples=10, activation="tanh", rng=3)
    assert s.A.shape == s.delta.shape == (7, 10, 16)
    for field in (s.preact_var, s.act_std, s.act_second_moment, s.grad_std, s.grad_norm):
        assert field.shape == (7,)
    assert s.activation == "tanh" and s.scale == 1.0


def test_linear_network_is_homogeneous_in_the_scale():
    # With the identity activation, a[l] is exactly s^l times its value at s = 1.
    base = init_scale_statistics(1.0, depth=10, width=32, n_samples=8, activation="linear", rng=0, dtype=np.float64)
    for s in (0.5, 1.5):
        scaled = init_scale_statistics(s, depth=10, width=32, n_samples=8, activation="linear", rng=0, dtype=np.float64)
        powers = s ** np.arange(1, 11)
        np.testing.assert_allclose(scaled.act_std, powers * base.act_std, rtol=1e-12)


def test_a_deeper_network_keeps_the_layers_below():
    # The depth slider adds layers on top of the same network: the forward
    # signal of the first 10 layers does not change when 10 more are added.
    shallow = init_scale_statistics(1.3, depth=10, width=32, n_samples=8, activation="tanh", rng=2)
    deep = init_scale_statistics(1.3, depth=20, width=32, n_samples=8, activation="tanh", rng=2)
    np.testing.assert_array_equal(deep.A[:10], shallow.A)
    np.testing.assert_array_equal(deep.preact_var[:10], shallow.preact_var)
    other_seed = init_scale_statistics(1.3, depth=10, width=32, n_samples=8, activation="tanh", rng=3)
    assert not np.array_equal(other_seed.A, shallow.A)


def test_backward_pass_against_finite_differences():
    # grad_norm[0] is ||dL/dW[1]|| for L = sum(G * A[L]); rebuild L from the same draws.
    depth, width, n, scale = 3, 5, 4, 1.3
    for activation in ("tanh", "relu", "sigmoid", "linear"):
        s = init_scale_statistics(scale, depth, width, n, activation, rng=11, dtype=np.float64)
        W0, X, G = _random_draws(depth, width, n, 11, np.dtype(np.float64))
        g = {"tanh": np.tanh, "relu": lambda z: np.maximum(z, 0), "sigmoid": nnlib.sigmoid, "linear": lambda z: z}[activation]
        Ws = [W * scale / np.sqrt(width) for W in W0]

        def loss(W1):
            a = X
            for l, W in enumerate([W1] + Ws[1:]):
                a = g(a @ W.T)
            return float(np.sum(G * a))

        numeric = numerical_gradient(loss, Ws[0])
        assert abs(np.linalg.norm(numeric) / s.grad_norm[0] - 1) < 1e-7, activation
        # and delta[0] = dL/dZ[1] reproduces dL/dW[1] = delta^T X, entry by entry: to 1e-7
        # relative, or to 1e-9 absolute for the small entries (centred differences of an O(1)
        # loss with step 1e-6 carry ~1e-10 of rounding); a wrong derivative is off by the entry itself.
        np.testing.assert_allclose(s.delta[0].T @ X, numeric, rtol=1e-7, atol=1e-9, err_msg=activation)


def test_per_layer_statistics_equal_numpy_on_the_kept_arrays():
    # The statistics are accumulated layer by layer without a float64 copy;
    # they must equal numpy's own var/std/mean on the arrays (Z rebuilt from A).
    depth, width, n, scale = 6, 24, 10, 1.7
    for activation in ("tanh", "relu", "sigmoid", "linear"):
        for dtype in (np.float32, np.float64):
            s = init_scale_statistics(scale, depth, width, n, activation, rng=4, dtype=dtype)
            W0, X, _ = _random_draws(depth, width, n, 4, np.dtype(dtype))
            A64, D64 = s.A.astype(np.float64), s.delta.astype(np.float64)
            inputs = np.concatenate([X[None].astype(np.float64), A64[:-1]])
            Z64 = np.stack([inputs[l] @ W0[l].T.astype(np.float64) * (scale / np.sqrt(width)) for l in range(depth)])
            # Moments of the kept arrays: float64 accumulation whatever the dtype (float32 sums would be off by ~1e-7).
            np.testing.assert_allclose(s.act_std, A64.reshape(depth, -1).std(axis=1), rtol=1e-10)
            np.testing.assert_allclose(s.act_second_moment, (A64 ** 2).reshape(depth, -1).mean(axis=1), rtol=1e-10)
            np.testing.assert_allclose(s.grad_std, D64.reshape(depth, -1).std(axis=1), rtol=1e-10)
            # Z and dW come from products in the network's dtype: float32 rounding there.
            rtol = 1e-12 if dtype == np.float64 else 1e-5
            np.testing.assert_allclose(s.preact_var, Z64.reshape(depth, -1).var(axis=1), rtol=rtol)
            dW = [D64[l].T @ inputs[l] for l in range(depth)]
            np.testing.assert_allclose(s.grad_norm, [np.linalg.norm(d) for d in dW], rtol=rtol)


def test_tiny_gradient_norms_do_not_underflow_in_float32():
    # Sigmoid gradients vanish to ~1e-25 per entry: their squares underflow in
    # float32, yet ||dL/dW|| must be the norm of the kept float32 arrays' product.
    depth, width, n = 50, 64, 16
    s = init_scale_statistics(1.41, depth, width, n, activation="sigmoid", rng=0)
    _, X, _ = _random_draws(depth, width, n, 0, np.dtype(np.float32))
    inputs = np.concatenate([X[None], s.A[:-1]]).astype(np.float64)
    exact = [np.linalg.norm(s.delta[l].astype(np.float64).T @ inputs[l]) for l in range(depth)]
    assert exact[0] < 1e-20                  # the regime where float32 squares underflow
    np.testing.assert_allclose(s.grad_norm, exact, rtol=1e-5)


def test_relu_he_vs_xavier_over_depth():
    he = init_scale_statistics(np.sqrt(2), depth=30, width=256, n_samples=32, activation="relu", rng=0)
    xav = init_scale_statistics(1.0, depth=30, width=256, n_samples=32, activation="relu", rng=0)
    gm = lambda q: (q[-1] / q[0]) ** (1 / 29)  # noqa: E731
    assert 0.9 < gm(he.act_second_moment) < 1.1
    assert 0.43 < gm(xav.act_second_moment) < 0.57


def test_huge_scale_overflows_quietly():
    s = init_scale_statistics(10.0, depth=50, width=64, n_samples=8, activation="linear", rng=0)
    assert not np.all(np.isfinite(s.act_std))  # the explosion is reported, not hidden (and no warning)


@pytest.mark.parametrize("kwargs, error", [
    ({"activation": "softplus"}, ValueError),
    ({"depth": 500}, ValueError),
    ({"scale": -1.0}, ValueError),
    ({"rng": np.random.default_rng(0)}, TypeError),
    ({"dtype": np.int32}, TypeError),
])
def test_bad_input(kwargs, error):
    with pytest.raises(error):
        init_scale_statistics(**{"depth": 3, "width": 4, "n_samples": 2, **kwargs})


def test_fast_density_matches_layer_histograms():
    rng = np.random.default_rng(5)
    values = rng.standard_normal((6, 40, 30)) * np.arange(1, 7)[:, None, None]
    fast = _fast_density(values, (-3.0, 3.0), 25)
    slow, _ = layer_histograms(list(values), bins=25, value_range=(-3.0, 3.0))
    np.testing.assert_allclose(fast, slow, rtol=1e-10, atol=1e-12)


def test_fast_density_bins_tiny_values_on_the_correct_side_of_zero():
    # Vanishing gradients pile up at +-1e-30; computed as floor((x - lo) * bins/(hi - lo)),
    # every one of them lands on the edge at 0 (1 - 1e-30 rounds to 1), i.e. in the right-hand bin.
    values = np.array([[-1e-30, -1e-20, 0.0, 1e-30]], dtype=np.float32)
    density = _fast_density(values, (-1.0, 1.0), 2)
    np.testing.assert_allclose(density, [[0.5, 0.5]])       # two left of 0, two at or right of it
    # The same where -lo * bins / (hi - lo) is a whole number only up to rounding (1.0000000000000002 here).
    tiny = np.array([[-1e-30, -1e-20, 1e-30, 2e-6]])
    np.testing.assert_allclose(_fast_density(tiny, (-1e-5, 1e-5), 2), [[0.5e5, 0.5e5]])
    # As in layer_histograms: NaN dropped; out-of-range values, infinities too, in the edge bins.
    with_nan = np.array([[np.nan, -np.inf, -0.5, 0.5, np.inf, 7.0]])
    np.testing.assert_allclose(_fast_density(with_nan, (-1.0, 1.0), 2), [[2 / 5, 3 / 5]])
    slow, _ = layer_histograms([with_nan[0]], bins=2, value_range=(-1.0, 1.0))
    np.testing.assert_allclose(_fast_density(with_nan, (-1.0, 1.0), 2), slow)


# -- the widget -----------------------------------------------------------------

def test_live_widget_has_controls_and_redraws():
    box = init_scale_explorer(depth=10, width=32, n_samples=8, static=False, show_figure=False)
    controls, image = box.children
    kinds = [type(c).__name__ for c in controls.children]
    assert kinds == ["FloatLogSlider", "Dropdown", "IntSlider"]
    assert list(controls.children[1].options) == ["tanh", "relu", "sigmoid", "linear"]
    before = image.value
    after = box.explorer_update(4.0, "relu", 12)
    assert after == image.value and after != before and after[:8] == b"\x89PNG\r\n\x1a\n"
    controls.children[0].value = 0.2           # moving the slider redraws through the observer
    assert image.value != after


def test_static_widget_single_activation():
    box = init_scale_explorer(depth=5, width=16, n_samples=4, static=True, scales=(0.5, 1.0, 2.0), show_figure=False)
    slider, stack = box.children
    assert type(slider).__name__ == "SelectionSlider" and len(stack.children) == 3
    assert slider.index == 1 and stack.selected_index == 1      # starts at the scale closest to 1
    pngs = [img.value for img in stack.children]
    assert len(set(pngs)) == 3


def test_static_frames_do_not_depend_on_the_frames_before_them():
    # Precomputed frames are drawn one after another by one figure; each must be
    # the picture a new figure draws for its scale (as the plain figure above the
    # slider on the page is), not one whose log axis remembers earlier frames.
    import io

    from PIL import Image

    from nnlib.widgets.explorer import _ExplorerFigure

    kw = dict(depth=20, width=64, n_samples=16)
    scales = (0.1, 0.5, 1.0, 2.0)
    box = init_scale_explorer(**kw, static=True, scales=scales, show_figure=False)
    for s, image in zip(scales, box.children[1].children):
        frame = np.asarray(Image.open(io.BytesIO(image.value)).convert("RGB")).astype(int)
        fresh = _ExplorerFigure(init_scale_statistics(s, **kw)).fig.canvas
        fresh = np.asarray(fresh.buffer_rgba())[..., :3].astype(int)
        assert frame.shape == fresh.shape
        assert np.count_nonzero(np.any(frame != fresh, axis=2)) <= 20, s


def test_static_widget_tabs_per_activation():
    tab = init_scale_explorer(depth=5, width=16, n_samples=4, static=True, scales=(0.5, 2.0), activation="relu",
                              activations=["tanh", "relu"], show_figure=False)
    assert type(tab).__name__ == "Tab" and tuple(tab.titles) == ("tanh", "relu") and tab.selected_index == 1
    assert all(len(child.children[1].children) == 2 for child in tab.children)


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


def test_blitted_frame_equals_full_redraw():
    # The live widget redraws only the changing artists over saved backgrounds,
    # and an axis whose range changed over the base where it was and will be;
    # every frame of a sweep up and back down must be the picture a full redraw
    # gives: nothing left behind (old ticks), nothing painted twice. The few
    # pixels allowed are where the blitted image and its tick marks meet
    # (drawn in the other order than in a full draw).
    from nnlib.widgets.explorer import _ExplorerFigure

    kw = dict(depth=20, width=64, n_samples=16)
    view = _ExplorerFigure(init_scale_statistics(1.0, **kw))
    full_draws = []
    draw = view.fig.canvas.draw
    view.fig.canvas.draw = lambda: (full_draws.append(1), draw())[1]

    def assert_matches_full_redraw():
        blitted = np.asarray(view.fig.canvas.buffer_rgba()).astype(int)
        draw()
        full = np.asarray(view.fig.canvas.buffer_rgba()).astype(int)
        assert blitted.shape == full.shape
        assert np.count_nonzero(np.any(blitted != full, axis=2)) <= 20

    n_full = len(full_draws)
    n_changed = []
    scales = np.geomspace(0.1, 10, 13)
    for act in ("tanh", "relu", "sigmoid", "linear"):
        for s in (*scales, *scales[::-1][1:]):
            ranges = view._key[1]
            view.update(init_scale_statistics(s, activation=act, **kw))
            n_changed.append(sum(a != b for a, b in zip(ranges, view._key[1])))
            assert_matches_full_redraw()
        key = view._key
        view.update(init_scale_statistics(0.1 * 1.01, activation=act, **kw))
        assert view._key == key            # a small step reuses the whole frame
        assert_matches_full_redraw()
    # Range and activation changes were repainted over the base, never with a full draw.
    assert len(full_draws) == n_full
    assert {1, 2} <= set(n_changed)        # one axis alone, and several, were repainted
    view.update(init_scale_statistics(1.0, activation="tanh", depth=12, width=64, n_samples=16))
    assert len(full_draws) == n_full + 1   # a new depth needs a new base
    assert_matches_full_redraw()
