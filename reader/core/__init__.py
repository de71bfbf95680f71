"""The core of Digest Reader: parsing, library, search, bookmarks, paths. Never imports Textual."""
