/* results.h - everything the analysis found, in one structure. The analysis
 * fills it; the report stage only writes it (xlsx, JSON) and computes
 * nothing. It owns all its strings, so it outlives spec and dataset.
 * A figure that cannot be computed is NAN, written as a blank (xlsx) or
 * null (JSON), never as a number. */
#ifndef SATPIPE_RESULTS_H
#define SATPIPE_RESULTS_H

#include <stddef.h>
#include <stdint.h>

#include "satpipe/error.h"

/* Descriptives of one variable or score; weighted when the spec names a
 * weight (every figure but n, missing, counts, min and max). */
typedef struct sp_desc {
    size_t n;            /* answers with a positive weight */
    size_t missing;      /* no answer */
    size_t zero_weight;  /* answers whose weight is 0 or missing */
    double weight_sum, n_eff;              /* Kish effective n */
    double mean, sd, se, ci_low, ci_high;  /* 95% CI, t on n_eff - 1 df */
    double median, min, max;
    double top2, bottom2;  /* shares in the top / bottom `box` points */
    size_t n_points;       /* distribution over the scale points, or 0 */
    size_t *counts;        /* n_points: unweighted counts */
    double *shares;        /* n_points: weighted shares */
} sp_desc;

/* One dimension's internal consistency (listwise, like SPSS and PSPP). */
typedef struct sp_reliability {
    size_t k, n;            /* items, respondents answering all of them */
    double alpha, alpha_std, mean_r, ci_low, ci_high;  /* Feldt 95% CI */
    double *item_total_r;   /* k: corrected item-total correlation */
    double *alpha_if_deleted;
    char *note;             /* low, negative or not computable: why */
    size_t worst_item;      /* lowest item-total r (for a negative alpha) */
} sp_reliability;

/* Perception minus expectation, as a paired t-test. */
typedef struct sp_gap {
    char *expectation;      /* the expectation column (items only) */
    sp_desc diff;           /* of respondents' differences */
    double t, p;            /* two-sided */
} sp_gap;

typedef struct sp_nps_result {
    char *column;
    sp_desc stats;          /* of the 0-10 answers */
    double promoters, passives, detractors;   /* weighted shares */
    double nps, se, ci_low, ci_high;          /* in points */
} sp_nps_result;

typedef struct sp_item_result {
    char *column;
    char *label;       /* question text from the export, or NULL */
    int reversed;
    sp_desc stats;     /* after reverse coding */
    double item_total_r, alpha_if_deleted;   /* NAN without reliability */
    sp_gap *gap;       /* when the dimension lists expectations */
} sp_item_result;

typedef struct sp_dimension_result {
    char *key, *label;
    sp_desc stats;     /* of respondents' dimension scores */
    sp_reliability reliability;
    sp_gap *gap;       /* dimension score minus expectation score */
    size_t n_items;
    sp_item_result *items;
} sp_dimension_result;

typedef struct sp_driver_result {
    char *key, *label;
    double r;          /* Pearson r with the outcome */
    double beta;       /* standardised regression coefficient */
    double se, t, p, vif;
    double rw_raw;     /* Johnson's relative weight: they sum to R^2 */
    double rw_pct;     /* the same rescaled to 100 */
    double rw_ci_low, rw_ci_high;      /* bootstrap percentile 95% of rw_pct */
    double shapley;    /* LMG share of R^2; NAN above the exact limit */
    double rank;       /* 1 = largest relative weight */
    double rank_ci_low, rank_ci_high;  /* bootstrap percentile 95% */
} sp_driver_result;

typedef struct sp_drivers_result {
    char *outcome;     /* column of the outcome; NULL when none */
    char *note;        /* why drivers are missing or doubtful; may be NULL */
    size_t n;          /* respondents used (listwise) */
    double n_eff;      /* Kish effective n when weighted, else n */
    double r2, adj_r2;
    int shapley_exact; /* Shapley computed (drivers <= SP_SHAPLEY_MAX) */
    size_t resamples;  /* bootstrap resamples used */
    size_t resample_units;  /* what was resampled: n respondents, or
                             * SP_BOOTSTRAP_GROUPS random groups of them */
    unsigned long seed;
    size_t n_items;
    sp_driver_result *items;
} sp_drivers_result;

/* A measure (dimension score, overall, NPS item) among respondents with
 * one segment value, tested against the rest. */
typedef struct sp_segment_cell {
    size_t n;
    double n_eff, mean, sd, ci_low, ci_high, top2;
    double nps;          /* NPS points, for the NPS measure; else NAN */
    double t, p, q;      /* Welch t vs the rest; q: BH-adjusted p */
    int mark;            /* +1 above the rest, -1 below (q < 0.05), 0 */
} sp_segment_cell;

typedef struct sp_segment_value {
    char *label;
    size_t n;            /* valid respondents with this value */
    int small_base;      /* n < min_base: shown greyed, never flagged */
} sp_segment_value;

typedef struct sp_segment_result {
    char *column;
    size_t n_values;
    sp_segment_value *values;   /* by n, largest first */
    sp_segment_cell *cells;     /* [value * n_measures + measure] */
    struct sp_anova_result {
        double f, p, df1, df2, welch_f, welch_p, welch_df2;
    } *anova;                   /* per measure */
} sp_segment_result;

/* One measure, latest wave against the previous one. */
typedef struct sp_wave_change {
    char *key, *label;
    const char *kind;     /* static: "dimension", "item", "overall", "nps" */
    size_t n_latest, n_previous;
    double latest, previous, diff;   /* means (NPS: in points) */
    double t, p;          /* Welch t (NPS: z on the two SEs) */
    int significant;      /* p < 0.05 */
} sp_wave_change;

/* A measure in one wave (what the history database keeps). */
typedef struct sp_wave_figure {
    size_t n;
    double n_eff, mean, sd, top2;
    double promoters, detractors, nps, nps_se;   /* NPS measure; else NAN */
} sp_wave_figure;

typedef struct sp_waves_result {
    size_t n_waves;
    char **labels;        /* sorted; the last is the latest */
    size_t *n;            /* valid responses per wave */
    size_t n_measures;
    char **keys;          /* per measure: dimension key, item, overall, nps */
    const char **kinds;   /* static */
    sp_wave_figure *figures;   /* [wave * n_measures + measure] */
    size_t n_changes;     /* 0 with fewer than two waves */
    sp_wave_change *changes;
} sp_waves_result;

/* One dimension over the last waves of the history database. */
typedef struct sp_trend_dimension {
    char *key, *label;
    double *mean;        /* per trend wave; NAN where none is stored */
    size_t *n;
    double change, p;    /* latest against the wave before (Welch t) */
    int significant;
} sp_trend_dimension;

typedef struct sp_trend {
    size_t n_waves;      /* at most SP_TREND_WAVES, oldest first */
    char **waves;
    size_t n_dimensions;
    sp_trend_dimension *dimensions;
    /* Overall satisfaction and the NPS in the latest two waves ([0] the
     * previous, [1] the latest), for the Summary's headline changes; n 0
     * where the history holds none. */
    sp_wave_figure overall[2], nps[2];
} sp_trend;

#define SP_TREND_WAVES 8

/* Importance-performance analysis of one dimension. */
typedef struct sp_priority {
    char *key, *label;
    double importance;   /* rescaled relative weight, % */
    double performance;  /* mean score (or top-box share) */
    double target;       /* scale maximum or the spec's target */
    double index;        /* importance x room to grow to the target */
    int quadrant;        /* SP_QUADRANT_* */
    size_t rank;         /* 1 = fix first */
    size_t n_top_items;  /* this dimension's strongest item drivers */
    char **top_items;
} sp_priority;

enum {
    SP_QUADRANT_CONCENTRATE = 1,  /* important, performing below par */
    SP_QUADRANT_KEEP_UP,          /* important, performing well */
    SP_QUADRANT_LOW_PRIORITY,     /* less important, below par */
    SP_QUADRANT_OVERKILL,         /* less important, performing well */
};

typedef struct sp_exclusion_count {
    const char *key;          /* static: "no_answers" */
    const char *description;  /* static */
    size_t count;
} sp_exclusion_count;

typedef struct sp_source_result {
    char *path;
    const char *layout, *encoding;   /* static; "" when never read */
    size_t rows, invalid, valid;
    size_t *excluded;  /* by reason, n_exclusions of them */
    char *skipped;     /* why it was skipped (--keep-going), or NULL */
} sp_source_result;

/* One excluded response, for the exclusion log, as sp_results_excluded
 * reads it from the dataset. */
typedef struct sp_excluded_response {
    size_t source;     /* index into sources */
    size_t line;
    const char *id;    /* NULL when the spec names no id or it is empty */
    size_t reason;     /* index into exclusions: the first rule failed */
    uint32_t failed;   /* bit i set: failed exclusions[i] too */
    double duration;   /* seconds, NAN when unknown */
    size_t answered, items, invalid;
    double overall;    /* the overall answer, NAN when none */
} sp_excluded_response;

struct sp_dataset;    /* satpipe/dataset.h */
struct sp_cleaning;   /* satpipe/clean.h */
struct sp_scores;     /* satpipe/score.h */
struct sp_text_buf;   /* satpipe/dataset.h */

/* A respondent to call back (service recovery): a valid response in the
 * bottom box of overall satisfaction or a detractor, who consented. A
 * third of a large export may be listed, so a case holds only its row and
 * lowest dimension; sp_recovery_case_row reads the rest from the dataset
 * and scores, while they are alive. */
typedef struct sp_recovery_case {
    uint32_t row;            /* the response's row in the dataset */
    uint32_t lowest;         /* their lowest-scoring dimension, or
                                SP_RECOVERY_NO_DIMENSION */
} sp_recovery_case;
#define SP_RECOVERY_NO_DIMENSION UINT32_MAX

/* A case's response as the dataset and scores have it. */
typedef struct sp_recovery_row {
    size_t source, line;     /* where the response is */
    const char *id, *comment, *contact;   /* NULL when empty */
    double overall, nps;     /* NAN when not answered */
    size_t lowest;           /* their lowest-scoring dimension, or
                                SP_NO_DIMENSION */
    double lowest_score;     /* NAN when none */
} sp_recovery_row;

#define SP_NO_DIMENSION ((size_t)-1)

typedef struct sp_recovery {
    int overall_at_most, nps_at_most;   /* thresholds used */
    int has_criterion;        /* the spec has an overall or NPS column */
    int has_consent;          /* the spec names a consent column */
    size_t eligible;          /* valid responses at or below a threshold */
    size_t not_consented;     /* of them: counted, never listed */
    size_t n_segments;        /* segment columns, in the spec's order */
    char **segment_columns;
    size_t n_cases;
    sp_recovery_case *cases;  /* worst first */
    const struct sp_dataset *dataset;   /* borrowed: the cases' rows */
    const struct sp_scores *scores;     /* borrowed: their scores */
    size_t *segment_variables;  /* n_segments: their dataset variables */
} sp_recovery;

/* Reads a case's response from r->dataset and r->scores into *out, its
 * comment and contact read back into bufs[0] and bufs[1] (two buffers)
 * where they are
 * in the dataset's cold store (valid until the bufs' next use; free their
 * data). SP_ERR_IO when the cold store cannot be read. */
sp_error sp_recovery_case_row(const sp_recovery *r,
                              const sp_recovery_case *c,
                              struct sp_text_buf *bufs,
                              sp_recovery_row *out);
/* A case's value of segment column s, NULL when empty. */
const char *sp_recovery_case_segment(const sp_recovery *r,
                                     const sp_recovery_case *c, size_t s);

/* KANO categories, in the order of the tie-break (M > O > A > I > R > Q,
 * the usual rule when two categories are equally frequent). */
enum {
    SP_KANO_MUST_BE,      /* M */
    SP_KANO_ONE_DIMENSIONAL,   /* O */
    SP_KANO_ATTRACTIVE,   /* A */
    SP_KANO_INDIFFERENT,  /* I */
    SP_KANO_REVERSE,      /* R */
    SP_KANO_QUESTIONABLE, /* Q */
    SP_KANO_CATEGORIES
};

typedef struct sp_kano_result {
    char *feature;
    size_t n;                 /* valid respondents answering both */
    size_t unrecognised;      /* answers that are none of the five */
    size_t counts[SP_KANO_CATEGORIES];
    double shares[SP_KANO_CATEGORIES];   /* of n */
    int category;             /* most frequent; -1 when n == 0 */
    double better, worse;     /* (A+O)/(A+O+M+I), -(O+M)/(A+O+M+I) */
} sp_kano_result;

/* A finding for the Summary: what the rules found, with the figures a
 * sentence template needs; the report words it in the workbook's language.
 * Every finding names the sheet where its figure is. */
typedef enum sp_finding_kind {
    SP_FINDING_SATISFACTION,   /* value: overall mean, value2: top-box share */
    SP_FINDING_NPS,            /* value: NPS points, value2: detractors */
    SP_FINDING_CHANGE,         /* subject changed by value since `other`
                                  (significant changes only); no subject:
                                  overall satisfaction (count 0) or the
                                  NPS (count 1) */
    SP_FINDING_NO_CHANGE,      /* nothing changed significantly since
                                  `other`; count: measures compared */
    SP_FINDING_STRONGEST_DRIVER,   /* subject: largest relative weight
                                      (value %); below; rank: priority */
    SP_FINDING_PRIORITY,       /* subject: priority 1 when it is not the
                                  strongest driver; value: importance % */
    SP_FINDING_LOWEST,         /* subject scores lowest (value); when not
                                  clear, other (value2) is as low */
    SP_FINDING_SEGMENT_LOW,    /* subject (a value of segment `other`) is
                                  below the rest on count of total */
    SP_FINDING_SEGMENT_HIGH,   /* the same, above the rest */
    SP_FINDING_UNRELIABLE,     /* subject's items disagree: alpha value */
    SP_FINDING_RECOVERY,       /* count to call back; total: not consented */
} sp_finding_kind;

typedef struct sp_finding {
    sp_finding_kind kind;
    char *subject, *other;     /* may be NULL */
    double value, value2;
    size_t count, total, rank;
    int clear;                 /* a driver's rank is 1 in 95% of resamples;
                                  a lowest score is below the next one's CI */
    int below;                 /* scores below the average of dimensions */
    const char *sheet;         /* static key of the sheet with the figure:
                                  summary, waves, trend, priorities,
                                  drivers, dimensions, segments, recovery */
} sp_finding;

/* A headline figure with its change since the previous wave. */
typedef struct sp_kpi {
    const char *key;           /* static: "overall_mean", "top_box", "nps" */
    double value;
    double previous, change, p;   /* NAN when no previous wave is known */
    int significant;
    size_t n;
} sp_kpi;

#define SP_KPIS 3

typedef struct sp_results {
    char *title, *language;
    int scale_min, scale_max;
    size_t read, valid, excluded;
    double excluded_share;    /* excluded / read; NAN when nothing read */
    size_t n_exclusions;
    sp_exclusion_count *exclusions;
    size_t n_sources;
    sp_source_result *sources;
    /* The exclusion log, in input order: the rows of the excluded
     * responses, read with sp_results_excluded from the dataset and
     * cleaning the results came from (borrowed: they must be alive). */
    size_t n_excluded_responses;
    size_t *excluded_rows;
    const struct sp_dataset *dataset;
    const struct sp_cleaning *cleaning;
    double median_duration;   /* seconds, NAN when unknown */
    double data_time;         /* latest submission of a valid response
                                 (s since 1970), NAN when unknown */
    double speeder_seconds;   /* faster is a speeder; NAN: rule not applied */
    double max_excluded;      /* quality gate; NAN when there is none */
    int gate_failed;          /* excluded_share > max_excluded */
    char *weight_column;      /* NULL when unweighted */
    int box;                  /* points in the top and bottom box */
    char *overall_column;     /* NULL when the spec has no overall */
    sp_desc overall;
    sp_nps_result *nps;       /* NULL when the spec has no nps */
    int has_gaps;
    size_t n_dimensions;
    sp_dimension_result *dimensions;
    sp_drivers_result drivers;        /* overall on dimension scores */
    sp_drivers_result item_drivers;   /* overall on items */
    sp_drivers_result nps_drivers;    /* NPS on dimension scores */
    sp_drivers_result nps_item_drivers;   /* NPS on items */
    size_t n_priorities;
    sp_priority *priorities;          /* ranked, 1 first */
    /* Segments: measures are the dimensions, then overall, then the NPS
     * item (when present); keys and labels below. */
    size_t n_measures;
    char **measure_keys, **measure_labels;
    size_t n_segments;
    sp_segment_result *segments;
    size_t min_base;
    size_t bh_family;                 /* tests in the corrected family */
    sp_waves_result waves;
    sp_trend *trend;                  /* with --history; NULL otherwise */
    double importance_cut, performance_cut;   /* quadrant lines */
    int performance_top_box;          /* performance is the top-box share */
    sp_recovery recovery;
    size_t n_kano;
    sp_kano_result *kano;
    /* Filled last by sp_findings_compute, after the history's trend. */
    char *previous_wave;              /* what the changes compare with */
    sp_kpi kpis[SP_KPIS];
    size_t n_findings;
    sp_finding *findings;
    /* For the Method sheet: the spec as used and the thresholds. */
    char *spec_path, *spec_text;
    double speeder_fraction, speeder_min_seconds, min_answered, min_sd;
    int max_invalid, grid_min_items;
} sp_results;

/* NULL-safe. */
void sp_results_free(sp_results *results);
/* The exclusion log's response i (< n_excluded_responses). */
sp_excluded_response sp_results_excluded(const sp_results *results,
                                         size_t i);

/* Frees what an sp_desc, sp_reliability or sp_gap holds (not itself). */
void sp_desc_clear(sp_desc *desc);
void sp_reliability_clear(sp_reliability *rel);
void sp_gap_free(sp_gap *gap);
void sp_trend_free(sp_trend *trend);

#endif
