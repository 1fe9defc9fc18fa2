"""places each offer serves, filled from its vendor's areas

Revision ID: 5e1a7c0ffe19
Revises: 7f2979b50356
Create Date: 2026-12-04 18:50:00

Every offer now states the countries and regions whose workers it can serve, whatever the
delivery; a remote offer reaches only those places. Existing offers take their vendor's areas.
"""
from alembic import op
import sqlalchemy as sa


revision = '5e1a7c0ffe19'
down_revision = '7f2979b50356'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'offer_area',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('offer_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('country_code', sa.String(length=2), nullable=False),
        sa.Column('kind', sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(['offer_id'], ['offer.id'],
                                name=op.f('fk_offer_area_offer_id_offer'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_offer_area')),
        sa.UniqueConstraint('offer_id', 'name', name='uq_offer_area_name'),
    )
    with op.batch_alter_table('offer_area', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offer_area_offer_id'), ['offer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_offer_area_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_offer_area_country_code'), ['country_code'],
                              unique=False)
    # Each offer serves where its vendor works, until the vendor says otherwise.
    op.execute(
        "INSERT INTO offer_area (offer_id, name, country_code, kind) "
        "SELECT offer.id, vendor_area.name, vendor_area.country_code, vendor_area.kind "
        "FROM offer JOIN vendor_area ON vendor_area.vendor_id = offer.vendor_id"
    )
    # The offer documents change shape: touch the offers so every index catches up.
    op.execute("UPDATE offer SET updated_at = CURRENT_TIMESTAMP")


def downgrade():
    with op.batch_alter_table('offer_area', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offer_area_country_code'))
        batch_op.drop_index(batch_op.f('ix_offer_area_name'))
        batch_op.drop_index(batch_op.f('ix_offer_area_offer_id'))
    op.drop_table('offer_area')
