"""Benchmarks for the matcher, the search index and /discover (`make bench`)."""
