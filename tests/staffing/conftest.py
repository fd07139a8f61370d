import pytest

from ems.core.roles import Role, role_group
from tests.conftest import make_user
from tests.polling.factories import Scheme


@pytest.fixture
def scheme(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Scheme()


@pytest.fixture
def finance(db):
    """A finance officer: a data role (to use the pages) and the Finance role."""
    user = make_user("finance", Role.OFFICER)
    user.groups.add(role_group(Role.FINANCE))
    return user


@pytest.fixture
def finance_client(client, finance):
    client.force_login(finance)
    return client
