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
)  # fmt: skip

ANONYMOUS_HEADER = (
    "card_kind", "elector_number", "polling_district", *STATION_COLUMNS, "poll_date", "polls",
)  # fmt: skip
