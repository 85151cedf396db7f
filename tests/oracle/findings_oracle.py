#!/usr/bin/python3
"""Expected figures for testdata/findings (see make_findings.py), computed
here with numpy and scipy, independently of satpipe:

- changes since 2026Q2: Welch t-tests (scipy.stats.ttest_ind,
  equal_var=False) of dimension scores and overall satisfaction; the NPS by
  a z-test on the two standard errors (SE of a difference of shares of a
  multinomial, in points);
- the lowest dimension, and whether its 95% t interval ends below the next
  lowest's interval;
- the recovery list: valid responses with overall <= 2 or NPS <= 6, those
  whose consent answer is yes/1/是 listed, worst first (overall, NPS, lowest
  dimension score, line);
- KANO: each pair of answers classified by the evaluation table of Berger
  et al. (1993), typed in below from the paper, not from satpipe.

Usage: findings_oracle.py testdata/findings/findings.csv > expected.json"""
import csv
import json
import sys

import numpy as np
from scipy import stats

ROWS = list(csv.DictReader(open(sys.argv[1], newline="")))
DIMS = {"speed": ["SP1", "SP2", "SP3"], "staff": ["ST1", "ST2", "ST3"],
        "price": ["PR1", "PR2", "PR3"]}
LABELS = {"speed": "Speed", "staff": "Staff", "price": "Price"}
YES = {"yes", "1", "是"}

# Berger et al. (1993), table 2: functional answer (rows) by dysfunctional
# answer (columns); 1 like, 2 must-be, 3 neutral, 4 live with, 5 dislike.
EVALUATION = ["QAAAO",
              "RIIIM",
              "RIIIM",
              "RIIIM",
              "RRRRQ"]
KANO_LABELS = {"I like it": 1, "It must be that way": 2, "I am neutral": 3,
               "I can live with it": 4, "I dislike it": 5}
TIE_ORDER = "MOAIRQ"


def score(row, dim):
    return float(np.mean([int(row[c]) for c in DIMS[dim]]))


def nps(x):
    x = np.asarray(x)
    p, d = np.mean(x >= 9), np.mean(x <= 6)
    se = np.sqrt((p + d - (p - d) ** 2) / len(x)) * 100
    return 100 * (p - d), se


def changes():
    out = {}
    by = {w: [r for r in ROWS if r["wave"] == w] for w in ("2026Q2", "2026Q3")}
    measures = {k: (lambda r, k=k: score(r, k)) for k in DIMS}
    measures["overall"] = lambda r: float(r["sat"])
    for key, f in measures.items():
        a = [f(r) for r in by["2026Q3"]]
        b = [f(r) for r in by["2026Q2"]]
        t = stats.ttest_ind(a, b, equal_var=False)
        out[key] = {"diff": float(np.mean(a) - np.mean(b)),
                    "p": float(t.pvalue)}
    (na, sa), (nb, sb) = (nps([int(r["recommend"]) for r in by[w]])
                          for w in ("2026Q3", "2026Q2"))
    z = (na - nb) / np.hypot(sa, sb)
    out["nps"] = {"diff": float(na - nb),
                  "p": float(2 * stats.norm.sf(abs(z)))}
    for v in out.values():
        v["significant"] = v["p"] < 0.05
    return out


def lowest():
    ci = {}
    for k in DIMS:
        x = np.array([score(r, k) for r in ROWS])
        m, se = x.mean(), x.std(ddof=1) / np.sqrt(len(x))
        h = stats.t.ppf(0.975, len(x) - 1) * se
        ci[k] = (float(m), float(m - h), float(m + h))
    order = sorted(ci, key=lambda k: ci[k][0])
    low, nxt = order[0], order[1]
    return {"key": low, "label": LABELS[low], "mean": ci[low][0],
            "next": LABELS[nxt], "next_mean": ci[nxt][0],
            "clear": ci[low][2] < ci[nxt][1]}


def recovery():
    eligible, listed, refused = 0, [], 0
    for line, r in enumerate(ROWS, start=2):
        sat, rec = int(r["sat"]), int(r["recommend"])
        if not (sat <= 2 or rec <= 6):
            continue
        eligible += 1
        if r["may_call"].strip().lower() not in YES:
            refused += 1
            continue
        low = min(score(r, k) for k in DIMS)
        listed.append(((sat, rec, low, line), r["rid"]))
    listed.sort()
    return {"eligible": eligible, "not_consented": refused,
            "ids": [rid for _, rid in listed]}


def kano(fcol, dcol):
    counts = dict.fromkeys("MOAIRQ", 0)
    for r in ROWS:
        f, d = (KANO_LABELS.get(r[c]) or int(r[c]) for c in (fcol, dcol))
        counts[EVALUATION[f - 1][d - 1]] += 1
    top = max(counts.values())
    category = next(c for c in TIE_ORDER if counts[c] == top)
    a, o, m, i = (counts[c] for c in "AOMI")
    return {"counts": counts, "n": sum(counts.values()),
            "category": category, "better": (a + o) / (a + o + m + i),
            "worse": -(o + m) / (a + o + m + i)}


json.dump({"changes": changes(), "lowest": lowest(), "recovery": recovery(),
           "kano": {"Same-day delivery": kano("K1F", "K1D"),
                    "Gift wrapping": kano("K2F", "K2D")}},
          sys.stdout, indent=1, sort_keys=True)
print()
