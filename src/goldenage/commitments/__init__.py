"""Summit commitments tracker: pledges with sources, deadline rules, evidence and an audit trail.

Modules: ``models`` (tables), ``db`` (engine, transactions, error translation), ``migrate`` and
``migrations/`` (Alembic, run from code), ``rules`` and ``holidays`` (deadline rules, US federal
business days), ``statuses`` (statuses and transitions), ``seed`` and ``datafile`` (the shipped
dataset, read strictly), ``importer`` (seed -> database, audited), ``service`` (operations, one
transaction each), ``views`` (read models and their JSON), ``inputs`` (parsing of user input),
``ics`` (calendar export), ``errors``. See ``docs/commitments.md``.
"""
