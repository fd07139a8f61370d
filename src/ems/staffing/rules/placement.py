"""Who to suggest for a position: a transparent score from experience, distance and
availability.

Electoral Commission guidance for Returning Officers asks that staff are appointed who are
competent for the role, with presiding officers experienced; it leaves the method to the RO.
This scoring is the EMS's own, shown to the officer with its reasons:

- availability: a person who said they are unavailable on the polling day is never suggested;
  one who said they are available scores +10, not asked 0;
- experience in the role: +10 for each previous election worked in that role, at most +40;
  for a presiding officer, +5 per election as poll clerk (at most +15);
- distance from home to the station: straight line from the Ordnance Survey easting and
  northing when both are known, -2 per kilometre (at most -40); otherwise the postcode: same
  postcode district (outward code) -2, same postcode area -15, different area -40.
Plain Python.
"""

import math
import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Place:
    postcode: str = ""
    easting: float | None = None
    northing: float | None = None


@dataclass
class Candidate:
    id: int
    home: Place
    experience: dict[str, int] = field(default_factory=dict)
    available: bool | None = None


@dataclass(frozen=True)
class Score:
    points: float
    reasons: tuple[str, ...]
    km: float | None


def outward(postcode: str) -> str:
    return (postcode or "").strip().upper().split(" ")[0]


def area(postcode: str) -> str:
    match = re.match(r"[A-Z]+", outward(postcode))
    return match.group(0) if match else ""


def distance_km(home: Place, work: Place) -> float | None:
    if None in (home.easting, home.northing, work.easting, work.northing):
        return None
    return math.hypot(home.easting - work.easting, home.northing - work.northing) / 1000


def distance_points(home: Place, work: Place) -> tuple[float, str, float | None]:
    km = distance_km(home, work)
    if km is not None:
        return -min(40.0, 2 * km), f"{km:.1f} km from home", km
    if home.postcode and work.postcode and outward(home.postcode) == outward(work.postcode):
        return -2.0, f"same postcode district ({outward(work.postcode)})", None
    if home.postcode and work.postcode and area(home.postcode) == area(work.postcode):
        return -15.0, f"same postcode area ({area(work.postcode)})", None
    return -40.0, "distance unknown or far", None


def score(candidate: Candidate, role: str, work: Place) -> Score | None:
    """The score and its reasons, or None when the person cannot be suggested."""
    if candidate.available is False:
        return None
    points = 0.0
    reasons: list[str] = []
    if candidate.available:
        points += 10
        reasons.append("said they are available (+10)")
    times = candidate.experience.get(role, 0)
    if times:
        gained = min(40, 10 * times)
        points += gained
        reasons.append(f"worked {times} time(s) in this role (+{gained})")
    if role == "presiding_officer":
        clerk = candidate.experience.get("poll_clerk", 0)
        if clerk:
            gained = min(15, 5 * clerk)
            points += gained
            reasons.append(f"worked {clerk} time(s) as poll clerk (+{gained})")
    away, why, km = distance_points(candidate.home, work)
    points += away
    reasons.append(f"{why} ({away:+.0f})")
    return Score(round(points, 1), tuple(reasons), km)
