"""What Markdown writes reaches the page intact, wide tables in a scroll region."""

from __future__ import annotations

from browser.showcase import FILES, MARKDOWN, SLUG
from pelican.plugins.reflections.theming.tables import scroll_tables
from test_theme import assert_nothing_empty


def test_scroll_tables_wraps_each_table_in_a_labelled_focusable_region():
    html = '<p>x</p><table class="a"><tr><td>1</td></tr></table><TABLE></TABLE>'
    out = str(scroll_tables(html, 'Tab"le'))
    assert out.count('<div class="table-scroll" role="region" tabindex="0"') == 2
    assert 'aria-label="Tab&#34;le 1"' in out and 'aria-label="Tab&#34;le 2"' in out
    assert out.count("</table></div>") == 2
    assert str(scroll_tables("<p>no tables</p>")) == "<p>no tables</p>"


def test_markdown_output_is_kept_and_tables_scroll(build_site):
    site = build_site(FILES, MARKDOWN=MARKDOWN, SITEURL="https://blog.example")
    soup = site.html(SLUG)
    body = soup.find(class_="post-body")
    tables = body.find_all("table")
    assert len(tables) == 2  # the wide table and codehilite's line numbers
    for number, table in enumerate(tables, 1):
        region = table.parent
        assert region["class"] == ["table-scroll"]
        assert region["role"] == "region" and region["tabindex"] == "0"
        assert region["aria-label"] == f"Table {number}"
    assert body.find("table", class_="highlighttable").find(class_="linenos")
    assert len(body.select("sup a.footnote-ref")) == 2
    assert len(body.select(".footnote a.footnote-backref")) == 2
    assert {" ".join(d["class"]) for d in body.select(".admonition")} == {
        "admonition note",
        "admonition warning",
        "admonition danger",
        "admonition tip",
    }
    assert [dt.get_text() for dt in body.find_all("dt")] == ["Job", "Career"]
    assert len(body.select("h2 a.headerlink")) == 6
    assert body.find("figure").find("figcaption")
    assert body.find_all("details")[-1].find("summary").get_text() == "What changed"
    body.decompose()  # Pygments writes empty spans; the theme's chrome must not
    assert_nothing_empty(soup)
