"""A missing optional part names the extra that brings it."""

from __future__ import annotations

import pytest

from proscribed.exc import InvalidInput
from proscribed.extras import require


def test_a_missing_extra_is_named() -> None:
    with pytest.raises(InvalidInput, match=r"pip install 'proscribed\[dask\]'") as err:
        require("proscribed_no_such_module", "dask", "scan-archive --scheduler")
    assert err.value.exit_code == 2


@pytest.mark.parametrize(("module", "extra"), [("distributed", "dask"), ("psycopg", "postgres"), ("natasha", "news")])
def test_the_test_install_carries_every_extra(module: str, extra: str) -> None:
    require(module, extra, "the test suite")  # .ci/run installs '.[test]', which includes every extra
