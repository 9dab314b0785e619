"""The dry run of a draft diagram, as JSON for the modeler page."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_login import current_user

from webapp.auth.access import requires_role
from webapp.auth.roles import Role
from webapp.common import inputs
from webapp.escalations.templates import dry_run as service

bp = Blueprint("dry_run", __name__, url_prefix="/admin")


@bp.post("/dry-run")
@inputs.large_body("DIAGRAM_REQUEST_BYTES")
@requires_role(Role.ESCALATION_ADMIN)
def run():
    """Run the posted diagram in memory and answer with the report; nothing is stored."""
    report = service.run_request(body=request.get_json(silent=True), requester=current_user)
    return jsonify(report.to_dict())
