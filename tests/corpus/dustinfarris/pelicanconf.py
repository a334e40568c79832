# Excerpt of dustinfarris/dustinfarris's pelicanconf.py (see SOURCE.md).
AUTHOR = "Dustin Farris"
SITENAME = "Dustin Farris"
SITEURL = "http://localhost:8000"
# The original theme is pelican-themes' pure-single (not in the repository).
THEME = "simple"
TAGLINE = "inveniam viam aut faciam"
PATH = "content"
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "en"
DEFAULT_DATE = "fs"

ARTICLE_PATHS = ["blog"]
ARTICLE_URL = "{date:%Y}/{date:%m}/{date:%d}/{slug}.html"
ARTICLE_SAVE_AS = "{date:%Y}/{date:%m}/{date:%d}/{slug}.html"
YEAR_ARCHIVE_SAVE_AS = "posts/{date:%Y}/index.html"
MONTH_ARCHIVE_SAVE_AS = "posts/{date:%Y}/{date:%b}/index.html"

FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

LINKS = (("Pelican", "http://getpelican.com/"), ("Python.org", "http://python.org/"))
SOCIAL = (
    ("github", "https://github.com/dustinfarris/"),
    ("rss", "/feeds/all.atom.xml"),
)
DEFAULT_PAGINATION = 10
STATIC_PATHS = ["images", "extra/CNAME", "extra/robots.txt"]
EXTRA_PATH_METADATA = {
    "extra/CNAME": {"path": "CNAME"},
    "extra/robots.txt": {"path": "robots.txt"},
}
PLUGINS = []
