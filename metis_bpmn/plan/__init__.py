"""Plans: what has to happen before a process reaches an element, read off the process graph
and the vault as it is now (:mod:`.build`), with what each gate needs (:mod:`.needs`)."""

from .build import Plan, Step, find_element, plan  # noqa: F401
