"""The questionnaires' wording: the LEFS as published, our own words for the rest.

The LEFS is a fixed, validated instrument: its instructions, items and answers below follow
the published questionnaire (Binkley 1999) word for word. A translation must be a published,
validated one, not our own: the translator comments say so. The PSFS prescribes a structure,
not fixed wording (the patient names the activities), and the pain rating is one question, so
those are written in our own plain words. Scoring lives in outcomes.scoring.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from outcomes import scoring

# Translators: LEFS (a validated questionnaire). Use a published, validated translation only.
LEFS_INSTRUCTIONS = pgettext_lazy(
    "LEFS",
    "We are interested in knowing whether you are having any difficulty at all with the "
    "activities listed below because of your lower limb problem for which you are currently "
    "seeking attention. Please provide an answer for each activity.",
)
# Translators: LEFS (a validated questionnaire). Use a published, validated translation only.
LEFS_QUESTION = pgettext_lazy("LEFS", "Today, do you or would you have any difficulty at all with:")

# Translators: LEFS items (a validated questionnaire). Use a published, validated translation.
LEFS_ITEMS = (
    pgettext_lazy("LEFS", "Any of your usual work, housework, or school activities."),
    pgettext_lazy("LEFS", "Your usual hobbies, recreational or sporting activities."),
    pgettext_lazy("LEFS", "Getting into or out of the bath."),
    pgettext_lazy("LEFS", "Walking between rooms."),
    pgettext_lazy("LEFS", "Putting on your shoes or socks."),
    pgettext_lazy("LEFS", "Squatting."),
    pgettext_lazy("LEFS", "Lifting an object, like a bag of groceries from the floor."),
    pgettext_lazy("LEFS", "Performing light activities around your home."),
    pgettext_lazy("LEFS", "Performing heavy activities around your home."),
    pgettext_lazy("LEFS", "Getting into or out of a car."),
    pgettext_lazy("LEFS", "Walking 2 blocks."),
    pgettext_lazy("LEFS", "Walking a mile."),
    pgettext_lazy("LEFS", "Going up or down 10 stairs (about 1 flight of stairs)."),
    pgettext_lazy("LEFS", "Standing for 1 hour."),
    pgettext_lazy("LEFS", "Sitting for 1 hour."),
    pgettext_lazy("LEFS", "Running on even ground."),
    pgettext_lazy("LEFS", "Running on uneven ground."),
    pgettext_lazy("LEFS", "Making sharp turns while running fast."),
    pgettext_lazy("LEFS", "Hopping."),
    pgettext_lazy("LEFS", "Rolling over in bed."),
)

# Score and answer, from the published form's columns (0 on the left, 4 on the right).
LEFS_ANSWERS = (
    (0, pgettext_lazy("LEFS", "Extreme difficulty or unable to perform activity")),
    (1, pgettext_lazy("LEFS", "Quite a bit of difficulty")),
    (2, pgettext_lazy("LEFS", "Moderate difficulty")),
    (3, pgettext_lazy("LEFS", "A little bit of difficulty")),
    (4, pgettext_lazy("LEFS", "No difficulty")),
)

# The PSFS and the pain rating, in our own words.
PSFS_NAME_HELP = _(
    "Think of 3 everyday things that are hard for you, or that you cannot do, because of your "
    "leg or back problem. For example: walking to the bus, climbing stairs, playing football. "
    "You can add up to 5."
)
PSFS_RATE_QUESTION = _(
    "How well can you do each of these today? 0 means you cannot do it at all. 10 means you "
    "can do it as well as before your problem started."
)
PAIN_QUESTION = _(
    "How bad has your pain been in the last 24 hours? (0 = no pain, 10 = the worst pain you can "
    "imagine)"
)

NAMES = {
    "lefs": _("Lower Extremity Functional Scale (LEFS)"),
    "psfs": _("Patient-Specific Functional Scale (PSFS)"),
    "pain": _("Pain rating (0-10)"),
}

VERDICT_LABELS = {
    scoring.IMPROVED: _("Meaningful improvement"),
    scoring.NO_CHANGE: _("No meaningful change"),
    scoring.WORSE: _("Worse"),
}

REVIEW_LABELS = {
    scoring.REVIEW_NO_CHANGE: _("No meaningful change 4 weeks or more after the baseline"),
    scoring.REVIEW_WORSE: _("A measure is meaningfully worse than at the baseline"),
}
