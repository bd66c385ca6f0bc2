"""Compositions of store queries and domain rules shared by the TUI and the CLI."""
