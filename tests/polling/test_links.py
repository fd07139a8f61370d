"""The election page and the polling scheme page link to each other."""


def test_election_page_links_to_its_polling_scheme_and_nominations(reader_client, scheme):
    text = reader_client.get(f"/elections/{scheme.local.pk}/").content.decode()
    assert f'href="/polling/day/{scheme.day.pk}/"' in text
    assert "Polling stations, poll cards and equipment for 7 May 2026" in text
    assert f'href="/elections/{scheme.local.pk}/nominations/"' in text
    # The combined poll is a link too.
    assert f'href="/elections/{scheme.pcc.pk}/">{scheme.pcc.title}</a>' in text


def test_polling_scheme_page_links_back_to_each_poll_on_the_day(reader_client, scheme):
    text = reader_client.get(f"/polling/day/{scheme.day.pk}/").content.decode()
    assert "Polls on this day" in text
    assert (
        f'<a class="govuk-link" href="/elections/{scheme.local.pk}/">{scheme.local.title}</a>'
        in text
    )
    assert (
        f'<a class="govuk-link" href="/elections/{scheme.pcc.pk}/">{scheme.pcc.title}</a>' in text
    )
