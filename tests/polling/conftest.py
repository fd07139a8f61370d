import pytest

from tests.polling.factories import Scheme


@pytest.fixture
def scheme(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Scheme()
