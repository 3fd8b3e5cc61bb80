"""The init-scale explorer's JavaScript computes what nnlib computes (issue 15).

Writes a fixture from nnlib (the portable stream, deep_signal_statistics,
mean_field_variance, layer_histograms) for a grid of settings, then runs
``node --test tests/js/test_explorer.mjs`` on it: draws equal to 1e-12,
per-layer statistics to 1e-6 relative, the same infinities and zeros.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from nnlib.diagnostics import MEAN_FIELD_POINTS, deep_signal_statistics, gauss_hermite_normal, mean_field_variance
from nnlib.plotting import heatmap_range, layer_histograms
from nnlib.portable import (portable_cos_2pi, portable_exp, portable_log, portable_sigmoid, portable_tanh,
                            standard_normal)

ROOT = Path(__file__).resolve().parents[1]
ACTIVATIONS = ("tanh", "relu", "sigmoid", "identity")
SCALES = (0.05, 1.0, float(np.sqrt(2)), 3.3, 20.0)
DEPTHS = (1, 7, 50, 100)
SEEDS = (0, 3_141_592_653)
WIDTH, N_SAMPLES, BINS = 64, 64, 60


def encode(values):
    return [v if np.isfinite(v) else ("nan" if np.isnan(v) else ("inf" if v > 0 else "-inf"))
            for v in np.asarray(values, dtype=np.float64).ravel().tolist()]


def _case(scale, activation, depth, width, n_samples, seed):
    s = deep_signal_statistics(scale, depth, width, n_samples, activation, rng=seed)
    range_a = heatmap_range("activations", activation, s.act_std[0])
    range_g = heatmap_range("gradients", activation, s.grad_std[-1])
    return {
        "setting": {"scale": scale, "activation": activation, "depth": depth, "width": width,
                    "n_samples": n_samples, "seed": seed, "bins": BINS},
        "stats": {k: encode(getattr(s, k)) for k in ("preact_mean", "preact_var", "act_mean", "act_var",
                                                      "act_second_moment", "grad_var", "grad_norm")},
        "predicted_var": encode(mean_field_variance(scale, depth, activation)),
        "range_activations": list(range_a), "range_gradients": list(range_g),
        "density_activations": encode(layer_histograms(s.activations, BINS, range_a)[0]),
        "density_gradients": encode(layer_histograms(s.gradients, BINS, range_g)[0]),
        # the ends of the two chains of ordered products, for the bit-for-bit check (deep cases only: size)
        "last_layer": ({"activations": encode(s.activations[-1]), "gradients": encode(s.gradients[0])}
                       if depth == 100 or width != WIDTH else None),
    }


def write_fixture(path):
    nodes, weights = gauss_hermite_normal(MEAN_FIELD_POINTS)   # the rule the widget sends to the browser
    draws = [{"seed": seed, "stream": stream, "start": start, "values": standard_normal(seed, stream, 500, start).tolist()}
             for seed in (0, 1, 2 ** 32 - 1) for stream in (0, 1, 2, 7) for start in (0, 123_456_789, 2 ** 32 - 500)]
    rng = np.random.default_rng(0)
    z = np.concatenate([rng.standard_normal(300) * 10.0 ** rng.uniform(-300, 3, 300), [0.0, -0.0, 1e-310, -800.0]])
    neg = -np.abs(z)
    u = (rng.integers(0, 2 ** 32, 300) + 0.5) / 2 ** 32
    functions = {"tanh": (z, portable_tanh(z)), "sigmoid": (z, portable_sigmoid(z)), "exp": (neg, portable_exp(neg)),
                 "log": (u, portable_log(u)), "cos2pi": (u, portable_cos_2pi(u))}
    cases = [_case(scale, activation, depth, WIDTH, N_SAMPLES, seed)
             for seed in SEEDS for activation in ACTIVATIONS for scale in SCALES for depth in DEPTHS]
    assert len(cases) == len(SEEDS) * len(ACTIVATIONS) * len(SCALES) * len(DEPTHS) == 160
    # shapes that are not multiples of the kernels' blocks (4 x 4 in WebAssembly, 2 x 4 in JavaScript), so
    # their edge code runs too: 13 samples x width 30 (and the weight gradient's 30 x 30 summed over 13)
    cases += [_case(scale, activation, 7, 30, 13, 5) for activation in ACTIVATIONS for scale in (1.0, 3.3)]
    path.write_text(json.dumps({
        "quadrature": {"nodes": nodes.tolist(), "weights": weights.tolist()}, "draws": draws, "cases": cases,
        "functions": {k: {"x": encode(x), "y": encode(y)} for k, (x, y) in functions.items()}}))


def test_javascript_explorer_equals_nnlib(tmp_path):
    node = shutil.which("node")
    assert node, "Node.js is needed (it also builds the site's assets): install it, e.g. apt-get install nodejs."
    fixture = tmp_path / "fixture.json"
    write_fixture(fixture)
    result = subprocess.run([node, "--test", str(ROOT / "tests" / "js" / "test_explorer.mjs")],
                            env={**os.environ, "NNLIB_EXPLORER_FIXTURE": str(fixture)},
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert "# pass 6" in result.stdout and "# fail 0" in result.stdout, result.stdout[-3000:]
