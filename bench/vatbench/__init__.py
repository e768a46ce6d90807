"""vat benchmark runner: see bench/bench.py and BENCHMARKS.md."""
