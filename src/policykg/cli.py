"""Command line: a thin layer over the library. Each command parses its options, calls
one library function, and turns PolicyKGError into a one-line message and an exit code.

Exit codes (all commands):
  0  done
  1  done, but some input files could not be read (reported on stderr)
  2  usage error, or nothing could be done (missing path, bad query, unwritable output)
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from policykg import __version__
from policykg.errors import PolicyKGError

EXIT_OK, EXIT_PARTIAL, EXIT_ERROR = 0, 1, 2
PROGRESS_MIN_FILES = 5


class Score(click.FloatRange):
    """A number from 0 to 1; NaN is refused (it compares false with both bounds)."""

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        rv = super().convert(value, param, ctx)
        if rv != rv:  # NaN
            self.fail(f"{value!r} is not a number from 0 to 1", param, ctx)
        return rv


def fail(err: PolicyKGError) -> None:
    click.echo(f"policykg: error: {err}", err=True)
    sys.exit(EXIT_ERROR)


@click.group(context_settings={"help_option_names": ["-h", "--help"]},
             epilog="Exit codes: 0 done; 1 done but some files could not be read; "
                    "2 usage error or nothing could be done.")
@click.version_option(__version__, prog_name="policykg")
def main() -> None:
    """Turn Chinese problem–cause–countermeasure reports into a knowledge graph."""


def _format_names() -> list[str]:
    from policykg.export.registry import EXPORTERS

    return sorted(EXPORTERS)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path),
              default=Path("output"), show_default=True, help="Folder to write the graph files into.")
@click.option("--format", "-f", "formats", multiple=True, type=click.Choice(_format_names()),
              help="Output format (repeatable). Default: json, ttl and html.")
@click.option("--min-score", type=Score(0, 1), default=None,
              help="Keep only edges scoring at least this (0–1); default tuned for F1 on annotated reports.")
@click.option("--max-size", type=click.FloatRange(min=0, min_open=True), default=None, metavar="MB",
              help="Largest input file read, in MB (default 100).")
@click.option("--max-unpacked", type=click.FloatRange(min=0, min_open=True), default=None,
              metavar="MB", help="Most a .docx's XML may unpack to, in MB (default 32).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Documents analysed at once, in worker processes (default: one per core, "
                   "for inputs of two documents and 256 KB or more).")
@click.option("--dask", "dask_address", metavar="ADDRESS", default=None,
              help="Analyse the documents on the dask.distributed cluster whose scheduler is "
                   "at ADDRESS (tcp://host:8786) instead of local processes.")
@click.option("--no-cache", is_flag=True,
              help="Analyse every document again; do not keep results in OUT/.policykg-cache.")
@click.option("--store", type=click.Path(file_okay=False, path_type=Path), default=None,
              metavar="DIR", help="Also write the graph into a persistent Oxigraph store in DIR, "
                                  "which query and serve open directly.")
@click.option("--quiet", "-q", is_flag=True, help="Print errors only.")
def build(paths: tuple[Path, ...], out: Path, formats: tuple[str, ...], min_score: float | None,
          max_size: float | None, max_unpacked: float | None, jobs: int | None,
          dask_address: str | None, no_cache: bool, store: Path | None, quiet: bool) -> None:
    """Build the graph of PATHS (files, or folders read recursively) into --out.

    Reads .txt/.md (UTF-8, UTF-16, GB18030/GBK, Big5), .docx, .html and .pdf. Writes
    graph.json (node-link JSON), graph.ttl (RDF) and graph.html (interactive view) by
    default. A file that cannot be read is reported and the others are built (exit 1).
    The new files replace those in --out only once all of them are written; a second
    build into the same --out meanwhile is refused.

    \b
    Exit codes: 0 done; 1 done, some files unreadable; 2 nothing could be built.
    """
    from policykg import pipeline
    from policykg.export import registry
    from policykg.read import ingest

    formats = formats or registry.DEFAULT_FORMATS
    if store is not None and not {"ttl", "nt", "json"} & set(formats):
        raise click.UsageError("--store needs one of the formats ttl, nt or json")
    limits = ingest.Limits.megabytes(max_size, max_unpacked)
    try:
        report = pipeline.build_to(paths, out, formats, min_score=min_score, jobs=jobs,
                                   dask=dask_address, cache=not no_cache, limits=limits,
                                   progress=_progress(paths, quiet))
    except PolicyKGError as err:
        fail(err)
    if not report.results:  # every file failed: each has said why, in one line
        _print_failures(report)
        sys.exit(EXIT_ERROR)
    if store is not None:  # from the graph file just written: the store holds its triples
        from policykg.export import store as disk

        try:
            report.written.append(disk.write_from(report.written, store))
        except PolicyKGError as err:
            fail(err)
    if not quiet:
        _summary(report, report.export_notes)
    _print_failures(report)
    sys.exit(EXIT_PARTIAL if report.failures else EXIT_OK)


def _progress(paths: tuple[Path, ...], quiet: bool):
    """A progress bar on stderr (a terminal only), for batches large enough to wait for."""
    if quiet or not sys.stderr.isatty():
        return None

    def tick(done: int, total: int, path: Path) -> None:
        if total < PROGRESS_MIN_FILES:
            return
        width = 30
        filled = width * done // total
        bar = "#" * filled + "-" * (width - filled)
        click.echo(f"\r  [{bar}] {done}/{total} {path.name[:30]:<30}", err=True, nl=False)

    return tick


def _summary(report, notes: list[str]) -> None:
    if sys.stderr.isatty() and len(report.results) >= PROGRESS_MIN_FILES:
        click.echo("\r" + " " * 70 + "\r", err=True, nl=False)
    nodes = report.node_counts
    edges = report.edge_counts
    click.echo(f"{_plural(len(report.results), 'document')}, "
               f"{_plural(sum(nodes.values()), 'node')}, {_plural(sum(edges.values()), 'edge')}",
               err=True)
    for name in ("Problem", "Cause", "Countermeasure", "Mechanism", "Institution"):
        click.echo(f"  {name:<15}{nodes.get(name, 0):>6}", err=True)
    for name in ("causedBy", "addressedBy"):
        click.echo(f"  {name:<15}{edges.get(name, 0):>6}", err=True)
    for r in report.results:
        if r.reports > 1:
            click.echo(f"  {r.path}: {r.reports} reports in one file", err=True)
    for r in report.results:
        for w in r.warnings:
            click.echo(f"  note: {r.path}: {w}", err=True)
    for path in report.skipped:
        click.echo(f"  skipped: {path}: not a document type policykg reads", err=True)
    for line in report.notes:
        click.echo(f"  skipped: {line}", err=True)
    for line in notes:
        click.echo(f"  note: {line}", err=True)
    for path in report.written:
        click.echo(f"  wrote {path}", err=True)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _print_failures(report) -> None:
    for f in (report.failures if report else []):
        click.echo(f"policykg: error: {f.path}: {f.message}", err=True)


def _limit_options(command):
    """--timeout, --memory and --allow-service, shared by query and serve."""
    from policykg.sparql import guard

    command = click.option("--allow-service", is_flag=True,
                           help="Allow SERVICE (federated queries that make this machine fetch "
                                "other endpoints); refused by default.")(command)
    command = click.option("--memory", type=click.IntRange(min=64), default=guard.DEFAULT_MEMORY_MB,
                           show_default=True, metavar="MB",
                           help="Memory a query may use (its worker process is stopped beyond).")(command)
    command = click.option("--timeout", type=click.FloatRange(min=0, min_open=True),
                           default=guard.DEFAULT_TIMEOUT, show_default=True, metavar="SECONDS",
                           help="Time a query may run before it is stopped.")(command)
    return command


def _limits(timeout: float, memory: int, allow_service: bool):
    from policykg.sparql.guard import QueryLimits

    return QueryLimits(timeout=timeout, memory_mb=memory, allow_service=allow_service)


QUERY_FORMATS = ("table", "csv", "tsv", "json", "xml", "ttl", "nt", "jsonld")  # = query.OUTPUT_FORMATS


@main.command("query")
@click.argument("graph", type=click.Path(path_type=Path), required=False)
@click.argument("sparql", metavar="QUERY", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind the query variable ?NAME to VALUE (repeatable); typed as the query "
                   "declares (# @param), never pasted into the query text.")
@click.option("--format", "-f", "fmt", type=click.Choice(QUERY_FORMATS), default="table",
              show_default=True, help="table, SPARQL results csv/tsv/json/xml; ttl/nt/jsonld "
                                      "for CONSTRUCT and DESCRIBE.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the result to this file instead of standard output.")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and exit.")
@_limit_options
def query_cmd(graph: Path | None, sparql: str | None, params: tuple[str, ...], fmt: str,
              output: Path | None, list_queries: bool, timeout: float, memory: int,
              allow_service: bool) -> None:
    """Run a SPARQL query over GRAPH (graph.ttl, .nt, .jsonld, .rdf, graph.json, or a
    folder written by build --store).

    QUERY is the name of a shipped query (see --list), a .rq file, or SPARQL text.
    The prefixes pkg, skos, prov, oa, dct, rdf, rdfs, owl and xsd are predeclared.
    A query runs in a worker process within --timeout and --memory; queries longer than
    100,000 characters or nested deeper than 64 brackets are refused before they run.

    \b
    Examples:
      policykg query output/graph.ttl problems-without-countermeasure
      policykg query output/graph.ttl countermeasures-for-cause -p cause=seed/C0123456789
      policykg query output/graph.ttl 'SELECT ?l WHERE { ?i a pkg:Institution ; skos:prefLabel ?l }' -f csv

    \b
    Exit codes: 0 done (also when no row matches); 2 usage error, unreadable graph,
    bad query or parameter.
    """
    from policykg.sparql import query

    try:
        if list_queries:
            click.echo(_describe_queries(query), nl=False)
            return
        if graph is None or sparql is None:
            raise click.UsageError("give GRAPH and QUERY (or --list)")
        text = query.run(graph, sparql, query.parse_params(list(params)), fmt,
                         limits=_limits(timeout, memory, allow_service))
        if output:
            from policykg.export.fsio import atomic_write_text

            atomic_write_text(output, text)
        else:
            click.echo(text, nl=False)
    except PolicyKGError as err:
        fail(err)


def _describe_queries(query) -> str:
    lines = []
    for name in query.named_queries():
        q = query.resolve(name)
        lines.append(name)
        lines += [f"    {line}" for line in q.description.splitlines() if line]
        lines += [f"    --param {p.name}=<{p.type}>  {p.doc}" for p in q.params.values()]
        lines.append("")
    return "\n".join(lines)


@main.command("serve")
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; keep the loopback default unless you mean to share.")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True,
              help="Port to listen on (0: any free port, printed at start).")
@click.option("--allow-origin", "allow_origins", multiple=True, metavar="ORIGIN",
              help="Let pages of ORIGIN (e.g. http://yasgui.example) query from a browser "
                   "(repeatable; '*' for any). Other browser requests are refused.")
@click.option("--cors", is_flag=True, help="Same as --allow-origin '*'.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Query worker processes (default: 2, or 1 on a single core).")
@_limit_options
@click.option("--quiet", "-q", is_flag=True, help="Do not log requests.")
def serve_cmd(graph: Path, host: str, port: int, allow_origins: tuple[str, ...], cors: bool,
              workers: int | None, timeout: float, memory: int, allow_service: bool,
              quiet: bool) -> None:
    """Serve GRAPH as a read-only SPARQL 1.1 Protocol endpoint at http://HOST:PORT/sparql.

    GRAPH is a graph file (as for query) or a folder written by build --store, which is
    served from disk without loading it.

    GET or POST queries; results as SPARQL JSON/XML/CSV/TSV, CONSTRUCT as Turtle,
    N-Triples, RDF/XML or JSON-LD, chosen by the Accept header. Updates are refused.
    Each query runs in a worker process within --timeout and --memory (a query past them
    is stopped, the endpoint goes on); SERVICE is refused unless --allow-service; pages of
    other origins cannot query from a browser unless --allow-origin names them.
    Stops on Ctrl-C or SIGTERM.

    \b
    Exit codes: 0 stopped; 2 unreadable graph or the address cannot be used.
    """
    import signal

    from policykg.sparql import serve

    log = None if quiet else (lambda line: click.echo(line, err=True))
    try:
        server = serve.make_server(graph, host, port, cors=cors, log=log,
                                   allow_origins=allow_origins, workers=workers,
                                   limits=_limits(timeout, memory, allow_service))
    except PolicyKGError as err:
        fail(err)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(EXIT_OK))
    click.echo(f"SPARQL endpoint: {server.url}  (read-only; Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    sys.exit(EXIT_OK)


@main.command("push")
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--endpoint", required=True, metavar="URL",
              help="SPARQL 1.1 Graph Store Protocol URL, e.g. http://localhost:7878/store.")
@click.option("--graph", "graph_iri", metavar="IRI",
              help="Named graph to upload into (default: the endpoint's default graph).")
@click.option("--batch", type=click.IntRange(1), default=50_000, show_default=True,
              help="Triples per request.")
@click.option("--replace", is_flag=True,
              help="Replace the target graph (the first request is a PUT) instead of adding to it.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=120.0,
              show_default=True, help="Seconds to wait for each request.")
@click.option("--quiet", "-q", is_flag=True, help="Print errors only.")
def push_cmd(graph: Path, endpoint: str, graph_iri: str | None, batch: int, replace: bool,
             timeout: float, quiet: bool) -> None:
    """Upload GRAPH (a graph file or a build --store folder) to a SPARQL 1.1 Graph Store
    Protocol endpoint, BATCH triples a request, as N-Triples.

    \b
    Example:
      policykg push output/graph.ttl --endpoint http://localhost:7878/store --replace

    \b
    Exit codes: 0 done; 2 unreadable graph, bad URL, unreachable endpoint or an HTTP error
    (requests already sent stay sent).
    """
    from policykg.sparql import push

    try:
        done = push.push(graph, endpoint, graph_iri, batch=batch, replace=replace, timeout=timeout)
    except PolicyKGError as err:
        fail(err)
    if not quiet:
        click.echo(f"pushed {done.triples} triples in {done.requests} request(s) to {done.url}",
                   err=True)


if __name__ == "__main__":
    main()
