"""The browser gates on Arabic and Japanese pages: axe-core and the Nu checker find
nothing in either scheme, and a right-to-left page mirrors (the update note's rule,
the table of contents' rule and the byline start on the right).

Three real sites, built by the real ``pelican`` and served on 127.0.0.1: an Arabic
site (``DEFAULT_LANG = "ar"``) with an English post, an English site with an
Arabic and a Japanese post, and a Japanese site.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from helpers import pelican, write_files

from .serve import serving
from .support import AXE_RUN, SCHEMES, WIDTHS, Site, nu_errors
from .test_pages import describe_violations, watch_for_breakage

pytestmark = pytest.mark.browser

CONF = """
from pelican.plugins.reflections import theme_path
PLUGINS = ["reflections"]
THEME = theme_path()
SITENAME = "{name}"
DEFAULT_LANG = "{lang}"
TIMEZONE = "UTC"
FEED_ALL_ATOM = "feeds/all.atom.xml"
ARTICLE_LANG_SAVE_AS = "{{slug}}.html"
ARTICLE_LANG_URL = "{{slug}}.html"
"""
ARABIC = """---
title: التأمل في العمل
date: 2024-03-11
slug: taamul
lang: ar
updatedDate: 2024-05-02
updateDescription: أضفت ملاحظة عن الدورة التي حضرتها.
categories:
  - تأملات
tags:
  - عمل
location: القاهرة
summary: أدركت متأخرًا أن وظيفتك ليست مسيرتك المهنية.
---
أدركت في وقت متأخر من حياتي أن الوظيفة ليست المسيرة المهنية، وأن ما نفعله كل يوم
لا يحدد من نكون.

## البداية

كانت البداية في مكتب صغير، حيث تعلمت أن أستمع قبل أن أتكلم.

## المنتصف

> العمل الجيد يحتاج إلى صبر، والصبر يحتاج إلى معنى.

- أن تعرف ما تريد
- أن تعرف لماذا تريده

## النهاية

في النهاية، بقيت الأسئلة أكثر من الأجوبة.

## ما بعدها

وهذا حسن.
"""
JAPANESE = """---
title: 仕事と人生について
date: 2024-02-10
slug: shigoto
lang: ja
updatedDate: 2024-04-01
updateDescription: 最後の段落を書き直しました。
categories:
  - 随想
summary: 仕事は人生の一部にすぎない、と気づくまでに長い時間がかかった。
---
仕事は人生の一部にすぎない。そう気づくまでに、ずいぶん長い時間がかかった。

毎日の小さな選択が、やがて大きな道になる。
"""
LONG = """---
title: On work and life
date: 2024-03-12
slug: work
lang: en
updatedDate: 2024-05-03
updateDescription: I added a note on the course I took.
categories:
  - Reflection
location: Melbourne
---
I came to the realisation fairly late in life that your job is not your career.

## The start

## The middle

## The end

## After
"""
ENGLISH = """---
title: An English note
date: 2024-01-05
slug: note
lang: en
categories:
  - Notes
---
A short note in English, among posts in other languages.
"""


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Site]]:
    """The three sites, built and served."""
    specs = {
        "ar": ("تأملات", "ar", {"ar.md": ARABIC, "en.md": ENGLISH}),
        "en": (
            "Reflections",
            "en",
            {"ar.md": ARABIC, "ja.md": JAPANESE, "en.md": ENGLISH, "long.md": LONG},
        ),
        "ja": ("随想録", "ja", {"ja.md": JAPANESE, "en.md": ENGLISH}),
    }
    found: dict[str, Site] = {}
    with ExitStack() as stack:
        for key, (name, lang, posts) in specs.items():
            root = tmp_path_factory.mktemp(f"i18n_{key}")
            write_files(root / "content", posts)
            built = pelican(root, CONF.format(name=name, lang=lang))
            if built.returncode != 0:
                pytest.fail(f"Pelican could not build the {key} site:\n{built.log}")
            base = stack.enter_context(serving(built.output))
            found[key] = Site(output=built.output, base_url=base, build_log=built.log)
        yield found


# (site, page, its language, its direction)
PAGES = [
    ("ar", "taamul.html", "ar", "rtl"),
    ("ar", "index.html", "ar", "rtl"),
    ("ar", "archives.html", "ar", "rtl"),
    ("ar", "note.html", "en", "ltr"),
    ("en", "taamul.html", "ar", "rtl"),
    ("en", "shigoto.html", "ja", "ltr"),
    ("en", "index.html", "en", "ltr"),
    ("en", "work.html", "en", "ltr"),
    ("ja", "shigoto.html", "ja", "ltr"),
    ("ja", "index.html", "ja", "ltr"),
]


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize(("key", "relative", "lang", "direction"), PAGES)
def test_arabic_and_japanese_pages_have_no_axe_violations(
    key: str,
    relative: str,
    lang: str,
    direction: str,
    scheme: str,
    sites: dict[str, Site],
    new_page: Any,
    axe_source: str,
) -> None:
    """axe-core finds nothing on the page, which says its language and direction."""
    site = sites[key]
    page = new_page(width=WIDTHS["desktop"], scheme=scheme)
    broken = watch_for_breakage(page)
    response = page.goto(site.url(relative), wait_until="load")
    assert response is not None and response.ok, relative
    root = page.evaluate(
        "[document.documentElement.lang, document.documentElement.dir,"
        " getComputedStyle(document.documentElement).direction]"
    )
    assert root == [lang, direction, direction]
    page.add_script_tag(content=axe_source)
    violations = page.evaluate(AXE_RUN)
    where = f"{relative} of the {key} site, {scheme}"
    assert violations == [], describe_violations(violations, where)
    assert broken == [], f"console errors or failed loads on {where}: {broken}"


def test_every_page_of_the_three_sites_is_valid_html(
    sites: dict[str, Site], vnu_command: list[str]
) -> None:
    """vnu.jar --errors-only over every page of the three sites reports nothing."""
    pages = [str(p) for site in sites.values() for p in site.html_files()]
    errors = nu_errors(vnu_command, pages)
    assert not errors, errors
    print(f"\nvnu.jar: 0 errors in {len(pages)} pages")


MEASURE = """() => {
  const box = (el) => el.getBoundingClientRect();
  const side = (el) => {
    const style = getComputedStyle(el);
    return {left: parseFloat(style.borderLeftWidth),
            right: parseFloat(style.borderRightWidth)};
  };
  const note = document.querySelector(".update-note");
  const toc = document.querySelector(".toc details");
  const byline = document.querySelector(".byline");
  const first = byline.firstElementChild;
  const last = byline.lastElementChild;
  const title = document.querySelector(".post-title");
  return {
    note: side(note), toc: side(toc),
    bylineLeft: box(byline).left, bylineRight: box(byline).right,
    firstLeft: box(first).left, firstRight: box(first).right,
    lastLeft: box(last).left,
    title: getComputedStyle(title).textAlign,
  };
}"""


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width_name", list(WIDTHS))
def test_a_right_to_left_article_mirrors(
    width_name: str, scheme: str, sites: dict[str, Site], new_page: Any
) -> None:
    """On the Arabic article the update note's and the ToC's rule are on the right,
    and the byline starts at the right; the English article is the mirror image."""
    measured = {}
    for key, relative in (("ar", "taamul.html"), ("en", "taamul.html")):
        page = new_page(width=WIDTHS[width_name], scheme=scheme)
        page.goto(sites[key].url(relative), wait_until="load")
        measured[key] = page.evaluate(MEASURE)
    for found in measured.values():  # the same page on either site
        assert found["note"]["right"] >= 3 > found["note"]["left"], found
        assert found["toc"]["right"] >= 1 > found["toc"]["left"], found
        assert abs(found["firstRight"] - found["bylineRight"]) < 1, found
        assert found["lastLeft"] < found["firstLeft"], found
        assert found["title"] in ("start", "right"), found
    page = new_page(width=WIDTHS[width_name], scheme=scheme)
    page.goto(sites["en"].url("work.html"), wait_until="load")
    english = page.evaluate(MEASURE)
    assert english["note"]["left"] >= 3 > english["note"]["right"], english
    assert english["toc"]["left"] >= 1 > english["toc"]["right"], english
    assert abs(english["firstLeft"] - english["bylineLeft"]) < 1, english
    assert english["lastLeft"] > english["firstLeft"], english
