"""Keys for idempotent writes, a case-free profile key, card versions, running exams.

* profiles.name_key (unique): the name with ASCII letters lowered, the rule SQLite's NOCASE
  applied before, so existing names keep matching as they did, on both backends;
* answers.answer_key (unique per profile): existing answers get "answered_at|question_id",
  the identity they had;
* exams.exam_key (unique per profile): existing exams get "legacy:ID";
* cards.version: starts at 0, raised by one on every change (compare-and-set);
* running_exams: one running exam per profile (it may exist already: an earlier build
  created it without a migration).

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_KEYS = (("profiles", "name_key"), ("answers", "answer_key"), ("exams", "exam_key"))


def upgrade() -> None:
    bind = op.get_bind()
    for table, column in _KEYS:
        op.add_column(table, sa.Column(column, sa.Text(), nullable=False, server_default=""))
    op.add_column("cards", sa.Column("version", sa.Integer(), nullable=False,
                                     server_default="0"))

    profiles = sa.table("profiles", sa.column("id"), sa.column("name"), sa.column("name_key"))
    for pid, name in bind.execute(sa.select(profiles.c.id, profiles.c.name)).all():
        bind.execute(profiles.update().where(profiles.c.id == pid)
                     .values(name_key=name.translate(_ASCII_LOWER)))
    op.execute("UPDATE answers SET answer_key = answered_at || '|' || question_id")
    op.execute("UPDATE exams SET exam_key = 'legacy:' || CAST(id AS TEXT)")

    op.create_index("profiles_by_name_key", "profiles", ["name_key"], unique=True)
    op.create_index("answers_by_key", "answers", ["profile_id", "answer_key"], unique=True)
    op.create_index("exams_by_key", "exams", ["profile_id", "exam_key"], unique=True)
    if bind.dialect.name != "sqlite":  # SQLite can't drop a default without a rebuild
        for table, column in _KEYS:
            op.alter_column(table, column, server_default=None)

    if not sa.inspect(bind).has_table("running_exams"):
        op.create_table(
            "running_exams",
            sa.Column("profile_id", sa.Integer(), sa.ForeignKey("profiles.id"),
                      primary_key=True),
            sa.Column("state", sa.Text(), nullable=False),
            sa.Column("updated_at", sa.Text(), nullable=False),
        )


def downgrade() -> None:
    op.drop_table("running_exams")
    for name, table in (("exams_by_key", "exams"), ("answers_by_key", "answers"),
                        ("profiles_by_name_key", "profiles")):
        op.drop_index(name, table_name=table)
    with op.batch_alter_table("cards") as batch:
        batch.drop_column("version")
    for table, column in _KEYS:
        with op.batch_alter_table(table) as batch:
            batch.drop_column(column)
