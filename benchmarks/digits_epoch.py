"""5. One training epoch on the UCI digits (chapter 12's network), nnlib against PyTorch.

The network is chapter 12's: 64-128-64-10, ReLU, softmax cross-entropy, plain
SGD (lr 0.05), mini-batches of 32 over the 1,079 training images (34 steps per
epoch, the last one of 23 images). Both contenders run on one thread and get
the same data, in the same dtype:

* ``nnlib`` - ``MLP.fit(X, y, optimiser=opt, n_epochs=1, batch_size=32)``
  with an ``SGD`` optimiser built once on the model (so an epoch is exactly
  what the chapter's ``fit`` does per epoch: shuffle, then one validated
  ``train_step`` per batch).
* ``torch`` - PyTorch CPU eager: ``nn.Sequential`` of ``Linear``/``ReLU``,
  ``CrossEntropyLoss``, ``torch.optim.SGD``; per epoch a ``torch.randperm``
  shuffle, then ``zero_grad``, forward, loss, ``backward``, ``step`` per batch.

Times are seconds per epoch; the ratio nnlib/torch is taken per round, the
two timed back to back (``common.interleaved``).
"""

from __future__ import annotations

import numpy as np

from .common import interleaved, paired_ratio, summary

SIZES = [64, 128, 64, 10]
LR = 0.05
BATCH = 32


def _data(dtype):
    from nnlib.data import StandardScaler, load_digits, train_val_test_split

    X, y = load_digits()
    X_train, _, _, y_train, _, _ = train_val_test_split(X, y, 0.2, 0.2, stratify=True, rng=0)
    return StandardScaler().fit_transform(X_train).astype(dtype), y_train


def _nnlib_epoch(X, y, dtype):
    from nnlib.models import MLP
    from nnlib.optimisers import SGD

    model = MLP(SIZES, activation="relu", loss="softmax_cross_entropy", rng=0, dtype=dtype)
    opt = SGD(model.parameters(), lr=LR)
    rng = np.random.default_rng(1)
    return lambda: model.fit(X, y, optimiser=opt, n_epochs=1, batch_size=BATCH, rng=rng)


def _torch_epoch(X, y, dtype):
    import torch

    torch.manual_seed(0)
    tdtype = torch.float32 if dtype == np.float32 else torch.float64
    layers = []
    for i, (n_in, n_out) in enumerate(zip(SIZES[:-1], SIZES[1:])):
        layers.append(torch.nn.Linear(n_in, n_out))
        if i < len(SIZES) - 2:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers).to(tdtype)
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    loss_fn = torch.nn.CrossEntropyLoss()
    tx, ty = torch.from_numpy(np.ascontiguousarray(X)), torch.from_numpy(y.astype(np.int64))

    def epoch():
        order = torch.randperm(tx.shape[0])
        for start in range(0, tx.shape[0], BATCH):
            idx = order[start:start + BATCH]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(tx[idx]), ty[idx])
            loss.backward()
            opt.step()
    return epoch


def run(dtypes=(np.float32, np.float64), rounds=15, log=print):
    """One row per dtype: seconds per epoch for each contender and the paired ratio (one thread each)."""
    from threadpoolctl import threadpool_limits

    from .mlp_step import torch_available

    have_torch, why = torch_available()
    rows = []
    with threadpool_limits(limits=1):
        if have_torch:
            import torch

            torch.set_num_threads(1)
        for dtype in dtypes:
            X, y = _data(dtype)
            contenders = {"nnlib": _nnlib_epoch(X, y, dtype)}
            if have_torch:
                contenders["torch"] = _torch_epoch(X, y, dtype)
            times = interleaved(contenders, rounds=rounds, warmup=2, block_s=0.05)
            row = {"dtype": np.dtype(dtype).name, "batch": BATCH, "threads": 1, "n_train": int(X.shape[0]),
                   "s_per_epoch": {k: summary(v) for k, v in times.items()},
                   "nnlib_over_torch": paired_ratio(times["nnlib"], times["torch"]) if have_torch else None}
            if not have_torch:
                row["s_per_epoch"]["torch"] = None
                row["torch_missing"] = why
            rows.append(row)
            log(f"  digits epoch {row['dtype']}: " + ", ".join(
                f"{k} {v['median'] * 1e3:.1f} ms" for k, v in row["s_per_epoch"].items() if v)
                + (f", nnlib/torch {row['nnlib_over_torch']['median']:.2f}" if have_torch else ""))
    return rows
