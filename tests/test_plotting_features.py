"""Tests for nnlib.plotting.features (chapter 1's hidden-unit maps), asserting what was drawn."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("matplotlib", reason="plotting needs matplotlib (the plot extra)")
import matplotlib.pyplot as plt  # noqa: E402

from nnlib import MLP
from nnlib.data import make_xor
from nnlib.plotting import plot_logit_strip, plot_unit_activations


def _xor_net():
    X, y = make_xor(40, noise=0.1, rng=0)
    return X, y, MLP([2, 3, 1], activation="tanh", init="xavier_normal", rng=0)


def test_plot_unit_activations_draws_one_map_per_unit_with_the_data():
    X, y, net = _xor_net()
    fig, axes = plt.subplots(1, 3)
    out = plot_unit_activations(axes, lambda P: net.forward(P).A[1], X, y, resolution=30)
    assert list(out) == list(axes)
    for j, ax in enumerate(axes):
        assert ax.get_title() == f"unit {j + 1}"
        # two scatter layers (one per class) holding all the points between them
        offsets = [c.get_offsets() for c in ax.collections if hasattr(c, "get_offsets") and len(c.get_offsets())]
        assert sum(len(o) for o in offsets if o.shape[1] == 2) >= len(X)
    # the colour bar was added as an extra axis
    assert len(fig.axes) == 4


def test_plot_unit_activations_rejects_wrong_axis_count_and_shapes():
    X, y, net = _xor_net()
    fig, axes = plt.subplots(1, 2)
    with pytest.raises(ValueError, match="one axis per unit"):
        plot_unit_activations(axes, lambda P: net.forward(P).A[1], X, y, resolution=10)
    with pytest.raises(ValueError, match=r"\(m, n_units\)"):
        plot_unit_activations(axes, lambda P: net.forward(P).A[1][:, 0], X, y, resolution=10)
    with pytest.raises(ValueError, match="2-D inputs"):
        plot_unit_activations(axes, lambda P: P, np.zeros((4, 3)), np.zeros(4))


def test_plot_logit_strip_places_classes_on_their_rows():
    z = np.array([-2.0, -1.0, 1.0, 2.0])
    y = np.array([0.0, 0.0, 1.0, 1.0])
    fig, ax = plt.subplots()
    assert plot_logit_strip(ax, z, y, title="t") is ax
    points = np.concatenate([c.get_offsets() for c in ax.collections])
    # class 0 is drawn first, then class 1: x is the logit, y the label plus a jitter below 0.15
    np.testing.assert_array_equal(points[:, 0], z)
    assert np.all(np.abs(points[:, 1] - y) <= 0.15)
    with pytest.raises(ValueError):
        plot_logit_strip(ax, z, y[:3])
