"""The Textual app: three panes (issues, items, detail), search as you type, bookmarks, links.

Only calls the core; every untrusted string reaches the screen as Content, never as markup.
"""

import os

# Textual paints a change one frame period after it happens (1/60 s by default): at 120 frames a
# second a key shows its effect ~8 ms sooner. Read when Textual is first imported; a user's
# TEXTUAL_FPS wins.
os.environ.setdefault("TEXTUAL_FPS", "120")
