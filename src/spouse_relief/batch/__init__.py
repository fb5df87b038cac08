"""Batch: many worksheets at once, from CSV or Parquet files, on one machine or a Dask cluster.

* :mod:`.columns`, the column evaluator over the same worksheet definitions as the case
  evaluator, in exact integer cents (numpy);
* :mod:`.il8857` (and the other forms), each form's column format (docs/batch.md);
* :mod:`.runner`, reading in chunks, writing results and the errors file, progress, Dask.

Importing this package is cheap; numpy and pyarrow are imported by the submodules.
"""
