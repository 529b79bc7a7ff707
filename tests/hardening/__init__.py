"""Hardening tests: engine properties, hostile command-line input, gazetteer recovery."""
