#!/usr/bin/python3
"""Prints the expected values used by tests/unit/test_describe.c and
tests/unit/test_regress.c, computed with numpy, scipy and statsmodels
(Debian packages) independently of satpipe. Run it and compare with the
constants in those files."""
import numpy as np
import scipy.stats
import statsmodels.api as sm


def describe(name, x, top_from):
    x = np.asarray(x, dtype=float)
    x = x[~np.isnan(x)]
    n = len(x)
    sd = x.std(ddof=1)
    se = sd / np.sqrt(n)
    t = scipy.stats.t.ppf(0.975, n - 1)
    print("%s: n=%d mean=%.17g sd=%.17g se=%.17g t=%.17g ci=(%.17g, %.17g) top2=%.17g"
          % (name, n, x.mean(), sd, se, t, x.mean() - t * se, x.mean() + t * se,
             (x >= top_from).mean()))


describe("one_to_five", [1, 2, 3, 4, 5], 4)
describe("with_missing", [2, np.nan, 4, 4, np.nan, 5], 4)
describe("large_offset", [1e9 + v for v in (1, 2, 3, 4, 5)], 1e9 + 4)

# Regression case of test_regress.c: 8 respondents, 2 drivers.
x1 = np.array([3, 4, 2, 5, 4, 3, 1, 4], dtype=float)
x2 = np.array([2, 4, 3, 5, 3, 2, 2, 5], dtype=float)
y = np.array([3, 4, 2, 5, 3, 3, 1, 5], dtype=float)
fit = sm.OLS(y, sm.add_constant(np.column_stack([x1, x2]))).fit()
for j, x in enumerate((x1, x2)):
    print("regress x%d: r=%.17g beta=%.17g" % (
        j + 1, np.corrcoef(x, y)[0, 1],
        fit.params[j + 1] * x.std(ddof=1) / y.std(ddof=1)))
print("regress: r2=%.17g adj_r2=%.17g" % (fit.rsquared, fit.rsquared_adj))

# test_drivers.c: SE, p and VIF of the same fit on z-scores, and Johnson's
# relative weights with numpy.
from statsmodels.stats.outliers_influence import variance_inflation_factor
X = np.column_stack([x1, x2])
z = (X - X.mean(axis=0)) / X.std(axis=0, ddof=1)
zy = (y - y.mean()) / y.std(ddof=1)
zfit = sm.OLS(zy, sm.add_constant(z)).fit()
C = np.corrcoef(np.column_stack([X, y]), rowvar=False)
R, r = C[:2, :2], C[:2, 2]
lam, Q = np.linalg.eigh(R)
L = Q @ np.diag(np.sqrt(lam)) @ Q.T
raw = (L ** 2) @ (np.linalg.solve(L, r) ** 2)
for j in range(2):
    print("drivers x%d: se=%.17g p=%.17g vif=%.17g rw_raw=%.17g" % (
        j + 1, zfit.bse[j + 1], zfit.pvalues[j + 1],
        variance_inflation_factor(sm.add_constant(X), j + 1), raw[j]))

# test_between.c: Welch t, one-way and Welch ANOVA, Benjamini-Hochberg.
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.oneway import anova_oneway
g = [np.array([1, 2, 3, 4, 5.0]), np.array([2, 4, 6, 8, 10, 12.0]),
     np.array([3, 3, 4, 5.0])]
w = scipy.stats.ttest_ind(g[0], g[1], equal_var=False)
print("between welch: t=%.17g p=%.17g" % (w.statistic, w.pvalue))
f = scipy.stats.f_oneway(*g)
wa = anova_oneway(g, use_var="unequal")
print("between anova: f=%.17g p=%.17g welch_f=%.17g welch_p=%.17g df2=%.17g"
      % (f.statistic, f.pvalue, wa.statistic, wa.pvalue, wa.df[1]))
print("between bh:", " ".join("%.17g" % q for q in
      multipletests([0.01, 0.04, 0.03, 0.5], method="fdr_bh")[1]))
