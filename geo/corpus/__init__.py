"""Corpora at scale: ``python -m geo batch`` geoparses many documents on Dask.

The same engine as ``python -m geo parse --jsonl`` (``geo.pipeline.parse`` and the
records of ``geo.records``), run in partitions on a Dask cluster, from a laptop's
cores (a ``LocalCluster``) to many machines (``--scheduler tcp://HOST:PORT``):

``sources``    read documents from JSONL (plain or gzip), folders and Parquet files
``partitions`` cut the stream of documents into numbered partitions
``work``       what a worker does: the gazetteer plugin and the parsing of one partition
``tables``     the Arrow schemas and rows of the ``mentions`` and ``documents`` tables
``output``     partitions written to a temporary name then renamed; resume; ``places``
``progress``   the progress bar on stderr and the closing summary
``run``        the driver: start or join the cluster, stream partitions, write results
``place_index`` every passage naming a place, sorted by place: what a map click reads
``queries``    what the dashboard's corpus view asks of an output folder (DuckDB); the summary file
``upload``     a corpus uploaded in the dashboard: checked, kept, run in its own process
``batch_process`` that process group: time-limited, ended with its workers when given up
``command``    the ``batch`` subcommand's arguments
"""
