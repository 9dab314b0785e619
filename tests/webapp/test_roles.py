"""Role containment and role checks on pages."""

import pytest

from webapp.auth.roles import Role, effective_roles

R = Role
CONTAINMENT = [
    (R.ESCALATION_REQUESTER, {R.ESCALATION_REQUESTER}),
    (R.DEESCALATION_REQUESTER, {R.DEESCALATION_REQUESTER, R.ESCALATION_REQUESTER}),
    (R.AGENT, {R.AGENT, R.DEESCALATION_REQUESTER, R.ESCALATION_REQUESTER}),
    (R.ESCALATION_MANAGER,
     {R.ESCALATION_MANAGER, R.AGENT, R.DEESCALATION_REQUESTER, R.ESCALATION_REQUESTER}),
    (R.APPROVER, {R.APPROVER}),
    (R.MANAGER,
     {R.MANAGER, R.AGENT, R.APPROVER, R.DEESCALATION_REQUESTER, R.ESCALATION_REQUESTER}),
    (R.ESCALATION_ADMIN, {R.ESCALATION_ADMIN, R.DEESCALATION_REQUESTER, R.ESCALATION_REQUESTER}),
    (R.ADMIN, set(Role)),
]


@pytest.mark.parametrize(("role", "expected"), CONTAINMENT)
def test_effective_roles__follow_containment_transitively(role, expected):
    assert effective_roles(frozenset({role})) == expected


def test_effective_roles__combine_held_roles():
    assert effective_roles(frozenset({R.APPROVER, R.ESCALATION_REQUESTER})) == {
        R.APPROVER, R.ESCALATION_REQUESTER}


@pytest.mark.parametrize(
    ("roles", "status"),
    [(["admin"], 200), (["escalation_admin"], 403), (["manager"], 403), ([], 403)],
)
def test_admin_users_page__only_admins(login_as, roles, status):
    client = login_as("someone", roles=roles)
    assert client.get("/admin/users").status_code == status


@pytest.mark.parametrize(("roles", "shown"), [(["admin"], True), (["agent"], False)])
def test_navigation__shows_only_what_roles_allow(login_as, roles, shown):
    client = login_as("someone", roles=roles)
    assert ("Users &amp; groups" in client.get("/", follow_redirects=True).text) is shown


def test_forbidden_page__looks_like_the_app_and_names_the_role(login_as):
    response = login_as("frank").get("/admin/users")
    assert response.status_code == 403
    assert "navbar" in response.text
    assert "This needs the admin role." in response.text
