"""Form data validated against a task's Camunda form: a table of good and bad input."""

from __future__ import annotations

import pytest

from workflows import FormField, InvalidFormData, Option, validate_form

FIELDS = (
    FormField("decision", "Decision", "enum",
              options=(Option("approve", "Approve"), Option("reject", "Reject")), required=True),
    FormField("hours", "Hours", "long", constraints=(("min", "1"), ("max", "48"))),
    FormField("urgent", "Urgent", "boolean", default=False),
    FormField("due", "Due", "date"),
    FormField("comment", "Comment", "string", constraints=(("maxlength", "10"),)),
)
BASE = {"decision": "approve"}

REJECTED = {
    "missing required": ({}, {"decision": "is required"}),
    "empty required": ({"decision": ""}, {"decision": "is required"}),
    "bad enum": ({"decision": "maybe"}, {"decision": "must be one of approve, reject"}),
    "long as text": ({**BASE, "hours": "abc"}, {"hours": "must be a whole number"}),
    "long as boolean": ({**BASE, "hours": True}, {"hours": "must be a whole number"}),
    "long below min": ({**BASE, "hours": 0}, {"hours": "must be at least 1"}),
    "boolean as text": ({**BASE, "urgent": "maybe"}, {"urgent": "must be true or false"}),
    "date in another format": ({**BASE, "due": "31/12/2026"},
                               {"due": "must be a date (YYYY-MM-DD)"}),
    "string as number": ({**BASE, "comment": 5}, {"comment": "must be text"}),
    "string too long": ({**BASE, "comment": "x" * 11},
                        {"comment": "must be at most 10 characters"}),
    "every problem at once": (
        {"hours": "x", "urgent": "x"},
        {"decision": "is required", "hours": "must be a whole number",
         "urgent": "must be true or false"},
    ),
}

ACCEPTED = {
    "extra keys dropped, defaults filled": (
        {**BASE, "is_admin": True},
        {"decision": "approve", "hours": None, "urgent": False, "due": None, "comment": None},
    ),
    "values coerced": (
        {**BASE, "hours": "12", "urgent": "true", "due": "2026-12-31", "comment": "ok"},
        {"decision": "approve", "hours": 12, "urgent": True, "due": "2026-12-31",
         "comment": "ok"},
    ),
}


@pytest.mark.parametrize(("data", "errors"), REJECTED.values(), ids=REJECTED)
def test_validate_form__reports_every_problem_by_field(data, errors):
    with pytest.raises(InvalidFormData) as caught:
        validate_form(FIELDS, data)
    assert caught.value.errors == errors


@pytest.mark.parametrize(("data", "cleaned"), ACCEPTED.values(), ids=ACCEPTED)
def test_validate_form__cleans_good_data(data, cleaned):
    assert validate_form(FIELDS, data) == cleaned


def test_complete_task__rejects_bad_data_naming_the_task_and_leaves_it_ready(start):
    instance = start()
    (task,) = instance.ready_tasks()
    with pytest.raises(InvalidFormData) as caught:
        instance.complete_task(task.id, {"decision": "approve"})
    assert caught.value.element_id == "approve"
    assert caught.value.errors == {"decision": "must be one of approve_option, reject_option"}
    assert instance.ready_tasks() == [task]
