"""quick_init builds frozen, slotted dataclasses through their slots, with the signature,
defaults and factories dataclasses would give them."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from metis_bpmn.frozen import quick_init


@dataclasses.dataclass(frozen=True, slots=True)
class Base:
    a: int
    b: list = dataclasses.field(default_factory=list)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Child(Base):
    c: str = "c"
    cache: list = dataclasses.field(default_factory=list, init=False, compare=False)


quick_init(Base)
quick_init(Child)


def test_same_values_as_the_dataclass_init() -> None:
    made = Child(a=1, c="x")
    assert (made.a, made.b, made.c, made.cache) == (1, [], "x", [])
    assert Child(a=1).b is not Child(a=1).b  # a fresh default per object
    assert Base(2, [3]) == Base(a=2, b=[3])
    assert Child(1, [2], c="z") == Child(a=1, b=[2], c="z")  # inherited fields stay positional
    with pytest.raises(TypeError):
        Child(1, [], "x")  # keyword-only stays keyword-only
    with pytest.raises(TypeError):
        Child(a=1, cache=[])  # init=False is not a parameter


def test_still_frozen_and_copyable() -> None:
    made = Child(a=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.a = 2  # type: ignore[misc]
    made.cache.append("walked")
    copy = dataclasses.replace(made, c="y")
    assert copy.c == "y" and copy.cache == []  # the cache does not travel with a replace
    assert pickle.loads(pickle.dumps(made)) == made


def test_a_post_init_is_refused() -> None:
    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        a: int

        def __post_init__(self) -> None:
            pass
    with pytest.raises(TypeError, match="__post_init__"):
        quick_init(Checked)
