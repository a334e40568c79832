"""Settings for the pelican-reflections example site."""

from pelican.plugins.reflections import theme_path

AUTHOR = "A. Writer"
SITENAME = "Reflections"
SITEURL = "https://reflections.example"
PATH = "content"
TIMEZONE = "Australia/Melbourne"
DEFAULT_LANG = "en"

PLUGINS = ["reflections"]
THEME = theme_path()

FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

DEFAULT_PAGINATION = 10
RELATIVE_URLS = True
