"""Beside the pipeline: SPARQL over a graph that export wrote.

``query`` loads a graph file into the embedded Oxigraph store and runs a query (named
queries from ``queries/``, parameters bound as typed RDF terms, never pasted as text) into
table, CSV, TSV, JSON or XML results; ``serve`` is a read-only SPARQL 1.1 Protocol endpoint
on the loopback interface over the same store.
"""
