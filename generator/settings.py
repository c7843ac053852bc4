"""Settings: what the site's ``mkdocs.yml`` says that the generator needs (e.g. ``extra.record_edit_url``).

Reads ``mkdocs.yml`` without running its ``!!python/name`` tags and without importing MkDocs, so
that ``build`` stays light. Returns plain values; writes nothing.
"""

from __future__ import annotations

from pathlib import Path

import yaml


def site_setting(mkdocs_yml: Path, name: str) -> str | None:
    """``extra.NAME`` of mkdocs.yml, read without running its ``!!python/name`` tags."""

    class _Tolerant(yaml.SafeLoader):
        pass

    _Tolerant.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    try:
        config = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_Tolerant)
    except (OSError, yaml.YAMLError):
        return None
    value = (config or {}).get("extra", {}).get(name) if isinstance(config, dict) else None
    return value if isinstance(value, str) else None
