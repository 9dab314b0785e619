"""Case list, case form, edits and work notes."""

import re

import pytest

from tests.builders import make_account, make_case, make_group, make_user
from webapp.cases.models import Case
from webapp.extensions import db
from webapp.journal.models import JournalEntry


def _numbers(html: str) -> list[str]:
    return re.findall(r'href="/cases/(CS\d{7})"', html)


@pytest.fixture
def agent(login_as):
    return login_as("alice", roles=["agent"])


def test_case_list__shows_cases_newest_first(agent):
    first, second = make_case(), make_case()
    assert _numbers(agent.get("/cases/").text) == [second.number, first.number]


def test_case_list__searches_number_and_short_description(agent):
    printer = make_case(short_description="Printer on fire")
    other = make_case(short_description="Login slow")
    assert _numbers(agent.get("/cases/?q=printer").text) == [printer.number]
    assert _numbers(agent.get(f"/cases/?q={other.number.lower()}").text) == [other.number]


def test_case_list__filters_by_state_priority_group_and_account(agent):
    group = make_group(name="Tier 2")
    account = make_account(name="Acme")
    wanted = make_case(state="open", priority=1, assignment_group=group, account=account)
    make_case(state="open", priority=1, assignment_group=group)
    make_case(state="new", priority=1, assignment_group=group, account=account)
    make_case(state="open", priority=2, assignment_group=group, account=account)
    url = f"/cases/?state=open&priority=1&group={group.id}&account={account.id}"
    assert _numbers(agent.get(url).text) == [wanted.number]


@pytest.mark.parametrize(
    "query", ["state=bogus", "priority=abc", "group=x", "page=-3", "sort=evil"]
)
def test_case_list__ignores_unusable_arguments(agent, query):
    make_case()
    response = agent.get(f"/cases/?{query}")
    assert response.status_code == 200
    assert len(_numbers(response.text)) == 1


def test_case_list__sorts_by_a_column_both_ways(agent):
    low, high = make_case(priority=4), make_case(priority=1)
    assert _numbers(agent.get("/cases/?sort=priority").text) == [high.number, low.number]
    assert _numbers(agent.get("/cases/?sort=-priority").text) == [low.number, high.number]


def test_case_list__pages(agent, app):
    app.config["PAGE_SIZE"] = 2
    made = [make_case().number for _ in range(5)]
    pages = [_numbers(agent.get(f"/cases/?sort=number&page={n}").text) for n in (1, 2, 3)]
    assert pages == [made[0:2], made[2:4], made[4:5]]
    assert "5–5 of 5" in agent.get("/cases/?sort=number&page=9").text


def test_case_form__shows_every_field(agent):
    case = make_case(short_description="Disk full", description="The disk is full.", priority=2)
    html = agent.get(f"/cases/{case.number}").text
    for text in (case.number, "Disk full", "The disk is full.", case.account.name, "2 - High"):
        assert text in html


def test_case_form__unknown_number_is_404(agent):
    response = agent.get("/cases/CS9999999")
    assert response.status_code == 404
    assert "There is no case CS9999999." in response.text


def test_case_form__readable_by_a_user_without_roles(login_as):
    case = make_case()
    assert login_as("frank").get(f"/cases/{case.number}").status_code == 200


def test_update_case__saves_and_audits_the_change(agent):
    case = make_case(priority=3)
    response = agent.post(f"/cases/{case.number}", data={
        "short_description": "New title", "description": "", "priority": "1", "state": "open",
        "contact_id": "", "assignment_group_id": "", "assigned_to_id": ""})
    assert response.status_code == 302
    db.session.refresh(case)
    assert (case.short_description, case.priority, case.state) == ("New title", 1, "open")
    history = agent.get(f"/cases/{case.number}").text
    assert "Updated" in history and "New title" in history


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("short_description", "", "This field is required."),
     ("assigned_to_id", "999999", "That user does not exist."),
     ("priority", "9", "Not a valid choice")],
)
def test_update_case__bad_input_keeps_input_and_changes_nothing(agent, field, value, message):
    case = make_case(short_description="Keep me")
    data = {"short_description": "Changed", "description": "typed text", "priority": "2",
            "state": "open", "contact_id": "", "assignment_group_id": "", "assigned_to_id": ""}
    data[field] = value
    response = agent.post(f"/cases/{case.number}", data=data)
    assert response.status_code == 400
    assert message in response.text
    assert "typed text" in response.text
    db.session.expire_all()
    assert db.session.get(Case, case.id).short_description == "Keep me"


def test_update_case__contact_of_another_account_is_refused(agent):
    case, other = make_case(), make_account()
    data = {"short_description": "x", "description": "", "priority": "2", "state": "open",
            "contact_id": str(other.contacts[0].id), "assignment_group_id": "",
            "assigned_to_id": ""}
    response = agent.post(f"/cases/{case.number}", data=data)
    assert "The contact must belong to the case&#39;s account." in response.text


def test_work_note__is_listed_newest_first(agent):
    case = make_case()
    for text in ("First note", "Second note"):
        response = agent.post(f"/cases/{case.number}/work-notes", data={"text": text})
        assert response.status_code == 302
    html = agent.get(f"/cases/{case.number}").text
    assert html.index("Second note") < html.index("First note")


@pytest.mark.parametrize("text", ["", "   \n  ", "x" * 10_001])
def test_work_note__empty_or_huge_gets_a_field_error_and_stores_nothing(agent, text):
    case = make_case()
    response = agent.post(f"/cases/{case.number}/work-notes", data={"text": text})
    assert response.status_code == 400
    assert "is-invalid" in response.text
    assert db.session.query(JournalEntry).count() == 0


@pytest.mark.parametrize("roles", [[], ["escalation_requester"], ["approver"]])
def test_work_note_and_edit__need_the_agent_role(login_as, roles):
    case = make_case()
    client = login_as("someone", roles=roles)
    assert client.post(f"/cases/{case.number}/work-notes", data={"text": "hi"}).status_code == 403
    assert client.post(f"/cases/{case.number}", data={"short_description": "x"}).status_code == 403
    assert db.session.query(JournalEntry).count() == 0


def test_home__lists_my_open_cases(login_as):
    alice = make_user(username="alice", roles=["agent"])
    team = make_group(name="Team", members=[alice])
    mine = make_case(assigned_to=alice, state="open")
    group_case = make_case(assignment_group=team, state="new")
    closed = make_case(assigned_to=alice, state="closed")
    someone_elses = make_case(state="open")
    html = login_as("alice").get("/").text
    assert mine.number in html and group_case.number in html
    assert someone_elses.number not in html and closed.number not in html


def test_update_case__a_save_over_a_newer_change_is_refused_and_keeps_the_input(agent):
    case = make_case(short_description="Original")
    loaded_at = case.lock_version
    form = {"description": "", "priority": "2", "state": "open", "contact_id": "",
            "assignment_group_id": "", "assigned_to_id": "", "lock_version": str(loaded_at)}
    first = agent.post(f"/cases/{case.number}", data={**form, "short_description": "First"})
    assert first.status_code == 302
    second = agent.post(f"/cases/{case.number}", data={**form, "short_description": "Second"})
    assert second.status_code == 409
    assert "was changed by someone else since you opened it" in second.text
    assert 'value="Second"' in second.text
    db.session.expire_all()
    assert db.session.get(Case, case.id).short_description == "First"
