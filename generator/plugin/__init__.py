"""The MkDocs plugin ``paper-catalog``: the catalog's pages, handed to MkDocs in memory.

``config.py`` holds its options, ``plugin.py`` its events, ``chrome.py`` the page chrome it
renders once per folder.
"""
