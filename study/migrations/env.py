"""Alembic's entry point for the progress store: migrations run on the connection (and in
the transaction) that `study.schema.upgrade` hands over; there is no alembic.ini."""

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run the progress-store migrations through study.schema.upgrade()")
context.configure(connection=connection, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
