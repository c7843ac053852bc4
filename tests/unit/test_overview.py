"""Every figure on the edition, venue, home and statistics pages, against hand computations on the
nine statistics fixtures (tests/fixtures/stats/; the table of their results is in
test_statistics.py) and on the five shipped records; the data dictionary and the run pages.

By hand, NeurIPS 2022 (delta, echo, foxtrot, golf; all four empirical):
- documentation scores 3, 1, 7, 4: mean 15/4 = 3.75, median (3 + 4)/2 = 3.5
- subgroups per paper (datasets of 2, code of 1, other of 4): delta 0,1,2  echo 0,0,1
  foxtrot 2,1,4  golf 0,1,3 -> means 2/4 = 0.50, 3/4 = 0.75, 10/4 = 2.50
- industry: delta (Collaboration), 1 of 4 = 25%
- reproducibility: foxtrot alone shares code and data: 0.86 / 4 = 0.215 -> "0.21"
- four empirical papers, fewer than ten: no interval, and the page says so
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from generator import __version__, charts, model, overview, package, paths, statistics, synthetic
from generator.checking import check, papers_from

ROOT = Path(__file__).resolve().parent.parent.parent
PAPERS = papers_from(check([ROOT / "records"]).loaded)
STATS = papers_from(check([ROOT / "tests" / "fixtures" / "stats"]).loaded)


def edition(venue: str, year: int) -> list:
    return [paper for paper in STATS if (paper.venue, paper.year) == (venue, year)]


def details_rows(page: str) -> list[list[list[str]]]:
    """The rows of each ``<details>`` table of a page, as lists of cell texts."""
    tables = re.findall(r"<details>.*?</details>", page, flags=re.S)
    return [
        [re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", table)][1:] for table in tables
    ]


def test_edition_page_figures_by_hand():
    papers = edition("NeurIPS", 2022)
    page = overview.render_edition_page("NeurIPS", 2022, papers, statistics.edition_measures(papers))
    expected_measures = [
        ("Papers", "4"),
        ("Empirical papers", "4 (100%)"),
        ("Empirical papers with an industry author", "25%"),
        ("Documentation score (mean, of 7)", "3.75"),
        ("Documentation score (median)", "3.5"),
        ("Dataset documentation (mean)", "0.50 of 2"),
        ("Code documentation (mean)", "0.75 of 1"),
        ("Other documentation (mean)", "2.50 of 4"),
        ("Reproducibility estimate", "0.21"),
    ]
    for name, value in expected_measures:
        assert f"<tr><td>{name}</td><td>{value}</td></tr>" in page, name
    assert "No interval: 4 empirical papers, fewer than 10." in page
    assert not re.search(r"\d\.\d\d \[", page)  # no interval anywhere
    # the histogram: 1 (echo), 3 (delta), 4 (golf), 7 (foxtrot)
    (histogram,) = details_rows(page)
    assert histogram == [[f"{score}/7", str(int(score in (1, 3, 4, 7)))] for score in range(8)]
    # the matrix: a row per paper, a symbol per result, the total
    rows = re.findall(r'<tr><td><a href="../../papers/([a-z0-9-]+)/">[^<]*</a>((?:<td>[^<\n]*)+)', page)
    assert [(paper_id, cells.split("<td>")[1:]) for paper_id, cells in rows] == [
        ("delta-2022", ["✗", "✓", "✗", "✗", "✗", "✓", "✓", "3"]),
        ("echo-2022", ["✗", "✗", "✗", "✗", "✗", "✗", "✓", "1"]),
        ("foxtrot-2022", ["✓", "✓", "✓", "✓", "✓", "✓", "✓", "7"]),
        ("golf-2022", ["✓", "✓", "–", "–", "✓", "✗", "✓", "4"]),
    ]
    header = [variable.label for variable in model.yes_no_variables()]
    assert "<thead><tr><th>Title" + "".join(f"<th>{label}" for label in header) + "<th>Total</tr></thead>" in page
    assert "hide:\n  - toc\n---" in page  # the data page gets the whole width
    assert '<script src="../../assets/matrix.js" defer></script>' in page


def test_interval_shows_from_ten_empirical_papers():
    papers = [paper for paper in STATS if paper.id == "alpha-2020"] * 10
    page = overview.render_edition_page("NeurIPS", 2020, papers, statistics.edition_measures(papers))
    estimate = statistics.reproducibility_estimate(papers)
    assert f"<td>Reproducibility estimate</td><td>0.86 [{estimate.low:.2f}, {estimate.high:.2f}]</td>" in page
    assert f"[{estimate.low:.2f}, {estimate.high:.2f}]" == "[0.49, 0.97]"  # Wilson's 6 of 7, by hand
    assert "No interval" not in page


def test_home_page_figures_by_hand():
    home = overview.render_home_page(STATS)
    assert "<strong>9 papers</strong> from 2 venues (ICML, NeurIPS; 2020–2023)" in home
    # 7 empirical: mean (5+3+3+1+7+4+4)/7 = 3.857; estimate (3 × 0.86 + 0.33)/7 = 0.4157
    assert "Over the 7 empirical papers: mean documentation score **3.86** of 7" in home
    assert "reproducibility estimate **0.42** (No interval: 7 empirical papers, fewer than 10." in home
    sharing, histogram = details_rows(home)
    # 2020: alpha both, bravo data only; 2021: hotel both; 2022: foxtrot both, delta/echo/golf neither
    assert sharing == [
        ["2020", "2", "50%", "50%", "0%"],
        ["2021", "1", "100%", "0%", "0%"],
        ["2022", "4", "25%", "0%", "75%"],
    ]
    assert histogram == [[f"{score}/7", str(count)] for score, count in enumerate((0, 1, 0, 2, 2, 1, 0, 1))]
    # the charts' numbers are only one click away: no table outside a <details>
    assert "<table>" not in re.sub(r"<details>.*?</details>", "", home, flags=re.S)


def test_shipped_home_page_by_hand():
    home = overview.render_home_page(PAPERS)
    assert "<strong>5 papers</strong>" in home and "4 venues" in home
    assert "mean documentation score **3.60** of 7" in home and "reproducibility estimate **0.54**" in home


def test_venue_page_and_its_reproducibility_line_break_at_years_without_papers():
    neurips = [paper for paper in STATS if paper.venue == "NeurIPS"]
    measures = {
        year: statistics.edition_measures(group)
        for year, group in statistics.group_by(neurips, statistics.year_of).items()
    }
    page = overview.render_venue_page("NeurIPS", neurips, measures)
    # 2020: alpha 5/7 and bravo 3/7 empirical, charlie theoretical: 2 of 3 empirical, mean 4, bravo Industry
    assert (
        '<tr><td><a href="../../venues/neurips-2020/">2020</a></td><td>3</td><td>67%</td><td>50%</td>'
        "<td>4.00</td><td>4.0</td><td>1.50 of 2</td><td>0.50 of 1</td><td>2.00 of 4</td><td>0.59</td></tr>" in page
    )
    assert "<td>2023</a></td><td>1</td><td>0%</td><td>–</td><td>–</td><td>–</td>" in page.replace(
        '<a href="../../venues/neurips-2023/">', ""
    )
    assert "No empirical papers (the line breaks there) in NeurIPS: 2021." in page
    (numbers,) = details_rows(page)
    # (0.86 + 0.33) / 2 = 0.595, which is 0.59499... in binary floating point: shown 0.59
    assert numbers == [["NeurIPS", "2020", "2", "0.59"], ["NeurIPS", "2022", "4", "0.21"]]
    assert 'class="series-run"' not in page  # two runs of one year each: two points, no line between them


def test_year_lines_never_join_two_runs():
    point = statistics.YearPoint
    series = statistics.YearSeries(
        "A", (point(2019, 0.2, None, None, 3), point(2020, 0.4, 0.1, 0.6, 12), point(2023, 0.5, None, None, 2))
    )
    svg = charts.year_lines("t", [series], chart_id="c", maximum=1.0, y_label="y", value_text=str)
    segments = re.findall(r'<line class="series-run" x1="([^"]*)" y1="[^"]*" x2="([^"]*)"', svg)
    assert len(segments) == 1  # 2019-2020 only; 2023 is a lone point
    assert 'class="interval"' in svg and svg.count('class="interval"') == 1  # 2020's interval
    assert svg.count("<circle") == 3
    assert 'width="600" height=' in svg and 'font-size="13px"' in svg  # drawn at its own size: text stays 13 px


def test_statistics_page_yes_share_per_venue_by_hand():
    page = overview.render_statistics_page(STATS)
    # ICML (hotel): Pc N, Co Y, Da Y, Sp N, Hw Y, Sw Y, Ex N
    assert (
        '<tr><th>ICML</th><td>1</td><td style="--share: 0.00">0%</td><td style="--share: 1.00">100%</td>'
        '<td style="--share: 1.00">100%</td><td style="--share: 0.00">0%</td>' in page
    )
    assert '<tr><th>NeurIPS</th><td>6</td><td style="--share: 0.50">50%</td><td style="--share: 0.67">67%</td>' in page
    reproducibility, sharing, affiliation, histogram = details_rows(page)
    assert affiliation == [
        ["Academia", "4", "4.25", "75%"],
        ["Industry", "2", "3.50", "50%"],
        ["Collaboration", "1", "3.00", "100%"],
    ]
    assert reproducibility[0] == ["ICML", "2021", "1", "0.86"]
    home_sharing, home_histogram = details_rows(overview.render_home_page(STATS))
    assert (sharing, histogram) == (home_sharing, home_histogram)


def test_downloads_page_lists_filled_files_and_a_data_dictionary_from_the_descriptor():
    descriptor = package.datapackage_descriptor(__version__)
    files = [
        ("papers.csv", 7, 2),
        ("assessments.csv.gz", 9, 3),
        ("records/icml-2023.json.gz", 1_000, None),
        ("records/neurips-2022.json.gz", 2_500, None),
        ("accuracy.csv", 120, 9),
        ("runs.json", 3, None),
    ]
    page = overview.render_downloads_page(files, descriptor, papers_reviewed=0, runs=0)
    assert '<td><a href="../data/papers.csv">papers.csv</a></td>' in page and "<td>7 bytes</td><td>2</td>" in page
    assert 'href="../data/accuracy.csv"' not in page and 'href="../data/runs.json"' not in page
    assert "`accuracy.csv` is in the package but empty: it fills in with a person's review" in page
    assert "`runs.json` is in the package but empty" in page
    for resource in descriptor["resources"]:
        for field in resource.get("schema", {}).get("fields", []):
            assert f"<td><code>{field['name']}</code></td><td>{field['type']}</td>" in page, field["name"]
    assert "<td>Yes, No, N/A</td>" in page
    assert 'pd.read_csv(name, keep_default_na=False, na_values=[""])' in page
    assert 'papers = read("papers.csv")' in page and 'assessments = read("assessments.csv.gz")' in page
    # the evidence is in the records, once: the page says so and shows how to join it to the assessments
    assert "The evidence of each result is in the records (each variable's `evidence`)" in page
    assert "the evidence is in the records)" in page  # assessments.csv.gz's row
    assert '    (record["id"], variable): assessment.get("evidence", "")' in page
    assert 'evidence=[evidence[key] for key in zip(assessments["paper_id"], assessments["variable"])]' in page
    # the records of every edition: one row, their total size
    records_row = (
        "<tr><td><code>records/&lt;venue&gt;-&lt;year&gt;.json.gz</code></td><td>the full records of one venue-year"
    )
    assert page.count(records_row) == 1 and "2 files, one per venue-year" in page
    assert "<td>3,500 bytes in all</td><td>–</td>" in page and "records.json.gz" not in page
    assert 'for path in sorted(Path("records").glob("*.json.gz")):' in page
    assert '<a href="../api/browse/index.json">' in page
    assert "<code>api/browse/&lt;venue&gt;-&lt;year&gt;.json</code>" in page
    assert "<code>data/records/&lt;venue&gt;-&lt;year&gt;.json.gz</code>" in page
    assert "api/editions" not in page and "api/papers.json" not in page
    filled = overview.render_downloads_page(files, descriptor, papers_reviewed=3, runs=1)
    assert 'href="../data/accuracy.csv"' in filled and 'accuracy = read("accuracy.csv")' in filled


def test_run_pages():
    run = {
        "id": "index-2025",
        "method": "llm",
        "model": "gemini-2.5-flash",
        "temperature": 0.0,
        "top_p": None,
        "run_date": "2025-06-01",
        "prompt": "Read the paper.\n\nAnswer <every> question.",
        "questions": "Q1. Is there pseudocode?",
    }
    page = overview.render_run_page(run)
    assert paths.run_path("index-2025") == "runs/index-2025.md"
    for cells in (
        ("Model", "gemini-2.5-flash"),
        ("Temperature", "0.0"),
        ("Top p", "the provider's default"),
        ("Date", "2025-06-01"),
    ):
        assert "<tr><td>{}</td><td>{}</td></tr>".format(*cells) in page
    assert "<pre><code>Read the paper.\n\nAnswer &lt;every&gt; question.</code></pre>" in page
    assert "Q1. Is there pseudocode?" in page
    index = overview.render_runs_index({"index-2025": run})
    assert '<a href="../runs/index-2025/">index-2025</a>' in index
    assert "No run is recorded yet" in overview.render_runs_index({})


def test_accuracy_page_without_reviews_says_what_would_fill_it():
    page = overview.render_accuracy_page(STATS)
    assert "No record has a person's review yet" in page and "`reviewed:` block" in page


def test_methods_page_defines_every_measure_the_pages_show():
    methods = (ROOT / "docs" / "methods.md").read_text(encoding="utf-8")
    for term in ("Mean documentation score", "Median documentation score", "% empirical", "% industry"):
        assert f"**{term}**" in methods, term
    for label, _ in statistics.DOCUMENTATION_SUBGROUPS:
        assert f"| {label} |" in methods
    assert "**reproducibility estimate**" in methods


def test_edition_page_of_five_thousand_papers_stays_under_one_megabyte():
    # The benchmark's realistic records (titles of 10 to 113 characters, mean 62), as one edition.
    papers = [
        model.paper_from_record({**yaml.load(text, Loader=yaml.CSafeLoader), "venue": "NeurIPS", "year": 2024})
        for _, text in synthetic.synthetic_records(5000, 1)
    ]
    page = overview.render_edition_page("NeurIPS", 2024, papers, statistics.edition_measures(papers))
    assert page.count("<tr><td><a") == 5000
    # Material's page around the Markdown adds about 18 KB (21,871 bytes of HTML for a 4,529-byte
    # edition page of the test site); 40 KB is left for it.
    assert len(page.encode("utf-8")) < 1_000_000 - 40_000


def test_the_minified_edition_page_keeps_the_structure_after_the_matrix():
    """The minifier (hooks/minify.py) drops every end tag after a table whose rows lack theirs."""
    from hooks.minify import minified

    matrix = overview.edition_matrix("venues/neurips-2020.md", edition("NeurIPS", 2020))
    page = minified(
        f"<html><head><title>t</title></head><body><div id=main>{matrix}</div><footer>F</footer></body></html>"
    )
    assert page.endswith("</table></div></div><footer>F</footer></body></html>"), page[-200:]
