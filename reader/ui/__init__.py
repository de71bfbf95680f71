"""The Textual app: three panes (issues, items, detail), search as you type, bookmarks, links.

Only calls the core; every untrusted string reaches the screen as Content, never as markup.
"""
