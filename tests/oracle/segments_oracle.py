#!/usr/bin/python3
"""Independent segment statistics for satpipe's Segments sheet, from the
valid responses satpipe writes with --cleaned (respondent-level data whose
reading and cleaning other tests check): per segment value and measure
(score_<dimension>, overall, NPS item) n, mean, sd (n - 1), 95% t
interval (scipy);
each value against the rest with scipy.stats.ttest_ind(equal_var=False);
one-way ANOVA with scipy.stats.f_oneway and Welch's ANOVA with
statsmodels' anova_oneway(use_var="unequal"); Benjamini-Hochberg with
statsmodels' multipletests(method="fdr_bh") over every value-against-rest
test whose value and rest both have min_base responses or more.

Usage: segments_oracle.py CLEANED.csv MIN_BASE SEGMENT... -- MEASURE...
(MEASURE: a column of the cleaned CSV) > expected.json"""
import csv
import json
import sys

import numpy as np
import scipy.stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.oneway import anova_oneway

args = sys.argv[1:]
path, min_base = args[0], int(args[1])
split = args.index("--")
segments, measures = args[2:split], args[split + 1:]
rows = list(csv.DictReader(open(path, newline="")))


def values(rs, m):
    return np.array([float(r[m]) for r in rs if r[m] != ""])


out = {"columns": []}
family = []
for seg in segments:
    labels = sorted({r[seg] for r in rows if r[seg] != ""},
                    key=lambda v: (-sum(r[seg] == v for r in rows), v))
    with_value = [r for r in rows if r[seg] != ""]
    col = {"column": seg, "values": [], "anova": {}}
    for v in labels:
        group = [r for r in with_value if r[seg] == v]
        rest = [r for r in with_value if r[seg] != v]
        entry = {"value": v, "n": len(group), "measures": {}}
        for m in measures:
            g, o = values(group, m), values(rest, m)
            se = g.std(ddof=1) / np.sqrt(len(g))
            t = scipy.stats.t.ppf(0.975, len(g) - 1)
            test = scipy.stats.ttest_ind(g, o, equal_var=False)
            cell = {"n": len(g), "mean": g.mean(), "sd": g.std(ddof=1),
                    "ci_low": g.mean() - t * se,
                    "ci_high": g.mean() + t * se, "t": test.statistic,
                    "p": test.pvalue}
            entry["measures"][m] = cell
            if len(group) >= min_base and len(rest) >= min_base:
                family.append(cell)
        col["values"].append(entry)
    for m in measures:
        groups = [values([r for r in with_value if r[seg] == v], m)
                  for v in labels]
        f = scipy.stats.f_oneway(*groups)
        w = anova_oneway(groups, use_var="unequal")
        col["anova"][m] = {"f": f.statistic, "p": f.pvalue,
                           "welch_f": w.statistic, "welch_p": w.pvalue,
                           "welch_df2": w.df[1]}
    out["columns"].append(col)
q = multipletests([c["p"] for c in family], method="fdr_bh")[1]
for c, qq in zip(family, q):
    c["q"] = qq
out["family_size"] = len(family)
json.dump(out, sys.stdout, indent=1, default=float)
