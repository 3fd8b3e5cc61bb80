"""Widget images open at full size (issue 12: figures legible on a phone). On a
390 px screen a precomputed frame is shown at about half its pixels; a tap, a
click, or Enter on the focused image opens it in a dialog at one image pixel
per CSS pixel, which scrolls and closes with its button or Escape."""

from __future__ import annotations

import pytest

PAGES = ["book/10_optimisation.html", "book/09_normalisation_regularisation.html"]


@pytest.mark.parametrize("page_path", PAGES)
def test_widget_image_opens_at_full_size(browser, site_url, page_path):
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    try:
        page.goto(f"{site_url}/{page_path}", wait_until="load")
        image = page.locator("img.widget-image[role=button]").filter(visible=True).first
        image.wait_for(timeout=60000)
        image.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
        natural, shown = image.evaluate("img => [img.naturalWidth, img.getBoundingClientRect().width]")
        assert shown < 0.7 * natural, (natural, shown)      # a phone shows it small: the reason for the dialog
        alt = image.get_attribute("alt")
        assert image.get_attribute("tabindex") == "0"
        assert image.get_attribute("aria-label") == alt + " (press to open at full size)"
        image.click()
        dialog = page.locator("dialog.nnlib-zoom")
        dialog.wait_for(state="visible", timeout=5000)
        big = dialog.locator("img")
        assert big.get_attribute("alt") == alt
        assert abs(big.evaluate("img => img.getBoundingClientRect().width") - natural) <= 1
        assert page.evaluate("() => document.activeElement.classList.contains('nnlib-zoom-close')")
        page.keyboard.press("Escape")
        dialog.wait_for(state="hidden", timeout=5000)
        # The keyboard: Enter on the focused image opens it too; the Close button closes it.
        image.focus()
        page.keyboard.press("Enter")
        dialog.wait_for(state="visible", timeout=5000)
        dialog.locator("button.nnlib-zoom-close").click()
        dialog.wait_for(state="hidden", timeout=5000)
    finally:
        page.close()
