# Excerpt of pacorain/paco.wtf's pelicanconf.py (see SOURCE.md).
from datetime import date

AUTHOR = 'Austin "Paco" Rainwater'
SITENAME = "paco, wtf"
SITEURL = "http://localhost:8000"
RELATIVE_URLS = True
CLICKY_CODE = 0
BUILD_DATE = date.today()
THEME = "themes/wtf"
DEFAULT_DATE = "fs"
PATH = "content"
TIMEZONE = "America/New_York"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = 10
PLUGINS = []
