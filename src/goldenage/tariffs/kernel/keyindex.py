"""A hash index of non-negative int64 keys, built and searched with whole-array numpy operations.

Open addressing with linear probing in a table at most half full: a lookup of a million keys
is a few vectorised passes (the probes of all keys advance together), with no Python loop
per key and no dependency beyond numpy.
"""

from __future__ import annotations

import numpy as np

EMPTY = -1
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing (2^64 / golden ratio, odd)


class KeyIndex:
    """Maps distinct non-negative int64 keys to their positions 0..n-1 (in the given order).

    The keys must be distinct (the caller's invariant: the compiled law adds only new keys).
    Linear probing without wrap-around: the table has ``2**bits`` home places plus room for
    the longest run to spill past the last one, so a probe only ever moves forward.
    """

    def __init__(self, keys: np.ndarray) -> None:
        keys = np.asarray(keys, dtype=np.int64)
        if len(keys) and int(keys.min()) < 0:
            msg = "keys must be non-negative"
            raise ValueError(msg)
        bits = max(10, int(2 * len(keys) - 1).bit_length())  # at most half full
        self._shift = np.uint64(64 - bits)
        length = (1 << bits) + len(keys) + 1  # the last home place + a run of every key + EMPTY
        self._keys = np.full(length, EMPTY, dtype=np.int64)
        self._slots = np.zeros(length, dtype=np.int64)
        # Inserting in order of home place, each key goes to the first free place at or after its
        # home: place_i = max(home_i, place_(i-1) + 1) = i + max over j <= i of (home_j - j).
        home = self._hash(keys)
        order = np.argsort(home)  # any order among equal homes gives a valid placement
        rank = np.arange(len(keys))
        place = rank + np.maximum.accumulate(home[order] - rank) if len(keys) else rank
        self._keys[place] = keys[order]
        self._slots[place] = order
        self.size = len(keys)

    def _hash(self, keys: np.ndarray) -> np.ndarray:
        return ((keys.astype(np.uint64) * _MULTIPLIER) >> self._shift).astype(np.int64)

    def lookup(self, keys: np.ndarray) -> np.ndarray:
        """Return the position of each key, or -1 for a key not in the index."""
        keys = np.asarray(keys, dtype=np.int64)
        found = np.full(len(keys), -1, dtype=np.int64)
        at = self._hash(keys)  # the place each still-searched key probes next
        active: np.ndarray | None = None  # None: every key (the first round needs no index copy)
        wanted = keys
        while len(at):
            stored = self._keys.take(at)
            hit = stored == wanted
            slots = self._slots.take(at[hit])
            if active is None:
                found[hit] = slots
            else:
                found[active[hit]] = slots
            going = ~hit & (stored != EMPTY)
            active = np.flatnonzero(going) if active is None else active[going]
            at = at[going] + 1
            wanted = keys[active]
        return found


class GrowingKeyIndex:
    """Keys appended in batches, each batch at the positions after the previous ones.

    One :class:`KeyIndex` per run of batches, merged like a binary counter: a batch at least
    half the size of the index before it is merged with it (rebuilt over both), so there are
    at most about log2(keys) indexes, and adding keys costs their own index rather than a
    rebuild over every key known (a batch run adds its keys chunk by chunk; a server, a few
    keys per request). A lookup asks the largest index first.
    """

    def __init__(self, keys: np.ndarray | None = None) -> None:
        self._parts: list[tuple[KeyIndex, int, int]] = []  # (index, first position, keys)
        if keys is not None and len(keys):
            self._parts.append((KeyIndex(keys), 0, len(keys)))

    def add(self, known: np.ndarray, count: int) -> None:
        """Index the last ``count`` keys of ``known`` (every key, in position order)."""
        if count == 0:
            return
        start, size = len(known) - count, count
        while self._parts and self._parts[-1][2] <= 2 * size:
            _, start, merged = self._parts.pop()
            size += merged
        self._parts.append((KeyIndex(known[start : start + size]), start, size))

    @property
    def parts(self) -> int:
        """Return the number of indexes."""
        return len(self._parts)

    def lookup(self, keys: np.ndarray) -> np.ndarray:
        """Return the position of each key, or -1 for a key not in the index."""
        keys = np.asarray(keys, dtype=np.int64)
        if not self._parts:
            return np.full(len(keys), -1, dtype=np.int64)
        index, start, _ = self._parts[0]
        found = index.lookup(keys)
        if start:
            found[found >= 0] += start
        pending = np.flatnonzero(found < 0)
        for index, start, _ in self._parts[1:]:
            if not pending.size:
                break
            here = index.lookup(keys[pending])
            hit = here >= 0
            found[pending[hit]] = here[hit] + start
            pending = pending[~hit]
        return found


__all__ = ["GrowingKeyIndex", "KeyIndex"]
