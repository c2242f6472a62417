from __future__ import annotations

import pytest

from tests.e2e.checks import format_vnu_messages, in_ci, run_vnu, vnu_missing_reason


def test_every_visited_page_is_valid_html(visited_pages):
    """Runs last (see conftest): the Nu Html Checker over every page saved, in one Java call."""
    reason = vnu_missing_reason()
    if reason:
        if in_ci():
            pytest.fail(reason)
        pytest.skip(reason)
    if not visited_pages:
        pytest.skip("no browser test visited a page in this run")
    errors = run_vnu(visited_pages)
    assert not errors, (
        f"The Nu Html Checker found {len(errors)} errors in the pages visited:\n"
        + format_vnu_messages(errors)
    )
