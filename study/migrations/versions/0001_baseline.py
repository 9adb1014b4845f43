"""The schema as it was before migrations: profiles, answers, cards, exams.

A SQLite file made by that version already has these tables, so each is created only if it
is missing: the file is adopted as it is, with every row kept.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_NAME = sa.Text().with_variant(sa.Text(collation="NOCASE"), "sqlite")


def upgrade() -> None:
    have = set(sa.inspect(op.get_bind()).get_table_names())
    if "profiles" not in have:
        op.create_table(
            "profiles",
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("name", _NAME, nullable=False, unique=True),
            sa.Column("created_at", sa.Text(), nullable=False),
        )
    if "answers" not in have:
        op.create_table(
            "answers",
            sa.Column("id", _ID, primary_key=True),
            sa.Column("profile_id", sa.Integer(), sa.ForeignKey("profiles.id"), nullable=False),
            sa.Column("answered_at", sa.Text(), nullable=False),
            sa.Column("question_id", sa.Text(), nullable=False),
            sa.Column("topic", sa.Text(), nullable=False),
            sa.Column("correct", sa.Integer(), sa.CheckConstraint("correct IN (0, 1)"),
                      nullable=False),
            sa.Column("selected", sa.Text(), nullable=False),
            sa.Column("mode", sa.Text(), nullable=False),
            sa.UniqueConstraint("profile_id", "answered_at", "question_id"),
        )
        op.create_index("answers_by_profile", "answers", ["profile_id", "answered_at"])
    if "cards" not in have:
        op.create_table(
            "cards",
            sa.Column("profile_id", sa.Integer(), sa.ForeignKey("profiles.id"), nullable=False),
            sa.Column("term_id", sa.Text(), nullable=False),
            sa.Column("card", sa.Text(), nullable=False),
            sa.Column("updated_at", sa.Text(), nullable=False),
            sa.PrimaryKeyConstraint("profile_id", "term_id"),
        )
    if "exams" not in have:
        op.create_table(
            "exams",
            sa.Column("id", _ID, primary_key=True),
            sa.Column("profile_id", sa.Integer(), sa.ForeignKey("profiles.id"), nullable=False),
            sa.Column("started_at", sa.Text(), nullable=False),
            sa.Column("finished_at", sa.Text(), nullable=False),
            sa.Column("correct", sa.Integer(), nullable=False),
            sa.Column("total", sa.Integer(), nullable=False),
            sa.Column("details", sa.Text(), nullable=False),
        )


def downgrade() -> None:
    for table in ("exams", "cards", "answers", "profiles"):
        op.drop_table(table)
