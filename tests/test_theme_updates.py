"""Update notes: a box only for an update that says something."""

from __future__ import annotations

import pytest
from test_theme import assert_nothing_empty


@pytest.mark.parametrize("key", ["updatedDate", "lastmod", "last_modified_at"])
def test_a_date_only_update_draws_no_note_box(build_site, key):
    site = build_site(
        {
            "a.md": f"""\
                ---
                title: Dated only
                date: 2024-01-01
                {key}: 2024-03-02
                ---
                Body.
            """
        }
    )
    soup = site.html("dated-only.html")
    assert soup.find(id="updates") is None
    assert soup.find(class_="update-note") is None
    updated = soup.find(class_="byline").find(class_="updated")
    assert updated.name == "span"  # nothing to link to
    assert updated.find("time")["datetime"].startswith("2024-03-02T")
    assert_nothing_empty(soup)


def test_the_box_shows_the_newest_update_with_a_note(build_site):
    site = build_site(
        {
            "a.md": """\
                ---
                title: Mixed
                date: 2024-01-01
                updates:
                  - date: 2024-05-01
                  - date: 2024-03-01
                    description: Added a paragraph on rest.
                ---
                Body.
            """
        }
    )
    soup = site.html("mixed.html")
    byline = soup.find(class_="byline").find(class_="updated")
    assert byline.name == "a" and byline["href"] == "#updates"
    assert byline.find("time")["datetime"].startswith("2024-05-01T")
    note = soup.find(id="updates")
    assert note.find("h2").find("time")["datetime"].startswith("2024-03-01T")
    assert "paragraph on rest" in note.get_text()
    assert note.find("details") is None
    assert_nothing_empty(soup)
