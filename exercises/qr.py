"""QR codes as inline SVG markup (no style attributes, so the CSP is happy)."""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(url: str, *, title: str) -> SafeString:
    """An inline <svg> for the URL, sized by CSS through its viewBox."""
    code = segno.make(url, error="m")
    # segno escapes the title and emits only path data and attributes it builds itself.
    markup = code.svg_inline(
        scale=1, border=2, omitsize=True, svgclass="qr-code", lineclass="qr-code__line", title=title
    )
    return mark_safe(markup)
