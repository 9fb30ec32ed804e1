"""Namespaces and IRIs: the one place policykg builds an IRI.

Terms of the ontology (``ontology/policykg.ttl``) live under ``PKG``; instances under
``ID``, in typed sub-paths so that no two kinds of thing can ever share an IRI:

=========================  ==================================================
``id/doc/<doc id>``        a source document (``/`` of the doc id kept)
``id/doc/<doc id>#s-<h>``  a section of it (hash of report index and title)
``id/node/<node id>``      a graph node (Problem, Cause, ... Institution)
``id/link/<doc>/L<h>``     the evidence record of one edge (a reified statement)
``id/doc/<doc id>#<s>-<e>``  a character span of it (one per span, shared by the
                           nodes and links it is evidence of)
=========================  ==================================================

Ids are percent-encoded into IRI path segments (RFC 3987): CJK and other ``ucschar``
stay readable (bar Unicode spaces and invisible format characters); everything else
outside the unreserved set, ``%`` itself included, is encoded, so the mapping is
injective and :func:`node_id_from_iri` inverts it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote, unquote

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from policykg.common.ids import digest

ONTOLOGY_IRI = URIRef("https://w3id.org/policykg/ontology")
ONTOLOGY_VERSION = "0.1.0"
VERSION_IRI = URIRef(f"https://w3id.org/policykg/ontology/{ONTOLOGY_VERSION}")
SHAPES_IRI = URIRef("https://w3id.org/policykg/shapes")

PKG = Namespace("https://w3id.org/policykg/ontology#")
PKGSH = Namespace("https://w3id.org/policykg/shapes#")
ID = "https://w3id.org/policykg/id/"
OA = Namespace("http://www.w3.org/ns/oa#")
DCMITYPE = Namespace("http://purl.org/dc/dcmitype/")

# Prefixes written in Turtle and offered to SPARQL queries, sorted by prefix.
PREFIXES: dict[str, str] = {
    "dct": str(DCTERMS),
    "oa": str(OA),
    "owl": str(OWL),
    "pkg": str(PKG),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "xsd": str(XSD),
}


def turtle_header() -> str:
    """graph.ttl's head: its @base and @prefix lines."""
    from policykg.export.turtle import TurtleWriter

    return TurtleWriter(PREFIXES, base=ID).header()


# --- classes ---------------------------------------------------------------------
NODE = PKG.Node  # any graph node
ITEM = PKG.Item  # an enumerated item of a report: Problem, Cause or Countermeasure
PROBLEM = PKG.Problem
CAUSE = PKG.Cause
COUNTERMEASURE = PKG.Countermeasure
MECHANISM = PKG.Mechanism
INSTITUTION = PKG.Institution
DOCUMENT = PKG.Document
SECTION = PKG.Section
LINK = PKG.Link  # rdfs:subClassOf rdf:Statement: the evidence of one edge

NODE_CLASSES: dict[str, URIRef] = {
    "Problem": PROBLEM,
    "Cause": CAUSE,
    "Countermeasure": COUNTERMEASURE,
    "Mechanism": MECHANISM,
    "Institution": INSTITUTION,
}
NODE_TYPES: dict[URIRef, str] = {v: k for k, v in NODE_CLASSES.items()}
ITEM_TYPES = frozenset({"Problem", "Cause", "Countermeasure"})

# --- object properties -------------------------------------------------------------
CAUSED_BY = PKG.causedBy
CAUSES = PKG.causes  # inverse of causedBy, declared, not written
ADDRESSED_BY = PKG.addressedBy
ADDRESSES = PKG.addresses  # inverse of addressedBy, declared, not written
PART_OF = PKG.partOf  # nested item -> its parent item
HAS_PART = PKG.hasPart  # inverse of partOf, declared, not written
MENTIONS = PKG.mentions  # item -> Mechanism/Institution named in its text
MENTIONED_IN = PKG.mentionedIn  # inverse of mentions
FIRST_MENTIONED_IN = PKG.firstMentionedIn  # Mechanism/Institution -> item of first mention
IN_SECTION = PKG.inSection
LABEL_SPAN = PKG.labelSpan  # the span of the naming clause (node start/end)
TEXT_SPAN = PKG.textSpan  # the span of the item's full text (node text_start/text_end)
MENTION_SPAN = PKG.mentionSpan  # every mention (node spans)
SOURCE_EVIDENCE = PKG.sourceEvidence  # link -> span of evidence in the source node
TARGET_EVIDENCE = PKG.targetEvidence  # link -> span of evidence in the target node
CUE_SPAN = PKG.cueSpan  # link -> where one word its cue quotes is written
EVIDENCE_SENTENCE = PKG.evidenceSentence  # link -> a sentence holding its evidence

EDGE_PROPERTIES: dict[str, URIRef] = {"causedBy": CAUSED_BY, "addressedBy": ADDRESSED_BY}
EDGE_TYPES: dict[URIRef, str] = {v: k for k, v in EDGE_PROPERTIES.items()}

# --- datatype properties -----------------------------------------------------------
TEXT = PKG.text
RULE = PKG.rule
CUE = PKG.cue
SCORE = PKG.score
REPORT = PKG.report
PATH = PKG.path
ENCODING = PKG.encoding
FILE_FORMAT = PKG.fileFormat
CHAR_COUNT = PKG.charCount

# --- terms of other vocabularies that the output uses --------------------------------
PREF_LABEL = SKOS.prefLabel
IDENTIFIER = DCTERMS.identifier
LANGUAGE = DCTERMS.language
TITLE = DCTERMS.title
IS_PART_OF = DCTERMS.isPartOf
DERIVED_FROM = PROV.wasDerivedFrom
HAS_SOURCE = OA.hasSource
HAS_SELECTOR = OA.hasSelector
SPECIFIC_RESOURCE = OA.SpecificResource
POSITION_SELECTOR = OA.TextPositionSelector
QUOTE_SELECTOR = OA.TextQuoteSelector
START = OA.start
END = OA.end
EXACT = OA.exact


# --- instance IRIs -------------------------------------------------------------------
def _is_ucschar(cp: int) -> bool:
    """RFC 3987 ``ucschar``: non-ASCII characters an IRI may carry unencoded."""
    if 0xA0 <= cp <= 0xD7FF or 0xF900 <= cp <= 0xFDCF or 0xFDF0 <= cp <= 0xFFEF:
        return True
    if 0xE0000 <= cp < 0xE1000:  # plane 14 starts at E1000 in RFC 3987 (tags, selectors)
        return False
    return 0x10000 <= cp <= 0xEFFFD and (cp & 0xFFFF) < 0xFFFE


# Characters that never need encoding: ASCII unreserved and the CJK blocks (fast path).
_PLAIN = re.compile(r"[A-Za-z0-9\-._~\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]*\Z")


# A document's id recurs in every link IRI of that document, and only there: the cache holds
# the ids of the documents being written, not of the corpus (65,536 entries grew a worker by
# 15 MB over 5,000 documents, each id kept long after its document was done).
@lru_cache(maxsize=1 << 10)
def encode_segment(text: str) -> str:
    """One IRI path segment: ASCII unreserved and ucschar kept, all else %-encoded.

    ``.`` and ``..`` are encoded too, so IRI resolution never removes a segment.
    """
    if text in {".", ".."}:
        return text.replace(".", "%2E")
    if _PLAIN.match(text):
        return text
    return _encode_chars(text)


def _encode_chars(text: str) -> str:
    """Each character of ``text`` but the unreserved ASCII ones (kept as they are:
    most of a document's id, written in every link IRI) looked at by ``_encoded``."""
    return _RESERVED.sub(_encoded, text)


_RESERVED = re.compile(r"[^A-Za-z0-9\-._~]")


def _encoded(m: re.Match[str]) -> str:
    ch = m.group()
    found = _ASCII_ENCODED.get(ch)
    if found is not None:
        return found
    # separators and invisible format characters are ucschar too, but parsers
    # (rdflib's N-Triples among them) treat Unicode spaces as the end of an IRI
    if _is_ucschar(ord(ch)) and unicodedata.category(ch)[0] not in "ZC":
        return ch
    return quote(ch, safe="-._~")


# ASCII characters other than the unreserved: not ucschar, so always %-encoded
_ASCII_ENCODED = {chr(i): quote(chr(i), safe="-._~") for i in range(128)}


# A node's id recurs in every triple that names the node, all written with its document.
@lru_cache(maxsize=1 << 10)
def encode_path(text: str) -> str:
    """An id that may contain ``/`` as a path: each segment encoded, slashes kept."""
    if _PLAIN_PATH.match(text) and not text.startswith(".") and "/." not in text:
        return text  # (every segment plain, none starting with "." as "." and ".." do)
    return "/".join(encode_segment(part) for part in text.split("/"))


_PLAIN_PATH = re.compile(r"[A-Za-z0-9\-._~\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff/]*\Z")


def doc_iri(doc_id: str) -> URIRef:
    return URIRef(doc_iri_text(doc_id))


def doc_iri_text(doc_id: str) -> str:
    """``doc_iri`` as a plain string (the streaming writers make no rdflib terms)."""
    return f"{ID}doc/{encode_path(doc_id)}"


def section_iri(doc_id: str, report: int, title: str) -> URIRef:
    return URIRef(section_iri_text(doc_id, report, title))


def section_iri_text(doc_id: str, report: int, title: str) -> str:
    return f"{doc_iri_text(doc_id)}#s-{digest(str(report), title)}"


def node_iri(node_id: str) -> URIRef:
    return URIRef(node_iri_text(node_id))


def node_iri_text(node_id: str) -> str:
    return f"{ID}node/{encode_path(node_id)}"


def link_iri(doc_id: str, source: str, edge_type: str, target: str) -> URIRef:
    """The reified edge: one per (source, type, target), grouped by document."""
    return URIRef(link_iri_text(doc_id, source, edge_type, target))


def link_iri_text(doc_id: str, source: str, edge_type: str, target: str) -> str:
    return f"{ID}link/{encode_segment(doc_id)}/L{digest(source, edge_type, target)}"


def span_iri(doc: URIRef, start: int, end: int) -> URIRef:
    """A span is a stretch of its document: one IRI per document and offsets, shared by every
    node and link it is evidence of (a sentence cited by many links is written once)."""
    return URIRef(span_iri_text(doc, start, end))


def span_iri_text(doc: str, start: int, end: int) -> str:
    return f"{doc}#{int(start)}-{int(end)}"


def position_selector_iri(span: URIRef) -> URIRef:
    return URIRef(f"{span}-position")


def quote_selector_iri(span: URIRef) -> URIRef:
    return URIRef(f"{span}-quote")


def _decode_under(iri: str, prefix: str) -> str:
    if not iri.startswith(prefix) or "#" in iri:
        raise ValueError(f"not a policykg IRI under {prefix}: {iri}")
    return unquote(iri[len(prefix):])


def node_id_from_iri(iri: str) -> str:
    """The node id a node IRI was made from (inverse of :func:`node_iri`)."""
    return _decode_under(str(iri), f"{ID}node/")


def doc_id_from_iri(iri: str) -> str:
    return _decode_under(str(iri), f"{ID}doc/")


def is_instance_iri(iri: str) -> bool:
    return str(iri).startswith(ID)
