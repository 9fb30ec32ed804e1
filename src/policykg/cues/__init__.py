"""The genre's lexical cues, shared by the outline, extract and link stages: what a
heading says about the role of the section it opens (``heading``: 存在的问题 → problems,
原因分析 → causes, 对策建议 → countermeasures …, from ``data/section_cues.tsv``) and what a
statement's own wording says about its type (``content``: 缺乏…/…不足 → Problem, 加强…/要… →
Countermeasure). Pure look-ups on normalised text; no state, no I/O.
"""
