"""The built site as a reader gets it: bytes, requests, time until the sliders
can be used, and Lighthouse scores, per page.

The site (``_build/html``, or ``--site-dir``) is served on 127.0.0.1 by a
server that compresses like GitHub Pages: text types (HTML, JS, CSS, JSON,
SVG, TXT, XML, maps, fonts other than WOFF/WOFF2) are sent gzipped when the
browser accepts it, images and WOFF2 as they are, with ``Cache-Control:
max-age=600``.

For each page:

- ``gzip_bytes`` and ``requests``: everything the page transfers on a cold
  load in headless Chromium (CDP ``encodedDataLength``, headers included),
  until the network has been quiet for 1 s after the load event.
- ``sliders_usable_ms``: milliseconds from navigation start to the first
  animation frame at which every slider of the saved widget state has a
  handle in the page and every widget image has decoded (``None`` on pages
  without sliders). Median over ``runs`` cold loads, 1280 x 900, no throttling.
- Lighthouse (npm, pinned in package-lock.json; Debian Chromium through
  ``CHROME_PATH``, ``--headless=new --no-sandbox``): performance,
  accessibility and best-practices scores (0-100) for the desktop preset and
  the default mobile preset (Moto G Power, 4x CPU slowdown, slow 4G), and
  the CLS Lighthouse measured; medians over ``runs``.

    python -m benchmarks.site [--site-dir DIR] [--runs 3] [--lighthouse-runs N] [--pages intro,08_xavier_he]
                              [--no-lighthouse] [--out FILE]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
GZIP_TYPES = re.compile(r"^(text/|application/(javascript|json|xml|x-javascript)|image/svg|font/(ttf|otf)|"
                        r"application/(vnd\.ms-fontobject|font-sfnt))")
SLIDER_MODELS = re.compile(r'"_model_name": "(SelectionSlider|IntSlider|FloatSlider|FloatLogSlider|'
                           r'SelectionRangeSlider|IntRangeSlider|FloatRangeSlider)Model"')


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped like GitHub Pages (level 6, text types only)."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "application/javascript", ".mjs": "application/javascript",
                      ".json": "application/json", ".svg": "image/svg+xml", ".woff2": "font/woff2",
                      ".woff": "font/woff", ".ttf": "font/ttf", ".map": "application/json"}

    def log_message(self, format, *args):  # noqa: A002 - http.server's signature
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        ctype = self.guess_type(str(path))
        if not GZIP_TYPES.match(ctype):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io
        return io.BytesIO(body)

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()


class Server:
    """The site served in a background thread: ``with Server(dir) as url: ...``."""

    def __init__(self, directory):
        self.directory = str(directory)

    def __enter__(self):
        handler = functools.partial(GzipHandler, directory=self.directory)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


READY_JS = """
(() => {
  window.__slidersReady = null;
  const want = %d, wantImages = %d;
  function check() {
    const handles = document.querySelectorAll('[role=slider]').length;
    const images = Array.from(document.querySelectorAll('img.widget-image'));
    if (handles >= want && images.length >= wantImages && images.every(i => i.complete && i.naturalWidth > 0)) {
      window.__slidersReady = performance.now();
      return;
    }
    requestAnimationFrame(check);
  }
  if (want > 0) requestAnimationFrame(check);
})();
"""


def _load_once(browser, url, n_sliders, image_widgets=True):
    """One cold load: bytes, requests, and (``n_sliders`` > 0) when the sliders are usable;
    ``image_widgets``: the page saves Image widgets (precomputed frames), which must
    have decoded too (the live explorer draws on a canvas instead)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    page = context.new_page()
    page.add_init_script(READY_JS % (n_sliders, 1 if n_sliders and image_widgets else 0))
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    sizes, last = {}, [time.monotonic()]

    def finished(event):
        sizes[event["requestId"]] = event["encodedDataLength"]
        last[0] = time.monotonic()

    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.requestWillBeSent", lambda e: last.__setitem__(0, time.monotonic()))
    try:
        page.goto(url, wait_until="load", timeout=120_000)
        ready = None
        if n_sliders:
            page.wait_for_function("window.__slidersReady !== null", timeout=120_000, polling=100)
            ready = page.evaluate("window.__slidersReady")
        while time.monotonic() - last[0] < 1.0:
            page.wait_for_timeout(200)
        return {"bytes": sum(sizes.values()), "requests": len(sizes), "ready_ms": ready}
    finally:
        context.close()


def browser_loads(url_base, pages, site_dir, runs):
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                           "--disable-component-update", "--disable-sync", "--no-first-run"])
        try:
            for name in pages:
                html = (Path(site_dir) / f"{name}.html").read_text(encoding="utf-8")
                n_sliders = len(SLIDER_MODELS.findall(html))
                images = '"_model_name": "ImageModel"' in html
                loads = [_load_once(browser, f"{url_base}/{name}.html", n_sliders, images) for _ in range(runs)]
                ready = [x["ready_ms"] for x in loads if x["ready_ms"] is not None]
                out[name] = {"gzip_bytes": int(statistics.median(x["bytes"] for x in loads)),
                             "requests": int(statistics.median(x["requests"] for x in loads)),
                             "sliders": n_sliders,
                             "sliders_usable_ms": round(statistics.median(ready)) if ready else None,
                             "sliders_usable_ms_range": [round(min(ready)), round(max(ready))] if ready else None}
                print(f"  {name}: {out[name]['gzip_bytes'] / 1024:.0f} KiB, {out[name]['requests']} requests, "
                      f"sliders usable {out[name]['sliders_usable_ms']} ms", flush=True)
        finally:
            browser.close()
    return out


def lighthouse_once(url, preset):
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        cmd = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
               "--only-categories=performance,accessibility,best-practices",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
        if preset == "desktop":
            cmd.append("--preset=desktop")
        env = {**os.environ, "CHROME_PATH": CHROMIUM}
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
        if proc.returncode != 0 or not report.exists():
            raise RuntimeError(f"lighthouse failed on {url} ({preset}): {proc.stderr[-800:]}")
        data = json.loads(report.read_text())
    scores = {key: round(100 * cat["score"]) for key, cat in data["categories"].items() if cat["score"] is not None}
    audits = data["audits"]
    scores["cls"] = audits["cumulative-layout-shift"].get("numericValue")
    scores["lcp_s"] = (audits["largest-contentful-paint"].get("numericValue") or 0) / 1000
    scores["tbt_ms"] = audits["total-blocking-time"].get("numericValue")
    scores["a11y_failures"] = sorted(k for k, a in audits.items()
                                     if a.get("score") == 0 and k in _a11y_ids(data))
    return scores


def _a11y_ids(data):
    return {ref["id"] for ref in data["categories"].get("accessibility", {}).get("auditRefs", [])}


def lighthouse(url_base, pages, runs):
    if not LIGHTHOUSE.exists():
        print(f"  {LIGHTHOUSE} is missing: npm ci (make book does it); no Lighthouse scores")
        return None
    out = {}
    for name in pages:
        out[name] = {}
        for preset in ("desktop", "mobile"):
            samples = [lighthouse_once(f"{url_base}/{name}.html", preset) for _ in range(runs)]
            entry = {}
            for key in ("performance", "accessibility", "best-practices", "cls", "lcp_s", "tbt_ms"):
                vals = [s[key] for s in samples if s.get(key) is not None]
                entry[key] = statistics.median(vals) if vals else None
                if key in ("performance",) and vals:
                    entry["performance_range"] = [min(vals), max(vals)]
            entry["a11y_failures"] = sorted({f for s in samples for f in s["a11y_failures"]})
            out[name][preset] = entry
            print(f"  {name} {preset}: P {entry['performance']} A {entry['accessibility']} "
                  f"BP {entry['best-practices']} CLS {entry['cls']:.3f}", flush=True)
    return out


def run(site_dir=None, runs=3, pages=None, with_lighthouse=True, lighthouse_runs=None):
    site_dir = Path(site_dir or ROOT / "_build" / "html")
    if not (site_dir / "index.html").exists():
        print(f"  no built site in {site_dir}: run make book first; site section skipped")
        return None
    all_pages = sorted(p.relative_to(site_dir).with_suffix("").as_posix() for p in site_dir.glob("book/*.html"))
    if pages:
        all_pages = [p for p in all_pages if p.split("/")[-1] in pages]
    load_start = list(os.getloadavg())
    with Server(site_dir) as url:
        loads = browser_loads(url, all_pages, site_dir, runs)
        lighthouse_runs = runs if lighthouse_runs is None else lighthouse_runs
        scores = lighthouse(url, all_pages, lighthouse_runs) if with_lighthouse else None
    result = {"site_dir": str(site_dir), "runs": runs, "lighthouse_runs": lighthouse_runs if with_lighthouse else 0, "load_average_at_start": load_start,
              "load_average_at_end": list(os.getloadavg()), "server": "http.server, gzip level 6 on text types "
              "(like GitHub Pages), Cache-Control max-age=600", "pages": {}}
    for name in all_pages:
        entry = dict(loads[name])
        if scores:
            entry["lighthouse"] = scores[name]
        result["pages"][name.split("/")[-1]] = entry
    return result


def table(result):
    """The site table of BENCHMARKS.md (markdown)."""
    lines = ["| page | KiB (gzip) | requests | sliders usable ms | desktop P / A / BP | mobile P / A / BP | "
             "desktop CLS |", "|---|---|---|---|---|---|---|"]
    for name, e in result["pages"].items():
        lh = e.get("lighthouse") or {}

        def trio(preset):
            s = lh.get(preset)
            if not s:
                return "n/a"
            return " / ".join("n/a" if s[k] is None else f"{s[k]:.0f}"
                              for k in ("performance", "accessibility", "best-practices"))

        cls = (lh.get("desktop") or {}).get("cls")
        lines.append(f"| {name} | {e['gzip_bytes'] / 1024:.0f} | {e['requests']} | "
                     f"{e['sliders_usable_ms'] if e['sliders_usable_ms'] is not None else '-'} | "
                     f"{trio('desktop')} | {trio('mobile')} | {'n/a' if cls is None else format(cls, '.3f')} |")
    return "\n".join(lines)


def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m benchmarks.site", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--site-dir", default=None)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--pages", default="", help="comma-separated page names (default: every book page)")
    p.add_argument("--no-lighthouse", action="store_true")
    p.add_argument("--lighthouse-runs", type=int, default=None, help="Lighthouse runs per median (default: --runs)")
    p.add_argument("--out", default=None, help="write the result as JSON here")
    args = p.parse_args(argv)
    result = run(args.site_dir, args.runs, [s for s in args.pages.split(",") if s] or None,
                 not args.no_lighthouse, args.lighthouse_runs)
    if result is None:
        return 1
    print(table(result))
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
