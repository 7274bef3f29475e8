import pytest


def _django(request) -> bool:
    # sanshen/checks tests also run without Django (-p no:django); these fixtures then do nothing.
    return request.config.pluginmanager.hasplugin("django")


@pytest.fixture(autouse=True)
def _media_root(request, tmp_path):
    if _django(request):
        # Uploaded and generated files go to a per-test folder.
        request.getfixturevalue("settings").MEDIA_ROOT = tmp_path / "media"


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
