"""Stage 3, extract: a ``Document`` and its ``Outline`` → typed ``models.Node`` values.

``items`` makes one node per enumerated item (nested items with ``parent``), typed by its
section's role or by its own wording, plus the central problem a text names; ``stated``
adds statements outside the enumeration (problems listed in a preamble sentence, causes
stated with a connective, causes and countermeasures a paragraph states with a cue);
``named`` finds each distinct named Mechanism (…机制) and Institution (…制度, named rule
systems) with all its mentions. ``drafts`` holds nodes in the making. Every node carries
its evidence: span, the rule and the cue that produced it.
"""
