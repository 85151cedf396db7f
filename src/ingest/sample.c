/* sample.c - per-column statistics of sampled rows, for `satpipe infer`:
 * whole numbers 0-11, codes that usually mean "no answer", built-in answer
 * labels, other text (with its first distinct values), e-mail addresses,
 * yes/no answers, timestamps and durations. */
#include "sample.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/util.h"

const int sample_special_codes[SAMPLE_N_SPECIAL] = {-99, -3, -2, -1,
                                                    97,  98, 99, 999};

static int is_yes_no(const char *t, size_t n)
{
    static const char *const words[] = {"yes", "no", "y", "n", "true",
                                        "false", "是", "否", NULL};
    for (size_t i = 0; words[i]; i++)
        if (strlen(words[i]) == n && strncasecmp(words[i], t, n) == 0)
            return 1;
    return 0;
}

static void remember_text(sample_column *c, const char *t, size_t n)
{
    if (c->many_distinct)
        return;
    for (size_t i = 0; i < c->n_distinct; i++)
        if (strlen(c->distinct[i]) == n && memcmp(c->distinct[i], t, n) == 0)
            return;
    if (c->n_distinct == SAMPLE_DISTINCT) {
        c->many_distinct = 1;
        return;
    }
    char *copy = sp_strndup(t, n < 200 ? n : 200);
    if (copy)
        c->distinct[c->n_distinct++] = copy;
}

void sample_cell(ingest_sample *s, size_t f, const char *data, size_t len)
{
    /* The first file's columns are the draft's; later files only tell
     * whether layout and encoding agree. */
    if (s->files != 1 || f >= s->n_cols || s->rows >= SAMPLE_ROWS)
        return;
    sample_column *c = &s->stats[f];
    const char *t = ingest_trim(data, &len);
    if (len == 0)
        return;
    c->nonempty++;
    c->total_length += len;
    double v, secs;
    if (ingest_parse_code(t, len, &v)) {
        if (v == floor(v) && v >= 0 && v <= 11) {
            c->whole[(int)v]++;
            return;
        }
        for (int k = 0; k < SAMPLE_N_SPECIAL; k++)
            if (v == sample_special_codes[k]) {
                c->special[k]++;
                return;
            }
        c->other_numbers++;
        return;
    }
    const char *const *skip = s->layout_rules ? s->layout_rules->missing_texts
                                              : NULL;
    for (size_t i = 0; skip && skip[i]; i++)
        if (strlen(skip[i]) == len && memcmp(skip[i], t, len) == 0) {
            c->skipped++;
            return;
        }
    if (ingest_builtin_label(t, len, 5) >= 0)
        c->label5++;
    if (ingest_builtin_label(t, len, 7) >= 0)
        c->label7++;
    if (ingest_builtin_label(t, len, 5) >= 0 ||
        ingest_builtin_label(t, len, 7) >= 0)
        return;
    c->texts++;
    if (memchr(t, '@', len))
        c->emails++;
    if (is_yes_no(t, len))
        c->yes_no++;
    if (ingest_parse_timestamp(t, len, &secs))
        c->timestamps++;
    else if (ingest_convert_duration(t, len, &secs) == VALUE_OK)
        c->durations++;
    remember_text(c, t, len);
}

sp_error sample_header(ingest_sample *s, ingest_column *cols, size_t n,
                       const char *layout, const char *encoding)
{
    s->files++;
    if (s->cols) {   /* a later file: note differences, keep the first */
        s->mixed_layout |= strcmp(s->layout, layout) != 0;
        s->mixed_encoding |= strcmp(s->encoding, encoding) != 0;
        ingest_columns_free(cols, n);
        return SP_OK;
    }
    s->stats = calloc(n ? n : 1, sizeof(sample_column));
    if (!s->stats) {
        ingest_columns_free(cols, n);
        return SP_ERR_NOMEM;
    }
    s->cols = cols;
    s->n_cols = n;
    s->layout = layout;
    s->layout_rules = ingest_layout_find(layout);
    s->encoding = encoding;
    return SP_OK;
}

void sample_free(ingest_sample *s)
{
    for (size_t f = 0; s->stats && f < s->n_cols; f++)
        for (size_t i = 0; i < s->stats[f].n_distinct; i++)
            free(s->stats[f].distinct[i]);
    free(s->stats);
    ingest_columns_free(s->cols, s->n_cols);
    *s = (ingest_sample){0};
}
