"""Hosting: whether a built site fits the limits of the hosts that publish it.

GitHub Pages publishes a site of at most 1 GB and refuses files over 100 MB in a repository;
GitLab Pages takes at most 1 GB and 200,000 files. ``site_figures(folder)`` measures a site
folder (the only I/O here); ``over_limits(figures, limits)`` is pure and names each limit the
site exceeds, with the figures a maintainer needs to act. ``python -m generator check-site`` runs
both, and the deploy workflow (``.github/workflows/site.yml``) runs it before it uploads anything.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class HostLimits:
    total_bytes: int = 1_000_000_000  # GitHub Pages and GitLab Pages: a site of at most 1 GB
    file_bytes: int = 100_000_000  # GitHub refuses files over 100 MB
    files: int = 200_000  # GitLab Pages: at most 200,000 files


@dataclass(frozen=True)
class SiteFigures:
    total_bytes: int
    files: int
    largest: tuple[tuple[str, int], ...]  # (path relative to the site, bytes), largest first, at most 5


def site_figures(folder: Path) -> SiteFigures:
    """Bytes and files of every regular file under ``folder`` (symbolic links are not followed)."""
    total, count, sizes = 0, 0, []
    for root, _, names in os.walk(folder):
        for name in names:
            path = Path(root) / name
            if path.is_symlink() or not path.is_file():
                continue
            size = path.stat().st_size
            total += size
            count += 1
            sizes.append((size, path.relative_to(folder).as_posix()))
    sizes.sort(key=lambda item: (-item[0], item[1]))
    return SiteFigures(total, count, tuple((path, size) for size, path in sizes[:5]))


def megabytes(size: int) -> str:
    return f"{size / 1e6:,.1f} MB"


def over_limits(figures: SiteFigures, limits: HostLimits = HostLimits()) -> list[str]:
    """One message per limit the site exceeds (empty when it fits)."""
    problems = []
    if figures.total_bytes > limits.total_bytes:
        problems.append(
            f"the site is {megabytes(figures.total_bytes)}, over the hosts' limit of {megabytes(limits.total_bytes)}; "
            "largest files: " + ", ".join(f"{path} ({megabytes(size)})" for path, size in figures.largest)
        )
    too_big = [(path, size) for path, size in figures.largest if size > limits.file_bytes]
    for path, size in too_big:
        problems.append(f"{path} is {megabytes(size)}, over the limit of {megabytes(limits.file_bytes)} for one file")
    if figures.files > limits.files:
        problems.append(f"the site has {figures.files:,} files, over the limit of {limits.files:,}")
    return problems
