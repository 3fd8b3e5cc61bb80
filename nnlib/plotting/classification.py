"""Figures for many classes and real data (chapters 11-13): class regions,
learning curves, a confusion matrix and a grid of digit images.

Every function draws on the ``ax`` it is given and returns it.
"""

from __future__ import annotations

import numpy as np

from .._validation import as_float_array

# Okabe-Ito, colour-blind safe; the first two are curves.CLASS_COLOURS.
from .style import PALETTE as _NAMED, plane_grid

# The book's palette (plotting.style), in the order classes 0, 1, ... take it: classes 0 and 1
# look as they do in every two-class figure.
PALETTE = tuple(_NAMED[k] for k in ("blue", "orange", "green", "purple", "sky", "vermillion", "yellow", "black"))
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


def plot_class_regions(ax, predict_proba, X, y, resolution=200, margin=0.5):
    """Colour the plane by the predicted class, paler where the model is unsure.

    Parameters
    ----------
    ax : matplotlib axis.
    predict_proba : callable mapping ``(m, 2)`` points to ``(m, n_classes)``
        probabilities (e.g. a softmax network's ``predict_proba``).
    X : (n_samples, 2) points, drawn on top; y : (n_samples,) labels 0..n_classes-1.
    resolution, margin : grid size and padding around the data.

    Returns ``ax``. Each class gets one colour and one marker (at most 8 classes).
    """
    from matplotlib.colors import to_rgb

    X, y, xx, yy, grid = plane_grid(X, y, margin, resolution, "class regions")
    lo, hi = (xx.min(), yy.min()), (xx.max(), yy.max())
    P = np.asarray(predict_proba(grid), dtype=np.float64)
    if P.ndim != 2 or P.shape[0] != xx.size:
        raise ValueError(f"predict_proba must return shape (m, n_classes) for m = {xx.size} points, got {P.shape}.")
    k = P.shape[1]
    if k > len(PALETTE):
        raise ValueError(f"at most {len(PALETTE)} classes can be coloured apart, got {k}.")
    colours = np.array([to_rgb(c) for c in PALETTE[:k]])
    # Mix each point's class colour with white by its confidence (1/k -> white, 1 -> full colour).
    conf = ((P.max(axis=1) - 1 / k) / (1 - 1 / k)).reshape(xx.shape + (1,))
    rgb = 1 - 0.45 * conf * (1 - colours[P.argmax(axis=1)].reshape(xx.shape + (3,)))
    ax.imshow(rgb, origin="lower", extent=(lo[0], hi[0], lo[1], hi[1]), aspect="auto", interpolation="nearest")
    for c in range(k):
        mask = y == c
        ax.scatter(X[mask, 0], X[mask, 1], s=16, c=PALETTE[c], marker=MARKERS[c], edgecolors="k",
                   linewidths=0.4, label=f"class {c}")
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_aspect("equal", adjustable="box")
    return ax


def plot_learning_curves(ax, train, val=None, best_epoch=None, ylabel="loss", log_scale=False, label=""):
    """Training (solid) and validation (dashed) curves per epoch, and the
    epoch early stopping chose (a dotted vertical line).

    Parameters
    ----------
    train : (n_epochs,) values on the training set; val : (n_epochs,) on the
        validation set, or None.
    best_epoch : index of the kept epoch, or None.
    label : prefix for the legend entries (to compare several runs on one ax).

    Returns ``ax``.
    """
    train = as_float_array(train, "train", ndim=1)
    epochs = np.arange(1, len(train) + 1)
    line, = ax.plot(epochs, train, label=f"{label}train".strip())
    if val is not None:
        val = as_float_array(val, "val", ndim=1)
        if val.shape != train.shape:
            raise ValueError(f"train and val must have one value per epoch each, got {train.shape} and {val.shape}.")
        ax.plot(epochs, val, "--", color=line.get_color(), label=f"{label}validation".strip())
    if best_epoch is not None:
        ax.axvline(best_epoch + 1, color="0.3", linestyle=":", label=f"{label}kept (epoch {best_epoch + 1})".strip())
    if log_scale:
        ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8)
    return ax


def plot_confusion_matrix(ax, cm, class_names=None, cmap="Blues"):
    """Draw a confusion matrix (rows: true class, columns: predicted) with its counts.

    Parameters
    ----------
    cm : (n_classes, n_classes) counts; ``cm[i, j]`` = examples of class i predicted as j.
    class_names : optional tick labels.

    Returns ``ax``.
    """
    cm = as_float_array(cm, "cm", ndim=2)
    if cm.shape[0] != cm.shape[1]:
        raise ValueError(f"a confusion matrix is square (n_classes, n_classes), got {cm.shape}.")
    k = cm.shape[0]
    names = [str(i) for i in range(k)] if class_names is None else [str(c) for c in class_names]
    ax.imshow(cm, cmap=cmap, vmin=0)
    threshold = cm.max() / 2
    for i in range(k):
        for j in range(k):
            if cm[i, j]:
                ax.text(j, i, f"{cm[i, j]:.0f}", ha="center", va="center", fontsize=8,
                        color="white" if cm[i, j] > threshold else "black")
    ax.set_xticks(range(k), names)
    ax.set_yticks(range(k), names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    return ax


def draw_digits(ax, images, titles=None, n_cols=10, cmap="gray_r"):
    """Draw square grey-scale images in a grid on one axis, with a title under each.

    Parameters
    ----------
    images : (n_images, side * side) or (n_images, side, side) pixel values.
    titles : optional list of n_images strings (e.g. "true 3, said 8").
    n_cols : images per row.

    Returns ``ax``.
    """
    images = as_float_array(images, "images", ndim=(2, 3))
    if images.ndim == 2:
        side = int(round(np.sqrt(images.shape[1])))
        if side * side != images.shape[1]:
            raise ValueError(f"each image must have a square number of pixels, got {images.shape[1]}.")
        images = images.reshape(-1, side, side)
    n, side = images.shape[0], images.shape[1]
    if titles is not None and len(titles) != n:
        raise ValueError(f"got {len(titles)} titles for {n} images.")
    n_cols = max(1, min(n_cols, n))
    n_rows = -(-n // n_cols)
    gap = 1
    title_rows = 3 if titles is not None else 0
    cell_w, cell_h = side + gap, side + gap + title_rows
    canvas = np.full((n_rows * cell_h, n_cols * cell_w), np.nan)
    for k in range(n):
        r, c = divmod(k, n_cols)
        canvas[r * cell_h:r * cell_h + side, c * cell_w:c * cell_w + side] = images[k]
    ax.imshow(canvas, cmap=cmap, vmin=np.nanmin(canvas), vmax=np.nanmax(canvas), interpolation="nearest")
    if titles is not None:
        for k, t in enumerate(titles):
            r, c = divmod(k, n_cols)
            ax.text(c * cell_w + side / 2 - 0.5, r * cell_h + side + 0.6, t, ha="center", va="top", fontsize=8)
    ax.set_axis_off()
    return ax
