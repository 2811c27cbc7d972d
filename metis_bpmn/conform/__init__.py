"""Conformance of a vault's history to a process (issue #20): observations of the vault
(``log``, ``vaultlog``, ``gitlog``) mapped to process elements (``mapping``), replayed on the
process as a Petri net (``petri``, ``replay``), reported as findings (``explain``), and
exported for process-mining tools (``xes``, ``ocel``). ``check`` ties them together."""
