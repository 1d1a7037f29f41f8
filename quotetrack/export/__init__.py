"""Exports: pure functions from quote records to tables, graphs and reports."""
