"""The benchmark suite behind ``make bench`` (issue 7). Not part of ``make test``.

Run with ``python -m benchmarks`` from the repository root; see ``BENCHMARKS.md``.
"""
