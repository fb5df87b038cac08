"""The key check value, persisted login failures, and a sweep over every stored case.

The sweep itself needs the key, which a migration does not have: the store runs it right after
opening, once per release (``store_meta.case_sweep``; see ``Store.sweep_once``), and
``python -m spouse_relief.storage.check`` runs it on demand. It changes no case: a case that no
longer validates opens in the repair view.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "store_meta",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("subject", sa.String(80), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_login_failures_subject", "login_failures", ["subject"])
    op.create_index("ix_login_failures_at", "login_failures", ["at"])


def downgrade() -> None:
    op.drop_index("ix_login_failures_at", table_name="login_failures")
    op.drop_index("ix_login_failures_subject", table_name="login_failures")
    op.drop_table("login_failures")
    op.drop_table("store_meta")
