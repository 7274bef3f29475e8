"""审计密钥: outside the data directory, created 0600 on first use; `sanshen check --deploy` refuses a key or a
checkpoint folder that whoever holds the database could read or rewrite."""

import importlib
import stat
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connections

from sanshen import settings as project_settings
from sanshen.audit import keys
from sanshen.audit.checks import check_audit_key
from sanshen.audit.log import verify

from .helpers import entries


@pytest.fixture
def key_file(settings, tmp_path):
    settings.SANSHEN_AUDIT_KEY = ""
    settings.SANSHEN_AUDIT_KEY_FILE = tmp_path / "state" / "sanshen" / "audit.key"
    return settings.SANSHEN_AUDIT_KEY_FILE


def test_it_creates_the_key_file_readable_by_its_owner_only_on_first_use(db, key_file):
    assert not key_file.exists()
    entries(2)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    text = key_file.read_text().strip()
    assert len(text) >= 60 and keys.key_material() == text
    assert verify() == (2, [])


def test_it_signs_with_the_key_file_not_the_secret_key(db, key_file, settings):
    key_file.parent.mkdir(parents=True)
    key_file.write_text("a key kept apart\n")
    entries(2)
    assert verify() == (2, [])
    settings.SANSHEN_AUDIT_KEY = settings.SECRET_KEY  # someone holding only var/ and the database
    assert [(p.seq, p.kind) for p in verify()[1]] == [(1, "edited")]


def test_it_refuses_an_empty_key_file(db, key_file):
    key_file.parent.mkdir(parents=True)
    key_file.write_text("\n")
    with pytest.raises(ImproperlyConfigured) as exc:
        keys.key_material()
    assert str(key_file) in str(exc.value)


def test_it_keeps_the_development_defaults_outside_the_data_directory(monkeypatch):
    for name in ("SANSHEN_AUDIT_KEY_FILE", "SANSHEN_AUDIT_CHECKPOINT_DIR", "XDG_STATE_HOME"):
        monkeypatch.delenv(name, raising=False)
    defaults = importlib.reload(project_settings)
    state = Path.home() / ".local" / "state" / "sanshen"
    for path in (defaults.SANSHEN_AUDIT_KEY_FILE, defaults.SANSHEN_AUDIT_CHECKPOINT_DIR):
        assert path.is_relative_to(state)
        assert not path.resolve().is_relative_to(defaults.VAR_DIR.resolve())
        assert not path.resolve().is_relative_to(Path(defaults.MEDIA_ROOT).resolve())
    # One folder per install: a second checkout's database never meets this one's checkpoints.
    assert defaults.SANSHEN_AUDIT_KEY_FILE.parent == defaults.SANSHEN_AUDIT_CHECKPOINT_DIR.parent != state


def _ids(errors) -> list[str]:
    return [e.id for e in errors]


def test_it_passes_a_key_and_checkpoints_kept_apart(key_file):
    assert check_audit_key(None) == []


@pytest.mark.parametrize(
    "where",
    ["var", "media"],
)
def test_it_fails_a_key_file_inside_the_data_directory(settings, tmp_path, where):
    settings.VAR_DIR = tmp_path / "var"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SANSHEN_AUDIT_KEY = ""
    settings.SANSHEN_AUDIT_KEY_FILE = tmp_path / where / "audit.key"
    errors = check_audit_key(None)
    assert _ids(errors) == ["sanshen.audit.E001"]
    assert "审计密钥文件" in errors[0].msg and "SANSHEN_AUDIT_KEY_FILE" in errors[0].hint


def test_it_fails_a_key_file_beside_the_sqlite_database(settings, tmp_path, monkeypatch):
    monkeypatch.setitem(connections["default"].settings_dict, "ENGINE", "django.db.backends.sqlite3")
    monkeypatch.setitem(connections["default"].settings_dict, "NAME", str(tmp_path / "db" / "sanshen.sqlite3"))
    settings.SANSHEN_AUDIT_KEY = ""
    settings.SANSHEN_AUDIT_KEY_FILE = tmp_path / "db" / "audit.key"
    errors = check_audit_key(None)
    assert _ids(errors) == ["sanshen.audit.E001"] and "数据库目录" in errors[0].msg


def test_it_fails_a_key_that_is_the_secret_key(settings):
    settings.SANSHEN_AUDIT_KEY = settings.SECRET_KEY
    errors = check_audit_key(None)
    assert _ids(errors) == ["sanshen.audit.E001"] and "SECRET_KEY" in errors[0].msg


def test_it_fails_a_key_file_holding_the_secret_key(settings, key_file):
    key_file.parent.mkdir(parents=True)
    key_file.write_text(settings.SECRET_KEY)
    assert _ids(check_audit_key(None)) == ["sanshen.audit.E001"]


def test_it_fails_a_checkpoint_folder_inside_var_in_the_deploy_check(db, settings):
    settings.SANSHEN_AUDIT_CHECKPOINT_DIR = Path(settings.VAR_DIR) / "checkpoints"
    errors = check_audit_key(None)
    assert _ids(errors) == ["sanshen.audit.E002"] and "SANSHEN_AUDIT_CHECKPOINT_DIR" in errors[0].hint
    with pytest.raises(SystemCheckError) as exc:
        call_command("check", "--deploy", "--tag", "security", "--fail-level", "ERROR")
    assert "sanshen.audit.E002" in str(exc.value)
