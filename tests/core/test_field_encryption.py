"""National Insurance numbers are stored encrypted: the raw database column never holds one."""

import datetime as dt
import json

import pytest
from django.db import connection

from ems.absent_voting import services as absent_services
from ems.absent_voting.models import AbsentVoteApplication, OverseasDeclaration, VacApplication
from ems.applications import services as application_services
from ems.applications.models import Application
from ems.applications.sources import FileApplicationSource
from ems.core import crypto
from ems.core.errors import EmsError
from ems.core.models import AuditEvent
from ems.staffing import services as staffing_services
from ems.staffing.models import Person
from tests.absent_voting.conftest import PNG, at
from tests.applications.factories import item, write_batch
from tests.register.factories import ElectorFactory
from tests.staffing.factories import PersonFactory

pytestmark = pytest.mark.django_db

NINO = "JG103759A"


def raw_column(model, column: str, pk: int) -> str:
    """The value as the database holds it, read past the model field."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def assert_encrypted(model, column: str, pk: int) -> None:
    raw = raw_column(model, column, pk)
    assert NINO not in raw
    assert crypto.decrypt_text(raw) == NINO
    assert getattr(model.objects.get(pk=pk), column) == NINO
    # Nor does the audit trail keep a copy.
    for event in AuditEvent.objects.all():
        assert NINO not in json.dumps([event.object_repr, event.before, event.after]), event


def test_registration_application_nino_is_ciphertext_in_the_database(tmp_path):
    path = write_batch(tmp_path, [item(1, applicant={"nino": NINO})])
    application_services.batch_import(source=FileApplicationSource(path), acting_user=None)
    app = Application.objects.get()
    assert_encrypted(Application, "nino", app.pk)


def test_absent_vote_and_vac_application_ninos_are_ciphertext():
    elector = ElectorFactory()
    received = at(2026, 3, 1)
    postal = absent_services.application_create(
        acting_user=None,
        values={"kind": "postal", "scope": "standing", "elector": elector, "nino": NINO,
                "date_of_birth": dt.date(1980, 1, 1), "received_at": received},
        signature=PNG,
    )  # fmt: skip
    assert_encrypted(AbsentVoteApplication, "nino", postal.pk)
    vac = absent_services.vac_application_create(
        acting_user=None,
        values={"elector": elector, "received_at": received, "document": "vac", "nino": NINO},
        photo=PNG,
    )
    assert_encrypted(VacApplication, "nino", vac.pk)


def test_overseas_declaration_nino_is_ciphertext():
    elector = ElectorFactory()
    declaration = OverseasDeclaration.objects.create(
        elector=elector, kind="renewal", basis="registered", received_on=dt.date(2026, 3, 1),
        last_uk_address="1 Acacia Avenue", nino=NINO,
    )  # fmt: skip
    assert_encrypted(OverseasDeclaration, "nino", declaration.pk)


def test_staff_ni_number_is_ciphertext():
    person = PersonFactory()
    staffing_services.compliance_update(person=person, acting_user=None, ni_number=NINO)
    assert_encrypted(Person, "ni_number", person.pk)


def test_blank_stays_blank_and_each_encryption_differs():
    assert crypto.encrypt_text("") == ""
    assert crypto.encrypt_text(NINO) != crypto.encrypt_text(NINO)
    assert crypto.keyed_hash(NINO) == crypto.keyed_hash(NINO) != crypto.keyed_hash("AB123456C")


def test_a_value_encrypted_under_another_key_is_refused_clearly(settings):
    token = crypto.encrypt_text(NINO)
    settings.EMS_FIELD_KEY = "a different key"
    with pytest.raises(EmsError, match="cannot be read with this server's key"):
        crypto.decrypt_text(token)
