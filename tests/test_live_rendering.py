"""Live figures are drawn at the width the browser reports (device pixels), so
they are as sharp as static figures (nnlib/widgets/rendering.py)."""

from __future__ import annotations

import io

import pytest

pytest.importorskip("anywidget")
from PIL import Image  # noqa: E402

from nnlib.widgets import lambda_slider, learning_rate_slider  # noqa: E402
from nnlib.widgets.rendering import BlitView  # noqa: E402


def width_of(png):
    return Image.open(io.BytesIO(png)).size[0]


@pytest.mark.parametrize("make", [lambda: learning_rate_slider(static=False),
                                  lambda: lambda_slider("l2", static=False)], ids=["learning-rate", "lambda"])
def test_live_figure_is_redrawn_at_the_reported_pixel_width(make):
    slider, image = make().children
    assert type(image).__name__ == "LiveImage" and image.value[:4] == b"\x89PNG"
    for pixels in (1008, 2016, 777):          # e.g. a 1008 px wide cell at device pixel ratio 1, then 2
        image.pixel_width = pixels            # what the browser sends
        assert width_of(image.value) == pixels
    before = image.value
    slider.value = slider.options[0][1]       # moving the slider keeps the size
    assert image.value != before and width_of(image.value) == 777
    assert slider.options[0][0] in image.alt


def test_pixel_width_is_bounded_and_checked():
    view = learning_rate_slider(static=False).children[1]
    view.pixel_width = 10 ** 6
    assert width_of(view.value) == BlitView.MAX_PIXEL_WIDTH
    from nnlib.widgets.optimisation import LearningRateView
    with pytest.raises(ValueError, match="positive width"):
        LearningRateView(curvature=10.0).set_pixel_width(0)
