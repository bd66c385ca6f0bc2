"""The vocabulary of meals with clients (domain §9): purposes, phases, channels, invitations,
venues, sides, our roles and the severity of a check."""

from __future__ import annotations

from clientbook.domain.labelled import LabelledEnum, labelled


@labelled("meals.purpose")
class MealPurpose(LabelledEnum):
    BUSINESS = "business"
    RELATIONSHIP = "relationship"


@labelled("meals.phase")
class ProjectPhase(LabelledEnum):
    KICKOFF = "kickoff"
    MILESTONE = "milestone"
    NEAR_CLOSE = "near_close"
    PROBLEM = "problem"


@labelled("meals.channel")
class Channel(LabelledEnum):
    PHONE = "phone"
    EMAIL = "email"
    WECHAT = "wechat"
    IN_PERSON = "in_person"


@labelled("meals.invite")
class InviteStatus(LabelledEnum):
    TO_INVITE = "to_invite"
    INVITED = "invited"
    ACCEPTED = "accepted"
    DECLINED = "declined"


@labelled("meals.venue")
class VenueLevel(LabelledEnum):
    UPSCALE = "upscale"
    MID_RANGE = "mid_range"
    CASUAL = "casual"


@labelled("meals.side")
class Side(LabelledEnum):
    GUEST = "guest"
    OURS = "ours"


@labelled("meals.role")
class OurRole(LabelledEnum):
    ME = "me"
    BOSS = "boss"
    COLLEAGUE = "colleague"


@labelled("meals.severity")
class Severity(LabelledEnum):
    INFO = "info"
    WARNING = "warning"
