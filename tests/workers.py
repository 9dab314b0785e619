"""Workers side by side: threads that each run passes, in transactions of their own, until a
pass finds nothing left to do."""

from __future__ import annotations

import threading
from collections.abc import Callable

from webapp.common.transactions import boundary
from webapp.extensions import db


def side_by_side(app, one_pass: Callable[[], int], *, workers: int = 2,
                 timeout: float = 120) -> int:
    """Run `one_pass` (how much it did) in `workers` threads until each finds nothing more;
    return the total done. An error in any thread fails the caller."""
    errors: list[BaseException] = []
    done: list[int] = []

    def work() -> None:
        with app.app_context():
            try:
                while True:
                    with boundary():
                        did = one_pass()
                    done.append(did)
                    if not did:
                        return
            except Exception as error:  # raised again in the caller
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    if errors:
        raise errors[0]
    return sum(done)
