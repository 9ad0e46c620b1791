"""Real browser: hostile links. Every query parameter of every page is filled with Markdown and HTML
payloads (image Markdown, raw <img>, <script>, javascript: links, link Markdown, autolinks); no request
may leave localhost (the conftest route records and refuses them) and no element from a payload may
appear in the DOM, even for a moment (a MutationObserver in every frame watches while the page loads).

Payloads are batched: each value is every payload in a row, starting from a rotated one, so a page that
shows a whole value meets them all at once, and a notice that quotes only the first 40 characters
meets each payload first once over the rotations (all of them on the pages that read the link: the
map and the briefing; two elsewhere, where nothing from the link is shown today)."""

from __future__ import annotations

import time
from urllib.parse import urlencode

import pytest

pytestmark = pytest.mark.browser

HOST = "198.51.100.7"  # TEST-NET-2: never routable; the marker of every payload
PAYLOADS = [  # each at most 40 characters, the most a notice quotes
    f"![t](http://{HOST}/md.png)",
    f"<img src=x onerror=top.__pwned=1>http://{HOST}/i",
    "<script>top.__pwned=1</script>",
    "[j](javascript:top.__pwned=1)",
    f"[x](http://{HOST}/l)",
    f"<http://{HOST}/auto>",
]
PARAMS = ["place", "layers", "view", "date", "scene", "mode", "room", "key", "essay", "utm_source"]
PAGES = ["/", "/essay", "/lines", "/briefing", "/data"]

WATCH = (
    """
(() => {
  const top_ = (() => { try { return window.top; } catch (e) { return window; } })();
  const hits = (top_.__fuzzHits = top_.__fuzzHits || []);
  const HOST = '%s';
  function bad(el) {
    if (!el || el.nodeType !== 1) return null;
    const tag = el.tagName.toLowerCase();
    const src = el.getAttribute('src') || '', href = el.getAttribute('href') || '';
    if (tag === 'img' && (src.includes(HOST) || src === 'x')) return 'img ' + src;
    if (tag === 'script' && (el.textContent || '').includes('__pwned')) return 'script';
    if ((src + href).includes(HOST)) return tag + ' ' + src + href;
    if (/^\\s*javascript:/i.test(href)) return 'javascript link ' + href;
    if ((el.getAttribute('onerror') || '').includes('__pwned')) return 'onerror';
    return null;
  }
  function scan(node) {
    const b = bad(node); if (b) hits.push(b);
    if (node.querySelectorAll) node.querySelectorAll('*').forEach(el => { const h = bad(el); if (h) hits.push(h); });
  }
  new MutationObserver(ms => ms.forEach(m => {
    if (m.type === 'attributes') scan(m.target); else m.addedNodes.forEach(scan);
  })).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ['src', 'href', 'onerror']});
})();
"""
    % HOST
)


def links(page_path: str, fixed: dict[str, str] | None = None, rotations: int = len(PAYLOADS)) -> list[str]:
    """One URL per rotation i: parameter j's value starts with payload (i + j) and runs through them all;
    one more parameter is named after a payload."""
    out = []
    n = len(PAYLOADS)
    for i in range(0, n, max(1, n // rotations)):
        q = {p: " ".join(PAYLOADS[(i + j + k) % n] for k in range(n)) for j, p in enumerate(PARAMS)}
        q[PAYLOADS[(i + 3) % n]] = "1"  # an unknown parameter whose name is a payload
        q.update(fixed or {})
        out.append(f"{page_path}?{urlencode(q)}")
    return out


def settle(page) -> None:
    """Wait until Streamlit has run the page (twice idle, a beat apart: ensure_frame may rerun)."""
    for _ in range(2):
        page.wait_for_function(
            "() => { const a = document.querySelector('[data-testid=stApp]');"
            " return a && a.getAttribute('data-test-script-state') === 'notRunning'"
            " && document.querySelector('[data-testid=stMainBlockContainer] [data-testid=stElementContainer]'); }",
            timeout=90000,
        )
        page.wait_for_timeout(300)


def dom_hits(page) -> list[str]:
    found = []
    for frame in page.frames:
        try:
            found += frame.evaluate(
                """() => {
              const out = [];
              document.querySelectorAll('img, script, a, iframe, source, video, audio, object, embed, link').forEach(el => {
                const src = el.getAttribute('src') || '', href = el.getAttribute('href') || '';
                if ((src + href).includes('%s') || src === 'x') out.push(el.tagName + ' ' + src + href);
                if (el.tagName === 'SCRIPT' && el.textContent.includes('__pwned')) out.push('script');
                if (/^\\s*javascript:/i.test(href)) out.push('javascript link ' + href);
              });
              if (window.__pwned) out.push('script ran');
              return out; }"""
                % HOST
            )
        except Exception as exc:  # noqa: BLE001 (a frame detached while we looked)
            if "detached" not in str(exc).lower():
                raise
    return found + page.evaluate("() => window.__fuzzHits || []")


def fuzz(page, server, urls: list[str]) -> None:
    page.add_init_script(WATCH)
    for url in urls:
        page.goto(server.url + url)
        settle(page)
        assert page.locator('[data-testid="stException"]').count() == 0, url
        hits = dom_hits(page)
        assert hits == [], (url, hits)
        assert page.external == [], (url, page.external)


READ_THE_LINK = {"/", "/briefing"}


@pytest.mark.parametrize("path", PAGES)
def test_every_parameter_of_every_page_is_text(page, server, path):
    t0 = time.monotonic()
    urls = links(path, rotations=len(PAYLOADS) if path in READ_THE_LINK else 2)
    fuzz(page, server, urls)
    print(f"{path}: {len(urls)} loads in {time.monotonic() - t0:.1f}s")


@pytest.mark.parametrize("mode", ["presenter", "audience"])
def test_briefing_rooms_and_keys_are_text(page, server, mode):
    """Presenter and audience links with payloads in room, key and every other parameter: one line,
    nothing rendered from the link, no notes."""
    fuzz(page, server, links("/briefing", {"mode": mode}, rotations=2))
    assert page.locator(".bm-notes").count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 1
