"""The speed machinery: parallel reading, forked rendering, incremental rebuilds
and the content cache's notes.

``parallel``/``workers`` render Markdown ahead in worker processes;
``rendering`` shares a cold build's article pages out to forked children;
``writer``, ``incremental``, ``recording``, ``hooks``, ``digests``/``forms``,
``staleness``, ``store`` and ``outputs`` render again only the pages whose reads
changed; ``cached_reads`` keeps Pelican's content cache honest; ``vouched`` and
``receivers`` say what these features can vouch for; ``loop`` (with ``reread``,
``first_writer`` and ``stamps``) writes an edited post's page first in
``pelican --autoreload``; ``background`` writes the caches in threads. Each
steps aside, with one INFO line, for what it cannot prove safe. Reading and theme
modules import nothing from here: turning a feature off or deleting it touches
neither.
"""
