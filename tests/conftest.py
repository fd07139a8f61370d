"""Fixtures shared by every test: users in each role and signed-in clients."""

import pytest
from django.contrib.auth.models import User

from ems.core.roles import Role, role_group
from tests.two_factor import verified_force_login  # noqa: F401 - autouse: force_login passes 2FA


def make_user(username: str, role: Role | None) -> User:
    user = User.objects.create_user(username=username, password="correct horse battery")
    if role is not None:
        user.groups.add(role_group(role))
    return user


@pytest.fixture
def manager(db) -> User:
    return make_user("manager", Role.MANAGER)


@pytest.fixture
def officer(db) -> User:
    return make_user("officer", Role.OFFICER)


@pytest.fixture
def reader(db) -> User:
    return make_user("reader", Role.READ_ONLY)


@pytest.fixture
def administrator(db) -> User:
    return make_user("administrator", Role.ADMINISTRATOR)


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client


@pytest.fixture
def write_csv(tmp_path):
    """Write text to a CSV file in the test's folder and return its path."""

    def write(name: str, text: str, encoding: str = "utf-8") -> object:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return write
