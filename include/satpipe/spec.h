/* spec.h - the survey spec: what the export's columns mean (survey.yaml).
 *
 * The YAML keys are a contract: later versions add keys, never rename these.
 * Columns are named by their id (first header row) or question text.
 * sp_spec_load parses and validates the file; every message names the file,
 * the line and the key. The spec also lists the columns each later stage
 * needs (sp_variable), so ingest reads only those. */
#ifndef SATPIPE_SPEC_H
#define SATPIPE_SPEC_H

#include <stddef.h>

#include "satpipe/error.h"

/* What a column is for. */
typedef enum sp_role {
    SP_ROLE_ITEM,      /* rating item of a dimension */
    SP_ROLE_OVERALL,   /* overall satisfaction, on the rating scale */
    SP_ROLE_NPS,       /* 0-10 likelihood to recommend */
    SP_ROLE_ID,
    SP_ROLE_DURATION,
    SP_ROLE_WEIGHT,
    SP_ROLE_WAVE,
    SP_ROLE_COMMENT,
    SP_ROLE_CONTACT,
    SP_ROLE_CONSENT,
    SP_ROLE_SEGMENT,
    SP_ROLE_ATTENTION, /* attention check: one answer is right */
    SP_ROLE_EXPECTATION, /* SERVQUAL expectation paired with an item */
    SP_ROLE_KANO,      /* a KANO question (functional or dysfunctional) */
} sp_role;

/* How ingest converts a column's cells. */
typedef enum sp_value_kind {
    SP_VALUE_RATING,   /* integer answer code, labels allowed, range-checked */
    SP_VALUE_NUMBER,   /* any finite number */
    SP_VALUE_DURATION, /* seconds, mm:ss, 125秒, 2分5秒 (into the row's duration) */
    SP_VALUE_TEXT,     /* kept as text */
} sp_value_kind;

/* One column the spec refers to, with where the spec says so. */
typedef struct sp_variable {
    char *name;        /* column id in the export's header */
    sp_role role;
    sp_value_kind kind;
    int min, max;      /* valid answer range (ratings only) */
    char *context;     /* for messages: "dimension 'reliability': item REL9" */
    long line;         /* line of the spec that names it */
    int required;      /* listed under `required:`: every file must have it */
} sp_variable;

typedef struct sp_dimension {
    char *key;
    char *label;
    size_t n_items;
    size_t *items;           /* indexes into sp_spec.variables */
    unsigned char *reversed; /* per item: 1 when reverse-coded */
    size_t *expectations;    /* per item: its expectation, or NULL */
    double target;           /* `targets:` performance goal, or NAN */
    long line;
} sp_dimension;

typedef struct sp_label {
    char *text;   /* answer label as exported, e.g. "Very satisfied" */
    int code;
} sp_label;

/* Index into sp_spec.variables, or SP_NO_VARIABLE. */
#define SP_NO_VARIABLE ((size_t)-1)

typedef struct sp_attention_check {
    size_t variable;   /* the check's column */
    int expect;        /* the right answer's code */
    long line;
} sp_attention_check;

/* The `cleaning:` block: every rule on by default, each switchable off
 * (`speeders: false`). A rule's thresholds are ignored when it is off. */
typedef struct sp_cleaning_config {
    int speeders;            /* duration < fraction x median, or < min */
    double speeder_fraction; /* default 1/3 */
    double min_seconds;      /* default 0: no absolute floor */
    int straightlining;      /* identical answers on every grid */
    int grid_min_items;      /* a grid has at least this many items: 4 */
    double min_sd;           /* low within-person variability; 0 = off */
    int duplicates;          /* same id, or same answers without an id */
    int keep_latest;         /* keep the latest copy (else the earliest) */
    int invalid;             /* too many invalid values */
    int max_invalid;         /* default 3 */
    int answered;            /* too little answered */
    double min_answered;     /* share of rating items, default 0.5 */
    int platform_flags;      /* Qualtrics Finished/Status, LimeSurvey */
    size_t n_attention;
    sp_attention_check *attention;
    double max_excluded;     /* quality gate: share; NAN = none */
    long line;               /* of the block, for messages */
} sp_cleaning_config;

/* One `kano:` feature: the functional ("if it had ...") and dysfunctional
 * ("if it had not ...") questions, answered on the five KANO answers. */
typedef struct sp_kano_feature {
    char *feature;
    size_t functional, dysfunctional;   /* indexes into variables */
    long line;
} sp_kano_feature;

/* The `recovery:` block: who is called back (service recovery). */
typedef struct sp_recovery_config {
    int overall_at_most;     /* default: the bottom box of the scale */
    int nps_at_most;         /* default 6: detractors */
    long line;
} sp_recovery_config;

typedef struct sp_spec {
    char *path;
    char *title;
    char *language;          /* "en" or "zh-CN" */
    char *layout;            /* export layout name, NULL = detect per file */
    char *encoding;          /* encoding name, NULL = detect per file */
    long layout_line, encoding_line;
    int scale_min, scale_max;
    int top_box;             /* points in the top/bottom box: 2, 3 on 7+ */
    int priority_top_box;    /* priorities: {performance: top_box} */
    int quadrants_midpoint;  /* priorities: {quadrants: midpoint} */
    int min_base;            /* segment values below are never flagged: 30 */
    size_t n_missing;
    int *missing;            /* codes meaning "no answer" */
    size_t n_labels;
    sp_label *labels;
    size_t n_dimensions;
    sp_dimension *dimensions;
    size_t n_variables;
    sp_variable *variables;  /* every column any stage needs */
    /* Single-column roles: an index into variables, or SP_NO_VARIABLE. */
    size_t id, duration, weight, wave, overall, nps, comment, contact, consent;
    size_t n_segments;
    size_t *segments;
    sp_cleaning_config cleaning;
    sp_recovery_config recovery;
    size_t n_kano;
    sp_kano_feature *kano;
    char *text;              /* the spec file as read (the Method sheet) */
} sp_spec;

/* Parses and validates the spec at path. On success *out is a new spec that
 * the caller frees with sp_spec_free. Errors and warnings (unknown keys) go
 * to diag with file, line and key. */
sp_error sp_spec_load(const char *path, sp_spec **out, sp_diag *diag);

/* The same from a memory buffer; `name` is used in messages. */
sp_error sp_spec_load_buffer(const char *name, const char *text, size_t len,
                             sp_spec **out, sp_diag *diag);

/* NULL-safe. */
void sp_spec_free(sp_spec *spec);

#endif
