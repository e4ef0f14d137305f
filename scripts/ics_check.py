#!/usr/bin/env python3
"""Reads an iCalendar file with an independent parser (the `icalendar` package) and
prints, as JSON, what a calendar app would see: each event's occurrences between two
instants (RRULEs expanded by python-dateutil in the event's own time zone) and each to-do.
Used by Kith's tests to check `kith schedule list --ics` and `kith remind --ics`.

usage: ics_check.py FILE SINCE UNTIL   (instants like 2026-03-01T00:00:00+00:00)
"""
import json
import sys
from datetime import datetime, timezone

from dateutil.rrule import rrulestr
from icalendar import Calendar


def utc(moment):
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    path, since, until = sys.argv[1], datetime.fromisoformat(sys.argv[2]), datetime.fromisoformat(sys.argv[3])
    with open(path, "rb") as handle:
        calendar = Calendar.from_ical(handle.read())
    occurrences, todos = [], []
    for event in calendar.walk("VEVENT"):
        start = event.decoded("DTSTART")
        starts = [start]
        if "RRULE" in event:
            rule = event["RRULE"].to_ical().decode()
            starts = rrulestr(rule, dtstart=start).between(since, until, inc=True)
        # EXDATE: occurrences the calendar must leave out (one property per skipped start).
        exdates = event.get("EXDATE", [])
        skipped = {moment.dt for prop in (exdates if isinstance(exdates, list) else [exdates]) for moment in prop.dts}
        starts = [moment for moment in starts if moment not in skipped]
        alarms = [str(alarm.decoded("TRIGGER")) for alarm in event.walk("VALARM")]
        for moment in starts:
            if since <= moment <= until:
                occurrences.append({"uid": str(event["UID"]), "title": str(event["SUMMARY"]), "starts": utc(moment),
                                    "alarms": alarms})
    for todo in calendar.walk("VTODO"):
        due = todo.decoded("DUE")
        todos.append({"uid": str(todo["UID"]), "title": str(todo["SUMMARY"]),
                      "due": due.isoformat() if not isinstance(due, datetime) else utc(due),
                      "priority": int(todo["PRIORITY"]), "alarms": len(list(todo.walk("VALARM")))})
    occurrences.sort(key=lambda o: (o["starts"], o["title"]))
    json.dump({"occurrences": occurrences, "todos": todos}, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
