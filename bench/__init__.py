"""Benchmark kit: bench/generate.py builds the data, bench/load.py measures."""
