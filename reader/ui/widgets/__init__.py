"""The app's own widgets: virtual lists, the detail pane, the status line."""
