"""The lean paper page (overrides/paper.html, hooks/paper_pages.py, hooks/minify.py,
docs/palette.js) still has what a reader needs: title, authors, both scores, every result
and evidence, how far people agreed with each classifier result, links, BibTeX, the way back,
dark mode and search; it is the same page the Markdown pass would have made; and in a real
browser, at phone and desktop width, its light/dark switch carries the reader's choice to the
theme's pages and back, and its search form finds a paper on the Browse page. Screenshots go to
tests/artifacts/."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import markdown

from e2e.browser import console_errors, requested_hosts, screenshot
from e2e.test_browser import wait_for
from e2e.test_site import RECORDS, page_text
from generator import model, pages
from generator.settings import read_site_config
from helpers import ROOT
from hooks.minify import minified
from hooks.paper_pages import only_raw_html

PAPER = "euler-2024-bounds"  # links, Yes, N/A, a person's correction, an accented author
SHELL_LIMIT = 1400  # bytes of a paper page outside its <article>, its <title> text aside (190 of them the feed links)


def paper_html(built_site: Path, paper_id: str) -> str:
    return (built_site / "papers" / paper_id / "index.html").read_text(encoding="utf-8")


def test_lean_paper_page_has_everything_a_reader_needs(built_site):
    notes = pages.agreement_notes(papers_of_fixtures())
    assert notes  # a fixture has a person's result: every classifier result of its variable carries its note
    for paper_id, record in RECORDS.items():
        page = paper_html(built_site, paper_id)
        text = page_text(built_site / "papers" / paper_id / "index.html")
        assert " ".join(record["title"].split()) in text
        for name in record["authors"]:
            assert " ".join(name.split()) in text
        assert re.search(r"Documentation \d/\d", text) and re.search(r"Reproducibility \d\.\d\d", text)
        rows = {row.split("</td>", 1)[0]: row for row in page.split("<tr><td>")[1:]}
        notes_shown = 0
        for variable in model.variables():
            assessment = record["variables"][variable.key]
            assert variable.label in text
            if "evidence" in assessment:
                assert " ".join(assessment["evidence"].split()) in text
            by_person = "reviewed" in assessment or model.accepted_correction(assessment) is not None
            note = notes.get(variable.key)
            shown = note is not None and f"<a href=../../accuracy/>{note.short}</a>" in rows[variable.label]
            assert shown == (note is not None and not by_person), (paper_id, variable.key)
            notes_shown += shown
            if by_person:
                assert "by a person" in rows[variable.label] or "corrected at the request" in rows[variable.label]
        if notes_shown:  # what the notes mean, once, linked to the Accuracy page
            assert page.count("<p class=trust>") == 1 and "Cohen's kappa" in text
            assert "Every variable: <a href=../../accuracy/>Accuracy</a></p>" in page
        else:
            assert "<p class=trust>" not in page
        for url in record.get("links", {}).values():
            assert f'href="{html.escape(url)}"' in page or f"href={html.escape(url)}" in page
        entry_type = "@article{" if pages.is_journal(record["venue"]) else "@inproceedings{"
        assert "Cite this paper (BibTeX)" in text and entry_type + paper_id in text
        assert "class=paper-back" in page and "All papers" in text and "Browse" in text  # the way back
        assert "data-palette-toggle" in page and "src=../../palette.js" in page  # dark mode
        assert "action=../../browse/" in page and "name=text" in page  # search: the Browse page's
        head, body = page.split("</head>", 1)
        assert head.count("application/atom+xml") == 2  # the dataset's two feeds, as on every page
        for left_out in ("md-sidebar", "md-footer", "__config", "bundle.", "browse.js", "<svg", "title="):
            assert left_out not in body, left_out  # navigation, footer, theme scripts, inline icons, tooltips


def test_the_page_around_the_paper_stays_small(built_site):
    for paper_id, record in RECORDS.items():
        page = paper_html(built_site, paper_id)
        article = re.search(r"<article\b.*</article>", page, re.S).group()
        title = html.escape(" ".join(record["title"].split()), quote=True)
        assert len((page.replace(article, "").replace(title, "", 1)).encode()) <= SHELL_LIMIT, paper_id


def test_the_switch_script_carries_the_palette_of_mkdocs_yml(built_site):
    script = (built_site / "palette.js").read_text(encoding="utf-8")
    palette = read_site_config(ROOT / "mkdocs.yml")["theme"]["palette"]
    assert "{{" not in script and "{%" not in script
    assert json.dumps(palette, sort_keys=True) in script  # as Jinja's tojson writes it


def test_paper_pages_are_raw_html_so_the_markdown_pass_changes_nothing():
    from generator import pages
    from generator.checking import check, papers_from
    from helpers import FIXTURES

    config = ["admonition", "attr_list", "md_in_html", "tables", "pymdownx.details", "pymdownx.superfences"]
    for paper in papers_from(check([FIXTURES / "records"]).loaded):
        source = pages.render_paper_page(paper).split("\n---\n", 1)[1]
        assert only_raw_html(source)
        converted = markdown.Markdown(extensions=config).convert(source)
        assert minified(converted) == minified(source)


def test_a_markdown_paragraph_is_not_raw_html():
    assert only_raw_html("<h1>a</h1>\n\n<p>b</p>\n")
    assert not only_raw_html("<h1>a</h1>\n\nSome *Markdown* text\n")


def test_minified_pages_keep_their_text_and_preformatted_lines():
    page = '<html><head></head><body>\n  <p class="a">Hello   <b>world</b></p>\n<pre>  a\n  b</pre></body></html>'
    assert (
        minified(page) == "<html><head></head><body><p class=a>Hello <b>world</b></p><pre>  a\n  b</pre></body></html>"
    )


# --- In a real browser, at phone and desktop width ---

# (site_url and driver, at both widths: tests/e2e/conftest.py)


def scheme(driver) -> str:
    return driver.execute_script("return document.body.getAttribute('data-md-color-scheme')")


def folded(text: str) -> str:
    return " ".join(text.split())


def test_the_paper_page_in_a_browser_has_what_a_reader_needs(driver, site_url):
    from selenium.webdriver.common.by import By

    record = RECORDS[PAPER]
    driver.get_log("browser"), driver.get_log("performance")
    driver.get(site_url + f"papers/{PAPER}/")
    assert driver.find_element(By.TAG_NAME, "h1").text == folded(record["title"])
    text = folded(driver.find_element(By.TAG_NAME, "article").text)
    for name in record["authors"]:
        assert folded(name) in text
    paper = next(paper for paper in papers_of_fixtures() if paper.id == PAPER)
    assert f"Documentation {pages.score_text(paper)}" in text
    assert f"Reproducibility {pages.reproducibility_text(paper.reproducibility_score)}" in text
    symbols = {"Yes": "✔", "No": "✘", "N/A": "–"}
    rows = driver.find_elements(By.CSS_SELECTOR, "article tbody tr")
    assert len(rows) == len(model.variables())
    for row, variable in zip(rows, model.variables(), strict=True):
        assessment = record["variables"][variable.key]
        label, result, evidence = row.find_elements(By.TAG_NAME, "td")
        assert label.text == variable.label
        assert folded(assessment.get("evidence", "—")) in folded(evidence.text)
        published = model.published_result(assessment)
        assert result.text.splitlines()[0] == published  # the word alone: the symbol is drawn by CSS
        drawn = driver.execute_script("return getComputedStyle(arguments[0], '::before').content", result)
        assert symbols[published] in drawn if published in symbols else drawn == "none", drawn
    for url in record["links"].values():
        assert driver.find_element(By.CSS_SELECTOR, f'article a[href="{url}"]').is_displayed()
    bibtex = driver.find_element(By.CSS_SELECTOR, "details.quote")
    bibtex.find_element(By.TAG_NAME, "summary").click()
    assert bibtex.find_element(By.TAG_NAME, "pre").text.startswith(f"@inproceedings{{{PAPER},")
    assert console_errors(driver) == [] and requested_hosts(driver) <= {"127.0.0.1"}
    scripts = driver.execute_script("return [...document.scripts].map(script => script.src)")
    assert scripts == [site_url + "palette.js"]  # no theme bundle, no browse.js
    width = driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= driver.execute_script("return window.innerWidth") + 1, "the page scrolls sideways"
    screenshot(driver, f"{driver.width_name}-paper-lean")

    driver.execute_script("window.scrollTo(0, 0)")  # the way back is at the top, under the header
    driver.find_element(By.CSS_SELECTOR, "nav.paper-back").find_element(By.LINK_TEXT, "All papers").click()
    wait_for(driver, lambda current: current.current_url == site_url + "papers/")
    assert driver.find_element(By.LINK_TEXT, folded(record["title"])).is_displayed()
    driver.get(site_url + f"papers/{PAPER}/")
    driver.find_element(By.CSS_SELECTOR, "a.paper-home").click()
    wait_for(driver, lambda current: current.current_url == site_url)


def test_a_classifier_result_shows_its_agreement_on_a_line_of_its_own(driver, site_url):
    from selenium.webdriver.common.by import By

    driver.get(site_url + "papers/zhou-2023-three-regime/")  # its Open Source Code: people labelled it on another paper
    note = driver.find_element(By.CSS_SELECTOR, "article td > a[href$='accuracy/']")
    assert note.is_displayed() and note.get_attribute("href") == site_url + "accuracy/"
    assert note.text.startswith("agreed ") and " κ " in note.text
    cell = note.find_element(By.XPATH, "..")
    assert cell.text.splitlines() == ["Yes", note.text]  # the result word first, the note under it
    legend = driver.find_element(By.CSS_SELECTOR, "article p.trust")
    assert legend.is_displayed() and legend.text.startswith(f"“{note.text}” beside Open Source Code")
    assert legend.find_element(By.LINK_TEXT, "Accuracy").get_attribute("href") == site_url + "accuracy/"


def papers_of_fixtures():
    from generator.checking import check, papers_from
    from helpers import FIXTURES

    return papers_from(check([FIXTURES / "records"]).loaded)


def test_dark_mode_carries_between_paper_pages_and_the_theme_pages(driver, site_url):
    from selenium.webdriver.common.by import By

    names = [option["toggle"]["name"] for option in read_site_config(ROOT / "mkdocs.yml")["theme"]["palette"]]
    paper = site_url + f"papers/{PAPER}/"
    driver.get(paper)
    driver.execute_script("localStorage.clear()")
    driver.refresh()
    toggle = driver.find_element(By.CSS_SELECTOR, "button[data-palette-toggle]")
    assert scheme(driver) == "default" and toggle.is_displayed()
    assert toggle.get_attribute("aria-label") == names[0]
    light = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
    toggle.click()
    assert scheme(driver) == "slate" and toggle.get_attribute("aria-label") == names[1]
    assert driver.execute_script("return getComputedStyle(document.body).backgroundColor") != light
    screenshot(driver, f"{driver.width_name}-paper-dark")

    driver.get(site_url)  # a theme page: its own script reads the same stored choice
    assert scheme(driver) == "slate"
    theme_toggle = "form[data-md-component=palette] label:not([hidden])"
    wait_for(driver, lambda current: current.find_element(By.CSS_SELECTOR, theme_toggle).is_displayed())
    driver.find_element(By.CSS_SELECTOR, theme_toggle).click()
    wait_for(driver, lambda current: scheme(current) == "default")

    driver.get(paper)  # and the theme's switch carries back
    assert scheme(driver) == "default"
    driver.find_element(By.CSS_SELECTOR, "button[data-palette-toggle]").click()
    driver.refresh()  # kept for the next visit
    assert scheme(driver) == "slate"
    assert console_errors(driver) == []
    driver.execute_script("localStorage.clear()")


def test_with_nothing_stored_the_readers_system_setting_decides_as_on_the_theme_pages(driver, site_url):
    driver.get(site_url + f"papers/{PAPER}/")
    driver.execute_script("localStorage.clear()")
    dark = [{"name": "prefers-color-scheme", "value": "dark"}]
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": dark})
    try:
        driver.refresh()
        assert scheme(driver) == "slate"
        driver.get(site_url)
        wait_for(driver, lambda current: scheme(current) == "slate")
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
        driver.execute_script("localStorage.clear()")


def test_the_search_form_finds_a_paper_on_the_browse_page(driver, site_url):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.get(site_url + "papers/zhou-2023-three-regime/")
    search = driver.find_element(By.CSS_SELECTOR, "form.paper-find input[name=text]")
    assert search.is_displayed() and search.get_attribute("aria-label")
    search.send_keys("Chatelet" + Keys.ENTER)  # the second author, Châtelet, typed without the accent
    wait_for(driver, lambda current: current.current_url == site_url + "browse/?text=Chatelet")
    wait_for(driver, lambda current: current.find_elements(By.CSS_SELECTOR, "#browse tbody tr"))
    titles = [cell.text for cell in driver.find_elements(By.CSS_SELECTOR, "#browse tbody td:first-child")]
    assert folded(RECORDS[PAPER]["title"]) in titles
    assert requested_hosts(driver) <= {"127.0.0.1"}
