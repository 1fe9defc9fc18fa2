"""platform earning flag, its note, and the uses it earns through

Revision ID: 5d1e0a7c9b42
Revises: 27c0d9bba64b
Create Date: 2026-12-04 18:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5d1e0a7c9b42'
down_revision = '27c0d9bba64b'
branch_labels = None
depends_on = None


def upgrade():
    # Existing rows are earning platforms with no uses until the catalog is loaded again.
    with op.batch_alter_table('platform', schema=None) as batch_op:
        batch_op.add_column(sa.Column('earning', sa.Boolean(), server_default=sa.true(),
                                      nullable=False))
        batch_op.add_column(sa.Column('earning_note', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('uses', sa.JSON(), server_default='[]', nullable=False))


def downgrade():
    with op.batch_alter_table('platform', schema=None) as batch_op:
        batch_op.drop_column('uses')
        batch_op.drop_column('earning_note')
        batch_op.drop_column('earning')
