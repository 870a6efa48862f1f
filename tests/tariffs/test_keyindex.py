"""The numpy hash index of compiled keys finds every key it holds and no other."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenage.tariffs.kernel.keyindex import GrowingKeyIndex, KeyIndex

KEYS = st.lists(st.integers(min_value=0, max_value=2**62), unique=True, max_size=400)


@given(KEYS, st.lists(st.integers(min_value=0, max_value=2**62), max_size=200))
def test_every_key_is_found_at_its_position_and_others_are_missing(
    keys: list[int], others: list[int]
) -> None:
    index = KeyIndex(np.array(keys, dtype=np.int64))
    assert index.lookup(np.array(keys, dtype=np.int64)).tolist() == list(range(len(keys)))
    absent = [k for k in others if k not in set(keys)]
    assert index.lookup(np.array(absent, dtype=np.int64)).tolist() == [-1] * len(absent)


def test_colliding_keys_are_all_found() -> None:
    # Keys that differ only above the hash's bits land on one place: probing must walk past them.
    keys = np.arange(1, 3001, dtype=np.int64) << 40
    index = KeyIndex(keys)
    queries = np.concatenate([keys[::-1], keys + 1])
    assert index.lookup(queries).tolist() == list(range(2999, -1, -1)) + [-1] * 3000


def test_a_million_lookups_of_a_hundred_thousand_keys() -> None:
    rng = np.random.default_rng(7)
    keys = np.unique(rng.integers(0, 10**15, 100_000))
    rows = rng.integers(0, len(keys), 1_000_000)
    assert np.array_equal(KeyIndex(keys).lookup(keys[rows]), rows)


def test_negative_keys_are_refused() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        KeyIndex(np.array([3, -1]))


@given(st.lists(KEYS, max_size=12), st.lists(st.integers(min_value=0, max_value=2**62), max_size=100))
def test_keys_added_in_batches_are_found_at_their_positions(
    batches: list[list[int]], others: list[int]
) -> None:
    # Batches of any sizes, appended one after the other (the compiled law's order).
    known: list[int] = []
    index = GrowingKeyIndex()
    for batch in batches:
        fresh = [k for k in dict.fromkeys(batch) if k not in set(known)]
        known += fresh
        index.add(np.array(known, dtype=np.int64), len(fresh))
        assert index.parts <= max(1, len(known)).bit_length()  # merged: about log2(keys) indexes
    assert index.lookup(np.array(known, dtype=np.int64)).tolist() == list(range(len(known)))
    absent = [k for k in others if k not in set(known)]
    assert index.lookup(np.array(absent, dtype=np.int64)).tolist() == [-1] * len(absent)


def test_a_growing_index_starts_from_the_keys_it_is_given() -> None:
    keys = np.arange(10, 20, dtype=np.int64)
    index = GrowingKeyIndex(keys)
    index.add(np.arange(10, 25, dtype=np.int64), 5)
    assert index.lookup(np.array([24, 10, 15, 9])).tolist() == [14, 0, 5, -1]
