/* layout.c - export layouts: the table of platform detectors, plain CSV
 * (the fallback), and what every layout shares: header records, columns
 * and the default rule (ids from the first header row, question text from
 * the second). Each platform lives in its own layout_<name>.c. */
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "ingest_internal.h"

extern const ingest_layout ingest_layout_qualtrics;
extern const ingest_layout ingest_layout_surveymonkey;
extern const ingest_layout ingest_layout_wenjuanxing;
extern const ingest_layout ingest_layout_limesurvey;
extern const ingest_layout ingest_layout_google_forms;

static int plain_detect(const ingest_record *head, size_t n_head)
{
    (void)head;
    (void)n_head;
    return 1;
}

static size_t plain_header_rows(const ingest_record *head, size_t n_head)
{
    (void)head;
    (void)n_head;
    return 1;
}

static const ingest_layout ingest_layout_plain = {
    .name = "plain",
    .detect = plain_detect,
    .header_rows = plain_header_rows,
};

const ingest_layout *const ingest_layouts[] = {
    &ingest_layout_qualtrics,  &ingest_layout_surveymonkey,
    &ingest_layout_wenjuanxing, &ingest_layout_limesurvey,
    &ingest_layout_google_forms, &ingest_layout_plain, NULL};

const ingest_layout *ingest_layout_detect(const ingest_record *head,
                                          size_t n_head)
{
    for (size_t i = 0; ingest_layouts[i]; i++)
        if (ingest_layouts[i]->detect(head, n_head))
            return ingest_layouts[i];
    return &ingest_layout_plain;
}

const ingest_layout *ingest_layout_find(const char *name)
{
    for (size_t i = 0; ingest_layouts[i]; i++)
        if (strcmp(ingest_layouts[i]->name, name) == 0)
            return ingest_layouts[i];
    return NULL;
}

long ingest_record_find(const ingest_record *r, const char *name)
{
    size_t want = strlen(name);
    for (size_t f = 0; f < r->n_fields; f++) {
        size_t len = strlen(r->fields[f]);
        const char *t = ingest_trim(r->fields[f], &len);
        if (len == want && memcmp(t, name, len) == 0)
            return (long)f;
    }
    return -1;
}

long ingest_find_column(const ingest_column *cols, size_t n,
                        const char *const *names)
{
    for (size_t k = 0; names && names[k]; k++)
        for (size_t i = 0; i < n; i++)
            if (cols[i].id && strcmp(cols[i].id, names[k]) == 0)
                return (long)i;
    return -1;
}

/* A trimmed copy of a header cell ("" when the row is shorter). */
static char *header_cell(const ingest_record *row, size_t f)
{
    if (f >= row->n_fields)
        return sp_strdup("");
    size_t len = strlen(row->fields[f]);
    const char *t = ingest_trim(row->fields[f], &len);
    return sp_strndup(t, len);
}

sp_error ingest_layout_columns(const ingest_layout *layout,
                               const ingest_record *head, size_t n_header,
                               ingest_column *cols)
{
    if (layout->columns)
        return layout->columns(head, n_header, cols);
    for (size_t f = 0; f < head[0].n_fields; f++) {
        cols[f].id = header_cell(&head[0], f);
        if (!cols[f].id)
            return SP_ERR_NOMEM;
        if (n_header >= 2) {
            char *text = header_cell(&head[1], f);
            if (!text)
                return SP_ERR_NOMEM;
            if (*text)
                cols[f].text = text;
            else
                free(text);
        }
    }
    return SP_OK;
}

void ingest_columns_free(ingest_column *cols, size_t n)
{
    if (!cols)
        return;
    for (size_t i = 0; i < n; i++) {
        free(cols[i].id);
        free(cols[i].text);
        free(cols[i].raw);
    }
    free(cols);
}
