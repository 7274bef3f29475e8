import json

import pytest


def _django(request) -> bool:
    # sanshen/checks tests also run without Django (-p no:django); these fixtures then do nothing.
    return request.config.pluginmanager.hasplugin("django")


def pytest_configure(config):
    if config.pluginmanager.hasplugin("django"):
        from django.conf import settings

        # Static files come from the source folders, under their plain names: no collectstatic before the tests,
        # and never a stale var/static/ from the last `make run`.
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        settings.WHITENOISE_AUTOREFRESH = True
        settings.WHITENOISE_USE_FINDERS = True


@pytest.fixture(autouse=True)
def _media_root(request, tmp_path):
    if _django(request):
        # Uploaded and generated files go to a per-test folder.
        request.getfixturevalue("settings").MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _audit_key_and_checkpoints(request, tmp_path):
    if _django(request):
        # The audit chain's key and checkpoint file live outside the database: per test, never the developer's own.
        settings = request.getfixturevalue("settings")
        settings.SANSHEN_AUDIT_KEY = "test-audit-key"
        settings.SANSHEN_AUDIT_CHECKPOINT_DIR = tmp_path / "audit-checkpoints"


@pytest.fixture(autouse=True)
def _second_factor_off(request):
    if _django(request):
        # The level-3 second factor is on by default (settings.SANSHEN_REQUIRE_2FA); tests log people in with the
        # password alone unless they turn it on (sanshen/accounts/tests/test_second_factor*.py do).
        request.getfixturevalue("settings").SANSHEN_REQUIRE_2FA = False


@pytest.fixture(autouse=True)
def _huey_immediate(request):
    if _django(request):
        # Background jobs run at once in tests, in the same process.
        from huey.contrib.djhuey import HUEY

        HUEY.immediate = True


@pytest.fixture
def county(db):
    from sanshen.test import make_county

    return make_county()


@pytest.fixture(autouse=True)
def _fresh_column_profiles(request):
    if _django(request):
        # Column profiles are learned per process from the database; each test has a database of its own.
        from sanshen.review import checking

        checking._profiles["built"] = None


@pytest.fixture
def huey_queue():
    """Background jobs queued instead of run, as before a consumer takes them: in memory, so test processes running
    side by side never share (or flush) one another's queue."""
    from huey.contrib.djhuey import HUEY
    from huey.storage import MemoryStorage

    HUEY.immediate = False
    saved, HUEY.storage = HUEY.storage, MemoryStorage(HUEY.name)
    yield HUEY
    HUEY.storage = saved
    HUEY.immediate = True


class ApiClient:
    """The JSON API as a client with a personal token sees it."""

    def __init__(self, key: str):
        from django.test import Client

        self.client = Client(headers={"Authorization": f"Bearer {key}"})

    def get(self, path: str, **params):
        return self.client.get(path, params)

    def post(self, path: str, data: dict | None = None):
        return self.client.post(path, json.dumps(data or {}), content_type="application/json")


@pytest.fixture
def api(county):
    """api(user) → a JSON API client holding a fresh token of that user."""
    from sanshen.accounts.models import ApiToken

    keys: dict[int, str] = {}

    def for_user(user) -> ApiClient:
        if user.pk not in keys:
            keys[user.pk] = ApiToken.issue(user, "测试")[1]
        return ApiClient(keys[user.pk])

    return for_user
