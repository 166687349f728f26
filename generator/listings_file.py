"""Read the curator's ``seeds/listings.yml``: per listing file, a human title, a capture date, and
the reader to use when its content should not decide.

Every value is read as the string it is written as, so a bad date is ours to report, each
problem with its line. A file that cannot be read at all is one error, and the listings are
still read without their titles and dates.
"""

from __future__ import annotations

import datetime as dt
from difflib import get_close_matches
from pathlib import Path

import yaml

from .models import ListingInfo, Problem, Severity

LISTINGS_FILE = "listings.yml"
LISTING_INFO_KEYS = ("title", "captured", "reader")


def read_listing_infos(seeds_dir: Path, readers: tuple[str, ...] = ()) -> tuple[dict[str, ListingInfo], dict[str, int],
                                                                              list[Problem]]:
    """Read ``listings.yml``: per listing file, an optional human title and capture date.

    Returns the infos, the line of each listing's entry, and the problems, each with its line.
    Values are read as the strings they are written as, so a bad date is ours to report.
    """
    path = seeds_dir / LISTINGS_FILE
    try:
        if not path.is_file():
            return {}, {}, []
    except OSError as error:
        return {}, {}, [Problem(LISTINGS_FILE, 0, Severity.ERROR, f"cannot be read: {error.strerror}")]
    unused = "; its titles and capture dates are not used"
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except UnicodeDecodeError as error:
        return {}, {}, [Problem(LISTINGS_FILE, 0, Severity.ERROR, f"is not UTF-8 text ({error.reason}){unused}")]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or str(error)
        return {}, {}, [Problem(LISTINGS_FILE, mark.line + 1 if mark else 0, Severity.ERROR,
                                f"is not valid YAML ({reason}){unused}")]
    except OSError as error:
        return {}, {}, [Problem(LISTINGS_FILE, 0, Severity.ERROR, f"cannot be read: {error.strerror}{unused}")]
    if root is None:
        return {}, {}, []
    if not isinstance(root, yaml.MappingNode):
        return {}, {}, [Problem(LISTINGS_FILE, root.start_mark.line + 1, Severity.ERROR,
                                f"must map listing file names to their title and captured date{unused}")]
    infos: dict[str, ListingInfo] = {}
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    for key_node, value_node in root.value:
        name, line = str(key_node.value), key_node.start_mark.line + 1
        lines[name] = line
        infos[name] = read_listing_info(name, value_node, readers, problems)
    return infos, lines, problems


def read_listing_info(name: str, node: yaml.Node, readers: tuple[str, ...], problems: list[Problem]) -> ListingInfo:
    """Read one entry of ``listings.yml`` (a mapping of title, captured and reader), warning by line."""
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null"):
        return ListingInfo()
    if not isinstance(node, yaml.MappingNode):
        problems.append(Problem(LISTINGS_FILE, line, Severity.WARNING,
                                f"'{name}': must be a mapping of title, captured and reader; ignored"))
        return ListingInfo()
    values: dict[str, tuple[str, int]] = {}
    for key_node, value_node in node.value:
        key, key_line = str(key_node.value), key_node.start_mark.line + 1
        if key not in LISTING_INFO_KEYS:
            close = get_close_matches(key, LISTING_INFO_KEYS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(LISTING_INFO_KEYS)}"
            problems.append(Problem(LISTINGS_FILE, key_line, Severity.WARNING,
                                    f"'{name}': unknown key '{key}'; ignored ({hint})"))
        elif not isinstance(value_node, yaml.ScalarNode):
            problems.append(Problem(LISTINGS_FILE, key_line, Severity.WARNING,
                                    f"'{name}': {key} must be a single value; ignored"))
        else:
            values[key] = (value_node.value, key_line)
    captured, captured_line = values.get("captured", (None, line))
    if captured is not None and not is_iso_date(captured):
        problems.append(Problem(LISTINGS_FILE, captured_line, Severity.WARNING,
                                f"'{name}': captured '{captured}' is not a YYYY-MM-DD date; not used"))
        captured = None
    reader, reader_line = values.get("reader", (None, line))
    if reader is not None and reader not in readers:
        close = get_close_matches(reader, readers, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(readers)}"
        problems.append(Problem(LISTINGS_FILE, reader_line, Severity.WARNING,
                                f"'{name}': reader '{reader}' is not one of the readers ({hint}); the file's "
                                "content chooses its reader"))
        reader = None
    return ListingInfo(title=values.get("title", ("", 0))[0] or None, captured=captured, reader=reader)


def is_iso_date(text: str) -> bool:
    """Tell whether text is a real calendar date written YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False
