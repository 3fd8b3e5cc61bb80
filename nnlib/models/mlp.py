"""A multilayer perceptron of any depth, written as the book derives it (chapters 4-9).

Notation (chapter 4): layer l = 1..L has weights ``W[l]`` of shape
``(n_l, n_{l-1})`` and biases ``b[l]`` of shape ``(n_l,)``. With examples as
rows, the forward pass is

    A[0] = X,   Z[l] = A[l-1] @ W[l].T + b[l],   A[l] = g_l(Z[l]),

and backpropagation (chapter 5) is the delta recursion

    delta[L] = dL/dZ[L]                         (softmax/sigmoid + cross-entropy: (A[L] - Y) / n)
    delta[l] = (delta[l+1] @ W[l+1]) * g_l'(Z[l])
    dW[l]    = delta[l].T @ A[l-1],   db[l] = delta[l].sum(axis=0).

Python lists are 0-indexed, so ``weights[0]`` is the book's W[1]; ``Z``,
``delta``, ``dW`` and ``db`` follow the same shift, while ``A[0]`` is the input.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validation import (as_float_array, check_2d, check_binary_labels, check_choice, check_int,
                           check_positive, check_rng, check_same_length)
from ..activations import get_activation
from ..data import iterate_minibatches
from ..initialisers import get_initialiser
from ..layers import _dense_backward, _dense_forward
from ..losses import LOSSES, get_loss
from ..optimisers import Optimiser, get_optimiser


class ForwardPass(NamedTuple):
    """Every intermediate of a forward pass.

    ``Z[l]``: pre-activations of layer l+1, ``(n_samples, n_{l+1})``.
    ``A[l]``: activations; ``A[0]`` is the input X, ``A[-1]`` the output
    after the output activation (probabilities for the cross-entropy losses).
    """

    Z: list
    A: list


class Gradients(NamedTuple):
    """Every gradient of a backward pass: ``dW[l]``, ``db[l]`` shaped like
    ``weights[l]``, ``biases[l]``; ``delta[l] = dL/dZ[l]`` shaped like ``Z[l]``."""

    dW: list
    db: list
    delta: list

    def as_list(self):
        """[dW1, db1, dW2, db2, ...], the order of ``MLP.parameters()``."""
        return [g for pair in zip(self.dW, self.db) for g in pair]


class MLP:
    """A fully connected network trained by backpropagation.

    Parameters
    ----------
    layer_sizes : [n_in, n_hidden_1, ..., n_out]; two entries give a network
        with no hidden layer (logistic regression, for the binary loss).
    activation : hidden-layer activation name, or one name per hidden layer.
    loss : "binary_cross_entropy" (n_out = 1, sigmoid output),
        "softmax_cross_entropy" (softmax output) or "mse" (identity output).
    init : initialiser name, callable ``init(n_out, n_in, rng, dtype)``, or one per layer.
    penalty, alpha : optional "l1" or "l2" weight penalty of strength alpha
        (biases are never penalised).
    rng : None, an int seed or a Generator, used for the initial weights.
    dtype : np.float64 (default, for gradient checks) or np.float32 (speed).
    """

    def __init__(self, layer_sizes, activation="relu", loss="binary_cross_entropy", init="he_normal",
                 penalty=None, alpha=0.0, rng=None, dtype=np.float64):
        if isinstance(layer_sizes, (str, bytes)) or not hasattr(layer_sizes, "__len__"):
            raise TypeError(f"layer_sizes must be a list like [n_in, 16, 1], got {layer_sizes!r}.")
        if len(layer_sizes) < 2:
            raise ValueError(f"layer_sizes needs at least [n_in, n_out], got {list(layer_sizes)}.")
        self.layer_sizes = [check_int(n, "each entry of layer_sizes") for n in layer_sizes]
        n_layers = len(self.layer_sizes) - 1
        self.loss_fn = get_loss(loss)
        if self.loss_fn.name == "binary_cross_entropy" and self.layer_sizes[-1] != 1:
            raise ValueError(f"binary_cross_entropy needs one output unit, got layer_sizes ending in "
                             f"{self.layer_sizes[-1]}. Use loss='softmax_cross_entropy' for several classes.")
        acts = [activation] * (n_layers - 1) if isinstance(activation, str) or not isinstance(activation, (list, tuple)) else list(activation)
        if len(acts) != n_layers - 1:
            raise ValueError(f"got {len(acts)} activations for {n_layers - 1} hidden layers.")
        self.activations = [get_activation(a) for a in acts] + [get_activation(self.loss_fn.output_activation)]
        self.penalty = None if penalty is None else check_choice(penalty, "penalty", {"l1", "l2"})
        self.alpha = check_positive(alpha, "alpha", allow_zero=True)
        self.dtype = np.dtype(dtype)
        if self.dtype.kind != "f":
            raise TypeError(f"dtype must be np.float32 or np.float64, got {self.dtype}.")
        inits = list(init) if isinstance(init, (list, tuple)) else [init] * n_layers
        if len(inits) != n_layers:
            raise ValueError(f"got {len(inits)} initialisers for {n_layers} layers.")
        rng = check_rng(rng)
        self.weights = [get_initialiser(ini)(n_out, n_in, rng=rng, dtype=self.dtype)
                        for ini, n_in, n_out in zip(inits, self.layer_sizes[:-1], self.layer_sizes[1:])]
        self.biases = [np.zeros(n_out, dtype=self.dtype) for n_out in self.layer_sizes[1:]]

    # -- the maths, unchecked: the validated public methods call these ---------

    def _forward(self, X):
        Z, A = [], [X]
        for W, b, g in zip(self.weights, self.biases, self.activations):
            Z.append(_dense_forward(A[-1], W, b))
            A.append(g.forward(Z[-1]))
        return ForwardPass(Z, A)

    def _backward(self, cache, Y, need_input_grad=False):
        L = len(self.weights)
        dW, db, delta = [None] * L, [None] * L, [None] * L
        # Output layer: the loss's gradient w.r.t. the logits Z[L] already
        # includes the output activation (the "A - Y" of chapter 5). For the
        # built-in losses, paired with their own output activation, it is
        # exactly (A[L] - Y) / n, and A[L] is in the cache: no need to
        # recompute the softmax or sigmoid.
        if self.loss_fn is LOSSES.get(self.loss_fn.name):
            delta[L - 1] = (cache.A[-1] - Y) / Y.shape[0]
        else:
            delta[L - 1] = self.loss_fn.unchecked_gradient(cache.Z[-1], Y)
        for l in range(L - 1, -1, -1):
            need_dA = l > 0 or need_input_grad
            dA_prev, dW[l], db[l] = _dense_backward(delta[l], cache.A[l], self.weights[l], need_dA)
            if l > 0:
                delta[l - 1] = self.activations[l - 1].backward(dA_prev, cache.Z[l - 1], cache.A[l])
        if self.penalty == "l2":
            dW = [d + self.alpha * W for d, W in zip(dW, self.weights)]
        elif self.penalty == "l1":
            dW = [d + self.alpha * np.sign(W) for d, W in zip(dW, self.weights)]
        return Gradients(dW, db, delta)

    def _penalty_value(self):
        if self.penalty == "l2":
            return 0.5 * self.alpha * sum(float(np.sum(W * W)) for W in self.weights)
        if self.penalty == "l1":
            return self.alpha * sum(float(np.sum(np.abs(W))) for W in self.weights)
        return 0.0

    def _loss(self, Z_out, Y):
        return float(self.loss_fn.unchecked_value(Z_out, Y)) + self._penalty_value()

    # -- validated public API --------------------------------------------------

    def _check_X(self, X):
        X = check_2d(X, dtype=self.dtype)
        if X.shape[1] != self.layer_sizes[0]:
            raise ValueError(f"X has {X.shape[1]} features (shape {X.shape}) but this network expects "
                             f"n_in = {self.layer_sizes[0]} (layer_sizes = {self.layer_sizes}).")
        return X

    def _check_y(self, y, X):
        """Return targets shaped like the output Z[L]: ``(n_samples, n_out)``."""
        # Compare lengths before any reshape, so the message shows y as the caller passed it.
        check_same_length(X, as_float_array(y, "y", ndim=(1, 2)))
        name = self.loss_fn.name
        if name == "binary_cross_entropy":
            y = as_float_array(y, "y", ndim=(1, 2))
            if y.ndim == 2 and y.shape[1] != 1:
                raise ValueError(f"binary y must have shape (n_samples,) or (n_samples, 1), got {y.shape}.")
            Y = check_binary_labels(y.reshape(-1)).reshape(-1, 1)
        elif name == "softmax_cross_entropy":
            y = as_float_array(y, "y", ndim=(1, 2))
            k = self.layer_sizes[-1]
            if y.ndim == 1:
                if np.any((y != np.round(y)) | (y < 0) | (y >= k)):
                    raise ValueError(f"class labels must be integers in 0..{k - 1}, got {np.unique(y)[:5].tolist()}.")
                Y = np.zeros((y.shape[0], k))
                Y[np.arange(y.shape[0]), y.astype(np.intp)] = 1
            elif y.shape[1] != k:
                raise ValueError(f"one-hot y must have {k} columns, got shape {y.shape}.")
            else:
                Y = y
        else:
            y = as_float_array(y, "y", ndim=(1, 2))
            n_out = self.layer_sizes[-1]
            if y.ndim == 1 and n_out == 1:
                y = y.reshape(-1, 1)
            if y.ndim != 2 or y.shape[1] != n_out:
                raise ValueError(f"y must have shape (n_samples, {n_out}), got {y.shape}.")
            Y = y
        check_same_length(X, Y)
        return Y.astype(self.dtype, copy=False)

    def parameters(self):
        """The parameter arrays [W1, b1, W2, b2, ...]; optimisers update them in place."""
        return [p for pair in zip(self.weights, self.biases) for p in pair]

    def forward(self, X) -> ForwardPass:
        """Forward pass keeping every layer: ``ForwardPass(Z, A)`` (see the class notes)."""
        return self._forward(self._check_X(X))

    def backward(self, cache: ForwardPass, y) -> Gradients:
        """Backpropagation from a ``forward`` result: every dW, db and delta."""
        if not isinstance(cache, ForwardPass):
            raise TypeError(f"cache must be the ForwardPass returned by forward(X), got {type(cache).__name__}.")
        return self._backward(cache, self._check_y(y, cache.A[0]))

    def loss(self, X, y) -> float:
        """Mean loss on (X, y), plus the weight penalty if any."""
        X = self._check_X(X)
        Y = self._check_y(y, X)
        return self._loss(self._forward(X).Z[-1], Y)

    def loss_and_gradients(self, X, y):
        """(loss, Gradients) in one forward and one backward pass."""
        X = self._check_X(X)
        Y = self._check_y(y, X)
        cache = self._forward(X)
        return self._loss(cache.Z[-1], Y), self._backward(cache, Y)

    def train_step(self, X, Y, optimiser: Optimiser) -> float:
        """One forward, backward and update on an already validated batch.

        ``Y`` must already be shaped like the output ``(n_samples, n_out)``
        (as ``fit`` prepares it); returns the batch loss before the update.
        """
        cache = self._forward(X)
        grads = self._backward(cache, Y)
        if self.penalty == "l1" and type(optimiser).__name__ == "SGD":
            # Proximal step: take the smooth part's gradient, then soft-threshold,
            # so small weights land on exactly 0 (chapter 9).
            grads = Gradients([d - self.alpha * np.sign(W) for d, W in zip(grads.dW, self.weights)], grads.db, grads.delta)
            optimiser.step(grads.as_list())
            t = optimiser.lr * self.alpha
            for W in self.weights:
                np.copyto(W, np.sign(W) * np.maximum(np.abs(W) - t, 0))
        else:
            optimiser.step(grads.as_list())
        return self._loss(cache.Z[-1], Y)

    def fit(self, X, y, optimiser="sgd", lr=0.1, n_epochs=100, batch_size=None, rng=None, **optimiser_kwargs):
        """Train with mini-batches; ``batch_size=None`` is full-batch gradient descent.

        ``optimiser`` is a name ("sgd", "momentum", "rmsprop", "adam") or an
        ``Optimiser`` built on ``self.parameters()``. Records ``loss_curve_``
        (mean batch loss per epoch). Returns ``self``.
        """
        X = self._check_X(X)
        Y = self._check_y(y, X)
        n_epochs = check_int(n_epochs, "n_epochs")
        batch_size = X.shape[0] if batch_size is None else check_int(batch_size, "batch_size")
        if isinstance(optimiser, Optimiser):
            opt = optimiser
        else:
            opt = get_optimiser(optimiser, self.parameters(), lr=lr, **optimiser_kwargs)
        rng = check_rng(rng)
        self.loss_curve_ = []
        for _ in range(n_epochs):
            losses, sizes = [], []
            for Xb, Yb in iterate_minibatches(X, Y, batch_size, rng=rng, shuffle=batch_size < X.shape[0]):
                losses.append(self.train_step(Xb, Yb, opt))
                sizes.append(Xb.shape[0])
            self.loss_curve_.append(float(np.average(losses, weights=sizes)))
        return self

    def predict_proba(self, X):
        """Binary: P(y = 1 | x), shape ``(n_samples,)``; softmax: ``(n_samples, n_classes)``."""
        out = self.forward(X).A[-1]
        return out[:, 0] if self.loss_fn.name == "binary_cross_entropy" else out

    def predict(self, X):
        """Class labels (binary: 0/1 at threshold 0.5; softmax: argmax); for mse, the outputs."""
        out = self.forward(X).A[-1]
        if self.loss_fn.name == "binary_cross_entropy":
            return (out[:, 0] >= 0.5).astype(np.float64)
        if self.loss_fn.name == "softmax_cross_entropy":
            return out.argmax(axis=1).astype(np.float64)
        return out[:, 0] if out.shape[1] == 1 else out

    def __repr__(self):
        hidden = [a.name for a in self.activations[:-1]]
        act = hidden[0] if hidden and len(set(hidden)) == 1 else hidden
        return f"MLP(layer_sizes={self.layer_sizes}, activation={act!r}, loss={self.loss_fn.name!r})"
