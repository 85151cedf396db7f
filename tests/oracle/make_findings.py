#!/usr/bin/python3
"""Writes testdata/findings/: two waves of a small survey whose truth is
planted, for the Summary's findings, the Recovery list and the KANO sheet.

Planted: Speed drops 0.6 points from 2026Q2 to 2026Q3 (Staff and Price
stay); Price is the weak dimension (about 1.1 points under the others);
the South region scores 0.5 lower on everything; a consent column with
yes/no in English and Chinese; comments that look like formulas; two
KANO features, one answered with labels, one with codes.

Deterministic (a seeded random.Random): run it again and the files are the
same bytes. The expected figures come from findings_oracle.py."""
import os
import random
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else "testdata/findings"
rng = random.Random(20261124)

SPEC = """\
# Planted truth for the findings tests (tests/oracle/make_findings.py).
title: Findings fixture
language: en
scale: [1, 5]
id: rid
wave: wave
overall: sat
nps: recommend
comment: remark
contact: email
consent: may_call
segments: [region]
cleaning: {speeders: false, straightlining: false, duplicates: false}
dimensions:
  - key: speed
    label: Speed
    items: [SP1, SP2, SP3]
  - key: staff
    label: Staff
    items: [ST1, ST2, ST3]
  - key: price
    label: Price
    items: [PR1, PR2, PR3]
kano:
  - {feature: Same-day delivery, functional: K1F, dysfunctional: K1D}
  - {feature: Gift wrapping, functional: K2F, dysfunctional: K2D}
"""

# Planted means per wave; South is 0.5 lower on all.
MEANS = {"2026Q2": {"speed": 3.9, "staff": 3.7, "price": 2.6},
         "2026Q3": {"speed": 3.3, "staff": 3.7, "price": 2.6}}
REGIONS = ["North", "South", "East"]
YES = ["yes", "Yes", "是", "1"]
NO = ["no", "No", "否", "0", ""]
KANO_LABELS = ["I like it", "It must be that way", "I am neutral",
               "I can live with it", "I dislike it"]
COMMENTS = ["", "", "", "Slow checkout", "=HYPERLINK(\"http://x\")",
            "+44 20 7946 0000", "@admin please call", "-2 stars, slow"]


def clip(v, lo, hi):
    return max(lo, min(hi, v))


def rating(latent):
    return clip(int(round(latent + rng.gauss(0, 0.7))), 1, 5)


def kano_pair(profile):
    """Functional and dysfunctional codes 1-5 drawn around a profile, one
    in six at random (which gives reverse and questionable answers)."""
    if rng.random() < 1 / 6:
        return rng.randint(1, 5), rng.randint(1, 5)
    if profile == "must":
        return rng.choice([2, 3, 3, 4]), rng.choice([5, 5, 5, 4])
    return rng.choice([1, 1, 1, 3]), rng.choice([3, 3, 4, 2])


def main():
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "survey.yaml"), "w") as f:
        f.write(SPEC)
    head = ["rid", "wave", "region", "may_call", "email", "remark"]
    for p in ("SP", "ST", "PR"):
        head += [f"{p}{i}" for i in (1, 2, 3)]
    head += ["sat", "recommend", "K1F", "K1D", "K2F", "K2D"]
    rows = []
    n = 0
    for wave in ("2026Q2", "2026Q3"):
        for _ in range(240):
            n += 1
            region = REGIONS[n % 3]
            person = rng.gauss(0, 0.4) - (0.5 if region == "South" else 0)
            dims = {k: m + person for k, m in MEANS[wave].items()}
            items = [rating(dims[k]) for k in ("speed", "staff", "price")
                     for _ in range(3)]
            latent = (0.5 * dims["speed"] + 0.3 * dims["staff"] +
                      0.2 * dims["price"])
            sat = rating(latent)
            rec = clip(int(round(2.5 * latent - 1 + rng.gauss(0, 1.2))), 0, 10)
            consent = rng.choice(YES + NO)
            f1, d1 = kano_pair("must")
            f2, d2 = kano_pair("attractive")
            row = [f"F{n:04d}", wave, region, consent,
                   f"f{n:04d}@example.com", rng.choice(COMMENTS)]
            row += [str(v) for v in items]
            row += [str(sat), str(rec), KANO_LABELS[f1 - 1],
                    KANO_LABELS[d1 - 1], str(f2), str(d2)]
            rows.append(row)
    with open(os.path.join(OUT, "findings.csv"), "w", newline="") as f:
        import csv
        w = csv.writer(f, lineterminator="\n")
        w.writerow(head)
        w.writerows(rows)


main()
