"""The Dash user interface: the shell, one module per page, and pure presenters."""
