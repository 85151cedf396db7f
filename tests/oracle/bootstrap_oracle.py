#!/usr/bin/python3
"""bootstrap_oracle.py - the textbook bootstrap of Johnson's relative weights,
resampling respondents one by one with numpy, for comparison with satpipe's
random-group bootstrap (which resamples SP_BOOTSTRAP_GROUPS random groups of
respondents once there are more respondents than groups).

Reads satpipe's --cleaned CSV (score_<dimension> columns and the overall
answer), keeps the complete rows, and prints JSON: per dimension the
rescaled weight (%) and its 2.5% / 97.5% percentiles over B resamples.

usage: bootstrap_oracle.py CLEANED.csv OVERALL_COLUMN B SEED
"""
import csv
import json
import sys

import numpy as np


def relative_weights(X, y):
    """Johnson (2000): raw weights from R^1/2 (numpy eigh), rescaled to %."""
    p = X.shape[1]
    C = np.corrcoef(np.column_stack([X, y]), rowvar=False)
    R, r = C[:p, :p], C[:p, p]
    lam, Q = np.linalg.eigh(R)
    L = Q @ np.diag(np.sqrt(lam)) @ Q.T
    raw = (L ** 2) @ (np.linalg.solve(L, r) ** 2)
    return 100 * raw / raw.sum()


def main():
    path, outcome, B, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), \
        int(sys.argv[4])
    rows = list(csv.DictReader(open(path, newline="")))
    dims = [c[len("score_"):] for c in rows[0] if c.startswith("score_")]
    data = [[row["score_" + d] for d in dims] + [row[outcome]] for row in rows]
    data = np.array([[float(v) for v in r] for r in data if all(r)])
    X, y = data[:, :-1], data[:, -1]
    rng = np.random.default_rng(seed)
    n = len(y)
    boot = np.array([relative_weights(X[i], y[i])
                     for i in (rng.integers(0, n, n) for _ in range(B))])
    pct = relative_weights(X, y)
    low, high = np.percentile(boot, [2.5, 97.5], axis=0)
    json.dump({d: {"rw_pct": float(pct[j]), "rw_ci_low": float(low[j]),
                   "rw_ci_high": float(high[j])}
               for j, d in enumerate(dims)}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
