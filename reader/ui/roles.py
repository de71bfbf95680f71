"""Styles of the text roles (component classes in styles/*.tcss), for spans drawn over a widget.

Textual's `get_visual_style(partial=True)` works out an `auto` colour (`$text`, `$text-muted`)
against no background at all, which gives near-white text (unreadable in a light theme), and
leaves out a role's opaque background. Here the role's background is kept and an auto colour is
worked out against it over the widget's own background, as it is on screen. Every colour still
comes from the theme's variables.
"""

from __future__ import annotations

from dataclasses import replace

from textual.style import Style
from textual.widget import Widget


def role_style(widget: Widget, name: str) -> Style:
    """The style of component class `name` of `widget`, readable on the widget's background;
    remembered per theme and state of the widget (focused or not), as Textual's own styles are."""
    cache: dict[tuple[object, ...], Style] = widget.__dict__.setdefault("_role_styles", {})
    key = (name, widget._pseudo_classes_cache_key, widget.app.theme)
    style = cache.get(key)
    if style is None:
        if len(cache) > 256:
            cache.clear()
        style = cache[key] = _role_style(widget, name)
    return style


def _role_style(widget: Widget, name: str) -> Style:
    style = widget.get_visual_style(name, partial=True)
    styles = widget.get_component_styles(name)
    background = widget.background_colors[1]
    if styles.has_rule("background"):  # the role's own background, over the widget's when see-through
        style = replace(style, background=styles.background)
        background += styles.background
    if styles.has_rule("auto_color") and styles.auto_color:
        style = replace(style, foreground=background.get_contrast_text(styles.color.a), auto_color=False)
    return style
