"""What a first visit to a page downloads: the HTML and every asset it references, as served."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

# As a phone browser asks: WhiteNoise then serves the pre-compressed copy of static files.
ACCEPT_ENCODING = "br, gzip"
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+?)['"]?\s*\)""")
_CSS_IMPORT = re.compile(r"""@import\s+['"]([^'"]+)['"]""")
_LINK_RELS = frozenset({"stylesheet", "icon", "preload", "modulepreload", "manifest"})


class _AssetParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link" and _LINK_RELS & set(values.get("rel", "").lower().split()):
            self.urls.append(values.get("href", ""))
        elif tag in {"script", "img", "source", "video", "audio", "input", "embed"}:
            self.urls.append(values.get("src", ""))
            for candidate in values.get("srcset", "").split(","):
                self.urls.append(candidate.strip().split(" ")[0])
        elif tag in {"object"}:
            self.urls.append(values.get("data", ""))
        elif tag in {"image", "use"}:
            # SVG references: only files count, not fragments of the page itself.
            href = values.get("href", "") or values.get("xlink:href", "")
            if not href.startswith("#"):
                self.urls.append(href.split("#")[0])


def html_assets(html: str) -> list[str]:
    """The URLs an HTML page makes the browser fetch, in order, without duplicates."""
    parser = _AssetParser()
    parser.feed(html)
    return _unique(url for url in parser.urls if _fetchable(url))


def css_assets(css: str) -> list[str]:
    """The URLs a stylesheet makes the browser fetch (imports, fonts, images; not data:)."""
    found = [*_CSS_IMPORT.findall(css), *_CSS_URL.findall(css)]
    return _unique(url.strip() for url in found if _fetchable(url.strip()))


def _fetchable(url: str) -> bool:
    return bool(url) and not url.startswith(("data:", "#", "about:", "javascript:"))


def _unique(urls) -> list[str]:
    seen: dict[str, None] = {}
    for url in urls:
        seen.setdefault(url, None)
    return list(seen)


@dataclass
class PageWeight:
    url: str
    html_bytes: int = 0
    assets: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def total_bytes(self) -> int:
        return self.html_bytes + sum(self.assets.values())


def _fetch(url: str, headers: dict[str, str]) -> tuple[bytes, str, str]:
    """The body as transferred (still compressed), its content type and content encoding."""
    headers = {"Accept-Encoding": ACCEPT_ENCODING, **headers}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (our local server)
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return (
            response.read(),
            response.headers.get("Content-Type", ""),
            response.headers.get("Content-Encoding", ""),
        )


def _decoded(body: bytes, encoding: str) -> str:
    if encoding == "gzip":
        import gzip

        body = gzip.decompress(body)
    elif encoding == "br":
        import brotli  # only present when the server could send it

        body = brotli.decompress(body)
    return body.decode("utf-8", "replace")


def measure(url: str, headers: dict[str, str] | None = None) -> PageWeight:
    """Fetch a page and, once each, every same-origin asset it needs (CSS references too)."""
    headers = headers or {}
    weight = PageWeight(url=url)
    origin = urlsplit(url).netloc
    try:
        body, _type, encoding = _fetch(url, headers)
    except (urllib.error.URLError, OSError) as exc:
        weight.errors.append(f"{url}: {exc}")
        return weight
    weight.html_bytes = len(body)
    queue = [urljoin(url, asset) for asset in html_assets(_decoded(body, encoding))]
    while queue:
        asset_url = queue.pop(0)
        if asset_url in weight.assets:
            continue
        if urlsplit(asset_url).netloc != origin:
            weight.errors.append(f"{asset_url}: another origin (the CSP would block it)")
            continue
        try:
            asset_body, content_type, asset_encoding = _fetch(asset_url, {})
        except (urllib.error.URLError, OSError) as exc:
            weight.errors.append(f"{asset_url}: {exc}")
            continue
        weight.assets[asset_url] = len(asset_body)
        if content_type.startswith("text/css"):
            css = _decoded(asset_body, asset_encoding)
            queue.extend(urljoin(asset_url, ref) for ref in css_assets(css))
    return weight
