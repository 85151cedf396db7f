/* layout_surveymonkey.c - SurveyMonkey CSV exports: two header rows, the
 * question text over the first column of a matrix and blanks over the
 * rest, sub-labels (or "Response", "Open-Ended Response") below. A column's
 * id is the question text, followed by " - sub-label" for matrix rows. */
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "ingest_internal.h"

static int surveymonkey_detect(const ingest_record *head, size_t n_head)
{
    return n_head >= 2 &&
           ingest_record_find(&head[0], "Respondent ID") >= 0 &&
           ingest_record_find(&head[0], "Collector ID") >= 0;
}

static size_t surveymonkey_header_rows(const ingest_record *head,
                                       size_t n_head)
{
    (void)head;
    (void)n_head;
    return 2;
}

static const char *cell(const ingest_record *r, size_t f, size_t *len)
{
    if (f >= r->n_fields) {
        *len = 0;
        return "";
    }
    *len = strlen(r->fields[f]);
    return ingest_trim(r->fields[f], len);
}

static int is_plain_answer(const char *sub, size_t len)
{
    return len == 0 || (len == 8 && memcmp(sub, "Response", 8) == 0) ||
           (len == 19 && memcmp(sub, "Open-Ended Response", 19) == 0);
}

static sp_error surveymonkey_columns(const ingest_record *head,
                                     size_t n_header, ingest_column *cols)
{
    (void)n_header;
    const char *question = "";
    size_t qlen = 0;
    for (size_t f = 0; f < head[0].n_fields; f++) {
        size_t len, sublen;
        const char *q = cell(&head[0], f, &len);
        const char *sub = cell(&head[1], f, &sublen);
        if (len) {
            question = q;
            qlen = len;
        }
        if (is_plain_answer(sub, sublen))
            cols[f].id = sp_format("%.*s", (int)qlen, question);
        else if (qlen)
            cols[f].id = sp_format("%.*s - %.*s", (int)qlen, question,
                                   (int)sublen, sub);
        else
            cols[f].id = sp_format("%.*s", (int)sublen, sub);
        if (!cols[f].id)
            return SP_ERR_NOMEM;
    }
    return SP_OK;
}

const ingest_layout ingest_layout_surveymonkey = {
    .name = "surveymonkey",
    .detect = surveymonkey_detect,
    .header_rows = surveymonkey_header_rows,
    .columns = surveymonkey_columns,
    .id_columns = (const char *const[]){"Respondent ID", NULL},
    .start_columns = (const char *const[]){"Start Date", NULL},
    .end_columns = (const char *const[]){"End Date", NULL},
};
