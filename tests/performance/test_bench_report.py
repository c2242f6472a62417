from __future__ import annotations

from bench.pageweight import css_assets, html_assets
from bench.report import MAX_PAGE_WEIGHT_BYTES, PATIENT, STAFF, Run, Weight, judge


def run(kind: str = PATIENT, *, requests: int = 1000, errors: int = 0, p99_ms: float = 20) -> Run:
    return Run(
        name="page",
        kind=kind,
        requests=requests,
        duration_us=10_000_000,
        errors=errors,
        p50_us=5_000,
        p99_us=int(p99_ms * 1000),
    )


def test_it_passes_a_patient_page_at_half_the_ceiling():
    verdict = judge(run(requests=500), run("ceiling", requests=1000))
    assert verdict.ratio == 0.5
    assert verdict.passed


def test_it_fails_a_patient_page_below_half_the_ceiling():
    verdict = judge(run(requests=499), run("ceiling", requests=1000))
    assert verdict.failures == ("ratio < 50%",)


def test_it_holds_staff_pages_to_thirty_percent():
    assert judge(run(STAFF, requests=300), run("ceiling", requests=1000)).passed
    assert not judge(run(STAFF, requests=299), run("ceiling", requests=1000)).passed


def test_it_fails_a_slow_p99_and_any_error():
    ceiling = run("ceiling", requests=1000)
    assert judge(run(requests=900, p99_ms=100), ceiling).failures == ("p99 >= 100 ms",)
    assert judge(run(requests=900, errors=1), ceiling).failures == ("errors",)
    assert judge(run(requests=0), ceiling).failures == ("ratio < 50%", "errors")


def test_it_reads_the_wrk_summary():
    summary = {
        "requests": 1200,
        "duration_us": 10_000_000,
        "errors": {"connect": 0, "read": 1, "write": 0, "status": 2, "timeout": 0},
        "latency_us": {"p50": 4000, "p99": 12000},
    }
    parsed = Run.from_wrk("home", PATIENT, summary, extra_errors=1)
    assert parsed.requests_per_second == 120
    assert parsed.errors == 4
    assert parsed.p99_ms == 12


def test_it_finds_what_a_page_makes_the_browser_fetch():
    html = """
      <link rel="stylesheet" href="/static/a.css"><link rel="icon" href="/static/i.svg">
      <link rel="canonical" href="/elsewhere/"><script src="/static/app.js"></script>
      <img src="/static/x.svg" alt=""><img src="data:image/png;base64,AAAA" alt="">
      <a href="/static/not-fetched.pdf">pdf</a><img src="/static/a.css" alt="">
    """
    assert html_assets(html) == [
        "/static/a.css",
        "/static/i.svg",
        "/static/app.js",
        "/static/x.svg",
    ]


def test_it_finds_what_a_stylesheet_makes_the_browser_fetch():
    css = """@import "base.css"; .a{background:url(img/a.svg)} .b{background:url('data:x')}
             @font-face{src:url("f.woff2") format("woff2")}"""
    assert css_assets(css) == ["base.css", "img/a.svg", "f.woff2"]


def test_it_weighs_a_page_against_the_limit():
    assert Weight("home", 10_000, 50_000, 3).passed
    assert not Weight("home", 10_000, MAX_PAGE_WEIGHT_BYTES, 3).passed
    assert not Weight("home", 1, 1, 1, errors=("x: 404",)).passed
