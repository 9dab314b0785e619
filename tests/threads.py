"""Acting from several threads at once, each with its own app context, connection and
transaction (for tests marked `real_commits`)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from webapp.common.transactions import boundary
from webapp.errors import InvalidTransition
from webapp.extensions import db


def run_at_once(app, actions: list[Callable[[], object]]) -> tuple[list, list]:
    """Run each action in its own thread and app context, all released together."""
    barrier = threading.Barrier(len(actions))
    results, errors = [], []

    def worker(action):
        with app.app_context():
            barrier.wait()
            try:
                with boundary():
                    results.append(action())
            except InvalidTransition as error:
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors
