"""Turn TeX left over in listing text into readable Unicode.

pylatexenc does the conversion; this module only finds the TeX spans to hand to it, so that
plain text around them (a bare ``%``, ``$5``, ``{0,1}``) is never read as TeX and lost.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexwalker import LatexWalker, LatexWalkerError
from pylatexenc.latexwalker import get_default_latex_context_db as get_walker_context_db
from pylatexenc.macrospec import MacroSpec

BRACES = r"\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}"
TEX_SPAN_RE = re.compile(
    "|".join((
        r"\\\(.*?\\\)",                                   # inline math \( … \)
        r"\{\\[a-zA-Z]+\s[^{}]*(?:" + BRACES + r"[^{}]*)*\}",  # {\it text}
        r"\{\\[a-zA-Z]+" + BRACES + r"\}",                # {\url{…}}
        r"\\[a-zA-Z]+\*?(?:" + BRACES + r")*\s?",         # \textbf{L}, \AlgName, \L␣
        r"\\['`\"^~=.uvHck]\s?(?:\{[a-zA-Z]?\}|[a-zA-Z])",  # accents: \'e, \'{e}
        r"\\[%&#_$]",                                     # escaped specials: \%, \&
    )),
    re.DOTALL,
)
DOLLAR_MATH_RE = re.compile(r"(\$\$.+?\$\$|(?<!\\)\$[^$]+?(?<!\\)\$)", re.DOTALL)
QUOTES_RE = re.compile(r"``(.*?)''", re.DOTALL)
TILDE_RE = re.compile(r"(?<=\w\.)~(?=\w)|(?<=\w)~(?=\w)")
FONT_SWITCHES = ("it", "bf", "em", "sl", "sc", "tt", "rm", "sf", "itshape", "bfseries")
TEXT_MACROS = {"ie": "i.e.", "eg": "e.g.", "etal": "et al.", "etc": "etc."}


@lru_cache(maxsize=1)
def tex_converter() -> tuple[LatexNodes2Text, object]:
    """Build the pylatexenc converter once: unknown macros keep their name, not vanish."""
    walker_db = get_walker_context_db()
    walker_db.add_context_category("catalog", prepend=True, macros=[
        MacroSpec("footnote", "{"), MacroSpec("url", "{"), MacroSpec("href", "{{"),
    ])
    text_db = get_default_latex_context_db()
    text_db.add_context_category("catalog", prepend=True, macros=[
        *(MacroTextSpec(name, discard=True) for name in FONT_SWITCHES),
        *(MacroTextSpec(name, simplify_repl=text) for name, text in TEXT_MACROS.items()),
        MacroTextSpec("url", simplify_repl="%(1)s"),
        MacroTextSpec("href", simplify_repl="%(2)s (%(1)s)"),
        MacroTextSpec("footnote", simplify_repl=" (%(1)s)"),
    ])
    text_db.set_unknown_macro_spec(
        MacroTextSpec("", simplify_repl=lambda node, **_: node.macroname + node.macro_post_space))
    converter = LatexNodes2Text(latex_context=text_db, math_mode="text", strict_latex_spaces=False)
    return converter, walker_db


def convert_span(span: str) -> str:
    """Convert one TeX span; if pylatexenc cannot parse it, keep it as it was."""
    converter, walker_db = tex_converter()
    try:
        nodes, _, _ = LatexWalker(span, latex_context=walker_db, tolerant_parsing=False).get_latex_nodes()
        return converter.nodelist_to_text(nodes)
    except (LatexWalkerError, IndexError, KeyError, ValueError):
        return span


def tex_to_unicode(text: str) -> str:
    """Replace TeX spans (macros, accents, escapes, ``quotes'', ~ ties) with Unicode text.

    Math between dollar signs is kept exactly as written: it reads better as TeX than as a
    lossy conversion, and it is what the author typed.
    """
    if "\\" not in text and "``" not in text and "~" not in text:
        return text
    parts = DOLLAR_MATH_RE.split(text) if "$" in text else [text]
    return "".join(part if index % 2 else convert_text(part) for index, part in enumerate(parts))


def convert_text(text: str) -> str:
    """Convert the TeX in text that holds no dollar math."""
    if "``" in text:
        text = QUOTES_RE.sub(lambda match: "\u201c" + match.group(1) + "\u201d", text)
    if "~" in text:
        text = TILDE_RE.sub(" ", text)
    if "\\" not in text:
        return text
    return TEX_SPAN_RE.sub(lambda match: convert_span(match.group(0)), text)
