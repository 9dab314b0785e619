"""The SLA in words: before, at and after its due time, closed, declined and requested; and the
SQL that lists the breached ones agrees with the words."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.builders import make_escalation
from tests.escalation_world import case_in
from webapp.escalations import queries
from webapp.escalations.models import Escalation
from webapp.escalations.queries import EscalationFilters
from webapp.escalations.sla_status import SlaState, duration_words, is_breached, status_of

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
DUE = NOW + timedelta(hours=2, minutes=13)


def _escalation(state="escalated", **fields) -> Escalation:
    return Escalation(state=state, **fields)


@pytest.mark.parametrize(("delta", "words"), [
    (timedelta(seconds=59), "0 min"),
    (timedelta(minutes=25, seconds=59), "25 min"),
    (timedelta(hours=1), "1 h"),
    (timedelta(hours=2, minutes=13), "2 h 13 min"),
    (timedelta(days=1), "1 d"),
    (timedelta(days=3, hours=4, minutes=59), "3 d 4 h"),
    (timedelta(minutes=-5), "0 min"),
])
def test_duration_words__to_the_minute_in_the_largest_two_units(delta, words):
    assert duration_words(delta) == words


def test_status__before_due_is_running_with_the_time_left():
    status = status_of(_escalation(sla_due_at=DUE), now=NOW)
    assert (status.state, status.words, status.due_at) == (SlaState.RUNNING, "due in 2 h 13 min",
                                                           DUE)
    assert not status.breached and not status.due_soon


def test_status__days_away_reads_in_days_and_hours():
    status = status_of(_escalation(sla_due_at=NOW + timedelta(days=3, hours=4)), now=NOW)
    assert status.words == "due in 3 d 4 h"


def test_status__within_the_last_hour_is_due_soon():
    due = NOW + timedelta(minutes=59)
    assert status_of(_escalation(sla_due_at=due), now=NOW).due_soon
    assert status_of(_escalation(sla_due_at=due + timedelta(minutes=2)), now=NOW).due_soon is False
    last_seconds = status_of(_escalation(sla_due_at=NOW + timedelta(seconds=30)), now=NOW)
    assert last_seconds.words == "due in less than a minute"


def test_status__at_the_due_time_it_is_breached():
    status = status_of(_escalation(sla_due_at=NOW), now=NOW)
    assert (status.state, status.words, status.breached) == (SlaState.BREACHED,
                                                             "breached just now", True)


def test_status__after_due_says_how_long_ago_even_before_the_worker_marks_it():
    status = status_of(_escalation(sla_due_at=NOW - timedelta(minutes=25)), now=NOW)
    assert (status.state, status.words) == (SlaState.BREACHED, "breached 25 min ago")


def test_status__marked_breached_then_restarted_still_reads_breached_since_the_mark():
    escalation = _escalation(sla_due_at=NOW + timedelta(hours=4),
                             sla_breached_at=NOW - timedelta(hours=1, minutes=5))
    assert status_of(escalation, now=NOW).words == "breached 1 h 5 min ago"


def test_status__while_de_escalation_is_requested_the_clock_still_runs():
    status = status_of(_escalation("de_escalation_requested", sla_due_at=DUE), now=NOW)
    assert status.state is SlaState.RUNNING


def test_status__requested_has_not_started_and_declined_stopped():
    assert status_of(_escalation("requested"), now=NOW).state is SlaState.NOT_STARTED
    declined = status_of(_escalation("declined", closed_at=NOW), now=NOW)
    assert (declined.state, declined.words, declined.breached) == (
        SlaState.STOPPED, "stopped: declined", False)


def test_status__closed_before_due_is_met_however_late_it_is_read():
    escalation = _escalation("closed", sla_due_at=DUE, closed_at=DUE - timedelta(hours=1))
    status = status_of(escalation, now=NOW + timedelta(days=30))
    assert (status.state, status.words, status.breached) == (
        SlaState.MET, "met: closed 1 h before due", False)


def test_status__closed_after_due_is_missed():
    escalation = _escalation("closed", sla_due_at=DUE, closed_at=DUE + timedelta(minutes=40))
    status = status_of(escalation, now=NOW)
    assert (status.state, status.words, status.breached) == (
        SlaState.MISSED, "missed: closed 40 min after due", True)


def test_status__escalated_without_a_due_time_has_no_sla():
    assert status_of(_escalation(), now=NOW).state is SlaState.NO_SLA


def test_breached_filter__lists_exactly_what_the_words_call_breached(world):
    rows = {
        "running": dict(sla_due_at=DUE),
        "past_due": dict(sla_due_at=NOW - timedelta(minutes=1)),
        "marked": dict(sla_due_at=DUE, sla_breached_at=NOW - timedelta(hours=1)),
        "no_sla": dict(),
        "requested": dict(state="requested"),
        "declined": dict(state="declined", closed_at=NOW),
        "met": dict(state="closed", sla_due_at=DUE, closed_at=NOW),
        "missed": dict(state="closed", sla_due_at=NOW - timedelta(hours=3),
                       closed_at=NOW - timedelta(hours=2)),
    }
    made = {name: make_escalation(source=case_in(world), **fields).number
            for name, fields in rows.items()}

    def listed(breached):
        page, _ = queries.list_escalations(filters=EscalationFilters(breached=breached),
                                           sort="number", page=1, per_page=50, now=NOW)
        return {e.number for e in page.items}

    expected = {made[name] for name in ("past_due", "marked", "missed")}
    assert listed(True) == expected
    assert listed(False) == set(made.values()) - expected
    assert {e.number for e in _all(NOW) if is_breached(e, now=NOW)} == expected


def _all(now):
    page, _ = queries.list_escalations(filters=EscalationFilters(), sort=None, page=1,
                                       per_page=50, now=now)
    return page.items
