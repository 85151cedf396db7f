#!/usr/bin/python3
"""Independent oracle for satpipe's figures: reads the same spec and exports
with Python's csv module and computes every figure of satpipe's JSON with
numpy, scipy and statsmodels (Debian packages), following the rules as the
README states them, not satpipe's code:

- a rating cell is blank (no answer), a whole number or an answer label of
  the spec; a missing code means no answer (on the 0-10 NPS item, codes
  inside 0-10 are answers); a number outside the item's answers or any
  other text is an invalid value and counts as no answer;
- a row with fewer fields than the header (up to its last named column),
  or with non-empty fields beyond it, is excluded ("ragged_row"); then, in
  this order, the first rule a response fails excludes it: no rating
  answered ("no_answers"); the same id as a later row ("duplicate"); one
  raw answer to every item of each grid (dimension of 4+ items) answered
  with 4+ items ("straightliner"); more than 3 invalid values
  ("invalid_values"); fewer than half the items answered
  ("too_little_answered"). (The test spec has no duration column, so there
  are no speeders to find.)
- reversed items are recoded min + max - v;
- a dimension score is the mean of the answered items when at least half
  are answered;
- n, missing, mean, sd (ddof 1), se, 95% t interval (scipy.stats.t),
  top-2-box (share >= max - 1) over valid responses;
- median, min, max, bottom-2-box (two lowest points), the distribution of
  items over the scale points; reliability per dimension on the rows that
  answered all its items: Cronbach's alpha, standardised alpha, mean
  inter-item r, corrected item-total r, alpha if deleted, Feldt interval
  (scipy.stats.f); NPS = 100 (p - d), SE = 100 sqrt((p + d - (p-d)^2)/n);
- drivers of overall on dimension scores and, second, on the items:
  statsmodels OLS on z-scores (betas, SE, t, p), VIF (statsmodels),
  Johnson's relative weights (numpy eigh), exact Shapley values over all
  subsets, ranks; complete cases.

Usage: servqual_oracle.py SPEC INPUT_DIR > expected.json
"""
import csv
import glob
import json
import math
import os
import sys

import numpy as np
import scipy.stats
import statsmodels.api as sm
import yaml


def convert(text, spec, lo, hi, is_nps):
    """Returns (value or None, invalid?)."""
    text = text.strip(" \t")
    if text == "":
        return None, False
    try:
        v = float(text)
    except ValueError:
        if text in spec.get("labels", {}):
            v = float(spec["labels"][text])
        else:
            return None, True
    if v != math.floor(v):
        return None, True
    v = int(v)
    in_range = lo <= v <= hi
    if v in spec.get("missing", []) and not (is_nps and in_range):
        return None, False
    if not in_range:
        return None, True
    return v, False


EXCLUSION_KEYS = ["cut_off", "ragged_row", "nul_bytes", "oversized_field",
                  "preview", "unfinished", "no_answers", "duplicate",
                  "attention", "speeder", "straightliner", "low_variability",
                  "invalid_values", "too_little_answered"]


def first_reason(row, rows, k, ratings, items, grids):
    """The first exclusion rule row k fails, or None."""
    if row["__ragged"]:
        return "ragged_row"
    if all(row[c] is None for c in ratings):
        return "no_answers"
    rid = row.get("__id")
    if rid and any(other.get("__id") == rid and not other["__ragged"]
                   for other in rows[k + 1:]):
        return "duplicate"      # a later row has the same id: keep that
    answered = [[row[i] for i in g if row[i] is not None] for g in grids]
    answered = [a for a in answered if len(a) >= 4]
    if answered and all(len(set(a)) == 1 for a in answered):
        return "straightliner"
    if row["__invalid"] > 3:
        return "invalid_values"
    if sum(row[i] is not None for i in items) < 0.5 * len(items):
        return "too_little_answered"
    return None


def describe(values, top_from, scale=None):
    """Descriptives; with scale=(lo, hi), also the distribution over its
    points. Box scores are the two top / bottom points (5-point scale)."""
    x = np.array([v for v in values if v is not None], dtype=float)
    n = len(x)
    out = {"n": n, "missing": len(values) - n, "mean": None, "sd": None,
           "se": None, "ci_low": None, "ci_high": None, "top2": None}
    if n >= 1:
        out["mean"] = float(x.mean())
        out["top2"] = float((x >= top_from).mean())
        out["median"] = float(np.median(x))
        out["min"], out["max"] = float(x.min()), float(x.max())
        out["bottom2"] = float((x <= top_from - 2).mean())
        if scale:
            out["distribution"] = [
                {"value": float(v), "count": int((x == v).sum()),
                 "share": float((x == v).mean())}
                for v in range(scale[0], scale[1] + 1)]
    if n >= 2:
        sd = float(x.std(ddof=1))
        se = sd / math.sqrt(n)
        t = scipy.stats.t.ppf(0.975, n - 1)
        out.update(sd=sd, se=se, ci_low=out["mean"] - t * se,
                   ci_high=out["mean"] + t * se)
    return out


def reliability(rows, cols):
    """Cronbach's alpha on the rows answering every column (listwise), its
    Feldt interval (scipy's F quantiles), standardised alpha, mean
    inter-item r, corrected item-total r and alpha if deleted."""
    x = np.array([[r[c] for c in cols] for r in rows
                  if all(r[c] is not None for c in cols)], dtype=float)
    n, k = x.shape

    def alpha(m):
        kk = m.shape[1]
        return kk / (kk - 1) * (1 - m.var(axis=0, ddof=1).sum() /
                                m.sum(axis=1).var(ddof=1))
    a = alpha(x)
    r = np.corrcoef(x, rowvar=False)
    mean_r = r[np.triu_indices(k, 1)].mean()
    total = x.sum(axis=1)
    item_total = [np.corrcoef(x[:, i], total - x[:, i])[0, 1] for i in range(k)]
    deleted = [alpha(np.delete(x, i, axis=1)) if k > 2 else None
               for i in range(k)]
    f = scipy.stats.f
    return {"alpha": a, "alpha_std": k * mean_r / (1 + (k - 1) * mean_r),
            "mean_r": mean_r, "alpha_n": n,
            "alpha_ci": [1 - (1 - a) * f.ppf(0.975, n - 1, (n - 1) * (k - 1)),
                         1 - (1 - a) * f.ppf(0.025, n - 1, (n - 1) * (k - 1))]
            }, item_total, deleted


def r2_of(R, r, subset):
    """R^2 of the outcome on the drivers in subset, from correlations."""
    if not subset:
        return 0.0
    idx = list(subset)
    return float(r[idx] @ np.linalg.solve(R[np.ix_(idx, idx)], r[idx]))


def drivers(rows, y_all):
    """Key drivers over complete rows: statsmodels OLS on z-scores (betas,
    SE, t, p), R^2 and adjusted R^2 from the same fit, VIF from statsmodels,
    Johnson's relative weights with numpy's eigh, exact Shapley values over
    all subsets (itertools), and ranks of the rescaled weights."""
    import itertools
    from statsmodels.stats.outliers_influence import variance_inflation_factor
    complete = [k for k in range(len(rows)) if y_all[k] is not None and
                all(v is not None for v in rows[k])]
    X = np.array([rows[k] for k in complete], dtype=float)
    y = np.array([y_all[k] for k in complete], dtype=float)
    n, p = X.shape
    z = (X - X.mean(axis=0)) / X.std(axis=0, ddof=1)
    zy = (y - y.mean()) / y.std(ddof=1)
    fit = sm.OLS(zy, sm.add_constant(z)).fit()
    Xc = sm.add_constant(X)
    vif = [variance_inflation_factor(Xc, j + 1) for j in range(p)]
    C = np.corrcoef(np.column_stack([X, y]), rowvar=False)
    R, r = C[:p, :p], C[:p, p]
    lam, Q = np.linalg.eigh(R)
    L = Q @ np.diag(np.sqrt(lam)) @ Q.T
    bstar = np.linalg.solve(L, r)
    raw = (L ** 2) @ (bstar ** 2)
    pct = 100 * raw / raw.sum()
    shap = np.zeros(p)
    if p <= 15:
        for j in range(p):
            others = [k for k in range(p) if k != j]
            for size in range(p):
                w = (math.factorial(size) * math.factorial(p - size - 1) /
                     math.factorial(p))
                for S in itertools.combinations(others, size):
                    shap[j] += w * (r2_of(R, r, S + (j,)) - r2_of(R, r, S))
    items = []
    for j in range(p):
        e = {"r": float(r[j]), "beta": float(fit.params[j + 1]),
             "se": float(fit.bse[j + 1]), "t": float(fit.tvalues[j + 1]),
             "p": float(fit.pvalues[j + 1]), "vif": float(vif[j]),
             "rw_raw": float(raw[j]), "rw_pct": float(pct[j]),
             "rank": float(1 + (pct > pct[j]).sum())}
        if p <= 15:
            e["shapley"] = float(shap[j])
        items.append(e)
    return {"n": n, "r2": float(fit.rsquared), "adj_r2": float(fit.rsquared_adj),
            "items": items}


def main():
    spec_path, input_dir = sys.argv[1], sys.argv[2]
    with open(spec_path, encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    lo, hi = spec["scale"]
    ratings = {}          # column -> (lo, hi, is_nps)
    for d in spec["dimensions"]:
        for item in d["items"]:
            ratings[item] = (lo, hi, False)
    if "overall" in spec:
        ratings[spec["overall"]] = (lo, hi, False)
    if "nps" in spec:
        ratings[spec["nps"]] = (0, 10, True)

    rows, files = [], []
    for path in sorted(glob.glob(os.path.join(input_dir, "*.csv"))):
        with open(path, encoding="utf-8-sig", newline="") as f:
            records = [r for r in csv.reader(f) if r]
        header = [h.strip(" \t") for h in records[0]]
        needed = max(i for i, h in enumerate(header) if h) + 1
        invalid = 0
        for rec in records[1:]:
            row = {"__ragged": len(rec) < needed or
                   any(c.strip() for c in rec[len(header):])}
            row["__invalid"] = 0
            for col, (a, b, is_nps) in ratings.items():
                i = header.index(col)
                cell = rec[i] if i < len(rec) else ""
                row[col], bad = convert(cell, spec, a, b, is_nps)
                invalid += bad
                row["__invalid"] += bad
            if "id" in spec:
                i = header.index(spec["id"])
                row["__id"] = rec[i].strip() if i < len(rec) else ""
            rows.append(row)
        files.append({"path": os.path.basename(path),
                      "rows": len(records) - 1, "invalid_values": invalid})

    items = [i for d in spec["dimensions"] for i in d["items"]]
    grids = [d["items"] for d in spec["dimensions"] if len(d["items"]) >= 4]
    reasons = [first_reason(r, rows, k, ratings, items, grids)
               for k, r in enumerate(rows)]
    valid = [r for r, why in zip(rows, reasons) if why is None]
    excluded = {key: reasons.count(key) for key in EXCLUSION_KEYS}
    top_from = hi - 1
    result = {
        "responses": {"read": len(rows), "valid": len(valid),
                      "excluded": excluded},
        "files": files,
    }
    if "overall" in spec:
        result["overall"] = describe([r[spec["overall"]] for r in valid],
                                     top_from)
        result["overall"]["column"] = spec["overall"]

    scores = {}
    result["dimensions"] = []
    for d in spec["dimensions"]:
        rev = set(d.get("reverse", []))
        per_item = {}
        for item in d["items"]:
            per_item[item] = [None if r[item] is None else
                              (lo + hi - r[item] if item in rev else r[item])
                              for r in valid]
        dim_scores = []
        for k in range(len(valid)):
            answered = [per_item[i][k] for i in d["items"]
                        if per_item[i][k] is not None]
            ok = answered and len(answered) >= 0.5 * len(d["items"])
            dim_scores.append(float(np.mean(answered)) if ok else None)
        scores[d["key"]] = dim_scores
        entry = {"key": d["key"], "label": d.get("label", d["key"])}
        entry.update(describe(dim_scores, top_from))
        coded = [{i: per_item[i][k] for i in d["items"]}
                 for k in range(len(valid))]
        rel, item_total, deleted = reliability(coded, d["items"])
        entry.update(rel)
        entry["items"] = []
        for j, item in enumerate(d["items"]):
            e = {"column": item, "reversed": item in rev,
                 "item_total_r": item_total[j]}
            if deleted[j] is not None:
                e["alpha_if_deleted"] = deleted[j]
            e.update(describe(per_item[item], top_from, (lo, hi)))
            entry["items"].append(e)
        result["dimensions"].append(entry)

    if "nps" in spec:
        x = np.array([r[spec["nps"]] for r in valid
                      if r[spec["nps"]] is not None], dtype=float)
        p, dd = float((x >= 9).mean()), float((x <= 6).mean())
        se = 100 * np.sqrt((p + dd - (p - dd) ** 2) / len(x))
        z = scipy.stats.norm.ppf(0.975)
        result["nps"] = {"column": spec["nps"], "promoters": p,
                         "detractors": dd, "passives": 1 - p - dd,
                         "nps": 100 * (p - dd), "nps_se": se,
                         "nps_ci_low": 100 * (p - dd) - z * se,
                         "nps_ci_high": 100 * (p - dd) + z * se,
                         "n": len(x)}

    keys = [d["key"] for d in spec["dimensions"]]
    y_all = [r[spec["overall"]] for r in valid]
    result["drivers"] = drivers(
        [[scores[key][k] for key in keys] for k in range(len(valid))], y_all)
    coded_items = []
    for d in spec["dimensions"]:
        rev = set(d.get("reverse", []))
        for item in d["items"]:
            coded_items.append([None if r[item] is None else
                                (lo + hi - r[item] if item in rev else r[item])
                                for r in valid])
    result["item_drivers"] = drivers(
        [[col[k] for col in coded_items] for k in range(len(valid))], y_all)
    if "nps" in spec:
        nps_all = [r[spec["nps"]] for r in valid]
        result["nps_drivers"] = drivers(
            [[scores[key][k] for key in keys] for k in range(len(valid))],
            nps_all)
        result["nps_item_drivers"] = drivers(
            [[col[k] for col in coded_items] for k in range(len(valid))],
            nps_all)
    # Priorities (Martilla & James 1977): importance = rescaled relative
    # weight, performance = mean score; quadrants cut at the means of both;
    # index = importance x (scale max - mean) / (max - min); ranked by index.
    imp = [it["rw_pct"] for it in result["drivers"]["items"]]
    perf = [d["mean"] for d in result["dimensions"]]
    cut_i, cut_p = sum(imp) / len(imp), sum(perf) / len(perf)
    pri = []
    for key, i, pf in zip(keys, imp, perf):
        quadrant = ("concentrate_here" if i >= cut_i and pf < cut_p else
                    "keep_up_the_good_work" if i >= cut_i else
                    "possible_overkill" if pf >= cut_p else "low_priority")
        pri.append({"key": key, "importance": i, "performance": pf,
                    "quadrant": quadrant,
                    "index": i * max(0.0, hi - pf) / (hi - lo)})
    pri.sort(key=lambda e: (-e["index"], -e["importance"]))
    for rank, e in enumerate(pri, 1):
        e["rank"] = rank
    result["priorities"] = pri
    json.dump(result, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
