"""A multilayer perceptron of any depth, written as the book derives it (chapters 4-9).

Notation (chapter 4): layer l = 1..L has weights ``W[l]`` of shape
``(n_l, n_{l-1})`` and biases ``b[l]`` of shape ``(n_l,)``. With examples as
rows, the forward pass is

    A[0] = X,   Z[l] = A[l-1] @ W[l].T + b[l],   A[l] = g_l(Z[l]),

and backpropagation (chapter 5) is the delta recursion

    delta[L] = dL/dZ[L] = loss.output_delta(A[L], Y)   (built-in losses: (A[L] - Y) / n)
    delta[l] = (delta[l+1] @ W[l+1]) * g_l'(Z[l])
    dW[l]    = delta[l].T @ A[l-1],   db[l] = delta[l].sum(axis=0).

Python lists are 0-indexed, so ``weights[0]`` is the book's W[1]; ``Z``,
``delta``, ``dW`` and ``db`` follow the same shift, while ``A[0]`` is the input.

Chapters 12-13 add, per hidden layer, batch or layer normalisation between
the dense part and the activation, and inverted dropout after it:

    Z[l] = A[l-1] @ W[l].T + b[l],   H[l] = norm(Z[l]),   A[l] = dropout(g_l(H[l])),

with a training mode (batch statistics, random masks) and an evaluation mode
(running statistics, no dropout); ``fit`` trains in the first, everything
else uses the second unless told ``training=True``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validation import (as_float_array, check_2d, check_binary_labels, check_bool, check_choice,
                           check_float_dtype, check_int, check_positive, check_rng, check_same_length, class_targets)
from ..activations import get_activation
from ..data import _minibatches
from ..initialisers import get_initialiser
from ..layers import (DropoutCache, NormCache, _batchnorm_eval, _batchnorm_train, _check_rate, _dense_backward,
                      _dense_forward, _dropout_mask, _layernorm, _norm_backward)
from ..losses import get_loss
from ..optimisers import SGD, Optimiser, get_optimiser
from ..regularisation import l1_penalty, l1_subgradient, l2_gradient, l2_penalty, soft_threshold


# Batch norm's running averages: running = (1 - momentum) running + momentum batch; eps under the square root.
BN_MOMENTUM = 0.1
NORM_EPS = 1e-5


class HiddenCache(NamedTuple):
    """What backpropagation needs from a hidden layer with normalisation or
    dropout (chapter 13): ``norm`` the ``NormCache`` (or None), ``H`` the
    normalised pre-activation fed to the activation, ``G = g(H)`` before
    dropout, ``dropout`` the ``DropoutCache`` (or None when no mask was drawn)."""

    norm: NormCache | None
    H: np.ndarray
    G: np.ndarray
    dropout: DropoutCache | None


class ForwardPass(NamedTuple):
    """Every intermediate of a forward pass.

    ``Z[l]``: pre-activations of layer l+1, ``(n_samples, n_{l+1})`` (before
    any normalisation).
    ``A[l]``: activations; ``A[0]`` is the input X, ``A[-1]`` the output
    after the output activation (probabilities for the cross-entropy losses).
    ``hidden``: one ``HiddenCache`` per hidden layer when the network has
    normalisation or dropout, else None.
    """

    Z: list
    A: list
    hidden: list | None = None


class Gradients(NamedTuple):
    """Every gradient of a backward pass: ``dW[l]``, ``db[l]`` shaped like
    ``weights[l]``, ``biases[l]``; ``delta[l] = dL/dZ[l]`` shaped like ``Z[l]``;
    with normalisation, ``dgamma[l]``, ``dbeta[l]`` for hidden layer l (else None)."""

    dW: list
    db: list
    delta: list
    dgamma: list | None = None
    dbeta: list | None = None

    def as_list(self):
        """[dW1, db1, (dgamma1, dbeta1,) dW2, db2, ...], the order of ``MLP.parameters()``."""
        out = []
        for l, pair in enumerate(zip(self.dW, self.db)):
            out.extend(pair)
            if self.dgamma is not None and l < len(self.dgamma):
                out.extend((self.dgamma[l], self.dbeta[l]))
        return out


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
    penalty, lam : optional "l1" or "l2" weight penalty of strength lam (the
        book's lambda; biases are never penalised): (lam/2)||W||^2 or lam ||W||_1.
    l1_step : how training takes the L1 penalty: "proximal" (default: a
        gradient step on the data loss, then ``regularisation.soft_threshold``
        with threshold lr * lam, so small weights land on exactly 0; needs the
        plain ``SGD`` optimiser) or "subgradient" (adds lam sign(W) to the
        gradient; works with any optimiser, weights only jitter around 0).
    rng : None, an int seed or a Generator, used for the initial weights
        (and for dropout masks outside ``fit``).
    dtype : np.float64 (default, for gradient checks) or np.float32 (speed).
    normalisation : None, "batch" or "layer": normalise every hidden layer's
        pre-activations (chapter 13), with learned scales ``gamma`` and shifts ``beta``;
        batch norm also keeps ``running_means`` and ``running_vars``.
    dropout : inverted-dropout rate in [0, 1) after every hidden layer's
        activation, or one rate per hidden layer (chapter 13).
    """

    def __init__(self, layer_sizes, activation="relu", loss="binary_cross_entropy", init="he_normal",
                 penalty=None, lam=0.0, l1_step="proximal", rng=None, dtype=np.float64, normalisation=None,
                 dropout=0.0):
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
        self.lam = check_positive(lam, "lam", allow_zero=True)
        self.l1_step = check_choice(l1_step, "l1_step", {"proximal", "subgradient"})
        self.dtype = check_float_dtype(dtype)
        inits = list(init) if isinstance(init, (list, tuple)) else [init] * n_layers
        if len(inits) != n_layers:
            raise ValueError(f"got {len(inits)} initialisers for {n_layers} layers.")
        rng = check_rng(rng)
        self.weights = [get_initialiser(ini)(n_out, n_in, rng=rng, dtype=self.dtype)
                        for ini, n_in, n_out in zip(inits, self.layer_sizes[:-1], self.layer_sizes[1:])]
        self.biases = [np.zeros(n_out, dtype=self.dtype) for n_out in self.layer_sizes[1:]]
        self._init_hidden_layers(normalisation, dropout)
        self._dropout_rng = rng

    def _init_hidden_layers(self, normalisation, dropout):
        hidden = self.layer_sizes[1:-1]
        self.normalisation = None if normalisation is None else check_choice(normalisation, "normalisation",
                                                                            {"batch", "layer"})
        if self.normalisation is not None and not hidden:
            raise ValueError("normalisation acts on hidden layers, and this network has no hidden layer; "
                             "add one to layer_sizes or drop normalisation.")
        if self.normalisation == "layer" and min(hidden) < 2:
            raise ValueError(f"layer normalisation averages over a layer's units and needs at least 2 per hidden "
                             f"layer, got hidden sizes {hidden}.")
        rates = list(dropout) if isinstance(dropout, (list, tuple)) else [dropout] * len(hidden)
        if len(rates) != len(hidden):
            raise ValueError(f"got {len(rates)} dropout rates for {len(hidden)} hidden layers; pass one rate, "
                             "or one per hidden layer.")
        self.dropout = [_check_rate(r) for r in rates]
        norm, batch = self.normalisation is not None, self.normalisation == "batch"
        self.gammas = [np.ones(n, dtype=self.dtype) for n in hidden] if norm else []
        self.betas = [np.zeros(n, dtype=self.dtype) for n in hidden] if norm else []
        self.running_means = [np.zeros(n, dtype=self.dtype) for n in hidden] if batch else []
        self.running_vars = [np.ones(n, dtype=self.dtype) for n in hidden] if batch else []
        self._plain = self.normalisation is None and not any(self.dropout)

    # -- the maths, unchecked: the validated public methods call these ---------

    def _forward(self, X, training=False):
        Z, A = [], [X]
        if self._plain:
            for W, b, g in zip(self.weights, self.biases, self.activations):
                Z.append(_dense_forward(A[-1], W, b))
                A.append(g.forward(Z[-1]))
            return ForwardPass(Z, A)
        hidden, last = [], len(self.weights) - 1
        for l, (W, b, g) in enumerate(zip(self.weights, self.biases, self.activations)):
            Z.append(_dense_forward(A[-1], W, b))
            if l == last:
                A.append(g.forward(Z[-1]))
                break
            H, norm = self._normalise(l, Z[-1], training)
            G = g.forward(H)
            drop = None
            if training and self.dropout[l] > 0:
                drop = DropoutCache(_dropout_mask(G.shape, self.dropout[l], self._dropout_rng, G.dtype),
                                    self.dropout[l])
                A.append(G * drop.scaled_mask)
            else:
                A.append(G)
            hidden.append(HiddenCache(norm, H, G, drop))
        return ForwardPass(Z, A, hidden)

    def _normalise(self, l, Z, training):
        if self.normalisation == "batch":
            if training:   # batch statistics, and the running averages move towards them
                return _batchnorm_train(Z, self.gammas[l], self.betas[l], self.running_means[l],
                                        self.running_vars[l], BN_MOMENTUM, NORM_EPS)
            return _batchnorm_eval(Z, self.gammas[l], self.betas[l], self.running_means[l], self.running_vars[l],
                                   NORM_EPS)
        if self.normalisation == "layer":
            return _layernorm(Z, self.gammas[l], self.betas[l], NORM_EPS)
        return Z, None

    def _backward(self, cache, Y, smooth_only=False):
        L = len(self.weights)
        dW, db, delta = [None] * L, [None] * L, [None] * L
        dgamma = [None] * (L - 1) if self.normalisation is not None else None
        dbeta = [None] * (L - 1) if self.normalisation is not None else None
        axis = 0 if self.normalisation == "batch" else 1      # batch norm: over examples; layer norm: over units
        # Output layer: the loss object says what dL/dZ[L] is (chapter 5's
        # "A - Y" for every built-in loss), written in terms of the cached A[L].
        delta[L - 1] = self.loss_fn.output_delta(cache.A[-1], Y)
        for l in range(L - 1, -1, -1):
            dA_prev, dW[l], db[l] = _dense_backward(delta[l], cache.A[l], self.weights[l], l > 0)
            if l == 0:
                continue
            if cache.hidden is None:
                delta[l - 1] = self.activations[l - 1].backward(dA_prev, cache.Z[l - 1], cache.A[l])
                continue
            h = cache.hidden[l - 1]
            if h.dropout is not None:                          # dropout backward: the same mask
                dA_prev = dA_prev * h.dropout.scaled_mask
            dH = self.activations[l - 1].backward(dA_prev, h.H, h.G)
            if h.norm is None:
                delta[l - 1] = dH
            else:                                              # normalisation backward (chapter 13)
                delta[l - 1], dgamma[l - 1], dbeta[l - 1] = _norm_backward(
                    dH, h.norm.X_hat, h.norm.inv_std, h.norm.gamma, axis, h.norm.batch_stats)
        if self.penalty == "l2":
            dW = [d + l2_gradient(W, self.lam) for d, W in zip(dW, self.weights)]
        elif self.penalty == "l1" and not smooth_only:
            dW = [d + l1_subgradient(W, self.lam) for d, W in zip(dW, self.weights)]
        if dgamma is None:
            return Gradients(dW, db, delta)
        return Gradients(dW, db, delta, dgamma, dbeta)

    def _penalty_value(self):
        if self.penalty == "l2":
            return sum(l2_penalty(W, self.lam) for W in self.weights)
        if self.penalty == "l1":
            return sum(l1_penalty(W, self.lam) for W in self.weights)
        return 0.0

    def _loss(self, Z_out, Y):
        return float(self.loss_fn.unchecked_value(Z_out, Y)) + self._penalty_value()

    def _loss_and_gradients_unchecked(self, X, Y, smooth_only=False, training=False):
        """The trusted entry (scikit-learn's ``check_input=False``): ``(loss, Gradients)``
        for an ``X`` and ``Y`` that are already validated and shaped like the
        output, ``(n_samples, n_out)``, in this model's dtype. The loss includes
        the penalty; ``smooth_only`` leaves the L1 subgradient out of ``dW``
        (for proximal steps). ``LogisticRegression`` and ``fit`` use it; from
        outside, call ``loss_and_gradients``, which validates. ``training``
        selects batch statistics and dropout masks (chapter 13)."""
        cache = self._forward(X, training)
        return self._loss(cache.Z[-1], Y), self._backward(cache, Y, smooth_only)

    def _train_step(self, X, Y, optimiser):
        proximal = self.penalty == "l1" and self.l1_step == "proximal"
        loss, grads = self._loss_and_gradients_unchecked(X, Y, smooth_only=proximal, training=True)
        optimiser.step(grads.as_list())
        if proximal:
            # Proximal (ISTA) step for L1: the gradient step above was on the smooth part only.
            for W in self.weights:
                W[...] = soft_threshold(W, optimiser.lr * self.lam)
        return loss

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
            Y = class_targets(y, self.layer_sizes[-1])
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
        """The parameter arrays [W1, b1, W2, b2, ...], with each normalised hidden
        layer's gamma and beta after its b; optimisers update them in place."""
        params = []
        for l, pair in enumerate(zip(self.weights, self.biases)):
            params.extend(pair)
            if l < len(self.gammas):
                params.extend((self.gammas[l], self.betas[l]))
        return params

    def _mode(self, X, training, rng):
        """Validate ``training`` (and a batch norm batch); a given ``rng`` seeds the dropout masks."""
        training = check_bool(training, "training")
        if training and self.normalisation == "batch" and X.shape[0] < 2:
            raise ValueError(f"batch normalisation in training mode needs a batch of at least 2 examples, got X of "
                             f"shape {X.shape}: one example normalises to 0. Use training=False (the running "
                             "statistics) for single examples.")
        if training and rng is not None:
            self._dropout_rng = check_rng(rng)
        return training

    def forward(self, X, training=False, rng=None) -> ForwardPass:
        """Forward pass keeping every layer: ``ForwardPass(Z, A, hidden)`` (see the class notes).

        ``training=True`` uses batch statistics (and updates batch norm's
        running averages) and draws dropout masks from ``rng`` (None: the
        model's own stream); the default is evaluation mode.
        """
        X = self._check_X(X)
        return self._forward(X, self._mode(X, training, rng))

    def backward(self, cache: ForwardPass, y) -> Gradients:
        """Backpropagation from a ``forward`` result: every dW, db and delta."""
        if not isinstance(cache, ForwardPass):
            raise TypeError(f"cache must be the ForwardPass returned by forward(X), got {type(cache).__name__}.")
        return self._backward(cache, self._check_y(y, cache.A[0]))

    def loss(self, X, y, training=False, rng=None) -> float:
        """Mean loss on (X, y), plus the weight penalty if any; ``training`` and
        ``rng`` as for ``forward`` (a fixed ``rng`` fixes the dropout masks)."""
        X = self._check_X(X)
        Y = self._check_y(y, X)
        return self._loss(self._forward(X, self._mode(X, training, rng)).Z[-1], Y)

    def loss_and_gradients(self, X, y, training=False, rng=None):
        """(loss, Gradients) in one forward and one backward pass; ``training``
        and ``rng`` as for ``forward``."""
        X = self._check_X(X)
        Y = self._check_y(y, X)
        training = self._mode(X, training, rng)
        return self._loss_and_gradients_unchecked(X, Y, training=training)

    def _check_optimiser(self, optimiser):
        if not isinstance(optimiser, Optimiser):
            raise TypeError(f"optimiser must be an nnlib Optimiser built on model.parameters(), got "
                            f"{type(optimiser).__name__}. Example: nnlib.SGD(model.parameters(), lr=0.1).")
        params = self.parameters()
        if len(optimiser.params) != len(params) or any(p is not q for p, q in zip(optimiser.params, params)):
            raise ValueError("this optimiser was built on other arrays than this model's parameters, so stepping it "
                             "would train nothing here. Build it with optimiser=nnlib.SGD(model.parameters(), lr=...).")
        if self.penalty == "l1" and self.l1_step == "proximal" and not isinstance(optimiser, SGD):
            raise ValueError(f"the proximal L1 step (l1_step='proximal') is a plain gradient step followed by a soft "
                             f"threshold and needs the SGD optimiser, got {type(optimiser).__name__}. Use SGD, or "
                             "build the model with l1_step='subgradient'.")
        return optimiser

    def train_step(self, X, y, optimiser: Optimiser) -> float:
        """One forward pass, backward pass and update of every parameter.

        Parameters
        ----------
        X : (n_samples, n_in) batch; y : its targets, as for ``fit``.
        optimiser : an ``Optimiser`` built on ``self.parameters()``.

        Returns the batch's loss (penalty included) *before* the update.
        """
        X = self._check_X(X)
        Y = self._check_y(y, X)
        self._mode(X, True, None)
        return self._train_step(X, Y, self._check_optimiser(optimiser))

    def fit(self, X, y, optimiser="sgd", lr=None, n_epochs=100, batch_size=None, rng=None, validation_data=None,
            early_stopping=None, **optimiser_kwargs):
        """Train with mini-batches; ``batch_size=None`` is full-batch gradient descent.

        ``optimiser`` is a name ("sgd", "momentum", "rmsprop", "adam"), built
        here with ``lr`` (default 0.1) and ``optimiser_kwargs``, or an
        ``Optimiser`` already built on ``self.parameters()`` (then pass no
        ``lr`` or other settings: it has its own). Records ``loss_curve_``:
        the mean batch loss of each epoch, each batch's loss taken before its
        update (penalty included; in training mode). ``rng`` shuffles the
        batches and draws the dropout masks.

        ``validation_data=(X_val, y_val)`` records ``val_loss_curve_`` (the
        data loss in evaluation mode after each epoch) and ``best_epoch_``;
        ``early_stopping=k`` stops after k epochs without a new best
        validation loss and restores the parameters (and batch norm's running
        statistics) of the best epoch (chapter 12). ``n_epochs_run_`` is the
        number of epochs trained. Returns ``self``.
        """
        X = self._check_X(X)
        Y = self._check_y(y, X)
        n_epochs = check_int(n_epochs, "n_epochs")
        batch_size = X.shape[0] if batch_size is None else check_int(batch_size, "batch_size")
        if self.normalisation == "batch" and (min(batch_size, X.shape[0]) < 2 or X.shape[0] % batch_size == 1):
            raise ValueError(f"batch normalisation needs at least 2 examples in every mini-batch, but batch_size="
                             f"{batch_size} with {X.shape[0]} examples leaves a batch of 1. Choose another batch_size.")
        if early_stopping is not None:
            early_stopping = check_int(early_stopping, "early_stopping")
            if validation_data is None:
                raise ValueError("early_stopping watches the validation loss: pass validation_data=(X_val, y_val).")
        if validation_data is not None:
            if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
                raise TypeError(f"validation_data must be a pair (X_val, y_val), got {type(validation_data).__name__}.")
            X_val = self._check_X(validation_data[0])
            Y_val = self._check_y(validation_data[1], X_val)
        if isinstance(optimiser, Optimiser):
            if lr is not None or optimiser_kwargs:
                given = (["lr"] if lr is not None else []) + sorted(optimiser_kwargs)
                raise ValueError(f"fit got an Optimiser object and also {given}; an optimiser object keeps its own "
                                 "settings. Set them when building it, or pass the optimiser's name instead.")
            opt = self._check_optimiser(optimiser)
        else:
            opt = self._check_optimiser(get_optimiser(optimiser, self.parameters(), lr=0.1 if lr is None else lr,
                                                      **optimiser_kwargs))
        rng = check_rng(rng)
        self._dropout_rng = rng
        self.loss_curve_, self.val_loss_curve_, self.best_epoch_ = [], [], None
        best, best_state = np.inf, None
        for epoch in range(n_epochs):
            losses, sizes = [], []
            for Xb, Yb in _minibatches(X, Y, batch_size, rng, batch_size < X.shape[0]):
                losses.append(self._train_step(Xb, Yb, opt))
                sizes.append(Xb.shape[0])
            self.loss_curve_.append(float(np.average(losses, weights=sizes)))
            if validation_data is None:
                continue
            val = float(self.loss_fn.unchecked_value(self._forward(X_val).Z[-1], Y_val))
            self.val_loss_curve_.append(val)
            if val < best:
                best, self.best_epoch_ = val, epoch
                if early_stopping is not None:
                    best_state = [a.copy() for a in self._state()]
            elif early_stopping is not None and epoch - self.best_epoch_ >= early_stopping:
                break
        self.n_epochs_run_ = len(self.loss_curve_)
        if best_state is not None:
            for a, saved in zip(self._state(), best_state):
                a[...] = saved
        return self

    def _state(self):
        """Every array training changes: the parameters and batch norm's running statistics."""
        return self.parameters() + self.running_means + self.running_vars

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
        extra = f", normalisation={self.normalisation!r}" if self.normalisation else ""
        if any(self.dropout):
            rates = self.dropout[0] if len(set(self.dropout)) == 1 else self.dropout
            extra += f", dropout={rates!r}"
        return f"MLP(layer_sizes={self.layer_sizes}, activation={act!r}, loss={self.loss_fn.name!r}{extra})"
