"""Splitting a file into its YAML header and body: entries, lines, refusals."""

from __future__ import annotations

import datetime
import logging
from pathlib import Path

import pytest
from helpers import alias_bomb, counted_calls
from pelican.plugins.reflections.problems import Problem, Refused
from pelican.plugins.reflections.reading import frontmatter
from pelican.plugins.reflections.reading.frontmatter import split


def error_of(text: str) -> Refused:
    with pytest.raises(Refused) as caught:
        split(text)
    return caught.value


def test_reference_post_entries_keep_order_values_and_lines(reference_post):
    header, body, body_line = split(reference_post)
    assert list(header) == [
        "title",
        "date",
        "categories",
        "updatedDate",
        "updateDescription",
        "tags",
        "location",
        "coverImage",
        "summary",
    ]
    assert header["title"].value == "Job vs Career"
    assert header["date"].value == datetime.date(2024, 3, 11)
    assert header["categories"].text == ["Reflection", "Work"]
    assert header["updatedDate"].value is None
    assert header["coverImage"].text is None
    assert [header[k].line for k in ("title", "date", "tags", "summary")] == [
        2,
        3,
        9,
        13,
    ]
    assert body.startswith("\nI started 2024 with a bit of time off")
    # body[0] is the end of the closing fence's line 14; the text starts on 15.
    assert body_line == 14
    assert reference_post.splitlines()[14].startswith("I started 2024")


def test_scalars_keep_the_text_the_author_typed():
    header, _, _ = split("---\ntitle: No\nyear: 2024\nflag: On\n---\n")
    assert (header["title"].value, header["title"].text) == (False, "No")
    assert (header["year"].value, header["year"].text) == (2024, "2024")
    assert (header["flag"].value, header["flag"].text) == (True, "On")


def test_text_without_a_header_is_returned_whole():
    assert split("# Title\n\nText\n") == ({}, "# Title\n\nText\n", 1)
    assert not frontmatter.has_header("Title: x\n\n---\n")


def test_windows_line_endings_split_the_same_way():
    header, body, _ = split("---\r\ntitle: X\r\ntags:\r\n  - a\r\n---\r\nBody\r\n")
    assert (header["title"].value, header["tags"].value) == ("X", ["a"])
    assert header["tags"].line == 3
    assert body.strip() == "Body"


def test_an_empty_header_gives_no_entries():
    header, body, _ = split("---\n---\nBody\n")
    assert header == {}
    assert body.strip() == "Body"


def test_body_start_line_is_the_file_line_of_the_body_start():
    text = "---\ntitle: x\n\n---\nFirst\nSecond\n"
    _, body, body_line = split(text)
    first = body_line + body[: body.index("First")].count("\n")
    assert text.split("\n")[first - 1] == "First"


def test_a_header_with_no_closing_fence_is_an_error():
    error = error_of("---\ntitle: x\n\nBody text\n")
    assert error.line == 1
    assert "no closing '---'" in error.message


def test_tab_indentation_is_an_error_naming_line_and_field():
    error = error_of("---\ntitle: x\ntags:\n\t- a\n---\n")
    assert (error.line, error.field) == (4, "tags")
    assert "tab" in error.message
    error = error_of("---\ntitle: x\ntags:\n  \t- a\n---\n")
    assert (error.line, error.field) == (4, "tags")
    assert "tab" in error.message


@pytest.mark.parametrize(
    ("header", "kind"), [("- a\n- b\n", "a list"), ("just text\n", "a single value")]
)
def test_a_header_that_is_not_a_mapping_is_an_error(header, kind):
    error = error_of(f"---\n{header}---\nBody\n")
    assert error.line == 2
    assert kind in error.message


def test_malformed_yaml_names_line_and_field():
    error = error_of("---\ntitle: x\nsummary: a: b\ndate: 2024-01-01\n---\n")
    assert (error.line, error.field) == (3, "summary")
    assert str(error.problem("posts/x.md")).startswith(
        "posts/x.md:3: summary: invalid YAML"
    )


def test_unsafe_tags_are_refused_and_nothing_runs(tmp_path: Path):
    marker = tmp_path / "ran"
    error = error_of(
        "---\ntitle: x\n"
        f'boom: !!python/object/apply:os.system ["touch {marker}"]\n---\n'
    )
    assert (error.line, error.field) == (3, "boom")
    assert "!!python/object/apply:os.system" in error.message
    assert not marker.exists()


def test_custom_tags_are_refused():
    error = error_of("---\ntitle: !secret x\n---\n")
    assert (error.line, error.field) == (2, "title")
    assert "!secret" in error.message


def test_an_alias_bomb_is_refused_after_a_bounded_amount_of_work():
    # 9**9 values once expanded. Counting calls instead of timing the split: the
    # limit cannot flake on a busy machine, and runaway expansion fails the test
    # (TooMuchWork) instead of hanging it. About 80,000 calls today.
    with counted_calls(limit=1_000_000):
        error = error_of("---\n" + alias_bomb() + "\n---\n")
    assert f"more than {frontmatter.MAX_VALUES} values" in error.message
    assert "aliases" in error.message
    assert error.field in "abcdefghi"


def test_a_few_aliases_are_fine():
    header, _, _ = split("---\ndate: &d 2024-01-02\nupdated: *d\n---\n")
    assert header["updated"].value == datetime.date(2024, 1, 2)


def test_a_key_given_twice_keeps_the_last_value_with_a_warning():
    header = frontmatter.read("---\ntitle: a\ndate: 2024-01-01\ntitle: b\n---\n")
    assert (header.entries["title"].value, header.entries["title"].line) == ("b", 4)
    [warning] = header.warnings
    assert (warning.level, warning.line, warning.field) == (logging.WARNING, 4, "title")


def test_an_impossible_timestamp_stays_text_for_the_field_table():
    header, _, _ = split("---\ndate: 2024-02-30\n---\n")
    assert header["date"].value == "2024-02-30"


def test_read_text_refuses_non_utf8_naming_the_line(tmp_path: Path):
    bad = tmp_path / "latin1.md"
    bad.write_bytes("---\ntitle: Caf\u00e9\n---\n".encode("latin-1"))
    with pytest.raises(Refused) as caught:
        frontmatter.read_text(str(bad))
    assert caught.value.line == 2
    assert "UTF-8" in caught.value.message


def test_read_text_drops_a_bom(tmp_path: Path):
    bom = tmp_path / "bom.md"
    bom.write_bytes(b"\xef\xbb\xbf---\ntitle: x\n---\n")
    assert frontmatter.has_header(frontmatter.read_text(str(bom)))


def test_describe_leaves_out_missing_parts():
    assert str(Problem("a.md", 3, logging.ERROR, "date", "bad")) == "a.md:3: date: bad"
    assert str(Problem("a.md", None, logging.ERROR, None, "empty")) == "a.md: empty"
