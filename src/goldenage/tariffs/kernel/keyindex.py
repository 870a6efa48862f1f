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
    """

    def __init__(self, keys: np.ndarray) -> None:
        keys = np.asarray(keys, dtype=np.int64)
        if len(keys) and int(keys.min()) < 0:
            msg = "keys must be non-negative"
            raise ValueError(msg)
        bits = max(10, int(2 * len(keys) - 1).bit_length())  # at most half full
        self._shift = np.uint64(64 - bits)
        self._mask = (1 << bits) - 1
        self._keys = np.full(1 << bits, EMPTY, dtype=np.int64)
        self._slots = np.zeros(1 << bits, dtype=np.int64)
        self._insert(keys)
        self.size = len(keys)

    def _hash(self, keys: np.ndarray) -> np.ndarray:
        return ((keys.astype(np.uint64) * _MULTIPLIER) >> self._shift).astype(np.int64)

    def _insert(self, keys: np.ndarray) -> None:
        position = self._hash(keys)
        pending = np.arange(len(keys))
        while pending.size:
            at = position[pending]
            free = self._keys[at] == EMPTY
            takers, places = pending[free], at[free]
            places, first = np.unique(places, return_index=True)  # one key per free place
            winners = takers[first]
            self._keys[places] = keys[winners]
            self._slots[places] = winners
            placed = np.zeros(len(keys), dtype=bool)
            placed[winners] = True
            pending = pending[~placed[pending]]
            position[pending] = (position[pending] + 1) & self._mask

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
            at = (at[going] + 1) & self._mask
            wanted = keys[active]
        return found


__all__ = ["KeyIndex"]
