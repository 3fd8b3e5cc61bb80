"""Run every benchmark, print a table and write ``benchmarks/results.json``.

    python -m benchmarks [--threads 2] [--quick] [--book] [--test] [--skip mlp,logistic,explorer,jupyterlab,site]

The site section (benchmarks/site.py) measures the built book in _build/html
(make book first): per page bytes (gzip), requests, time until the sliders
can be used, and Lighthouse scores; --site-runs sets the runs per median.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
from pathlib import Path

from .common import machine_info, versions

HERE = Path(__file__).resolve().parent


def _fmt(s, scale=1.0, digits=0):
    if s is None:
        return "n/a"
    return f"{s['median'] * scale:.{digits}f} [{s['min'] * scale:.{digits}f}-{s['max'] * scale:.{digits}f}]"


def _mlp_table(rows):
    head = (f"{'dtype':8} {'batch':>5} {'thr':>3}  {'nnlib us':>20} {'GEMM floor us':>20} {'PyTorch us':>20}"
            f"  {'nnlib/floor':>18} {'nnlib/torch':>18}")
    lines = [head, "-" * len(head)]
    for r in rows:
        t = r["us_per_step"]
        lines.append(f"{r['dtype']:8} {r['batch']:>5} {r['threads']:>3}  {_fmt(t['nnlib']):>20} {_fmt(t['floor']):>20} "
                     f"{_fmt(t['torch']):>20}  {_fmt(r['nnlib_over_floor'], digits=2):>18} "
                     f"{_fmt(r['nnlib_over_torch'], digits=2):>18}")
    return "\n".join(lines)


def _logistic_table(res):
    head = f"{'data':17} {'fit':22} {'ms':>22} {'iter':>6} {'max|coef diff|':>15} {'vs Newton':>10} {'vs sklearn':>11}"
    lines = [head, "-" * len(head)]
    for kind, entry in res.items():
        for name, f in entry["fits"].items():
            on = f.get("time_over_newton")
            osk = f.get("time_over_sklearn")
            lines.append(f"{kind:17} {name:22} {_fmt(f['seconds'], 1e3, 1):>22} {f['iterations']:>6} "
                         f"{f['max_abs_coef_diff_vs_newton']:>15.1e} "
                         f"{(format(on['median'], '.2f') + 'x') if on else '':>10} "
                         f"{(format(osk['median'], '.2f') + 'x') if osk else '':>11}"
                         + ("" if f.get("converged", True) else "  (did not converge)"))
    return "\n".join(lines)


def _pick(rows, dtype, batch, key):
    for r in rows:
        if r["dtype"] == dtype and r["batch"] == batch and r[key] is not None:
            return r[key]["median"]
    return None


def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    p.add_argument("--threads", default=os.environ.get("BENCH_THREADS", ""),
                   help="comma-separated thread counts for numpy's BLAS and PyTorch (default: 1, then all cores); "
                        "the first one gives the headline ratios")
    p.add_argument("--quick", action="store_true", help="fewer rounds (a smoke test, not for the record)")
    p.add_argument("--book", action="store_true", help="also time make book (clean and unchanged) in a fresh clone")
    p.add_argument("--test", action="store_true", help="also time make test in a fresh clone")
    p.add_argument("--skip", default="", help="comma-separated parts to skip: mlp, logistic, explorer, jupyterlab, digits, site")
    p.add_argument("--site-runs", type=int, default=3, help="runs per median in the site section (default 3)")
    p.add_argument("--out", default=str(HERE / "results.json"))
    args = p.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    # The cores this process may use (Linux); elsewhere every core the machine has.
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    threads = [int(t) for t in args.threads.split(",") if t.strip()] or sorted({1, cores})

    from . import build, explorer, logistic, mlp_step

    # Parts skipped in this run keep their figures from the previous results file (marked as such).
    previous = {}
    if skip and Path(args.out).exists():
        try:
            previous = json.loads(Path(args.out).read_text())
        except ValueError:
            previous = {}

    results = {"date_utc": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
               "machine": machine_info(), "versions": versions(), "threads": threads,
               "quick": args.quick}
    print(f"machine: {results['machine']['cpu']}, {results['machine']['logical_cores']} cores; "
          f"numpy {results['versions']['numpy']}, torch {results['versions']['torch']}, "
          f"sklearn {results['versions']['sklearn']}; threads {threads}")
    have_torch, why = mlp_step.torch_available()
    if not have_torch:
        print(f"NOTE: {why}. The PyTorch column is n/a.")

    rows = []
    if "mlp" not in skip:
        print("1. MLP training step (784-128-64-10, ReLU, softmax cross-entropy, SGD)")
        for t in threads:
            rows += mlp_step.run(t, rounds=10 if args.quick else 40)
    else:
        rows = previous.get("mlp_step") or []
    results["mlp_step"] = rows

    lr = None
    if "logistic" not in skip:
        print(f"2. LogisticRegression.fit ({threads[0]} thread(s))")
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=threads[0]):
            lr = logistic.run(repeats=2 if args.quick else 5)
    else:
        lr = previous.get("logistic")
    results["logistic"] = lr

    ex = None
    if "explorer" not in skip:
        print(f"3. live sliders: init-scale explorer, lambda, learning rate, race ({threads[0]} thread(s))")
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=threads[0]):
            ex = explorer.run()
        if ex is not None:
            ex["threads"] = threads[0]
    else:
        ex = previous.get("explorer")
    results["explorer"] = ex

    jl = None
    if "jupyterlab" not in skip:
        print("3b. the init-scale explorer in JupyterLab: key press to painted frame (chapter 7)")
        from . import jupyterlab

        jl = jupyterlab.run(presses=10 if args.quick else 30)
    else:
        jl = previous.get("jupyterlab_explorer")
    results["jupyterlab_explorer"] = jl
    site_result = None
    if "site" not in skip:
        from . import site

        print("5. the built site: bytes, requests, sliders usable, Lighthouse (medians of "
              f"{1 if args.quick else args.site_runs} runs)")
        site_result = site.run(runs=1 if args.quick else args.site_runs)
        if site_result is not None:
            print(site.table(site_result))
    else:
        site_result = previous.get("site")
    results["site"] = site_result
    if skip and previous:
        results["carried_over"] = {"parts": sorted(skip), "from_run_of": previous.get("date_utc"),
                                   "machine_then": previous.get("machine")}
    load = results["machine"].get("load_average_at_start", [0])[0]
    results["notes"] = []
    if load > 1:
        results["notes"].append(
            f"load average {load:.1f} at start on {results['machine']['logical_cores']} cores: other work was "
            "running. Rows with threads > 1 then time the scheduler more than the code (each BLAS call waits "
            "for a descheduled worker thread); the single-thread rows and the paired ratios are the robust figures.")
        print("WARNING: " + results["notes"][-1])

    print("4. book build and make test")
    bd = build.run(book=args.book, test=args.test)
    results["build"] = bd

    digits = None
    if "digits" not in skip:
        print("5. one epoch on the digits (64-128-64-10, batches of 32), nnlib and PyTorch, one thread each")
        from . import digits_epoch

        digits = digits_epoch.run(rounds=5 if args.quick else 15)
    else:
        digits = previous.get("digits_epoch")
    results["digits_epoch"] = digits

    head = [r for r in rows if r["threads"] == threads[0]]
    top = {f"nnlib_over_{c}_b256_{d}": _pick(head, d, 256, f"nnlib_over_{c}")
           for c in ("floor", "torch") for d in ("float32", "float64")}
    top["explorer_update_ms"] = ex["update_ms"]["median"] if ex and ex.get("update_ms") else None
    top["static_explorer_frame_ms"] = top["explorer_update_ms"]      # in Chromium, computed in the browser
    top["slider_page_html_bytes"] = ex.get("slider_page_html_bytes") if ex else None
    top["jupyterlab_explorer_frame_ms"] = (jl["key_to_frame_ms"]["median"]
                                           if jl and jl.get("key_to_frame_ms") else None)
    # Every live slider at its default settings: median ms from a change to the new image.
    sliders = {}
    if ex and isinstance(ex.get("by_activation"), dict):
        for act, entry in ex["by_activation"].items():
            for kind, t in entry.items():
                sliders[f"init-scale explorer ({act}, {kind})"] = t["median"] if t else None
    if ex and isinstance(ex.get("other_controls"), dict):
        sliders.update({f"init-scale explorer, {name}": t["median"] for name, t in ex["other_controls"].items()})
    if ex and isinstance(ex.get("other_sliders"), dict):
        sliders.update({name: (t["median"] if isinstance(t, dict) else None) for name, t in ex["other_sliders"].items()})
    top["live_slider_update_ms"] = sliders or None
    top["digits_epoch_nnlib_over_torch"] = {r["dtype"]: (r["nnlib_over_torch"] or {}).get("median")
                                            for r in digits or []} or None
    top["book_clean_build_s"] = bd["book_clean_build_s"]
    top["book_rebuild_s"] = bd["book_rebuild_s"]
    top["make_test_s"] = bd["make_test_s"]
    top["targets"] = {
        "nnlib_within_1.2x_of_floor_b256": {d: (v is not None and v <= 1.2) for d in ("float32", "float64")
                                            for v in [top[f"nnlib_over_floor_b256_{d}"]]},
        "nnlib_faster_than_torch_b256": {d: (None if v is None else v < 1.0) for d in ("float32", "float64")
                                         for v in [top[f"nnlib_over_torch_b256_{d}"]]},
        "explorer_under_100ms": None if top["explorer_update_ms"] is None else top["explorer_update_ms"] < 100,
        "static_explorer_under_33ms": (None if top["static_explorer_frame_ms"] is None
                                       else top["static_explorer_frame_ms"] <= 33),
        "jupyterlab_explorer_under_50ms": (None if top["jupyterlab_explorer_frame_ms"] is None
                                           else top["jupyterlab_explorer_frame_ms"] <= 50),
        "chapter_8_under_400KB": (None if not top["slider_page_html_bytes"]
                                  else top["slider_page_html_bytes"].get("book/08_xavier_he.html", 0) <= 400 * 1024),
        "every_live_slider_under_100ms": (None if not sliders or None in sliders.values()
                                          else all(v < 100 for v in sliders.values())),
    }
    out = {**top, "headline_threads": threads[0], **results}
    out["machine"]["load_average_at_end"] = list(os.getloadavg())

    print()
    print("MLP training step: microseconds per step, median [min-max] over interleaved rounds;")
    print("ratios are per-round paired ratios (nnlib and the other contender timed back to back)")
    if rows:
        print(_mlp_table(rows))
    if lr:
        print()
        print("LogisticRegression.fit: milliseconds, median [min-max]; coefficient difference against Newton/IRLS")
        print(_logistic_table(lr))
    print()
    print(f"explorer update (default settings, sweep): "
          f"{top['explorer_update_ms'] if top['explorer_update_ms'] is not None else 'n/a'} ms"
          + (f" ({ex['reason']})" if ex and ex.get("reason") else ""))
    if jl:
        print("explorer in JupyterLab, key press to frame: " + (
            f"{jl['key_to_frame_ms']['median']:.1f} ms [{jl['key_to_frame_ms']['min']:.1f}-{jl['key_to_frame_ms']['max']:.1f}]"
            f" (compute {jl['compute_ms']['median']:.1f}, draw {jl['draw_ms']['median']:.1f})"
            if jl.get("key_to_frame_ms") else f"skipped: {jl.get('skipped')}"))
    for name, ms in (sliders or {}).items():
        print(f"  {name}: {'n/a' if ms is None else format(ms, '.1f')} ms")
    for r in digits or []:
        t = r["s_per_epoch"]
        print(f"digits epoch ({r['dtype']}, batch {r['batch']}, 1 thread): nnlib {t['nnlib']['median'] * 1e3:.1f} ms"
              + (f", PyTorch {t['torch']['median'] * 1e3:.1f} ms, nnlib/PyTorch {r['nnlib_over_torch']['median']:.2f}"
                 if r["nnlib_over_torch"] else " (PyTorch not installed)"))
    print(f"book clean build: {top['book_clean_build_s']} s, unchanged rebuild: {top['book_rebuild_s']} s, "
          f"make test: {top['make_test_s']} s")
    print("headline:", json.dumps({k: (round(v, 3) if isinstance(v, float) else v) for k, v in top.items()}))
    Path(args.out).write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {args.out}")
    return 0
