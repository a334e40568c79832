"""The command line: ``pelican-reflections check`` and ``new``.

``check`` reads every post the way a build does (the build's reader, told not to
render) and lists the problems a build logs, plus what ``post_checks`` and
``foreign_keys`` find; ``cli`` parses the arguments, ``new_post`` starts a new
post, and ``usage`` reads the settings both commands use. ``preview`` is Pelican's
own command's part: ``pelican --listen`` serving pages that reload themselves.
"""
