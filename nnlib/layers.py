"""The dense (fully connected) layer as a forward/backward pair (chapters 4-5).

Convention used everywhere in the book: examples are rows, and a layer's
weight matrix ``W`` has shape ``(n_out, n_in)``. One example is
``z = W x + b``; a batch is ``Z = X @ W.T + b``, exactly as PyTorch's ``Linear``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validation import as_float_array, check_2d


class DenseCache(NamedTuple):
    """What ``dense_backward`` needs from the forward pass.

    Attributes: ``X`` the layer input ``(n_samples, n_in)``; ``W`` the weights
    ``(n_out, n_in)``.
    """

    X: np.ndarray
    W: np.ndarray


def _dense_forward(X, W, b):
    return X @ W.T + b


def _dense_backward(dZ, X, W, need_dX=True):
    # dL/dW[j, k] = sum_i dZ[i, j] X[i, k]: the batched form of delta a^T.
    dW = dZ.T @ X
    db = dZ.sum(axis=0)
    dX = dZ @ W if need_dX else None
    return dX, dW, db


def dense_forward(X, W, b):
    """Z = X @ W.T + b.

    Parameters
    ----------
    X : (n_samples, n_in) inputs, one example per row.
    W : (n_out, n_in) weights.
    b : (n_out,) biases.

    Returns
    -------
    Z : (n_samples, n_out) pre-activations.
    cache : DenseCache(X, W), for ``dense_backward``.
    """
    X = check_2d(X, "X")
    W = as_float_array(W, "W", ndim=2)
    b = as_float_array(b, "b", ndim=1)
    if X.shape[1] != W.shape[1]:
        raise ValueError(f"X has {X.shape[1]} features (shape {X.shape}) but W expects n_in = {W.shape[1]} "
                         f"(W has shape {W.shape} = (n_out, n_in)). If you built W as (n_in, n_out), pass W.T.")
    if b.shape != (W.shape[0],):
        raise ValueError(f"b must have shape (n_out,) = ({W.shape[0]},) to match W {W.shape}, got {b.shape}.")
    return _dense_forward(X, W, b), DenseCache(X, W)


def dense_backward(dZ, cache: DenseCache):
    """Gradients of the loss through ``Z = X @ W.T + b``.

    Parameters
    ----------
    dZ : (n_samples, n_out) upstream gradient dL/dZ.
    cache : the ``DenseCache`` returned by ``dense_forward``.

    Returns
    -------
    dX : (n_samples, n_in) = dZ @ W, the gradient passed to the layer below.
    dW : (n_out, n_in) = dZ.T @ X, summed over the batch.
    db : (n_out,) = dZ summed over the batch.
    """
    if not isinstance(cache, DenseCache):
        raise TypeError(f"cache must be the DenseCache returned by dense_forward, got {type(cache).__name__}.")
    dZ = as_float_array(dZ, "dZ", ndim=2)
    expected = (cache.X.shape[0], cache.W.shape[0])
    if dZ.shape != expected:
        raise ValueError(f"dZ must have shape (n_samples, n_out) = {expected} like the forward output, got {dZ.shape}.")
    return _dense_backward(dZ, cache.X, cache.W)
