"""Per-layer statistics of a network's signals (chapters 7 and 8).

A healthy initialisation keeps the forward signal (the activations ``A[l]``)
and the backward signal (the gradients ``delta[l] = dL/dZ[l]``) at roughly
the same size in every layer. ``layer_statistics`` measures both for one
batch, so a chapter can print, plot or assert how they change with depth.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .models.mlp import MLP


class LayerStatistics(NamedTuple):
    """Statistics per layer l = 1..L (index 0 is the book's layer 1).

    Every field is an array of shape ``(L,)``:

    - ``preact_mean``, ``preact_var``: mean and variance of ``Z[l]`` over all
      examples and units;
    - ``act_mean``, ``act_var``, ``act_second_moment``: mean, variance and
      ``E[a^2]`` of ``A[l] = g(Z[l])``;
    - ``grad_var``: variance of ``delta[l] = dL/dZ[l]``, the backpropagated signal;
    - ``grad_norm``: Frobenius norm of ``dL/dW[l]``.

    ``activations`` and ``gradients`` keep the raw ``A[l]`` and ``delta[l]``
    arrays (lists of ``(n_samples, n_l)``) for histograms.
    """

    preact_mean: np.ndarray
    preact_var: np.ndarray
    act_mean: np.ndarray
    act_var: np.ndarray
    act_second_moment: np.ndarray
    grad_var: np.ndarray
    grad_norm: np.ndarray
    activations: list
    gradients: list


def layer_statistics(model, X, y) -> LayerStatistics:
    """Run one forward and one backward pass of ``model`` on ``(X, y)`` and
    summarise every layer (see ``LayerStatistics``).

    Parameters
    ----------
    model : an ``nnlib.MLP``.
    X : (n_samples, n_in) inputs; y : targets in the form ``model`` expects.

    The output layer is included as the last entry; its ``A`` is the output
    activation (a probability for cross-entropy losses).
    """
    if not isinstance(model, MLP):
        raise TypeError(f"model must be an nnlib.MLP, got {type(model).__name__}. "
                        "Build one with nnlib.MLP(layer_sizes, activation=..., init=...).")
    cache = model.forward(X)
    grads = model.backward(cache, y)

    def per_layer(arrays, fn):
        return np.array([fn(np.asarray(a, dtype=np.float64)) for a in arrays])

    A = cache.A[1:]
    return LayerStatistics(
        preact_mean=per_layer(cache.Z, np.mean),
        preact_var=per_layer(cache.Z, np.var),
        act_mean=per_layer(A, np.mean),
        act_var=per_layer(A, np.var),
        act_second_moment=per_layer(A, lambda a: np.mean(a * a)),
        grad_var=per_layer(grads.delta, np.var),
        grad_norm=per_layer(grads.dW, np.linalg.norm),
        activations=list(A),
        gradients=list(grads.delta),
    )
