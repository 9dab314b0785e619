"""Record numbers: formatted, gap-free, and unique under concurrent requests."""

import threading

import pytest
from sqlalchemy import select

from tests.builders import make_account, make_case
from webapp.accounts.models import Account
from webapp.cases import service as cases
from webapp.cases.models import Case
from webapp.common.transactions import boundary
from webapp.errors import ValidationFailed
from webapp.extensions import db


def test_numbers__count_up_from_one_per_prefix():
    first = make_case()
    second = make_case(account=first.account)
    assert (first.number, second.number) == ("CS0000001", "CS0000002")
    assert first.account.number == "ACC0000001"


def test_numbers__a_refused_case_takes_no_number():
    account = make_account()
    with pytest.raises(ValidationFailed):
        cases.create(account=account, short_description="  ")
    assert make_case(account=account).number == "CS0000001"


def test_numbers__a_rolled_back_transaction_leaves_no_gap():
    account = make_account()
    cases.build(account=account, short_description="never committed")
    db.session.rollback()
    assert make_case(account=account).number == "CS0000001"


@pytest.mark.real_commits  # each thread has its own connection and transaction
def test_numbers__concurrent_creates_get_distinct_consecutive_numbers(app):
    account_id = make_account().id
    workers, per_worker = 8, 5
    barrier = threading.Barrier(workers)
    errors: list[BaseException] = []

    def create_some() -> None:
        with app.app_context():
            try:
                account = db.session.get(Account, account_id)
                barrier.wait()
                for _ in range(per_worker):
                    with boundary():  # each create is an action of its own
                        cases.create(account=account, short_description="parallel")
            except BaseException as error:  # reported below, not swallowed
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=create_some) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(db.session.scalars(select(Case.number)))
    assert numbers == [f"CS{n:07d}" for n in range(1, workers * per_worker + 1)]
