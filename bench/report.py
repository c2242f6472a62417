"""The benchmark's targets and its table: plain arithmetic on wrk's numbers, no I/O."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

# What a page is measured against (bench/views.py, bench/admin.py), and the share of that
# baseline's requests/s it must reach.
PAGE = "page"  # a page against the same kind of page with nothing of ours in it
STAFF_LIST = "staff list"  # a staff list against Django admin's changelist of the same rows
MIN_RATIO = {PAGE: 0.9, STAFF_LIST: 3.0}
MAX_P99_MS = 100.0
MAX_PAGE_WEIGHT_BYTES = 100 * 1024


@dataclass(frozen=True)
class Run:
    """One wrk run, as its Lua done() hook reports it (times in microseconds), and the CPU
    the web server's and the database's processes spent during it."""

    name: str
    requests: int
    duration_us: int
    errors: int
    p50_us: int
    p99_us: int
    cpu_s: float = 0.0

    @classmethod
    def from_wrk(
        cls, name: str, summary: dict, *, extra_errors: int = 0, cpu_s: float = 0.0
    ) -> Run:
        return cls(
            name=name,
            requests=summary["requests"],
            duration_us=summary["duration_us"],
            errors=sum(summary["errors"].values()) + extra_errors,
            p50_us=summary["latency_us"]["p50"],
            p99_us=summary["latency_us"]["p99"],
            cpu_s=cpu_s,
        )

    @property
    def requests_per_second(self) -> float:
        return self.requests / (self.duration_us / 1e6) if self.duration_us else 0.0

    @property
    def p50_ms(self) -> float:
        return self.p50_us / 1000

    @property
    def p99_ms(self) -> float:
        return self.p99_us / 1000

    @property
    def cpu_ms_per_request(self) -> float:
        return self.cpu_s * 1000 / self.requests if self.requests else 0.0


@dataclass(frozen=True)
class Spread:
    """The median of repeated measurements, with their lowest and highest."""

    median: float
    low: float
    high: float

    @classmethod
    def of(cls, values: list[float]) -> Spread:
        return cls(statistics.median(values), min(values), max(values))

    def describe(self, digits: int = 0, *, percent: bool = False) -> str:
        if percent:
            return f"{self.median:.0%} ({self.low:.0%}-{self.high:.0%})"
        return f"{self.median:.{digits}f} ({self.low:.{digits}f}-{self.high:.{digits}f})"


@dataclass(frozen=True)
class Verdict:
    """A page's repeated runs, each right after a run of its baseline."""

    kind: str
    runs: tuple[Run, ...]
    baselines: tuple[Run, ...]
    failures: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.failures

    @property
    def ratio(self) -> Spread | None:
        pairs = [(r, b) for r, b in zip(self.runs, self.baselines, strict=True)]
        if not pairs or any(b.requests_per_second == 0 for _, b in pairs):
            return None
        return Spread.of([r.requests_per_second / b.requests_per_second for r, b in pairs])


def judge(kind: str, runs: list[Run], baselines: list[Run]) -> Verdict:
    """A page against its baseline: the median ratio of requests/s, the median p99, errors."""
    failures = []
    verdict = Verdict(kind, tuple(runs), tuple(baselines), ())
    ratio = verdict.ratio
    if ratio is None or ratio.median < MIN_RATIO[kind]:
        failures.append(f"ratio < {MIN_RATIO[kind]:g}x")
    if Spread.of([run.p99_ms for run in runs]).median >= MAX_P99_MS:
        failures.append(f"p99 >= {MAX_P99_MS:.0f} ms")
    if any(run.errors or run.requests == 0 for run in runs):
        failures.append("errors")
    if any(run.errors for run in baselines):
        failures.append("baseline errors")
    return Verdict(kind, tuple(runs), tuple(baselines), tuple(failures))


def speed_table(verdicts: list[Verdict]) -> str:
    lines = [
        "| page | against | req/s | baseline req/s | ratio | target | p99 ms | CPU ms/req "
        "| baseline CPU ms/req | errors | result |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for verdict in verdicts:
        runs, baselines = verdict.runs, verdict.baselines
        ratio = verdict.ratio.describe(percent=True) if verdict.ratio else "-"
        result = "PASS" if verdict.passed else "FAIL (" + ", ".join(verdict.failures) + ")"
        lines.append(
            f"| {runs[0].name} | {baselines[0].name} "
            f"| {Spread.of([r.requests_per_second for r in runs]).describe()} "
            f"| {Spread.of([b.requests_per_second for b in baselines]).describe()} "
            f"| {ratio} | ≥ {MIN_RATIO[verdict.kind]:g}x "
            f"| {Spread.of([r.p99_ms for r in runs]).describe(1)} "
            f"| {Spread.of([r.cpu_ms_per_request for r in runs]).describe(1)} "
            f"| {Spread.of([b.cpu_ms_per_request for b in baselines]).describe(1)} "
            f"| {sum(r.errors for r in runs)} | {result} |"
        )
    return "\n".join(lines)


@dataclass(frozen=True)
class Weight:
    name: str
    html_bytes: int
    asset_bytes: int
    asset_count: int
    errors: tuple[str, ...] = ()

    @property
    def total_bytes(self) -> int:
        return self.html_bytes + self.asset_bytes

    @property
    def passed(self) -> bool:
        return not self.errors and self.total_bytes < MAX_PAGE_WEIGHT_BYTES


def weight_table(weights: list[Weight]) -> str:
    lines = [
        "| patient page | HTML KB | assets | assets KB | total KB | target | result |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    limit = f"< {MAX_PAGE_WEIGHT_BYTES // 1024} KB"
    for weight in weights:
        result = "PASS" if weight.passed else "FAIL" + (" (errors)" if weight.errors else "")
        lines.append(
            f"| {weight.name} | {weight.html_bytes / 1024:.1f} | {weight.asset_count} | "
            f"{weight.asset_bytes / 1024:.1f} | {weight.total_bytes / 1024:.1f} | {limit} | "
            f"{result} |"
        )
    return "\n".join(lines)
