"""The columnar duty engine: one law for one line and for millions.

Every authority is a vectorised rule over an :class:`EntryFrame` (numpy arrays, one element
per entry line). The single-line API evaluates a frame of one row, the batch, ETR and refund
tools evaluate large frames: the same parameter files, scope lists and rule modules serve both.
"""
