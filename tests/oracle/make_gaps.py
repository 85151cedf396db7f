#!/usr/bin/python3
"""Writes testdata/gaps/: 40 respondents rating perceptions P1-P3 and their
expectations E1-E3 (SERVQUAL), two more items, overall, a 0-10
recommendation, a survey weight w (some weights 0) and a quarter (two
waves), with a few missing answers. survey.yaml reads it unweighted,
weighted.yaml with w, waves.yaml with the quarter as wave. Expected
figures come from gaps_oracle.R (R's t.test) and weighted_oracle.py
(numpy), not from here. Deterministic."""
import os
import random
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else "testdata/gaps"
rng = random.Random(5)
os.makedirs(OUT, exist_ok=True)
rows = []
for i in range(40):
    base = rng.uniform(2, 4.5)
    r = {"id": "G%02d" % i,
         "w": "%.2f" % rng.choice([0.5, 0.8, 1.0, 1.2, 1.5, 2.0]),
         "quarter": "2026Q2" if i < 20 else "2026Q3"}
    for k in range(1, 4):
        p = min(5, max(1, round(base + rng.gauss(0, 0.8))))
        e = min(5, max(1, round(base + 0.6 + rng.gauss(0, 0.7))))
        r["P%d" % k], r["E%d" % k] = str(p), str(e)
    for k in range(4, 6):
        r["P%d" % k] = str(min(5, max(1, round(base + rng.gauss(0, 0.9)))))
    r["overall"] = str(min(5, max(1, round(base + rng.gauss(0, 0.5)))))
    r["nps"] = str(min(10, max(0, round(2 * base + rng.gauss(0, 1.6)))))
    rows.append(r)
# Missing answers (one per row at most) and weights of 0.
for i, col in [(3, "E2"), (7, "P1"), (11, "E3"), (19, "P3"), (23, "nps"),
               (29, "overall"), (31, "P5")]:
    rows[i][col] = ""
for i in (5, 17):
    rows[i]["w"] = "0"
cols = ["id", "w", "quarter", "P1", "P2", "P3", "E1", "E2", "E3", "P4",
        "P5", "overall", "nps"]
with open(os.path.join(OUT, "gaps.csv"), "w") as f:
    f.write(",".join(cols) + "\n")
    for r in rows:
        f.write(",".join(r[c] for c in cols) + "\n")
spec = """# SERVQUAL gaps test data (tests/oracle/make_gaps.py).
title: Gaps test
scale: [1, 5]
id: id
overall: overall
nps: nps
%scleaning: {straightlining: false, min_answered: false}
dimensions:
  - key: service
    items: [P1, P2, P3]
    expectations: [E1, E2, E3]
  - key: staff
    items: [P4, P5]
"""
with open(os.path.join(OUT, "survey.yaml"), "w") as f:
    f.write(spec % "")
with open(os.path.join(OUT, "weighted.yaml"), "w") as f:
    f.write(spec % "weight: w\n")
with open(os.path.join(OUT, "waves.yaml"), "w") as f:
    f.write(spec % "wave: quarter\n")
