"""The public polling station finder meets WCAG 2.2 AA basics, checked in a browser.

pytest-playwright-axe needs Python 3.12 (this project runs 3.11), so the key axe rules
are checked here directly in the page: a labelled input, an error summary that links to
the field and moves focus to it, "Error: " page titles, one h1 and no skipped heading
levels, a sensible focus order, the page language, named links and buttons, and no
information given by colour alone (errors and results say so in words).
"""

import datetime

import pytest
from playwright.sync_api import Page, expect

from ems.elections.models import PollingDay
from tests.polling.factories import Scheme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# An axe-like check of the rules that matter on these pages; returns the problems found.
AXE_LIKE = """() => {
  const problems = [];
  const visible = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const name = el => (el.getAttribute('aria-label') || el.innerText || el.value || '').trim();
  if (!document.documentElement.lang) problems.push('html has no lang');
  if (!document.title.trim()) problems.push('page has no title');
  const headings = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].filter(visible);
  if (headings.filter(h => h.tagName === 'H1').length !== 1) problems.push('not exactly one h1');
  // (GOV.UK's error summary puts its h2 above the h1, as axe's heading-order allows.)
  let level = 0;
  for (const h of headings) {
    const next = Number(h.tagName[1]);
    if (level && next > level + 1) problems.push(`heading skips a level: ${h.innerText}`);
    level = next;
  }
  for (const el of document.querySelectorAll('input,select,textarea')) {
    if (el.type === 'hidden' || !visible(el)) continue;
    const labelled = (el.id && document.querySelector(`label[for="${el.id}"]`))
      || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.closest('label');
    if (!labelled) problems.push(`form field without a label: ${el.name}`);
    for (const id of (el.getAttribute('aria-describedby') || '').split(' ').filter(Boolean)) {
      if (!document.getElementById(id)) problems.push(`aria-describedby points nowhere: ${id}`);
    }
  }
  for (const el of document.querySelectorAll('a[href],button')) {
    if (visible(el) && !name(el)) problems.push(`link or button without a name: ${el.outerHTML}`);
  }
  for (const img of document.querySelectorAll('img')) {
    if (!img.hasAttribute('alt')) problems.push('image without alt');
  }
  const ids = [...document.querySelectorAll('[id]')].map(el => el.id);
  const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (dupes.length) problems.push(`duplicate ids: ${dupes}`);
  for (const el of document.querySelectorAll('[tabindex]')) {
    if (Number(el.getAttribute('tabindex')) > 0) problems.push('positive tabindex');
  }
  return problems;
}"""


@pytest.fixture
def finder(db):
    scheme = Scheme()
    # The finder shows the next polling day: move the scheme's day into the future.
    future = datetime.date.today() + datetime.timedelta(days=40)
    PollingDay.objects.filter(pk=scheme.day.pk).update(date=future)
    return scheme


def assert_accessible(page: Page) -> None:
    assert page.evaluate(AXE_LIKE) == []


def focus_sequence(page: Page, presses: int) -> list[str]:
    seen = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(
            "() => { const el = document.activeElement;"
            " return (el.id || el.getAttribute('name') || el.innerText || el.tagName).trim(); }"
        ))  # fmt: skip
    return seen


def test_finder_page_is_labelled_titled_and_in_a_sensible_focus_order(
    page: Page, live_server, finder
):
    page.goto(f"{live_server.url}/polling/find/")
    expect(page).to_have_title("Find your polling station – Electoral Management System")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find your polling station")
    postcode = page.get_by_label("Postcode")
    expect(postcode).to_be_visible()
    expect(postcode).to_have_attribute("autocomplete", "postal-code")
    # The hint is read out with the field.
    hint_id = postcode.get_attribute("aria-describedby")
    expect(page.locator(f"#{hint_id}")).to_have_text("For example EX1 2AB")
    assert_accessible(page)
    # Keyboard: the skip link first, then (past the header) the field before its button.
    order = focus_sequence(page, 6)
    assert order[0] == "Skip to main content"
    assert "id_postcode" in order
    assert order.index("id_postcode") < order.index("Find")


def test_invalid_postcode_has_error_summary_linked_to_the_field(page: Page, live_server, finder):
    page.goto(f"{live_server.url}/polling/find/")
    page.get_by_label("Postcode").fill("not a postcode")
    page.get_by_role("button", name="Find").click()
    expect(page).to_have_title("Error: Find your polling station – Electoral Management System")
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    # GOV.UK Frontend focuses the summary so screen readers announce it.
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    link = summary.get_by_role("link", name="Enter a real postcode, like EX1 2AB")
    expect(link).to_have_attribute("href", "#id_postcode")
    # The message beside the field says "Error:" in words, not by red colour alone.
    message = page.locator("#id_postcode-error")
    expect(message).to_contain_text("Error:")
    expect(message).to_contain_text("Enter a real postcode, like EX1 2AB")
    described_by = page.get_by_label("Postcode").get_attribute("aria-describedby")
    assert "id_postcode-error" in described_by.split()
    link.click()
    expect(page.get_by_label("Postcode")).to_be_focused()
    assert_accessible(page)


def test_split_postcode_lists_addresses_then_shows_the_station(page: Page, live_server, finder):
    page.goto(f"{live_server.url}/polling/find/")
    page.get_by_label("Postcode").fill("ex1 2ab")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_role("heading", level=2, name="Choose your address")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="1 Mill Road").click()
    expect(page).to_have_title("Your polling station – Electoral Management System")
    expect(page.get_by_role("heading", level=2, name="Your polling station")).to_be_visible()
    expect(page.locator("#your-station")).to_contain_text("Scout Hut")
    expect(page.get_by_role("heading", level=2, name="Accessibility")).to_be_visible()
    assert_accessible(page)
    # Nothing personal: no elector's name on the public page.
    expect(page.get_by_text("Cole")).to_have_count(0)


def test_single_station_postcode_shows_the_station_in_words(page: Page, live_server, finder):
    page.goto(f"{live_server.url}/polling/find/?postcode=EX2+1AA")
    panel = page.locator("#your-station")
    expect(panel.get_by_role("heading", name="Your polling station")).to_be_visible()
    expect(panel).to_contain_text("Scout Hut")
    assert_accessible(page)
