#!/bin/sh
# Every benchmark, one after another (about 30-40 minutes on a 2-core machine).
#   sh bench/run_all.sh > bench/out/run_all.log 2>&1 &
# Results: bench/out/results.jsonl (one JSON object per measurement). Inputs stay in bench/out/.
set -e
cd "$(dirname "$0")/.."
PY=.venv/bin/python
for form in il8857 f8379; do
  $PY bench/bench_batch.py compute $form 10000 --repeat 5
  $PY bench/bench_batch.py compute $form 1000000 --repeat 3
  $PY bench/bench_batch.py compute $form 10000000 --repeat 1
  for rows in 10000 1000000 10000000; do
    $PY bench/bench_batch.py e2e $form $rows csv
    $PY bench/bench_batch.py e2e $form $rows parquet
  done
done
# every IL-8857 column written (issue 13, item 6): CSV out as well as Parquet
$PY bench/bench_batch.py e2e il8857 1000000 parquet --out csv
$PY bench/bench_batch.py e2e il8857 1000000 csv --out csv
$PY bench/bench_batch.py e2e il8857 10000000 parquet --lines none
$PY bench/bench_batch.py e2e il8857 10000000 csv --out csv --lines 67,78,79,80
$PY bench/bench_memory.py il8857 10000000 parquet
$PY bench/bench_memory.py il8857 10000000 csv
$PY bench/bench_memory.py f8379 10000000 parquet
$PY bench/bench_evaluators.py
$PY bench/bench_startup.py 30
$PY bench/bench_case.py 20
$PY bench/bench_taxcalc.py 10000 100000
