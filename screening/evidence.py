"""The studies behind the model's values, by the citation keys used in `screening.scoring`.

The descriptions repeat what `clinical-evidence.md` records about each study, nothing more.
"""

from __future__ import annotations

# Bibliographic text is not translated.
REFERENCES: dict[str, str] = {
    "majlesi2008": "Majlesi 2008: slump test against MRI disc herniation "
    "(J Clin Rheumatol 2008;14:87, n=75).",
    "urban2015": "Urban 2015: slump test against neurosensory examination (JOSPT 2015, n=21).",
    "mkumbuzi": "Mkumbuzi: slump test against MRI (Kigali pilot study, n=33).",
    "deville2000": "Devillé 2000: straight leg raise in surgical series (Spine 2000).",
    "vanderwindt2010": "van der Windt 2010: straight leg raise (Cochrane review 2010).",
    "vroomen2002": "Vroomen 2002: history and examination for nerve-root compression "
    "(JNNP 2002, n=274).",
    "mistry2020": "Mistry 2020: an 8-item history cluster for sciatica (review).",
    "konstantinou2012": "Konstantinou 2012: features of sciatica in primary care.",
    "stynes2018": "Stynes 2018: clinical prediction of sciatica (PLoS ONE 2018, n=394).",
    "verrall2003": "Verrall 2003: 83 athletes with a posterior thigh injury "
    "(Am J Sports Med 2003).",
    "turl1998": "Turl 1998: slump test in rugby players with recurrent hamstring strains "
    "(JOSPT 1998).",
    "kuilart2005": 'Kuilart 2005: slump test in people with "tight hamstrings".',
    "heiderscheit2010": "Heiderscheit 2010: hamstring strain versus referred pain "
    "(JOSPT 2010, expert table).",
    "zeren2006": "Zeren 2006: taking-off-the-shoe test and resisted knee bending "
    "(Clin J Sport Med 2006).",
    "martin2014": "Martin 2014: deep gluteal (piriformis) syndrome tests (KSSTA 2014).",
    "hopayian2010": "Hopayian 2010: piriformis syndrome review.",
    "cacchio2012": "Cacchio 2012: proximal hamstring tendinopathy tests (BJSM 2012).",
    # The red-flag rules' sources (screening.scoring.RULES).
    "finucane2020": "Finucane 2020: international framework for red flags in the spine (JOSPT).",
    "dionne2019": "Dionne 2019: cauda equina syndrome, a review of its red flags.",
    "nice_ng59": "NICE NG59: low back pain and sciatica in over 16s.",
    "nice_ng234": "NICE NG234: spinal metastases and metastatic spinal cord compression.",
    "henschke2013": "Henschke 2013: red flags to screen for malignancy in low back pain "
    "(Cochrane review).",
    "downie2013": "Downie 2013: red flags to screen for malignancy and fracture in low back "
    "pain (BMJ).",
}
