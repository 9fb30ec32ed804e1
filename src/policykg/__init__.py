"""policykg: Chinese problem–cause–countermeasure reports into a knowledge graph.

Library first: ``policykg.pipeline.build`` runs the stages read → outline → extract →
link → export.graph, one subpackage each; ``policykg.export.registry`` writes the graph in
every registered format, and ``policykg.sparql`` queries what it wrote.
"""

__version__ = "0.2.0"
