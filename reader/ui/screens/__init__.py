"""The app's screens: main (three panes), search, bookmarks, pickers, help, problems."""
