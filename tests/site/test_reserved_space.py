"""The space the build reserves for what renders late (issue 12, layout shift):
each formula's box as MathJax will typeset it, and each widget's box with the
shape of its first image (_ext/nnlib_site.py: reserve_math, reserve_widgets)."""

from __future__ import annotations

import base64
import io
import json
import re
import sys

import pytest

from sitepaths import HTML, ROOT, built_pages

sys.path.insert(0, str(ROOT / "_ext"))
import nnlib_site  # noqa: E402

NODE_MATHJAX = (ROOT / "node_modules" / "mathjax" / "es5" / "node-main.js").exists()


@pytest.mark.skipif(not NODE_MATHJAX, reason="node_modules/mathjax missing: npm ci (make book runs it)")
def test_math_boxes_are_mathjax_metrics():
    """An italic x is MathJax's TeX glyph (0.572 em wide, 0.442 high: the TeX
    fonts' x-height); a longer formula is wider; a display sum is taller than
    inline text and reaches below the baseline; the main and italic fonts are named."""
    x, wide, total = nnlib_site.math_boxes([("x", False), ("x + y + z", False), (r"\sum_{i=1}^n x_i", True)])
    assert x[:3] == [0.572, 0.442, 0.011]
    assert "TEX-I" in x[3]
    assert wide[0] > 3 * x[0]
    assert total[1] + total[2] > 2.5 and total[2] > 1.0 and "TEX-S2" in total[3]


def test_widget_ratio_from_saved_image():
    """A VBox(slider, Stack(images)) gets the height / width of the Stack's selected image."""
    from PIL import Image

    def image(w, h):
        buffer = io.BytesIO()
        Image.new("RGB", (w, h), "white").save(buffer, format="webp", lossless=True)
        return {"model_name": "ImageModel", "state": {}, "buffers": [
            {"path": ["value"], "data": base64.b64encode(buffer.getvalue()).decode()}]}

    state = {"box": {"model_name": "VBoxModel", "state": {"children": ["IPY_MODEL_slider", "IPY_MODEL_stack"]}},
             "slider": {"model_name": "SelectionSliderModel", "state": {}},
             "stack": {"model_name": "StackModel", "state": {"children": ["IPY_MODEL_a", "IPY_MODEL_b"],
                                                            "selected_index": 1}},
             "a": image(100, 100), "b": image(648, 273)}
    page = (f'<script type="application/vnd.jupyter.widget-state+json">{json.dumps({"state": state})}</script>'
            '<script type="application/vnd.jupyter.widget-view+json">{"model_id": "box"}</script>')
    out = nnlib_site.reserve_widgets(page)
    assert 'style="--nnlib-widget-ratio: 0.4213"' in out
    assert nnlib_site.reserve_widgets(out) == out          # applied once, whatever the rebuilds


PAGES = [p for p in built_pages() if p.startswith("book/")] or ["<no built site: run make book>"]


@pytest.mark.parametrize("page_path", PAGES)
def test_built_pages_reserve_every_formula_and_widget(page_path):
    """Every formula of a built page carries its box and every widget view with a
    saved image its shape; a page with maths preloads MathJax's main fonts."""
    assert not page_path.startswith("<"), "no pages found in _build/html: the book was not built"
    html = (HTML / page_path).read_text(encoding="utf-8")
    formulas = re.findall(r'<(?:span|div) class="math notranslate nohighlight"[^>]*>', html)
    bare = [f for f in formulas if "--mw:" not in f]
    assert bare == [], f"{page_path}: {len(bare)} of {len(formulas)} formulas without a reserved box"
    if formulas:
        assert "MathJax_Main-Regular.woff\" as=\"font\"" in html, f"{page_path}: MathJax's main font not preloaded"
    if '"_model_name": "ImageModel"' in html:
        views = re.findall(r'<script type="application/vnd\.jupyter\.widget-view\+json"[^>]*>', html)
        assert views and all("--nnlib-widget-ratio" in v for v in views), \
            f"{page_path}: widget views without their reserved shape: {views}"
