"""policykg: Chinese problem–cause–countermeasure reports into a knowledge graph.

Library first: ``policykg.pipeline.build_graph`` runs ingest → structure → extract →
link → graph; ``policykg.export`` writes the graph in every registered format.
"""

__version__ = "0.1.0"
