"""The ground floor: how values come in and go out, shared by every layer.

Escaping for each output format, checking that text can be encoded, the
one number formatter, indented JSON text, writing a command's output, ISO
dates, bounded integers, and the internal helpers (did-you-mean hints,
optional extras, small result tables, reading TOML documents and
structuring them into attrs classes). Reading JSON files safely is the
evidence layer's (:mod:`ithrive.evidence.jsonfile`).

May import: :mod:`ithrive.errors` (with the message helpers of
``ithrive._messages`` under it) and :mod:`ithrive.limits` only. Every
other layer may import this one.
"""
