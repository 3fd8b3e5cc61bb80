"""Optimisers: gradient descent and its descendants (chapter 10).

Each optimiser is built on the list of parameter arrays it owns (for a model,
``model.parameters()``) and updates them *in place* with ``step(grads)``,
where ``grads`` is a list of arrays of the same shapes, in the same order.
The update rules, with g the gradient and lr the learning rate:

- SGD:       theta -= lr g                      (full batch: gradient descent)
- Momentum:  v = beta v + g;  theta -= lr v
- RMSprop:   s = rho s + (1 - rho) g^2;  theta -= lr g / (sqrt(s) + eps)
- Adam:      m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;
             theta -= lr m_hat / (sqrt(v_hat) + eps), m_hat = m / (1 - b1^t), v_hat = v / (1 - b2^t)
"""

from __future__ import annotations

import math

import numpy as np

from ._validation import as_float_array, check_choice, check_fraction, check_int, check_positive


class Optimiser:
    """Base class: owns ``params`` (a list of float arrays) and updates them in place."""

    def __init__(self, params, lr: float):
        if isinstance(params, np.ndarray):
            params = [params]
        params = list(params)
        if not params:
            raise ValueError("params is empty: pass the list of arrays to optimise, e.g. model.parameters().")
        for i, p in enumerate(params):
            if not isinstance(p, np.ndarray) or p.dtype.kind != "f":
                raise TypeError(f"params[{i}] must be a floating numpy array updated in place, "
                                f"got {type(p).__name__}{'' if not isinstance(p, np.ndarray) else ' of dtype ' + str(p.dtype)}.")
        self.params = params
        self.lr = check_positive(lr, "lr")
        self.t = 0

    def _check_grads(self, grads):
        if isinstance(grads, np.ndarray):
            grads = [grads]
        grads = list(grads)
        if len(grads) != len(self.params):
            raise ValueError(f"step() got {len(grads)} gradients for {len(self.params)} parameter arrays; "
                             "pass one gradient per parameter, in the order of params.")
        for i, (p, g) in enumerate(zip(self.params, grads)):
            if not isinstance(g, np.ndarray) or g.dtype.kind not in "fiu":
                raise TypeError(f"gradient {i} must be a numeric numpy array shaped like its parameter {p.shape}, "
                                f"got {type(g).__name__}. Pass np.asarray(...) of the gradient.")
            if g.shape != p.shape:
                raise ValueError(f"gradient {i} has shape {g.shape} but its parameter has shape {p.shape}.")
            # One reduction per array: a NaN or inf anywhere makes the sum non-finite.
            if not math.isfinite(float(np.add.reduce(g, axis=None))):
                raise ValueError(f"gradient {i} contains NaN or infinite values, so this step would poison the "
                                 "parameters. Training is diverging: lower lr (or check the data for NaN/inf).")
        return grads

    def step(self, grads) -> None:
        """Apply one update to every parameter, in place."""
        grads = self._check_grads(grads)
        self.t += 1
        for i, (p, g) in enumerate(zip(self.params, grads)):
            self._update(i, p, g)

    def _update(self, i, p, g):  # pragma: no cover - abstract
        raise NotImplementedError


class SGD(Optimiser):
    """theta -= lr * g. With the full data set's gradient this is gradient
    descent; with a mini-batch's, stochastic gradient descent."""

    def _update(self, i, p, g):
        p -= self.lr * g


class Momentum(Optimiser):
    """Heavy ball: v = beta v + g; theta -= lr v. Averages away oscillation
    across a valley and accelerates along it."""

    def __init__(self, params, lr: float = 0.01, beta: float = 0.9):
        super().__init__(params, lr)
        self.beta = check_fraction(beta, "beta")
        self.velocity = [np.zeros_like(p) for p in self.params]

    def _update(self, i, p, g):
        v = self.velocity[i]
        v *= self.beta
        v += g
        p -= self.lr * v


class RMSprop(Optimiser):
    """Divide each coordinate's step by a running RMS of its gradient, so
    steep and flat directions move at similar speeds."""

    def __init__(self, params, lr: float = 0.001, rho: float = 0.9, eps: float = 1e-8):
        super().__init__(params, lr)
        self.rho = check_fraction(rho, "rho")
        self.eps = check_positive(eps, "eps")
        self.square_avg = [np.zeros_like(p) for p in self.params]

    def _update(self, i, p, g):
        s = self.square_avg[i]
        s *= self.rho
        s += (1 - self.rho) * g * g
        p -= self.lr * g / (np.sqrt(s) + self.eps)


class Adam(Optimiser):
    """Momentum and RMSprop together, with bias correction for the zero start
    of both running averages (Kingma & Ba, 2015)."""

    def __init__(self, params, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8):
        super().__init__(params, lr)
        self.beta1 = check_fraction(beta1, "beta1")
        self.beta2 = check_fraction(beta2, "beta2")
        self.eps = check_positive(eps, "eps")
        self.m = [np.zeros_like(p) for p in self.params]
        self.v = [np.zeros_like(p) for p in self.params]

    def _update(self, i, p, g):
        m, v = self.m[i], self.v[i]
        m *= self.beta1
        m += (1 - self.beta1) * g
        v *= self.beta2
        v += (1 - self.beta2) * g * g
        m_hat = m / (1 - self.beta1 ** self.t)
        v_hat = v / (1 - self.beta2 ** self.t)
        p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


OPTIMISERS = {"sgd": SGD, "momentum": Momentum, "rmsprop": RMSprop, "adam": Adam}


def get_optimiser(name, params, **kwargs) -> Optimiser:
    """Build an optimiser by name ("sgd", "momentum", "rmsprop", "adam")."""
    check_choice(name, "optimiser", OPTIMISERS)
    return OPTIMISERS[name](params, **kwargs)


def minimise(grad_fn, x0, optimiser: str = "sgd", n_steps: int = 100, **kwargs):
    """Run an optimiser on a function of one array and return the path.

    ``grad_fn(x)`` returns the gradient at ``x``. Returns an array of shape
    ``(n_steps + 1, *x0.shape)`` holding x_0, x_1, ... (chapter 10's races).
    A run that diverges (an iterate beyond 1e150 or not finite) stops there
    and repeats its last finite point, so the path can still be drawn.
    """
    x = as_float_array(x0, "x0").astype(np.float64, copy=True)
    n_steps = check_int(n_steps, "n_steps", minimum=0)
    opt = get_optimiser(optimiser, [x], **kwargs)
    path = np.empty((n_steps + 1, *x.shape))
    path[0] = x
    for t in range(1, n_steps + 1):
        with np.errstate(over="ignore", invalid="ignore"):
            g = np.asarray(grad_fn(x), dtype=np.float64)
            if not np.all(np.isfinite(g)):  # diverged: the gradient itself overflowed
                path[t:] = path[t - 1]
                break
            opt.step([g])
        if not np.all(np.isfinite(x)) or np.max(np.abs(x), initial=0.0) > 1e150:
            path[t:] = path[t - 1]
            break
        path[t] = x
    return path
