"""Chapter 7's four-inits playground: training in the core, the figure in plotting."""

import numpy as np
import pytest

pytest.importorskip("matplotlib", reason="plotting needs matplotlib (the plot extra)")

import nnlib
from nnlib.models import train_init_playground
from nnlib.plotting import plot_init_playground


def test_playground_runs_and_plots():
    import matplotlib.pyplot as plt

    X, y = nnlib.data.make_circles(60, rng=0)
    runs = train_init_playground(X, y, n_epochs=20, rng=1)
    assert [r.name.split(":")[0] for r in runs] == ["zero", "too small", "He", "too large"]
    # zero weights: the output is sigma(b) with b fitted to the class balance; here balanced, so ln 2
    assert np.allclose(runs[0].loss_curve, np.log(2), atol=1e-3)
    assert all(r.loss_curve.shape == (20,) for r in runs)
    fig, axes = plt.subplots(2, 4)
    assert plot_init_playground(axes, runs, X, y, resolution=20) is axes
    assert "no boundary" in axes[1, 0].get_title()  # the zero network predicts 1/2 everywhere
    with pytest.raises(ValueError, match="axes must have shape"):
        plot_init_playground(axes[:, :2], runs, X, y)


def test_playground_rejects_bad_inits_and_labels():
    with pytest.raises(TypeError, match="dict"):
        train_init_playground(np.zeros((4, 2)), np.array([0, 1, 0, 1]), inits=["he_normal"])
    with pytest.raises(ValueError, match="labels 0 and 1"):
        train_init_playground(np.zeros((4, 2)), np.array([0, 1, 0, 2]), n_epochs=1)
