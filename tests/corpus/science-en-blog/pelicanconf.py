# Excerpt of Aluriak/science-en-blog-poc's pelicanconf.py (see SOURCE.md).
AUTHOR = "Sciences En Blog"
SITENAME = "Sciences En Blog"
SITEURL = ""
PATH = "content"
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
DISPLAY_CATEGORIES_ON_MENU = False
DISPLAY_PAGES_ON_MENU = True
INDEX_SAVE_AS = "articles.html"

FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
LINKS = (("Pelican", "http://getpelican.com/"),)
SOCIAL = (("You can add links in your config file", "#"),)
DEFAULT_PAGINATION = 10

# The original loads liquid_tags.img, liquid_tags.video, section_number and
# render_math from a pelican-plugins checkout; these are their PyPI packages
# (section_number has none).
PLUGINS = ["liquid_tags", "render_math"]
LIQUID_TAGS = ["img", "video"]
THEME = "notmyidea"
