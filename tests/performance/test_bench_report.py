from __future__ import annotations

from bench.pageweight import css_assets, html_assets
from bench.report import MAX_PAGE_WEIGHT_BYTES, PAGE, STAFF_LIST, Run, Weight, judge


def run(*, requests: int = 1000, errors: int = 0, p99_ms: float = 20, cpu_s: float = 0.0) -> Run:
    return Run(
        name="page",
        requests=requests,
        duration_us=10_000_000,
        errors=errors,
        p50_us=5_000,
        p99_us=int(p99_ms * 1000),
        cpu_s=cpu_s,
    )


def test_it_passes_a_page_at_nine_tenths_of_its_baseline():
    verdict = judge(PAGE, [run(requests=900)], [run(requests=1000)])
    assert verdict.ratio.median == 0.9
    assert verdict.passed


def test_it_fails_a_page_below_nine_tenths_of_its_baseline():
    verdict = judge(PAGE, [run(requests=899)], [run(requests=1000)])
    assert verdict.failures == ("ratio < 0.9x",)


def test_it_holds_staff_lists_to_three_times_the_admin_changelist():
    assert judge(STAFF_LIST, [run(requests=3000)], [run(requests=1000)]).passed
    assert not judge(STAFF_LIST, [run(requests=2999)], [run(requests=1000)]).passed


def test_it_judges_the_median_of_the_rounds_and_keeps_their_range():
    verdict = judge(
        PAGE,
        [run(requests=500), run(requests=950), run(requests=1000)],
        [run(requests=1000)] * 3,
    )
    assert verdict.passed
    assert (verdict.ratio.median, verdict.ratio.low, verdict.ratio.high) == (0.95, 0.5, 1.0)


def test_it_fails_a_slow_p99_and_any_error():
    baseline = [run(requests=1000)]
    assert judge(PAGE, [run(p99_ms=100)], baseline).failures == ("p99 >= 100 ms",)
    assert judge(PAGE, [run(errors=1)], baseline).failures == ("errors",)
    assert judge(PAGE, [run(requests=0)], baseline).failures == ("ratio < 0.9x", "errors")
    assert judge(PAGE, [run()], [run(errors=1)]).failures == ("baseline errors",)


def test_it_reads_the_wrk_summary_and_the_cpu_per_request():
    summary = {
        "requests": 1200,
        "duration_us": 10_000_000,
        "errors": {"connect": 0, "read": 1, "write": 0, "status": 2, "timeout": 0},
        "latency_us": {"p50": 4000, "p99": 12000},
    }
    parsed = Run.from_wrk("home", summary, extra_errors=1, cpu_s=6.0)
    assert parsed.requests_per_second == 120
    assert parsed.errors == 4
    assert parsed.p99_ms == 12
    assert parsed.cpu_ms_per_request == 5


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
