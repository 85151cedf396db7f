/* clean_duplicates.c - rules that need every row at once: duplicates (the
 * same respondent id twice, or, without an id, the same answers twice in
 * one file: a double submission) and the median duration that speeders are
 * measured against. */
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clean_internal.h"

/* Identical answer vectors count only when there is enough to compare:
 * short or flat answer patterns coincide by chance. */
#define DUP_MIN_ANSWERED 5

/* Is row a submitted after row b? By submission time when both are known
 * and differ, else by input order (files in order, rows in order). */
static int is_later(const clean_ctx *c, size_t a, size_t b)
{
    double ta = c->ds->submitted[a], tb = c->ds->submitted[b];
    if (!isnan(ta) && !isnan(tb) && ta != tb)
        return ta > tb;
    return a > b;
}

/* Marks every row of group[0..n) but the one to keep. */
static void keep_one(const clean_ctx *c, const size_t *group, size_t n,
                     uint8_t *duplicate)
{
    size_t keep = group[0];
    for (size_t i = 1; i < n; i++)
        if (is_later(c, group[i], keep) == c->config->keep_latest)
            keep = group[i];
    for (size_t i = 0; i < n; i++)
        if (group[i] != keep)
            duplicate[group[i]] = 1;
}

typedef struct dup_entry {
    const char *id;     /* by id; NULL when compared by answers */
    uint32_t source;
    uint64_t hash;
    size_t row;
} dup_entry;

static int compare_entries(const void *pa, const void *pb)
{
    const dup_entry *a = pa, *b = pb;
    if (a->id && b->id) {
        int k = strcmp(a->id, b->id);
        if (k)
            return k;
    } else {
        if (a->source != b->source)
            return a->source < b->source ? -1 : 1;
        if (a->hash != b->hash)
            return a->hash < b->hash ? -1 : 1;
    }
    return a->row < b->row ? -1 : a->row > b->row;
}

/* FNV-1a over the row's ratings and texts (the id excluded). */
static uint64_t answers_hash(const sp_dataset *ds, size_t row, size_t *items,
                             int *flat)
{
    const sp_spec *spec = ds->spec;
    uint64_t h = 1469598103934665603ULL;
    int first = SP_CODE_MISSING;
    *items = 0;
    *flat = 1;
    for (size_t v = 0; v < spec->n_variables; v++) {
        const sp_variable *var = &spec->variables[v];
        if (var->kind == SP_VALUE_RATING) {
            int code = sp_dataset_code(ds, v, row);
            for (int k = 0; k < 2; k++) {
                h ^= (uint8_t)(code >> (8 * k));
                h *= 1099511628211ULL;
            }
            if (var->role == SP_ROLE_ITEM && code != SP_CODE_MISSING) {
                if ((*items)++ == 0)
                    first = code;
                else if (code != first)
                    *flat = 0;
            }
        } else if (var->kind == SP_VALUE_TEXT && var->role != SP_ROLE_ID) {
            const char *t = ds->columns[v].texts[row];
            for (; t && *t; t++) {
                h ^= (uint8_t)*t;
                h *= 1099511628211ULL;
            }
            h ^= 0xff;   /* separates texts */
            h *= 1099511628211ULL;
        }
    }
    return h;
}

static int same_answers(const sp_dataset *ds, size_t a, size_t b)
{
    const sp_spec *spec = ds->spec;
    for (size_t v = 0; v < spec->n_variables; v++) {
        const sp_variable *var = &spec->variables[v];
        if (var->kind == SP_VALUE_RATING &&
            sp_dataset_code(ds, v, a) != sp_dataset_code(ds, v, b))
            return 0;
        if (var->kind == SP_VALUE_TEXT && var->role != SP_ROLE_ID) {
            const char *ta = ds->columns[v].texts[a];
            const char *tb = ds->columns[v].texts[b];
            if ((ta == NULL) != (tb == NULL) || (ta && strcmp(ta, tb) != 0))
                return 0;
        }
    }
    return 1;
}

/* Within a run of equal hashes, groups rows whose answers are identical. */
static sp_error group_by_answers(const clean_ctx *c, const dup_entry *run,
                                 size_t n, uint8_t *duplicate)
{
    size_t *group = malloc(n * sizeof *group);
    uint8_t *taken = calloc(n, 1);
    sp_error err = group && taken ? SP_OK : SP_ERR_NOMEM;
    for (size_t i = 0; i < n && !err; i++) {
        if (taken[i])
            continue;
        size_t k = 0;
        group[k++] = run[i].row;
        for (size_t j = i + 1; j < n; j++)
            if (!taken[j] && same_answers(c->ds, run[i].row, run[j].row)) {
                taken[j] = 1;
                group[k++] = run[j].row;
            }
        if (k > 1)
            keep_one(c, group, k, duplicate);
    }
    free(group);
    free(taken);
    return err;
}

sp_error clean_mark_duplicates(const clean_ctx *c, uint8_t *duplicate)
{
    const sp_dataset *ds = c->ds;
    size_t id_var = ds->spec->id;
    dup_entry *e = malloc((ds->n_rows ? ds->n_rows : 1) * sizeof *e);
    if (!e)
        return SP_ERR_NOMEM;
    size_t n = 0;
    for (size_t row = 0; row < ds->n_rows; row++) {
        if (!clean_row_eligible(c, row))
            continue;
        const char *id = id_var != SP_NO_VARIABLE
                             ? ds->columns[id_var].texts[row] : NULL;
        size_t items;
        int flat;
        uint64_t h = id ? 0 : answers_hash(ds, row, &items, &flat);
        if (!id && (items < DUP_MIN_ANSWERED || flat))
            continue;
        e[n++] = (dup_entry){.id = id, .source = ds->source[row], .hash = h,
                             .row = row};
    }
    /* Rows with an id sort before rows compared by answers. */
    qsort(e, n, sizeof *e, compare_entries);
    sp_error err = SP_OK;
    size_t *group = malloc((n ? n : 1) * sizeof *group);
    if (!group)
        err = SP_ERR_NOMEM;
    for (size_t i = 0; i < n && !err;) {
        size_t j = i + 1;
        while (j < n && (e[i].id ? e[j].id && strcmp(e[i].id, e[j].id) == 0
                                 : !e[j].id && e[j].source == e[i].source &&
                                       e[j].hash == e[i].hash))
            j++;
        if (j - i > 1 && e[i].id) {
            for (size_t k = i; k < j; k++)
                group[k - i] = e[k].row;
            keep_one(c, group, j - i, duplicate);
        } else if (j - i > 1) {
            err = group_by_answers(c, e + i, j - i, duplicate);
        }
        i = j;
    }
    free(group);
    free(e);
    return err;
}

double clean_median_duration(const clean_ctx *c)
{
    const sp_dataset *ds = c->ds;
    double *d = malloc((ds->n_rows ? ds->n_rows : 1) * sizeof *d);
    if (!d)
        return NAN;
    size_t n = 0;
    for (size_t row = 0; row < ds->n_rows; row++)
        if (!isnan(ds->duration[row]) && clean_row_eligible(c, row))
            d[n++] = ds->duration[row];
    double median = n ? gsl_stats_median(d, 1, n) : NAN;
    free(d);
    return median;
}
