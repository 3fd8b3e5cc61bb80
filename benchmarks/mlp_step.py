"""1. One training step of a 784-128-64-10 ReLU MLP (softmax cross-entropy, SGD).

Three contenders, timed side by side in one run (``common.interleaved``):

* ``nnlib``  - ``MLP.fit`` with an ``SGD`` optimiser, full batch, 10 epochs per
  call (so 10 steps), the time divided by 10: the training hot path, with the
  data validated once per call as a real ``fit`` does (one-hot float targets of
  the model's dtype).
* ``floor``  - only the step's matrix products, into preallocated outputs:
  forward 3 GEMMs (X W1^T, A1 W2^T, A2 W3^T), backward dW 3 GEMMs
  (delta^T A for each layer) and dX 2 GEMMs (delta W for layers 3 and 2; the
  input layer needs no dX). No bias, activation, loss or update: a step
  cannot be faster than this with the same BLAS.
* ``torch``  - PyTorch CPU eager: ``nn.Sequential`` of ``Linear``/``ReLU``,
  ``CrossEntropyLoss``, ``torch.optim.SGD``; ``zero_grad``, forward, loss,
  ``backward``, ``step``.
"""

from __future__ import annotations

import numpy as np

from .common import interleaved, paired_ratio, summary

SIZES = [784, 128, 64, 10]
LR = 0.01
STEPS_PER_CALL = 10


def _nnlib_step(X, Y, dtype):
    from nnlib.models import MLP
    from nnlib.optimisers import SGD

    model = MLP(SIZES, activation="relu", loss="softmax_cross_entropy", rng=1, dtype=dtype)
    opt = SGD(model.parameters(), lr=LR)
    # A tiny learning rate keeps the weights (and so the timings) stationary. One full-batch epoch
    # of fit is one training step on the hot path (the data are validated once per fit call, as in training:
    # STEPS_PER_CALL steps per call amortise it the way a real fit's epochs do).
    return lambda: model.fit(X, Y, optimiser=opt, n_epochs=STEPS_PER_CALL), model


def _floor_step(X, weights, dtype):
    n = X.shape[0]
    W1, W2, W3 = (np.ascontiguousarray(W) for W in weights)
    Z1, Z2, Z3 = (np.empty((n, k), dtype) for k in SIZES[1:])
    dW1, dW2, dW3 = (np.empty_like(W) for W in (W1, W2, W3))
    dA1, dA2 = np.empty((n, SIZES[1]), dtype), np.empty((n, SIZES[2]), dtype)

    def step():
        np.matmul(X, W1.T, out=Z1)      # forward
        np.matmul(Z1, W2.T, out=Z2)
        np.matmul(Z2, W3.T, out=Z3)
        np.matmul(Z3.T, Z2, out=dW3)    # backward: dW = delta^T A
        np.matmul(Z2.T, Z1, out=dW2)
        np.matmul(Z1.T, X, out=dW1)
        np.matmul(Z3, W3, out=dA2)      # backward: dA = delta W (not for the input layer)
        np.matmul(Z2, W2, out=dA1)
    return step


def _torch_step(X, y, dtype, threads):
    import torch

    torch.set_num_threads(threads)
    torch.manual_seed(1)
    tdtype = torch.float32 if dtype == np.float32 else torch.float64
    layers = []
    for i, (n_in, n_out) in enumerate(zip(SIZES[:-1], SIZES[1:])):
        layers.append(torch.nn.Linear(n_in, n_out))
        if i < len(SIZES) - 2:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers).to(tdtype)
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    loss_fn = torch.nn.CrossEntropyLoss()
    tx, ty = torch.from_numpy(X), torch.from_numpy(y.astype(np.int64))

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(tx), ty)
        loss.backward()
        opt.step()
    return step


def torch_available():
    try:
        import torch  # noqa: F401
        return True, None
    except ImportError as exc:
        return False, f"PyTorch not installed ({exc}); pip install -e \".[torch]\" (the pin is in pyproject.toml) for the comparison"


def run(threads, batches=(32, 256), dtypes=(np.float32, np.float64), rounds=40, log=print):
    """Return a list of result rows, one per (dtype, batch), times in microseconds."""
    from threadpoolctl import threadpool_limits

    have_torch, why = torch_available()
    rows = []
    with threadpool_limits(limits=threads):
        for dtype in dtypes:
            for batch in batches:
                rng = np.random.default_rng(0)
                X = rng.standard_normal((batch, SIZES[0])).astype(dtype)
                y = rng.integers(0, SIZES[-1], size=batch)
                Y = np.eye(SIZES[-1], dtype=dtype)[y]
                nn_step, model = _nnlib_step(X, Y, dtype)
                contenders = {"nnlib": nn_step, "floor": _floor_step(X, model.weights, dtype)}
                if have_torch:
                    contenders["torch"] = _torch_step(X, y, dtype, threads)
                times = interleaved(contenders, rounds=rounds)
                times["nnlib"] = [t / STEPS_PER_CALL for t in times["nnlib"]]   # per step
                row = {"dtype": np.dtype(dtype).name, "batch": batch, "threads": threads,
                       "us_per_step": {k: summary([t * 1e6 for t in v]) for k, v in times.items()},
                       "nnlib_over_floor": paired_ratio(times["nnlib"], times["floor"]),
                       "nnlib_over_torch": paired_ratio(times["nnlib"], times["torch"]) if have_torch else None}
                if not have_torch:
                    row["us_per_step"]["torch"] = None
                    row["torch_missing"] = why
                rows.append(row)
                log(f"  mlp step {row['dtype']} batch {batch} threads {threads}: "
                    + ", ".join(f"{k} {v['median']:.0f} us" for k, v in row["us_per_step"].items() if v))
    return rows
