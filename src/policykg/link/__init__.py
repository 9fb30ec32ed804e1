"""Stage 4, link: a ``Document`` and its nodes → scored ``models.Edge`` values
(causedBy: problem/cause → its cause; addressedBy: problem/cause → countermeasure).

``linker`` runs the signals over candidate pairs of one report and keeps the edges that
score at least the threshold; ``signals`` computes what two items share (content words
weighted by specificity, mirrored wording 不健全 ↔ 健全, explicit references 针对…问题,
以致…); ``evidence`` holds a report's context and the evidence of one pair; ``central``
ties a text's central problem to its causes and countermeasures where the text says so.
Lexicons in ``data/`` (stop-words, weak words, mirrors, reference cues).
"""
