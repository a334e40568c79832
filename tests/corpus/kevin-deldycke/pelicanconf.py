# Excerpt of kdeldycke/kevin-deldycke-blog's pelicanconf.py at 2d00184 (see SOURCE.md).
SITEURL = "http://localhost:8000"
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
AUTHOR = SITENAME = "Kevin Deldycke"
PATH = "content"
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "en"

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.abbr": {},
        "markdown.extensions.admonition": {},
        "markdown.extensions.attr_list": {},
        "markdown.extensions.def_list": {},
        "markdown.extensions.footnotes": {},
        "markdown.extensions.md_in_html": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.sane_lists": {},
        "markdown.extensions.smarty": {},
        "markdown.extensions.tables": {},
        "markdown.extensions.toc": {"permalink": True},
        "markdown.extensions.codehilite": {"css_class": "highlight"},
        "markdown.extensions.fenced_code": {},
    },
    "output_format": "html5",
}

WITH_FUTURE_DATES = False
SLUGIFY_SOURCE = "basename"
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
ARTICLE_PATHS = ["posts"]
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}.html"
PAGE_PATHS = ["pages"]
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives"]
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
YEAR_ARCHIVE_SAVE_AS = "{date:%Y}/index.html"
MONTH_ARCHIVE_SAVE_AS = "{date:%Y}/{date:%m}/index.html"
ARCHIVES_SAVE_AS = "archives.html"
CATEGORIES_SAVE_AS = "categories.html"
TAGS_SAVE_AS = "tags.html"
AUTHORS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
ARTICLE_LANG_SAVE_AS = None
DRAFT_LANG_SAVE_AS = None
PAGE_LANG_SAVE_AS = None
FEED_RSS = "feed.rss"
FEED_ATOM = "feed.atom"
FEED_ALL_RSS = None
FEED_ALL_ATOM = None
TRANSLATION_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_RSS = "tag/{slug}/feed.rss"
TAG_FEED_ATOM = "tag/{slug}/feed.atom"
CATEGORY_FEED_RSS = "category/{slug}/feed.rss"
CATEGORY_FEED_ATOM = "category/{slug}/feed.atom"
FEED_MAX_ITEMS = 5
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "English"
DEFAULT_DATE_FORMAT = "%b. %d, %Y"
REVERSE_ARCHIVE_ORDER = True
DISPLAY_PAGES_ON_MENU = False
DISPLAY_CATEGORIES_ON_MENU = False
DEFAULT_ORPHANS = 2
DEFAULT_PAGINATION = 5
# "tag" and "category" added: notmyidea reads articles_page there (plumage does not).
PAGINATED_TEMPLATES = {"index": DEFAULT_PAGINATION, "tag": None, "category": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}", "{base_name}/page/{number}.html"),
)

# The original leaves PLUGINS unset and relies on namespace auto-discovery of
# pelican-seo, pelican-sitemap, pelican-neighbors, pelican-image-process and
# pelican-search; listing them keeps the stock build from discovering reflections.
PLUGINS = ["seo", "sitemap", "neighbors"]
SEO_REPORT = False
SEO_ENHANCER = True
SITEMAP = {"format": "xml"}

# The original theme is plumage (needs webassets and Node's PostCSS).
THEME = "notmyidea"
STATIC_PATHS = ["uploads", "documents", "extra"]
