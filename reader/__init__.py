"""Digest Reader: a keyboard-driven terminal reader for newsletter digests."""

__version__ = "0.1.0"
APP_NAME = "digest-reader"
