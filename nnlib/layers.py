"""Layers as forward/backward pairs: dense (chapters 4-5), dropout, batch and
layer normalisation (chapter 13).

Convention used everywhere in the book: examples are rows, and a layer's
weight matrix ``W`` has shape ``(n_out, n_in)``. One example is
``z = W x + b``; a batch is ``Z = X @ W.T + b``, exactly as PyTorch's ``Linear``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validation import as_float_array, check_2d, check_positive, check_rng


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


# -- dropout (chapter 13) ------------------------------------------------------

class DropoutCache(NamedTuple):
    """What ``dropout_backward`` needs: the scaled mask, ``keep / (1 - rate)``,
    shaped like the input ``(n_samples, n_features)``; ``None`` when the layer
    was the identity (evaluation mode, or ``rate = 0``)."""

    scaled_mask: np.ndarray | None
    rate: float


def _check_rate(rate):
    if isinstance(rate, bool) or not isinstance(rate, (int, float, np.integer, np.floating)):
        raise TypeError(f"rate must be a number in [0, 1), got {type(rate).__name__} ({rate!r}).")
    rate = float(rate)
    if not 0 <= rate < 1:
        raise ValueError(f"rate is the probability of dropping a unit and must lie in [0, 1), got {rate}. "
                         "rate = 0 keeps every unit; rate = 1 would drop them all (and divide by 0).")
    return rate


def _dropout_mask(shape, rate, rng, dtype):
    keep = rng.random(shape) >= rate          # P(keep) = 1 - rate
    return keep.astype(dtype) / dtype.type(1 - rate)


def dropout_forward(A, rate, rng=None, training=True, mask=None):
    """Inverted dropout: out = A * keep / (1 - rate) in training, out = A at test time.

    Each unit is kept with probability ``1 - rate``; dividing the survivors by
    ``1 - rate`` keeps E[out] = A, so nothing needs rescaling at test time.

    Parameters
    ----------
    A : (n_samples, n_features) activations.
    rate : probability of dropping a unit, in [0, 1).
    rng : None, an int seed or a Generator, for the mask.
    training : False turns the layer into the identity (evaluation mode).
    mask : optional fixed boolean ``keep`` mask of shape ``A.shape`` (True =
        kept), used instead of drawing one; for gradient checks.

    Returns
    -------
    out : (n_samples, n_features), same dtype as ``A``.
    cache : DropoutCache(scaled_mask, rate), for ``dropout_backward``.
    """
    A = check_2d(A, "A")
    rate = _check_rate(rate)
    if not training or (rate == 0 and mask is None):
        return A.copy(), DropoutCache(None, rate)
    if mask is None:
        scaled = _dropout_mask(A.shape, rate, check_rng(rng), A.dtype)
    else:
        mask = np.asarray(mask)
        if mask.shape != A.shape or mask.dtype != bool:
            raise ValueError(f"mask must be a boolean array shaped like A {A.shape} (True = keep), "
                             f"got dtype {mask.dtype} and shape {mask.shape}. Build one with rng.random(A.shape) >= rate.")
        scaled = mask.astype(A.dtype) / A.dtype.type(1 - rate)
    return A * scaled, DropoutCache(scaled, rate)


def dropout_backward(dout, cache: DropoutCache):
    """dA = dout * keep / (1 - rate): the gradient flows only through kept units.

    Parameters
    ----------
    dout : (n_samples, n_features) upstream gradient dL/dout.
    cache : the ``DropoutCache`` returned by ``dropout_forward``.

    Returns
    -------
    dA : (n_samples, n_features).
    """
    if not isinstance(cache, DropoutCache):
        raise TypeError(f"cache must be the DropoutCache returned by dropout_forward, got {type(cache).__name__}.")
    dout = as_float_array(dout, "dout", ndim=2)
    if cache.scaled_mask is None:
        return dout.copy()
    if dout.shape != cache.scaled_mask.shape:
        raise ValueError(f"dout must have the forward output's shape {cache.scaled_mask.shape}, got {dout.shape}.")
    return dout * cache.scaled_mask


# -- batch and layer normalisation (chapter 13) -----------------------------------

class NormCache(NamedTuple):
    """What the normalisation backward passes need.

    Attributes: ``X_hat`` the normalised input ``(n_samples, n_features)``;
    ``inv_std`` = 1 / sqrt(var + eps), ``(n_features,)`` for batch norm (per
    feature) or ``(n_samples, 1)`` for layer norm (per example); ``gamma``,
    shape ``(n_features,)``; ``batch_stats``: whether the mean and variance were
    those of this batch (training) or fixed numbers (batch norm's evaluation
    mode, where the layer is an affine map).
    """

    X_hat: np.ndarray
    inv_std: np.ndarray
    gamma: np.ndarray
    batch_stats: bool


def _normalise(X, axis, eps):
    mu = X.mean(axis=axis, keepdims=True)
    var = X.var(axis=axis, keepdims=True)
    inv_std = 1.0 / np.sqrt(var + eps)
    return (X - mu) * inv_std, mu, var, inv_std


def _norm_backward(dout, X_hat, inv_std, gamma, axis, batch_stats):
    # y = gamma x_hat + beta, x_hat = (x - mu) / sqrt(var + eps). Differentiating
    # through mu and var too (chapter 13):
    #   dX = inv_std * (dxhat - mean(dxhat) - x_hat * mean(dxhat * x_hat)),
    # means over the normalised axis; with fixed statistics only the first term stays.
    dgamma = (dout * X_hat).sum(axis=0)
    dbeta = dout.sum(axis=0)
    dxhat = dout * gamma
    if not batch_stats:
        return dxhat * inv_std, dgamma, dbeta
    dX = inv_std * (dxhat - dxhat.mean(axis=axis, keepdims=True)
                    - X_hat * (dxhat * X_hat).mean(axis=axis, keepdims=True))
    return dX, dgamma, dbeta


def _check_affine(X, gamma, beta):
    gamma = as_float_array(gamma, "gamma", ndim=1)
    beta = as_float_array(beta, "beta", ndim=1)
    n = X.shape[1]
    for name, v in (("gamma", gamma), ("beta", beta)):
        if v.shape != (n,):
            raise ValueError(f"{name} must have shape (n_features,) = ({n},) to match X {X.shape}, got {v.shape}. "
                             f"Start from gamma = np.ones({n}) and beta = np.zeros({n}).")
    return gamma, beta


def _check_norm_scalar(value, name, upper=None):
    value = check_positive(value, name)
    if upper is not None and value > upper:
        raise ValueError(f"{name} must lie in (0, {upper}], got {value}.")
    return value


def batchnorm_forward(X, gamma, beta, running_mean=None, running_var=None, training=True,
                      momentum=0.1, eps=1e-5):
    """Batch normalisation: normalise each feature over the batch, then scale and shift.

    Training: x_hat = (x - mu_B) / sqrt(var_B + eps) with the batch's mean and
    (biased) variance per feature, out = gamma * x_hat + beta; if running
    statistics are given they are updated *in place*,
    running = (1 - momentum) running + momentum batch (PyTorch's convention,
    with the unbiased batch variance in ``running_var``).
    Evaluation: the running statistics replace the batch's, so each example's
    output no longer depends on the rest of the batch.

    Parameters
    ----------
    X : (n_samples, n_features); training needs n_samples >= 2.
    gamma, beta : (n_features,) scale and shift (learned).
    running_mean, running_var : (n_features,) float arrays, or None; required
        in evaluation mode.
    training : True uses and tracks batch statistics; False uses the running ones.
    momentum : in (0, 1], weight of the new batch in the running averages.
    eps : added to the variance for stability.

    Returns
    -------
    out : (n_samples, n_features).
    cache : NormCache(X_hat, inv_std (n_features,), gamma, batch_stats=training).
    """
    X = check_2d(X)
    gamma, beta = _check_affine(X, gamma, beta)
    eps = _check_norm_scalar(eps, "eps")
    momentum = _check_norm_scalar(momentum, "momentum", upper=1.0)
    n = X.shape[1]
    for name, arr in (("running_mean", running_mean), ("running_var", running_var)):
        if arr is None:
            continue
        if not isinstance(arr, np.ndarray) or arr.dtype.kind != "f" or arr.shape != (n,):
            raise ValueError(f"{name} must be a float numpy array of shape ({n},), updated in place; got "
                             f"{type(arr).__name__} {getattr(arr, 'shape', '')}. Start from np.zeros({n}) "
                             f"for the mean and np.ones({n}) for the variance.")
    if (running_mean is None) != (running_var is None):
        raise ValueError("pass both running_mean and running_var, or neither.")
    if training:
        if X.shape[0] < 2:
            raise ValueError(f"batch normalisation in training mode needs a batch of at least 2 examples, got "
                             f"X of shape {X.shape}: one example has variance 0 and normalises to 0. "
                             "Use a larger batch, training=False with running statistics, or layer norm.")
        if running_var is not None and running_var.min() < 0:
            raise ValueError("running_var must be non-negative.")
        return _batchnorm_train(X, gamma, beta, running_mean, running_var, momentum, eps)
    if running_mean is None:
        raise ValueError("evaluation mode (training=False) needs running_mean and running_var "
                         "(collected during training); pass them, or use training=True.")
    if running_var.min() < 0:
        raise ValueError("running_var must be non-negative.")
    return _batchnorm_eval(X, gamma, beta, running_mean, running_var, eps)


def _batchnorm_train(X, gamma, beta, running_mean, running_var, momentum, eps):
    X_hat, mu, var, inv_std = _normalise(X, 0, eps)
    if running_mean is not None:
        n = X.shape[0]
        running_mean *= 1 - momentum
        running_mean += momentum * mu[0]
        running_var *= 1 - momentum
        running_var += momentum * var[0] * n / (n - 1)
    return gamma * X_hat + beta, NormCache(X_hat, inv_std[0], gamma, True)


def _batchnorm_eval(X, gamma, beta, running_mean, running_var, eps):
    inv_std = 1.0 / np.sqrt(running_var + eps)
    X_hat = (X - running_mean) * inv_std
    return gamma * X_hat + beta, NormCache(X_hat, inv_std, gamma, False)


def batchnorm_backward(dout, cache: NormCache):
    """Gradients through batch normalisation.

    Training mode (the batch's own statistics), per feature, means over the batch:

        dX = inv_std * (dxhat - mean(dxhat) - x_hat * mean(dxhat * x_hat)),  dxhat = dout * gamma;

    evaluation mode (fixed statistics): dX = dout * gamma * inv_std.

    Parameters
    ----------
    dout : (n_samples, n_features) upstream gradient.
    cache : the ``NormCache`` returned by ``batchnorm_forward``.

    Returns
    -------
    dX : (n_samples, n_features); dgamma, dbeta : (n_features,).
    """
    dout = _check_norm_backward(dout, cache, "batchnorm_forward")
    return _norm_backward(dout, cache.X_hat, cache.inv_std, cache.gamma, 0, cache.batch_stats)


def layernorm_forward(X, gamma, beta, eps=1e-5):
    """Layer normalisation: normalise each *example* over its features, then scale and shift.

    x_hat[i] = (x[i] - mean_j x[i, j]) / sqrt(var_j x[i, j] + eps), out = gamma * x_hat + beta.
    The same computation in training and at test time, and for a batch of one.

    Parameters
    ----------
    X : (n_samples, n_features), n_features >= 2.
    gamma, beta : (n_features,).
    eps : added to the variance.

    Returns
    -------
    out : (n_samples, n_features).
    cache : NormCache(X_hat, inv_std (n_samples, 1), gamma, batch_stats=True).
    """
    X = check_2d(X)
    gamma, beta = _check_affine(X, gamma, beta)
    eps = _check_norm_scalar(eps, "eps")
    if X.shape[1] < 2:
        raise ValueError(f"layer normalisation averages over an example's features and needs at least 2, got "
                         f"X of shape {X.shape}: one feature always normalises to 0. Use batch norm instead.")
    return _layernorm(X, gamma, beta, eps)


def _layernorm(X, gamma, beta, eps):
    X_hat, _, _, inv_std = _normalise(X, 1, eps)
    return gamma * X_hat + beta, NormCache(X_hat, inv_std, gamma, True)


def layernorm_backward(dout, cache: NormCache):
    """Gradients through layer normalisation: batch norm's formula with the
    means taken over each example's features instead of over the batch.

    Returns ``dX`` (n_samples, n_features), ``dgamma``, ``dbeta`` (n_features,).
    """
    dout = _check_norm_backward(dout, cache, "layernorm_forward")
    return _norm_backward(dout, cache.X_hat, cache.inv_std, cache.gamma, 1, True)


def _check_norm_backward(dout, cache, forward_name):
    if not isinstance(cache, NormCache):
        raise TypeError(f"cache must be the NormCache returned by {forward_name}, got {type(cache).__name__}.")
    dout = as_float_array(dout, "dout", ndim=2)
    if dout.shape != cache.X_hat.shape:
        raise ValueError(f"dout must have the forward output's shape {cache.X_hat.shape}, got {dout.shape}.")
    return dout
