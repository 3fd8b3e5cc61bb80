"""Tests for nnlib.landscapes, nnlib.plotting.landscapes and the chapter 9/10 widgets."""

import numpy as np
import pytest

from nnlib import LogisticRegression
from nnlib.gradcheck import numerical_gradient, rel_error
from nnlib.data import polynomial_features
from nnlib.landscapes import (RACE_SETTINGS, beale, ill_conditioned_quadratic, quadratic, race_paths, rosenbrock,
                              run_path, suboptimality)
from nnlib.regularisation import OverfittingDemo

LANDSCAPES = [ill_conditioned_quadratic(25.0), rosenbrock(), beale(),
              quadratic([[2.0, 0.5], [0.5, 1.0]], [1.0, -1.0])]


@pytest.mark.parametrize("landscape", LANDSCAPES, ids=lambda L: L.name)
def test_gradient_matches_finite_differences(landscape, rng):
    for x in rng.uniform(-1.5, 1.5, size=(5, 2)):
        numeric = numerical_gradient(lambda z: landscape.value(z), x)
        assert rel_error(landscape.gradient(x), numeric) < 1e-7


@pytest.mark.parametrize("landscape", LANDSCAPES, ids=lambda L: L.name)
def test_minimum_is_stationary_and_lowest(landscape, rng):
    assert np.allclose(landscape.gradient(landscape.minimum), 0, atol=1e-10)
    (x_lo, x_hi), (y_lo, y_hi) = landscape.bounds
    pts = np.column_stack([rng.uniform(x_lo, x_hi, 500), rng.uniform(y_lo, y_hi, 500)])
    assert np.all(landscape.value(pts) >= landscape.value(landscape.minimum) - 1e-12)


def test_value_on_grid_has_grid_shape():
    grid = np.zeros((4, 3, 2))
    assert rosenbrock().value(grid).shape == (4, 3)


def test_quadratic_minimum_is_closed_form():
    A, b = np.array([[3.0, 1.0], [1.0, 2.0]]), np.array([1.0, 2.0])
    assert np.allclose(quadratic(A, b).minimum, np.linalg.solve(A, b))


def test_gd_edge_of_stability():
    landscape = ill_conditioned_quadratic(10.0)  # eigenvalues 1 and 10: L = 10
    converge = run_path(landscape, "sgd", 400, lr=1.9 / 10)
    diverge = run_path(landscape, "sgd", 400, lr=2.1 / 10)
    assert np.linalg.norm(converge[-1] - landscape.minimum) < 1e-8
    assert np.linalg.norm(diverge[-1] - landscape.minimum) > 1e3


@pytest.mark.parametrize("bad, error", [(np.eye(3), ValueError), ([[1.0, 2.0], [0.0, 1.0]], ValueError),
                                        ([[-1.0, 0.0], [0.0, 1.0]], ValueError)])
def test_quadratic_rejects_bad_matrices(bad, error):
    with pytest.raises(error, match="A must be"):
        quadratic(bad)


def test_bad_points_are_rejected():
    with pytest.raises(ValueError, match=r"shape \(2,\)"):
        rosenbrock().value(np.zeros(3))
    with pytest.raises(ValueError, match="one point"):
        rosenbrock().gradient(np.zeros(3))
    with pytest.raises(ValueError, match="condition"):
        ill_conditioned_quadratic(0.5)


def test_polynomial_features_count_and_values():
    X = np.array([[2.0, 3.0]])
    P = polynomial_features(X, 3)
    assert P.shape == (1, 9)
    assert sorted(P[0].tolist()) == sorted([2, 3, 4, 6, 9, 8, 12, 18, 27])
    with pytest.raises(ValueError, match="2 input columns"):
        polynomial_features(np.zeros((2, 3)), 2)


@pytest.mark.parametrize("penalty", ["l1", "l2"])
def test_fista_agrees_with_gradient_descent(penalty, rng):
    X = rng.standard_normal((120, 4))
    y = (X @ np.array([1.5, -1.0, 0.0, 0.0]) + 0.5 * rng.standard_normal(120) > 0).astype(float)
    fista = LogisticRegression(solver="fista", max_iter=3000, tol=1e-12, penalty=penalty, lam=0.05).fit(X, y)
    ref = LogisticRegression(lr=1.0, max_iter=20_000, tol=1e-10, penalty=penalty, lam=0.05).fit(X, y)
    assert fista.converged_ and ref.converged_
    assert fista.n_iter_ < ref.n_iter_  # fewer steps to the same point, with a tighter tolerance
    assert np.allclose(fista.coef_, ref.coef_, atol=1e-6)
    assert abs(fista.intercept_ - ref.intercept_) < 1e-6
    if penalty == "l1":
        assert np.array_equal(fista.coef_ == 0, ref.coef_ == 0) and np.sum(ref.coef_ == 0) >= 1


def test_overfitting_demo_uses_three_disjoint_splits_and_validation():
    demo = OverfittingDemo()
    table = demo.loss_table("l2", (0.0, 0.1))
    assert table[0, 0] < table[1, 0]  # no penalty fits the training set best
    assert table[1, 1] < table[0, 1]  # and does worse on the validation set
    lambdas = (0.0, 1e-3, 1e-2, 0.1, 1.0)
    best = demo.best_lambda("l2", lambdas)
    assert best == lambdas[int(np.argmin(demo.loss_table("l2", lambdas)[:, 1]))]
    assert len(demo.X_val) == 200 and len(demo.X_test) == 500
    # the splits are independent draws: no point is shared
    assert not (set(map(tuple, demo.X_train)) & set(map(tuple, demo.X_val)) & set(map(tuple, demo.X_test)))
    w, b = demo.fit("l2", best)
    assert np.isfinite(demo.test_loss(w, b))


def test_race_and_suboptimality():
    paths = race_paths(n_steps=20)
    assert list(paths) == list(RACE_SETTINGS) and all(p.shape == (21, 2) for p in paths.values())
    landscape = rosenbrock()
    gap = suboptimality(landscape, paths["GD"])
    assert gap.shape == (21,) and np.all(gap >= 0)
    assert gap[0] == pytest.approx(landscape.value(landscape.x0))  # f(x*) = 0 at Rosenbrock's minimum
    with pytest.raises(TypeError, match="settings"):
        race_paths(settings=[("sgd", {})])


def test_widgets_live_and_static():
    pytest.importorskip("ipywidgets")
    from nnlib.widgets import lambda_slider, learning_rate_slider, optimiser_race

    demo = OverfittingDemo(max_iter=50)
    for make in (lambda s: lambda_slider("l1", (0.0, 0.1), demo=demo, static=s),
                 lambda s: learning_rate_slider(lrs=[0.05, 0.1], curvature=10.0, n_steps=5, static=s),
                 lambda s: optimiser_race(n_steps=20, n_frames=3, static=s)):
        static = make(True)
        slider, stack = static.children
        assert len(stack.children) == len(slider.options)
        assert stack.children[0].value[:4] == b"\x89PNG"
        live = make(False)
        slider, image = live.children
        before = image.value
        slider.index = 0 if slider.index != 0 else 1
        assert image.value != before and image.value[:4] == b"\x89PNG"


def test_plot_landscape_draws_paths():
    plt = pytest.importorskip("matplotlib.pyplot", reason="plotting needs matplotlib (the plot extra)")

    from nnlib.plotting import plot_landscape, plot_path_losses

    landscape = rosenbrock()
    paths = {"GD": run_path(landscape, "sgd", 10, lr=1e-3)}
    fig, (a, b) = plt.subplots(1, 2)
    plot_landscape(a, landscape, paths)
    plot_path_losses(b, landscape, paths)
    assert len(b.get_lines()) == 1
    with pytest.raises(ValueError, match="n_steps"):
        plot_landscape(a, landscape, {"bad": np.zeros((3, 3))})
    with pytest.raises(TypeError, match="dict"):
        plot_landscape(a, landscape, [np.zeros((3, 2))])
