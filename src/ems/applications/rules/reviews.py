"""Reviews of entitlement and deletions without a review (RPA 1983 s10ZE; RPR 2001 regs 31B-31F).

- Review (RPR 2001 reg 31D): when the ERO is not satisfied that an elector is entitled to be
  registered, the ERO sends a notice giving the grounds and saying the elector may ask for a
  hearing within 14 days of the notice; the review is entered in the list of reviews (reg 31E),
  except for an anonymous entry (reg 31D(3)).
- Hearing (RPR 2001 reg 31F): at least 3 days' notice of the time and place.
- Without a hearing asked for, the ERO may determine the review once the 14 days are over.
- Summary deletion without a review (RPR 2001 reg 31C(2)): (a) another ERO (or the digital
  service) reports that the elector applied at a new address, named this one as the address
  they have left, and has been entered on that ERO's register; (b)(ii)-(iii) a death
  certificate, or a registrar of births and deaths' notice that the elector has died.

Plain Python: no Django.
"""

from datetime import date, timedelta

HEARING_REQUEST_DAYS = 14
REVIEW_HEARING_NOTICE_DAYS = 3

CITATION_REVIEW = "RPA 1983 s10ZE; RPR 2001 regs 31D-31F"
CITATION_DEATH = "RPR 2001 reg 31C(2)(b)(iii)"
CITATION_ELSEWHERE = "RPR 2001 reg 31C(2)(a)"


def hearing_request_deadline(notice_sent_on: date) -> date:
    """Last day the elector may ask for a hearing: 14 days from the notice (reg 31D(4))."""
    return notice_sent_on + timedelta(days=HEARING_REQUEST_DAYS)


def earliest_review_hearing(hearing_notice_on: date) -> date:
    """The earliest hearing date for a hearing notice sent on that day (reg 31F)."""
    return hearing_notice_on + timedelta(days=REVIEW_HEARING_NOTICE_DAYS)


def may_determine_review(
    *,
    notice_sent_on: date | None,
    hearing_requested: bool,
    hearing_on: date | None,
    today: date,
) -> tuple[bool, str]:
    """Whether the ERO may decide the review today, and if not, why not (regs 31D-31F)."""
    if notice_sent_on is None:
        return False, "the notice of review has not been sent"
    if hearing_requested:
        if hearing_on is None:
            return False, "the elector asked for a hearing: fix its date first"
        if today < hearing_on:
            return False, f"the hearing is on {hearing_on:%-d %B %Y}"
        return True, ""
    deadline = hearing_request_deadline(notice_sent_on)
    if today <= deadline:
        return False, f"the elector may ask for a hearing until {deadline:%-d %B %Y}"
    return True, ""


def summary_deletion_citation(kind: str) -> str:
    """The provision allowing deletion without a review for a kind of notice."""
    return {"death": CITATION_DEATH, "registered_elsewhere": CITATION_ELSEWHERE}[kind]
