"""The plugin's options: the settings of ``[tool.paper-catalog]``, which they override.

Each option takes any value here; ``settings.load_settings`` checks it against the same rule
as in ``pyproject.toml``, so a wrong value gets the same message wherever it is written. MkDocs
warns about an option that is not one of these.
"""

from __future__ import annotations

from mkdocs.config.base import Config
from mkdocs.config.config_options import Optional, Type

from generator.settings import OPTIONS

# Made from the settings' table of options, so that a new setting cannot be forgotten here.
CatalogConfig = type("CatalogConfig", (Config,), {
    "__doc__": "The options of the paper-catalog plugin, one per setting; None means not given.",
    **{option.key: Optional(Type(object)) for option in OPTIONS},
})
