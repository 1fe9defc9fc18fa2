"""Deactivation reports as a kind of contribution: anyone logged in can report one to the
moderators (for example a report that names a person); moderators hide, keep or restore it."""

from flask import url_for
from sqlalchemy.orm import joinedload

from peers.community.kinds import Kind
from peers.deactivations.models import DeactivationReport, DeactivationReportFlag

DEACTIVATION_REPORTS = Kind(
    name="deactivation_report", blueprint="deactivations", model=DeactivationReport,
    vote_model=None, flag_model=DeactivationReportFlag, decision_column="deactivation_report_id",
    decide_endpoint="deactivations.decide",
    subject=lambda report: report.platform.name,
    label=lambda report: f"a deactivation report about {report.platform.name}",
    page_url=lambda report: url_for("deactivations.platform", slug=report.platform.slug,
                                    _anchor=f"deactivation-{report.id}"),
    load_options=lambda: (joinedload(DeactivationReport.platform),
                          joinedload(DeactivationReport.author)),
    excerpt_template="deactivations/_excerpt.html",
    moderation_template="deactivations/_moderation.html",
    plural="deactivation reports", singular="deactivation report", left_out_of="count",
    form_key="deactivation", anchor="deactivation", noun="report",
    unpublished="This report is not published.",
    platform_ids=lambda report: {report.platform_id},
)
