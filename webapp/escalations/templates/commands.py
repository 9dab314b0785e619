"""`flask --app webapp templates publish PATH --name NAME --type case|account`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from webapp.common.transactions import boundary
from webapp.errors import ValidationFailed
from webapp.escalations import lanes
from webapp.escalations.templates import service
from webapp.escalations.templates.models import SourceType

templates_cli = AppGroup("templates", help="Publish and inspect escalation templates.")


@templates_cli.command("publish")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name", required=True, help="Template name (an existing one gets a new version).")
@click.option("--type", "source_type", required=True, type=click.Choice(["case", "account"]))
@click.option("--approval-group", default=None, help="Name of the group that approves.")
def publish_command(path: Path, name: str, source_type: str, approval_group: str | None) -> None:
    """Publish the BPMN diagram at PATH; print every problem and exit 1 when it cannot be."""
    group = None
    if approval_group:
        group = lanes.group_by_name(approval_group)
        if group is None:
            raise click.ClickException(f"There is no group {approval_group!r}.")
    try:
        with boundary():
            version = service.publish(xml=path.read_text(encoding="utf-8"), name=name,
                                      source_type=SourceType(source_type), approval_group=group)
    except service.NotPublishable as error:
        click.echo(f"{path}: {error.message}", err=True)
        for problem in error.problems:
            click.echo(f"  - {problem}", err=True)
        raise SystemExit(1) from None
    except ValidationFailed as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Published {name} version {version.number} ({source_type}).")
