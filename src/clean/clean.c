/* clean.c - the exclusion rules, applied in a fixed order (the order of
 * sp_exclusion): first rows ingest found malformed, then rules on the
 * answers. Later rules (speeders, straight-liners, duplicates, ...) are
 * added to the table. */
#include "satpipe/clean.h"

#include <stdlib.h>

typedef int (*clean_rule_fn)(const sp_dataset *ds, size_t row);

/* A rule fails a row either because ingest found it malformed (`defect`)
 * or by its test (`fails`). */
typedef struct clean_rule {
    sp_exclusion reason;
    const char *key;
    const char *description;
    sp_row_defect defect;
    clean_rule_fn fails;
} clean_rule;

/* A row in which no rating (item, overall, NPS) holds an answer: a blank
 * line of a re-saved spreadsheet, or someone who opened and closed. */
static int clean_fails_no_answers(const sp_dataset *ds, size_t row)
{
    const sp_spec *spec = ds->spec;
    for (size_t v = 0; v < spec->n_variables; v++)
        if (spec->variables[v].kind == SP_VALUE_RATING &&
            sp_dataset_code(ds, v, row) != SP_CODE_MISSING)
            return 0;
    return 1;
}

static const clean_rule clean_rules[] = {
    {SP_EXCLUDE_CUT_OFF, "cut_off",
     "Quoted field never closed (file cut off)", SP_ROW_CUT_OFF, NULL},
    {SP_EXCLUDE_RAGGED, "ragged_row",
     "More or fewer fields than the header", SP_ROW_RAGGED, NULL},
    {SP_EXCLUDE_NUL_BYTES, "nul_bytes", "NUL bytes in the row",
     SP_ROW_NUL_BYTES, NULL},
    {SP_EXCLUDE_OVERSIZED_FIELD, "oversized_field",
     "A field longer than 1 MiB", SP_ROW_OVERSIZED_FIELD, NULL},
    {SP_EXCLUDE_NO_ANSWERS, "no_answers", "No rating question answered",
     SP_ROW_OK, clean_fails_no_answers},
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

sp_error sp_clean_run(const sp_dataset *ds, sp_cleaning **out, sp_diag *diag)
{
    (void)diag;
    *out = NULL;
    sp_cleaning *c = calloc(1, sizeof *c);
    if (!c)
        return SP_ERR_NOMEM;
    c->reason = calloc(ds->n_rows ? ds->n_rows : 1, 1);
    if (!c->reason) {
        free(c);
        return SP_ERR_NOMEM;
    }
    c->read = ds->n_rows;
    for (size_t row = 0; row < ds->n_rows; row++) {
        for (size_t i = 0; i < N_RULES; i++) {
            const clean_rule *rule = &clean_rules[i];
            if (rule->fails ? rule->fails(ds, row)
                            : ds->defect[row] == rule->defect) {
                c->reason[row] = (uint8_t)clean_rules[i].reason;
                c->excluded[clean_rules[i].reason]++;
                break;
            }
        }
        if (c->reason[row] == SP_KEEP)
            c->valid++;
    }
    *out = c;
    return SP_OK;
}

void sp_cleaning_free(sp_cleaning *cleaning)
{
    if (!cleaning)
        return;
    free(cleaning->reason);
    free(cleaning);
}
