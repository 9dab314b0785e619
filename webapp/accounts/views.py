"""Account pages: the list and the account form."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask_login import login_required

from webapp.accounts import service
from webapp.audit import service as audit
from webapp.cases import service as cases
from webapp.common.pagination import parse_page

bp = Blueprint("accounts", __name__, url_prefix="/accounts")


@bp.get("/")
@login_required
def index():
    """The account list: search, sort and page."""
    q = request.args.get("q", "").strip()[:200]
    page, sort = service.list_accounts(q=q, sort=request.args.get("sort"),
                                       page=parse_page(request.args.get("page")),
                                       per_page=current_app.config["PAGE_SIZE"])
    counts = cases.count_by_account([account.id for account in page.items])
    return render_template("accounts/list.html", page=page, sort=sort, q=q, counts=counts)


@bp.get("/<number>")
@login_required
def show(number: str):
    """The account form: its cases, contacts and team."""
    account = service.get_by_number_or_raise(number)
    return render_template("accounts/form.html", account=account,
                           cases=cases.list_for_account(account),
                           history=audit.list_for(record_type="account", record_id=account.id))
