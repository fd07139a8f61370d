"""The poll card print files (UTF-8 CSV, header on row 1, one card a row).

supplier.csv (for the print supplier; never holds an anonymous elector):
  card_kind            ordinary, postal or proxy (the form of card to print)
  elector_number       district code, number and any suffix, e.g. NA1-123 or NA1-123/1
  polling_district     polling district code
  name                 title and names as on the register
  address_1..address_5 qualifying address (or the correspondence address of an
                       elector with no qualifying address, e.g. an overseas elector)
  postcode             postcode of the qualifying address
  station_number       polling station number
  polling_place        name of the building
  polling_place_address, polling_place_postcode
  poll_date            e.g. Thursday 7 May 2026
  polls                the wording naming the polls, with the combined-poll sentence
  send_to              who the card goes to: "elector" (every ordinary, postal and
                       elector's proxy card) or "proxy" (the proxy's own poll card)
  send_to_name, send_to_address_1..send_to_address_5, send_to_postcode
                       the name and address to post the card to: the elector's for
                       send_to=elector, the proxy's for send_to=proxy. The name and
                       address_* columns are always the elector the card is about.

A proxy's own poll card (send_to=proxy, card_kind proxy) follows its elector's row and
has the same elector_number. It is written only when the absent vote provider gives
the proxy's name and address (see ems.polling.absent), and never for an anonymous
elector. Reconciliation counts the rows with send_to=elector: one per elector.

anonymous.csv (printed and enveloped by the office; no name or address):
  card_kind, elector_number, polling_district, station_number, polling_place,
  polling_place_address, polling_place_postcode, poll_date, polls
"""

STATION_COLUMNS = (
    "station_number",
    "polling_place",
    "polling_place_address",
    "polling_place_postcode",
)

SUPPLIER_HEADER = (
    "card_kind", "elector_number", "polling_district", "name",
    "address_1", "address_2", "address_3", "address_4", "address_5", "postcode",
    *STATION_COLUMNS, "poll_date", "polls",
    "send_to", "send_to_name", "send_to_address_1", "send_to_address_2", "send_to_address_3",
    "send_to_address_4", "send_to_address_5", "send_to_postcode",
)  # fmt: skip

ANONYMOUS_HEADER = (
    "card_kind", "elector_number", "polling_district", *STATION_COLUMNS, "poll_date", "polls",
)  # fmt: skip
