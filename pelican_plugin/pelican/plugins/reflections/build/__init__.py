"""The build: what happens to posts after reading, on Pelican's signals.

Shared slugs (``slugs``), several categories per post (``categories``),
neighbours, feed entries completed with every category and the update note
(``feeds``), the Updates page and its feed (``updates``), pelican-seo's enhancer
(``seo``), the absolute site URL (``siteurl``), files a build leaves out
(``unread``), and local images in the sizes readers need (``pictures`` with
``responsive``).
"""
