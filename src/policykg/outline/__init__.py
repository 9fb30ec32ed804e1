"""Stage 2, outline: a ``Document`` → its ``Outline`` (``entries``; built by ``structure``).

``lines`` splits the text into lines and marks the ones that are not report text (site
navigation, listings, English abstracts, mojibake; ``data/junk_patterns.txt``); ``markers``
recognises every enumeration style (一、 (一) 1. 1、 (1) ① 第一 首先 一是 其一 …) with its rank;
``clauses`` reads heading clauses, ``X:`` headings, intro lines and in-paragraph lists; and
``structure`` builds the outline: section headings with the role their cue gives
(``policykg.cues``), enumerated items nested by rank, inline runs, tables of contents and
several reports in one file. The ``Outline`` (entries with spans, parents and roles, plus the
lines) is what the extract stage reads. Pure functions of the document.
"""
