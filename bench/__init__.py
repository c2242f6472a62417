"""The benchmarks (`make bench`, `make bench-scale`): baselines, the wrk script and the reports."""
