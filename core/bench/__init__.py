"""Benchmarks (`python -m core bench`): each feature adds `core/bench/<feature>.py` with
functions that measure on this machine and return plain dicts; `core/cli/bench.py`
collects them into one table / JSON. Benchmarks are not tests: tests stay deterministic."""
