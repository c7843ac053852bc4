"""Settings: what the site's ``mkdocs.yml`` says that the generator needs: ``site_url``,
``repo_url`` and ``edit_uri``, ``extra.record_edit_url``, ``extra.citation``.

Reads ``mkdocs.yml`` without running its ``!!python/name`` tags (read as None: MkDocs extension
settings, never a fact the generator needs) and without importing MkDocs, so that ``build`` stays
light. Returns plain values; writes nothing.
"""

from __future__ import annotations

from pathlib import Path

import yaml


class _IgnoringTags(yaml.SafeLoader):
    """A safe loader that reads every tagged value as None: nothing is constructed."""


_IgnoringTags.add_multi_constructor("", lambda loader, suffix, node: None)
_IgnoringTags.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_site_config(path: Path) -> dict:
    """``mkdocs.yml`` as data; {} when there is none or it cannot be read as a YAML mapping (the
    site build, which reads it with MkDocs, says why)."""
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_IgnoringTags)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return config if isinstance(config, dict) else {}


def site_setting(config: dict, name: str) -> str | None:
    """``extra.NAME`` of the site config (``read_site_config``), if it is text."""
    extra = config.get("extra")
    value = extra.get(name) if isinstance(extra, dict) else None
    return value if isinstance(value, str) else None
