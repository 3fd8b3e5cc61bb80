"""Timing helpers and the machine/version record shared by every benchmark."""

from __future__ import annotations

import os
import platform
import statistics
import time


def summary(values):
    """{"median", "min", "max", "n"} of a list of numbers (None if the list is empty)."""
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def _calibrate(fn, target_s):
    """How many calls of ``fn`` make one timed block of about ``target_s`` seconds."""
    t0 = time.perf_counter()
    fn()
    one = max(time.perf_counter() - t0, 1e-7)
    return max(1, int(round(target_s / one)))


def interleaved(contenders, rounds=30, warmup=20, block_s=0.01):
    """Time several callables side by side.

    Each round times one block of calls of every contender, in a rotating
    order, so that a burst of load from elsewhere on the machine hits all of
    them alike. Returns ``{name: [seconds per call, one per round]}``.
    """
    names = list(contenders)
    for name in names:
        for _ in range(warmup):
            contenders[name]()
    inner = {name: _calibrate(contenders[name], block_s) for name in names}
    times = {name: [] for name in names}
    for r in range(rounds):
        order = names[r % len(names):] + names[:r % len(names)]
        for name in order:
            fn, k = contenders[name], inner[name]
            t0 = time.perf_counter()
            for _ in range(k):
                fn()
            times[name].append((time.perf_counter() - t0) / k)
    return times


def paired_ratio(times_a, times_b):
    """Summary of the per-round ratios a/b (each round's a and b ran back to back)."""
    return summary([a / b for a, b in zip(times_a, times_b)])


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_info():
    info = {"cpu": cpu_model(), "logical_cores": os.cpu_count(), "platform": platform.platform()}
    try:
        info["usable_cores"] = len(os.sched_getaffinity(0))
    except AttributeError:
        pass
    try:
        info["load_average_at_start"] = list(os.getloadavg())
    except OSError:
        pass
    return info


def versions():
    import numpy as np

    v = {"python": platform.python_version(), "numpy": np.__version__}
    try:
        cfg = np.show_config(mode="dicts")
        blas = cfg["Build Dependencies"]["blas"]
        v["numpy_blas"] = {k: blas.get(k) for k in ("name", "version", "openblas configuration")}
    except Exception as exc:  # older numpy: no dict mode
        v["numpy_blas"] = f"unavailable ({exc})"
    try:
        import torch  # noqa: F401  (loaded first, so that its thread pools are listed too)
    except Exception:
        pass
    try:
        from threadpoolctl import threadpool_info

        v["threadpools"] = [{k: p.get(k) for k in ("user_api", "internal_api", "prefix", "version",
                                                    "num_threads", "architecture", "threading_layer")}
                            for p in threadpool_info()]
    except ImportError:
        v["threadpools"] = "threadpoolctl not installed"
    for mod in ("torch", "sklearn", "scipy", "matplotlib"):
        try:
            v[mod] = __import__(mod).__version__
        except Exception:  # not installed (or broken): recorded as null
            v[mod] = None
    return v
