"""Case pages: the list, the form, edits and work notes."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.accounts import service as accounts
from webapp.audit import service as audit
from webapp.auth import service as users
from webapp.auth.access import requires_role
from webapp.auth.roles import Role
from webapp.cases import service
from webapp.cases.forms import CaseForm, WorkNoteForm
from webapp.cases.models import Case, CaseState, Priority
from webapp.common.forms import attach_errors, choices, optional_int
from webapp.common.pagination import parse_page
from webapp.errors import InvalidTransition, ValidationFailed
from webapp.journal import service as journal

bp = Blueprint("cases", __name__, url_prefix="/cases")


def _filters() -> service.CaseFilters:
    args = request.args
    return service.CaseFilters(
        q=args.get("q", "").strip()[:160],
        state=args.get("state", "") if args.get("state") in set(CaseState) else "",
        priority=_int_arg("priority"),
        group_id=_int_arg("group"),
        account_id=_int_arg("account"),
        escalated=args.get("escalated") == "1",
    )


def _int_arg(name: str) -> int | None:
    try:
        return optional_int(request.args.get(name))
    except ValueError:
        return None


@bp.get("/")
@login_required
def index():
    """The case list: search, filter, sort and page."""
    filters = _filters()
    page, sort = service.list_cases(filters=filters, sort=request.args.get("sort"),
                                    page=parse_page(request.args.get("page")),
                                    per_page=current_app.config["PAGE_SIZE"])
    return render_template("cases/list.html", page=page, sort=sort, filters=filters,
                           states=list(CaseState), priorities=list(Priority),
                           groups=users.list_groups(), accounts=accounts.list_all_names())


def _render_form(case: Case, form: CaseForm, note_form: WorkNoteForm, status: int = 200):
    form.contact_id.choices = choices(((c.id, c.name) for c in case.account.contacts),
                                      blank="-- None --")
    form.assignment_group_id.choices = choices(((g.id, g.name) for g in users.list_groups()),
                                               blank="-- None --")
    form.assigned_to_id.choices = choices(
        ((u.id, u.full_name) for u in users.list_users() if u.active), blank="-- None --")
    return render_template(
        "cases/form.html", case=case, form=form, note_form=note_form,
        notes=journal.list_for(record_type="case", record_id=case.id),
        history=audit.list_for(record_type="case", record_id=case.id),
    ), status


@bp.get("/<number>")
@login_required
def show(number: str):
    """The case form with its work notes and history."""
    case = service.get_by_number_or_raise(number)
    return _render_form(case, CaseForm(obj=case), WorkNoteForm())


@bp.post("/<number>")
@requires_role(Role.AGENT)
def update(number: str):
    """Save edits to a case's fields."""
    case = service.get_by_number_or_raise(number)
    form = CaseForm()
    if form.validate_on_submit():
        try:
            service.update(case=case, changes=form.changes(), actor=current_user,
                           seen_version=form.seen_version())
        except ValidationFailed as error:
            attach_errors(form, error)
        except InvalidTransition as error:
            flash(error.message, "warning")
            return _render_form(service.get_by_number_or_raise(number), form, WorkNoteForm(),
                                status=409)
        else:
            flash(f"{case.number} saved.", "success")
            return redirect(url_for("cases.show", number=case.number))
    return _render_form(case, form, WorkNoteForm(), status=400)


@bp.post("/<number>/work-notes")
@requires_role(Role.AGENT)
def add_work_note(number: str):
    """Add a work note to a case."""
    case = service.get_by_number_or_raise(number)
    note_form = WorkNoteForm()
    if note_form.validate_on_submit():
        try:
            service.add_work_note(case=case, author=current_user, text=note_form.text.data)
        except ValidationFailed as error:
            attach_errors(note_form, error)
        else:
            flash("Work note added.", "success")
            return redirect(url_for("cases.show", number=case.number, _anchor="work-notes"))
    return _render_form(case, CaseForm(obj=case), note_form, status=400)
