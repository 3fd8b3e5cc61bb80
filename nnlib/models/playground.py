"""The four-inits training playground (chapter 7).

The same small network is trained four times on the same 2-D data, changing
only how the weights start: all zeros, too small, appropriate (He for ReLU,
Xavier for tanh) and too large. ``train_init_playground`` returns the runs
(numbers for asserts); ``nnlib.plotting.plot_init_playground`` puts the
cost curves above the decision boundaries, one column per initialisation.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validation import check_binary_labels
from ..initialisers import get_initialiser
from .mlp import MLP

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
    rng : None, an int seed or a Generator (which gives one seed); every
        network gets the same seed, so only the initialiser differs between runs.

    Returns
    -------
    list of ``PlaygroundRun``, in the order of ``inits``.
    """
    inits = DEFAULT_INITS if inits is None else inits
    if not isinstance(inits, dict) or not inits:
        raise TypeError(f"inits must be a non-empty dict name -> initialiser, got {type(inits).__name__}. "
                        "Example: {'He': 'he_normal', 'small': ('normal', {'std': 0.01})}.")
    if isinstance(rng, np.random.Generator):
        rng = int(rng.integers(2 ** 32))
    elif rng is None:
        rng = int(np.random.default_rng().integers(2 ** 32))
    runs = []
    for name, spec in inits.items():
        init = get_initialiser(spec[0], **spec[1]) if isinstance(spec, tuple) else get_initialiser(spec)
        model = MLP(list(layer_sizes), activation=activation, init=init, rng=rng)
        model.fit(X, y, lr=lr, n_epochs=n_epochs)
        accuracy = float(np.mean(model.predict(X) == check_binary_labels(y)))
        runs.append(PlaygroundRun(name, model, np.asarray(model.loss_curve_), accuracy))
    return runs
