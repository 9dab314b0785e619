"""Escalation pages: request, list, the escalation form and its actions."""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from webapp.accounts import service as accounts
from webapp.auth.access import requires_role
from webapp.auth.roles import Role
from webapp.cases import service as cases
from webapp.common import downloads
from webapp.common.forms import attach_errors, optional_flag, optional_int
from webapp.common.pagination import parse_page
from webapp.common.time import app_now
from webapp.errors import ValidationFailed
from webapp.escalations import manage, narrowing, policy, queries, service
from webapp.escalations.forms import DeEscalateForm, LinkCaseForm, NoteForm, RequestForm
from webapp.escalations.page_data import edit_form_for, fill_request_choices, request_from_form
from webapp.escalations.process import view as process_view
from webapp.escalations.states import EscalationState, Reason
from webapp.severity import service as severities

bp = Blueprint("escalations", __name__, url_prefix="/escalations")


def _source(source_type: str, number: str):
    if source_type == "case":
        return cases.get_by_number_or_raise(number)
    return accounts.get_by_number_or_raise(number)


@bp.route("/new/<any(case, account):source_type>/<number>", methods=["GET", "POST"])
@requires_role(Role.ESCALATION_REQUESTER)
def new(source_type: str, number: str):
    """The Escalate Case / Escalate Account form."""
    source = _source(source_type, number)
    form = RequestForm()
    fill_request_choices(form, source_type=source_type)
    status = 200
    if form.validate_on_submit():
        try:
            escalation = service.request_escalation(
                source=source, form=request_from_form(form), actor=current_user)
        except ValidationFailed as error:
            attach_errors(form, error)
            status = 400
        else:
            flash(f"{escalation.number} requested: {escalation.state_enum.label}.", "success")
            return redirect(url_for("escalations.show", number=escalation.number))
    elif form.is_submitted():
        status = 400
    return render_template("escalations/request.html", form=form, source=source,
                           source_type=source_type), status


@bp.get("/")
@login_required
def index():
    """Escalations › All, or › Open with `?open=1`; a bad filter value answers 400 and says so."""
    filters, errors = _filters(request.args)
    page, sort = queries.list_escalations(filters=filters, sort=request.args.get("sort"),
                                          page=parse_page(request.args.get("page")),
                                          per_page=current_app.config["PAGE_SIZE"],
                                          now=app_now())
    return render_template("escalations/list.html", page=page, sort=sort, filters=filters,
                           errors=errors, states=list(EscalationState),
                           severities=severities.list_all(),
                           narrowing=narrowing.describe(filters)), 400 if errors else 200


def _filters(args) -> tuple[queries.EscalationFilters, dict[str, str]]:
    errors: dict[str, str] = {}
    try:
        breached = optional_flag(args.get("breached"), name="breached")
    except ValidationFailed:
        breached, errors = None, {"breached": "Choose Breached or Not breached."}
    filters = queries.EscalationFilters(
        q=args.get("q", "")[:20], state=args.get("state", "") if args.get("state") in
        set(EscalationState) else "", severity_id=_int(args.get("severity")),
        source_type=args.get("source_type") if args.get("source_type") in ("case", "account")
        else "", open_only=args.get("open") == "1", breached=breached, **_narrowing(args))
    return filters, errors


def _narrowing(args) -> dict:
    """The filters the dashboard and the home page link with (unusable values are ignored)."""
    days = tuple(found for moment in queries.MOMENTS
                 if (found := queries.Days(moment, _date(args.get(f"{moment}_from")),
                                           _date(args.get(f"{moment}_to")))).first
                 or found.last)
    return {"reason": args.get("reason") if args.get("reason") in set(Reason) else "",
            "group_id": _int(args.get("group")), "account_id": _int(args.get("account")),
            "requested_by": args.get("requested_by", "")[:80],
            "watcher": args.get("watcher", "")[:80],
            "waiting": args.get("waiting") if args.get("waiting") in narrowing.WAITING else "",
            "days": days}


def _int(raw):
    try:
        return optional_int(raw)
    except ValueError:
        return None


def _date(raw):
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _render_show(escalation, *, status=200, **forms):
    notes, history = queries.activity(escalation)
    forms.setdefault("edit_form", edit_form_for(escalation))
    forms.setdefault("note_form", NoteForm())
    forms.setdefault("de_escalate_form", DeEscalateForm())
    forms.setdefault("link_form", LinkCaseForm())
    return render_template(
        "escalations/show.html", escalation=escalation, notes=notes, history=history,
        tasks=queries.open_tasks(escalation), instance=queries.instance_of(escalation),
        may_manage=policy.may_manage(current_user, escalation),
        may_de_escalate=policy.may_de_escalate(current_user, escalation), **forms), status


@bp.get("/<number>")
@login_required
def show(number: str):
    """The escalation form."""
    return _render_show(service.get_by_number_or_raise(number))


@bp.get("/<number>/process")
@login_required
def process(number: str):
    """The escalation's diagram with its progress marked, and the step history."""
    escalation = service.get_by_number_or_raise(number)
    row = queries.instance_of(escalation)
    return render_template("escalations/process.html", escalation=escalation, instance=row,
                           picture=process_view.picture(escalation, row))


@bp.get("/<number>/process.bpmn")
@login_required
def process_diagram(number: str):
    """The diagram of the version the escalation runs on."""
    escalation = service.get_by_number_or_raise(number)
    return downloads.diagram(escalation.template_version.bpmn_xml, escalation.number)


def _done(escalation, message: str):
    flash(message, "success")
    return redirect(url_for("escalations.show", number=escalation.number))


@bp.post("/<number>/edit")
@login_required
def edit(number: str):
    """Save severity, trend and watch list."""
    escalation = service.get_by_number_or_raise(number)
    form = edit_form_for(escalation, formdata=request.form)
    changes = manage.EscalationChanges(severity=form.severity.data, trend=form.trend.data,
                                       watch_list=form.watch_list.data or [])
    try:
        manage.update(escalation=escalation, changes=changes, actor=current_user)
    except ValidationFailed as error:
        attach_errors(form, error)
        return _render_show(escalation, status=400, edit_form=form)
    return _done(escalation, f"{escalation.number} saved.")


@bp.post("/<number>/notes")
@login_required
def add_note(number: str):
    """Add a work note or a comment."""
    escalation = service.get_by_number_or_raise(number)
    form = NoteForm()
    field = "comment" if form.kind.data == "comment" else "work_note"
    try:
        manage.update(escalation=escalation, actor=current_user,
                      changes=manage.EscalationChanges(**{field: form.text.data or ""}))
    except ValidationFailed as error:
        form.text.errors = [error.fields.get(field, error.message)]
        return _render_show(escalation, status=400, note_form=form)
    return _done(escalation, "Comment added." if field == "comment" else "Work note added.")


@bp.post("/<number>/de-escalate")
@login_required
def de_escalate(number: str):
    """De-escalate with a justification."""
    escalation = service.get_by_number_or_raise(number)
    form = DeEscalateForm()
    try:
        service.de_escalate(escalation=escalation, justification=form.justification.data or "",
                            actor=current_user)
    except ValidationFailed as error:
        attach_errors(form, error)
        return _render_show(escalation, status=400, de_escalate_form=form)
    return _done(escalation, f"{escalation.number} is {escalation.state_enum.label.lower()}.")


@bp.post("/<number>/cases")
@login_required
def link_case(number: str):
    """Link a case of the account to an account escalation."""
    escalation = service.get_by_number_or_raise(number)
    form = LinkCaseForm()
    try:
        related = manage.link_case(escalation=escalation, case_number=form.case.data or "",
                                   actor=current_user)
    except ValidationFailed as error:
        attach_errors(form, error)
        return _render_show(escalation, status=400, link_form=form)
    return _done(escalation, f"{related.case.number} linked.")


@bp.post("/<number>/cases/<case_number>/unlink")
@login_required
def unlink_case(number: str, case_number: str):
    """Remove a related case."""
    escalation = service.get_by_number_or_raise(number)
    manage.unlink_case(escalation=escalation, case_number=case_number, actor=current_user)
    return _done(escalation, f"{case_number} unlinked.")
