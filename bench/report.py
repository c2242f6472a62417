"""The benchmark's targets and its table: plain arithmetic on wrk's numbers, no I/O."""

from __future__ import annotations

from dataclasses import dataclass

PATIENT = "patient"
STAFF = "staff"
CEILING = "ceiling"

# Share of the ceiling's requests/s each kind of page must reach, and the latency bound.
MIN_RATIO = {PATIENT: 0.5, STAFF: 0.3}
MAX_P99_MS = 100.0
MAX_PAGE_WEIGHT_BYTES = 100 * 1024


@dataclass(frozen=True)
class Run:
    """One wrk run, as its Lua done() hook reports it (times in microseconds)."""

    name: str
    kind: str
    requests: int
    duration_us: int
    errors: int
    p50_us: int
    p99_us: int

    @classmethod
    def from_wrk(cls, name: str, kind: str, summary: dict, extra_errors: int = 0) -> Run:
        return cls(
            name=name,
            kind=kind,
            requests=summary["requests"],
            duration_us=summary["duration_us"],
            errors=sum(summary["errors"].values()) + extra_errors,
            p50_us=summary["latency_us"]["p50"],
            p99_us=summary["latency_us"]["p99"],
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


@dataclass(frozen=True)
class Verdict:
    run: Run
    ceiling: Run
    ratio: float | None
    failures: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.failures


def judge(run: Run, ceiling: Run) -> Verdict:
    """Check one run against the targets: its share of the ceiling's run, p99 and errors."""
    failures = []
    ceiling_rps = ceiling.requests_per_second
    ratio = run.requests_per_second / ceiling_rps if ceiling_rps else None
    if run.kind in MIN_RATIO and (ratio is None or ratio < MIN_RATIO[run.kind]):
        failures.append(f"ratio < {MIN_RATIO[run.kind]:.0%}")
    if run.p99_ms >= MAX_P99_MS:
        failures.append(f"p99 >= {MAX_P99_MS:.0f} ms")
    if run.errors or run.requests == 0:
        failures.append("errors")
    if ceiling.errors:
        failures.append("ceiling errors")
    return Verdict(run=run, ceiling=ceiling, ratio=ratio, failures=tuple(failures))


def speed_table(verdicts: list[Verdict]) -> str:
    lines = [
        "| page | kind | req/s | p50 ms | p99 ms | ceiling req/s | vs ceiling | target | errors "
        "| result |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for verdict in verdicts:
        run = verdict.run
        target = f"≥ {MIN_RATIO[run.kind]:.0%}" if run.kind in MIN_RATIO else "-"
        ratio = f"{verdict.ratio:.0%}" if verdict.ratio is not None else "-"
        result = "PASS" if verdict.passed else "FAIL (" + ", ".join(verdict.failures) + ")"
        lines.append(
            f"| {run.name} | {run.kind} | {run.requests_per_second:.0f} | {run.p50_ms:.1f} | "
            f"{run.p99_ms:.1f} | {verdict.ceiling.requests_per_second:.0f} | {ratio} | {target} | "
            f"{run.errors} | {result} |"
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
