"""One module per rule, named after the rule (``fake-join`` lives in ``fake_join.py``).

Each module's docstring is the rule's documentation, with the sections
"What it finds", "Why it matters", "Example" and "Fix".
"""
