"""Helpers shared by tests: code only tests use, kept out of the package."""
