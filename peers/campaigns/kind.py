"""Campaigns and their updates as kinds of contribution: anyone logged in can report one to
the moderators, who hide, keep or restore it as they do reviews (peers.community). People
support campaigns (peers.campaigns.services); they do not vote them helpful."""

from flask import url_for
from sqlalchemy.orm import joinedload, selectinload

from peers.campaigns.models import Campaign, CampaignFlag, CampaignUpdate, CampaignUpdateFlag
from peers.community.kinds import Kind


def _platform_ids(campaign: Campaign) -> set[int]:
    return {platform.id for platform in campaign.platforms}


CAMPAIGNS = Kind(
    name="campaign", blueprint="campaigns", model=Campaign, vote_model=None,
    flag_model=CampaignFlag, decision_column="campaign_id",
    decide_endpoint="campaigns.decide",
    subject=lambda campaign: campaign.title,
    label=lambda campaign: f"the campaign “{campaign.title}”",
    page_url=lambda campaign: url_for("campaigns.show", campaign_id=campaign.id),
    load_options=lambda: (joinedload(Campaign.organizer), selectinload(Campaign.platforms)),
    excerpt_template="campaigns/_excerpt.html",
    moderation_template="campaigns/_moderation.html",
    plural="campaigns", singular="campaign", left_out_of="list or count",
    form_key="campaign", anchor="campaign", noun="campaign",
    unpublished="This campaign is not published.",
    platform_ids=_platform_ids,
)

CAMPAIGN_UPDATES = Kind(
    name="campaign_update", blueprint="campaign_updates", model=CampaignUpdate, vote_model=None,
    flag_model=CampaignUpdateFlag, decision_column="campaign_update_id",
    decide_endpoint="campaigns.decide_update",
    subject=lambda update: update.campaign.title,
    label=lambda update: f"an update of the campaign “{update.campaign.title}”",
    page_url=lambda update: url_for("campaigns.show", campaign_id=update.campaign_id,
                                    _anchor=f"update-{update.id}"),
    load_options=lambda: (joinedload(CampaignUpdate.campaign).selectinload(Campaign.platforms),
                          joinedload(CampaignUpdate.author), joinedload(CampaignUpdate.platform)),
    excerpt_template="campaigns/_update_excerpt.html",
    moderation_template="campaigns/_moderation_update.html",
    plural="campaign updates and responses", singular="campaign update or response",
    left_out_of="campaign page", form_key="campaign-update", anchor="campaign-update",
    noun="update",
    unpublished="This update is not published.",
    platform_ids=lambda update: _platform_ids(update.campaign),
)
