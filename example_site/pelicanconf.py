"""Settings for the pelican-reflections example site."""

from pelican.plugins.reflections import theme_path

AUTHOR = "A. Writer"
SITENAME = "Reflections"
SITESUBTITLE = "Notes on work, rest and paying attention"
SITEURL = "https://reflections.example"
PATH = "content"
TIMEZONE = "Australia/Melbourne"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"

PLUGINS = ["reflections"]
THEME = theme_path()

# Pages (About) and the archives are in the menu; categories are on each post.
DISPLAY_PAGES_ON_MENU = True
DISPLAY_CATEGORIES_ON_MENU = False
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives", "404"]
YEAR_ARCHIVE_SAVE_AS = "{date:%Y}/index.html"
YEAR_ARCHIVE_URL = "{date:%Y}/"

FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

LINKS = [("Pelican", "https://getpelican.com/")]
SOCIAL = [("Mastodon", "https://mastodon.example/@writer")]

DEFAULT_PAGINATION = 3
RELATIVE_URLS = True

REFLECTIONS_FOOTER_TEXT = "Words and pictures CC BY 4.0. No trackers, no cookies."
