#!/usr/bin/python3
"""Golden wave comparison for testdata/gaps read with waves.yaml (every
response valid, unweighted): for each dimension score (mean of answered
items when at least half are answered), item, overall and the NPS item,
the latest wave (2026Q3) against the previous (2026Q2) with
scipy.stats.ttest_ind(equal_var=False); the NPS change in points with
z = diff / sqrt(se1^2 + se2^2), se = 100 sqrt((p + d - (p - d)^2) / n).
Usage: waves_oracle.py testdata/gaps/gaps.csv > testdata/gaps/expected_waves.json"""
import csv
import json
import sys

import numpy as np
import scipy.stats

rows = list(csv.DictReader(open(sys.argv[1])))


def col(name, wave):
    return np.array([float(r[name]) if r[name] != "" else np.nan
                     for r in rows if r["quarter"] == wave])


def score(cols, wave):
    x = np.column_stack([col(c, wave) for c in cols])
    answered = (~np.isnan(x)).sum(axis=1)
    with np.errstate(invalid="ignore"):
        m = np.nanmean(x, axis=1)
    return np.where(answered >= len(cols) / 2, m, np.nan)


def compare(a, b):
    a, b = a[~np.isnan(a)], b[~np.isnan(b)]
    t = scipy.stats.ttest_ind(a, b, equal_var=False)
    return {"n_latest": len(a), "n_previous": len(b), "latest": a.mean(),
            "previous": b.mean(), "diff": a.mean() - b.mean(),
            "t": t.statistic, "p": t.pvalue}


def nps(x):
    x = x[~np.isnan(x)]
    p, d = (x >= 9).mean(), (x <= 6).mean()
    return 100 * (p - d), 100 * np.sqrt((p + d - (p - d) ** 2) / len(x))


out = {"service": compare(score(["P1", "P2", "P3"], "2026Q3"),
                          score(["P1", "P2", "P3"], "2026Q2")),
       "staff": compare(score(["P4", "P5"], "2026Q3"),
                        score(["P4", "P5"], "2026Q2"))}
for c in ["P1", "P2", "P3", "P4", "P5", "overall"]:
    out[c] = compare(col(c, "2026Q3"), col(c, "2026Q2"))
(a, sa), (b, sb) = nps(col("nps", "2026Q3")), nps(col("nps", "2026Q2"))
z = (a - b) / np.sqrt(sa ** 2 + sb ** 2)
out["nps"] = {"latest": a, "previous": b, "diff": a - b, "t": z,
              "p": 2 * scipy.stats.norm.sf(abs(z))}
json.dump(out, sys.stdout, indent=1, default=float)
