"""Precomputed sliders carry alt text for every frame, and compact frames are small WebP images."""

from __future__ import annotations

import io

import pytest

pytest.importorskip("ipywidgets", reason="nnlib.widgets needs ipywidgets (the widgets extra)")
pytest.importorskip("matplotlib", reason="plotting needs matplotlib (the plot extra)")

from nnlib.widgets.rendering import new_figure  # noqa: E402
from nnlib.widgets.static import compact_frame, figure_alt, figure_to_png, precomputed_slider  # noqa: E402


def _figure():
    fig = new_figure((4, 2))
    ax_a, ax_b = fig.subplots(1, 2)
    ax_a.set_title("loss")
    ax_a.set_xlabel("step $t$")
    ax_a.set_ylabel("$f(x_t) - f(x^*)$")
    ax_b.plot([0, 1], [1, 0], label="GD")
    ax_b.plot([0, 1], [0, 1], label="Adam")
    ax_b.legend()
    return fig, ax_a


def test_figure_alt_reads_titles_axes_and_legend_without_markup():
    fig, _ = _figure()
    text = figure_alt(fig)
    assert text == ("Panel 1 of 2: loss; f(x_t) - f(x^*) against step t. "
                    "Panel 2 of 2; lines: GD, Adam.")


def test_each_frame_gets_the_alt_text_of_its_own_picture():
    fig, ax = _figure()

    def render(v):
        ax.set_title(f"lr = {v}")
        return figure_to_png(fig, dpi=20)

    box = precomputed_slider([0.1, 0.2], render, description="learning rate", figure=fig)
    tips = [image.tooltip for image in box.children[1].children]
    assert tips[0].startswith("learning rate = 0.1. Panel 1 of 2: lr = 0.1;")
    assert tips[1].startswith("learning rate = 0.2. Panel 1 of 2: lr = 0.2;")
    # The manager's ImageView reads description.length before showing a tooltip.
    assert all(image.get_state()["description"] == "" for image in box.children[1].children)


def test_alt_callable_wins_and_a_bad_alt_is_refused():
    fig, _ = _figure()
    png = figure_to_png(fig, dpi=20)
    box = precomputed_slider([1, 2], lambda v: png, description="n", alt=lambda v: f"{v} dots")
    assert [i.tooltip for i in box.children[1].children] == ["n = 1. 1 dots", "n = 2. 2 dots"]
    plain = precomputed_slider([1], lambda v: png, description="n")
    assert plain.children[1].children[0].tooltip == "Figure at n = 1."
    with pytest.raises(TypeError, match="alt must be a callable"):
        precomputed_slider([1], lambda v: png, alt="a dot")


def test_compact_frames_are_smaller_webp_with_at_most_64_colours():
    from PIL import Image

    fig, ax = _figure()
    ax.imshow([[0, 1], [2, 3]], cmap="viridis", extent=(0, 1, 0, 1))
    png = figure_to_png(fig, dpi=80)
    small = compact_frame(png)
    assert small[:4] == b"RIFF" and small[8:12] == b"WEBP"
    assert len(small) < len(png)
    image = Image.open(io.BytesIO(small)).convert("RGB")
    assert image.size == Image.open(io.BytesIO(png)).size
    assert len(image.getcolors(maxcolors=10_000)) <= 64
    box = precomputed_slider([1], lambda v: png, compact=True)
    assert box.children[1].children[0].format == "webp"
