"""Pipeline stages. Each reads the spaCy Doc and writes one declared `doc._.ew_*` attribute.

Order: triggers -> actors, dates, counts, places, sources (each aligned with the triggers) -> assemble.
"""
