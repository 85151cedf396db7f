/* dataset.c - lifecycle and row storage of sp_dataset. Columns grow
 * together, so that a row is appended by one call before its cells are
 * filled. */
#include "satpipe/dataset.h"

#include <math.h>
#include <stdlib.h>

#include "../core/util.h"
#include "ingest_internal.h"

sp_dataset *sp_dataset_new(const sp_spec *spec)
{
    sp_dataset *ds = calloc(1, sizeof *ds);
    if (!ds)
        return NULL;
    ds->spec = spec;
    ds->columns = calloc(spec->n_variables ? spec->n_variables : 1,
                         sizeof(sp_column));
    if (!ds->columns) {
        free(ds);
        return NULL;
    }
    return ds;
}

void sp_dataset_free(sp_dataset *ds)
{
    if (!ds)
        return;
    for (size_t v = 0; v < ds->spec->n_variables; v++) {
        sp_column *col = &ds->columns[v];
        free(col->codes);
        free(col->numbers);
        sp_strv_free(col->texts, ds->n_rows);
    }
    free(ds->columns);
    free(ds->source);
    free(ds->line);
    free(ds->invalid);
    for (size_t i = 0; i < ds->n_sources; i++)
        free(ds->sources[i].path);
    free(ds->sources);
    free(ds);
}

/* Reallocates one per-row array to `cap` elements; 0 on failure. */
static int resize(void **array, size_t cap, size_t size)
{
    void *p = realloc(*array, cap * size);
    if (!p)
        return 0;
    *array = p;
    return 1;
}

static sp_error reserve_rows(sp_dataset *ds, size_t needed)
{
    if (needed <= ds->row_capacity)
        return SP_OK;
    size_t cap = ds->row_capacity ? ds->row_capacity * 2 : 256;
    while (cap < needed)
        cap *= 2;
    if (!resize((void **)&ds->source, cap, sizeof(uint32_t)) ||
        !resize((void **)&ds->line, cap, sizeof(uint32_t)) ||
        !resize((void **)&ds->invalid, cap, sizeof(uint16_t)))
        return SP_ERR_NOMEM;
    for (size_t v = 0; v < ds->spec->n_variables; v++) {
        sp_column *col = &ds->columns[v];
        int ok = 1;
        switch (ds->spec->variables[v].kind) {
        case SP_VALUE_RATING:
            ok = resize((void **)&col->codes, cap, sizeof(int16_t));
            break;
        case SP_VALUE_NUMBER:
            ok = resize((void **)&col->numbers, cap, sizeof(double));
            break;
        case SP_VALUE_TEXT:
            ok = resize((void **)&col->texts, cap, sizeof(char *));
            break;
        }
        if (!ok)
            return SP_ERR_NOMEM;
    }
    ds->row_capacity = cap;
    return SP_OK;
}

sp_error dataset_begin_row(sp_dataset *ds, uint32_t source, uint32_t line)
{
    sp_error err = reserve_rows(ds, ds->n_rows + 1);
    if (err)
        return err;
    size_t r = ds->n_rows;
    ds->source[r] = source;
    ds->line[r] = line;
    ds->invalid[r] = 0;
    for (size_t v = 0; v < ds->spec->n_variables; v++) {
        sp_column *col = &ds->columns[v];
        switch (ds->spec->variables[v].kind) {
        case SP_VALUE_RATING:
            col->codes[r] = SP_CODE_MISSING;
            break;
        case SP_VALUE_NUMBER:
            col->numbers[r] = NAN;
            break;
        case SP_VALUE_TEXT:
            col->texts[r] = NULL;
            break;
        }
    }
    return SP_OK;
}

void dataset_end_row(sp_dataset *ds)
{
    ds->sources[ds->source[ds->n_rows]].rows++;
    ds->n_rows++;
}

void dataset_discard_row(sp_dataset *ds)
{
    for (size_t v = 0; v < ds->spec->n_variables; v++)
        if (ds->spec->variables[v].kind == SP_VALUE_TEXT) {
            free(ds->columns[v].texts[ds->n_rows]);
            ds->columns[v].texts[ds->n_rows] = NULL;
        }
}

sp_error dataset_add_source(sp_dataset *ds, const char *path, uint32_t *index)
{
    if (ds->n_sources >= UINT32_MAX)
        return SP_ERR_NOMEM;
    if (sp_grow((void **)&ds->sources, &ds->source_capacity,
                ds->n_sources + 1, sizeof(sp_source)) != SP_OK)
        return SP_ERR_NOMEM;
    char *copy = sp_strdup(path);
    if (!copy)
        return SP_ERR_NOMEM;
    ds->sources[ds->n_sources] = (sp_source){.path = copy};
    *index = (uint32_t)ds->n_sources++;
    return SP_OK;
}
