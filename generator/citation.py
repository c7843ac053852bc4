"""Citation: the dataset's citation facts -> CITATION.cff, .zenodo.json and "How to cite" text.

One source: ``mkdocs.yml``, where the site's address (``site_url``) and repository (``repo_url``)
already live, with the rest under ``extra: citation:`` (title, authors, licence, abstract,
keywords); the version and date are the last release's (``releases/<version>.json``), never typed
twice. ``citation_facts(config, version, date)`` checks them and returns ``CitationFacts``; the
renderers turn those into ``CITATION.cff`` (Citation File Format 1.2.0, ``type: dataset``), the
``.zenodo.json`` that Zenodo reads when it mints a DOI for a GitHub release, and the "How to cite
this dataset" Markdown (APA-like text and BibTeX); ``settings.read_site_config`` reads the config. Pure but for
``write_citation_files`` and ``stale_citation_files``, which read and write files.

    extra:
      citation:
        title: Reproducibility reports of machine-learning papers
        authors:
          - given-names: Ana
            family-names: Lee
            orcid: https://orcid.org/0000-0002-1825-0097   # optional
            affiliation: Example University                # optional
          - name: The Reproducibility Reports maintainers   # an organisation
        license: CC-BY-4.0          # an SPDX id
        abstract: One paragraph that says what the dataset holds.
        keywords: [reproducibility, machine learning]       # optional
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

CITATION_FILE = "CITATION.cff"
ZENODO_FILE = ".zenodo.json"
_ORCID = re.compile(r"https://orcid\.org/[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X]\Z")
_SPDX = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+-]*\Z")
_URL = re.compile(r"https?://[^\s<>\"'`\\]+\Z")
_TEX_SPECIAL = re.compile(r"[\\{}%&$#_^~]")


class CitationError(ValueError):
    """Citation facts that are missing or malformed; the message names the mkdocs.yml field."""


@dataclass(frozen=True)
class Author:
    given: str | None  # a person: given and family names
    family: str | None
    name: str | None  # an organisation: its name alone
    orcid: str | None = None
    affiliation: str | None = None

    @property
    def display(self) -> str:
        return self.name or f"{self.given} {self.family}"


@dataclass(frozen=True)
class CitationFacts:
    title: str
    authors: tuple[Author, ...]
    license: str | None  # SPDX id, e.g. CC-BY-4.0; None: no licence stated (the files then say none)
    abstract: str
    keywords: tuple[str, ...]
    site_url: str | None
    repository_url: str | None
    version: str | None  # the last release's; None before the first
    date: str | None


def _text(value: object, where: str, required: bool = True) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise CitationError(f"mkdocs.yml: {where}: expected text, found {value!r}")
    return " ".join(value.split())


def citation_facts(config: dict, version: str | None, date: str | None) -> CitationFacts:
    """The citation facts of the site config (``settings.read_site_config``) at release ``version`` of
    ``date`` (both None before the first release)."""
    citation = (config.get("extra") or {}).get("citation")
    if not isinstance(citation, dict):
        raise CitationError("mkdocs.yml: extra.citation: expected the dataset's citation facts (see docs/releases.md)")
    authors_data = citation.get("authors")
    if not isinstance(authors_data, list) or not authors_data:
        raise CitationError("mkdocs.yml: extra.citation.authors: expected a list of at least one author")
    authors = []
    for index, entry in enumerate(authors_data):
        where = f"extra.citation.authors[{index}]"
        if not isinstance(entry, dict):
            raise CitationError(f"mkdocs.yml: {where}: expected given-names and family-names, or name")
        unknown = set(entry) - {"given-names", "family-names", "name", "orcid", "affiliation"}
        if unknown:
            raise CitationError(f"mkdocs.yml: {where}: unknown fields {sorted(unknown)}")
        orcid = _text(entry.get("orcid"), f"{where}.orcid", required=False)
        if orcid is not None and not _ORCID.match(orcid):
            raise CitationError(f"mkdocs.yml: {where}.orcid: expected https://orcid.org/0000-0000-0000-0000")
        affiliation = _text(entry.get("affiliation"), f"{where}.affiliation", required=False)
        if "name" in entry:
            if "given-names" in entry or "family-names" in entry:
                raise CitationError(f"mkdocs.yml: {where}: a name, or given-names and family-names, not both")
            authors.append(Author(None, None, _text(entry["name"], f"{where}.name"), orcid, affiliation))
        else:
            given = _text(entry.get("given-names"), f"{where}.given-names")
            family = _text(entry.get("family-names"), f"{where}.family-names")
            authors.append(Author(given, family, None, orcid, affiliation))
    license_id = _text(citation.get("license"), "extra.citation.license", required=False)
    if license_id is not None and not _SPDX.match(license_id):
        raise CitationError(
            f"mkdocs.yml: extra.citation.license: expected an SPDX id such as CC-BY-4.0, found {license_id!r}"
        )
    keywords = citation.get("keywords") or []
    if not isinstance(keywords, list):
        raise CitationError("mkdocs.yml: extra.citation.keywords: expected a list of words")
    urls = {}
    for key in ("site_url", "repo_url"):
        url = config.get(key)
        if url is not None and not (isinstance(url, str) and _URL.match(url)):
            raise CitationError(f"mkdocs.yml: {key}: expected an http(s) address, found {url!r}")
        urls[key] = url
    return CitationFacts(
        _text(citation.get("title"), "extra.citation.title"),
        tuple(authors),
        license_id,
        _text(citation.get("abstract"), "extra.citation.abstract"),
        tuple(_text(word, f"extra.citation.keywords[{index}]") for index, word in enumerate(keywords)),
        urls["site_url"],
        urls["repo_url"],
        version,
        date,
    )


def render_citation_cff(facts: CitationFacts) -> bytes:
    """``CITATION.cff``: Citation File Format 1.2.0, ``type: dataset``, fields in the order the
    format's guide shows them; YAML written by PyYAML (which quotes what needs quoting)."""
    authors = []
    for author in facts.authors:
        entry = {"name": author.name} if author.name else {"family-names": author.family, "given-names": author.given}
        if author.affiliation:
            entry["affiliation"] = author.affiliation
        if author.orcid:
            entry["orcid"] = author.orcid
        authors.append(entry)
    document: dict = {
        "cff-version": "1.2.0",
        "message": "If you use this dataset, please cite it as below.",
        "type": "dataset",
        "title": facts.title,
        "authors": authors,
    }
    if facts.version:
        document["version"] = facts.version
        document["date-released"] = facts.date
    if facts.license:
        document["license"] = facts.license
    document["abstract"] = facts.abstract
    if facts.keywords:
        document["keywords"] = list(facts.keywords)
    if facts.repository_url:
        document["repository-code"] = facts.repository_url
    if facts.site_url:
        document["url"] = facts.site_url
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    return ("# Generated by `python -m generator release` from mkdocs.yml; do not edit.\n" + text).encode("utf-8")


def render_zenodo_json(facts: CitationFacts) -> bytes:
    """``.zenodo.json``: the deposit metadata Zenodo reads from a GitHub release (title, creators,
    version, publication_date, upload_type dataset, description as HTML, licence id, keywords)."""
    creators = []
    for author in facts.authors:
        creator = {"name": author.name or f"{author.family}, {author.given}"}
        if author.affiliation:
            creator["affiliation"] = author.affiliation
        if author.orcid:
            creator["orcid"] = author.orcid.removeprefix("https://orcid.org/")
        creators.append(creator)
    document: dict = {
        "title": facts.title,
        "creators": creators,
        "upload_type": "dataset",
        "description": f"<p>{html.escape(facts.abstract)}</p>",
        "access_right": "open",
    }
    if facts.license:
        document["license"] = facts.license.lower()
    if facts.version:
        document["version"] = facts.version
        document["publication_date"] = facts.date
    if facts.keywords:
        document["keywords"] = list(facts.keywords)
    if facts.repository_url:
        document["related_identifiers"] = [
            {"identifier": facts.repository_url, "relation": "isSupplementTo", "scheme": "url"}
        ]
    return (json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _apa_name(author: Author) -> str:
    if author.name:
        return author.name
    initials = " ".join(f"{part[0]}." for part in author.given.replace("-", " ").split())
    return f"{author.family}, {initials}"


def apa_text(facts: CitationFacts) -> str:
    """'Lee, A., & Roe, B. (2026). Title (Version 2026.11.0) [Data set]. https://...' (plain text)."""
    names = [_apa_name(author) for author in facts.authors]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", & " + names[-1]
    year = facts.date[:4] if facts.date else "n.d."
    version = f" (Version {facts.version})" if facts.version else ""
    where = facts.site_url or facts.repository_url
    return f"{joined} ({year}). {facts.title}{version} [Data set]." + (f" {where}" if where else "")


_TEX_WORDS = {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}


def _tex(text: str) -> str:
    return _TEX_SPECIAL.sub(lambda match: _TEX_WORDS.get(match.group(), "\\" + match.group()), text)


def bibtex(facts: CitationFacts) -> str:
    """A BibTeX ``@misc`` entry (BibTeX's standard styles have no @dataset; biblatex reads @misc
    too), TeX specials escaped, organisations in braces so they are not split into names."""
    key = "reproducibility-reports" + (f"-{facts.version}" if facts.version else "")
    authors = " and ".join(
        "{" + _tex(author.name) + "}" if author.name else f"{_tex(author.family)}, {_tex(author.given)}"
        for author in facts.authors
    )
    fields = [("author", authors), ("title", "{" + _tex(facts.title) + "}")]
    if facts.version:
        fields += [("version", facts.version), ("year", facts.date[:4]), ("month", str(int(facts.date[5:7])))]
    fields.append(("howpublished", "Data set"))
    if facts.site_url or facts.repository_url:
        fields.append(("url", _tex(facts.site_url or facts.repository_url)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}"


def render_how_to_cite(facts: CitationFacts) -> str:
    """The "How to cite this dataset" Markdown: the version, APA-like text and BibTeX, as raw HTML
    with every fact escaped (so no config text is read as Markdown)."""
    version = (
        f"<p>Version {html.escape(facts.version)}, released {html.escape(facts.date)}.</p>"
        if facts.version
        else "<p>No release yet: cite the version you used by its date.</p>"
    )
    return "\n".join(
        [
            "## How to cite this dataset",
            "",
            version,
            "",
            f"<blockquote><p>{html.escape(apa_text(facts))}</p></blockquote>",
            "",
            f'<pre><code class="language-bibtex">{html.escape(bibtex(facts))}</code></pre>',
            "",
        ]
    )


def render_cite_page(facts: CitationFacts | None, missing: str = "") -> str:
    """The "How to cite this dataset" page (``cite.md``): the section above, or, without citation
    facts, what is missing (``missing``, a ``CitationError``'s message) and where it is set."""
    lines = ["---", 'title: "How to cite this dataset"', "---", ""]
    if facts is not None:
        body = render_how_to_cite(facts).replace("## How to cite this dataset", "# How to cite this dataset", 1)
        lines += [body, '<p>Every release and what it changed: <a href="../changes/">Releases</a>.</p>', ""]
    else:
        lines += [
            "# How to cite this dataset",
            "",
            "<p>The dataset's citation facts are not set yet, so there is no citation to give: "
            f"{html.escape(missing)}. The maintainers set them under <code>extra.citation</code> in "
            "<code>mkdocs.yml</code>.</p>",
            "",
        ]
    return "\n".join(lines)


def citation_files(facts: CitationFacts) -> dict[str, bytes]:
    """File name (at the repository root) -> bytes, for both citation files."""
    return {CITATION_FILE: render_citation_cff(facts), ZENODO_FILE: render_zenodo_json(facts)}


def write_citation_files(root: Path, facts: CitationFacts) -> None:
    """Write ``CITATION.cff`` and ``.zenodo.json`` into ``root`` (the release command does)."""
    from generator.output import write_file

    for name, content in citation_files(facts).items():
        write_file(root / name, content)


def stale_citation_files(root: Path, facts: CitationFacts) -> list[str]:
    """The citation files in ``root`` that are missing or differ from what ``facts`` give (a
    check for the build or a test: they are committed, and must not drift from their source)."""
    return [
        name
        for name, content in citation_files(facts).items()
        if not (root / name).is_file() or (root / name).read_bytes() != content
    ]
