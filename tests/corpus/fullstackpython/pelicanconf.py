# Excerpt of mattmakai/fullstackpython.com's settings.py (see SOURCE.md).
AUTHOR = "Matt Makai"
SITENAME = "Full Stack Python"
SITEURL = ""
PATH = "content"
TIMEZONE = "America/New_York"
GITHUB_URL = "https://github.com/mattmakai/fullstackpython.com"
PDF_GENERATOR = False
# The original also lists 'sitemap', 'table-of-contents', 'email', 'blog',
# 'example' and 'all', templates of its own theme (not copied).
DIRECT_TEMPLATES = ("index",)
ARTICLE_SAVE_AS = "blog/{slug}.html"
ARTICLE_URL = "blog/{slug}.html"
FEED_RSS = "feed"
LINKS = ()
MARKUP = ("rst", "markdown")
SOCIAL = (("GitHub", "https://github.com/mattmakai"),)
PROJECTS = ()
PLUGINS = []
THEME = "notmyidea"
