/* layout_wenjuanxing.c - Wenjuanxing (问卷星) exports: metadata columns
 * 序号, 提交答卷时间, 所用时间 (125秒), 来源, 来源详情, 来自IP, then questions
 * headed "N、text" and matrix sub-items "N(sub-item)". A question's id is
 * Q<N>; the sub-items of a matrix are Q<N>_1, Q<N>_2, ... The codes -2 and
 * -3 (and the texts "(跳过)", "(空)") mean skipped or not shown. */
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "ingest_internal.h"

static int wenjuanxing_detect(const ingest_record *head, size_t n_head)
{
    return n_head >= 1 && ingest_record_find(&head[0], "序号") >= 0 &&
           (ingest_record_find(&head[0], "提交答卷时间") >= 0 ||
            ingest_record_find(&head[0], "所用时间") >= 0);
}

static size_t wenjuanxing_header_rows(const ingest_record *head,
                                      size_t n_head)
{
    (void)head;
    (void)n_head;
    return 1;
}

/* Splits "3、text", "3(text)", "3（text）" or "3.text" into the question
 * number and its text; 0 when the header is not a question. */
static long question_number(const char *h, const char **text, size_t *len)
{
    char *end;
    long n = strtol(h, &end, 10);
    if (end == h || n <= 0)
        return 0;
    static const char *const seps[] = {"、", "（", "(", ".", NULL};
    for (size_t i = 0; seps[i]; i++) {
        size_t sl = strlen(seps[i]);
        if (strncmp(end, seps[i], sl) == 0) {
            *text = end + sl;
            *len = strlen(*text);
            /* Drop the closing parenthesis of a sub-item. */
            if (*len >= 3 && strcmp(*text + *len - 3, "）") == 0)
                *len -= 3;
            else if (*len >= 1 && (*text)[*len - 1] == ')')
                *len -= 1;
            return n;
        }
    }
    return 0;
}

static sp_error wenjuanxing_columns(const ingest_record *head,
                                    size_t n_header, ingest_column *cols)
{
    (void)n_header;
    size_t n = head[0].n_fields;
    long *number = calloc(n ? n : 1, sizeof(long));
    if (!number)
        return SP_ERR_NOMEM;
    sp_error err = SP_OK;
    for (size_t f = 0; f < n && !err; f++) {
        size_t len = strlen(head[0].fields[f]);
        const char *h = ingest_trim(head[0].fields[f], &len);
        char *raw = sp_strndup(h, len);
        const char *text = NULL;
        size_t tlen = 0;
        if (!raw) {
            err = SP_ERR_NOMEM;
            break;
        }
        number[f] = question_number(raw, &text, &tlen);
        if (!number[f]) {
            cols[f].id = raw;
            continue;
        }
        cols[f].raw = raw;
        if (!(cols[f].text = sp_strndup(text, tlen)))
            err = SP_ERR_NOMEM;
    }
    /* Q<N> for a question of one column, Q<N>_<k> for matrix sub-items. */
    for (size_t f = 0; f < n && !err; f++) {
        if (!number[f])
            continue;
        size_t count = 0, k = 0;
        for (size_t g = 0; g < n; g++)
            if (number[g] == number[f]) {
                count++;
                if (g <= f)
                    k++;
            }
        cols[f].id = count > 1 ? sp_format("Q%ld_%zu", number[f], k)
                               : sp_format("Q%ld", number[f]);
        if (!cols[f].id)
            err = SP_ERR_NOMEM;
    }
    free(number);
    return err;
}

static const int wenjuanxing_missing[] = {-2, -3};

const ingest_layout ingest_layout_wenjuanxing = {
    .name = "wenjuanxing",
    .detect = wenjuanxing_detect,
    .header_rows = wenjuanxing_header_rows,
    .columns = wenjuanxing_columns,
    .missing_codes = wenjuanxing_missing,
    .n_missing_codes = 2,
    .missing_texts = (const char *const[]){"(跳过)", "(空)", NULL},
    .id_columns = (const char *const[]){"序号", NULL},
    .duration_columns = (const char *const[]){"所用时间", NULL},
    .end_columns = (const char *const[]){"提交答卷时间", NULL},
};
