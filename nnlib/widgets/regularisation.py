"""The lambda slider of chapter 9: an L2 or L1 penalty on an overfitting model.

The model is logistic regression on all monomials of the two inputs up to a
high degree (44 features for degree 8) fitted to 40 noisy "moons": with no
penalty it bends its boundary around every training point (lowest train loss,
high test loss); a moderate lambda gives a smoother boundary and a lower test
loss; a large one underfits. Fitting uses accelerated proximal gradient
descent (FISTA) for a fixed number of steps, vectorised so one fit takes a few
milliseconds and the slider can refit live.
"""

from __future__ import annotations


import numpy as np

from .._validation import check_2d, check_choice, check_int, check_positive
from ..activations import sigmoid
from ..losses import binary_cross_entropy_with_logits as _bce
from .rendering import BlitView, live_slider, new_figure
from .static import _ipywidgets, precomputed_slider, static_mode

DEFAULT_LAMBDAS = (0.0, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1, 1.0)


def polynomial_features(X, degree=8):
    """All monomials x1^i x2^j with 1 <= i + j <= degree: ``(n, 2) -> (n, degree (degree + 3) / 2)``."""
    X = check_2d(X)
    if X.shape[1] != 2:
        raise ValueError(f"polynomial_features expects 2 input columns, got X of shape {X.shape}.")
    degree = check_int(degree, "degree")
    return np.column_stack([X[:, 0] ** (d - j) * X[:, 1] ** j for d in range(1, degree + 1) for j in range(d + 1)])


def fit_penalised_logistic(P, y, penalty="l2", lam=0.0, n_iter=1500):
    """Penalised logistic regression by FISTA for ``n_iter`` steps from zero weights.

    Minimises mean BCE + (lam/2)||w||^2 (``"l2"``) or + lam ||w||_1 (``"l1"``);
    the intercept is not penalised. The step is 1/L with L = 0.25 lambda_max(P^T P / n)
    (+ lam for L2), the loss's largest curvature. ``P`` is ``(n, n_features)``,
    ``y`` ``(n,)`` in {0, 1}. Returns ``(w, b)`` with ``w`` of shape ``(n_features,)``.
    """
    P = check_2d(P)
    y = np.asarray(y, dtype=np.float64)
    check_choice(penalty, "penalty", {"l1", "l2"})
    lam = check_positive(lam, "lam", allow_zero=True)
    n, d = P.shape
    Q = np.column_stack([P, np.ones(n)])
    L = 0.25 * np.linalg.eigvalsh(Q.T @ Q / n)[-1] + (lam if penalty == "l2" else 0.0)
    lr = 1.0 / L
    theta = np.zeros(d + 1)
    momentum_point, t = theta.copy(), 1.0
    l2 = lam if penalty == "l2" else 0.0
    for _ in range(check_int(n_iter, "n_iter")):
        g = Q.T @ (sigmoid(Q @ momentum_point) - y) / n
        g[:d] += l2 * momentum_point[:d]
        new = momentum_point - lr * g
        if penalty == "l1":
            new[:d] = np.sign(new[:d]) * np.maximum(np.abs(new[:d]) - lr * lam, 0.0)
        t_next = 0.5 * (1 + np.sqrt(1 + 4 * t * t))
        momentum_point = new + (t - 1) / t_next * (new - theta)
        theta, t = new, t_next
    return theta[:d], float(theta[d])


class OverfittingDemo:
    """Data, features and fits for the lambda slider.

    ``X_train (n_train, 2)``, ``X_test (n_test, 2)``, labels ``(n,)``; the
    polynomial features are standardised with the training set's statistics.
    ``fit(penalty, lam)`` returns ``(w, b)``; ``losses(w, b)`` returns
    ``(train_bce, test_bce)`` (data loss only, without the penalty).
    """

    def __init__(self, n_train=40, n_test=500, noise=0.3, degree=8, n_iter=1500, rng=3):
        from ..data import StandardScaler, make_moons

        rng = np.random.default_rng(rng)
        self.X_train, self.y_train = make_moons(n_train, noise=noise, rng=rng)
        self.X_test, self.y_test = make_moons(n_test, noise=noise, rng=rng)
        self.degree, self.n_iter = degree, n_iter
        self.scaler = StandardScaler().fit(polynomial_features(self.X_train, degree))
        self.P_train = self.features(self.X_train)
        self.P_test = self.features(self.X_test)
        self._cache = {}

    def features(self, X):
        """Standardised polynomial features of ``X (m, 2)``: ``(m, n_features)``."""
        return self.scaler.transform(polynomial_features(X, self.degree))

    def fit(self, penalty, lam):
        key = (penalty, float(lam))
        if key not in self._cache:
            self._cache[key] = fit_penalised_logistic(self.P_train, self.y_train, penalty, lam, self.n_iter)
        return self._cache[key]

    def losses(self, w, b):
        return (_bce(self.P_train @ w + b, self.y_train), _bce(self.P_test @ w + b, self.y_test))

    def loss_table(self, penalty, lambdas):
        """``(len(lambdas), 2)`` array of (train, test) losses, one fit per lambda."""
        return np.array([self.losses(*self.fit(penalty, lam)) for lam in lambdas])


def _boundary_grid(demo, resolution):
    lo = np.minimum(demo.X_train.min(axis=0), demo.X_test.min(axis=0)) - 0.3
    hi = np.maximum(demo.X_train.max(axis=0), demo.X_test.max(axis=0)) + 0.3
    xx, yy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    return xx, yy, demo.features(np.column_stack([xx.ravel(), yy.ravel()]))


class RegularisationView(BlitView):
    """The lambda slider's two-panel figure; ``view(lam)`` refits if needed and
    returns PNG bytes, redrawing only the boundary, the points over it, the
    title and the marker.

    Left: the decision boundary at ``lam`` over train (dark) and test (faint)
    points. Right: train and test loss against lambda (lambda = 0 drawn at the
    left edge), with ``lam`` marked. ``view.fig`` is the matplotlib Figure.
    """

    def __init__(self, demo, penalty="l2", lambdas=DEFAULT_LAMBDAS, table=None, resolution=70, dpi=72):
        from matplotlib.ticker import NullLocator

        from ..plotting.curves import CLASS_COLOURS

        self.demo, self.penalty, self.lambdas, self.dpi = demo, penalty, tuple(lambdas), dpi
        self.table = demo.loss_table(penalty, self.lambdas) if table is None else table
        self.fig = new_figure((9, 3.8), dpi)
        self.ax_b, self.ax_l = self.fig.subplots(1, 2)
        self.fig.subplots_adjust(left=0.07, right=0.98, bottom=0.14, top=0.9, wspace=0.25)
        self.xx, self.yy, self.grid_features = _boundary_grid(demo, resolution)
        ax_b, ax_l = self.ax_b, self.ax_l
        ax_b.set_xlim(self.xx.min(), self.xx.max())
        ax_b.set_ylim(self.yy.min(), self.yy.max())
        ax_b.set_xlabel("$x_1$")
        ax_b.set_ylabel("$x_2$")
        self._fields = []  # boundary artists of the current lam, redrawn under the points
        points = []
        for label, colour, marker in ((0, CLASS_COLOURS[0], "o"), (1, CLASS_COLOURS[1], "s")):
            te, tr = demo.y_test == label, demo.y_train == label
            points.append(ax_b.scatter(*demo.X_test[te].T, s=5, c=colour, marker=marker, alpha=0.25, zorder=2))
            points.append(ax_b.scatter(*demo.X_train[tr].T, s=28, c=colour, marker=marker, edgecolors="k",
                                       linewidths=0.6, zorder=3))
        self._points = points
        positive = [v for v in self.lambdas if v > 0]
        self.zero_at = min(positive) / 3
        xs = np.array([v if v > 0 else self.zero_at for v in self.lambdas])
        ax_l.plot(xs, self.table[:, 0], "o-", label="train", color="#0072B2")
        ax_l.plot(xs, self.table[:, 1], "s-", label="test", color="#D55E00")
        ax_l.set_xscale("log")
        ax_l.xaxis.set_minor_locator(NullLocator())
        ax_l.set_xticks([self.zero_at] + positive[::2])
        ax_l.set_xticklabels(["0"] + [f"{v:g}" for v in positive[::2]], fontsize=8)
        ax_l.set_xlabel("lambda")
        ax_l.set_ylabel("mean cross-entropy")
        ax_l.legend(fontsize="small", loc="upper right")
        ax_b.set_title(" ", fontsize=9)
        self.marker = ax_l.axvline(self.zero_at, color="k", linestyle="--", linewidth=1)

    def update(self, lam):
        for artist in self._fields:
            artist.remove()
        w, b = self.demo.fit(self.penalty, lam)
        p = sigmoid(self.grid_features @ w + b).reshape(self.xx.shape)
        filled = self.ax_b.contourf(self.xx, self.yy, p, levels=np.linspace(0, 1, 11), cmap="RdBu_r",
                                    alpha=0.3, vmin=0, vmax=1, zorder=0)
        line = self.ax_b.contour(self.xx, self.yy, p, levels=[0.5], colors="k", linewidths=1.2, zorder=1)
        self._fields = [filled, line]
        train, test = self.demo.losses(w, b)
        zeros = int(np.sum(w == 0))
        self.ax_b.title.set_text(f"{self.penalty.upper()}, lambda = {lam:g}: train {train:.3f}, test {test:.3f}"
                                 + (f", {zeros}/{w.size} weights = 0" if self.penalty == "l1" else ""))
        x = lam if lam > 0 else self.zero_at
        self.marker.set_xdata([x, x])
        # Draw order over the background: boundary, then the points on top of it.
        self._animated = []
        self.animate(filled, line, *self._points, self.ax_b.title, self.marker)


def lambda_slider(penalty="l2", lambdas=DEFAULT_LAMBDAS, demo=None, value=None, static=None):
    """A slider over the penalty strength lambda for the overfitting demo.

    Live (in a kernel): moving it refits the model at that lambda and redraws
    the boundary and the loss-versus-lambda plot. Static (``static_mode``):
    one precomputed image per lambda, switched in the browser. Returns an
    ``ipywidgets.VBox`` whose first child is the slider.
    """
    widgets = _ipywidgets()
    check_choice(penalty, "penalty", {"l1", "l2"})
    demo = OverfittingDemo() if demo is None else demo
    lambdas = tuple(float(v) for v in lambdas)
    render_png = RegularisationView(demo, penalty, lambdas)
    options = [(f"{v:g}", v) for v in lambdas]
    value = lambdas[len(lambdas) // 2] if value is None else float(value)
    if static_mode(static):
        return precomputed_slider(options, lambda lam: render_png.png(lam, small=True),
                                  description=f"{penalty.upper()} lambda", value=value, figure=render_png.fig)
    return live_slider(options, render_png, f"{penalty.upper()} lambda", value, widgets)
