"""The load benchmark (`make bench`): a bare ceiling view, the wrk script and the report."""
