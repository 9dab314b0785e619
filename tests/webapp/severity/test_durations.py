"""Response times are ISO 8601 durations, checked as strictly as the timers read them."""

from datetime import timedelta

import pytest
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition

from webapp.severity import durations

VALID = [
    ("PT4H", "PT4H", "4 hours"),
    ("P1DT2H", "P1DT2H", "1 day 2 hours"),
    ("PT30M", "PT30M", "30 minutes"),
    (" pt8h ", "PT8H", "8 hours"),
    ("PT1.5H", "PT1.5H", "1.5 hours"),
    ("PT0,5H", "PT0.5H", "0.5 hours"),
    ("P2W", "P2W", "2 weeks"),
    ("P1D", "P1D", "1 day"),
    ("PT45S", "PT45S", "45 seconds"),
    ("P1Y2M3DT4H5M6S", "P1Y2M3DT4H5M6S", "1 year 2 months 3 days 4 hours 5 minutes 6 seconds"),
]
INVALID = [
    ("", "A response time is required."),
    ("   ", "A response time is required."),
    ("4 hours", "'4 hours' is not an ISO 8601 duration."),
    ("4H", "'4H' is not an ISO 8601 duration."),
    ("P", "'P' is not an ISO 8601 duration."),
    ("PT", "'PT' is not an ISO 8601 duration."),
    ("P1DT", "'P1DT' is not an ISO 8601 duration."),
    ("PT4", "'PT4' is not an ISO 8601 duration."),
    ("P4H", "'P4H' is not an ISO 8601 duration."),
    ("PT-4H", "'PT-4H' is not an ISO 8601 duration."),
    ("PT4H30", "'PT4H30' is not an ISO 8601 duration."),
    ("PT30M4H", "'PT30M4H' is not an ISO 8601 duration."),
    ("P1.5DT2H", "Only the last part of P1.5DT2H may have a fraction."),
    ("P1W2D", "Weeks cannot be mixed with years, months or days."),
    ("PT0S", "PT0S is zero; a response time must be longer than that."),
    ("P0DT0H", "P0DT0H is zero; a response time must be longer than that."),
]


@pytest.mark.parametrize(("text", "stored", "words"), VALID)
def test_normalize__accepts_iso_durations_and_stores_them_in_upper_case(text, stored, words):
    assert durations.normalize(text) == stored
    assert durations.describe(stored) == words


@pytest.mark.parametrize(("text", "stored", "words"), VALID)
def test_normalize__accepts_only_what_the_engine_timers_can_read(text, stored, words):
    TimerEventDefinition.parse_iso_duration(stored)


@pytest.mark.parametrize(("text", "message"), INVALID)
def test_parse__refuses_anything_else_and_says_why(text, message):
    with pytest.raises(durations.InvalidDuration) as refused:
        durations.parse(text)
    assert str(refused.value).startswith(message)
    assert "PT4H" in str(refused.value)


def test_describe__gives_back_text_it_cannot_read():
    assert durations.describe("soon") == "soon"


@pytest.mark.parametrize(("text", "span"), [
    ("PT2H", timedelta(hours=2)), ("P1DT30M", timedelta(days=1, minutes=30)),
    ("P1W", timedelta(days=7)), ("P1M", timedelta(days=30)), ("P1Y", timedelta(days=365)),
    ("PT1.5H", timedelta(minutes=90)), ("pt45s", timedelta(seconds=45)),
])
def test_to_timedelta__is_the_span_the_duration_means(text, span):
    assert durations.to_timedelta(text) == span


@pytest.mark.parametrize("text", ["", "2 hours", "PT0M"])
def test_to_timedelta__refuses_what_is_no_positive_duration(text):
    with pytest.raises(durations.InvalidDuration):
        durations.to_timedelta(text)
