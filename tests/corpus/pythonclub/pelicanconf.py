# Excerpt of pythonclub/pythonclub.github.io's pelicanconf.py (see SOURCE.md).
import os

BASE = os.path.dirname(__file__)

AUTHOR = "PythonClub"
AUTHOR_EMAIL = "gravatar@pythonclub.com.br"
SITENAME = "PythonClub"
SITEURL = ""
GITHUB_URL = "https://github.com/pythonclub/pythonclub.github.io"
TIMEZONE = "America/Sao_Paulo"
DEFAULT_LANG = "pt"
DEFAULT_PAGINATION = 10
PATH = "content"

FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None

MENUITEMS = (
    ("Arquivo", "archives.html"),
    ("Quem Somos", "pages/about.html"),
)
SOCIAL = (
    ("github", "https://github.com/pythonclub/pythonclub.github.io"),
    ("rss", "feeds/all.atom.xml"),
)

STATIC_PATHS = ["images", "extras/CNAME", "extras/robots.txt"]
EXTRA_PATH_METADATA = {
    "extras/CNAME": {"path": "CNAME"},
    "extras/robots.txt": {"path": "robots.txt"},
}

# The original also loads gravatar, pelican_alias, pelican_youtube, pelican_vimeo,
# json_articles and gzip_cache from a git submodule and a local folder.
PLUGINS = ["sitemap"]
SITEMAP = {
    "format": "xml",
    "priorities": {"articles": 0.8, "indexes": 0.5, "pages": 0.3},
    "changefreqs": {"articles": "daily", "indexes": "daily", "pages": "monthly"},
}

# The original theme (pelican-pure, GPL-3.0) is not copied.
THEME = "notmyidea"
RELATIVE_URLS = True
