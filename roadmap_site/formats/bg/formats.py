"""Bulgarian number formats on top of Django's (which keep the decimal comma and the non-breaking space
as the thousands separator but group nothing): groups of three where a figure asks for grouping
(number_format(force_grouping=True), the `g` of floatformat), e.g. 1 250 people."""

NUMBER_GROUPING = 3
