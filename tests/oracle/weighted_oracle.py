#!/usr/bin/python3
"""Golden weighted figures for testdata/gaps read with weighted.yaml,
computed with numpy and scipy by the definitions satpipe documents (not by
satpipe's code):
- weights 0 (or missing) give an answer no say; n counts the others;
- mean = sum(w x) / sum(w); variance = sum(w) / (sum(w)^2 - sum(w^2)) *
  sum(w (x - mean)^2) (GSL's gsl_stats_wvariance; the usual n - 1 variance
  when all weights are 1); Kish's n_eff = sum(w)^2 / sum(w^2);
  se = sd / sqrt(n_eff); 95% CI with Student's t on n_eff - 1 df;
- top-2 / bottom-2 box: weighted shares of 4-5 and 1-2;
- weighted median: where the cumulative weight passes half the total;
- gaps: the same on the paired differences, t = mean / se, two-sided p;
- NPS: weighted shares p, d; SE = 100 sqrt((p + d - (p - d)^2) / n_eff).
Usage: weighted_oracle.py testdata/gaps/gaps.csv > testdata/gaps/expected_weighted.json
"""
import csv
import json
import sys

import numpy as np
import scipy.stats

rows = list(csv.DictReader(open(sys.argv[1])))


def col(name):
    return np.array([float(r[name]) if r[name] != "" else np.nan
                     for r in rows])


W = col("w")


def describe(x, w=W, box=True):
    ok = ~np.isnan(x) & (w > 0)
    x, w = x[ok], w[ok]
    sw, sw2 = w.sum(), (w * w).sum()
    mean = (w * x).sum() / sw
    var = sw / (sw * sw - sw2) * (w * (x - mean) ** 2).sum()
    n_eff = sw * sw / sw2
    se = np.sqrt(var) / np.sqrt(n_eff)
    t = scipy.stats.t.ppf(0.975, n_eff - 1)
    order = np.argsort(x, kind="stable")
    cum = np.cumsum(w[order])
    i = int(np.argmax(cum > sw / 2))
    out = {"n": int(ok.sum()), "n_eff": n_eff, "mean": mean,
           "sd": float(np.sqrt(var)), "se": se, "ci_low": mean - t * se,
           "ci_high": mean + t * se, "median": float(x[order][i])}
    if box:
        out["top2"] = w[x >= 4].sum() / sw
        out["bottom2"] = w[x <= 2].sum() / sw
    return out


def score(cols):
    x = np.column_stack([col(c) for c in cols])
    answered = (~np.isnan(x)).sum(axis=1)
    with np.errstate(invalid="ignore"):
        m = np.nanmean(x, axis=1)
    return np.where(answered >= len(cols) / 2, m, np.nan)


def gap(d):
    out = describe(d, box=False)
    out.pop("median")
    out["t"] = out["mean"] / out["se"]
    out["p"] = 2 * scipy.stats.t.sf(abs(out["t"]), out["n_eff"] - 1)
    return out


result = {"P%d" % k: describe(col("P%d" % k)) for k in range(1, 6)}
result["overall"] = describe(col("overall"))
result["service"] = describe(score(["P1", "P2", "P3"]))
result["gap_P1"] = gap(col("P1") - col("E1"))
result["gap_service"] = gap(score(["P1", "P2", "P3"]) -
                            score(["E1", "E2", "E3"]))
x = col("nps")
ok = ~np.isnan(x) & (W > 0)
x, w = x[ok], W[ok]
p, d = w[x >= 9].sum() / w.sum(), w[x <= 6].sum() / w.sum()
n_eff = w.sum() ** 2 / (w * w).sum()
result["nps"] = {"promoters": p, "detractors": d, "nps": 100 * (p - d),
                 "nps_se": 100 * np.sqrt((p + d - (p - d) ** 2) / n_eff)}
json.dump(result, sys.stdout, indent=1, default=float)
sys.stdout.write("\n")
