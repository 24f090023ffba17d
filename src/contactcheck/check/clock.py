"""The clock: weekly hours, "is it open now?", and when a reply or the next session comes.

Pure: no I/O, no UI, no YAML. Facts derived from the clock are computed here,
outside the engine, and passed in beside the policy facts; they can only take
an option away (coaching outside its hours), never add one. Everything here
works on aware datetimes; the caller decides the time zone.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from typing import Final

from msgspec import Struct

from contactcheck.i18n import N_, _, language, ngettext

DAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES: Final = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
                    N_("Saturday"), N_("Sunday"))
"""Catalog keys: shown through `_()` (`day_name`)."""
_SHORT: Final = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
MONTH_NAMES: Final = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"),
                      N_("June"), N_("July"), N_("August"), N_("September"), N_("October"),
                      N_("November"), N_("December"))
"""Month names in the interface's language (never the system locale's `%B`)."""


def day_name(day: int) -> str:
    """A weekday's name (0 = Monday) in the interface's language."""
    return _(DAY_NAMES[day])


def long_date(day: dt.date) -> str:
    """`3 May 2025`, `3 de mayo de 2025`: a date with its year, in the interface's language."""
    return _("{day} {month} {year}").format(day=day.day, month=_(MONTH_NAMES[day.month - 1]),
                                            year=day.year)


def date_words(day: dt.date) -> str:
    """ "Thursday 4 December" in the interface's language."""
    return _("{weekday} {day} {month}").format(weekday=day_name(day.weekday()), day=day.day,
                                               month=_(MONTH_NAMES[day.month - 1]))
_RANGE = re.compile(r"^([0-2]\d):([0-5]\d)-([0-2]\d):([0-5]\d)$")
_REPLY = re.compile(r"^(?:within\s+)?(\d{1,2})\s+(business\s+|working\s+)?(day|days|hour|hours)$",
                    re.IGNORECASE)
NOW_FORMAT: Final = N_("YYYY-MM-DDTHH:MM, with or without an offset (e.g. "
                        "2026-12-04T23:40+00:00)")
FAR_DAYS: Final = 14
"""A next session further away than this is "far": a wait result says so."""
SOON_HOURS: Final = 6
"""A session within this many hours is "today" for a raise-in-session result."""


class Span(Struct, frozen=True):
    """One opening on one weekday: minutes from that day's midnight (end may pass midnight)."""

    day: int
    """0 = Monday."""
    start: int
    end: int


class Hours(Struct, frozen=True):
    """Weekly hours, in the practice's time zone; `always` for a 24/7 line."""

    spans: tuple[Span, ...] = ()
    always: bool = False

    def open_at(self, when: dt.datetime) -> bool:
        """Whether these hours cover `when` (already in the hours' time zone)."""
        if self.always:
            return True
        minute = when.hour * 60 + when.minute
        today = when.weekday()
        for span in self.spans:
            if span.day == today and span.start <= minute < span.end:
                return True
            # An opening past midnight ("22:00-02:00") covers the small hours of the next day.
            if span.end > 1440 and (span.day + 1) % 7 == today and minute < span.end - 1440:
                return True
        return False

    def open_days(self) -> frozenset[int]:
        """The weekdays with any opening."""
        return frozenset(range(7)) if self.always else frozenset(s.day for s in self.spans)

    def describe(self) -> str:
        """In words: "9am-9pm", "Mon-Fri 9am-9pm, Sat 10am-2pm", "24 hours a day"."""
        if self.always:
            return _("24 hours a day")
        by_day: dict[int, str] = {}
        for span in self.spans:
            text = f"{clock_words(span.start)}-{clock_words(span.end % 1440)}"
            by_day[span.day] = f"{by_day[span.day]}, {text}" if span.day in by_day else text
        groups: list[tuple[list[int], str]] = []
        for day in sorted(by_day):
            if groups and groups[-1][1] == by_day[day] and groups[-1][0][-1] == day - 1:
                groups[-1][0].append(day)
            else:
                groups.append(([day], by_day[day]))
        if len(groups) == 1 and len(groups[0][0]) == 7:
            return groups[0][1]
        return ", ".join(f"{_day_range(days)} {text}" for days, text in groups)


def _day_range(days: list[int]) -> str:
    if len(days) == 1:
        return _(_SHORT[days[0]])
    return f"{_(_SHORT[days[0]])}-{_(_SHORT[days[-1]])}"


def clock_words(minute: int) -> str:
    """A time of day as people say it: 9am, 9:30pm, 12pm, 12am (in English; other languages
    write the 24-hour clock: 21:30)."""
    hour, rest = divmod(minute % 1440, 60)
    if language().split("-")[0] != "en":
        return f"{hour}:{rest:02d}"
    suffix = "am" if hour < 12 else "pm"
    shown = hour % 12 or 12
    return f"{shown}{suffix}" if rest == 0 else f"{shown}:{rest:02d}{suffix}"


def time_words(when: dt.datetime) -> str:
    """`when`'s time of day in words (11:40pm)."""
    return clock_words(when.hour * 60 + when.minute)


# -- reading hours (the policy reader locates the problems; this says what is wrong) ---------


def parse_days(key: str) -> list[int]:
    """`mon`, `mon-fri`, `sat,sun`, `daily` -> weekday numbers; ValueError when unreadable."""
    text = key.strip().lower()
    if text in ("daily", "every day", "mon-sun"):
        return list(range(7))
    days: list[int] = []
    for part in (p.strip() for p in text.split(",")):
        if "-" in part:
            first, _dash, last = (p.strip() for p in part.partition("-"))
            if first not in DAYS or last not in DAYS:
                raise ValueError(_("'{key}' is not a day or a range of days").format(key=key))
            start, end = DAYS.index(first), DAYS.index(last)
            if end < start:
                raise ValueError(_("'{key}' runs backwards; write the earlier day first").format(
                    key=key))
            days += range(start, end + 1)
        elif part in DAYS:
            days.append(DAYS.index(part))
        else:
            raise ValueError(_("'{part}' is not a day").format(part=part))
    return days


def parse_ranges(text: str) -> list[tuple[int, int]]:
    """`09:00-21:00`, `09:00-12:00, 13:00-17:00`, `22:00-02:00`, `closed` -> minute ranges."""
    value = text.strip().lower()
    if value == "closed":
        return []
    ranges: list[tuple[int, int]] = []
    for part in (p.strip() for p in value.split(",")):
        match = _RANGE.fullmatch(part.replace(" ", ""))
        if match is None:
            raise ValueError(_("'{part}' is not a time range like 09:00-17:00 (24-hour "
                               "clock)").format(part=part))
        h1, m1, h2, m2 = (int(group) for group in match.groups())
        if h1 > 23 or h2 > 24 or (h2 == 24 and m2):
            raise ValueError(_("'{part}' has an hour that does not exist").format(part=part))
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if end == start:
            raise ValueError(_("'{part}' starts and ends at the same time").format(part=part))
        ranges.append((start, end if end > start else end + 1440))
    return ranges


ALWAYS_WORDS: Final = ("24/7", "always")
"""Free-text hours that are read as "always open"; any other text means "not known"."""


# -- now ---------------------------------------------------------------------------------------


NOT_A_MOMENT: Final = N_("'{text}' is not a date and time; use {use}")


def parse_now(text: str, zone: dt.tzinfo) -> dt.datetime:
    """`--now`: ISO 8601 date and time, with or without an offset (`zone` when without)."""
    value = text.strip()
    if len(value) <= 10 or value[10] not in "T ":
        raise ValueError(_(NOT_A_MOMENT).format(text=text, use=_(NOW_FORMAT)))
    try:
        when = dt.datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        raise ValueError(_(NOT_A_MOMENT).format(text=text, use=_(NOW_FORMAT))) from None
    return within_years(when.replace(tzinfo=zone) if when.tzinfo is None else when, text,
                        _(NOW_FORMAT))


EARLIEST_YEAR: Final = 1900
LATEST_YEAR: Final = 2999
"""The years the clock counts in. Python's dates end at years 1 and 9999, so a time in 9999
with an offset, or a week added to it, stopped every check (an emergency too) with an
OverflowError; no session or `--now` is anywhere near these limits."""


def within_years(when: dt.datetime, text: str, use: str) -> dt.datetime:
    """`when`, or ValueError (`text` as given, and the format to `use`) if it is outside
    `EARLIEST_YEAR`..`LATEST_YEAR`."""
    if not EARLIEST_YEAR <= when.year <= LATEST_YEAR:
        raise ValueError(_("'{text}' is not between the years {first} and {last}; use {use}")
                         .format(text=text, first=EARLIEST_YEAR, last=LATEST_YEAR, use=use))
    return when


def local_zone() -> dt.tzinfo:
    """This computer's time zone."""
    zone = dt.datetime.now().astimezone().tzinfo
    assert zone is not None
    return zone


def part_of_day(when: dt.datetime) -> str:
    """morning, afternoon, evening or night."""
    hour = when.hour
    if 5 <= hour < 12:
        return "morning"
    if 12 <= hour < 18:
        return "afternoon"
    if 18 <= hour < 23:
        return "evening"
    return "night"


_MOMENTS: Final = {"morning": N_("{weekday} morning"), "afternoon": N_("{weekday} afternoon"),
                   "evening": N_("{weekday} evening"), "night": N_("{weekday} night")}


def moment_words(when: dt.datetime) -> str:
    """ "Friday evening" ."""
    return _(_MOMENTS[part_of_day(when)]).format(weekday=day_name(when.weekday()))


# -- replies -----------------------------------------------------------------------------------


class ReplyTime(Struct, frozen=True):
    """A stated response time the tool can count with: N business days, N days or N hours."""

    amount: int
    unit: str
    """`business_days`, `days` or `hours`."""


def parse_reply_time(text: str) -> ReplyTime | None:
    """ "within 2 business days" -> ReplyTime(2, business_days); None for anything else."""
    match = _REPLY.fullmatch(" ".join(text.split()))
    if match is None or int(match.group(1)) == 0:
        return None
    amount, business, unit = int(match.group(1)), match.group(2), match.group(3).lower()
    if unit.startswith("hour"):
        return None if business else ReplyTime(amount, "hours")
    return ReplyTime(amount, "business_days" if business else "days")


def _business_days(after: dt.date, open_days: frozenset[int]) -> Iterator[dt.date]:
    day = after
    while True:
        day += dt.timedelta(days=1)
        if day.weekday() in open_days:
            yield day


def expected_reply(reply: ReplyTime, now: dt.datetime, office: Hours | None) -> str:
    """When a reply usually comes, said from the stated time and the office hours only."""
    one, many = {"business_days": (N_("1 business day"), N_("{count} business days")),
                 "days": (N_("1 day"), N_("{count} days")),
                 "hours": (N_("1 hour"), N_("{count} hours"))}[reply.unit]
    stated = _(one) if reply.amount == 1 else _(many).format(count=reply.amount)
    lead = _("It is {moment}; replies usually come within {stated}").format(
        moment=moment_words(now), stated=stated)
    if reply.unit == "hours":
        by = now + dt.timedelta(hours=reply.amount)
        return _("{lead}, so likely by {day} {time}.").format(lead=lead, day=_day_from(now, by),
                                                             time=time_words(by))
    if reply.unit == "days":
        by = now + dt.timedelta(days=reply.amount)
        return _("{lead}, so likely by {day}.").format(lead=lead, day=_day_from(now, by))
    open_days = office.open_days() if office is not None and office.open_days() else \
        frozenset(range(5))
    days = _business_days(now.date(), open_days)
    counted = [next(days) for _ in range(reply.amount)]
    first = now.date() if (office is not None and office.open_at(now)) else counted[0]
    last = counted[-1]
    names = [_day_from(now, first), _day_from(now, last)]
    if first == last:
        return _("{lead}, so likely {day}.").format(lead=lead, day=names[0])
    if (last - first).days == 1 or len(counted) == 1:
        return _("{lead}, so likely {day} or {other}.").format(lead=lead, day=names[0],
                                                              other=names[1])
    return _("{lead}, so likely between {day} and {other}.").format(lead=lead, day=names[0],
                                                                   other=names[1])


def _day_from(now: dt.datetime, when: dt.datetime | dt.date) -> str:
    """today, tomorrow, a weekday name within the week, else the date."""
    day = when.date() if isinstance(when, dt.datetime) else when
    gap = (day - now.date()).days
    if gap == 0:
        return _("today")
    if gap == 1:
        return _("tomorrow")
    # A weekday or a date as a day referred to ("by Thursday"; Spanish puts its article: "el").
    return _("{weekday}").format(weekday=day_name(day.weekday()) if gap < 7 else date_words(day))


# -- the next session --------------------------------------------------------------------------


NOT_WEEKLY: Final = N_("'{text}' is not a day and a time like \"thu 15:00\"")


def parse_weekly(text: str) -> tuple[int, int]:
    """ "thu 15:00" -> (weekday, minute); ValueError when unreadable."""
    parts = text.strip().lower().split()
    if len(parts) != 2 or parts[0][:3] not in DAYS:
        raise ValueError(_(NOT_WEEKLY).format(text=text))
    match = re.fullmatch(r"([0-2]?\d):([0-5]\d)", parts[1])
    if match is None or int(match.group(1)) > 23:
        raise ValueError(_(NOT_WEEKLY).format(text=text))
    return DAYS.index(parts[0][:3]), int(match.group(1)) * 60 + int(match.group(2))


def next_weekly(day: int, minute: int, now: dt.datetime) -> dt.datetime:
    """The next time the weekly session (`day`, `minute`, in `now`'s zone) starts after `now`."""
    start = now.replace(hour=minute // 60, minute=minute % 60, second=0, microsecond=0)
    start += dt.timedelta(days=(day - now.weekday()) % 7)
    if start <= now:
        start += dt.timedelta(days=7)
    return start


class SessionTiming(Struct, frozen=True):
    """When the next session is, seen from now."""

    at: dt.datetime
    days: int
    """Calendar days from today (0 = today)."""
    hours: float

    def words(self) -> str:
        """ "Thursday, in 3 days", "today at 3pm", "tomorrow at 3pm"."""
        at = time_words(self.at)
        if self.days == 0:
            return _("today at {time}").format(time=at)
        if self.days == 1:
            return _("tomorrow at {time}").format(time=at)
        when = date_words(self.at.date()) if self.days >= 7 else day_name(self.at.weekday())
        return _("{day} at {time}, in {count} days").format(day=when, time=at, count=self.days)

    @property
    def far(self) -> bool:
        """More than `FAR_DAYS` days away."""
        return self.days > FAR_DAYS

    @property
    def soon(self) -> bool:
        """Within `SOON_HOURS` hours."""
        return self.hours <= SOON_HOURS


def session_timing(at: dt.datetime, now: dt.datetime) -> SessionTiming:
    """How far the session at `at` is from `now` (both aware)."""
    local = at.astimezone(now.tzinfo)
    return SessionTiming(local, (local.date() - now.date()).days,
                         (local - now).total_seconds() / 3600)


def opening_state(hours: Mapping[str, Hours], now: dt.datetime) -> dict[str, bool]:
    """Which of the named hours are open at `now`."""
    return {name: value.open_at(now) for name, value in hours.items()}


# -- facts from the clock ----------------------------------------------------------------------

PARTS: Final = {"dbt_coaching": "coaching", "after_hours": "after_hours", "office": "office"}
"""Each part of a profile with hours -> its name in JSON's `clock`."""
def _closed(part: str, hours: str, now: dt.datetime) -> str:
    """Why an offer is `no` now, for each part whose hours the clock reads. Counted by the
    hour, because some languages say the time so ("es la 1:00", "son las 2:00")."""
    words = {"hours": hours, "time": time_words(now), "weekday": day_name(now.weekday())}
    if part == "dbt_coaching":
        return ngettext("Coaching hours are {hours}; it is {time} on {weekday}, so coaching is "
                        "not offered now.",
                        "Coaching hours are {hours}; it is {time} on {weekday}, so coaching is "
                        "not offered now.", now.hour).format(**words)
    return ngettext("The after-hours line's hours are {hours}; it is {time} on {weekday}, so "
                    "the after-hours line is not offered now.",
                    "The after-hours line's hours are {hours}; it is {time} on {weekday}, so "
                    "the after-hours line is not offered now.", now.hour).format(**words)


class Clock(Struct, frozen=True):
    """What the clock says about the profile's hours at one moment."""

    now: dt.datetime
    """In the profile's time zone."""
    open: Mapping[str, bool | None]
    """`coaching`, `after_hours`, `office` -> open now; None when its hours are not known."""
    facts: Mapping[str, str]
    """Policy facts the clock answers: only `no`, for an offer closed now."""
    reasons: Mapping[str, str]
    """Fact -> why it is `no` now, in words."""


def read_clock(now: dt.datetime, hours: Mapping[str, Hours],
               offered: Mapping[str, str]) -> Clock:
    """The clock's facts at `now`: an offer the policy makes (`offered[fact] == "yes"`) whose
    structured hours do not cover `now` is `no`. Nothing here can turn a `no` into a `yes`."""
    is_open = {name: (hours[part].open_at(now) if part in hours else None)
               for part, name in PARTS.items()}
    facts: dict[str, str] = {}
    reasons: dict[str, str] = {}
    for part in ("dbt_coaching", "after_hours"):
        if offered.get(part) == "yes" and part in hours and not hours[part].open_at(now):
            facts[part] = "no"
            reasons[part] = _closed(part, hours[part].describe(), now)
    return Clock(now, is_open, facts, reasons)
