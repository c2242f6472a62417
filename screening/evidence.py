"""The studies behind the model's values, by the citation keys used in `screening.scoring`.

Each reference repeats what `clinical-evidence.md` records about the study, nothing more: who
and when, where it appeared, what it looked at, and the figure the model quotes from it.
Bibliographic text is not translated.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_YEAR_AND_AFTER = re.compile(r"\s*\b(19|20)\d\d\b.*$")


class Reference(NamedTuple):
    # Author and year, as people cite it: "Vroomen 2002".
    name: str
    # Journal or kind of source, with the study size when known.
    source: str
    # What it looked at.
    about: str
    # The figure the model quotes (empty when it gives none).
    figure: str = ""

    @property
    def short(self) -> str:
        """How a factor names it: "Vroomen 2002 (JNNP)", the journal without its year."""
        journal = _YEAR_AND_AFTER.sub("", self.source.split(",")[0].split(";")[0])
        return f"{self.name} ({journal})" if journal else self.name


REFERENCES: dict[str, Reference] = {
    "majlesi2008": Reference(
        "Majlesi 2008",
        "J Clin Rheumatol 2008;14:87, n=75",
        "slump test against MRI disc herniation",
        "sens 0.84, spec 0.83, LR+ 4.9, LR- 0.19 (one appraisal swaps the specificities)",
    ),
    "urban2015": Reference(
        "Urban 2015",
        "JOSPT 2015, n=21",
        "slump test against a neurosensory examination",
        "sens 0.91, spec 0.70, LR+ 3.0, LR- 0.13; with pain below the knee spec 1.00, LR+ 11.9",
    ),
    "mkumbuzi": Reference(
        "Mkumbuzi",
        "Kigali pilot study, n=33",
        "slump test against MRI",
        "sens 0.80, spec 0.71, LR+ 2.8, LR- 0.28",
    ),
    "deville2000": Reference(
        "Devillé 2000",
        "Spine 2000, surgical series",
        "straight leg raise",
        "sens 0.91, spec 0.26, LR+ 1.23, LR- 0.35",
    ),
    "vanderwindt2010": Reference(
        "van der Windt 2010",
        "Cochrane review 2010",
        "straight leg raise",
        "sens 0.92, spec 0.28",
    ),
    "vroomen2002": Reference(
        "Vroomen 2002",
        "JNNP 2002, n=274",
        "history and examination for nerve-root compression",
        "history alone AUC 0.80; the examination adds little (0.83); no figure per question",
    ),
    "mistry2020": Reference(
        "Mistry 2020",
        "review",
        "an 8-item history cluster for sciatica",
        "sens 0.72, spec 0.80, LR+ 3.6, LR- 0.35",
    ),
    "konstantinou2012": Reference(
        "Konstantinou 2012",
        "primary care",
        "features of sciatica in primary care",
        "pain below the knee the best single item, AUC 0.67",
    ),
    "stynes2018": Reference(
        "Stynes 2018",
        "PLoS ONE 2018, n=394",
        "clinical prediction of sciatica",
        "AUC 0.82 against clinical assessment and MRI; no figure per question",
    ),
    "verrall2003": Reference(
        "Verrall 2003",
        "Am J Sports Med 2003, n=83",
        "athletes with a posterior thigh injury during sport",
        "82% MRI-confirmed strains",
    ),
    "turl1998": Reference(
        "Turl 1998",
        "JOSPT 1998",
        "slump test in rugby players with recurrent hamstring strains",
        "slump positive in 57% of them, 0% of controls",
    ),
    "kuilart2005": Reference(
        "Kuilart 2005",
        "",
        'slump test in people with "tight hamstrings"',
        "thigh symptoms in 36% of symptom-free people",
    ),
    "heiderscheit2010": Reference(
        "Heiderscheit 2010",
        "JOSPT 2010, expert table",
        "hamstring strain versus referred pain",
        "an expert table without figures (strain: bruising likely; referred pain: no bruising)",
    ),
    "zeren2006": Reference(
        "Zeren 2006",
        "Clin J Sport Med 2006",
        "taking-off-the-shoe test and resisted knee bending",
        "sens about 0.57, spec 1.00 (unblinded)",
    ),
    "martin2014": Reference(
        "Martin 2014",
        "KSSTA 2014",
        "deep gluteal (piriformis) syndrome tests",
        "seated piriformis stretch LR+ 5.2; active piriformis test LR+ 3.9",
    ),
    "hopayian2010": Reference(
        "Hopayian 2010",
        "review",
        "piriformis syndrome",
        "buttock pain, sciatic-notch tenderness, worse with sitting (how often, not LRs)",
    ),
    "cacchio2012": Reference(
        "Cacchio 2012",
        "BJSM 2012",
        "proximal hamstring tendinopathy tests",
        "bent-knee stretch sens 0.84, spec 0.87",
    ),
    # The red-flag rules' sources (screening.scoring.RULES).
    "finucane2020": Reference(
        "Finucane 2020", "JOSPT 2020", "an international framework for red flags in the spine"
    ),
    "dionne2019": Reference(
        "Dionne 2019",
        "review",
        "red flags of cauda equina syndrome",
        "flags specific when present, insensitive when absent",
    ),
    "nice_ng59": Reference("NICE NG59", "NICE guideline", "low back pain and sciatica in over 16s"),
    "nice_ng234": Reference(
        "NICE NG234",
        "NICE guideline",
        "spinal metastases and metastatic spinal cord compression",
        "MRI within a week; within 24 hours with neurological symptoms",
    ),
    "henschke2013": Reference(
        "Henschke 2013",
        "Cochrane review 2013",
        "red flags to screen for malignancy in low back pain",
        "a history of cancer raises the probability of spinal malignancy from 0.3% to 4.6%",
    ),
    "downie2013": Reference(
        "Downie 2013",
        "BMJ 2013",
        "red flags to screen for malignancy and fracture in low back pain",
        "long-term steroids: post-test probability of fracture about 33%",
    ),
}


def reference(key: str) -> Reference:
    """The reference for a citation key; an unknown key (an older stored one) as itself."""
    return REFERENCES.get(key) or Reference(key, "", "")
