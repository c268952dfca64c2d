import pytest

from proscribed import exc


@pytest.mark.parametrize(
    ("cls", "status", "code"),
    [
        (exc.ProscribedError, 500, 1),
        (exc.InvalidInput, 400, 2),
        (exc.NotFound, 404, 3),
        (exc.StoreError, 503, 4),
        (exc.StoreCorrupt, 503, 4),
        (exc.StoreTooNew, 503, 4),
        (exc.DataError, 502, 5),
    ],
)
def test_status_and_exit_code(cls: type[exc.ProscribedError], status: int, code: int) -> None:
    assert (cls.status, cls.exit_code) == (status, code)
