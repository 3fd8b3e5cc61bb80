"""The four-inits training playground (chapter 7).

The same small network is trained four times on the same 2-D data, changing
only how the weights start: all zeros, too small, appropriate (He for ReLU,
Xavier for tanh) and too large. ``train_init_playground`` returns the runs
(numbers for asserts); ``plot_init_playground`` puts the cost curves above
the decision boundaries, one column per initialisation.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..initialisers import get_initialiser
from ..models.mlp import MLP

# name -> initialiser: the four classic cases.
DEFAULT_INITS = {
    "zero": "zeros",
    "too small: N(0, 0.01²)": ("normal", {"std": 0.01}),
    "He: N(0, 2/n_in)": "he_normal",
    "too large: N(0, 3²)": ("normal", {"std": 3.0}),
}


class PlaygroundRun(NamedTuple):
    """One trained network: its ``name``, the ``model``, the ``loss_curve``
    (mean training loss per epoch, shape ``(n_epochs,)``) and the training
    ``accuracy``."""

    name: str
    model: MLP
    loss_curve: np.ndarray
    accuracy: float


def train_init_playground(X, y, inits=None, layer_sizes=(2, 16, 16, 16, 1), activation="relu", lr=0.1,
                          n_epochs=400, rng=1):
    """Train one ``MLP(layer_sizes)`` per initialiser with full-batch gradient descent.

    Parameters
    ----------
    X : (n_samples, 2) inputs; y : (n_samples,) labels in {0, 1}.
    inits : dict name -> initialiser name, callable, or (name, params) pair;
        default ``DEFAULT_INITS`` (zero, too small, He, too large).
    rng : int seed; every network gets the same seed, so only the
        initialiser differs between runs.

    Returns
    -------
    list of ``PlaygroundRun``, in the order of ``inits``.
    """
    inits = DEFAULT_INITS if inits is None else inits
    if not isinstance(inits, dict) or not inits:
        raise TypeError(f"inits must be a non-empty dict name -> initialiser, got {type(inits).__name__}. "
                        "Example: {'He': 'he_normal', 'small': ('normal', {'std': 0.01})}.")
    runs = []
    for name, spec in inits.items():
        init = get_initialiser(spec[0], **spec[1]) if isinstance(spec, tuple) else get_initialiser(spec)
        model = MLP(list(layer_sizes), activation=activation, init=init, rng=rng)
        model.fit(X, y, lr=lr, n_epochs=n_epochs)
        accuracy = float(np.mean(model.predict(X) == np.asarray(y)))
        runs.append(PlaygroundRun(name, model, np.asarray(model.loss_curve_), accuracy))
    return runs


def plot_init_playground(runs, X, y, resolution=100):
    """Cost curves (top row, log axis) above decision boundaries (bottom row),
    one column per run. Returns the ``matplotlib.figure.Figure`` (via pyplot,
    so it shows inline)."""
    import matplotlib.pyplot as plt

    from ..plotting import plot_decision_boundary

    fig, axes = plt.subplots(2, len(runs), figsize=(3.2 * len(runs), 6.4), layout="constrained", squeeze=False)
    top = max(float(np.max(r.loss_curve)) for r in runs)
    bottom = min(float(np.min(r.loss_curve)) for r in runs)
    for (ax_loss, ax_db), run in zip(axes.T, runs):
        ax_loss.plot(run.loss_curve, color="#D55E00")
        ax_loss.axhline(np.log(2), color="0.5", linestyle=":", linewidth=1)
        ax_loss.set_yscale("log")
        ax_loss.set_ylim(bottom / 2, top * 2)
        ax_loss.set_xlabel("epoch")
        ax_loss.set_ylabel("training loss")
        ax_loss.set_title(run.name, fontsize="medium")
        plot_decision_boundary(ax_db, run.model.predict_proba, X, y, resolution=resolution)
        ax_db.set_title(f"accuracy {run.accuracy:.0%}", fontsize="medium")
    axes[0, 0].annotate("ln 2 (chance)", (0, np.log(2)), xytext=(3, 3), textcoords="offset points", fontsize="small",
                        color="0.4")
    return fig
