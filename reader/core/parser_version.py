"""The parser's version, importable without importing the parsers (the parse cache and the index
manifest compare it at start). Bump it whenever parsing gives different issues for the same file:
every cached parse and the index are then redone."""

PARSER_VERSION = 10
