/* clean_rules.c - the exclusion rules that look at one response. Answers
 * are the raw codes (a straight-liner answers a reversed item like the
 * others, which is what gives them away). */
#include <math.h>

#include "clean_internal.h"

static int is_item_or_outcome(sp_role role)
{
    return role == SP_ROLE_ITEM || role == SP_ROLE_OVERALL ||
           role == SP_ROLE_NPS;
}

int clean_row_eligible(const clean_ctx *c, size_t row)
{
    return c->ds->defect[row] == SP_ROW_OK &&
           !(c->config->platform_flags && c->ds->flags[row]) &&
           !clean_fails_no_answers(c, row);
}

int clean_fails_preview(const clean_ctx *c, size_t row)
{
    return (c->ds->flags[row] & SP_FLAG_PREVIEW) != 0;
}

int clean_fails_unfinished(const clean_ctx *c, size_t row)
{
    return (c->ds->flags[row] & SP_FLAG_UNFINISHED) != 0;
}

/* A row in which no rating (item, overall, NPS) holds an answer: a blank
 * line of a re-saved spreadsheet, or someone who opened and closed. */
int clean_fails_no_answers(const clean_ctx *c, size_t row)
{
    const sp_spec *spec = c->ds->spec;
    for (size_t v = 0; v < spec->n_variables; v++)
        if (is_item_or_outcome(spec->variables[v].role) &&
            sp_dataset_code(c->ds, v, row) != SP_CODE_MISSING)
            return 0;
    return 1;
}

/* A check left unanswered counts as failed: it was shown to everyone. */
int clean_fails_attention(const clean_ctx *c, size_t row)
{
    for (size_t i = 0; i < c->config->n_attention; i++) {
        const sp_attention_check *a = &c->config->attention[i];
        if (sp_dataset_code(c->ds, a->variable, row) != a->expect)
            return 1;
    }
    return 0;
}

int clean_fails_speeder(const clean_ctx *c, size_t row)
{
    double d = sp_seconds_at(&c->ds->duration, row);
    return !isnan(c->speeder_seconds) && !isnan(d) && d < c->speeder_seconds;
}

/* Does `items` hold at least min answered items, all the same answer?
 * *answered tells whether the grid counts at all. */
static int grid_is_flat(const clean_ctx *c, const size_t *items, size_t n,
                        size_t row, int *answered)
{
    int first = SP_CODE_MISSING, flat = 1;
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        int code = sp_dataset_code(c->ds, items[i], row);
        if (code == SP_CODE_MISSING)
            continue;
        if (count++ == 0)
            first = code;
        else if (code != first)
            flat = 0;
    }
    *answered = count >= (size_t)c->config->grid_min_items;
    return flat;
}

/* Grids are the dimensions of at least grid_min_items items (or, when no
 * dimension is that large, all items together). A straight-liner gives one
 * answer to every item of every grid they answered. */
int clean_fails_straightliner(const clean_ctx *c, size_t row)
{
    const sp_spec *spec = c->ds->spec;
    size_t grids = 0;
    for (size_t d = 0; d < spec->n_dimensions; d++) {
        const sp_dimension *dim = &spec->dimensions[d];
        if (dim->n_items < (size_t)c->config->grid_min_items)
            continue;
        int answered;
        int flat = grid_is_flat(c, dim->items, dim->n_items, row, &answered);
        if (!answered)
            continue;
        if (!flat)
            return 0;
        grids++;
    }
    if (grids)
        return 1;
    for (size_t d = 0; d < spec->n_dimensions; d++)
        if (spec->dimensions[d].n_items >= (size_t)c->config->grid_min_items)
            return 0;   /* grids exist but none was answered */
    /* No dimension is a grid: all items together are one. */
    size_t n = 0, answered_items = 0;
    int first = SP_CODE_MISSING;
    for (size_t v = 0; v < spec->n_variables; v++) {
        if (spec->variables[v].role != SP_ROLE_ITEM)
            continue;
        int code = sp_dataset_code(c->ds, v, row);
        n++;
        if (code == SP_CODE_MISSING)
            continue;
        if (answered_items++ == 0)
            first = code;
        else if (code != first)
            return 0;
    }
    return n >= (size_t)c->config->grid_min_items &&
           answered_items >= (size_t)c->config->grid_min_items;
}

/* Within-person standard deviation of the answered items (opt-in). */
int clean_fails_low_variability(const clean_ctx *c, size_t row)
{
    const sp_spec *spec = c->ds->spec;
    double sum = 0, sumsq = 0;
    size_t n = 0;
    for (size_t v = 0; v < spec->n_variables; v++) {
        int code = spec->variables[v].role == SP_ROLE_ITEM
                       ? sp_dataset_code(c->ds, v, row)
                       : SP_CODE_MISSING;
        if (code == SP_CODE_MISSING)
            continue;
        sum += code;
        sumsq += (double)code * code;
        n++;
    }
    if (n < 2)
        return 0;
    double var = (sumsq - sum * sum / (double)n) / (double)(n - 1);
    return sqrt(var > 0 ? var : 0) < c->config->min_sd;
}

int clean_fails_invalid_values(const clean_ctx *c, size_t row)
{
    return c->ds->invalid[row] > c->config->max_invalid;
}

int clean_fails_too_little(const clean_ctx *c, size_t row)
{
    const sp_spec *spec = c->ds->spec;
    size_t items = 0, answered = 0;
    for (size_t v = 0; v < spec->n_variables; v++)
        if (spec->variables[v].role == SP_ROLE_ITEM) {
            items++;
            answered += sp_dataset_code(c->ds, v, row) != SP_CODE_MISSING;
        }
    return items && (double)answered < c->config->min_answered * (double)items;
}
