"""The main screen: the browsing panes (browse.py) with every key of the "main" scope: the reading
loop and read marks (main_reading.py), how the issues are listed (main_view.py), and what is done
with the item under the cursor (main_links.py) and what else the archive says about it, with the
saved searches (main_discover.py); a library arriving in batches (main_loading.py)."""

from __future__ import annotations

from reader.ui.commands import bindings_for
from reader.ui.screens.main_discover import DiscoverActions
from reader.ui.screens.main_loading import LoadingView
from reader.ui.screens.main_reading import ReadingActions
from reader.ui.screens.main_view import ViewActions


class MainScreen(LoadingView, ReadingActions, ViewActions, DiscoverActions):
    BINDINGS = bindings_for("main")
