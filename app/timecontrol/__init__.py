"""Time control (时间控制, issue 17): supply timetables, their transitions, the due check.

- ``plan``: a timetable as values, validation naming the field, ``transitions()`` in park time;
- ``store``: add / list / show / remove / holidays (role-checked, audited), scopes to meters;
- ``execute``: ``DueCheck`` (the collector runs it every minute), the order of precedence;
- ``calendar``: "what happens next" for a scope over a date range (the calendar window).
"""

from .plan import HOLIDAY, DayRule, Plan, TimecontrolError, Transition, transitions, validate

__all__ = [
    "HOLIDAY",
    "DayRule",
    "Plan",
    "TimecontrolError",
    "Transition",
    "transitions",
    "validate",
]
