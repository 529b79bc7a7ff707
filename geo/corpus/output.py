"""A batch output folder: complete partitions only, a manifest, and the places table.

Layout::

    OUT/_batch.json                      the run's identity (inputs and options)
    OUT/part-000000/mentions.parquet     one folder per partition (or .jsonl files)
    OUT/part-000000/documents.parquet
    OUT/places.parquet                   rebuilt at the end of every run

A partition is written into ``.tmp-part-NNNNNN-<pid>`` and renamed to its name in
one step, so a partition folder either is complete or does not exist: Ctrl-C or
``kill -9`` never leaves half a partition, and ``--resume`` skips exactly the
partitions whose folder exists. Leftover temporary folders are removed on the next
run.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from geo.corpus.errors import BatchError
from geo.corpus.partitions import partition_name

MANIFEST = "_batch.json"
TEMP_PREFIX = ".tmp-"
FORMATS = ("parquet", "jsonl")
TABLES = ("mentions", "documents")


class OutputFolder:
    """The folder a run writes; ``manifest`` is what the run must agree with to resume."""

    def __init__(self, path: Path, *, output_format: str = "parquet") -> None:
        if output_format not in FORMATS:
            raise ValueError(f"unknown output format {output_format!r}")
        self.path = Path(path)
        self.format = output_format
        self._pending_manifest: dict[str, Any] | None = None

    # -- starting ------------------------------------------------------------------

    def prepare(self, manifest: dict[str, Any], *, resume: bool) -> set[int]:
        """Create or check the folder; returns the indexes of partitions already done.

        A folder with a previous run is only reused with ``resume`` and the same
        manifest: mixing two runs' partitions would give a corpus nobody asked for.
        """
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BatchError(f"Cannot create the output folder {self.path}: {exc.strerror or exc}") from exc
        self._remove_temporaries()
        manifest_path = self.path / MANIFEST
        done = self.completed_partitions()
        if manifest_path.exists():
            previous = json.loads(manifest_path.read_text(encoding="utf-8"))
            if not resume:
                raise BatchError(f"{self.path} already holds a batch run; pass --resume to finish it, "
                                 "or choose another output folder")
            if previous != manifest:
                changed = sorted(k for k in set(previous) | set(manifest) if previous.get(k) != manifest.get(k))
                raise BatchError(f"{self.path} holds a run with other {', '.join(changed)}; "
                                 "resume it with the same inputs and options, or choose another folder")
            return done
        if any(self.path.iterdir()):
            raise BatchError(f"{self.path} is not empty and holds no batch run; choose an empty or new folder")
        # Written once the cluster is up (write_manifest) or with the first partition: a run
        # that never started (a cluster out of reach) leaves the folder empty, free for
        # the same command again.
        self._pending_manifest = manifest
        return done

    def completed_partitions(self) -> set[int]:
        done = set()
        for child in self.path.glob("part-*"):
            if child.is_dir() and child.name[5:].isdigit():
                done.add(int(child.name[5:]))
        return done

    # -- writing -------------------------------------------------------------------

    def write_manifest(self) -> None:
        """Write the manifest ``prepare`` was given, if not yet written: before any
        partition, so a worker's first partition already belongs to a resumable run."""
        if self._pending_manifest is not None:
            self._write_atomically(self.path / MANIFEST,
                                   json.dumps(self._pending_manifest, indent=1, sort_keys=True).encode())
            self._pending_manifest = None

    def write_partition(self, index: int, tables: dict[str, pa.Table]) -> None:
        """Write one partition's tables under a temporary name, then rename it.

        Called by the driver or, on a local cluster, by the worker that parsed it. A
        partition already complete (the same task run twice: Dask retries a task whose
        worker died after the rename) stays as it is: both runs hold the same rows."""
        self.write_manifest()
        final = self.path / partition_name(index)
        temporary = self.path / f"{TEMP_PREFIX}{partition_name(index)}-{os.getpid()}"
        shutil.rmtree(temporary, ignore_errors=True)
        temporary.mkdir()
        try:
            for name in TABLES:
                self._write_table(temporary / f"{name}.{self.format}", tables[name])
            _fsync_folder(temporary)
            os.rename(temporary, final)   # atomic on one file system
        except OSError:
            shutil.rmtree(temporary, ignore_errors=True)
            if not final.is_dir():
                raise
            return                        # written whole by an earlier run of the same task
        except BaseException:
            shutil.rmtree(temporary, ignore_errors=True)
            raise
        _fsync_folder(self.path)

    def write_places(self, table: pa.Table) -> None:
        target = self.path / f"places.{self.format}"
        temporary = self.path / f"{TEMP_PREFIX}places-{os.getpid()}.{self.format}"
        self._write_table(temporary, table)
        os.replace(temporary, target)

    def table_glob(self, name: str) -> str:
        """A glob of every partition's file of table ``name`` (for DuckDB)."""
        return str(self.path / "part-*" / f"{name}.{self.format}")

    def _write_table(self, path: Path, table: pa.Table) -> None:
        if self.format == "parquet":
            pq.write_table(table, path, compression="zstd")
        else:
            with path.open("w", encoding="utf-8") as handle:
                for row in table.to_pylist():
                    handle.write(json.dumps(row, ensure_ascii=False, allow_nan=False))
                    handle.write("\n")
        with path.open("rb") as handle:
            os.fsync(handle.fileno())

    def _write_atomically(self, path: Path, data: bytes) -> None:
        temporary = path.with_name(f"{TEMP_PREFIX}{path.name}-{os.getpid()}")
        temporary.write_bytes(data)
        os.replace(temporary, path)

    def _remove_temporaries(self) -> None:
        for child in self.path.glob(f"{TEMP_PREFIX}*"):
            if child.is_dir():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)


def _fsync_folder(path: Path) -> None:
    # The rename is only durable once the folder holding it is on disk.
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
