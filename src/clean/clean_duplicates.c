/* clean_duplicates.c - rules that need every row at once: duplicates (the
 * same respondent id twice, or, without an id, the same answers twice in
 * one file: a double submission) and the median duration that speeders are
 * measured against. */
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "clean_internal.h"

/* Identical answer vectors count only when there is enough to compare:
 * short or flat answer patterns coincide by chance. */
#define DUP_MIN_ANSWERED 5

/* Is row a submitted after row b? By submission time when both are known
 * and differ, else by input order (files in order, rows in order). */
static int is_later(const clean_ctx *c, size_t a, size_t b)
{
    double ta = sp_seconds_at(&c->ds->submitted, a),
           tb = sp_seconds_at(&c->ds->submitted, b);
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
            duplicate[group[i] / 8] |= (uint8_t)(1u << (group[i] % 8));
}

/* A row without an id, compared by its answers. */
typedef struct dup_entry {
    uint32_t source;
    uint64_t hash;
    size_t row;
} dup_entry;

/* By file, answer hash, then row. */
static int compare_entries(const void *pa, const void *pb)
{
    const dup_entry *a = pa, *b = pb;
    if (a->source != b->source)
        return a->source < b->source ? -1 : 1;
    if (a->hash != b->hash)
        return a->hash < b->hash ? -1 : 1;
    return a->row < b->row ? -1 : a->row > b->row;
}

/* The hash h with text t added (NULL: nothing). */
static uint64_t hash_text(uint64_t h, const char *t)
{
    return t ? sp_hash_bytes(h, t, strlen(t)) : h;
}

/* FNV-1a over the row's ratings and texts (the id excluded; comments and
 * contact details by the hash ingest kept of them, `cold`, so that their
 * text is not read back for every row). */
static uint64_t answers_hash(const sp_dataset *ds, size_t row, uint32_t cold,
                             size_t *items, int *flat)
{
    const sp_spec *spec = ds->spec;
    uint64_t h = SP_HASH_START;
    for (int k = 0; k < 4; k++)
        h = sp_hash_byte(h, (uint8_t)(cold >> (8 * k)));
    int first = SP_CODE_MISSING;
    *items = 0;
    *flat = 1;
    for (size_t v = 0; v < spec->n_variables; v++) {
        const sp_variable *var = &spec->variables[v];
        if (var->kind == SP_VALUE_RATING) {
            int code = sp_dataset_code(ds, v, row);
            for (int k = 0; k < 2; k++)
                h = sp_hash_byte(h, (uint8_t)(code >> (8 * k)));
            if (var->role == SP_ROLE_ITEM && code != SP_CODE_MISSING) {
                if ((*items)++ == 0)
                    first = code;
                else if (code != first)
                    *flat = 0;
            }
        } else if (var->kind == SP_VALUE_TEXT && var->role != SP_ROLE_ID &&
                   !ds->columns[v].cold_eligible) {
            h = hash_text(h, sp_dataset_text(ds, v, row));
            h = sp_hash_byte(h, 0xff);   /* separates texts */
        }
    }
    return h;
}

/* *same: whether rows a and b have the same answers (texts read back
 * from the cold store into bufs where they are there). */
static sp_error same_answers(const sp_dataset *ds, size_t a, size_t b,
                             sp_text_buf bufs[2], int *same)
{
    const sp_spec *spec = ds->spec;
    *same = 0;
    for (size_t v = 0; v < spec->n_variables; v++) {
        const sp_variable *var = &spec->variables[v];
        if (var->kind == SP_VALUE_RATING &&
            sp_dataset_code(ds, v, a) != sp_dataset_code(ds, v, b))
            return SP_OK;
        if (var->kind == SP_VALUE_TEXT && var->role != SP_ROLE_ID) {
            const char *ta, *tb;
            sp_error err = sp_dataset_text_read(ds, v, a, &bufs[0], &ta);
            if (!err)
                err = sp_dataset_text_read(ds, v, b, &bufs[1], &tb);
            if (err)
                return err;
            if ((ta == NULL) != (tb == NULL) || (ta && strcmp(ta, tb) != 0))
                return SP_OK;
        }
    }
    *same = 1;
    return SP_OK;
}

/* Within a run of equal hashes, groups rows whose answers are identical. */
static sp_error group_by_answers(const clean_ctx *c, const dup_entry *run,
                                 size_t n, uint8_t *duplicate)
{
    size_t *group = malloc(n * sizeof *group);
    uint8_t *taken = calloc(n, 1);
    sp_text_buf bufs[2] = {{0}};
    sp_error err = group && taken ? SP_OK : SP_ERR_NOMEM;
    for (size_t i = 0; i < n && !err; i++) {
        if (taken[i])
            continue;
        size_t k = 0;
        group[k++] = run[i].row;
        for (size_t j = i + 1; j < n && !err; j++) {
            int same = 0;
            if (!taken[j])
                err = same_answers(c->ds, run[i].row, run[j].row, bufs,
                                   &same);
            if (same) {
                taken[j] = 1;
                group[k++] = run[j].row;
            }
        }
        if (k > 1 && !err)
            keep_one(c, group, k, duplicate);
    }
    free(group);
    free(taken);
    free(bufs[0].data);
    free(bufs[1].data);
    return err;
}

static int has_id(const sp_dataset *ds, size_t id_var, size_t row)
{
    return id_var != SP_NO_VARIABLE && sp_dataset_text_ref(ds, id_var, row);
}

/* A filter of 2-bit counters, one per hash slot: 0, 1, 2 or more ids. */
static unsigned counter_at(const uint8_t *counters, size_t k)
{
    return (counters[k / 4] >> (2 * (k % 4))) & 3u;
}

static void counter_bump(uint8_t *counters, size_t k)
{
    if (counter_at(counters, k) < 2)
        counters[k / 4] = (uint8_t)(counters[k / 4] + (1u << (2 * (k % 4))));
}

/* The id of an eligible row, or NULL. */
static const char *eligible_id(const clean_ctx *c, size_t id_var, size_t row)
{
    const char *id = sp_dataset_text(c->ds, id_var, row);
    return id && clean_row_eligible(c, row) ? id : NULL;
}

/* Rows sharing an id. A first pass counts the eligible rows' id hashes in
 * a filter of 2-bit counters (2 bits a slot, 8 slots an id); only rows
 * whose slot is shared (true duplicates, and about one row in eight by
 * chance) go into an exact hash table, where a table of every row took
 * 16 bytes a row. Each id's rows are chained in row order, which is the
 * order keep_one expects (as a sort by id and row gave). */
static sp_error mark_same_ids(const clean_ctx *c, size_t id_var, size_t n_ids,
                              uint8_t *duplicate)
{
    const sp_dataset *ds = c->ds;
    if (ds->n_rows >= UINT32_MAX)
        return SP_ERR_NOMEM;
    /* 8 counters an id, not rounded up to a power of two (a slot is the
     * hash modulo their number): 20 MB at 10^7 ids, not 32. */
    size_t slots = 8 * n_ids + 64, cap = 16, group_cap = 0, n = 0;
    uint8_t *counters = calloc(slots / 4 + 1, 1);
    if (!counters)
        return SP_ERR_NOMEM;
    for (size_t row = 0; row < ds->n_rows; row++) {
        const char *id = eligible_id(c, id_var, row);
        if (id)
            counter_bump(counters,
                         (size_t)(hash_text(SP_HASH_START, id) % slots));
    }
    /* The rows let through, a bit each: the counters go before the exact
     * table comes, so that the two are never held at once. */
    uint8_t *through = calloc(ds->n_rows / 8 + 1, 1);
    for (size_t row = 0; through && row < ds->n_rows; row++) {
        const char *id = eligible_id(c, id_var, row);
        if (id && counter_at(counters, (size_t)(hash_text(SP_HASH_START, id) %
                                                slots)) == 2) {
            through[row / 8] |= (uint8_t)(1u << (row % 8));
            n++;
        }
    }
    free(counters);
    if (!through)
        return SP_ERR_NOMEM;
    while (cap < n + n / 3)   /* at most three quarters full */
        cap <<= 1;
    /* rows: the candidates in row order; slot: 1 + an id's first candidate;
     * next[i]: the candidate after i with its id (1 + index), and at an
     * id's first, last[first]: the candidate its chain ends with. */
    uint32_t *rows = malloc((n ? n : 1) * sizeof *rows);
    uint32_t *slot = calloc(cap, sizeof *slot);
    uint32_t *next = calloc(n ? n : 1, sizeof *next);
    uint32_t *last = malloc((n ? n : 1) * sizeof *last);
    size_t *group = NULL;
    sp_error err = rows && slot && next && last ? SP_OK : SP_ERR_NOMEM;
    for (size_t row = 0, i = 0; row < ds->n_rows && !err; row++) {
        if (!((through[row / 8] >> (row % 8)) & 1))
            continue;
        const char *id = sp_dataset_text(ds, id_var, row);
        uint64_t h = hash_text(SP_HASH_START, id);
        rows[i] = (uint32_t)row;
        for (size_t k = (size_t)(h >> 32) & (cap - 1);;
             k = (k + 1) & (cap - 1)) {
            if (!slot[k]) {
                slot[k] = (uint32_t)i + 1;
                last[i] = (uint32_t)i;
                break;
            }
            size_t first = rows[slot[k] - 1];
            if (sp_dataset_text_ref(ds, id_var, first) ==
                    sp_dataset_text_ref(ds, id_var, row) ||
                strcmp(sp_dataset_text(ds, id_var, first), id) == 0) {
                next[last[slot[k] - 1]] = (uint32_t)i + 1;
                last[slot[k] - 1] = (uint32_t)i;
                break;
            }
        }
        i++;
    }
    free(through);
    for (size_t k = 0; k < cap && !err; k++) {
        if (!slot[k] || !next[slot[k] - 1])
            continue;   /* empty, or an id seen once */
        size_t m = 0;
        for (uint32_t i = slot[k]; i && !err; i = next[i - 1]) {
            if (sp_grow((void **)&group, &group_cap, m + 1, sizeof *group))
                err = SP_ERR_NOMEM;
            else
                group[m++] = rows[i - 1];
        }
        if (!err)
            keep_one(c, group, m, duplicate);
    }
    free(rows);
    free(slot);
    free(next);
    free(last);
    free(group);
    return err;
}

/* Rows without an id: the same answers in one file, by hash then answer
 * by answer. */
static sp_error mark_same_answers(const clean_ctx *c, size_t id_var,
                                  uint8_t *duplicate)
{
    const sp_dataset *ds = c->ds;
    size_t n = 0;
    for (size_t row = 0; row < ds->n_rows; row++)
        n += !has_id(ds, id_var, row) && clean_row_eligible(c, row);
    dup_entry *e = malloc((n ? n : 1) * sizeof *e);
    if (!e)
        return SP_ERR_NOMEM;
    n = 0;
    size_t u = 0;   /* ds->unkeyed: the rows without an id, in order */
    for (size_t row = 0; row < ds->n_rows; row++) {
        if (has_id(ds, id_var, row) || !clean_row_eligible(c, row))
            continue;
        while (u < ds->n_unkeyed && ds->unkeyed[u].row < row)
            u++;
        uint32_t cold = u < ds->n_unkeyed && ds->unkeyed[u].row == row
                            ? ds->unkeyed[u].value
                            : 0;
        size_t items;
        int flat;
        uint64_t h = answers_hash(ds, row, cold, &items, &flat);
        if (items >= DUP_MIN_ANSWERED && !flat)
            e[n++] = (dup_entry){.source = sp_dataset_source(ds, row), .hash = h,
                                 .row = row};
    }
    qsort(e, n, sizeof *e, compare_entries);
    sp_error err = SP_OK;
    for (size_t i = 0; i < n && !err;) {
        size_t j = i + 1;
        while (j < n && e[j].source == e[i].source && e[j].hash == e[i].hash)
            j++;
        if (j - i > 1)
            err = group_by_answers(c, e + i, j - i, duplicate);
        i = j;
    }
    free(e);
    return err;
}

sp_error clean_mark_duplicates(const clean_ctx *c, uint8_t *duplicate)
{
    const sp_dataset *ds = c->ds;
    size_t id_var = ds->spec->id, n_ids = 0;
    for (size_t row = 0; row < ds->n_rows; row++)
        n_ids += has_id(ds, id_var, row);
    sp_error err = n_ids ? mark_same_ids(c, id_var, n_ids, duplicate)
                         : SP_OK;
    return err ? err : mark_same_answers(c, id_var, duplicate);
}

/* A known duration of an eligible row, or -1. */
static double eligible_duration(const clean_ctx *c, size_t row)
{
    double d = sp_seconds_at(&c->ds->duration, row);
    return !isnan(d) && clean_row_eligible(c, row) ? d : -1;
}

/* The k-th smallest (from 0) of the eligible rows' whole durations, in
 * two passes of 2^16 counts each: by the high 16 bits, then the low 16
 * of those in the bucket the rank falls in (a copy of the durations took
 * 8 bytes a row). */
static sp_error whole_kth(const clean_ctx *c, size_t k, const size_t *high,
                          size_t *low, double *value)
{
    size_t bucket = 0;
    while (k >= high[bucket])
        k -= high[bucket++];
    memset(low, 0, 65536 * sizeof *low);
    for (size_t row = 0; row < c->ds->n_rows; row++) {
        double d = eligible_duration(c, row);
        if (d >= 0 && (uint32_t)d >> 16 == bucket)
            low[(uint32_t)d & 0xFFFF]++;
    }
    size_t v = 0;
    while (k >= low[v])
        k -= low[v++];
    *value = (double)(((uint32_t)bucket << 16) | (uint32_t)v);
    return SP_OK;
}

sp_error clean_median_duration(const clean_ctx *c, double *median)
{
    const sp_dataset *ds = c->ds;
    *median = NAN;
    /* Not whole seconds, or few rows: a copy, selected from (the counts
     * take 1 MB whatever n). */
    if (ds->duration.exact || ds->n_rows < 65536) {
        double *d = malloc((ds->n_rows ? ds->n_rows : 1) * sizeof *d);
        if (!d)
            return SP_ERR_NOMEM;
        size_t n = 0;
        for (size_t row = 0; row < ds->n_rows; row++)
            if (eligible_duration(c, row) >= 0)
                d[n++] = eligible_duration(c, row);
        if (n)
            *median = gsl_stats_median(d, 1, n);
        free(d);
        return SP_OK;
    }
    size_t *high = calloc(2 * 65536, sizeof *high), *low = high + 65536, n = 0;
    if (!high)
        return SP_ERR_NOMEM;
    for (size_t row = 0; row < ds->n_rows; row++) {
        double d = eligible_duration(c, row);
        if (d >= 0) {
            high[(uint32_t)d >> 16]++;
            n++;
        }
    }
    double a = NAN, b = NAN;   /* the middle one, or the middle two */
    if (n) {
        whole_kth(c, (n - 1) / 2, high, low, &a);
        b = a;
        if (n % 2 == 0)
            whole_kth(c, n / 2, high, low, &b);
        *median = 0.5 * (a + b);   /* as gsl_stats_median */
    }
    free(high);
    return SP_OK;
}
