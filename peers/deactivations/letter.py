"""The text of a data-access request a deactivated worker sends their platform. Built from what
they typed; nothing is stored."""

from datetime import date

from peers.deactivations.guide import Fact, Guide

EEA_RIGHTS = ("gdpr-access",)


def _law(guide: Guide, country: str | None) -> str:
    keys = {right.key for right in guide.rights_for(country)} if country else set()
    if "gdpr-access" in keys:
        return ("Article 15 of the General Data Protection Regulation (EU) 2016/679, and "
                "Article 22 as to any decision based solely on automated processing")
    if "uk-gdpr-access" in keys:
        return ("Article 15 of the UK General Data Protection Regulation and the Data "
                "Protection Act 2018")
    if "ccpa" in keys:
        return ("the California Consumer Privacy Act (if I am a California resident) and any "
                "other privacy law that applies to me")
    return "the data protection law that applies to me and your own privacy policy"


def compose(guide: Guide, platform_name: str, privacy: Fact | None, name: str, email: str,
            country: str | None, details: str, today: date) -> str:
    """The letter, in plain text, ready to copy into an email or a form."""
    to = (f"To: {platform_name}, privacy team ({privacy.url})" if privacy
          else f"To: {platform_name}, privacy team (use the contact in its privacy policy)")
    extra = f"\n\n{details}" if details else ""
    return f"""{to}
Date: {today.isoformat()}
Subject: Request for access to my personal data

Dear {platform_name} privacy team,

I am writing under {_law(guide, country)} to ask for a copy of all the personal data you hold
about me, as the person who worked through your platform with the account registered to
{email}.

Please send me:
1. A copy of my personal data, including trip, delivery or job records, ratings and customer
   feedback about me, messages, location data, and any profile or score you keep about me.
2. The purposes of the processing and the recipients to whom my data was disclosed.
3. Where the data did not come from me, its source.
4. Whether my account was restricted, suspended or deactivated by automated decision-making,
   including profiling, and if so meaningful information about the logic involved, its
   significance and the consequences for me; and the facts and reasons that led to the
   decision about my account.
5. How long you will keep each category of data.{extra}

Please reply within the time the law allows (one month where the GDPR or UK GDPR applies) and
send the data in a commonly used electronic format.

Yours sincerely,
{name}
{email}
"""
