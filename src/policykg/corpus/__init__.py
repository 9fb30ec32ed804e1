"""Running the per-document stage over a corpus: on one core, on all cores or on a Dask
cluster (``executors``), each document's result cached on disk and read back in order by
the exporters (``store``), so memory does not grow with the number of documents."""
