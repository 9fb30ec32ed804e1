"""Stage 1, read: the paths a user gives → ``models.Document`` values.

``ingest.discover`` turns paths into the files to read; ``ingest.load`` reads one file:
bytes are decoded (``decoding``: BOMs, UTF-8/16, GB18030/GBK, Big5, ranked by how much of the
result is ordinary Chinese), containers give their text (``htmltext`` for HTML, ``readers``
for .docx with Word numbering restored by ``docxnum`` and .pdf via ``pdftext``), and
``normalise`` builds the same-length simplified, half-width analysis copy (``Document.norm``)
so every later offset is an offset into the text as written. The only stage besides export
that touches files.
"""
