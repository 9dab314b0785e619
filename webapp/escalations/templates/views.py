"""Template pages for process admins: list, settings, modeler, publish, versions."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.auth import service as users
from webapp.auth.access import requires_role
from webapp.auth.roles import Role
from webapp.common import downloads, inputs
from webapp.common.forms import attach_errors, choices
from webapp.errors import NotFound, ValidationFailed
from webapp.escalations.process import migration
from webapp.escalations.templates import authoring, service
from webapp.escalations.templates.forms import SettingsForm, UploadForm
from webapp.severity import service as severities

bp = Blueprint("templates_admin", __name__, url_prefix="/admin/templates")
ADMIN = Role.ESCALATION_ADMIN


def _fill(form: SettingsForm, template=None) -> SettingsForm:
    form.approval_group.choices = choices(
        ((g.name, g.name) for g in authoring.approval_group_choices()), blank="-- None --")
    form.watch_list.choices = choices((u.username, u.full_name) for u in users.list_users())
    if template is not None and not form.is_submitted():
        form.approval_group.data = template.approval_group.name if template.approval_group else ""
        form.watch_list.data = [u.username for u in template.watch_list]
    return form


@bp.get("/")
@requires_role(ADMIN)
def index():
    """Every template: type, default, active, latest version, running escalations."""
    return render_template("templates_admin/list.html", rows=authoring.list_with_stats())


@bp.route("/new", methods=["GET", "POST"])
@requires_role(ADMIN)
def new():
    """Create a template; it opens in the modeler with a working starter diagram."""
    form = _fill(SettingsForm())
    if form.validate_on_submit():
        try:
            template = authoring.create(settings=form.settings(), actor=current_user)
        except ValidationFailed as error:
            attach_errors(form, error)
        else:
            flash(f"{template.name} created: edit its process, then publish it.", "success")
            return redirect(url_for("templates_admin.modeler", template_id=template.id))
    status = 400 if form.is_submitted() else 200
    return render_template("templates_admin/settings.html", form=form, template=None), status


@bp.route("/<int:template_id>/settings", methods=["GET", "POST"])
@requires_role(ADMIN)
def settings(template_id: int):
    """Edit a template's settings."""
    template = service.get_or_raise(template_id)
    form = _fill(SettingsForm(obj=template), template)
    if form.validate_on_submit():
        try:
            authoring.update_settings(template=template, settings=form.settings(),
                                      actor=current_user)
        except ValidationFailed as error:
            attach_errors(form, error)
        else:
            flash(f"{template.name} saved.", "success")
            return redirect(url_for("templates_admin.index"))
    status = 400 if form.is_submitted() else 200
    return render_template("templates_admin/settings.html", form=form, template=template), status


@bp.post("/<int:template_id>/clone")
@requires_role(ADMIN)
def clone(template_id: int):
    """Copy a template (inactive, its diagram as the draft)."""
    copy = authoring.clone(template=service.get_or_raise(template_id), actor=current_user)
    flash(f"{copy.name} created from the template; it is inactive until you activate it.",
          "success")
    return redirect(url_for("templates_admin.settings", template_id=copy.id))


@bp.post("/<int:template_id>/<any(activate, deactivate):action>")
@requires_role(ADMIN)
def set_active(template_id: int, action: str):
    """Activate or deactivate a template."""
    template = service.get_or_raise(template_id)
    authoring.set_active(template=template, active=action == "activate", actor=current_user)
    flash(f"{template.name} {action}d.", "success")
    return redirect(url_for("templates_admin.index"))


@bp.get("/<int:template_id>/modeler")
@requires_role(ADMIN)
def modeler(template_id: int):
    """The BPMN modeler with the Camunda properties panel."""
    template = service.get_or_raise(template_id)
    return render_template("templates_admin/modeler.html", template=template,
                           upload_form=UploadForm(), severities=severities.list_active())


@bp.get("/<int:template_id>/diagram.bpmn")
@requires_role(ADMIN)
def diagram(template_id: int):
    """The diagram the modeler opens (draft, else latest version, else starter), as a download."""
    template = service.get_or_raise(template_id)
    return downloads.diagram(authoring.current_xml(template), "template", template.id)


@bp.post("/<int:template_id>/draft")
@inputs.large_body("DIAGRAM_REQUEST_BYTES")
@requires_role(ADMIN)
def save_draft(template_id: int):
    """Keep the diagram being edited (JSON: {xml})."""
    template = service.get_or_raise(template_id)
    authoring.save_draft(template=template, xml=_xml_from_body(), actor=current_user)
    return jsonify({"saved_at": template.draft_saved_at.isoformat()})


def _json_body() -> dict:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


def _xml_from_body() -> str:
    xml = _json_body().get("xml")
    if not isinstance(xml, str) or not xml.strip():
        raise ValidationFailed("Send the diagram as {\"xml\": \"...\"}.",
                               fields={"xml": "The diagram is missing."})
    return xml


@bp.post("/<int:template_id>/publish")
@inputs.large_body("DIAGRAM_REQUEST_BYTES")
@requires_role(ADMIN)
def publish(template_id: int):
    """Publish the diagram sent (or the saved draft); 400 lists every problem."""
    template = service.get_or_raise(template_id)
    xml = _xml_from_body() if _json_body().get("xml") else template.draft_xml
    if not xml:
        raise ValidationFailed("There is no draft to publish.")
    try:
        version = authoring.publish_draft(template=template, xml=xml, actor=current_user)
    except service.NotPublishable as error:
        return jsonify({"error": error.message, "fields": {},
                        "problems": [_problem(p) for p in error.problems]}), 400
    return jsonify({"version": version.number, "summary": version.summary,
                    "versions_url": url_for("templates_admin.versions", template_id=template.id)})


def _problem(problem) -> dict:
    return {"element_id": problem.element_id, "element_name": problem.element_name,
            "line": problem.line, "message": problem.message}


@bp.post("/<int:template_id>/upload")
@inputs.large_body("DIAGRAM_REQUEST_BYTES")
@requires_role(ADMIN)
def upload(template_id: int):
    """Open an uploaded .bpmn file in the modeler (as the draft)."""
    template = service.get_or_raise(template_id)
    upload_form = UploadForm()
    data = upload_form.file.data.read() if upload_form.file.data else b""
    try:
        authoring.upload(template=template, data=data, actor=current_user)
    except ValidationFailed as error:
        flash(f"The file was not opened: {error.fields.get('xml', error.message)}", "danger")
    else:
        flash("The file is open as the draft; publish it when it is ready.", "success")
    return redirect(url_for("templates_admin.modeler", template_id=template.id))


@bp.get("/<int:template_id>/versions")
@requires_role(ADMIN)
def versions(template_id: int):
    """Every published version, newest first."""
    template = service.get_or_raise(template_id)
    latest = template.latest_version
    candidates = migration.preview(template, latest) if latest is not None else []
    return render_template("templates_admin/versions.html", template=template,
                           running=authoring.running_by_version(template), candidates=candidates)


@bp.post("/<int:template_id>/versions/<int:number>/move")
@requires_role(ADMIN)
def move_running(template_id: int, number: int):
    """Move the running escalations of older versions to this one, where that is safe."""
    template = service.get_or_raise(template_id)
    target = _version_or_404(template, number)
    report = migration.move_running(template=template, target=target, actor=current_user)
    if report.moved:
        flash(f"Moved to version {number}: {', '.join(report.moved)}.", "success")
    for escalation_number, reasons in report.refused:
        flash(f"{escalation_number} stays on its version: {'; '.join(reasons)}.", "warning")
    if not report.moved and not report.refused:
        flash("No running escalation is on an older version.", "info")
    return redirect(url_for("templates_admin.versions", template_id=template.id))


def _version_or_404(template, number: int):
    found = next((v for v in template.versions if v.number == number), None)
    if found is None:
        raise NotFound(f"{template.name} has no version {number}.")
    return found


@bp.get("/<int:template_id>/versions/<int:number>")
@requires_role(ADMIN)
def version(template_id: int, number: int):
    """One version in the viewer; its `.bpmn` file with `?format=bpmn`."""
    template = service.get_or_raise(template_id)
    found = _version_or_404(template, number)
    if request.args.get("format") == "bpmn":
        return downloads.diagram(found.bpmn_xml, "template", template.id, f"v{number}")
    return render_template("templates_admin/version.html", template=template, version=found)


@bp.get("/guide")
@requires_role(ADMIN)
def guide():
    """The process admins' guide (docs/templates.md)."""
    return render_template("templates_admin/guide.html", html=authoring.guide_html())


@bp.get("/failures")
@requires_role(ADMIN)
def failures():
    """Escalations whose process failed, with the element and the error."""
    return render_template("templates_admin/failures.html", rows=authoring.failed_processes())
