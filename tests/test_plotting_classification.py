"""nnlib.plotting.classification (chapters 11-13): each function draws what it says on the given ax."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnlib.plotting.classification import (draw_digits, plot_class_regions, plot_confusion_matrix,  # noqa: E402
                                           plot_learning_curves)


def test_class_regions_colour_by_argmax_and_draw_every_point():
    X = np.array([[-1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    y = np.array([0.0, 1.0, 2.0])
    fig, ax = plt.subplots()
    # class = which coordinate is largest among (-x1, x1, x2)
    out = plot_class_regions(ax, lambda P: np.eye(3)[np.argmax(np.column_stack([-P[:, 0], P[:, 0], P[:, 1]]), 1)],
                             X, y, resolution=20)
    assert out is ax
    img = ax.images[0].get_array()
    assert img.shape == (20, 20, 3)
    # bottom-left pixel is class 0 (blue-ish: more blue than red), bottom-right class 1 (orange: more red)
    assert img[0, 0, 2] > img[0, 0, 0] and img[0, -1, 0] > img[0, -1, 2]
    assert sum(len(c.get_offsets()) for c in ax.collections) == 3
    plt.close(fig)
    with pytest.raises(ValueError, match="n_classes"):
        plot_class_regions(plt.subplots()[1], lambda P: P[:, 0], X, y, resolution=5)


def test_learning_curves_and_best_epoch():
    fig, ax = plt.subplots()
    plot_learning_curves(ax, [3, 2, 1], [3, 2.5, 2.7], best_epoch=1)
    assert [l.get_label() for l in ax.get_lines()] == ["train", "validation", "kept (epoch 2)"]
    assert ax.get_lines()[2].get_xdata()[0] == 2
    with pytest.raises(ValueError, match="one value per epoch"):
        plot_learning_curves(ax, [1, 2], [1])
    plt.close(fig)


def test_confusion_matrix_writes_the_counts():
    fig, ax = plt.subplots()
    plot_confusion_matrix(ax, np.array([[5, 1], [0, 7]]))
    assert sorted(t.get_text() for t in ax.texts) == ["1", "5", "7"]
    assert ax.get_xlabel() == "predicted class" and ax.get_ylabel() == "true class"
    with pytest.raises(ValueError, match="square"):
        plot_confusion_matrix(ax, np.ones((2, 3)))
    plt.close(fig)


def test_draw_digits_lays_out_a_grid_with_titles():
    images = np.arange(5 * 64, dtype=float).reshape(5, 64)
    fig, ax = plt.subplots()
    draw_digits(ax, images, titles=list("abcde"), n_cols=3)
    canvas = ax.images[0].get_array()
    assert canvas.shape == (2 * (8 + 1 + 3), 3 * (8 + 1))
    assert np.array_equal(canvas[:8, 9:17], images[1].reshape(8, 8))
    assert [t.get_text() for t in ax.texts] == list("abcde")
    with pytest.raises(ValueError, match="square number"):
        draw_digits(ax, np.ones((2, 10)))
    plt.close(fig)
