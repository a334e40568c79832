# Excerpt of superxh/superxh.github.io's pelicanconf.py (see SOURCE.md).
AUTHOR = "Hang Xu"
SITENAME = "Hang Xu"
SITEURL = ""
PATH = "content"
STATIC_PATHS = ["images", "extra"]
EXTRA_PATH_METADATA = {"extra/favicon.ico": {"path": "favicon.ico"}}
TIMEZONE = "Asia/Hong_Kong"
DEFAULT_LANG = "en"
LOCALE = ("usa", "en_US")

THEME = "simpleplus"
# The original loads i18n_subsites from a local copy; this is its PyPI package.
PLUGINS = ["i18n_subsites"]
I18N_SUBSITES = {
    "zh": {
        "SITENAME": "徐航",
        "THEME": "simpleplus_zh",
        "AUTHOR": "徐航",
    }
}

FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
LINKS = (("Pelican", "https://getpelican.com/"),)
SOCIAL = (("You can add links in your config file", "#"),)
DEFAULT_PAGINATION = False
