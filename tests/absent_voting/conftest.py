import base64
import datetime as dt
import zoneinfo

import pytest

from ems.core.models import Council
from tests.polling.factories import Scheme

LONDON = zoneinfo.ZoneInfo("Europe/London")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def at(y, m, d, hh=12, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=LONDON)


@pytest.fixture
def scheme(db):
    Council.objects.create(
        name="Exampleshire District Council", gss_code="E07000041", country="england",
        ero_name="Pat Officer", ro_name="Pat Officer", office_address="Civic Centre\nExampleton",
        office_postcode="EX1 1AA",
    )  # fmt: skip
    return Scheme()


@pytest.fixture
def png_b64():
    return base64.b64encode(PNG).decode()
