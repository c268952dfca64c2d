from pathlib import Path

import pytest

from proscribed import settings
from proscribed.exc import InvalidInput

README = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")


@pytest.mark.parametrize("setting", settings.SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_documented(setting: settings.Setting) -> None:
    assert f"`{setting.name}`" in README


def test_threshold_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROSCRIBED_MATCH_THRESHOLD", "1.5")
    with pytest.raises(InvalidInput):
        settings.match_threshold()
    monkeypatch.setenv("PROSCRIBED_MATCH_THRESHOLD", "0.7")
    assert settings.match_threshold() == 0.7


def test_db_path_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PROSCRIBED_DB", str(tmp_path / "x.sqlite3"))
    assert settings.db_path() == tmp_path / "x.sqlite3"


def test_db_url_is_kept_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROSCRIBED_DB", "postgresql://user@db.example:5432/proscribed")
    assert settings.db_path() == "postgresql://user@db.example:5432/proscribed"  # not folded to postgresql:/user@...

