# Excerpt of ivh/tmy.se's pelicanconf.py at 2f8cc6b (see SOURCE.md).
AUTHOR = "Thomas Marquart"
SITENAME = "tmy.se"
SITEURL = ""

PATH = "content"

TIMEZONE = "Europe/Stockholm"
DEFAULT_DATE_FORMAT = "%Y-%m-%d"
DEFAULT_LANG = "en"

# Static paths
OUTPUT_RETENTION = ["t", "tmp"]
STATIC_PATHS = [
    "pic",
    "robots.txt",
    "favicon.ico",
    "keybase.txt",
    "t",
    "tmp",
    "ai",
]

# Output and caching
DELETE_OUTPUT_DIRECTORY = False
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CHECK_MODIFIED_METHOD = "mtime"
CONTENT_CACHING_LAYER = "reader"
WITH_FUTURE_DATES = False

# Default metadata: a post without a Status line is a draft, one without a
# Title line is titled " ".
DEFAULT_METADATA = {
    "status": "draft",
    "author": AUTHOR,
    "title": " ",
}

# URL settings: pages are written without an extension (the server adds the
# content type).
RELATIVE_URLS = True
INDEX_SAVE_AS = "index"
ARTICLE_URL = "{slug}"
ARTICLE_SAVE_AS = "{slug}"
PAGE_SAVE_AS = "{slug}"
PAGE_URL = "{slug}"
DRAFT_URL = "drafts/{slug}"
DRAFT_SAVE_AS = "drafts/{slug}"
TAG_URL = "tag/{slug}"
TAG_SAVE_AS = "tag/{slug}"
AUTHOR_SAVE_AS = ""
PAGE_LANG_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
ARTICLE_LANG_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAGS_SAVE_AS = "tags"

# Disable HTML reader so .html files in STATIC_PATHS are copied, not processed
READERS = {"html": None}

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "codehilite"},
        "markdown.extensions.extra": {},
    },
}

TYPOGRIFY = False
DEFAULT_PAGINATION = 10
USE_FOLDER_AS_CATEGORY = False
SUMMARY_MAX_LENGTH = None

# The original: THEME = "theme/chunk" (the site's copy of pelican-chunk).
THEME = "notmyidea"
SITESUBTITLE = None
LINKS = (("email: blog@tmy.se", "mailto:blog@tmy.se"), ("about", "/about"))
SINGLE_AUTHOR = True

# The original: ["pelican.plugins.photos"] (pelican-photos, which needs
# Pillow < 12), with its PHOTO_* settings.
PLUGINS = []

FEED_RSS = None
FEED_ATROM = None  # sic
FEED_ALL_RSS = None
CATEGORY_FEED_RSS = None
TRANSLATION_FEED_RSS = None
AUTHOR_FEED_RSS = None
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
