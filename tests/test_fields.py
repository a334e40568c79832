"""The field table: aliases, coercion, empties, updates, covers, problems."""

from __future__ import annotations

import copy
import datetime
import logging
import pickle
from pathlib import Path

import pytest
from helpers import png
from pelican.plugins.reflections.reading import fields
from pelican.plugins.reflections.reading.fields import Cover, Update
from pelican.plugins.reflections.reading.frontmatter import split
from pelican.plugins.reflections.reading.values import Reading
from pelican.plugins.reflections.settings import load_settings
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Category, Tag


def settings_for(tmp_path: Path | None = None, **overrides):
    settings = copy.deepcopy(DEFAULT_CONFIG)
    settings["TIMEZONE"] = "UTC"
    if tmp_path is not None:
        settings["PATH"] = str(tmp_path)
    settings.update(overrides)
    return settings


def render(text: str) -> str:
    return f"<p>{text}</p>"


def reading(settings=None, source_path=None, render=render):
    settings = settings or settings_for()
    keys = load_settings(settings).keys
    return Reading(settings, keys, source_path, render)


def mapped(header: str, settings=None, source_path=None):
    entries, _, _ = split(f"---\n{header}---\n")
    return fields.read_header(entries, reading(settings, source_path))


def only(problems, level=None):
    assert len(problems) == 1, problems
    if level is not None:
        assert problems[0].level == level
    return problems[0]


def test_reference_post_gives_exactly_the_contract(reference_post):
    entries, _, _ = split(reference_post)
    metadata, problems = fields.read_header(entries, reading())
    assert problems == []
    assert set(metadata) == {
        "title",
        "date",
        "category",
        "categories",
        "tags",
        "summary",
    }
    assert metadata["title"] == "Job vs Career"
    assert metadata["date"] == datetime.datetime(2024, 3, 11)
    assert [c.name for c in metadata["categories"]] == ["Reflection", "Work"]
    assert metadata["category"] == metadata["categories"][0]
    assert isinstance(metadata["category"], Category)
    assert [(type(t), t.name) for t in metadata["tags"]] == [(Tag, "Jobs")]
    assert metadata["summary"].startswith("<p>I came to the realisation fairly late")


@pytest.mark.parametrize(
    ("typed", "kept"), [("No", "No"), ("2024", "2024"), ("On", "On"), ("1.0", "1.0")]
)
def test_text_fields_keep_what_the_author_typed(typed, kept):
    metadata, _ = mapped(f"title: {typed}\nlocation: {typed}\nsummary: {typed}\n")
    assert metadata["title"] == kept
    assert metadata["location"] == kept
    assert metadata["summary"] == f"<p>{kept}</p>"


@pytest.mark.parametrize("empty", ["", "''", "[]", "~", "null", "{}", "   "])
def test_empty_values_mean_not_set(empty):
    keys = ["location", "summary", "tags", "categories", "coverImage", "updatedDate"]
    header = "title: T\n" + "".join(f"{key}: {empty}\n" for key in keys)
    header += f"custom: {empty}\n"
    metadata, problems = mapped(header)
    assert problems == []
    assert set(metadata) == {"title"}


def test_keys_match_case_insensitively_and_ignore_separators():
    metadata, problems = mapped(
        "TITLE: T\nUpdated_Date: 2024-05-01\ncover-image: https://e.org/c.jpg\n"
    )
    assert problems == []
    assert metadata["title"] == "T"
    assert metadata["modified"].date() == datetime.date(2024, 5, 1)
    assert metadata["cover"].url == "https://e.org/c.jpg"


@pytest.mark.parametrize(
    ("key", "field"),
    [
        ("updated", "modified"),
        ("lastmod", "modified"),
        ("last_modified_at", "modified"),
        ("modified", "modified"),
    ],
)
def test_updated_date_synonyms(key, field):
    metadata, _ = mapped(f"{key}: 2024-05-01\n")
    # As written, as Pelican's own ``date``: the build gives it the time zone.
    assert metadata[field] == datetime.datetime(2024, 5, 1)


@pytest.mark.parametrize("key", ["cover", "image", "heroImage"])
def test_cover_synonyms(key):
    metadata, _ = mapped(f"{key}: https://example.org/a.png\n")
    assert metadata["cover"].url == "https://example.org/a.png"


@pytest.mark.parametrize("key", ["description", "excerpt"])
def test_summary_synonyms(key):
    metadata, _ = mapped(f"{key}: A *short* one\n")
    assert metadata["summary"] == "<p>A *short* one</p>"


def test_two_keys_for_one_field_warn_and_the_first_wins():
    metadata, problems = mapped("summary: First\ndescription: Second\n")
    assert metadata["summary"] == "<p>First</p>"
    assert metadata["description"] == "Second"  # the losing alias is kept (#25)
    problem = only(problems, logging.INFO)
    assert (problem.field, problem.line) == ("description", 3)


def test_draft_true_means_draft_status_and_status_wins():
    assert mapped("draft: true\n")[0]["status"] == "draft"
    assert "status" not in mapped("draft: false\n")[0]
    assert mapped("draft: yes\nstatus: hidden\n")[0]["status"] == "hidden"
    problem = only(mapped("draft: maybe\n")[1], logging.ERROR)
    assert problem.field == "draft"


def test_user_aliases_from_the_setting():
    settings = settings_for(REFLECTIONS_ALIASES={"pubDate": "date", "hero": "cover"})
    metadata, problems = mapped(
        "pubDate: 2024-01-02\nhero: https://e.org/h.png\n", settings
    )
    assert problems == []
    assert metadata["date"] == datetime.datetime(2024, 1, 2)
    assert metadata["cover"].url == "https://e.org/h.png"


def test_a_user_alias_to_itself_keeps_the_key_as_plain_metadata():
    settings = settings_for(REFLECTIONS_ALIASES={"description": "description"})
    metadata, _ = mapped("summary: S\ndescription: D\n", settings)
    assert metadata["summary"] == "<p>S</p>"
    assert metadata["description"] == "D"


def test_a_user_alias_to_an_unknown_field_is_reported_by_setting_name():
    _, errors = fields.alias_table({"posted": "publication"})
    assert len(errors) == 1
    assert "REFLECTIONS_ALIASES" in errors[0]
    assert "'publication'" in errors[0]


@pytest.mark.parametrize(
    "value",
    [
        "[Jobs, Work life]",
        "Jobs, Work life",
        "\n  - Jobs\n  - Work life",
        "Jobs; Work life",
    ],
)
def test_tags_as_a_list_or_comma_text(value):
    metadata, _ = mapped(f"tags: {value}\n")
    assert [t.name for t in metadata["tags"]] == ["Jobs", "Work life"]


def test_list_items_keep_typed_text_and_drop_empties_and_repeats():
    metadata, _ = mapped("tags: [2024, No, '', 2024]\n")
    assert [t.name for t in metadata["tags"]] == ["2024", "No"]


def test_empty_list_items_are_dropped_not_refused():
    metadata, problems = mapped("tags: [a, null, '']\ncategories:\n  -\n  - Work\n")
    assert problems == []
    assert [t.name for t in metadata["tags"]] == ["a"]
    assert [c.name for c in metadata["categories"]] == ["Work"]


def test_categories_keep_order_and_category_alone_works():
    metadata, _ = mapped("categories: Work, Reflection\n")
    assert [c.name for c in metadata["categories"]] == ["Work", "Reflection"]
    assert metadata["category"].name == "Work"
    metadata, _ = mapped("category: Life, the universe\n")
    assert [c.name for c in metadata["categories"]] == ["Life, the universe"]
    metadata, _ = mapped("category: Life\ncategories: [Work, Life]\n")
    assert [c.name for c in metadata["categories"]] == ["Life", "Work"]


def test_authors_follow_pelican():
    metadata, _ = mapped("author: Ann\nauthors: Ann; Bo\n")
    assert metadata["author"].name == "Ann"
    assert [a.name for a in metadata["authors"]] == ["Ann", "Bo"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-11", datetime.datetime(2024, 3, 11)),
        ("2024-03-11 09:30", datetime.datetime(2024, 3, 11, 9, 30)),
        ("2024-03-11T09:30:00", datetime.datetime(2024, 3, 11, 9, 30)),
        (
            "2024-03-11T09:30:00+02:00",
            datetime.datetime(
                2024,
                3,
                11,
                9,
                30,
                tzinfo=datetime.timezone(datetime.timedelta(hours=2)),
            ),
        ),
        ("'2024-03-11'", datetime.datetime(2024, 3, 11)),
        ("March 11, 2024", datetime.datetime(2024, 3, 11)),
        ("11 March 2024 9:30", datetime.datetime(2024, 3, 11, 9, 30)),
    ],
)
def test_dates_accept_yaml_dates_datetimes_and_pelican_date_strings(value, expected):
    metadata, problems = mapped(f"date: {value}\n")
    assert problems == []
    assert metadata["date"] == expected
    assert (metadata["date"].tzinfo is None) == (expected.tzinfo is None)


@pytest.mark.parametrize("value", ["2024-02-30", "2023-13-01", "someday", "[2024]"])
def test_an_impossible_date_is_an_error_naming_the_field(value):
    metadata, problems = mapped(f"title: T\ndate: {value}\n")
    problem = only(problems, logging.ERROR)
    assert (problem.field, problem.line) == ("date", 3)
    assert "date" not in metadata


def test_impossible_day_says_why():
    problem = only(mapped("date: 2024-02-30\n")[1])
    assert "day is out of range for month" in problem.message


def test_updated_date_and_note_become_one_update():
    metadata, problems = mapped(
        "date: 2024-03-11\nupdatedDate: 2024-04-01\nupdateDescription: Fixed *typo*\n"
    )
    assert problems == []
    when = datetime.datetime(2024, 4, 1)
    assert metadata["updates"] == [Update(when, "<p>Fixed *typo*</p>")]
    assert metadata["modified"] == when


def test_an_update_with_only_a_date_has_an_empty_note():
    metadata, _ = mapped("updatedDate: 2024-04-01\n")
    assert metadata["updates"][0].note == ""


def test_naive_update_dates_are_in_the_site_timezone(build_site):
    """Kept as written in the reader's metadata (so Pelican's content cache does not
    keep the time zone of the build that read it); each build localises them."""
    metadata, _ = mapped("updated: 2024-04-01 10:00\n", settings_for())
    assert metadata["modified"].tzinfo is None
    site = build_site(
        {
            "a.md": "---\ntitle: A\ndate: 2024-03-01\n"
            "updated: 2024-04-01 10:00\n---\nB\n"
        },
        TIMEZONE="Europe/Paris",
    )
    assert 'datetime="2024-04-01T10:00:00+02:00"' in site.text("a.html")


def test_a_post_timezone_applies_to_updates_and_a_wrong_one_is_an_error(build_site):
    metadata, problems = mapped("timezone: Asia/Tokyo\nupdated: 2024-04-01 10:00\n")
    assert problems == []
    assert metadata["timezone"] == "Asia/Tokyo"
    site = build_site(
        {
            "a.md": "---\ntitle: A\ndate: 2024-03-01\ntimezone: Asia/Tokyo\n"
            "updated: 2024-04-01 10:00\n---\nB\n"
        }
    )
    assert 'datetime="2024-04-01T10:00:00+09:00"' in site.text("a.html")
    metadata, problems = mapped("timezone: Mars/Olympus\nupdated: 2024-04-01\n")
    problem = only(problems, logging.ERROR)
    assert (problem.field, problem.line) == ("timezone", 2)


def test_an_updates_list_is_sorted_newest_first_and_merged():
    metadata, problems = mapped(
        "date: 2024-01-01\n"
        "updatedDate: 2024-02-01\n"
        "updates:\n"
        "  - {date: 2024-03-01, description: Third}\n"
        "  - date: 2024-01-15\n"
        "    note: First\n"
        "  - 2024-02-10\n"
    )
    assert problems == []
    assert [(u.date.date().isoformat(), u.note) for u in metadata["updates"]] == [
        ("2024-03-01", "<p>Third</p>"),
        ("2024-02-10", ""),
        ("2024-02-01", ""),
        ("2024-01-15", "<p>First</p>"),
    ]
    assert metadata["modified"] == metadata["updates"][0].date


def test_an_update_earlier_than_the_date_is_a_warning_and_left_out():
    metadata, problems = mapped("date: 2024-03-11\nupdatedDate: 2024-03-01\n")
    problem = only(problems, logging.WARNING)
    assert (problem.field, problem.line) == ("updatedDate", 3)
    assert "earlier" in problem.message
    assert "modified" not in metadata
    assert "updates" not in metadata


def test_an_earlier_item_in_updates_is_left_out_and_the_rest_kept():
    metadata, problems = mapped(
        "date: 2024-03-11\nupdates:\n  - 2024-03-01\n  - 2024-04-01\n"
    )
    assert only(problems, logging.WARNING).field == "updates"
    assert [u.date.date() for u in metadata["updates"]] == [datetime.date(2024, 4, 1)]
    assert metadata["modified"].date() == datetime.date(2024, 4, 1)


def test_an_update_note_without_a_date_is_a_warning():
    metadata, problems = mapped("date: 2024-03-11\nupdateDescription: Fixed\n")
    problem = only(problems, logging.WARNING)
    assert (problem.field, problem.line) == ("updateDescription", 3)
    assert "updates" not in metadata
    assert "modified" not in metadata


def test_an_updates_item_with_a_note_but_no_date_is_a_warning_not_a_loss():
    metadata, problems = mapped(
        "date: 2024-03-11\nupdates:\n"
        "  - date: 2024-04-01\n    description: Kept\n"
        "  - date:\n    description: Forgot the date\n"
        "  - date:\n"
    )
    problem = only(problems, logging.WARNING)
    assert (problem.field, problem.line) == ("updates", 3)
    assert "no date" in problem.message
    assert [(u.date.date(), u.note) for u in metadata["updates"]] == [
        (datetime.date(2024, 4, 1), "<p>Kept</p>")
    ]


@pytest.mark.parametrize(
    "item",
    ['  - date: ""\n    description: Fixed\n', "  - description: Fixed\n"],
    ids=["blank-date", "no-date-key"],
)
def test_a_noted_update_without_a_date_is_the_same_warning_however_written(item):
    metadata, problems = mapped(f"date: 2024-03-11\nupdates:\n{item}")
    problem = only(problems, logging.WARNING)
    assert problem.field == "updates" and "no date" in problem.message
    assert "updates" not in metadata


def test_an_updates_item_with_neither_date_nor_note_is_refused():
    _, problems = mapped("date: 2024-03-11\nupdates:\n  - when: 2024-04-01\n")
    problem = only(problems, logging.ERROR)
    assert "every item needs a date" in problem.message


def test_a_relative_cover_resolves_like_static_with_its_size(tmp_path):
    (tmp_path / "posts" / "img").mkdir(parents=True)
    (tmp_path / "posts" / "img" / "c.png").write_bytes(png(40, 30))
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "root.png").write_bytes(png(8, 6))
    post = str(tmp_path / "posts" / "a.md")
    settings = settings_for(tmp_path)
    metadata, problems = mapped(
        "coverImage: img/c.png\ncoverImageAlt: A cat\n", settings, post
    )
    assert problems == []
    assert metadata["cover"] == Cover(
        url="posts/img/c.png",
        alt="A cat",
        width=40,
        height=30,
        source="posts/img/c.png",
    )
    metadata, _ = mapped("cover: '{static}/images/root.png'\n", settings, post)
    assert metadata["cover"].source == "images/root.png"
    assert (metadata["cover"].width, metadata["cover"].height) == (8, 6)


def test_a_cover_mapping_gives_src_alt_and_caption(tmp_path):
    (tmp_path / "c.png").write_bytes(png(1, 1))
    metadata, problems = mapped(
        "coverImage:\n  src: c.png\n  alt: No\n  caption: At dusk\n",
        settings_for(tmp_path),
        str(tmp_path / "a.md"),
    )
    assert problems == []
    cover = metadata["cover"]
    assert (cover.url, cover.alt, cover.caption, cover.external) == (
        "c.png",
        "No",
        "At dusk",
        False,
    )


def test_empty_keys_in_a_cover_mapping_mean_not_set(tmp_path):
    metadata, problems = mapped(
        "coverImage:\n  src:\n  alt: Orphan\n", settings_for(tmp_path)
    )
    assert [p for p in problems if p.level >= logging.ERROR] == []
    assert "cover" not in metadata
    metadata, problems = mapped(
        "coverImage:\n  src: https://e.example/a.jpg\n  alt:\n  caption: ~\n"
    )
    assert problems == []
    assert (metadata["cover"].alt, metadata["cover"].caption) == ("", "")


def test_an_external_cover_is_kept():
    metadata, _ = mapped("coverImage: https://cdn.example.org/x.jpg?w=800\n")
    assert metadata["cover"] == Cover(
        url="https://cdn.example.org/x.jpg?w=800", external=True
    )


def test_a_missing_local_cover_is_a_warning_and_no_cover(tmp_path):
    metadata, problems = mapped(
        "title: T\ncoverImage: gone.jpg\n",
        settings_for(tmp_path),
        str(tmp_path / "a.md"),
    )
    problem = only(problems, logging.WARNING)
    assert (problem.field, problem.line) == ("coverImage", 3)
    assert "gone.jpg" in problem.message
    assert "cover" not in metadata


@pytest.mark.parametrize(
    "src",
    [
        "javascript:alert(1)",
        "data:image/png;base64,AAAA",
        "file:///etc/passwd",
        "//x.org/a.png",
    ],
)
def test_other_url_schemes_are_refused_with_a_warning(src, tmp_path):
    metadata, problems = mapped(f"coverImage: '{src}'\n", settings_for(tmp_path))
    assert only(problems, logging.WARNING).field == "coverImage"
    assert "cover" not in metadata


def test_a_cover_outside_the_content_folder_is_refused(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "secret.png").write_bytes(png(1, 1))
    metadata, problems = mapped(
        "cover: ../secret.png\n",
        settings_for(tmp_path / "content"),
        str(tmp_path / "content" / "a.md"),
    )
    # An error (#26): nothing outside the content folder reaches the output.
    assert "outside" in only(problems, logging.ERROR).message
    assert "cover" not in metadata


def test_unknown_keys_are_kept_lower_cased_and_typed():
    metadata, _ = mapped("Featured: true\nWeight: 3\nSeries: Rest\nlinks: [a, b]\n")
    # As Pelican's reader gives them: text as typed, a list as comma text (#25).
    assert metadata["featured"] == "true"
    assert metadata["weight"] == "3"
    assert metadata["series"] == "Rest"
    assert metadata["links"] == "a, b"


@pytest.mark.parametrize("key", ["content", "settings", "get_content", "_content"])
def test_unknown_keys_that_would_overwrite_pelicans_own_names_are_refused(key):
    metadata, problems = mapped(f"title: T\n{key}: oops\n")
    problem = only(problems, logging.WARNING)
    assert (problem.field, problem.line) == (key, 3)
    assert set(metadata) == {"title"}


def test_unknown_keys_in_formatted_fields_are_rendered():
    settings = settings_for(FORMATTED_FIELDS=["summary", "lede"])
    metadata, _ = mapped("lede: Hello\n", settings)
    assert metadata["lede"] == "<p>Hello</p>"


def test_pelican_text_fields_stay_text():
    metadata, _ = mapped("translation: true\nslug: 2024\nlang: no\n")
    assert (metadata["translation"], metadata["slug"], metadata["lang"]) == (
        "true",
        "2024",
        "no",
    )


def test_a_list_where_text_is_expected_is_an_error():
    problem = only(mapped("title: [a, b]\n")[1], logging.ERROR)
    assert (problem.field, problem.line) == ("title", 2)


def test_problems_describe_themselves_on_one_line():
    problem = only(mapped("date: 2024-02-30\n")[1])
    line = problem.at("posts/x.md").describe()
    assert line.startswith("posts/x.md:2: date: '2024-02-30' is not a date")
    assert "\n" not in line


def test_everything_in_metadata_pickles(tmp_path):
    (tmp_path / "c.png").write_bytes(png(2, 2))
    metadata, problems = mapped(
        "title: T\ndate: 2024-01-01 10:00:00+01:00\ncategories: [A, B]\ntags: x\n"
        "updates: [{date: 2024-02-01, note: N}]\ncover: c.png\nextra: {a: [1, 2]}\n",
        settings_for(tmp_path),
        str(tmp_path / "a.md"),
    )
    assert problems == []
    restored = pickle.loads(pickle.dumps(metadata))
    assert restored["updates"] == metadata["updates"]
    assert restored["cover"] == metadata["cover"]
    assert restored["date"] == metadata["date"]
    assert [c.name for c in restored["categories"]] == ["A", "B"]
