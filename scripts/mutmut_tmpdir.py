"""A pytest plugin for make mutation: every pytest session mutmut starts has its temporary folder.

mutmut runs many pytest sessions in one process (and its forks); tests/conftest.py makes the
session's folder once, at import, and removes it when a session ends. This plugin makes it
again when the next session registers it, before output capture opens a file there.
"""

import os
import tempfile


def pytest_addhooks(pluginmanager):  # called when pytest registers the plugin: before capture starts
    os.makedirs(tempfile.gettempdir(), exist_ok=True)
