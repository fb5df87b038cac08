"""The official forms: the answers only a form asks, and (later) filling the printed forms."""
