from __future__ import annotations

import logging

from clinic import mail


def test_it_runs_work_at_once_outside_a_request():
    done = []
    mail.send_after_response(lambda: done.append("sent"))
    assert done == ["sent"]


def test_it_runs_a_request_s_work_when_the_request_has_finished_in_order():
    done = []
    mail.request_started()
    mail.send_after_response(lambda: done.append(1))
    mail.send_after_response(lambda: done.append(2))
    assert done == []
    mail.request_finished()
    assert done == [1, 2]
    mail.request_finished()
    assert done == [1, 2]


def test_a_failure_is_logged_and_the_rest_still_runs(caplog):
    done = []

    def failing():
        raise OSError("mail server down")

    mail.request_started()
    mail.send_after_response(failing)
    mail.send_after_response(lambda: done.append("sent"))
    with caplog.at_level(logging.ERROR):
        mail.request_finished()
    assert done == ["sent"]
    assert "Could not send email after the response." in caplog.text


def test_a_new_request_starts_with_nothing_queued():
    done = []
    mail.request_started()
    mail.send_after_response(lambda: done.append("stale"))
    mail.request_started()
    mail.request_finished()
    assert done == []
