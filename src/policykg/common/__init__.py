"""Helpers every stage shares, with no knowledge of reports: character classes
(``charclass``), content-derived ids (``ids``), the lexicon loader (``lexicon``: each stage's
word lists are plain files in its own ``data/`` folder), the private jieba tokenizer
(``segment``) and where the shipped ``ontology/`` and ``queries/`` folders are (``assets``).
"""
