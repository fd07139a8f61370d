from ems.register.search_keys import name_keys, normalise_name, sounds_like


def test_spelling_variants_share_a_surname_code():
    assert sounds_like("Smith") == sounds_like("Smyth") == "S530"
    assert sounds_like("Robert") == sounds_like("Rupert") == "R163"
    assert sounds_like("Tymczak") == "T522"
    assert sounds_like("Pfister") == "P236"


def test_names_are_normalised_without_accents_or_punctuation():
    assert normalise_name("O'Brien-Zoë") == "obrienzoe"
    assert name_keys("Siân", "Ap Rhys") == {
        "search_first": "sian",
        "search_surname": "aprhys",
        "surname_code": "A162",
    }
