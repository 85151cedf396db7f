/* clean.c - the exclusion rules in their fixed order (sp_exclusion), each a
 * row of clean_rules[]: rows ingest found malformed, platform flags, then
 * rules on the answers. Every rule is evaluated on every row, so that the
 * log lists all rules a response failed; the first one is its reason. */
#include "satpipe/clean.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>

#include "clean_internal.h"

typedef int (*clean_rule_fn)(const clean_ctx *c, size_t row);

/* A rule fails a row either because ingest found it malformed (`defect`)
 * or by its test (`fails`); `enabled` reads the spec's switch. */
typedef struct clean_rule {
    sp_exclusion reason;
    const char *key;
    const char *description;
    sp_row_defect defect;
    clean_rule_fn fails;
    int (*enabled)(const sp_cleaning_config *config);
} clean_rule;

static int always(const sp_cleaning_config *k) { (void)k; return 1; }
static int platform_on(const sp_cleaning_config *k) { return k->platform_flags; }
static int duplicates_on(const sp_cleaning_config *k) { return k->duplicates; }
static int attention_on(const sp_cleaning_config *k) { return k->n_attention > 0; }
static int speeders_on(const sp_cleaning_config *k) { return k->speeders; }
static int straight_on(const sp_cleaning_config *k) { return k->straightlining; }
static int variability_on(const sp_cleaning_config *k)
{
    return k->straightlining && k->min_sd > 0;
}
static int invalid_on(const sp_cleaning_config *k) { return k->invalid; }
static int answered_on(const sp_cleaning_config *k) { return k->answered; }

static int clean_fails_duplicate(const clean_ctx *c, size_t row)
{
    return (c->duplicate[row / 8] >> (row % 8)) & 1;
}

static const clean_rule clean_rules[] = {
    {SP_EXCLUDE_CUT_OFF, "cut_off",
     "Quoted field never closed (file cut off)", SP_ROW_CUT_OFF, NULL, always},
    {SP_EXCLUDE_RAGGED, "ragged_row", "More or fewer fields than the header",
     SP_ROW_RAGGED, NULL, always},
    {SP_EXCLUDE_NUL_BYTES, "nul_bytes", "NUL bytes in the row",
     SP_ROW_NUL_BYTES, NULL, always},
    {SP_EXCLUDE_OVERSIZED_FIELD, "oversized_field",
     "A field longer than 1 MiB", SP_ROW_OVERSIZED_FIELD, NULL, always},
    {SP_EXCLUDE_PREVIEW, "preview", "Survey preview (platform status)",
     SP_ROW_OK, clean_fails_preview, platform_on},
    {SP_EXCLUDE_UNFINISHED, "unfinished", "Not finished (platform flag)",
     SP_ROW_OK, clean_fails_unfinished, platform_on},
    {SP_EXCLUDE_NO_ANSWERS, "no_answers", "No rating question answered",
     SP_ROW_OK, clean_fails_no_answers, always},
    {SP_EXCLUDE_DUPLICATE, "duplicate",
     "Duplicate of a later (or earlier) response", SP_ROW_OK,
     clean_fails_duplicate, duplicates_on},
    {SP_EXCLUDE_ATTENTION, "attention", "Failed an attention check",
     SP_ROW_OK, clean_fails_attention, attention_on},
    {SP_EXCLUDE_SPEEDER, "speeder", "Answered too fast", SP_ROW_OK,
     clean_fails_speeder, speeders_on},
    {SP_EXCLUDE_STRAIGHTLINER, "straightliner",
     "Same answer to every item of each grid", SP_ROW_OK,
     clean_fails_straightliner, straight_on},
    {SP_EXCLUDE_LOW_VARIABILITY, "low_variability",
     "Answers vary too little", SP_ROW_OK, clean_fails_low_variability,
     variability_on},
    {SP_EXCLUDE_INVALID_VALUES, "invalid_values",
     "Too many invalid or out-of-range values", SP_ROW_OK,
     clean_fails_invalid_values, invalid_on},
    {SP_EXCLUDE_TOO_LITTLE, "too_little_answered",
     "Too few rating items answered", SP_ROW_OK, clean_fails_too_little,
     answered_on},
};
#define N_RULES (sizeof clean_rules / sizeof clean_rules[0])

const char *sp_exclusion_key(sp_exclusion reason)
{
    for (size_t i = 0; i < N_RULES; i++)
        if (clean_rules[i].reason == reason)
            return clean_rules[i].key;
    return "kept";
}

const char *sp_exclusion_description(sp_exclusion reason)
{
    for (size_t i = 0; i < N_RULES; i++)
        if (clean_rules[i].reason == reason)
            return clean_rules[i].description;
    return "Kept";
}

typedef struct duplicates_job {
    const clean_ctx *c;
    uint8_t *duplicate;
    sp_error err;
} duplicates_job;

static void *mark_duplicates(void *arg)
{
    duplicates_job *job = arg;
    job->err = clean_mark_duplicates(job->c, job->duplicate);
    return NULL;
}

sp_error sp_clean_run(const sp_dataset *ds, int threads, sp_cleaning **out,
                      sp_diag *diag)
{
    (void)diag;
    *out = NULL;
    const sp_cleaning_config *config = &ds->spec->cleaning;
    size_t rows = ds->n_rows ? ds->n_rows : 1;
    sp_cleaning *cl = calloc(1, sizeof *cl);
    uint8_t *duplicate = calloc(rows / 8 + 1, 1);   /* a bit a row */
    clean_ctx c = {.ds = ds, .config = config, .speeder_seconds = NAN,
                   .duplicate = duplicate};
    if (!cl || !duplicate || !(cl->reason = calloc(rows, 1)) ||
        !(cl->failed = calloc(rows, sizeof *cl->failed))) {
        free(duplicate);
        sp_cleaning_free(cl);
        return SP_ERR_NOMEM;
    }
    /* Duplicates need every row at once: found on a second thread while
     * the other rules run here, and their rule folded in after. */
    duplicates_job job = {&c, duplicate, SP_OK};
    pthread_t tid;
    int started = config->duplicates && threads > 1 &&
                  pthread_create(&tid, NULL, mark_duplicates, &job) == 0;
    if (config->duplicates && !started)
        mark_duplicates(&job);
    sp_error err = clean_median_duration(&c, &cl->median_duration);
    cl->speeder_seconds = NAN;
    if (config->speeders && !isnan(cl->median_duration)) {
        double t = config->speeder_fraction * cl->median_duration;
        cl->speeder_seconds = t > config->min_seconds ? t : config->min_seconds;
    }
    c.speeder_seconds = cl->speeder_seconds;
    int on[N_RULES];
    for (size_t i = 0; i < N_RULES; i++)
        on[i] = clean_rules[i].enabled(config) &&
                clean_rules[i].reason != SP_EXCLUDE_DUPLICATE;
    for (size_t row = 0; row < ds->n_rows && !err; row++)
        for (size_t i = 0; i < N_RULES; i++) {
            const clean_rule *rule = &clean_rules[i];
            if (on[i] && (rule->fails ? rule->fails(&c, row)
                                      : ds->defect[row] == rule->defect))
                cl->failed[row] |= (uint16_t)(1u << rule->reason);
        }
    if (started)
        pthread_join(tid, NULL);
    if (job.err || err) {
        free(duplicate);
        sp_cleaning_free(cl);
        return job.err ? job.err : err;
    }
    /* The reason is the first rule failed, in the table's order. */
    cl->read = ds->n_rows;
    for (size_t row = 0; row < ds->n_rows; row++) {
        if (config->duplicates && clean_fails_duplicate(&c, row))
            cl->failed[row] |= (uint16_t)(1u << SP_EXCLUDE_DUPLICATE);
        for (size_t i = 0; i < N_RULES && cl->failed[row]; i++)
            if (cl->failed[row] & (1u << clean_rules[i].reason)) {
                cl->reason[row] = (uint8_t)clean_rules[i].reason;
                cl->excluded[clean_rules[i].reason]++;
                break;
            }
        if (cl->reason[row] == SP_KEEP)
            cl->valid++;
    }
    free(duplicate);
    *out = cl;
    return SP_OK;
}

void sp_cleaning_free(sp_cleaning *cleaning)
{
    if (!cleaning)
        return;
    free(cleaning->reason);
    free(cleaning->failed);
    free(cleaning);
}
