/* analyze.h - the statistics: descriptives, key-driver regression, and the
 * run that fills sp_results from the scored data. Each statistic is a small
 * function over plain arrays that tests call directly; none knows about
 * workbooks. Missing values are NAN in the arrays. */
#ifndef SATPIPE_ANALYZE_H
#define SATPIPE_ANALYZE_H

#include <stddef.h>
#include <stdint.h>

#include "satpipe/clean.h"
#include "satpipe/dataset.h"
#include "satpipe/results.h"
#include "satpipe/score.h"

/* How to summarise a variable: its scale (for box scores and the
 * distribution) and how many points make the top and bottom box. */
typedef struct sp_desc_options {
    double scale_min, scale_max;
    int box;            /* 2, or 3 on scales of 7+ points */
    int distribution;   /* count each scale point (whole-number answers) */
} sp_desc_options;

/* Descriptives of x[0..n) with weights w (NULL: all 1), ignoring NANs and
 * answers whose weight is not positive. Undefined figures (sd with
 * n_eff <= 1) are NAN. Allocates out's distribution: free it with
 * sp_desc_clear. opt may be NULL (no box scores, no distribution). */
sp_error sp_describe(const double *x, const double *w, size_t n,
                     const sp_desc_options *opt, sp_desc *out);

/* Scales longer than this are never tallied. */
#define SP_DESC_MAX_POINTS 1024

/* The points of opt's scale when whole-number answers on it can be
 * described from a tally (sp_describe_tally), else 0. */
int sp_desc_tally_points(const sp_desc_options *opt);

/* sp_describe of whole-number answers on opt's scale, from their tally
 * made by the caller in one pass: counts[k] answers of weight weights[k]
 * at scale point scale_min + k, sum_w and sum_w2 the sums of their weights
 * and squared weights (added in row order, for the same bits as
 * sp_describe), and the answers left out as missing or of no weight. */
sp_error sp_describe_tally(const size_t *counts, const double *weights,
                           size_t missing, size_t zero_weight, double sum_w,
                           double sum_w2, const sp_desc_options *opt,
                           sp_desc *out);

/* The same for answers that take K known values, values[0..K) in
 * ascending order (dimension scores: means of a few items), without a
 * distribution: counts[k] answers of weight weights[k] at values[k]. */
sp_error sp_describe_values(const double *values, const size_t *counts,
                            const double *weights, size_t K, size_t missing,
                            size_t zero_weight, double sum_w, double sum_w2,
                            const sp_desc_options *opt, sp_desc *out);

/* Cronbach's alpha and item analysis of n complete rows of k items
 * (row-major). Allocates the per-item arrays: free with
 * sp_reliability_clear. Undefined figures are NAN, with out->note. */
sp_error sp_reliability_compute(const double *x, size_t n, size_t k,
                                sp_reliability *out);

/* The same from whole-number answers summed as they stream by, so that
 * no copy of the rows is needed: sum[i] = sum of item i, cross[i * k + j]
 * (j <= i) = sum of item i times item j, over n complete rows. The
 * covariances come out exact up to one rounding. */
sp_error sp_reliability_from_sums(const int64_t *sum, const int64_t *cross,
                                  size_t n, size_t k, sp_reliability *out);

/* A paired t-test of the differences d[0..n) (NAN: not both answered),
 * weighted by w (NULL: unweighted). */
sp_error sp_gap_test(const double *d, const double *w, size_t n,
                     sp_gap *out);

/* Net Promoter Score of 0-10 answers x (weights w, NULL for none). */
sp_error sp_nps_compute(const double *x, const double *w, size_t n,
                        sp_nps_result *out);
/* How NPS answers are described (0..10, with their distribution), and
 * the NPS figures of out->stats so described. */
sp_desc_options sp_nps_desc_options(void);
void sp_nps_from_stats(sp_nps_result *out);

/* Exact Shapley values up to this many drivers (2^15 subsets). */
#define SP_SHAPLEY_MAX 15
#define SP_NO_DRIVER ((size_t)-1)
/* Beyond this many respondents the bootstrap resamples this many random
 * groups of them instead (drivers_bootstrap.c). */
#define SP_BOOTSTRAP_GROUPS 2048

typedef struct sp_driver_options {
    size_t resamples;     /* bootstrap resamples; 0: no intervals */
    unsigned long seed;   /* the same seed gives the same intervals */
    int threads;          /* 1, or 2 to use both cores */
} sp_driver_options;

/* Key-driver analysis of y on the p drivers in x (n complete rows,
 * row-major), weighted by w (NULL: unweighted): fills every figure of
 * out->items (out->n_items == p, keys set by the caller), R^2, adjusted
 * R^2, n, n_eff, and out->note (allocated) for anything degenerate or
 * doubtful; undefined figures are NAN. */
sp_error sp_drivers_compute(const double *x, const double *y,
                            const double *w, size_t n, size_t p,
                            const sp_driver_options *opt,
                            sp_drivers_result *out);

/* Shapley (LMG) decomposition of R^2 from the drivers' correlation matrix
 * R (p x p) and their correlations r with the outcome; p <= SP_SHAPLEY_MAX. */
sp_error sp_shapley(const double *R, const double *r, size_t p, double *out);

/* Importance-performance analysis of the dimensions from res's drivers
 * and dimension scores: fills res->priorities, ranked. */
sp_error sp_priorities_compute(sp_results *res, const sp_spec *spec);

/* "concentrate_here", "keep_up_the_good_work", "low_priority",
 * "possible_overkill" (JSON keys of the quadrants). */
const char *sp_quadrant_key(int quadrant);

/* Classic one-way ANOVA and Welch's ANOVA (df1 shared). */
typedef struct sp_anova_result sp_anova;

/* Welch's t-test of two groups from mean, variance and n; NAN when a group
 * has fewer than 2 or neither varies. */
void sp_welch_t(double m1, double v1, double n1, double m2, double v2,
                double n2, double *t, double *df, double *p);

/* One-way and Welch ANOVA across k groups (groups with n < 2 left out). */
void sp_anova_oneway(const double *m, const double *v, const double *n,
                     size_t k, sp_anova *out);

/* Benjamini-Hochberg adjusted p-values q[i] of p[0..n) (NANs left out of
 * the family and NAN in q). */
sp_error sp_bh_adjust(const double *p, size_t n, double *q);

/* Service recovery: the valid respondents at or below the spec's
 * recovery thresholds who consented, worst first (allocates; free with
 * sp_recovery_clear). */
sp_error sp_recovery_compute(const sp_dataset *ds,
                             const sp_cleaning *cleaning,
                             const sp_scores *scores, sp_recovery *out);
void sp_recovery_clear(sp_recovery *recovery);
/* 1 when a consent answer is an explicit yes (yes, 1, true, agree, 是,
 * 同意, ...); anything else, empty included, is a no. */
int sp_consent_given(const char *answer);

/* KANO: the category (SP_KANO_*) of a functional and a dysfunctional
 * answer, each 1 like, 2 must-be, 3 neutral, 4 live with, 5 dislike; -1
 * when either is not 1 to 5. */
int sp_kano_classify(int functional, int dysfunctional);
/* The answer code 1-5 of a KANO answer given as a code or a label (English
 * or Chinese wording), 0 when it is neither. */
int sp_kano_answer(const char *text);
/* Shares, category, Better and Worse from k->counts and k->n. */
void sp_kano_coefficients(sp_kano_result *k);
/* Every `kano:` feature of the spec over the valid responses (allocates
 * *out; free with sp_kano_free). */
sp_error sp_kano_compute(const sp_dataset *ds, const sp_cleaning *cleaning,
                         sp_kano_result **out, size_t *n_out);
void sp_kano_free(sp_kano_result *kano, size_t n);

/* The Summary's headline figures with their change since the previous wave
 * (this run's waves, else the history's trend) and the findings: plain
 * statements chosen by rules from the results, never a difference that is
 * not significant. sp_analyze_run calls it; call it again once the
 * history has filled res->trend. */
sp_error sp_findings_compute(sp_results *res);
void sp_findings_free(sp_results *res);

/* A measure's latest wave (a) against the previous (b), from their
 * figures: Welch t on the means, or for the NPS (a->nps not NAN) a z-test
 * on the two SEs. Fills c's n, latest, previous, diff, t, p, significant. */
void sp_wave_compare(const sp_wave_figure *a, const sp_wave_figure *b,
                     sp_wave_change *c);

/* SE of an NPS, in points, from the shares of promoters and detractors. */
double sp_nps_se(double promoters, double detractors, double n_eff);

/* What a run of the analysis may be told besides the spec. */
typedef struct sp_analysis_options {
    sp_driver_options drivers;   /* bootstrap resamples, seed, threads */
    const char *wave;            /* wave of every response (--wave), or NULL */
} sp_analysis_options;

/* Fills a new sp_results (*out; free with sp_results_free). opt may be
 * NULL: no bootstrap, waves from the spec's column only. */
sp_error sp_analyze_run(const sp_dataset *ds, const sp_cleaning *cleaning,
                        const sp_scores *scores,
                        const sp_analysis_options *opt, sp_results **out,
                        sp_diag *diag);

#endif
