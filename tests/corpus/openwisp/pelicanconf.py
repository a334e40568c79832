# Excerpt of openwisp/OpenWISP-Website's pelicanconf.py (see SOURCE.md).
AUTHOR = "Federico Capoano"
SITENAME = "OpenWISP"
SITEURL = ""
PATH = "content"
TIMEZONE = "Europe/Rome"
DEFAULT_LANG = "en"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
MENU = {
    "Features": "features/",
    "About": {"FAQ": "faq/", "Source Code": "code/"},
    "Docs": "https://openwisp.io/docs/stable/",
    "Blog": "blog/",
}
DEFAULT_PAGINATION = 1
RELATIVE_URLS = True
# The site's own theme (Node-built CSS and JS) is not copied: a minimal theme
# of the same template names stands in.
THEME = "./theme/"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
DRAFT_PAGE_URL = "drafts/{slug}/"
DRAFT_PAGE_SAVE_AS = "drafts/{slug}/index.html"
INDEX_SAVE_AS = "blog/index.html"
ARTICLE_URL = "blog/{slug}/"
ARTICLE_SAVE_AS = "blog/{slug}/index.html"
DRAFT_URL = "blog/drafts/{slug}/"
DRAFT_SAVE_AS = "blog/drafts/{slug}/index.html"
AUTHOR_URL = "blog/author/{slug}/"
AUTHOR_SAVE_AS = "blog/author/{slug}/index.html"
AUTHORS_URL = "blog/author/"
AUTHORS_SAVE_AS = "blog/author/index.html"
CATEGORY_URL = "blog/category/{slug}/"
CATEGORY_SAVE_AS = "blog/category/{slug}/index.html"
CATEGORIES_URL = "blog/category/"
CATEGORIES_SAVE_AS = "blog/category/index.html"
TAG_URL = "blog/tag/{slug}/"
TAG_SAVE_AS = "blog/tag/{slug}/index.html"
TAGS_URL = "blog/tag/"
TAGS_SAVE_AS = "blog/tag/index.html"
ARCHIVES_URL = "blog/archive/"
ARCHIVES_SAVE_AS = "blog/archive/index.html"
ARTICLE_PATHS = ["blog"]
DEFAULT_CATEGORY = "main"
PAGINATION_PATTERNS = (
    (1, "{base_name}/", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
# The original also runs pelican-minify.
PLUGINS = ["pelican.plugins.jinja2content", "sitemap"]
JINJA2CONTENT_TEMPLATES = ["./includes"]
SITEMAP = {
    "format": "xml",
    "priorities": {"pages": 1.0, "articles": 0.6, "indexes": 0.3},
    "changefreqs": {"articles": "monthly", "indexes": "monthly", "pages": "monthly"},
    "exclude": ["404/", "blog/tag/", "blog/archive/"],
}
