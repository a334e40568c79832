# Excerpt of wagdav/thewagner.net's pelicanconf.py (see SOURCE.md).
AUTHOR = "David Wagner"
SITENAME = "The Wagner"
PATH = "content"
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%B %d, %Y"

ARTICLE_URL = "blog/{date:%Y}/{date:%m}/{date:%d}/{slug}/"
ARTICLE_SAVE_AS = "blog/{date:%Y}/{date:%m}/{date:%d}/{slug}/index.html"
ARTICLE_LANG_URL = "blog/{date:%Y}/{date:%m}/{date:%d}/{slug}-{lang}/"
ARTICLE_LANG_SAVE_AS = "blog/{date:%Y}/{date:%m}/{date:%d}/{slug}-{lang}/index.html"

FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
SOCIAL = [("GitHub", "https://github.com/wagdav")]
DEFAULT_PAGINATION = False
DISPLAY_CATEGORIES_ON_MENU = False
STATIC_PATHS = ["CNAME", "downloads", "favicon.ico", "images", "README"]

# The site's own theme has no licence file: Pelican's notmyidea stands in.
THEME = "notmyidea"
# The original loads render-math from a git submodule; this is its PyPI package.
PLUGINS = ["render_math"]
TYPOGRIFY = True
REVISION = "main"
