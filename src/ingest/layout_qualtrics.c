/* layout_qualtrics.c - Qualtrics CSV exports: column ids (Q1_1), question
 * text ("How satisfied ... - Staff") and, since 2017, a row of ImportId
 * JSON; legacy exports have the first two rows only. -99 means "seen but
 * not answered". */
#include <string.h>

#include "ingest_internal.h"

static int qualtrics_detect(const ingest_record *head, size_t n_head)
{
    if (n_head < 2)
        return 0;
    return ingest_record_find(&head[0], "ResponseId") >= 0 ||
           ingest_record_find(&head[0], "ResponseID") >= 0 ||
           (ingest_record_find(&head[0], "StartDate") >= 0 &&
            ingest_record_find(&head[0], "Finished") >= 0);
}

static size_t qualtrics_header_rows(const ingest_record *head, size_t n_head)
{
    if (n_head >= 3 && head[2].n_fields > 0 &&
        strstr(head[2].fields[0], "ImportId") != NULL)
        return 3;
    return 2;
}

static const int qualtrics_missing[] = {-99};

const ingest_layout ingest_layout_qualtrics = {
    .name = "qualtrics",
    .detect = qualtrics_detect,
    .header_rows = qualtrics_header_rows,
    .missing_codes = qualtrics_missing,
    .n_missing_codes = 1,
    .id_columns = (const char *const[]){"ResponseId", "ResponseID", NULL},
    .duration_columns = (const char *const[]){"Duration (in seconds)", NULL},
    .start_columns = (const char *const[]){"StartDate", NULL},
    .end_columns = (const char *const[]){"EndDate", NULL},
    .finished_columns = (const char *const[]){"Finished", NULL},
    .status_columns = (const char *const[]){"Status", NULL},
};
