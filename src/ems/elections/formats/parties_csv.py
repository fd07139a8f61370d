"""Registered political parties, their descriptions and emblems, from a CSV shaped like the
Electoral Commission's register of political parties export (search.electoralcommission.org.uk,
"Registrations", exported as CSV). One row per party.

Header (any order, case-insensitive; other columns in the export are ignored):

    ECRef,RegulatedEntityName

and optionally

    RegisterName,RegistrationStatus,Descriptions,Emblems

- ECRef: the Commission's reference for the party, "PP" and digits (e.g. PP52).
- RegulatedEntityName: the registered party name, as it may appear on ballot papers.
- RegisterName: the register the party is on ("Great Britain" or "Northern Ireland").
- RegistrationStatus: "Registered" or "Deregistered". Deregistered parties are loaded but
  their names and descriptions cannot be used by candidates.
- Descriptions: the party's registered descriptions, separated by new lines (within the
  quoted cell) or by "|". Each is at most six words.
- Emblems: the party's registered emblems, separated the same way, each as the
  Commission's emblem id, optionally followed by ":" and what the emblem shows
  (e.g. "1234: Rose in a circle").

ECRef, RegulatedEntityName, RegisterName and RegistrationStatus are the column names the
Commission's own API and exports use; the layout of the Descriptions and Emblems cells is
this EMS's convention (the Commission's export lists them per party; rearrange them into
these two cells if needed).

Parties are created or updated by ECRef. Descriptions and emblems are added; any no longer
listed are removed unless a candidate uses them. Nothing else is deleted.
"""

import re
from dataclasses import dataclass
from typing import Any

from ems.core.audit import Change, audit_many
from ems.core.csvfiles import CsvFile, Row
from ems.core.importing import CsvImporter, Progress

from ..models import Candidate, PartyDescription, PartyEmblem, RegisteredParty
from ..rules.nominations import MAX_DESCRIPTION_WORDS

EC_REF = re.compile(r"^PP\d{1,6}$")
EMBLEM_ID = re.compile(r"^\d{1,10}$")
SEPARATOR = re.compile(r"\s*(?:\r?\n|\|)\s*")


@dataclass(slots=True)
class PartyRow:
    ec_ref: str
    name: str
    register: str
    status: str
    descriptions: list[str]
    emblems: list[tuple[str, str]]


def _items(text: str) -> list[str]:
    return [item for item in SEPARATOR.split(text or "") if item.strip()]


class PartiesCsvImporter(CsvImporter[PartyRow]):
    columns = ("ecref", "regulatedentityname")

    def read(self) -> CsvFile:
        csv_file = super().read()
        self.header = set(csv_file.header)
        return csv_file

    def clean_row(self, row: Row) -> PartyRow | None:
        before = len(self.errors)
        ec_ref = row["ecref"].upper().replace(" ", "")
        if not EC_REF.match(ec_ref):
            self.error(row, "ECRef", f"{ec_ref or 'empty'} is not an EC reference", "PP and digits")
        name = " ".join(row["regulatedentityname"].split())
        if not name:
            self.error(row, "RegulatedEntityName", "is empty", "the registered party name")
        elif len(name) > 200:
            self.error(row, "RegulatedEntityName", "too long", "at most 200 characters")
        descriptions = []
        for text in _items(row["descriptions"]):
            text = " ".join(text.split())
            if len(text.split()) > MAX_DESCRIPTION_WORDS:
                self.error(
                    row,
                    "Descriptions",
                    f"“{text}” has {len(text.split())} words",
                    f"at most {MAX_DESCRIPTION_WORDS} words",
                )
            elif text not in descriptions:
                descriptions.append(text)
        emblems = []
        for item in _items(row["emblems"]):
            emblem_id, _, what = item.partition(":")
            emblem_id = emblem_id.strip()
            if not EMBLEM_ID.match(emblem_id):
                self.error(row, "Emblems", f"“{item}” has no emblem id", "digits, then : and text")
            else:
                emblems.append((emblem_id, " ".join(what.split())[:300]))
        if len(self.errors) > before:
            return None
        return PartyRow(
            ec_ref=ec_ref,
            name=name,
            register=" ".join(row["registername"].split())[:40],
            status=" ".join(row["registrationstatus"].split())[:40],
            descriptions=descriptions,
            emblems=emblems,
        )

    def check_all(self, cleaned: list[tuple[Row, PartyRow]]) -> None:
        first: dict[str, int] = {}
        for row, party in cleaned:
            if party.ec_ref in first:
                self.error(
                    row,
                    "ECRef",
                    f"{party.ec_ref} appears twice",
                    f"once (first on row {first[party.ec_ref]})",
                )
            first.setdefault(party.ec_ref, row.number)

    def apply(self, cleaned: list[PartyRow], *, acting_user, progress: Progress) -> dict[str, Any]:
        existing = {p.ec_ref: p for p in RegisteredParty.objects.all()}
        changes: list[Change] = []
        new_parties, updated = [], []
        for row in cleaned:
            party = existing.get(row.ec_ref)
            values = {"name": row.name, "register": row.register, "status": row.status}
            if party is None:
                new_parties.append(RegisteredParty(ec_ref=row.ec_ref, **values))
                changes.append(Change("party.created", "party", row.ec_ref, row.name, None, values))
            else:
                before = {k: getattr(party, k) for k in values}
                if before != values:
                    for k, v in values.items():
                        setattr(party, k, v)
                    updated.append(party)
                    changes.append(
                        Change("party.updated", "party", row.ec_ref, row.name, before, values)
                    )
        RegisteredParty.objects.bulk_create(new_parties, batch_size=1000)
        RegisteredParty.objects.bulk_update(
            updated, ["name", "register", "status"], batch_size=1000
        )
        by_ref = {p.ec_ref: p for p in RegisteredParty.objects.all()}
        held_desc = {(d.party_id, d.description): d.pk for d in PartyDescription.objects.all()}
        held_emblems = {(e.party_id, e.emblem_id): e for e in PartyEmblem.objects.all()}
        used_emblems = set(
            Candidate.objects.exclude(emblem=None).values_list("emblem_id", flat=True)
        )
        add_desc, add_emblems, keep_desc, keep_emblems, changed_emblems = [], [], set(), set(), []
        for done, row in enumerate(cleaned, start=1):
            party = by_ref[row.ec_ref]
            for text in row.descriptions:
                key = (party.pk, text)
                if key in held_desc:
                    keep_desc.add(held_desc[key])
                else:
                    add_desc.append(PartyDescription(party=party, description=text))
            for emblem_id, what in row.emblems:
                emblem = held_emblems.get((party.pk, emblem_id))
                if emblem is None:
                    add_emblems.append(
                        PartyEmblem(party=party, emblem_id=emblem_id, description=what)
                    )
                else:
                    keep_emblems.add(emblem.pk)
                    if what and emblem.description != what:
                        emblem.description = what
                        changed_emblems.append(emblem)
            progress(done, len(cleaned))
        loaded = {by_ref[row.ec_ref].pk for row in cleaned}
        stale_desc = [
            pk
            for (party_id, _), pk in held_desc.items()
            if party_id in loaded and pk not in keep_desc
        ]
        stale_emblems = [
            e.pk
            for (party_id, _), e in held_emblems.items()
            if party_id in loaded and e.pk not in keep_emblems and e.pk not in used_emblems
        ]
        PartyDescription.objects.filter(pk__in=stale_desc).delete()
        PartyEmblem.objects.filter(pk__in=stale_emblems).delete()
        PartyDescription.objects.bulk_create(add_desc, batch_size=1000)
        PartyEmblem.objects.bulk_create(add_emblems, batch_size=1000)
        PartyEmblem.objects.bulk_update(changed_emblems, ["description"], batch_size=1000)
        summary = {
            "parties_added": len(new_parties),
            "parties_updated": len(updated),
            "descriptions_added": len(add_desc),
            "descriptions_removed": len(stale_desc),
            "emblems_added": len(add_emblems),
            "emblems_removed": len(stale_emblems),
        }
        changes.append(
            Change("parties.imported", "party_register", "", self.display_name, None, summary)
        )
        audit_many(acting_user=acting_user, changes=changes)
        return summary
