"""The ground floor: how values come in and go out, shared by every layer.

Escaping for each output format, checking that text can be encoded, the
one number formatter, exact JSON text, bounded JSON reading, writing a
command's output, ISO dates, bounded integers, and the internal helpers
(did-you-mean hints, optional extras, small result tables).

May import: :mod:`ithrive.errors` and :mod:`ithrive.limits` only. Every
other layer may import this one.
"""
