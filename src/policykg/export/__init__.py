"""Stage 5, export: every document's nodes and edges → one graph → files.

``graph`` assembles the networkx MultiDiGraph whose node-link JSON (``graph.json``) is the
contract other tools read; ``registry`` lists every output format once (name, files, writer);
``rdf`` with ``turtle`` writes the RDF formats typed by ``ontology/policykg.ttl``, with every
IRI built in ``vocab``; ``html`` writes the interactive page and the plain report; ``fsio``
writes every file atomically. Writers take the whole graph and an output folder.
"""
