# Excerpt of rust-lang/this-week-in-rust's pelicanconf.py (see SOURCE.md).
AUTHOR = "TWiR Contributors"
SITENAME = "This Week in Rust"
SITEURL = "http://localhost:8000"
SOURCE_URL = "https://github.com/rust-lang/this-week-in-rust"
PATH = "content"
TIMEZONE = "America/New_York"
DEFAULT_LANG = "en"

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "atom.xml"
FEED_ALL_RSS = "rss.xml"
FEED_MAX_ITEMS = 4
CATEGORY_FEED_ATOM = "categories/{slug}/atom.xml"
CATEGORY_FEED_RSS = "categories/{slug}/rss.xml"
RSS_FEED_SUMMARY_ONLY = False
DEFAULT_PAGINATION = 10

ARTICLE_URL = "blog/{date:%Y}/{date:%m}/{date:%d}/{slug}/"
ARTICLE_SAVE_AS = "blog/{date:%Y}/{date:%m}/{date:%d}/{slug}/index.html"
ARCHIVES_SAVE_AS = "blog/archives/index.html"
CATEGORY_URL = "categories/{slug}/"
CATEGORY_SAVE_AS = "categories/{slug}/index.html"

# The original: ["webassets", "neighbors"] from a local plugins folder.
PLUGINS = ["neighbors"]

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "highlight"},
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {"anchorlink": True},
    },
    "output_format": "html5",
}

# The original theme ("rusted") needs webassets and libsass.
THEME = "notmyidea"
