"""The shipped datasets and how current each is (``goldenage data status``).

Each folder of ``data/`` declares its datasets in the front matter of its ``PROVENANCE.md``
(:mod:`.manifest`): the files of each, its source, and where its edition and as-of date are
read: from the data itself where it records them (the HTSUS revision list, the dated
parameters, the scope lists, an ``as_of`` key, a retrieval column: :mod:`.readers`), or stated
in the front matter where the data has no such field. :func:`.status.data_status` lists them
all; a code-health test checks that every shipped file belongs to exactly one dataset.
"""
