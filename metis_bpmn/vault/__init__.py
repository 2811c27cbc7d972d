"""Reading a Metis vault: Markdown notes with YAML front matter, safely and fast.

:func:`reader.read_vault` loads every note (a broken note is a finding, never a crash);
:class:`facts.VaultFacts` is the small read-only API that gateway conditions use.
"""
