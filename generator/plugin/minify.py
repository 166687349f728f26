"""Minify the HTML of every page the site writes, with minify-html (a maintained minifier in Rust).

About a quarter of a paper page is indentation and blank lines from the theme's templates; at
50,000 papers that is what keeps the site over GitHub Pages' 1 GB. The options keep what a
reader or a tool may rely on: closing tags, the ``html`` and ``head`` start tags, comments are
dropped, and inline scripts and styles are left as they are (Material's are small, and its
configuration script is JSON that must not change). Whitespace in ``pre`` and ``textarea`` is
kept by the minifier itself. The same page gives the same bytes.
"""

from __future__ import annotations

import minify_html


def minify_page(html: str) -> str:
    """Return a page's HTML minified."""
    return minify_html.minify(html, keep_closing_tags=True, keep_html_and_head_opening_tags=True,
                              minify_css=False, minify_js=False)
