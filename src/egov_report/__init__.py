"""Reproducible e-government evaluation reports for Vietnamese provinces."""

__version__ = "0.1.0"
